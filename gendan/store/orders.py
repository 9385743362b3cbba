"""Customer orders and their lines: rows ↔ models, shipped quantities per line."""
from datetime import date
from decimal import Decimal

from gendan.core import orders
from gendan.core.models import Order, OrderLine
from gendan.errors import Conflict, NotFound
from gendan.store import asof
from gendan.store.db import KEYS, not_found, select_in
from gendan.store.live import live

_ORDER_COLS = "order_no, customer, ordered, due, currency, deposit_pct, balance_before_ship, credit_days, note, cancelled"
_READ_COLS = _ORDER_COLS + ", cancelled_on"
_LINE_COLS = "order_no, line, sku, qty, price, description"


def _order(row, lines, day: str | None = None) -> Order:
    """An order from a row of _READ_COLS, read by position (the morning report reads 1,000);
    as of `day` (ISO text) when given: a cancellation dated after it has not happened yet."""
    no, customer, ordered, due, currency, deposit_pct, before_ship, credit_days, note, cancelled, cancelled_on = row
    cancelled = bool(cancelled) and (day is None or cancelled_on is None or cancelled_on <= day)
    return Order(no, customer, date.fromisoformat(ordered), date.fromisoformat(due), currency, Decimal(deposit_pct),
                 bool(before_ship), credit_days, tuple(lines), note, cancelled)


def _line(row, shipped_at: dict | None = None) -> OrderLine:
    """A line from a row of _LINE_COLS, with what shipped at each price (`_shipped_at`)."""
    no, line, sku, qty, price, description = row
    return OrderLine(line, sku, qty, Decimal(price), description, (shipped_at or {}).get((no, line), ()))


def _shipped_at(store, nos: list[str], day: date | None = None) -> dict[tuple[str, int], tuple[tuple[Decimal, int], ...]]:
    """(order, line) → (price, pieces) shipped at each price (by `day`, when given): an order's
    value keeps the price goods shipped at when the line's price changes later (OrderLine.amount)."""
    dated, after = ("", []) if day is None else \
        (f" AND shipment_id IN (SELECT id FROM shipments WHERE {asof.in_force('shipments')})", [day.isoformat()])
    out: dict[tuple[str, int], list] = {}
    for no, line, price, qty in select_in(store.conn, f"SELECT order_no, line, price, SUM(qty) FROM shipment_lines "
                                                      f"WHERE order_no IN {KEYS} AND {live('shipment_lines')}{dated} "
                                                      f"GROUP BY order_no, line, price", nos, after=after):
        out.setdefault((no, line), []).append((Decimal(price), qty))
    return {k: tuple(v) for k, v in out.items()}


def get_order(store, no: str, day: date | None = None) -> Order:
    """The order as it is now, or as of `day` (unknown if placed after it)."""
    row = store.conn.execute(f"SELECT {_READ_COLS} FROM orders WHERE order_no = ?", (no,)).fetchone()
    if row is None:
        raise not_found(store, "order", no, "orders", "order_no", "see 'gendan order list --all'")
    if day is not None and row[2] > day.isoformat():
        raise NotFound(f"order {no} was placed on {row[2]}, after {day} (see it with a later --today)")
    lines = store.conn.execute(f"SELECT {_LINE_COLS} FROM order_lines WHERE order_no = ? ORDER BY line", (no,))
    shipped_at = _shipped_at(store, [no], day)
    return _order(row, (_line(r, shipped_at) for r in lines), day.isoformat() if day else None)


def load_orders(store, where: str = "", params=(), day: date | None = None) -> list[Order]:
    """Orders matching a WHERE clause on `orders o`, with their lines, in one pass; their
    cancellations as of `day` when given."""
    rows = store.conn.execute(f"SELECT {_READ_COLS} FROM orders o {where}", params).fetchall()
    if not rows:
        return []
    lines: dict[str, list[OrderLine]] = {}
    nos = [r[0] for r in rows]
    shipped_at = _shipped_at(store, nos, day)
    for r in select_in(store.conn, f"SELECT {_LINE_COLS} FROM order_lines WHERE order_no IN {KEYS} "
                                   f"ORDER BY order_no, line", nos):
        lines.setdefault(r[0], []).append(_line(r, shipped_at))
    iso = day.isoformat() if day else None
    return [_order(r, lines.get(r[0], ()), iso) for r in rows]


def shipped_by_line(store, nos: list[str], day: date | None = None) -> dict[str, dict[int, int]]:
    """order → line → quantity shipped (on or before `day`, when given)."""
    out: dict[str, dict[int, int]] = {}
    dated = (f"JOIN shipments s ON s.id = l.shipment_id AND {asof.in_force('shipments', 's')} "
             if day else "")
    for order_no, line, qty in select_in(store.conn, f"SELECT l.order_no, l.line, SUM(l.qty) FROM shipment_lines l "
                                         f"{dated}WHERE l.order_no IN {KEYS} AND {live('shipment_lines', 'l')} "
                                         f"GROUP BY l.order_no, l.line", nos, before=[day.isoformat()] if day else []):
        out.setdefault(order_no, {})[line] = qty
    return out


def order_exists(store, no: str) -> bool:
    return bool(store.scalar("SELECT 1 FROM orders WHERE order_no = ?", (no,)))


def insert_order(store, order: Order) -> None:
    if order_exists(store, order.order):
        raise Conflict(f"order {order.order!r} already exists (choose another number, or change it with 'gendan order change')")
    store.execute(f"INSERT INTO orders ({_ORDER_COLS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                  (order.order, order.customer, order.ordered.isoformat(), order.due.isoformat(), order.currency,
                   str(order.deposit_pct), int(order.balance_before_ship), order.credit_days, order.note,
                   int(order.cancelled)))
    _insert_lines(store, order)
    store.event("order", order.order, None, orders.to_dict(order), day=order.ordered)


def _insert_lines(store, order: Order) -> None:
    store.executemany("INSERT INTO order_lines (order_no, line, sku, qty, price, description) VALUES (?,?,?,?,?,?)",
                      [(order.order, ln.line, ln.sku, ln.qty, str(ln.price), ln.description) for ln in order.lines])


def update_order(store, before: Order, after: Order, reason: str) -> None:
    """Write the changed order; the audit event keeps the earlier due date and lines."""
    store.execute("UPDATE orders SET due = ?, cancelled = ?, cancelled_on = CASE WHEN ?2 = 0 THEN NULL "
                  "ELSE COALESCE(cancelled_on, ?) END WHERE order_no = ?",
                  (after.due.isoformat(), int(after.cancelled), store.day_text(), after.order))
    for ln in after.lines:
        store.execute("INSERT INTO order_lines (order_no, line, sku, qty, price, description) VALUES (?,?,?,?,?,?) "
                      "ON CONFLICT (order_no, line) DO UPDATE SET qty = excluded.qty, price = excluded.price",
                      (after.order, ln.line, ln.sku, ln.qty, str(ln.price), ln.description))
    refresh_closed(store, after.order)
    store.event("order", after.order, orders.to_dict(before), orders.to_dict(after), reason)


def refresh_closed(store, no: str) -> None:
    """Keep the `closed` index flag true to the facts: cancelled, or every line fully shipped."""
    order = get_order(store, no)
    shipped = shipped_by_line(store, [no]).get(no, {})
    closed = orders.status(order, shipped) in ("shipped", "cancelled")
    store.execute("UPDATE orders SET closed = ? WHERE order_no = ?", (int(closed), no))
    store.execute(f"UPDATE orders SET closed_on = CASE WHEN closed = 0 THEN NULL ELSE {asof.ORDER_CLOSED_ON} END "
                  "WHERE order_no = ?", (no,))


# The orders open on a day (one `?`): open now, or closed after it. Two partial indexes, so a
# past day reads what was open then and not the whole history.
OPEN_ON = ("SELECT order_no FROM orders INDEXED BY orders_open_by_due WHERE closed = 0 UNION ALL "
           "SELECT order_no FROM orders INDEXED BY orders_closed_after WHERE closed = 1 AND closed_on > ?")


def open_orders(store, day: date) -> list[Order]:
    """Orders placed by `day` and not yet closed on it (cancelled or fully shipped), due date first."""
    iso = day.isoformat()
    return load_orders(store, f"WHERE o.order_no IN ({OPEN_ON}) AND {asof.in_force('orders', 'o')} "
                       "ORDER BY o.due, o.order_no", (iso, iso), day)


# -- bulk (gendan import) ---------------------------------------------------------------
def existing_orders(store, nos) -> set[str]:
    """Which of `nos` are already order numbers."""
    return store.existing("orders", "order_no", nos)


def customers_of(store, nos) -> dict[str, str]:
    """order → customer for those of `nos` that are orders (in chunks)."""
    return dict(select_in(store.conn, f"SELECT order_no, customer FROM orders WHERE order_no IN {KEYS}", nos))


def insert_orders(store, docs: list[Order], reason: str = "") -> None:
    """Insert many new orders (numbers already checked) with one audit event each."""
    # an order imported cancelled is taken as cancelled (and closed) since it was placed
    store.executemany(f"INSERT INTO orders ({_ORDER_COLS}, closed, cancelled_on, closed_on) "
                      f"VALUES (?,?,?,?,?,?,?,?,?,?,?, CASE WHEN ?10 = 1 THEN ?3 END, CASE WHEN ?10 = 1 THEN ?3 END)",
                      [(o.order, o.customer, o.ordered.isoformat(), o.due.isoformat(), o.currency,
                        str(o.deposit_pct), int(o.balance_before_ship), o.credit_days, o.note,
                        int(o.cancelled), int(o.cancelled)) for o in docs])
    store.executemany("INSERT INTO order_lines (order_no, line, sku, qty, price, description) VALUES (?,?,?,?,?,?)",
                      [(o.order, ln.line, ln.sku, ln.qty, str(ln.price), ln.description)
                       for o in docs for ln in o.lines])
    store.events("order", ((o.order, orders.to_dict(o), o.ordered) for o in docs), reason)



def expected_po_lines(store, nos: list[str], day: date) -> dict[str, list[tuple[str, int, date]]]:
    """order → (po, line, expected date) of its linked PO lines open on `day`: what puts it at risk."""
    out: dict[str, list[tuple[str, int, date]]] = {}
    iso = day.isoformat()
    rows = select_in(
        store.conn,
        f"SELECT p.for_order, l.po_no, l.line, COALESCE((SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no "
        f"AND pr.line = l.line AND {asof.in_force('promises', 'pr')} ORDER BY pr.id DESC LIMIT 1), l.due) "
        f"FROM pos p JOIN po_lines l ON l.po_no = p.po_no AND (l.open = 1 OR l.closed_on > ?) "
        f"WHERE p.for_order IN {KEYS} AND {asof.in_force('pos', 'p')} AND {asof.not_cancelled('p')}",
        nos, before=[iso, iso], after=[iso, iso])
    for order_no, po_no, line, expected in rows:
        out.setdefault(order_no, []).append((po_no, line, date.fromisoformat(expected)))
    return out
