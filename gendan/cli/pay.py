"""`gendan pay in|out|list`: money received from customers and paid to suppliers."""
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import DateOpt, FormatOpt, OutputOpt

pay_app = typer.Typer(no_args_is_help=True, help="Payments: deposits and balances in (收款), supplier payments out (付款).")

Amount = Annotated[str, typer.Option(help="amount in the payment's currency, e.g. 5355.00")]
Currency = Annotated[Optional[str], typer.Option(help="default: the order's / PO's, else the party's currency")]
Ref = Annotated[str, typer.Option(help="bank reference, TT number, note")]


def register(app: typer.Typer) -> None:
    app.add_typer(pay_app, name="pay")


def _parse(amount: str, currency: str | None):
    from gendan.core.money import parse_currency, parse_decimal
    return parse_decimal(amount, "amount"), parse_currency(currency) if currency else None


@pay_app.command("in")
def pay_in(
    customer: Annotated[str, typer.Argument(help="customer code")],
    amount: Amount,
    order: Annotated[Optional[str], typer.Option(help="the order it pays (deposit or balance); omit for unallocated")] = None,
    currency: Currency = None,
    date: DateOpt = None,
    ref: Ref = "",
    fmt: FormatOpt = "table",
) -> None:
    """Record money received from a customer. Example: gendan pay in ACME --amount 5355.00 --order SO-2401 --ref "TT 30% deposit" """
    from gendan.store import payments
    value, cur = _parse(amount, currency)
    on = _common.date_arg(date, "--date", _common.today())
    store = _common.open_db("pay in")
    with store.transaction():
        pid = payments.pay_in(store, customer, value, on, cur, order, ref)
    _say_paid(store, pid, "received from", fmt)


@pay_app.command("out")
def pay_out(
    supplier: Annotated[str, typer.Argument(help="supplier code")],
    amount: Amount,
    po: Annotated[Optional[str], typer.Option(help="the PO it pays; omit for unallocated")] = None,
    currency: Currency = None,
    date: DateOpt = None,
    ref: Ref = "",
    fmt: FormatOpt = "table",
) -> None:
    """Record money paid to a supplier. Example: gendan pay out HX --amount 20000.00 --po PO-3101 --ref "30% advance" """
    from gendan.store import payments
    value, cur = _parse(amount, currency)
    on = _common.date_arg(date, "--date", _common.today())
    store = _common.open_db("pay out")
    with store.transaction():
        pid = payments.pay_out(store, supplier, value, on, cur, po, ref)
    _say_paid(store, pid, "paid to", fmt)


def _say_paid(store, pid: int, verb: str, fmt: str) -> None:
    """`PAY-00007 received from ACME: 5355.00 USD for SO-2401`, or the payment as json."""
    from gendan.core.numbers import payment_no
    from gendan.store import payments
    record = next(r for r in payments.payment_rows(store) if r["payment"] == payment_no(pid))
    row = record
    doc = row["order"] or row["po"]
    _common.wrote(f"{record['payment']} {verb} {row['party']}: {row['amount']} {row['currency']}"
            + (f" for {doc}" if doc else "") + (f" on {row['date']}" if str(row["date"]) != _common.today().isoformat() else ""), record, fmt)


@pay_app.command("list")
def pay_list(
    party: Annotated[Optional[str], typer.Argument(help="only this customer or supplier")] = None,
    direction: Annotated[Optional[str], typer.Option("--direction", help="in or out")] = None,
    since: DateOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Payments by date; `order`/`po` empty means unallocated. Example: gendan pay list ACME -f csv"""
    from gendan.errors import UsageError
    from gendan.store import payments
    if direction not in (None, "in", "out"):
        raise UsageError(f"bad --direction {direction!r} (use in or out)")
    since_d = _common.date_arg(since, "--since")
    store = _common.open_db()
    rows = payments.payment_rows(store, direction, party, since_d, _common.today())
    _common.emit(rows, fmt, payments.LIST_FIELDS, empty="no payments recorded")


@pay_app.command("void")
def pay_void(
    number: Annotated[str, typer.Argument(help="the payment, e.g. PAY-00003 (see 'gendan pay list')")],
    reason: Annotated[Optional[str], typer.Option(help="why (kept in the audit log)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Void a payment entered by mistake (a wrong amount: void it, then pay again). It stops
    counting toward gates and balances; statements show it and its reversal on their dates.
    Example: gendan pay void PAY-00003 --reason "amount mistyped" """
    from gendan.cli.corrections import void
    void("payment", number, reason, fmt)
