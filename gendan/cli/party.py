"""`gendan customer …` and `gendan supplier …`: the parties and their terms."""
import sys
from dataclasses import asdict
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import FormatOpt, OutputOpt

customer_app = typer.Typer(no_args_is_help=True, help="Customers and their payment terms.")
supplier_app = typer.Typer(no_args_is_help=True, help="Suppliers, their terms and scores.")

CUSTOMER_FIELDS = ["code", "name", "currency", "deposit_pct", "balance_before_ship", "credit_days", "contact", "phone", "email"]
SUPPLIER_FIELDS = ["code", "name", "currency", "credit_days", "lead_days", "contact", "phone", "email"]
SCORE_FIELDS = ["supplier", "lines_received", "on_time_rate", "on_time_rate_first_promise", "avg_days_late",
                "qty_received", "qty_rejected", "quality_rate", "lots_inspected", "lots_rejected",
                "qty_open_overdue", "complaints", "qty_complained"]
EXPLAIN_FIELDS = ["supplier", "kind", "po", "line", "sku", "date", "qty", "rejected", "due", "first_promised",
                  "promised", "days_late", "on_time", "on_time_first_promise", "result"]
PRICE_FIELDS = ["sku", "price", "currency", "po", "ordered", "previous_price"]

Name = Annotated[str, typer.Option("--name", help="full name, Chinese or English")]
Contact = Annotated[str, typer.Option(help="contact person")]
Phone = Annotated[str, typer.Option(help="phone")]
Email = Annotated[str, typer.Option(help="e-mail")]
# Bounded so a mistyped number is a usage error, not an integer SQLite cannot store.
MAX_DAYS = 3650
CreditDays = Annotated[int, typer.Option(min=0, max=MAX_DAYS, help="days of credit after the invoice / shipment")]


def register(app: typer.Typer) -> None:
    app.add_typer(customer_app, name="customer")
    app.add_typer(supplier_app, name="supplier")


@customer_app.command("add")
def customer_add(
    code: str,
    name: Name,
    currency: Annotated[str, typer.Option(help="currency of orders")] = "USD",
    deposit: Annotated[str, typer.Option(help="deposit % due before production")] = "0",
    balance_before_ship: Annotated[bool, typer.Option("--balance-before-ship/--no-balance-before-ship", help="balance due before shipment (else credit days after)")] = True,
    credit_days: CreditDays = 0,
    contact: Contact = "", phone: Phone = "", email: Email = "",
    fmt: FormatOpt = "table",
) -> None:
    """Add a customer. Example: gendan customer add ACME --name "Acme Home Inc." --deposit 30 --credit-days 30"""
    from gendan.core.models import Customer
    from gendan.core.money import parse_currency, parse_decimal
    from gendan.core.orders import check_code, check_pct
    from gendan.store import parties
    cust = Customer(code=check_code(code, "customer code"), name=_name(name), currency=parse_currency(currency),
                    deposit_pct=check_pct(parse_decimal(deposit, "deposit %")), balance_before_ship=balance_before_ship,
                    credit_days=credit_days, contact=contact, phone=phone, email=email)
    store = _common.open_db("customer add")
    with store.transaction():
        parties.add_customer(store, cust)
    if cust.balance_before_ship and cust.credit_days:
        _common.info(f"gendan: warning: {cust.code} pays the balance before shipment, so its {_common.plural(cust.credit_days, 'credit day')} "
               f"are not used (add --no-balance-before-ship for credit terms)")
    terms = "balance before shipment" if cust.balance_before_ship else f"{_common.plural(cust.credit_days, 'day')} credit"
    _common.wrote(f"{cust.code} added: customer {cust.name}, {cust.currency}, deposit {cust.deposit_pct}%, {terms}",
            asdict(cust), fmt)


@customer_app.command("edit")
def customer_edit(
    code: str,
    name: Annotated[Optional[str], typer.Option("--name", help="full name")] = None,
    currency: Annotated[Optional[str], typer.Option(help="currency of new orders")] = None,
    deposit: Annotated[Optional[str], typer.Option(help="deposit % for new orders")] = None,
    balance_before_ship: Annotated[Optional[bool], typer.Option(
        "--balance-before-ship/--no-balance-before-ship", help="for new orders")] = None,
    credit_days: Annotated[Optional[int], typer.Option(min=0, max=MAX_DAYS, help="for new orders")] = None,
    contact: Optional[str] = None, phone: Optional[str] = None, email: Optional[str] = None,
) -> None:
    """Change a customer (every option of `add`; audited). Orders already placed keep the terms
    they were given; new orders take the new ones.
    Example: gendan customer edit ACME --phone "+1 212 555 0100" --credit-days 45"""
    from gendan.core.money import parse_currency, parse_decimal
    from gendan.core.orders import check_pct
    from gendan.store import parties
    changes = {k: v for k, v in {
        "name": _name(name) if name is not None else None,
        "currency": parse_currency(currency) if currency is not None else None,
        "deposit_pct": check_pct(parse_decimal(deposit, "deposit %")) if deposit is not None else None,
        "balance_before_ship": balance_before_ship, "credit_days": credit_days,
        "contact": contact, "phone": phone, "email": email}.items() if v is not None}
    store = _common.open_db("customer edit")
    with store.transaction():
        parties.edit_customer(store, code, changes)
    _common.wrote(_edited(code, changes), {})


@customer_app.command("list")
def customer_list(fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """List customers. Example: gendan customer list -f csv"""
    from gendan.store import parties
    store = _common.open_db()
    _common.emit((asdict(x) for x in parties.list_customers(store)), fmt, CUSTOMER_FIELDS, empty="no customers yet")


@customer_app.command("show")
def customer_show(code: str, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """Show one customer. Example: gendan customer show ACME"""
    from gendan.store import parties
    store = _common.open_db()
    _show(asdict(parties.get_customer(store, code)), fmt, CUSTOMER_FIELDS)


@supplier_app.command("add")
def supplier_add(
    code: str,
    name: Name,
    currency: Annotated[str, typer.Option(help="currency of POs")] = "CNY",
    credit_days: CreditDays = 0,
    lead_days: Annotated[int, typer.Option(min=0, max=MAX_DAYS, help="usual lead time in days")] = 0,
    contact: Contact = "", phone: Phone = "", email: Email = "",
    fmt: FormatOpt = "table",
) -> None:
    """Add a supplier. Example: gendan supplier add HX --name "恒兴木业" --phone 13800000000 --credit-days 30"""
    from gendan.core.models import Supplier
    from gendan.core.money import parse_currency
    from gendan.core.orders import check_code
    from gendan.store import parties
    sup = Supplier(code=check_code(code, "supplier code"), name=_name(name), currency=parse_currency(currency),
                   credit_days=credit_days, lead_days=lead_days, contact=contact, phone=phone, email=email)
    store = _common.open_db("supplier add")
    with store.transaction():
        parties.add_supplier(store, sup)
    _common.wrote(f"{sup.code} added: supplier {sup.name}, {sup.currency}, {_common.plural(sup.credit_days, 'day')} credit",
            asdict(sup), fmt)


@supplier_app.command("edit")
def supplier_edit(
    code: str,
    name: Annotated[Optional[str], typer.Option("--name", help="full name")] = None,
    currency: Annotated[Optional[str], typer.Option(help="currency of new POs")] = None,
    credit_days: Annotated[Optional[int], typer.Option(min=0, max=MAX_DAYS, help="days of credit")] = None,
    lead_days: Annotated[Optional[int], typer.Option(min=0, max=MAX_DAYS, help="usual lead time in days")] = None,
    contact: Optional[str] = None, phone: Optional[str] = None, email: Optional[str] = None,
) -> None:
    """Change a supplier (every option of `add`; audited).
    Example: gendan supplier edit HX --phone "138 0571 9999" --contact "王经理" """
    from gendan.core.money import parse_currency
    from gendan.store import parties
    changes = {k: v for k, v in {
        "name": _name(name) if name is not None else None,
        "currency": parse_currency(currency) if currency is not None else None,
        "credit_days": credit_days, "lead_days": lead_days,
        "contact": contact, "phone": phone, "email": email}.items() if v is not None}
    store = _common.open_db("supplier edit")
    with store.transaction():
        parties.edit_supplier(store, code, changes)
    _common.wrote(_edited(code, changes), {})


def _edited(code: str, changes: dict) -> str:
    """`ACME changed: phone 123, credit_days 30` (or `unchanged` when no option was given)."""
    return f"{code} " + ("changed: " + ", ".join(f"{k} {v}" for k, v in changes.items()) if changes else "unchanged")


@supplier_app.command("list")
def supplier_list(fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """List suppliers. Example: gendan supplier list -f csv"""
    from gendan.store import parties
    store = _common.open_db()
    _common.emit((asdict(x) for x in parties.list_suppliers(store)), fmt, SUPPLIER_FIELDS, empty="no suppliers yet")


@supplier_app.command("show")
def supplier_show(code: str, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """Show one supplier and the last price paid per SKU. Example: gendan supplier show HX"""
    from gendan.store import parties
    from gendan.store.purchasing import last_prices
    store = _common.open_db()
    record = asdict(parties.get_supplier(store, code))
    prices = last_prices(store, code, _common.today())
    if fmt == "json":
        from gendan.output import dumps
        sys.stdout.write(dumps({k: record[k] for k in SUPPLIER_FIELDS} | {"prices": prices}) + "\n")
        return
    _show(record, fmt, SUPPLIER_FIELDS)
    if prices and fmt in ("table", "markdown"):
        print("\nlast prices:")
        sys.stdout.flush()
        _common.emit(prices, fmt, PRICE_FIELDS)


@supplier_app.command("score")
def supplier_score(
    code: Annotated[Optional[str], typer.Argument(help="one supplier (default: all)")] = None,
    since: Annotated[Optional[str], typer.Option(help="only receipts and inspections from this date")] = None,
    until: Annotated[Optional[str], typer.Option(help="only receipts and inspections up to this date; "
                                                      "lines open and overdue as of it (default today)")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="list every receipt and inspection behind the numbers")] = False,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Delivery and quality record per supplier: on time against the current and the first
    promise, days late, rejected quantity, failed incoming lots.
    Example: gendan supplier score HX --since 2026-01-01 --explain"""
    from gendan.core.purchasing import explain_rows, score
    from gendan.store import parties, purchasing
    store = _common.open_db()
    since_d = _common.date_arg(since, "--since")
    until_d = _common.date_arg(until, "--until")
    on = until_d or _common.today()
    codes = [parties.get_supplier(store, code).code] if code else [s.code for s in parties.list_suppliers(store)]
    receipts, lots = purchasing.score_facts(store, code, since_d, on)
    overdue = purchasing.overdue_facts(store, on, code)
    scores = [score(s, [r for r in receipts if r.supplier == s], [x for x in lots if x.supplier == s],
                    [o for o in overdue if o.supplier == s], on) for s in codes]
    _add_complaints(store, scores, since_d, on)
    if not explain:
        _common.emit(scores, fmt, SCORE_FIELDS, empty="no suppliers yet")
        return
    if fmt in ("table", "markdown"):
        _common.emit(scores, fmt, SCORE_FIELDS)
        print()
        sys.stdout.flush()
    _common.emit(explain_rows(receipts, lots, overdue, on), fmt, EXPLAIN_FIELDS, empty="no receipts or inspections")


def _add_complaints(store, scores: list[dict], since, until) -> None:
    """`complaints` and `qty_complained`: customer complaints naming the supplier, received
    between `since` and `until` (core.aftersales)."""
    from gendan.core.aftersales import supplier_counts
    from gendan.store.aftersales import complaints
    counts = supplier_counts(complaints(store), until, since)
    for s in scores:
        s["complaints"], s["qty_complained"] = counts.get(s["supplier"], (0, 0))


def _name(text: str) -> str:
    from gendan.errors import UsageError
    if not text.strip():
        raise UsageError("--name must not be empty (give the party's full name)")
    return text.strip()


def _show(record: dict, fmt: str, fields: list[str]) -> None:
    """One record: field/value pairs as a table, the object itself in json."""
    import sys
    from gendan.output import dumps
    if fmt == "json":
        sys.stdout.write(dumps({k: record[k] for k in fields}) + "\n")
    elif fmt in ("csv", "tsv", "jsonl"):
        _common.emit([record], fmt, fields)
    else:
        _common.emit([{"field": k, "value": record[k]} for k in fields], fmt, ["field", "value"])
