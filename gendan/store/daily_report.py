"""The day's facts for `report daily` (日报): what was placed, received, inspected, reported,
shipped, paid and chased on one day, read by that date (voided records and documents
cancelled by the report's today left out) and shaped by core/daily.py."""
from datetime import date
from decimal import Decimal

from gendan.core import daily
from gendan.core.money import ZERO, line_amount
from gendan.core.numbers import payment_no, receipt_no, shipment_no
from gendan.store import asof
from gendan.store.live import live


def gather(store, day: date, today: date) -> list:
    """Every section of `day`, in the report's order, empty ones left out; orders and POs
    cancelled by `today` are not new business (as of an earlier today, they still were)."""
    d, t = day.isoformat(), today.isoformat()
    return daily.sections(_new_orders(store, d, t), _new_pos(store, d, t), _receipts(store, d), _inspections(store, d),
                          _progress(store, d), _shipments(store, d), _complaints(store, d), _payments(store, d, "in"),
                          _payments(store, d, "out"), _chases(store, d), _voids(store, d))


def _documents(rows, key: str) -> list[dict]:
    """Rows of (document…, qty, price) lines → one row per document with its lines, pieces
    and value (each line rounded to the currency, as everywhere)."""
    out: dict[str, dict] = {}
    for r in rows:
        doc = out.get(r[key])
        if doc is None:
            doc = out[r[key]] = {k: r[k] for k in r.keys() if k not in ("qty", "price")} | \
                {"lines": 0, "qty": 0, "value": ZERO}
        doc["lines"] += 1
        doc["qty"] += r["qty"]
        doc["value"] += line_amount(r["qty"], Decimal(r["price"]), r["currency"])
    return list(out.values())


def _new_orders(store, d: str, today: str) -> list[dict]:
    return _documents(store.query(
        "SELECT o.order_no AS \"order\", o.customer, o.due, o.currency, l.qty, l.price FROM orders o "
        f"JOIN order_lines l ON l.order_no = o.order_no WHERE o.ordered = ? AND {asof.not_cancelled('o')} "
        "ORDER BY o.order_no, l.line", (d, today)), "order")


def _new_pos(store, d: str, today: str) -> list[dict]:
    rows = _documents(store.query(
        "SELECT p.po_no AS po, p.supplier, p.for_order, p.due, p.currency, l.qty, l.price FROM pos p "
        f"JOIN po_lines l ON l.po_no = p.po_no WHERE p.ordered = ? AND {asof.not_cancelled('p')} "
        "ORDER BY p.po_no, l.line", (d, today)),
        "po")
    return [r | {"for_order": r["for_order"] or ""} for r in rows]


def _receipts(store, d: str) -> list[dict]:
    return [{"receipt": receipt_no(r["id"]), "po": r["po_no"], "supplier": r["supplier"], "sku": r["sku"],
             "qty": r["qty"], "rejected": r["rejected"], "ref": r["ref"], "note": r["note"]}
            for r in store.query(
                "SELECT r.id, r.po_no, p.supplier, l.sku, r.qty, r.rejected, r.ref, r.note FROM receipts r "
                "JOIN po_lines l ON l.po_no = r.po_no AND l.line = r.line JOIN pos p ON p.po_no = r.po_no "
                f"WHERE r.date = ? AND {live('receipts', 'r')} ORDER BY r.id", (d,))]


def _inspections(store, d: str) -> list[dict]:
    return [{"inspection": r["id"], "ref": r["ref"], "stage": r["stage"], "sku": r["sku"], "result": r["result"],
             "critical": r["critical"], "major": r["major"], "minor": r["minor"], "waived": bool(r["waived"]),
             "inspector": r["inspector"], "note": r["note"] or r["reason"]}
            for r in store.query(f"SELECT * FROM inspections i WHERE date = ? AND {live('inspections', 'i')} "
                                 "ORDER BY id", (d,))]


def _progress(store, d: str) -> list[dict]:
    rows = store.query(
        "SELECT p.order_no, COALESCE(pl.factory, '') AS factory, p.produced, p.packed, p.cause, p.note, "
        "(SELECT e.produced FROM progress_reports e WHERE e.order_no = p.order_no AND e.date < p.date "
        "ORDER BY e.date DESC LIMIT 1) AS before FROM progress_reports p "
        "LEFT JOIN production_plans pl ON pl.order_no = p.order_no WHERE p.date = ? ORDER BY p.order_no", (d,))
    return [{"order": r["order_no"], "factory": r["factory"], "produced_today": r["produced"] - (r["before"] or 0),
             "produced": r["produced"], "packed": r["packed"], "cause": r["cause"], "note": r["note"]} for r in rows]


def _shipments(store, d: str) -> list[dict]:
    """The day's shipments with their value; replacement goods for a complaint at no charge."""
    head = "SELECT s.id AS shipment, s.order_no AS \"order\", o.customer, o.currency, s.container, s.forced, s.complaint, "
    rows = _documents(store.query(
        f"{head} l.qty, COALESCE(l.price, ol.price) AS price, l.line FROM shipments s "
        "JOIN shipment_lines l ON l.shipment_id = s.id JOIN order_lines ol ON ol.order_no = l.order_no AND ol.line = l.line "
        f"JOIN orders o ON o.order_no = s.order_no WHERE s.date = ? AND {live('shipments', 's')} "
        f"UNION ALL {head} l.qty, '0' AS price, l.line FROM shipments s JOIN replacement_lines l ON l.shipment_id = s.id "
        f"JOIN orders o ON o.order_no = s.order_no WHERE s.date = ? AND {live('shipments', 's')} "
        "ORDER BY 1, 10", (d, d)), "shipment")
    return [{"shipment": shipment_no(r["shipment"]), "order": r["order"], "customer": r["customer"], "qty": r["qty"],
             "value": r["value"], "currency": r["currency"], "container": r["container"], "forced": bool(r["forced"]),
             "complaint": r["complaint"] or ""} for r in rows]


def _complaints(store, d: str) -> list[dict]:
    """Complaints received that day."""
    return [dict(r) | {"order": r["order"] or "", "supplier": r["supplier"] or ""} for r in store.query(
        "SELECT complaint_no AS complaint, customer, kind, order_no AS \"order\", sku, qty, supplier, description "
        "FROM complaints WHERE received = ? ORDER BY complaint_no", (d,))]


_VOIDED = {"payment": payment_no, "receipt": receipt_no, "shipment": shipment_no, "inspection": str}


def _voids(store, d: str) -> list[dict]:
    """Corrections made that day: the records voided, by their numbers, and why."""
    return [{"kind": r["kind"], "record": _VOIDED.get(r["kind"], str)(r["record"]), "reason": r["reason"]}
            for r in store.query("SELECT kind, record, reason FROM voids WHERE date = ? ORDER BY id", (d,))]


def _payments(store, d: str, direction: str) -> list[dict]:
    return [{"payment": payment_no(r["id"]), "party": r["party"], "amount": Decimal(r["amount"]),
             "currency": r["currency"], "for": r["order_no"] or r["po_no"] or "", "ref": r["ref"]}
            for r in store.query(f"SELECT * FROM payments p WHERE direction = ? AND date = ? AND {live('payments', 'p')} "
                                 "ORDER BY id", (direction, d))]


def _chases(store, d: str) -> list[dict]:
    return [dict(r) | {"promised": r["promised"] or ""} for r in store.query(
        "SELECT c.po_no AS po, p.supplier, c.via, c.promised, c.note FROM chases c JOIN pos p ON p.po_no = c.po_no "
        "WHERE c.date = ? ORDER BY c.id", (d,))]
