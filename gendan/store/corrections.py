"""Voids (作废/冲销): marking a payment, receipt, shipment or inspection void with a record of
its own, refusing what a later record depends on, and refreshing what is kept beside the
documents (po_lines.open, orders.closed; the ledger cuts follow from m002/m006's triggers).

The rules are in core.corrections; every read elsewhere leaves voided records out through
store.live.
"""
from datetime import date

from gendan.core import corrections
from gendan.errors import NotFound
from gendan.store.live import live

_TABLE = {"payment": "payments", "receipt": "receipts", "shipment": "shipments", "inspection": "inspections"}
_LIST = {"payment": "gendan pay list", "receipt": "gendan receipt list", "shipment": "gendan ship",
         "inspection": "gendan inspect list"}


def _record(store, kind: str, text: str):
    record = corrections.parse_number(kind, text)
    row = store.one(f"SELECT * FROM {_TABLE[kind]} WHERE id = ?", (record,))
    if row is None:
        raise NotFound(f"unknown {kind} {corrections.number(kind, record)} (see '{_LIST[kind]}')")
    corrections.check_not_void(kind, record, date.fromisoformat(row["voided"]) if row["voided"] else None)
    return row


def _void(store, kind: str, row, key: str, reason: str, today: date, what: dict) -> dict:
    """Write the void record, mark the row, and audit it under the document's key (so
    `gendan log SO-1` shows the original and its void)."""
    on = corrections.void_date(date.fromisoformat(row["date"]), today)
    cur = store.execute("INSERT INTO voids (kind, record, date, reason, actor, ts) VALUES (?,?,?,?,?,?)",
                        (kind, row["id"], on.isoformat(), reason, store.actor, _now()))
    store.execute(f"UPDATE {_TABLE[kind]} SET voided = ? WHERE id = ?", (on.isoformat(), row["id"]))
    no = corrections.number(kind, row["id"])
    after = {"void": cur.lastrowid, kind: no, "date": on.isoformat(), "voided": True}
    store.event("void", key, {kind: no, **what, "voided": False}, after, reason)
    return {kind: no, "date": row["date"], "voided": on.isoformat(), "reason": reason, **what}


def _now() -> str:
    from datetime import datetime, timezone
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def void_payment(store, text: str, reason: str, today: date) -> list[dict]:
    """`pay void PAY-00003`: the payment stops counting toward gates, balances and aging."""
    row = _record(store, "payment", text)
    what = {"party": row["party"], "direction": row["direction"], "amount": row["amount"],
            "currency": row["currency"], "order": row["order_no"], "po": row["po_no"]}
    return [_void(store, "payment", row, row["order_no"] or row["po_no"] or row["party"], reason, today, what)]


def unpaid_after_void(store, order_no: str | None) -> str | None:
    """What `pay void` says when the order's shipped goods are no longer paid for."""
    from gendan.store import orders, payments, shipping
    from gendan.core.money import ZERO
    if order_no is None:
        return None
    value = shipping.shipped_values(store, [order_no]).get(order_no, ZERO)
    paid = payments.paid_on_orders(store, [order_no]).get(order_no, ZERO)
    return corrections.shipped_unpaid(orders.get_order(store, order_no), value, paid)


def void_receipt(store, text: str, reason: str, today: date) -> list[dict]:
    """`receipt void GRN-00007` (or its delivery note: every line it brought): the PO line
    reopens; refused while an incoming inspection judged its goods (void that first)."""
    from gendan.store import purchasing
    rows = store.query("SELECT * FROM receipts WHERE ref = ? AND ref <> '' ORDER BY id", (text.strip(),))
    if rows:
        live_rows = [r for r in rows if r["voided"] is None]
        if not live_rows:
            corrections.check_not_void("receipt", rows[0]["id"], date.fromisoformat(rows[0]["voided"]))
        rows = live_rows
    else:
        rows = [_record(store, "receipt", text)]
    out = []
    for row in rows:
        sku = store.scalar("SELECT sku FROM po_lines WHERE po_no = ? AND line = ?", (row["po_no"], row["line"]))
        receipt = corrections.Receipt(row["id"], row["po_no"], row["line"], sku, date.fromisoformat(row["date"]))
        later = store.scalar(f"SELECT MIN(date) FROM receipts r WHERE po_no = ? AND line = ? AND date > ? "
                             f"AND {live('receipts', 'r')}", (row["po_no"], row["line"], row["date"]))
        corrections.refuse_receipt_void(receipt, corrections.receipt_inspections(
            receipt, date.fromisoformat(later) if later else None, _inspections(store, "po", row["po_no"])))
        what = {"po": row["po_no"], "line": row["line"], "sku": sku, "qty": row["qty"], "rejected": row["rejected"],
                "ref": row["ref"]}
        out.append(_void(store, "receipt", row, row["po_no"], reason, today, what))
        purchasing.refresh_open(store, row["po_no"])
    return out


def void_shipment(store, text: str, reason: str, today: date) -> list[dict]:
    """`ship void SH-00004`: the goods count as not shipped; the order reopens."""
    from gendan.store import orders
    row = _record(store, "shipment", text)
    corrections.refuse_shipment_void(row["id"], row["bl"], row["bl_released"])
    lines = store.query("SELECT l.line, ol.sku, l.qty FROM shipment_lines l JOIN order_lines ol "
                        "ON ol.order_no = l.order_no AND ol.line = l.line WHERE l.shipment_id = ? ORDER BY l.line",
                        (row["id"],))
    what = {"order": row["order_no"], "lines": [{"line": r["line"], "sku": r["sku"], "qty": r["qty"]} for r in lines],
            "container": row["container"]}
    out = _void(store, "shipment", row, row["order_no"], reason, today, what)
    orders.refresh_closed(store, row["order_no"])
    return [out]


def void_inspection(store, text: str, reason: str, today: date) -> list[dict]:
    """`inspect void ID`: gates, what is due and the switching rules are replayed without it;
    refused while a shipment passed its final-inspection gate on it alone."""
    from gendan.store import orders
    row = _record(store, "inspection", text)
    if row["ref_kind"] == "order" and row["stage"] == "final":
        finals = [i for i in _inspections(store, "order", row["ref"]) if i.stage == "final"]
        voided = next(i for i in finals if i.id == row["id"])
        corrections.refuse_inspection_void(row["id"], corrections.final_dependents(
            orders.get_order(store, row["ref"]), voided, finals, _shipped(store, row["ref"])))
    what = {"ref": row["ref"], "stage": row["stage"], "sku": row["sku"], "result": row["result"]}
    return [_void(store, "inspection", row, row["ref"], reason, today, what)]


def _inspections(store, ref_kind: str, ref: str):
    """The inspections of a document that are in force."""
    from gendan.store import inspection
    return inspection.for_ref(store, ref_kind, ref)


def _shipped(store, order_no: str) -> list[corrections.Shipped]:
    """An order's shipments in force, with their SKUs."""
    out: dict[int, list] = {}
    rows = store.query("SELECT s.id, s.date, s.forced, ol.sku FROM shipments s JOIN shipment_lines l "
                       "ON l.shipment_id = s.id JOIN order_lines ol ON ol.order_no = l.order_no AND ol.line = l.line "
                       f"WHERE s.order_no = ? AND {live('shipments', 's')} ORDER BY s.date, s.id, l.line", (order_no,))
    for r in rows:
        out.setdefault(r["id"], [r["date"], r["forced"], []])[2].append(r["sku"])
    return [corrections.Shipped(i, date.fromisoformat(d), tuple(skus), bool(forced)) for i, (d, forced, skus) in out.items()]


# -- receipt list --------------------------------------------------------------------------

RECEIPT_FIELDS = ["receipt", "po", "line", "sku", "qty", "rejected", "date", "ref", "void"]


def receipt_rows(store, po_no: str | None = None, day: date | None = None) -> list[dict]:
    """`receipt list [PO]`: every receipt (GRN-00001 …) dated by `day` (today), by date, voided
    ones marked (those voided by `day`: rule 8, as of a date)."""
    from gendan.store import asof, purchasing
    if po_no is not None and not purchasing.po_exists(store, po_no):
        raise NotFound(f"unknown PO {po_no!r} (see 'gendan po list --all')")
    iso = (day or date.max).isoformat()
    where, params = ("AND r.po_no = ?", (po_no,)) if po_no is not None else ("", ())
    rows = store.query("SELECT r.id, r.po_no, r.line, l.sku, r.qty, r.rejected, r.date, r.ref, r.voided "
                       "FROM receipts r JOIN po_lines l ON l.po_no = r.po_no AND l.line = r.line "
                       f"WHERE {asof.in_force('receipts', 'r')} {where} ORDER BY r.date, r.id", (iso, *params))
    return [{"receipt": corrections.number("receipt", r["id"]), "po": r["po_no"], "line": r["line"], "sku": r["sku"],
             "qty": r["qty"], "rejected": r["rejected"], "date": r["date"], "ref": r["ref"],
             "void": r["voided"] is not None and r["voided"] <= iso} for r in rows]
