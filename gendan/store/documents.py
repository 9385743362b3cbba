"""A shipment's documents and bill of lading: reading a shipment whole for its packing list,
invoice and shipping notice, recording the B/L's steps, the containers used lately, and the
morning report's B/L list. The rules are in core.documents."""
from datetime import date, timedelta
from decimal import Decimal

from gendan.core import documents
from gendan.core.numbers import parse_shipment_no, shipment_no
from gendan.core.shipping import balance, remaining
from gendan.errors import Blocked, GendanError, NotFound, Reason
from gendan.store import orders, parties, products
from gendan.store.live import live
from gendan.store.payments import paid_on_orders
from gendan.store.shipping import balance_summary, shipped_values

HEAD_FIELDS = ("order_no", "date", "container", "seal", "bl", "vessel", "etd", "pol", "pod", "mode",
               "container_type", "bl_copy_sent", "bl_original_received", "bl_released")


def shipment_head(store, number: str) -> dict:
    """The shipment's header as a dict (dates as text), with its number and id."""
    sid = parse_shipment_no(number)
    row = store.one(f"SELECT id, voided, {', '.join(HEAD_FIELDS)} FROM shipments WHERE id = ?", (sid,))
    if row is None:
        raise NotFound(f"unknown shipment {number!r} (see 'gendan ship' for the list)")
    if row["voided"] is not None:
        raise GendanError(f"shipment {shipment_no(sid)} is void (voided on {row['voided']})",
                          f"see 'gendan log {shipment_no(sid)}'")
    return dict(row) | {"shipment": shipment_no(sid)}


def shipment_lines(store, sid: int) -> list[documents.Shipped]:
    """The shipment's lines in order-line order, with the order line's description."""
    rows = store.query("SELECT ol.sku, ol.description, l.qty, l.price FROM shipment_lines l "
                       "JOIN order_lines ol ON ol.order_no = l.order_no AND ol.line = l.line "
                       "WHERE l.shipment_id = ? ORDER BY l.line", (sid,))
    return [documents.Shipped(r["sku"], r["description"], r["qty"], Decimal(r["price"])) for r in rows]


def shipment_documents(store, number: str) -> tuple[dict, list[documents.Shipped], dict]:
    """(header with the order's customer and currency, lines, sku → Product) of one shipment."""
    head = shipment_head(store, number)
    order = orders.get_order(store, head["order_no"])
    customer = parties.get_customer(store, order.customer)
    head |= {"customer": order.customer, "customer_name": customer.name, "currency": order.currency}
    lines = shipment_lines(store, head["id"])
    return head, lines, products.products_for(store, [ln.sku for ln in lines])


def record_bl(store, number: str, step: str, on: date, force: bool = False, reason: str = "") -> dict:
    """Record one B/L step (inside the caller's transaction) on the shipment and on the order's
    other shipments under the same B/L number (one bill covers every container it lists).
    Releasing the original before the order's shipped value is paid is refused unless forced
    with a reason (提单: the original goes to the customer only after the balance arrives).
    Returns the shipment's header with `shipments`, the numbers recorded."""
    head = shipment_head(store, number)
    state = {s: head[f"bl_{s}"] and date.fromisoformat(head[f"bl_{s}"]) for s in documents.BL_STATES}
    documents.bl_step(state, step, on, date.fromisoformat(head["date"]))
    if step == "released":
        owed, currency = order_balance(store, head["order_no"])
        if owed > 0 and not force:
            raise Blocked(f"B/L of {head['shipment']} not released: {currency} {owed} unpaid on {head['order_no']}",
                          [Reason(f"{head['order_no']} still owes {currency} {owed} for goods shipped",
                                  f"record the payment with 'gendan pay in … --order {head['order_no']}', "
                                  f"or release anyway with --force --reason")])
    ids = [head["id"]]
    if head["bl"]:
        ids = [r["id"] for r in store.query(f"SELECT id FROM shipments s WHERE order_no = ? AND bl = ? "
                                            f"AND bl_{step} IS NULL AND {live('shipments', 's')} ORDER BY id",
                                            (head["order_no"], head["bl"]))]
    store.executemany(f"UPDATE shipments SET bl_{step} = ? WHERE id = ?", [(on.isoformat(), i) for i in ids])
    numbers = [shipment_no(i) for i in ids]
    for no in numbers:
        store.event("bl", no, {step: None}, {step: on.isoformat(), "order": head["order_no"], "bl": head["bl"]},
                    reason)
    return head | {f"bl_{step}": on.isoformat(), "shipments": numbers}


def order_balance(store, order_no: str) -> tuple[Decimal, str]:
    """(value shipped − paid on the order, currency): what the customer still owes for goods shipped."""
    summary = balance_summary(store, order_no)
    return summary["balance"], orders.get_order(store, order_no).currency


def recent_container_use(store, container: str, on: date, days: int = 30) -> list[str]:
    """Numbers of shipments in `container` dated within `days` of `on`: a container is back at
    the port within weeks, so the same number that soon is usually a typing slip."""
    if not container:
        return []
    low, high = (on - timedelta(days=days)).isoformat(), (on + timedelta(days=days)).isoformat()
    return [shipment_no(r["id"]) for r in store.query(
        f"SELECT id FROM shipments s WHERE container = ? AND date BETWEEN ? AND ? AND {live('shipments', 's')} "
        f"ORDER BY id", (container, low, high))]


def bl_to_release(store, today: date) -> list[dict]:
    """Morning report: bills of lading being followed (copy sent or original received by
    `today`), not released by then, whose order has been paid for everything shipped: the
    original can go to the customer now. One row per B/L (its containers' shipments listed)."""
    rows = store.query(
        f"SELECT s.id, s.order_no, s.date, s.bl, s.bl_copy_sent, s.bl_original_received, o.customer "
        f"FROM shipments s JOIN orders o ON o.order_no = s.order_no WHERE (s.bl_released IS NULL OR s.bl_released > ?) "
        f"AND (s.bl_copy_sent <= ? OR s.bl_original_received <= ?) AND {live('shipments', 's')} ORDER BY s.date, s.id",
        (today.isoformat(),) * 3)
    nos = list(dict.fromkeys(r["order_no"] for r in rows))
    paid, values = paid_on_orders(store, nos), shipped_values(store, nos)
    bills: dict[tuple, dict] = {}
    for r in rows:
        if balance(values.get(r["order_no"], Decimal(0)), paid.get(r["order_no"], Decimal(0))) > 0:
            continue
        bill = bills.setdefault((r["order_no"], r["bl"] or r["id"]), {
            "shipment": [], "order": r["order_no"], "customer": r["customer"], "date": date.fromisoformat(r["date"]),
            "bl": r["bl"], "copy_sent": _day(r["bl_copy_sent"], today),
            "original_received": _day(r["bl_original_received"], today)})
        bill["shipment"].append(shipment_no(r["id"]))
    return [b | {"shipment": ", ".join(b["shipment"])} for b in bills.values()]


def notice_lines(store, order_no: str) -> list[documents.Shipped]:
    """What remains to ship on the order, as the shipping notice lists it."""
    order = orders.get_order(store, order_no)
    left = remaining(order, orders.shipped_by_line(store, [order_no]).get(order_no, {}))
    return [documents.Shipped(ln.sku, ln.description, left[ln.line], ln.price) for ln in order.lines if left[ln.line] > 0]


def last_shipment(store, order_no: str) -> dict | None:
    """The order's latest shipment header (for the notice's ports and ETD when not typed)."""
    row = store.one(f"SELECT id, {', '.join(HEAD_FIELDS)} FROM shipments s WHERE order_no = ? AND "
                    f"{live('shipments', 's')} ORDER BY date DESC, id DESC", (order_no,))
    return None if row is None else dict(row)


def _day(text: str | None, today: date) -> date | None:
    """The step's date, or None when not recorded or recorded after `today`."""
    day = None if text is None else date.fromisoformat(text)
    return day if day is not None and day <= today else None
