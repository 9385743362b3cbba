"""`gendan order …`: customer orders, their due dates and status."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import MAX_PIECES, DateOpt, FormatOpt, OutputOpt, ItemsOpt, ReasonOpt

order_app = typer.Typer(no_args_is_help=True, help="Customer orders (销售订单).")

LIST_FIELDS = ["order", "customer", "ordered", "due", "days_left", "qty", "qty_shipped", "amount",
               "currency", "status", "at_risk"]
# What a terminal keeps longest when the order list does not fit (gendan.terminal).
LIST_PRIORITY = ["order", "due", "days_left", "status", "at_risk", "customer", "currency", "amount", "qty",
                 "qty_shipped", "ordered"]   # an amount goes before its currency does
LINE_FIELDS = ["line", "sku", "description", "qty", "qty_shipped", "price", "amount"]


def register(app: typer.Typer) -> None:
    app.add_typer(order_app, name="order")


@order_app.command("add")
def order_add(
    no: Annotated[str, typer.Argument(help="order number")],
    customer: Annotated[str, typer.Option(help="customer code")],
    due: Annotated[str, typer.Option(help="due date (交期)")],
    item: ItemsOpt,
    ordered: DateOpt = None,
    currency: Annotated[Optional[str], typer.Option(help="default: the customer's")] = None,
    deposit: Annotated[Optional[str], typer.Option(help="deposit % (default: the customer's terms)")] = None,
    note: Annotated[str, typer.Option(help="free text")] = "",
    fmt: FormatOpt = "table",
) -> None:
    """Add a customer order. Example: gendan order add SO-1001 --customer ACME --due 2026-12-20 --item CH-01=500@12.50"""
    from gendan.core.money import parse_currency, parse_decimal
    from gendan.core.orders import new_order, parse_priced_item
    from gendan.store import order_status, orders, parties
    items = [parse_priced_item(i) for i in item]
    due_d = _common.date_arg(due, "--due")
    ordered_d = _common.date_arg(ordered, "--ordered", _common.today())
    cur = parse_currency(currency) if currency else None
    dep = parse_decimal(deposit, "deposit %") if deposit is not None else None
    store = _common.open_db("order add")
    with store.transaction():
        cust = parties.get_customer(store, customer)
        order = new_order(no, cust, ordered_d, due_d, items, cur, dep, note)
        orders.insert_order(store, order)
    qty = sum(ln.qty for ln in order.lines)
    line = (f"{order.order} added for {order.customer}: {_common.plural(len(order.lines), 'line')}, {qty} pcs, "
            f"{order.value} {order.currency}, due {order.due}")
    _common.wrote(line, order_status.order_view(store, order.order, _common.today()) if fmt in ("json", "jsonl") else {},
                  fmt)


@order_app.command("list")
def order_list(
    all_: Annotated[bool, typer.Option("--all", help="include shipped and cancelled orders")] = False,
    customer: Annotated[Optional[str], typer.Option(help="only this customer")] = None,
    due_within: Annotated[Optional[int], typer.Option(min=0, max=3650, help="only orders due within N days (late ones included)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Open customer orders by due date, late first. Example: gendan order list --due-within 14 -f csv"""
    from datetime import timedelta
    from gendan.store import order_status
    store = _common.open_db()
    today = _common.today()
    due_by = today + timedelta(days=due_within) if due_within is not None else None
    rows = order_status.order_rows(store, today, include_closed=all_, customer=customer, due_by=due_by)
    _common.emit(rows, fmt, LIST_FIELDS, style=_common.urgency("days_left"), empty="no open orders", priority=LIST_PRIORITY)


@order_app.command("show")
def order_show(no: str, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """One order with its lines, POs, inspections, shipments, payments and history.
    Example: gendan order show SO-1001 -f json"""
    from gendan.store import order_status
    store = _common.open_db()
    view = order_status.order_view(store, no, _common.today())
    if fmt == "json":
        from gendan.output import dumps
        sys.stdout.write(dumps(view) + "\n")
        return
    if fmt in ("csv", "tsv", "jsonl"):
        _common.emit(view["lines"], fmt, LINE_FIELDS)
        return
    _print_view(view, fmt)


def _print_view(view: dict, fmt: str) -> None:
    """The human view: a header, then each non-empty section as its own table."""
    head = {k: view[k] for k in ("order", "customer", "ordered", "due", "days_left", "status", "at_risk", "cause",
                                 "currency", "amount", "qty", "qty_shipped", "shipped_value", "deposit_due",
                                 "paid", "balance") if k != "cause" or view["cause"]}
    _common.emit([{"field": k, "value": v} for k, v in head.items()], fmt, ["field", "value"])
    for section in ("lines", "purchase_orders", "production", "inspections", "shipments", "payments", "events"):
        rows = view[section]
        if section == "production":
            _print_production(rows, fmt)
        elif rows:
            print(f"\n{section.replace('_', ' ')}:")
            sys.stdout.flush()
            _common.emit(rows, fmt, _NARROW.get(section) or list(rows[0].keys()), see="-f json")


# Sections whose records are too wide for a terminal; json keeps every field.
_NARROW = {
    "inspections": ["id", "date", "stage", "sku", "lot", "sample_size", "critical", "major", "minor",
                    "result", "waived", "inspector", "note", "void"],
    "events": ["id", "ts", "command", "entity", "reason"],
}


@order_app.command("change")
def order_change(
    no: str,
    due: DateOpt = None,
    item: Annotated[Optional[list[str]], typer.Option("--item", help="SKU=QTY[@PRICE]: change a line (its price stays unless typed) or add one")] = None,
    reason: ReasonOpt = None,
) -> None:
    """Change the due date or lines; the earlier values stay in the audit log.
    Example: gendan order change SO-1001 --due 2026-12-28 --reason "customer moved the vessel" """
    from gendan.core.orders import change_order, parse_item_price_optional
    from gendan.store import orders
    why = _common.need_reason(reason, "order change")
    items = [parse_item_price_optional(i) for i in item or []]
    due_d = _common.date_arg(due, "--due")
    store = _common.open_db("order change")
    with store.transaction():
        before = orders.get_order(store, no)
        shipped = orders.shipped_by_line(store, [no]).get(no, {})
        after = change_order(before, shipped, due_d, items)
        orders.update_order(store, before, after, why)
        if after.qty != before.qty:
            from gendan.store import production
            production.follow_quantity(store, after, why)
    _common.wrote(f"{no} changed: due {after.due}, {after.qty} pcs, {after.value} {after.currency} ({why})", {})


@order_app.command("cancel")
def order_cancel(no: str, reason: ReasonOpt = None) -> None:
    """Cancel an order that has not shipped. Example: gendan order cancel SO-1001 --reason "buyer withdrew" """
    from dataclasses import replace
    from gendan.errors import GendanError
    from gendan.store import orders, payments
    why = _common.need_reason(reason, "order cancel")
    store = _common.open_db("order cancel")
    with store.transaction():
        before = orders.get_order(store, no)
        if before.cancelled:
            raise GendanError(f"order {no} is already cancelled")
        if orders.shipped_by_line(store, [no]).get(no):
            raise GendanError(f"order {no} has shipments (it cannot be cancelled; change its quantities instead)")
        orders.update_order(store, before, replace(before, cancelled=True), why)
        paid = payments.paid_on_orders(store, [no]).get(no)
    if paid:
        _common.info(f"gendan: warning: {no} holds {paid} {before.currency} of payments; they stay as "
                     f"{before.customer}'s credit (see 'gendan reconcile customer {before.customer}')")
    _common.wrote(f"{no} cancelled: {why}", {"order": no, "status": "cancelled", "reason": why, "paid": paid or 0})


@order_app.command("materials")
def order_materials(no: Annotated[str, typer.Argument(help="order number")], fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """What the order needs of each part (from the BOMs) and where it stands: required (with
    scrap, rounded up), on the order's POs, accepted, open, expected, status, needed by.
    Example: gendan order materials SO-1001"""
    from gendan.cli.materials import order_materials as show
    show(no, fmt)


def _print_production(prod: dict | None, fmt: str) -> None:
    """`order show`'s production section: plan and standing, missing material, daily reports."""
    if not prod:
        return
    print("\nproduction:")
    sys.stdout.flush()
    _common.emit([{"field": k, "value": v} for k, v in prod["status"].items() if k not in ("order", "due")],
           fmt, ["field", "value"])
    for title, key in (("material missing", "material_missing"), ("production reports", "reports")):
        if prod[key]:
            print(f"\n{title}:")
            sys.stdout.flush()
            _common.emit(prod[key], fmt, list(prod[key][0].keys()), see="-f json")


@order_app.command("plan")
def order_plan(
    no: Annotated[str, typer.Argument(help="order number")],
    start: Annotated[str, typer.Option(help="first day of production")],
    finish: Annotated[Optional[str], typer.Option(help="last day of production (or give --daily)")] = None,
    daily: Annotated[Optional[int], typer.Option(max=MAX_PIECES, help="pieces a working day (the finish is computed)")] = None,
    factory: Annotated[str, typer.Option(help="factory or subcontractor (外协厂)")] = "",
    workdays: Annotated[str, typer.Option(help="working days, e.g. mon-sat (default), mon-fri, mon,wed,fri")] = "mon-sat",
    holiday: Annotated[Optional[list[str]], typer.Option("--holiday", help="a day off, repeatable")] = None,
    force: Annotated[bool, typer.Option("--force", help="accept a finish later than due minus the buffer")] = False,
    reason: ReasonOpt = None,
) -> None:
    """Plan production: linear over working days from start to finish (Sundays off unless
    --workdays says otherwise). A finish later than the due date minus the buffer (7 days)
    is refused unless --force --reason. Example: gendan order plan SO-1001 --start 11-23 --daily 120 --factory 恒兴"""
    from gendan.core.production import format_workdays, new_plan, parse_workdays, plan_days
    from gendan.store import orders, production
    from gendan.store.workdays import Calendar
    why = _common.need_reason(reason, "order plan --force") if force else (reason or "").strip()
    start_d = _common.date_arg(start, "--start")
    finish_d = _common.date_arg(finish, "--finish")
    days = parse_workdays(workdays)
    holidays = tuple(_common.date_arg(h, "--holiday") for h in holiday or [])
    store = _common.open_db("order plan")
    with store.transaction():
        order = orders.get_order(store, no)
        off = Calendar(store).days_off(factory.strip(), start_d, finish_d or start_d)
        plan = new_plan(order.order, order.qty, start_d, finish_d, daily, factory.strip(), days, holidays, off)
        forced = production.save_plan(store, order, plan, store.setting("buffer_days"), force, why)
    n = plan_days(plan)
    _common.wrote(f"{order.order} planned: {order.qty} pieces {plan.start} → {plan.finish}, {n} working days "
                  f"({format_workdays(plan.workdays)}), "
                  + (f"{plan.daily} a day" if plan.daily else f"about {-(-order.qty // n)} a day")
                  + (f" at {plan.factory}" if plan.factory else "") + (" (forced past the buffer)" if forced else ""), {})
