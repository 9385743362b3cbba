"""Inspection records: rows ↔ models, listing them, and the facts `inspect due` and the
morning report need. Recording a lot is `gendan.store.inspection_log`.
"""
from datetime import date, timedelta
from decimal import Decimal

from gendan.core import quality as core
from gendan.core.models import Inspection
from gendan.errors import NotFound
from gendan.store import orders as orders_db

COLUMNS = ("ref_kind, ref, stage, sku, date, lot, level, aql, minor_aql, severity, code_letter, sample_size, ac, re, "
           "minor_ac, minor_re, critical, major, minor, result, waived, reason, inspector, note, packed_pct")


def _insp(r) -> Inspection:
    return Inspection(ref=r["ref"], ref_kind=r["ref_kind"], stage=r["stage"], date=date.fromisoformat(r["date"]),
                      result=r["result"], sku=r["sku"], lot=r["lot"], level=r["level"], aql=r["aql"],
                      minor_aql=r["minor_aql"], severity=r["severity"], code_letter=r["code_letter"],
                      sample_size=r["sample_size"], ac=r["ac"], re=r["re"], minor_ac=r["minor_ac"],
                      minor_re=r["minor_re"], critical=r["critical"], major=r["major"], minor=r["minor"],
                      waived=bool(r["waived"]), reason=r["reason"], inspector=r["inspector"], note=r["note"],
                      packed_pct=Decimal(r["packed_pct"]) if r["packed_pct"] is not None else None, id=r["id"])


def load(store, where: str = "", params=()) -> list[Inspection]:
    """Inspections matching a WHERE clause on `inspections i`, in date order (then as recorded)."""
    return [_insp(r) for r in store.query(f"SELECT i.* FROM inspections i {where} ORDER BY i.date, i.id", params)]


def for_ref(store, ref_kind: str, ref: str) -> list[Inspection]:
    return load(store, "WHERE i.ref = ? AND i.ref_kind = ?", (ref, ref_kind))


# --- listing ------------------------------------------------------------------------------------


def row(insp: Inspection) -> dict:
    """One inspection as a listing row (`inspect list`, `order show`, `po show`)."""
    return {"id": insp.id, "date": insp.date, "ref": insp.ref, "ref_kind": insp.ref_kind, "stage": insp.stage,
            "sku": insp.sku, "lot": insp.lot, "level": insp.level, "aql": insp.aql, "minor_aql": insp.minor_aql,
            "severity": insp.severity, "code_letter": insp.code_letter, "sample_size": insp.sample_size,
            "ac": insp.ac, "re": insp.re, "minor_ac": insp.minor_ac, "minor_re": insp.minor_re,
            "critical": insp.critical, "major": insp.major, "minor": insp.minor, "result": insp.result,
            "waived": insp.waived, "reason": insp.reason, "packed_pct": insp.packed_pct,
            "inspector": insp.inspector, "note": insp.note}


def list_rows(store, ref: str | None = None, stage: str | None = None) -> list[dict]:
    """`inspect list [REF]`: every inspection (of one order or PO), oldest first. A REF that is
    both an order and a PO number lists both."""
    clauses, params = [], []
    if ref is not None:
        known = store.scalar("SELECT 1 FROM orders WHERE order_no = ? UNION SELECT 1 FROM pos WHERE po_no = ?", (ref, ref))
        if not known:
            raise NotFound(f"unknown order or PO {ref!r} (see 'gendan order list --all' or 'gendan po list --all')")
        clauses.append("i.ref = ?")
        params.append(ref)
    if stage is not None:
        clauses.append("i.stage = ?")
        params.append(stage)
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    return [row(i) for i in load(store, where, params)]


def ref_rows(store, ref_kind: str, ref: str) -> list[dict]:
    """The inspections of one order (`order show`) or PO (`po show`)."""
    return [row(i) for i in for_ref(store, ref_kind, ref)]


# --- what is due ----------------------------------------------------------------------------------


def due_items(store, today: date, window: int, open_orders: list | None = None) -> list[core.DueItem]:
    """The `inspect due` list and the morning report's "inspections due" section (which passes
    the open orders it has loaded already)."""
    orders = _order_facts(store, orders_db.open_orders(store) if open_orders is None else open_orders)
    records: dict[str, list[Inspection]] = {}
    for insp in load(store, "WHERE i.ref IN (SELECT order_no FROM orders WHERE closed = 0) AND i.ref_kind = 'order'"):
        records.setdefault(insp.ref, []).append(insp)
    since = today - timedelta(days=core.INCOMING_LOOKBACK_DAYS)
    return core.due_items(orders, records, _uninspected_receipts(store, since), today, window)


def due_rows(store, today: date, window: int, open_orders: list | None = None) -> list[dict]:
    return [item._asdict() for item in due_items(store, today, window, open_orders)]


def _order_facts(store, orders: list) -> list[core.OrderFacts]:
    """What the due list needs of each open order: its quantity and SKUs (from the order),
    whether production has begun, and how much is packed."""
    rows = store.conn.execute(
        "SELECT o.order_no, "
        "(EXISTS (SELECT 1 FROM production_plans p WHERE p.order_no = o.order_no) "
        " OR EXISTS (SELECT 1 FROM progress_reports r WHERE r.order_no = o.order_no) "
        " OR EXISTS (SELECT 1 FROM pos WHERE pos.for_order = o.order_no AND pos.cancelled = 0)), "
        "(SELECT r.packed FROM progress_reports r WHERE r.order_no = o.order_no ORDER BY r.date DESC, r.id DESC "
        " LIMIT 1), "
        "(SELECT i.packed_pct FROM inspections i WHERE i.ref = o.order_no AND i.ref_kind = 'order' "
        " AND i.stage = 'inline' AND i.packed_pct IS NOT NULL ORDER BY i.date DESC, i.id DESC LIMIT 1) "
        "FROM orders o WHERE o.closed = 0")
    facts = {no: (bool(busy), packed, inline) for no, busy, packed, inline in rows}
    out = []
    for o in orders:
        if o.cancelled or o.order not in facts:
            continue
        busy, packed, inline = facts[o.order]
        qty = o.qty
        pct = core.packed_pct(qty, packed, Decimal(inline) if inline is not None else None)
        out.append(core.OrderFacts(o.order, o.due, qty, tuple(ln.sku for ln in o.lines), busy, pct))
    return out


def _uninspected_receipts(store, since: date) -> list[core.ReceivedLine]:
    """PO lines with goods received since `since` and no incoming inspection of that SKU on that
    PO (read from the receipts-by-date index, so old history costs nothing)."""
    rows = store.query(
        "SELECT p.po_no, p.supplier, l.sku, SUM(r.qty) AS received, MAX(r.date) AS last "
        "FROM receipts r JOIN po_lines l ON l.po_no = r.po_no AND l.line = r.line JOIN pos p ON p.po_no = r.po_no "
        "WHERE r.date >= ? AND p.cancelled = 0 AND NOT EXISTS (SELECT 1 FROM inspections i WHERE i.ref = p.po_no "
        "AND i.ref_kind = 'po' AND i.stage = 'incoming' AND (i.sku = l.sku OR i.sku = '')) "
        "GROUP BY p.po_no, l.line HAVING SUM(r.qty) > 0 ORDER BY last, p.po_no, l.line", (since.isoformat(),))
    return [core.ReceivedLine(r["po_no"], r["sku"], r["supplier"], r["received"], date.fromisoformat(r["last"]))
            for r in rows]


def final_uncleared(store, order_no: str) -> list[str]:
    """SKUs of an order without a passed or waived latest final inspection (for the shipping gate)."""
    skus = tuple(r[0] for r in store.conn.execute("SELECT sku FROM order_lines WHERE order_no = ? ORDER BY line",
                                                   (order_no,)))
    cleared = core.cleared_skus(skus, for_ref(store, "order", order_no), "final")
    return [s for s in skus if s not in cleared]
