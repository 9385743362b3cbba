"""Customer orders and their lines: rows ↔ models, shipped quantities per line."""
from datetime import date
from decimal import Decimal

from gendan.core import orders
from gendan.core.models import Order, OrderLine
from gendan.errors import Conflict
from gendan.store.db import KEYS, not_found, select_in
from gendan.store.live import live

_ORDER_COLS = "order_no, customer, ordered, due, currency, deposit_pct, balance_before_ship, credit_days, note, cancelled"
_LINE_COLS = "order_no, line, sku, qty, price, description"


def _order(row, lines) -> Order:
    """An order from a row of _ORDER_COLS, read by position (the morning report reads 1,000)."""
    no, customer, ordered, due, currency, deposit_pct, before_ship, credit_days, note, cancelled = row
    return Order(no, customer, date.fromisoformat(ordered), date.fromisoformat(due), currency, Decimal(deposit_pct),
                 bool(before_ship), credit_days, tuple(lines), note, bool(cancelled))


def _line(row, shipped_at: dict | None = None) -> OrderLine:
    """A line from a row of _LINE_COLS, with what shipped at each price (`_shipped_at`)."""
    no, line, sku, qty, price, description = row
    return OrderLine(line, sku, qty, Decimal(price), description, (shipped_at or {}).get((no, line), ()))


def _shipped_at(store, nos: list[str]) -> dict[tuple[str, int], tuple[tuple[Decimal, int], ...]]:
    """(order, line) → (price, pieces) shipped at each price: an order's value keeps the
    price goods shipped at when the line's price changes later (OrderLine.amount)."""
    out: dict[tuple[str, int], list] = {}
    for no, line, price, qty in select_in(store.conn, f"SELECT order_no, line, price, SUM(qty) FROM shipment_lines "
                                                      f"WHERE order_no IN {KEYS} AND {live('shipment_lines')} "
                                                      f"GROUP BY order_no, line, price", nos):
        out.setdefault((no, line), []).append((Decimal(price), qty))
    return {k: tuple(v) for k, v in out.items()}


def get_order(store, no: str) -> Order:
    row = store.conn.execute(f"SELECT {_ORDER_COLS} FROM orders WHERE order_no = ?", (no,)).fetchone()
    if row is None:
        raise not_found(store, "order", no, "orders", "order_no", "see 'gendan order list --all'")
    lines = store.conn.execute(f"SELECT {_LINE_COLS} FROM order_lines WHERE order_no = ? ORDER BY line", (no,))
    shipped_at = _shipped_at(store, [no])
    return _order(row, (_line(r, shipped_at) for r in lines))


def load_orders(store, where: str = "", params=()) -> list[Order]:
    """Orders matching a WHERE clause on `orders o`, with their lines, in one pass."""
    rows = store.conn.execute(f"SELECT {_ORDER_COLS} FROM orders o {where}", params).fetchall()
    if not rows:
        return []
    lines: dict[str, list[OrderLine]] = {}
    nos = [r[0] for r in rows]
    shipped_at = _shipped_at(store, nos)
    for r in select_in(store.conn, f"SELECT {_LINE_COLS} FROM order_lines WHERE order_no IN {KEYS} "
                                   f"ORDER BY order_no, line", nos):
        lines.setdefault(r[0], []).append(_line(r, shipped_at))
    return [_order(r, lines.get(r[0], ())) for r in rows]


def shipped_by_line(store, nos: list[str]) -> dict[str, dict[int, int]]:
    """order → line → quantity shipped."""
    out: dict[str, dict[int, int]] = {}
    for order_no, line, qty in select_in(store.conn, f"SELECT order_no, line, SUM(qty) FROM shipment_lines "
                                         f"WHERE order_no IN {KEYS} AND {live('shipment_lines')} "
                                         f"GROUP BY order_no, line", nos):
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
    store.event("order", order.order, None, orders.to_dict(order))


def _insert_lines(store, order: Order) -> None:
    store.executemany("INSERT INTO order_lines (order_no, line, sku, qty, price, description) VALUES (?,?,?,?,?,?)",
                      [(order.order, ln.line, ln.sku, ln.qty, str(ln.price), ln.description) for ln in order.lines])


def update_order(store, before: Order, after: Order, reason: str) -> None:
    """Write the changed order; the audit event keeps the earlier due date and lines."""
    store.execute("UPDATE orders SET due = ?, cancelled = ? WHERE order_no = ?",
                  (after.due.isoformat(), int(after.cancelled), after.order))
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


def open_orders(store) -> list[Order]:
    """Orders not yet closed (cancelled or fully shipped), due date first."""
    return load_orders(store, "WHERE o.closed = 0 ORDER BY o.due, o.order_no")


# -- bulk (gendan import) ---------------------------------------------------------------
def existing_orders(store, nos) -> set[str]:
    """Which of `nos` are already order numbers."""
    return store.existing("orders", "order_no", nos)


def insert_orders(store, docs: list[Order], reason: str = "") -> None:
    """Insert many new orders (numbers already checked) with one audit event each."""
    store.executemany(f"INSERT INTO orders ({_ORDER_COLS}, closed) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                      [(o.order, o.customer, o.ordered.isoformat(), o.due.isoformat(), o.currency,
                        str(o.deposit_pct), int(o.balance_before_ship), o.credit_days, o.note,
                        int(o.cancelled), int(o.cancelled)) for o in docs])
    store.executemany("INSERT INTO order_lines (order_no, line, sku, qty, price, description) VALUES (?,?,?,?,?,?)",
                      [(o.order, ln.line, ln.sku, ln.qty, str(ln.price), ln.description)
                       for o in docs for ln in o.lines])
    store.events("order", ((o.order, orders.to_dict(o)) for o in docs), reason)



def expected_po_lines(store, nos: list[str]) -> dict[str, list[tuple[str, int, date]]]:
    """order → (po, line, expected date) of its linked open PO lines: what puts it at risk."""
    out: dict[str, list[tuple[str, int, date]]] = {}
    rows = select_in(
        store.conn,
        f"SELECT p.for_order, l.po_no, l.line, COALESCE((SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no "
        f"AND pr.line = l.line ORDER BY pr.id DESC LIMIT 1), l.due) "
        f"FROM pos p JOIN po_lines l ON l.po_no = p.po_no AND l.open = 1 "
        f"WHERE p.for_order IN {KEYS} AND p.cancelled = 0", nos)
    for order_no, po_no, line, expected in rows:
        out.setdefault(order_no, []).append((po_no, line, date.fromisoformat(expected)))
    return out
