"""`gendan ship`: record a shipment (出货) through the gates, check the gates, list shipments."""
from typing import Annotated, Optional

import typer

from typer.core import TyperGroup

from gendan.cli import _common
from gendan.cli._options import DateOpt, FormatOpt, OutputOpt, ReasonOpt

Text = lambda h: Annotated[str, typer.Option(help=h)]  # noqa: E731


class ShipGroup(TyperGroup):
    """`gendan ship ORDER …` records a shipment, `gendan ship` lists them, and `ship docs`,
    `ship notice`, `ship bl` are commands of their own: a first word that is not one of those
    goes to the recording command, so the contract's `ship ORDER` keeps working."""

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["record", *args]
        return super().parse_args(ctx, args)


ship_app = typer.Typer(cls=ShipGroup, help="Ship against an order (gendan ship ORDER --item SKU=QTY …), list "
                       "shipments (gendan ship), and the shipment's documents and B/L.")


def register(app: typer.Typer) -> None:
    from gendan.cli import shipping_docs
    ship_app.command("record", hidden=True)(ship)
    ship_app.command("void")(ship_void)
    shipping_docs.register(ship_app)
    app.add_typer(ship_app, name="ship")


def ship(
    order: Annotated[Optional[str], typer.Argument(help="order to ship (omit to list shipments)")] = None,
    item: Annotated[Optional[list[str]], typer.Option("--item", help="SKU=QTY, repeatable")] = None,
    rest: Annotated[bool, typer.Option("--rest", help="ship everything that remains on the order")] = False,
    container: Text("container number (柜号), ISO 6346 check digit verified") = "",
    seal: Text("seal number (封条号)") = "",
    bl: Annotated[str, typer.Option("--bl", help="bill of lading number (提单号)")] = "",
    vessel: Text("vessel and voyage") = "",
    etd: Annotated[Optional[str], typer.Option(help="estimated time of departure (开船日)")] = None,
    pol: Text("port of loading (起运港), e.g. Ningbo") = "",
    pod: Text("port of discharge (目的港), e.g. Los Angeles") = "",
    mode: Text("sea, air, truck or courier") = "",
    container_type: Annotated[str, typer.Option("--container-type", help="20GP, 40GP, 40HQ or 45HQ")] = "",
    date: DateOpt = None,
    force: Annotated[bool, typer.Option("--force", help="ship past blocking gates (needs --reason; audited)")] = False,
    reason: ReasonOpt = None,
    check: Annotated[bool, typer.Option("--check", help="show each gate's state for ORDER without shipping")] = False,
    since: Annotated[Optional[str], typer.Option(help="list: shipments from this date")] = None,
    order_filter: Annotated[Optional[str], typer.Option("--order", help="list: only this order")] = None,
    replacement: Annotated[Optional[str], typer.Option(help="replacement goods (补件) for this complaint: not "
                                                            "invoiced, no money gates")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Ship against an order, check its gates, or list shipments.

    Examples: gendan ship SO-2401 --item CH-01=300 --container CSQU3054383 --seal 884120 --bl COSU6234518870;
    gendan ship --check SO-2401; gendan ship --since 2026-11-01 -f csv"""
    from gendan.errors import UsageError
    if order is None:
        if check or item or rest or force or container or seal or bl or vessel:
            raise UsageError("give the ORDER to ship or check (e.g. gendan ship SO-2401 --item CH-01=300)")
        return _list(since, order_filter, fmt)
    if since or order_filter:
        raise UsageError("--since and --order only go with the listing (gendan ship --order SO-2401)")
    items = _items(item)
    if replacement is not None:
        if check:
            raise UsageError("--check does not go with --replacement (the final-inspection gate is checked when it ships)")
        if not items:
            raise UsageError(f"nothing to ship (give --item SKU=QTY; see 'gendan complaint show {replacement}')")
        why = _common.need_reason(reason, "--force") if force else (reason or "").strip()
        return _ship_replacement(order, replacement, items, date, container, seal, bl, vessel, force, why)
    if check:
        return _check(order, items or None, date, fmt)
    if rest and items:
        raise UsageError("give --rest or --item, not both (--rest ships everything that remains)")
    if not items and not rest:
        raise UsageError(f"nothing to ship (give --item SKU=QTY or --rest, or see 'gendan ship --check {order}')")
    why = _common.need_reason(reason, "--force") if force else (reason or "").strip()
    details = _details(etd, pol, pod, mode, container_type)
    _ship(order, None if rest else items, date, container, seal, bl, vessel, force, why, details, fmt)


def _details(etd, pol, pod, mode, container_type) -> dict:
    """The documents' fields of a shipment, checked (see core.documents)."""
    from gendan.core import documents
    return {"etd": _common.date_arg(etd, "--etd").isoformat() if etd else "", "pol": pol.strip(), "pod": pod.strip(),
            "mode": documents.parse_mode(mode) if mode else "",
            "container_type": documents.parse_container_type(container_type) if container_type else ""}


def _items(item: list[str] | None) -> dict[str, int]:
    from gendan.core.orders import merge_items, parse_item
    return merge_items([parse_item(i) for i in item or []])


def _ship(order, items, date, container, seal, bl, vessel, force, why, details, fmt="table") -> None:
    from gendan.core.shipping import parse_container
    from gendan.core.text import check_visible
    from gendan.store import documents, shipping
    box = parse_container(container) if container else ""
    seal, bl = check_visible(seal, "seal number"), check_visible(bl, "B/L number")
    on = _common.date_arg(date, "--date", _common.today())
    store = _common.open_db("ship")
    with store.transaction():
        used = documents.recent_container_use(store, box, on)
        if items is None:    # --rest: what remains, read in the shipment's own transaction
            items = shipping.rest_of(store, order)
        no, overridden = shipping.ship(store, order, items, on, box, seal.strip(), bl.strip(), vessel.strip(),
                                       force, why, details)
    if used:
        _common.info(f"gendan: warning: container {box} is also on {', '.join(used)} within 30 days "
                     f"(check the number on the container door)")
    if overridden:
        for r in overridden:
            _common.info(f"gendan: warning: {no} forced past: {r.text}")
    elif force:
        _common.info(f"{no}: nothing blocked, shipped normally (--force not needed)")
    _say_shipped(store, no, order, fmt)


def _say_shipped(store, no: str, order: str, fmt: str) -> None:
    """`SH-00005 shipped: SO-1001 CH-01 ×300 in CSQU3054383`, or the shipment as json."""
    from gendan.store import shipping
    rows = [r for r in shipping.shipment_rows(store, order_no=order) if r["shipment"] == no]
    head = {k: rows[0][k] for k in ("shipment", "order", "date", "container", "seal", "bl", "currency")}
    record = head | {"lines": [{k: r[k] for k in ("sku", "qty", "amount")} for r in rows]}
    goods = ", ".join(f"{r['sku']} ×{r['qty']}" for r in rows)
    _common.wrote(f"{no} shipped: {order} {goods}" + (f" in {head['container']}" if head["container"] else ""), record, fmt)


def _ship_replacement(order, complaint, items, date, container, seal, bl, vessel, force, why) -> None:
    from gendan.core.shipping import parse_container
    from gendan.store import aftersales
    box = parse_container(container) if container else ""
    today = _common.today()
    on = _common.date_arg(date, "--date", today)
    store = _common.open_db("ship")
    with store.transaction():
        no, overridden = aftersales.ship_replacement(store, order, complaint, items, on, today, box, seal.strip(),
                                                     bl.strip(), vessel.strip(), force, why)
    for r in overridden:
        _common.info(f"gendan: warning: {no} forced past: {r.text}")
    what = ", ".join(f"{sku} ×{q}" for sku, q in sorted(items.items()))
    print(f"{no} shipped: replacement for {complaint} on {order} {what}" + (f" in {box}" if box else "")
          + " (not invoiced)")


def _check(order, items, date, fmt) -> None:
    from gendan.store import shipping
    on = _common.date_arg(date, "--date", _common.today())
    store = _common.open_db()
    rows = shipping.check_rows(store, order, on, items, _common.today())
    _common.emit(rows, fmt, shipping.CHECK_FIELDS, style=lambda r: None if r["state"] == "ready" else "red")
    blocked = [r["gate"] for r in rows if r["state"] != "ready"]
    if blocked:
        _common.info(f"{order}: blocked by {', '.join(blocked)}")
        raise typer.Exit(1)


def _list(since, order_filter, fmt) -> None:
    from gendan.store import shipping
    since_d = _common.date_arg(since, "--since")
    store = _common.open_db()
    rows = shipping.shipment_rows(store, since_d, order_filter, _common.today())
    _common.emit(rows, fmt, shipping.LIST_FIELDS, empty="no shipments")


def ship_void(
    shipment: Annotated[str, typer.Argument(help="the shipment, e.g. SH-00004")],
    reason: ReasonOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Void a shipment entered by mistake: the goods count as not shipped, the order reopens, the
    customer's statement shows the reversal on today's date.

    Example: gendan ship void SH-00004 --reason 'keyed against the wrong order'"""
    from gendan.cli.corrections import void
    void("shipment", shipment, reason, fmt)
