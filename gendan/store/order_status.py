"""Where an order stands, as `order list` and `order show` show it: shipped, at risk, its
balance and everything recorded against it (POs, production, inspections, shipments,
payments, events)."""
from datetime import date

from gendan.core.orders import list_row
from gendan.core.models import Order
from gendan.core.numbers import payment_no
from gendan.store import db, event_log, inspection, orders, production, products, shipping
from gendan.store.live import live


def order_rows(store, today: date, include_closed: bool = False, customer: str | None = None,
               due_by: date | None = None) -> list[dict]:
    """The rows of `order list`: due date first (late first), from the open-orders index."""
    where, params = db.where(("o.closed = 0", not include_closed), ("o.customer = ?", customer or None),
                             ("o.due <= ?", due_by and due_by.isoformat()))
    return rows_of(store, orders.load_orders(store, where + " ORDER BY o.due, o.order_no", params), today)


def rows_of(store, loaded: list[Order], today: date, expected: dict | None = None) -> list[dict]:
    """`order list` rows of orders already loaded (the morning report loads them once, and
    knows their PO lines' `expected` dates from the chase list: see production.risk_flags)."""
    shipped = orders.shipped_by_line(store, [o.order for o in loaded])
    risk = production.risk_flags(store, loaded, today, expected)
    return [list_row(o, shipped.get(o.order, {}), today, risk[o.order]) for o in loaded]


def order_view(store, no: str, today: date) -> dict:
    """`order show`: the order, its lines, its balance (order value, shipped value, deposit
    due, paid, balance) and everything recorded against it."""
    order = orders.get_order(store, no)
    shipped = orders.shipped_by_line(store, [no]).get(no, {})
    head = list_row(order, shipped, today, production.risk_flags(store, [order], today)[no])
    described = products.descriptions(store, [ln.sku for ln in order.lines if not ln.description])
    return head | shipping.balance_summary(store, no) | {
        "ordered": order.ordered, "deposit_pct": order.deposit_pct, "note": order.note,
        "lines": [{"line": ln.line, "sku": ln.sku, "description": ln.description or described.get(ln.sku, ""), "qty": ln.qty,
                   "qty_shipped": shipped.get(ln.line, 0), "price": ln.price,
                   "amount": ln.amount(order.currency)} for ln in order.lines],
        "purchase_orders": purchase_orders(store, no),
        "production": production.order_production(store, order, today),
        "inspections": inspection.ref_rows(store, "order", no),
        "shipments": shipments(store, no),
        "payments": payments(store, "order_no", no),
        "events": event_log.events(store, no),
    }


def purchase_orders(store, order_no: str) -> list[dict]:
    """Linked PO lines with what is still open and the current promise."""
    in_force = live("receipts", "r")
    rows = store.query(
        "SELECT l.po_no, l.line, p.supplier, l.sku, l.qty, l.due, l.open, p.cancelled, "
        "(SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line "
        f"AND {in_force}) AS accepted, "
        "(SELECT COALESCE(SUM(r.rejected), 0) FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line "
        f"AND {in_force}) AS rejected, "
        "(SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line ORDER BY pr.id LIMIT 1) AS first_promised, "
        "(SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line ORDER BY pr.id DESC LIMIT 1) AS promised "
        "FROM pos p JOIN po_lines l ON l.po_no = p.po_no WHERE p.for_order = ? ORDER BY l.po_no, l.line", (order_no,))
    return [{"po": r["po_no"], "line": r["line"], "supplier": r["supplier"], "sku": r["sku"], "qty": r["qty"],
             "qty_accepted": r["accepted"], "qty_rejected": r["rejected"],
             "qty_open": max(r["qty"] - r["accepted"], 0) if not r["cancelled"] else 0,
             "due": r["due"], "first_promised": r["first_promised"], "promised": r["promised"],
             "cancelled": bool(r["cancelled"])} for r in rows]


def shipments(store, order_no: str) -> list[dict]:
    """The order's shipments, one row per SKU, with amounts (as invoiced) and whether forced."""
    forced = {r["id"]: (bool(r["forced"]), r["vessel"], r["reason"]) for r in store.query(
        "SELECT id, forced, vessel, reason FROM shipments WHERE order_no = ?", (order_no,))}
    return [{k: r[k] for k in ("shipment", "date", "sku", "qty", "container", "seal", "bl", "void")}
            | {"vessel": forced[r["_id"]][1], "amount": r["amount"], "forced": forced[r["_id"]][0],
               "reason": forced[r["_id"]][2]}
            for r in shipping.shipment_rows(store, order_no=order_no)]


def payments(store, column: str, ref: str) -> list[dict]:
    rows = store.query(f"SELECT * FROM payments WHERE {column} = ? ORDER BY date, id", (ref,))
    return [{"payment": payment_no(r["id"]), "date": r["date"], "direction": r["direction"],
             "party": r["party"], "amount": r["amount"], "currency": r["currency"], "ref": r["ref"],
             "void": r["voided"] is not None} for r in rows]
