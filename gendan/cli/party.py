"""`gendan customer …` and `gendan supplier …`: the parties and their terms."""
from dataclasses import asdict
from decimal import Decimal
from typing import Annotated, Optional

import typer

from gendan.cli import _common as c
from gendan.cli._options import FormatOpt

customer_app = typer.Typer(no_args_is_help=True, help="Customers and their payment terms.")
supplier_app = typer.Typer(no_args_is_help=True, help="Suppliers, their terms and scores.")

CUSTOMER_FIELDS = ["code", "name", "currency", "deposit_pct", "balance_before_ship", "credit_days", "contact", "phone", "email"]
SUPPLIER_FIELDS = ["code", "name", "currency", "credit_days", "lead_days", "contact", "phone", "email"]

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
) -> None:
    """Add a customer. Example: gendan customer add ACME --name "Acme Home Inc." --deposit 30 --credit-days 30"""
    from gendan.core.models import Customer
    from gendan.core.money import parse_currency, parse_decimal
    from gendan.core.orders import check_code, check_pct
    from gendan.store import parties
    cust = Customer(code=check_code(code, "customer code"), name=_name(name), currency=parse_currency(currency),
                    deposit_pct=check_pct(parse_decimal(deposit, "deposit %")), balance_before_ship=balance_before_ship,
                    credit_days=credit_days, contact=contact, phone=phone, email=email)
    store = c.open_db("customer add")
    with store.transaction():
        parties.add_customer(store, cust)


@customer_app.command("list")
def customer_list(fmt: FormatOpt = "table") -> None:
    """List customers. Example: gendan customer list -f csv"""
    from gendan.store import parties
    store = c.open_db()
    c.emit((asdict(x) for x in parties.list_customers(store)), fmt, CUSTOMER_FIELDS, empty="no customers yet")


@customer_app.command("show")
def customer_show(code: str, fmt: FormatOpt = "table") -> None:
    """Show one customer. Example: gendan customer show ACME"""
    from gendan.store import parties
    store = c.open_db()
    _show(asdict(parties.get_customer(store, code)), fmt, CUSTOMER_FIELDS)


@supplier_app.command("add")
def supplier_add(
    code: str,
    name: Name,
    currency: Annotated[str, typer.Option(help="currency of POs")] = "CNY",
    credit_days: CreditDays = 0,
    lead_days: Annotated[int, typer.Option(min=0, max=MAX_DAYS, help="usual lead time in days")] = 0,
    contact: Contact = "", phone: Phone = "", email: Email = "",
) -> None:
    """Add a supplier. Example: gendan supplier add HX --name "恒兴木业" --phone 13800000000 --credit-days 30"""
    from gendan.core.models import Supplier
    from gendan.core.money import parse_currency
    from gendan.core.orders import check_code
    from gendan.store import parties
    sup = Supplier(code=check_code(code, "supplier code"), name=_name(name), currency=parse_currency(currency),
                   credit_days=credit_days, lead_days=lead_days, contact=contact, phone=phone, email=email)
    store = c.open_db("supplier add")
    with store.transaction():
        parties.add_supplier(store, sup)


@supplier_app.command("list")
def supplier_list(fmt: FormatOpt = "table") -> None:
    """List suppliers. Example: gendan supplier list -f csv"""
    from gendan.store import parties
    store = c.open_db()
    c.emit((asdict(x) for x in parties.list_suppliers(store)), fmt, SUPPLIER_FIELDS, empty="no suppliers yet")


@supplier_app.command("show")
def supplier_show(code: str, fmt: FormatOpt = "table") -> None:
    """Show one supplier. Example: gendan supplier show HX"""
    from gendan.store import parties
    store = c.open_db()
    _show(asdict(parties.get_supplier(store, code)), fmt, SUPPLIER_FIELDS)


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
        c.emit([record], fmt, fields)
    else:
        c.emit([{"field": k, "value": record[k]} for k in fields], fmt, ["field", "value"])
