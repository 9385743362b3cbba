"""The facts behind the boss's summaries (core/summaries.py): lines placed, shipped and
received, and money paid, between two dates. Voided records never count (store/live.py);
nothing dated after the report's today is read (callers pass `until`)."""
from datetime import date
from decimal import Decimal

from gendan.core import summaries as core
from gendan.store import asof, db
from gendan.store.db import KEYS, select_in
from gendan.store.live import live

iso = date.fromisoformat


def order_lines(store, first: date, last: date, today: date) -> list[core.OrderLineFact]:
    """Lines of the customer orders placed from `first` to `last` (not cancelled by `today`:
    a report as of a past day counts an order cancelled since)."""
    rows = store.conn.execute(
        "SELECT o.order_no, o.customer, o.currency, o.ordered, l.sku, l.qty, l.price FROM orders o "
        f"JOIN order_lines l ON l.order_no = o.order_no WHERE o.ordered BETWEEN ? AND ? AND {asof.not_cancelled('o')} "
        "ORDER BY o.order_no, l.line", (first.isoformat(), last.isoformat(), today.isoformat()))
    return [core.OrderLineFact(no, cust, cur, iso(d), sku, qty, Decimal(price))
            for no, cust, cur, d, sku, qty, price in rows]


def shipped_lines(store, first: date, last: date) -> list[core.ShipLineFact]:
    """Lines shipped from `first` to `last` at their shipment's price, with each order's
    current and first agreed due date. Replacements for complaints are not sales."""
    rows = store.conn.execute(
        "SELECT s.id, s.date, o.order_no, o.customer, o.currency, ol.sku, l.qty, COALESCE(l.price, ol.price), o.due "
        "FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id "
        "JOIN order_lines ol ON ol.order_no = l.order_no AND ol.line = l.line "
        "JOIN orders o ON o.order_no = s.order_no "
        f"WHERE s.date BETWEEN ? AND ? AND {live('shipments', 's')} AND s.complaint IS NULL "
        "ORDER BY s.date, s.id, l.line", (first.isoformat(), last.isoformat())).fetchall()
    firsts = first_dues(store, sorted({r[2] for r in rows}))
    return [core.ShipLineFact(sid, iso(d), no, cust, cur, sku, qty, Decimal(price), iso(due), firsts.get(no, iso(due)))
            for sid, d, no, cust, cur, sku, qty, price, due in rows]


def first_dues(store, nos: list[str]) -> dict[str, date]:
    """order → due date as first agreed, recovered from the audit log (`order change` keeps
    the earlier due date in its event's `before`)."""
    changes = select_in(store.conn, "SELECT key, json_extract(before, '$.due'), json_extract(after, '$.due') "
                                    f"FROM events WHERE entity = 'order' AND key IN {KEYS} ORDER BY id", nos)
    return core.first_due_dates(changes)


def payments(store, direction: str, first: date, last: date) -> list[core.PaymentFact]:
    """Money in (`in`) or out (`out`) from `first` to `last`, not void."""
    rows = store.conn.execute(   # `+direction`: by the date index, not every payment of one direction
        f"SELECT party, currency, date, amount FROM payments p WHERE +direction = ? AND date BETWEEN ? AND ? "
        f"AND {live('payments', 'p')} ORDER BY date, id", (direction, first.isoformat(), last.isoformat()))
    return [core.PaymentFact(party, cur, iso(d), Decimal(amount)) for party, cur, d, amount in rows]


def po_lines(store, first: date, last: date, today: date, sku: str | None = None,
             supplier: str | None = None) -> list[core.PoLineFact]:
    """Lines of the POs placed from `first` to `last` (not cancelled by `today`), optionally
    one SKU or one supplier's. A replacement PO for a complaint is free of charge: not a price paid."""
    rows = _paid_lines(store, today, ("p.ordered >= ?", first.isoformat()), ("p.ordered <= ?", last.isoformat()),
                       ("l.sku = ?", sku), ("p.supplier = ?", supplier), order="p.ordered, p.po_no, l.line")
    return list(rows)


def price_lines(store, until: date, sku: str | None = None, supplier: str | None = None):
    """Every PO line placed by `until` (not cancelled, not a free replacement), by SKU, date,
    PO and line, read lazily: `supplier prices` streams them."""
    yield from _paid_lines(store, until, ("p.ordered <= ?", until.isoformat()), ("l.sku = ?", sku),
                           ("p.supplier = ?", supplier), order="l.sku, p.ordered, p.po_no, l.line")


def _paid_lines(store, today: date, *conditions, order: str):
    """PO lines at a price paid (PO not cancelled by `today`, not a free replacement for a
    complaint) matching `conditions` (db.where pairs; None values left out), read lazily in `order`."""
    where, params = db.where((asof.not_cancelled("p"), today.isoformat()), ("p.complaint IS NULL", True),
                             *conditions)
    cursor = store.conn.execute(
        "SELECT p.po_no, l.line, p.supplier, p.currency, p.ordered, l.sku, l.qty, l.price FROM pos p "
        f"JOIN po_lines l ON l.po_no = p.po_no {where} ORDER BY {order}", params)
    for po, line, sup, cur, d, s, qty, price in cursor:
        yield core.PoLineFact(po, line, sup, cur, iso(d), s, qty, Decimal(price))


def receipt_lines(store, first: date, last: date) -> list[core.ReceiptLineFact]:
    """Receipts from `first` to `last` (not void) at the price each came in at, with the
    line's due date and the promise standing when the goods came (as `supplier score` judges
    them: a re-promise made after a delivery does not make it on time)."""
    rows = store.conn.execute(
        "SELECT r.po_no, r.line, p.supplier, p.currency, r.date, l.sku, r.qty, r.rejected, "
        "COALESCE(r.price, l.price), l.due, (SELECT pr.promised FROM promises pr WHERE pr.po_no = r.po_no "
        "AND pr.line = r.line AND pr.recorded <= r.date ORDER BY pr.id DESC LIMIT 1) "
        "FROM receipts r JOIN po_lines l ON l.po_no = r.po_no AND l.line = r.line JOIN pos p ON p.po_no = r.po_no "
        f"WHERE r.date BETWEEN ? AND ? AND {live('receipts', 'r')} ORDER BY r.date, r.id",
        (first.isoformat(), last.isoformat()))
    return [core.ReceiptLineFact(po, line, sup, cur, iso(d), sku, qty, rej, Decimal(price), iso(due),
                                 iso(prom) if prom else None)
            for po, line, sup, cur, d, sku, qty, rej, price, due, prom in rows]


def sales_report(store, period: core.Period, by: str, today: date) -> list[dict]:
    """`report sales` rows of `period` as of `today` (also sections of `report month`)."""
    last = period.until(today)
    with store.snapshot():
        return core.sales_rows(by, order_lines(store, period.first, last, today), shipped_lines(store, period.first, last),
                               payments(store, "in", period.first, last))


def purchase_report(store, period: core.Period, by: str, today: date) -> list[dict]:
    """`report purchases` rows of `period` as of `today`, against the period before it."""
    last = period.until(today)
    with store.snapshot():
        lines = po_lines(store, period.previous().first, last, today)
        return core.purchase_rows(by, period, lines, receipt_lines(store, period.first, last))
