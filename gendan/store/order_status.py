"""Read-only views that gather one document with everything linked to it (order show)."""
from collections.abc import Iterator
from datetime import date

from gendan.core import orders as core
from gendan.core.money import line_amount
from gendan.store import orders as db, production


def order_view(store, no: str, today: date) -> dict:
    """`order show`: the order, its lines, its balance (order value, shipped value, deposit
    due, paid, balance) and everything recorded against it."""
    from gendan.store.shipping import balance_summary
    order = db.get_order(store, no)
    shipped = db.shipped_by_line(store, [no]).get(no, {})
    head = core.list_row(order, shipped, today, db.risk_flags(store, [order], today)[no])
    return head | balance_summary(store, no) | {
        "ordered": order.ordered, "deposit_pct": order.deposit_pct, "note": order.note,
        "lines": [{"line": ln.line, "sku": ln.sku, "description": ln.description, "qty": ln.qty,
                   "qty_shipped": shipped.get(ln.line, 0), "price": ln.price,
                   "amount": line_amount(ln.qty, ln.price, order.currency)} for ln in order.lines],
        "purchase_orders": purchase_orders(store, no),
        "production": production.order_production(store, order, today),
        "inspections": inspections(store, "order", no),
        "shipments": shipments(store, no),
        "payments": payments(store, "order_no", no),
        "events": events(store, no),
    }


def purchase_orders(store, order_no: str) -> list[dict]:
    """Linked PO lines with what is still open and the current promise."""
    rows = store.query(
        "SELECT l.po_no, l.line, p.supplier, l.sku, l.qty, l.due, l.open, p.cancelled, "
        "(SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line) AS accepted, "
        "(SELECT COALESCE(SUM(r.rejected), 0) FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line) AS rejected, "
        "(SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line ORDER BY pr.id LIMIT 1) AS first_promised, "
        "(SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line ORDER BY pr.id DESC LIMIT 1) AS promised "
        "FROM pos p JOIN po_lines l ON l.po_no = p.po_no WHERE p.for_order = ? ORDER BY l.po_no, l.line", (order_no,))
    return [{"po": r["po_no"], "line": r["line"], "supplier": r["supplier"], "sku": r["sku"], "qty": r["qty"],
             "qty_accepted": r["accepted"], "qty_rejected": r["rejected"],
             "qty_open": max(r["qty"] - r["accepted"], 0) if not r["cancelled"] else 0,
             "due": r["due"], "first_promised": r["first_promised"], "promised": r["promised"],
             "cancelled": bool(r["cancelled"])} for r in rows]


def inspections(store, ref_kind: str, ref: str) -> list[dict]:
    """Inspections of an order or PO (`order show`, `po show`): see store.quality.row for the fields."""
    from gendan.store.quality import ref_rows
    return ref_rows(store, ref_kind, ref)


def shipments(store, order_no: str) -> list[dict]:
    """The order's shipments, one row per SKU, with amounts (as invoiced) and whether forced."""
    from gendan.store.shipping import shipment_rows
    forced = {r["id"]: (bool(r["forced"]), r["vessel"], r["reason"]) for r in store.query(
        "SELECT id, forced, vessel, reason FROM shipments WHERE order_no = ?", (order_no,))}
    return [{k: r[k] for k in ("shipment", "date", "sku", "qty", "container", "seal", "bl")}
            | {"vessel": forced[r["_id"]][1], "amount": r["amount"], "forced": forced[r["_id"]][0],
               "reason": forced[r["_id"]][2]}
            for r in shipment_rows(store, order_no=order_no)]


def payments(store, column: str, ref: str) -> list[dict]:
    rows = store.query(f"SELECT * FROM payments WHERE {column} = ? ORDER BY date, id", (ref,))
    return [{"date": r["date"], "direction": r["direction"], "party": r["party"], "amount": r["amount"],
             "currency": r["currency"], "ref": r["ref"]} for r in rows]


def events(store, key: str) -> list[dict]:
    rows = store.query("SELECT * FROM events WHERE key = ? ORDER BY id", (key,))
    return [event_row(r) for r in rows]


def event_log(store, key: str | None = None, since: date | None = None) -> Iterator[dict]:
    """`gendan log`: the audit trail, oldest first, of one key and/or since a date; streamed
    from a cursor, as years of events are written out (400,000 events: 600 → 20 MiB)."""
    clauses, params = [], []
    if key:
        clauses.append("key = ?")
        params.append(key)
    if since:
        clauses.append("ts >= ?")
        params.append(since.isoformat())
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    cur = store.conn.execute(f"SELECT {', '.join(_EVENT_FIELDS)} FROM events {where} ORDER BY id", params)
    return (dict(zip(_EVENT_FIELDS, values)) for values in cur)


_EVENT_FIELDS = ("id", "ts", "actor", "command", "entity", "key", "before", "after", "reason")


def event_row(r) -> dict:
    return {"id": r["id"], "ts": r["ts"], "actor": r["actor"], "command": r["command"], "entity": r["entity"],
            "key": r["key"], "before": r["before"], "after": r["after"], "reason": r["reason"]}


def shipment_no(shipment_id: int) -> str:
    """Shipments are numbered SH-00001, SH-00002 … in the order they are recorded."""
    return f"SH-{shipment_id:05d}"
