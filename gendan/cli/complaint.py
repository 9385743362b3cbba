"""`gendan complaint …` (客诉/补件) and `gendan report complaints` (the quarterly analysis)."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import DateOpt, FormatOpt, OutputOpt

complaint_app = typer.Typer(no_args_is_help=True, help="After-sales: customer complaints, replacements (补件), "
                                                       "credits and charge-backs.")

No = Annotated[str, typer.Argument(help="complaint number, e.g. C-2611-01")]


def register(app: typer.Typer) -> None:
    app.add_typer(complaint_app, name="complaint")


@complaint_app.command("add")
def add(
    no: No,
    customer: Annotated[str, typer.Option(help="customer code")],
    kind: Annotated[str, typer.Option(help="quality, quantity, packing, delivery, documents or other")],
    desc: Annotated[str, typer.Option(help="what the customer reports")],
    order: Annotated[Optional[str], typer.Option(help="the order the goods came on")] = None,
    sku: Annotated[str, typer.Option(help="the SKU complained of")] = "",
    qty: Annotated[Optional[str], typer.Option(help="pieces affected")] = None,
    supplier: Annotated[Optional[str], typer.Option(help="the supplier responsible (replacements, charge-backs)")] = None,
    received: DateOpt = None,
    reply_by: Annotated[Optional[str], typer.Option("--reply-by", help="answer due (default: received + 1 day, "
                                                                         "setting complaint_reply_days)")] = None,
) -> None:
    """Register a customer complaint (客诉登记).

    Example: gendan complaint add C-2611-01 --customer ACME --kind quality --desc "legs wobble" --order SO-2401 --sku CH-01 --qty 20 --supplier HX"""
    from gendan.core.orders import parse_qty
    from gendan.store import aftersales
    pieces = parse_qty(qty, "--qty") if qty is not None else None
    today = _common.today()
    on = _common.date_arg(received, "--received", today)
    by = _common.date_arg(reply_by, "--reply-by")
    store = _common.open_db("complaint add")
    with store.transaction():
        cp = aftersales.add(store, no, customer, kind, desc, on, today, by, order, sku, pieces, supplier)
    print(f"{cp.complaint} added: {cp.customer} {cp.kind}" + (f" on {cp.order}" if cp.order else "")
          + f", reply by {cp.reply_by}")


@complaint_app.command("reply")
def reply(
    no: No,
    note: Annotated[str, typer.Option(help="what was answered")],
    date: DateOpt = None,
) -> None:
    """Record the first answer to the customer. Example: gendan complaint reply C-2611-01 --note "replacement legs by 12-05" """
    from gendan.store import aftersales
    today = _common.today()
    on = _common.date_arg(date, "--date", today)
    store = _common.open_db("complaint reply")
    with store.transaction():
        cp = aftersales.reply(store, no, on, note, today)
    late = (on - cp.reply_by).days
    print(f"{no} replied {on}" + (f" ({late} day{'s' * (late != 1)} after reply-by {cp.reply_by})" if late > 0 else ""))


@complaint_app.command("action")
def action(
    no: No,
    replace: Annotated[Optional[str], typer.Option(help="replacement goods SKU=QTY[@PRICE] (price default 0): a PO "
                                                        "to the complaint's supplier")] = None,
    po: Annotated[Optional[str], typer.Option(help="with --replace: link this PO instead of placing one")] = None,
    due: Annotated[Optional[str], typer.Option(help="with --replace: the new PO's due date (default: the "
                                                    "supplier's lead days, else a week)")] = None,
    rework: Annotated[Optional[str], typer.Option(help="what is reworked (返修)")] = None,
    credit: Annotated[Optional[str], typer.Option(help="a credit note to the customer, e.g. 150.00")] = None,
    chargeback: Annotated[Optional[str], typer.Option(help="a debit note to the supplier, e.g. 800.00")] = None,
    currency: Annotated[Optional[str], typer.Option(help="with --credit/--chargeback: default the order's, "
                                                         "else the party's currency")] = None,
    supplier: Annotated[Optional[str], typer.Option(help="with --replace/--chargeback: the responsible supplier, "
                                                         "when the complaint names none yet")] = None,
    date: DateOpt = None,
) -> None:
    """Act on a complaint: replacement goods, rework, a credit or a charge-back (one per command).

    Examples: gendan complaint action C-2611-01 --replace CH-01=20; gendan complaint action C-2611-01 --credit 150.00"""
    from gendan.core.aftersales import parse_replace
    from gendan.core.money import parse_currency
    from gendan.errors import UsageError
    from gendan.store import aftersales
    given = [name for name, v in (("--replace", replace), ("--rework", rework), ("--credit", credit),
                                  ("--chargeback", chargeback)) if v is not None]
    if len(given) != 1:
        raise UsageError("give exactly one of --replace SKU=QTY, --rework TEXT, --credit AMOUNT, --chargeback AMOUNT"
                         + (f" (got {', '.join(given)})" if given else ""))
    if (po is not None or due is not None) and replace is None:
        raise UsageError("--po and --due go with --replace")
    if currency is not None and credit is None and chargeback is None:
        raise UsageError("--currency goes with --credit or --chargeback")
    if supplier is not None and replace is None and chargeback is None:
        raise UsageError("--supplier goes with --replace or --chargeback")
    today = _common.today()
    on = _common.date_arg(date, "--date", today)
    cur = parse_currency(currency) if currency is not None else None
    store = _common.open_db("complaint action")
    if replace is not None:
        sku, qty, price = parse_replace(replace)
        due_d = _common.date_arg(due, "--due")
        with store.transaction():
            said = aftersales.replace(store, no, sku, qty, price, on, today, po, due_d, supplier)
    elif rework is not None:
        with store.transaction():
            said = aftersales.rework(store, no, on, rework, today)
    else:
        kind, amount = ("credit", credit) if credit is not None else ("chargeback", chargeback)
        with store.transaction():
            said = aftersales.money(store, no, kind, amount, on, today, cur, supplier)
    print(f"{no} {said}")


@complaint_app.command("close")
def close(
    no: No,
    cause: Annotated[str, typer.Option(help="material, workmanship, packing, design, transport, documents or other")],
    note: Annotated[str, typer.Option(help="how it ended")],
    date: DateOpt = None,
) -> None:
    """Close a complaint with its cause. Example: gendan complaint close C-2611-01 --cause material --note "customer accepted" """
    from gendan.store import aftersales
    today = _common.today()
    on = _common.date_arg(date, "--date", today)
    store = _common.open_db("complaint close")
    with store.transaction():
        cp = aftersales.close(store, no, on, cause, note, today)
    print(f"{no} closed {on}: {cause}, {(on - cp.received).days} days open")


@complaint_app.command("void")
def void(
    note: Annotated[str, typer.Argument(help="the credit or debit note, e.g. CN-00001")],
    reason: Annotated[Optional[str], typer.Option(help="why (kept in the audit log)")] = None,
) -> None:
    """Void a credit note or charge-back entered by mistake (it stays, shown with its reversal).
    Example: gendan complaint void CN-00001 --reason "typed 1250 for 125.0" """
    from gendan.store import aftersales
    why = _common.need_reason(reason, "complaint void")
    today = _common.today()
    store = _common.open_db("complaint void")
    with store.transaction():
        said = aftersales.void_note(store, note, why, today)
    print(said)


@complaint_app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="closed complaints too")] = False,
    customer: Annotated[Optional[str], typer.Option(help="only this customer")] = None,
    supplier: Annotated[Optional[str], typer.Option(help="only this supplier")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Complaints, oldest first; open ones unless --all. Example: gendan complaint list --supplier HX -f csv"""
    from gendan.core.aftersales import LIST_FIELDS, listing
    from gendan.store import aftersales
    today = _common.today()
    store = _common.open_db()
    with store.snapshot():
        rows = listing(aftersales.complaints(store, None if all_ else today, customer, supplier), today, all_)
    _common.emit(rows, fmt, LIST_FIELDS, empty="no complaints" if all_ else "no open complaints",
           style=_style)


def _style(row: dict) -> str | None:
    if row["status"] == "closed":
        return None
    return "red" if row["replied"] is None and row["reply_by"] < _common.today() else None


@complaint_app.command("show")
def show(no: No, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """One complaint with every step: reply, actions, replacement shipments, closing.
    Example: gendan complaint show C-2611-01 -f json"""
    from gendan.core.aftersales import LIST_FIELDS
    from gendan.store import aftersales
    store = _common.open_db()
    with store.snapshot():
        view = aftersales.view(store, no, _common.today())
    if fmt == "json":
        from gendan.output import dumps
        sys.stdout.write(dumps(view) + "\n")
        return
    if fmt in ("csv", "tsv", "jsonl"):
        _common.emit(view["steps"], fmt, aftersales.SHOW_ACTION_FIELDS)
        return
    head = [{"field": k, "value": view[k]} for k in LIST_FIELDS[:1] + ["desc"] + LIST_FIELDS[1:] + ["due"]
            if k != "action"]
    _common.emit(head, fmt, ["field", "value"])
    print("\nsteps:")
    sys.stdout.flush()
    _common.emit(view["steps"], fmt, aftersales.SHOW_ACTION_FIELDS)


def report_complaints(
    month: Annotated[Optional[str], typer.Option(help="YYYY-MM")] = None,
    quarter: Annotated[Optional[str], typer.Option(help="YYYYQN, e.g. 2026Q4 (the quarterly analysis)")] = None,
    from_: Annotated[Optional[str], typer.Option("--from", help="first day received (default: the 1st of this month)")] = None,
    to: Annotated[Optional[str], typer.Option(help="last day received (default: today)")] = None,
    by: Annotated[str, typer.Option(help="cause, supplier, sku or customer")] = "cause",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Complaints received in a period by cause, supplier, SKU or customer: counts, pieces,
    credits, charge-backs and average days to close (季度分析报表).
    Example: gendan report complaints --quarter 2026Q4 --by supplier"""
    from datetime import date
    from gendan.core.aftersales import REPORT_BY, report, report_fields
    from gendan.core.dates import parse_month, parse_quarter
    from gendan.errors import UsageError
    from gendan.store import aftersales
    today = _common.today()
    if sum(x is not None for x in (month, quarter)) + (from_ is not None or to is not None) > 1:
        raise UsageError("give one of --month, --quarter or --from/--to")
    if month is not None:
        start, end = parse_month(month)
    elif quarter is not None:
        start, end = parse_quarter(quarter)
    else:
        end = _common.date_arg(to, "--to", today)
        start = _common.date_arg(from_, "--from", date(end.year, end.month, 1))
        if start > end:
            raise UsageError(f"--from {start} is after --to {end} (swap them)")
    if by not in REPORT_BY:
        raise UsageError(f"bad --by {by!r} (use one of {', '.join(REPORT_BY)})")
    store = _common.open_db()
    with store.snapshot():
        rows = report(aftersales.complaints(store), by, start, end, today)
    _common.emit(rows, fmt, report_fields(by), empty=f"no complaints received {start} to {min(end, today)}")
