"""Where an order stands, as `order list` and `order show` show it: shipped, at risk, its
balance and everything recorded against it (POs, production, inspections, shipments,
payments, events)."""
from datetime import date

from gendan.core.orders import list_row
from gendan.core.models import Order
from gendan.core.numbers import payment_no
from gendan.store import asof, db, event_log, inspection, orders, production, products, shipping
from gendan.store.live import live


def order_rows(store, today: date, include_closed: bool = False, customer: str | None = None,
               due_by: date | None = None) -> list[dict]:
    """The rows of `order list` as of `today`: due date first (late first), from the
    open-orders indexes (open now, or closed after `today`)."""
    iso = today.isoformat()
    where, params = db.where((asof.in_force("orders", "o"), iso), (f"o.order_no IN ({orders.OPEN_ON})",
                                                                    None if include_closed else iso),
                             ("o.customer = ?", customer or None), ("o.due <= ?", due_by and due_by.isoformat()))
    return rows_of(store, orders.load_orders(store, where + " ORDER BY o.due, o.order_no", params, today), today)


def rows_of(store, loaded: list[Order], today: date, expected: dict | None = None) -> list[dict]:
    """`order list` rows of orders already loaded (the morning report loads them once, and
    knows their PO lines' `expected` dates from the chase list: see production.risk_flags)."""
    shipped = orders.shipped_by_line(store, [o.order for o in loaded], today)
    risk = production.risk_flags(store, loaded, today, expected)
    return [list_row(o, shipped.get(o.order, {}), today, risk[o.order]) for o in loaded]


def risk_causes(store, day: date, rows: list[dict], expected: dict) -> dict[str, str]:
    """order → what puts it at risk (for `order list` rows): a part not ordered in time
    (store.materials), the PO line expected latest (`expected`: order → its lines' expected
    dates), production's forecast — the morning report's `cause`, and `order show`'s."""
    from gendan.core import report
    from gendan.core.materials import worst
    from gendan.store.materials import open_needs
    nos = [r["order"] for r in rows]
    buffer = store.setting("buffer_days")
    forecasts = production.forecasts(store, nos, day)
    parts = open_needs(store, day, nos)
    out = {}
    for r in rows:
        need = worst(parts.get(r["order"], ()))
        out[r["order"]] = report.risk_cause(r["due"], expected.get(r["order"], []), buffer, forecasts.get(r["order"]),
                                            today=day, part=need.cause() if need is not None else "")
    return out


def order_view(store, no: str, today: date) -> dict:
    """`order show`: the order, its lines, its balance (order value, shipped value, deposit
    due, paid, balance) and everything recorded against it."""
    order = orders.get_order(store, no, today)
    shipped = orders.shipped_by_line(store, [no], today).get(no, {})
    head = list_row(order, shipped, today, production.risk_flags(store, [order], today)[no])
    late = head["days_left"] is not None and head["days_left"] < 0
    head["cause"] = risk_causes(store, today, [head], orders.expected_po_lines(store, [no], today))[no] \
        if head["at_risk"] or late else ""
    described = products.descriptions(store, [ln.sku for ln in order.lines if not ln.description])
    return head | shipping.balance_summary(store, no, today) | {
        "ordered": order.ordered, "deposit_pct": order.deposit_pct, "note": order.note,
        "lines": [{"line": ln.line, "sku": ln.sku, "description": ln.description or described.get(ln.sku, ""), "qty": ln.qty,
                   "qty_shipped": shipped.get(ln.line, 0), "price": ln.price,
                   "amount": ln.amount(order.currency)} for ln in order.lines],
        "purchase_orders": purchase_orders(store, no, today),
        "production": production.order_production(store, order, today),
        "inspections": inspection.ref_rows(store, "order", no, today),
        "shipments": shipments(store, no, today),
        "payments": payments(store, "order_no", no, today),
        "events": event_log.events(store, no, today),
    }


def purchase_orders(store, order_no: str, day: date) -> list[dict]:
    """Linked PO lines with what is still open and the current promise, as of `day`."""
    receipts = (f"FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line AND {asof.in_force('receipts', 'r')} "
                f"AND {live('receipts', 'r')}")
    promises = f"FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line AND {asof.in_force('promises', 'pr')}"
    rows = store.query(
        "SELECT l.po_no, l.line, p.supplier, l.sku, l.qty, l.due, l.open, "
        f"p.cancelled = 1 AND NOT {asof.not_cancelled('p')} AS cancelled, "
        f"(SELECT COALESCE(SUM(r.qty - r.rejected), 0) {receipts}) AS accepted, "
        f"(SELECT COALESCE(SUM(r.rejected), 0) {receipts}) AS rejected, "
        f"(SELECT pr.promised {promises} ORDER BY pr.id LIMIT 1) AS first_promised, "
        f"(SELECT pr.promised {promises} ORDER BY pr.id DESC LIMIT 1) AS promised "
        f"FROM pos p JOIN po_lines l ON l.po_no = p.po_no WHERE p.for_order = ? AND {asof.in_force('pos', 'p')} "
        "ORDER BY l.po_no, l.line", (day.isoformat(),) * 5 + (order_no, day.isoformat()))
    return [{"po": r["po_no"], "line": r["line"], "supplier": r["supplier"], "sku": r["sku"], "qty": r["qty"],
             "qty_accepted": r["accepted"], "qty_rejected": r["rejected"],
             "qty_open": max(r["qty"] - r["accepted"], 0) if not r["cancelled"] else 0,
             "due": r["due"], "first_promised": r["first_promised"], "promised": r["promised"],
             "cancelled": bool(r["cancelled"])} for r in rows]


def shipments(store, order_no: str, day: date) -> list[dict]:
    """The order's shipments, one row per SKU, with amounts (as invoiced) and whether forced."""
    forced = {r["id"]: (bool(r["forced"]), r["vessel"], r["reason"]) for r in store.query(
        "SELECT id, forced, vessel, reason FROM shipments WHERE order_no = ?", (order_no,))}
    return [{k: r[k] for k in ("shipment", "date", "sku", "qty", "container", "seal", "bl", "void")}
            | {"vessel": forced[r["_id"]][1], "amount": r["amount"], "forced": forced[r["_id"]][0],
               "reason": forced[r["_id"]][2]}
            for r in shipping.shipment_rows(store, order_no=order_no, until=day)]


def payments(store, column: str, ref: str, day: date) -> list[dict]:
    rows = store.query(f"SELECT * FROM payments WHERE {column} = ? AND {asof.in_force('payments')} "
                       "ORDER BY date, id", (ref, day.isoformat()))
    return [{"payment": payment_no(r["id"]), "date": r["date"], "direction": r["direction"],
             "party": r["party"], "amount": r["amount"], "currency": r["currency"], "ref": r["ref"],
             "void": r["voided"] is not None} for r in rows]
