"""Purchase orders, their lines, promises and receipts: rows ↔ models.

`po_lines.open` is kept true here after every receipt or cancellation, so the chase list can
read open lines from a partial index however long the history grows.
"""
from datetime import date
from decimal import Decimal

from gendan.core import purchasing as core
from gendan.core.models import PoLine, PurchaseOrder
from gendan.errors import Conflict, NotFound

_PO_COLS = "po_no, supplier, ordered, due, currency, for_order, confirmed, cancelled"


def po_exists(store, no: str) -> bool:
    return bool(store.scalar("SELECT 1 FROM pos WHERE po_no = ?", (no,)))


def get_po(store, no: str) -> PurchaseOrder:
    row = store.one(f"SELECT {_PO_COLS} FROM pos WHERE po_no = ?", (no,))
    if row is None:
        raise NotFound(f"unknown PO {no!r} (see 'gendan po list --all')")
    return _po(row, store.query("SELECT * FROM po_lines WHERE po_no = ? ORDER BY line", (no,)), store)


def _po(row, line_rows, store) -> PurchaseOrder:
    promises = _promises(store, row["po_no"])
    lines = tuple(PoLine(r["line"], r["sku"], r["qty"], Decimal(r["price"]), date.fromisoformat(r["due"]),
                         r["description"], *promises.get(r["line"], (None, None))) for r in line_rows)
    return PurchaseOrder(po=row["po_no"], supplier=row["supplier"], ordered=date.fromisoformat(row["ordered"]),
                         due=date.fromisoformat(row["due"]), currency=row["currency"], lines=lines,
                         for_order=row["for_order"],
                         confirmed=date.fromisoformat(row["confirmed"]) if row["confirmed"] else None,
                         cancelled=bool(row["cancelled"]))


def _promises(store, po_no: str) -> dict[int, tuple[date, date]]:
    """line → (first promised, current promised)."""
    out: dict[int, list[date]] = {}
    for r in store.query("SELECT line, promised FROM promises WHERE po_no = ? ORDER BY id", (po_no,)):
        out.setdefault(r["line"], []).append(date.fromisoformat(r["promised"]))
    return {line: (ds[0], ds[-1]) for line, ds in out.items()}


def insert_po(store, po: PurchaseOrder, audit: bool = True) -> None:
    """Insert a new PO and its lines (refusing a number already used)."""
    if po_exists(store, po.po):
        raise Conflict(f"PO {po.po!r} already exists (choose another number)")
    if po.for_order and not store.scalar("SELECT 1 FROM orders WHERE order_no = ?", (po.for_order,)):
        raise NotFound(f"unknown order {po.for_order!r} for --for (see 'gendan order list --all')")
    store.execute(f"INSERT INTO pos ({_PO_COLS}) VALUES (?,?,?,?,?,?,?,?)",
                  (po.po, po.supplier, po.ordered.isoformat(), po.due.isoformat(), po.currency, po.for_order,
                   po.confirmed.isoformat() if po.confirmed else None, int(po.cancelled)))
    store.executemany("INSERT INTO po_lines (po_no, line, sku, qty, price, due, description, open) "
                      "VALUES (?,?,?,?,?,?,?,1)",
                      [(po.po, ln.line, ln.sku, ln.qty, str(ln.price), ln.due.isoformat(), ln.description)
                       for ln in po.lines])
    if audit:
        store.event("po", po.po, None, core.to_dict(po))


def line_states(store, po_no: str) -> list[core.LineState]:
    rows = store.query(
        "SELECT l.line, l.sku, l.qty, COALESCE(SUM(r.qty), 0) AS received, COALESCE(SUM(r.rejected), 0) AS rejected "
        "FROM po_lines l LEFT JOIN receipts r ON r.po_no = l.po_no AND r.line = l.line "
        "WHERE l.po_no = ? GROUP BY l.line ORDER BY l.line", (po_no,))
    return [core.LineState(r["line"], r["sku"], r["qty"], r["received"], r["rejected"]) for r in rows]


def receive(store, po_no: str, received: dict[str, int], rejected: dict[str, int], on: date,
            note: str = "", ref: str = "", allow_over: bool = False) -> list[dict]:
    """Record a receipt on a PO (one row per line) and keep the lines' open flags true."""
    cancelled = store.scalar("SELECT cancelled FROM pos WHERE po_no = ?", (po_no,))
    if cancelled is None:
        raise NotFound(f"unknown PO {po_no!r} (see 'gendan po list --all')")
    checked = core.check_receipt(po_no, bool(cancelled), line_states(store, po_no), received, rejected, allow_over)
    written = []
    for ln, qty, bad in checked:
        cur = store.execute("INSERT INTO receipts (po_no, line, qty, rejected, date, ref, note) VALUES (?,?,?,?,?,?,?)",
                            (po_no, ln.line, qty, bad, on.isoformat(), ref, note))
        row = {"id": cur.lastrowid, "po": po_no, "line": ln.line, "sku": ln.sku, "qty": qty, "rejected": bad,
               "date": on.isoformat(), "ref": ref, "note": note}
        store.event("receipt", po_no, None, row)
        written.append(row)
    refresh_open(store, po_no)
    return written


def refresh_open(store, po_no: str) -> None:
    """open = 1 while accepted < ordered and the PO is not cancelled."""
    store.execute(
        "UPDATE po_lines SET open = CASE WHEN (SELECT cancelled FROM pos WHERE po_no = po_lines.po_no) = 0 AND "
        "qty > (SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r "
        "WHERE r.po_no = po_lines.po_no AND r.line = po_lines.line) THEN 1 ELSE 0 END WHERE po_no = ?", (po_no,))


# -- bulk (gendan import) ---------------------------------------------------------------
def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def existing_pos(store, nos) -> set[str]:
    """Which of `nos` are already PO numbers (checked in chunks, not row by row)."""
    found: set[str] = set()
    for chunk in _chunks(list(nos)):
        marks = ",".join("?" * len(chunk))
        found.update(r[0] for r in store.conn.execute(f"SELECT po_no FROM pos WHERE po_no IN ({marks})", chunk))
    return found


def insert_pos(store, pos: list[PurchaseOrder], reason: str = "") -> None:
    """Insert many new POs (numbers and references already checked), one audit event each.

    The event is the PO as `po add` records it, but built with plain string work: this is
    the hot path of a 100,000-line import."""
    store.executemany(f"INSERT INTO pos ({_PO_COLS}) VALUES (?,?,?,?,?,?,?,?)",
                      [(po.po, po.supplier, po.ordered.isoformat(), po.due.isoformat(), po.currency, po.for_order,
                        po.confirmed.isoformat() if po.confirmed else None, int(po.cancelled)) for po in pos])
    store.executemany("INSERT INTO po_lines (po_no, line, sku, qty, price, due, description, open) "
                      "VALUES (?,?,?,?,?,?,?,?)",
                      [(po.po, ln.line, ln.sku, ln.qty, str(ln.price), ln.due.isoformat(), ln.description,
                        0 if po.cancelled else 1) for po in pos for ln in po.lines])
    store.events("po", ((po.po, po_event_json(po)) for po in pos), reason, encoded=True)


def po_event_json(po: PurchaseOrder) -> str:
    """Exactly the text of the audit JSON of `core.to_dict(po)` (a test holds them equal),
    written directly: building and sorting dicts costs more than the rest of an import."""
    from json.encoder import encode_basestring as q
    lines = ", ".join(f'{{"due": "{ln.due.isoformat()}", "line": {ln.line}, "price": "{ln.price}", '
                      f'"qty": {ln.qty}, "sku": {q(ln.sku)}}}' for ln in po.lines)
    return (f'{{"cancelled": {"true" if po.cancelled else "false"}, "currency": {q(po.currency)}, '
            f'"due": "{po.due.isoformat()}", "for_order": {q(po.for_order) if po.for_order else "null"}, '
            f'"lines": [{lines}], "ordered": "{po.ordered.isoformat()}", "po": {q(po.po)}, '
            f'"supplier": {q(po.supplier)}}}')


def open_lines_for(store, po_nos) -> dict[str, tuple[bool, dict]]:
    """po → (cancelled, sku → OpenLine) for the POs a receiving list names, in chunks."""
    from gendan.core.importing import OpenLine
    out: dict[str, tuple[bool, dict]] = {}
    for chunk in _chunks(list(po_nos)):
        marks = ",".join("?" * len(chunk))
        for po_no, cancelled in store.conn.execute(f"SELECT po_no, cancelled FROM pos WHERE po_no IN ({marks})", chunk):
            out[po_no] = (bool(cancelled), {})
        rows = store.conn.execute(
            f"SELECT l.po_no, l.line, l.sku, l.qty, COALESCE(SUM(r.qty - r.rejected), 0) FROM po_lines l "
            f"LEFT JOIN receipts r ON r.po_no = l.po_no AND r.line = l.line "
            f"WHERE l.po_no IN ({marks}) GROUP BY l.po_no, l.line ORDER BY l.po_no, l.line", chunk)
        for po_no, line, sku, qty, accepted in rows:
            out[po_no][1][sku] = OpenLine(line, qty, accepted)
    return out


def receive_rows(store, rows, reason: str = "") -> None:
    """Record a receiving list (rows matched to PO lines) and keep the open flags true;
    one audit event per PO with the rows received on it."""
    store.executemany("INSERT INTO receipts (po_no, line, qty, rejected, date, ref, note) VALUES (?,?,?,?,?,?,?)",
                      [(r.po, r.po_line, r.qty, r.rejected, r.date.isoformat(), r.ref, r.note) for r in rows])
    by_po: dict[str, list] = {}
    for r in rows:
        by_po.setdefault(r.po, []).append({"line": r.po_line, "sku": r.sku, "qty": r.qty, "rejected": r.rejected,
                                           "date": r.date.isoformat(), "ref": r.ref, "note": r.note})
    for chunk in _chunks(list(by_po)):
        marks = ",".join("?" * len(chunk))
        store.execute(
            "UPDATE po_lines SET open = CASE WHEN (SELECT cancelled FROM pos WHERE po_no = po_lines.po_no) = 0 AND "
            "qty > (SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r "
            f"WHERE r.po_no = po_lines.po_no AND r.line = po_lines.line) THEN 1 ELSE 0 END WHERE po_no IN ({marks})",
            chunk)
    store.events("receipt", ((po, {"po": po, "receipts": rs}) for po, rs in by_po.items()), reason)
