"""Purchase orders, their lines, promises and receipts: rows ↔ models.

`po_lines.open` is kept true here after every receipt or cancellation, so the chase list can
read open lines from a partial index however long the history grows.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from gendan.core import numbers, purchasing
from gendan.errors import Conflict, GendanError, NotFound
from gendan.store import asof, db
from gendan.store.db import KEYS, chunks, not_found, select_in
from gendan.store.live import live

if TYPE_CHECKING:   # the models cost ~10 ms to import: only a PO being built needs them
    from gendan.core.models import PurchaseOrder

_PO_COLS = "po_no, supplier, ordered, due, currency, for_order, confirmed, cancelled"


def po_exists(store, no: str) -> bool:
    return bool(store.scalar("SELECT 1 FROM pos WHERE po_no = ?", (no,)))


def get_po(store, no: str, day: date | None = None):
    """The PO as it is now, or as of `day`: its promises, confirmation and cancellation then
    (unknown if placed after it)."""
    row = store.one(f"SELECT {_PO_COLS}, cancelled_on FROM pos WHERE po_no = ?", (no,))
    if row is None:
        raise not_found(store, "PO", no, "pos", "po_no", "see 'gendan po list --all'")
    if day is not None and row["ordered"] > day.isoformat():
        raise NotFound(f"PO {no} was placed on {row['ordered']}, after {day} (see it with a later --today)")
    return _po(row, store.query("SELECT * FROM po_lines WHERE po_no = ? ORDER BY line", (no,)), store, day)


def _po(row, line_rows, store, day: date | None = None):
    from gendan.core.models import PoLine, PurchaseOrder
    iso = day.isoformat() if day else "9999-12-31"
    promises = _promises(store, row["po_no"], iso)
    lines = tuple(PoLine(r["line"], r["sku"], r["qty"], Decimal(r["price"]), date.fromisoformat(r["due"]),
                         r["description"], *promises.get(r["line"], (None, None))) for r in line_rows)
    return PurchaseOrder(po=row["po_no"], supplier=row["supplier"], ordered=date.fromisoformat(row["ordered"]),
                         due=date.fromisoformat(row["due"]), currency=row["currency"], lines=lines,
                         for_order=row["for_order"],
                         confirmed=date.fromisoformat(row["confirmed"])
                         if row["confirmed"] and row["confirmed"] <= iso else None,
                         cancelled=bool(row["cancelled"]) and (row["cancelled_on"] or "") <= iso)


def _promises(store, po_no: str, iso: str) -> dict[int, tuple[date, date]]:
    """line → (first promised, current promised), of those recorded by `iso`."""
    out: dict[int, list[date]] = {}
    for r in store.query(f"SELECT line, promised FROM promises pr WHERE po_no = ? AND {asof.in_force('promises', 'pr')} "
                         "ORDER BY id", (po_no, iso)):
        out.setdefault(r["line"], []).append(date.fromisoformat(r["promised"]))
    return {line: (ds[0], ds[-1]) for line, ds in out.items()}


def insert_po(store, po, audit: bool = True) -> None:
    """Insert a new PO and its lines (refusing a number already used)."""
    if po_exists(store, po.po):
        raise Conflict(f"PO {po.po!r} already exists (choose another number)")
    if po.for_order:
        cancelled = store.scalar("SELECT cancelled FROM orders WHERE order_no = ?", (po.for_order,))
        if cancelled is None:
            raise not_found(store, "order", po.for_order, "orders", "order_no",
                               "for --for: see 'gendan order list --all'")
        if cancelled:
            raise GendanError(f"order {po.for_order} is cancelled (place the PO without --for, or for another order)")
    store.execute(f"INSERT INTO pos ({_PO_COLS}) VALUES (?,?,?,?,?,?,?,?)",
                  (po.po, po.supplier, po.ordered.isoformat(), po.due.isoformat(), po.currency, po.for_order,
                   po.confirmed.isoformat() if po.confirmed else None, int(po.cancelled)))
    store.executemany("INSERT INTO po_lines (po_no, line, sku, qty, price, due, description, open) "
                      "VALUES (?,?,?,?,?,?,?,1)",
                      [(po.po, ln.line, ln.sku, ln.qty, str(ln.price), ln.due.isoformat(), ln.description)
                       for ln in po.lines])
    if audit:
        store.event("po", po.po, None, purchasing.to_dict(po), day=po.ordered)


def line_states(store, po_no: str, day: date | None = None) -> list[purchasing.LineState]:
    """Each line's received and rejected quantities (on or before `day`, when given)."""
    rows = store.query(
        "SELECT l.line, l.sku, l.qty, COALESCE(SUM(r.qty), 0) AS received, COALESCE(SUM(r.rejected), 0) AS rejected "
        f"FROM po_lines l LEFT JOIN receipts r ON r.po_no = l.po_no AND r.line = l.line AND {live('receipts', 'r')} "
        f"AND {asof.in_force('receipts', 'r')} "
        "WHERE l.po_no = ? GROUP BY l.line ORDER BY l.line", ((day or date.max).isoformat(), po_no))
    return [purchasing.LineState(r["line"], r["sku"], r["qty"], r["received"], r["rejected"]) for r in rows]


def receive(store, po_no: str, received: dict[str, int], rejected: dict[str, int], on: date,
            note: str = "", ref: str = "", allow_over: bool = False) -> list[dict]:
    """Record a receipt on a PO (one row per line) and keep the lines' open flags true."""
    head = store.one("SELECT cancelled, ordered FROM pos WHERE po_no = ?", (po_no,))
    if head is None:
        raise not_found(store, "PO", po_no, "pos", "po_no", "see 'gendan po list --all'")
    cancelled = head["cancelled"]
    if on.isoformat() < head["ordered"]:
        raise GendanError(f"receipt date {on} is before PO {po_no} was placed on {head['ordered']} (check --date)")
    checked = purchasing.check_receipt(po_no, bool(cancelled), line_states(store, po_no), received, rejected, allow_over)
    written = []
    for ln, qty, bad in checked:
        cur = store.execute("INSERT INTO receipts (po_no, line, qty, rejected, date, ref, note) VALUES (?,?,?,?,?,?,?)",
                            (po_no, ln.line, qty, bad, on.isoformat(), ref, note))
        row = {"id": cur.lastrowid, "po": po_no, "line": ln.line, "sku": ln.sku, "qty": qty, "rejected": bad,
               "date": on.isoformat(), "ref": ref, "note": note}
        store.event("receipt", po_no, None, row, day=on)
        written.append(row)
    refresh_open(store, po_no)
    return written


# open = 1 while accepted < ordered and the PO is not cancelled; closed_on the day it stopped.
_SET_OPEN = ("UPDATE po_lines SET open = CASE WHEN (SELECT cancelled FROM pos WHERE po_no = po_lines.po_no) = 0 AND "
             "qty > (SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r "
             "WHERE r.po_no = po_lines.po_no AND r.line = po_lines.line AND " + live("receipts", "r") + ") "
             "THEN 1 ELSE 0 END WHERE po_no IN ({marks})")
_SET_CLOSED_ON = (f"UPDATE po_lines SET closed_on = CASE WHEN open = 1 THEN NULL ELSE {asof.LINE_CLOSED_ON} END "
                  "WHERE po_no IN ({marks})")


def refresh_open(store, po_no: str) -> None:
    """open = 1 while accepted < ordered and the PO is not cancelled (closed_on: since when not)."""
    refresh_open_many(store, [po_no])


def refresh_open_many(store, nos: list[str]) -> None:
    """refresh_open for many POs, a chunk of them a statement."""
    for chunk in chunks(nos):
        marks = ",".join("?" * len(chunk))
        store.execute(_SET_OPEN.format(marks=marks), chunk)
        store.execute(_SET_CLOSED_ON.replace("{marks}", marks), chunk)


# -- the chase list ---------------------------------------------------------------------

# Open lines come from the partial index `po_lines_open_by_due` (open = 1): closed history is
# never read. Receipts, promises and chases are aggregated in grouped joins driven by the open
# lines (an index search per open line), each its own query, merged in Python: no per-row
# subqueries, and no plan that depends on how the optimizer costs a join between aggregates.
# As of a day (rule 8) the lines open then are those open now and those closed after it: each
# query runs once on each partial index (`closed` finds nothing for today, at the cost of one
# index probe), and nothing dated after the day (a PO placed, a receipt, promise, chase,
# confirmation or cancellation) is counted.
SOURCES = {"open": "po_lines l INDEXED BY po_lines_open_by_due",
           "closed": "po_lines l INDEXED BY po_lines_closed_after"}
_OPEN_THEN = {"open": "l.open = 1", "closed": "l.open = 0 AND l.closed_on > :day"}
_SUPPLIER = " AND p.supplier = :supplier"
CHASE_QUERIES = {
    # A replacement PO (补件) is chased for its complaint: `for_order` shows the complaint and
    # the date it is at risk against is the complaint's (core.aftersales; m008).
    "lines": f"""SELECT l.po_no, l.line, l.sku, l.qty, l.due, p.supplier, p.ordered,
                        CASE WHEN p.confirmed <= :day THEN p.confirmed END, 0,
                        COALESCE(p.complaint, p.for_order), COALESCE(cm.due, o.due)
                 FROM {{src}} CROSS JOIN pos p ON p.po_no = l.po_no
                 LEFT JOIN orders o ON o.order_no = p.for_order
                 LEFT JOIN complaints cm ON cm.complaint_no = p.complaint
                 WHERE {{open_then}} AND {asof.in_force("pos", "p").replace("?", ":day")}
                   AND {asof.not_cancelled("p").replace("?", ":day")}{{supplier}}""",
    "receipts": f"""SELECT l.po_no, l.line, SUM(r.qty), SUM(r.rejected)
                    FROM {{src}} CROSS JOIN receipts r ON r.po_no = l.po_no AND r.line = l.line
                    WHERE {{open_then}} AND {asof.in_force("receipts", "r").replace("?", ":day")}
                      AND {live('receipts', 'r')} GROUP BY l.po_no, l.line""",
    # SQLite takes a bare column from the row that holds MAX(): the latest promise per line.
    "promises": f"""SELECT l.po_no, l.line, pr.promised, MAX(pr.id)
                    FROM {{src}} CROSS JOIN promises pr ON pr.po_no = l.po_no AND pr.line = l.line
                    WHERE {{open_then}} AND {asof.in_force("promises", "pr").replace("?", ":day")}
                    GROUP BY l.po_no, l.line""",
    "chases": f"""SELECT c.po_no, COUNT(*), MAX(c.date)
                  FROM (SELECT DISTINCT po_no FROM {{src}} WHERE {{open_then}}) op
                  CROSS JOIN chases c ON c.po_no = op.po_no
                  WHERE {asof.in_force("chases", "c").replace("?", ":day")} GROUP BY c.po_no""",
}


# The open lines that can have a reason to be chased (core.purchasing._reason): expected by the
# horizon (today + window: overdue or due soon; a promise may move a line either way, so a line
# with one is always read), for an order or complaint (at risk), or unconfirmed too long (as of
# the day: a confirmation recorded later has not happened yet). The others — confirmed, due
# later, for stock — are left in SQLite: on a desk where most lines are on track that is most of
# them, and building them in Python is most of the list's work.
_LISTABLE = (" AND (l.due <= :horizon OR p.for_order IS NOT NULL OR p.complaint IS NOT NULL"
             " OR ((p.confirmed IS NULL OR p.confirmed > :day) AND p.ordered < :unconfirmed_before)"
             " OR EXISTS (SELECT 1 FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line))")


def chase_sql(name: str, supplier: str | None = None, source: str = "open", listable: bool = False) -> str:
    """One chase query over one source of lines (`open`, or `closed` after the day); its
    parameters are named: `:day`, `:supplier` when given, `:horizon` and
    `:unconfirmed_before` when `listable`."""
    return CHASE_QUERIES[name].format(src=SOURCES[source], open_then=_OPEN_THEN[source],
                                      supplier=(_SUPPLIER if supplier else "") + (_LISTABLE if listable else ""))


def open_lines(store, today: date, supplier: str | None = None,
               listable: tuple[date, date] | None = None) -> list[purchasing.OpenLine]:
    """Every PO line open on `today` with what the chase rules need, read through the
    open-lines index (and the closed-after index, for lines closed since); with `listable`
    (the horizon, and the day before which an unconfirmed PO is listed), only those the chase
    list can list (_LISTABLE)."""
    cache: dict[str, date] = {}

    def iso(text: str) -> date:      # few distinct dates among thousands of lines: parse each once
        d = cache.get(text)
        if d is None:
            d = cache[text] = date.fromisoformat(text)
        return d

    q = store.conn.execute
    OpenLine = purchasing.OpenLine
    params = {"day": today.isoformat(), "supplier": supplier}
    out = []
    with store.snapshot():  # eight queries, one state: never a chase without its promise
        got, promised, chased = {}, {}, {}
        for source in SOURCES:
            got.update(((po, ln), (rc, rj)) for po, ln, rc, rj in q(chase_sql("receipts", source=source), params))
            promised.update(((po, ln), d) for po, ln, d, _ in q(chase_sql("promises", source=source), params))
            chased.update((po, (n, last)) for po, n, last in q(chase_sql("chases", source=source), params))
        if listable:
            params["horizon"], params["unconfirmed_before"] = (d.isoformat() for d in listable)
        for source in SOURCES:
            # The lines straight from the cursor: no list of 10,000 rows beside their OpenLines.
            for po, line, sku, qty, due, sup, ordered, confirmed, cancelled, for_order, order_due in q(
                    chase_sql("lines", supplier, source, listable is not None), params):
                received, rejected = got.get((po, line), (0, 0))
                prom = promised.get((po, line))
                chases, last = chased.get(po, (0, None))
                # Positional, in OpenLine's field order: 10,000 of these per chase list.
                out.append(OpenLine(po, line, sku, sup, qty, iso(due), iso(ordered), received, rejected, for_order,
                                    iso(order_due) if order_due else None, iso(confirmed) if confirmed else None,
                                    iso(prom) if prom else None, iso(last) if last else None, chases,
                                    bool(cancelled)))
    return out


def chase_list(store, today: date, window: int | None = None, supplier: str | None = None,
               lines: list[purchasing.OpenLine] | None = None) -> list[dict]:
    """The chase list rows (contract fields plus `remark`), with the settings applied; from
    `lines` when the caller has read the open lines already (the morning report)."""
    if supplier:
        from gendan.store.parties import get_supplier
        get_supplier(store, supplier)
    window = store.setting("chase_window") if window is None else window
    unconfirmed_days = store.setting("unconfirmed_days")
    if lines is None:
        lines = open_lines(store, today, supplier, (today + timedelta(days=window),
                                                    today - timedelta(days=unconfirmed_days)))
    return purchasing.chase_list(lines, today, window=window, buffer_days=store.setting("buffer_days"),
                                 unconfirmed_days=unconfirmed_days)


# -- confirmations, promises, chases, cancellation ---------------------------------------

def _open_line_numbers(store, po_no: str, line: int | None) -> list[int]:
    """The lines a promise applies to: the one named, else every open line of the PO."""
    lines = {r["line"]: r["open"] for r in store.query("SELECT line, open FROM po_lines WHERE po_no = ?", (po_no,))}
    if line is not None:
        if line not in lines:
            raise NotFound(f"PO {po_no} has no line {line} (its lines: {', '.join(map(str, sorted(lines)))})")
        if not lines[line]:
            raise GendanError(f"PO {po_no} line {line} is already fully received (nothing to promise)")
        return [line]
    return [n for n, is_open in sorted(lines.items()) if is_open]


def add_promises(store, po, promised: date, recorded: date, source: str,
                 line: int | None = None) -> list[int]:
    """Append a promised date to the PO's open lines (or one line): history, never overwritten."""
    purchasing.check_promise(po, promised)
    lines = _open_line_numbers(store, po.po, line)
    if not lines:
        raise GendanError(f"PO {po.po} has no open lines (nothing is waiting for a promise)")
    store.executemany("INSERT INTO promises (po_no, line, promised, recorded, source) VALUES (?,?,?,?,?)",
                      [(po.po, n, promised.isoformat(), recorded.isoformat(), source) for n in lines])
    before = {ln.line: ln.promised for ln in po.lines}
    for n in lines:
        store.event("promise", po.po, {"line": n, "promised": before.get(n)},
                    {"line": n, "promised": promised.isoformat(), "source": source}, day=recorded)
    return lines


def confirm(store, no: str, on: date, promised: date | None = None, line: int | None = None) -> None:
    """The supplier countersigned (回传确认); an optional promised date joins the history."""
    po = get_po(store, no)
    purchasing.check_confirm(po, on, promised)
    if line is not None and line not in {ln.line for ln in po.lines}:
        raise NotFound(f"PO {no} has no line {line}", f"its lines are 1-{len(po.lines)}; see 'gendan po show {no}'")
    if po.confirmed is None:
        store.execute("UPDATE pos SET confirmed = ? WHERE po_no = ?", (on.isoformat(), no))
        store.event("po", no, {"confirmed": None}, {"confirmed": on.isoformat()}, day=on)
    if promised is not None:
        add_promises(store, po, promised, on, "confirm", line)


def record_chase(store, no: str, on: date, via: str, note: str = "", promised: date | None = None,
                 line: int | None = None) -> int:
    """Append a chase (跟催) to the log; a promise given on the call joins the line history."""
    po = get_po(store, no)
    purchasing.check_chase(po, on, via)
    if promised is not None:
        add_promises(store, po, promised, on, "chase", line)
    elif not _open_line_numbers(store, no, line):
        raise GendanError(f"PO {no} has no open lines (nothing to chase)")
    cur = store.execute("INSERT INTO chases (po_no, date, via, note, promised) VALUES (?,?,?,?,?)",
                        (no, on.isoformat(), via, note, promised.isoformat() if promised else None))
    store.event("chase", no, None, {"id": cur.lastrowid, "date": on.isoformat(), "via": via, "note": note,
                                    "promised": promised.isoformat() if promised else None, "line": line}, day=on)
    return cur.lastrowid


def cancel(store, no: str, reason: str):
    """Cancel a PO (or what is left of it): its lines leave the chase list; receipts stay."""
    po = get_po(store, no)
    if po.cancelled:
        raise GendanError(f"PO {no} is already cancelled")
    store.execute("UPDATE pos SET cancelled = 1, cancelled_on = ? WHERE po_no = ?", (store.day_text(), no))
    refresh_open(store, no)
    store.event("po", no, {"cancelled": False}, {"cancelled": True}, reason)
    return po


def change(store, no: str, due: date | None, items: list, line_dues: dict[int, date], reason: str):
    """`po change`: write the amended PO (core.purchasing.change_po). Goods already received on
    a line whose price changes keep the price they came in at (receipts.price, m006), so a
    statement already sent never changes; the audit event keeps the earlier PO."""
    before = get_po(store, no)
    accepted = {s.line: s.accepted for s in line_states(store, no)}
    after = purchasing.change_po(before, accepted, due, items, line_dues)
    old = {ln.line: ln for ln in before.lines}
    for ln in after.lines:
        was = old.get(ln.line)
        if was is not None and was.price != ln.price:
            store.execute("UPDATE receipts SET price = ? WHERE po_no = ? AND line = ? AND price IS NULL",
                          (str(was.price), no, ln.line))
        store.execute("INSERT INTO po_lines (po_no, line, sku, qty, price, due, description, open) "
                      "VALUES (?,?,?,?,?,?,?,1) ON CONFLICT (po_no, line) DO UPDATE SET qty = excluded.qty, "
                      "price = excluded.price, due = excluded.due",
                      (no, ln.line, ln.sku, ln.qty, str(ln.price), ln.due.isoformat(), ln.description))
    store.execute("UPDATE pos SET due = ? WHERE po_no = ?", (after.due.isoformat(), no))
    refresh_open(store, no)
    store.event("po", no, purchasing.to_dict(before), purchasing.to_dict(after), reason)
    return after


# -- listing and showing POs -----------------------------------------------------------

# As of :day: placed by then, receipts and cancellations dated by then, lines open then.
_CANCELLED_THEN = "(p.cancelled = 1 AND p.cancelled_on <= :day)"
PO_LIST_SQL = f"""
SELECT p.po_no, p.supplier, p.ordered, p.due, p.for_order, p.currency,
       CASE WHEN p.confirmed <= :day THEN p.confirmed END AS confirmed, {_CANCELLED_THEN} AS cancelled,
       COUNT(*) AS lines, SUM(l.qty) AS qty, SUM(l.open = 1 OR l.closed_on > :day) AS open_lines,
       SUM(COALESCE(r.received, 0)) AS received, SUM(COALESCE(r.rejected, 0)) AS rejected,
       SUM(CASE WHEN {_CANCELLED_THEN} THEN 0
           ELSE MAX(l.qty - COALESCE(r.received, 0) + COALESCE(r.rejected, 0), 0) END) AS qty_open,
       GROUP_CONCAT(l.qty || '@' || l.price, ' ') AS priced
FROM pos p JOIN po_lines l ON l.po_no = p.po_no
LEFT JOIN (SELECT po_no, line, SUM(qty) AS received, SUM(rejected) AS rejected FROM receipts
           WHERE po_no IN (SELECT po_no FROM pos p {{where}}) AND date <= :day AND {{live}}
           GROUP BY po_no, line) r
       ON r.po_no = l.po_no AND r.line = l.line
{{where}}
GROUP BY p.po_no
ORDER BY p.due, p.po_no
"""
# The POs with a line open on :day, from the two partial indexes.
_OPEN_POS = ("p.po_no IN (SELECT po_no FROM po_lines INDEXED BY po_lines_open_by_due WHERE open = 1 UNION "
             "SELECT po_no FROM po_lines INDEXED BY po_lines_closed_after WHERE open = 0 AND closed_on > :day)")


def po_rows(store, today: date, include_closed: bool = False, supplier: str | None = None) -> list[dict]:
    """The rows of `po list` as of `today`: POs with lines open then (or all placed by then),
    by due date."""
    from gendan.core.money import line_amount
    clauses = [asof.in_force("pos", "p").replace("?", ":day")]
    if not include_closed:
        clauses.append(_OPEN_POS)
    if supplier:
        clauses.append("p.supplier = :supplier")
    where = "WHERE " + " AND ".join(clauses)
    rows = store.query(PO_LIST_SQL.format(where=where, live=live("receipts")),
                       {"day": today.isoformat(), "supplier": supplier})
    out = []
    for r in rows:
        amount = sum((line_amount(int(q), Decimal(p), r["currency"]) for q, p in
                      (x.split("@") for x in r["priced"].split(" "))), Decimal(0))
        accepted = r["received"] - r["rejected"]
        out.append({"po": r["po_no"], "supplier": r["supplier"], "ordered": r["ordered"], "due": r["due"],
                    "for_order": r["for_order"], "lines": r["lines"], "qty": r["qty"], "qty_accepted": accepted,
                    "qty_rejected": r["rejected"], "qty_open": r["qty_open"], "amount": amount,
                    "currency": r["currency"], "confirmed": r["confirmed"],
                    "status": purchasing.po_status(bool(r["cancelled"]), r["open_lines"], r["received"])})
    return out


def line_rows(store, po, day: date | None = None) -> list[dict]:
    """Each line of a PO with what has arrived, what was rejected and what is still open."""
    from gendan.core.money import line_amount
    from gendan.store.products import descriptions
    states = {s.line: s for s in line_states(store, po.po, day)}
    described = descriptions(store, [ln.sku for ln in po.lines if not ln.description])
    out = []
    for ln in po.lines:
        s = states[ln.line]
        out.append({"line": ln.line, "sku": ln.sku, "description": ln.description or described.get(ln.sku, ""),
                    "qty": ln.qty,
                    "price": ln.price, "amount": line_amount(ln.qty, ln.price, po.currency), "due": ln.due,
                    "first_promised": ln.first_promised, "promised": ln.promised, "received": s.received,
                    "rejected": s.rejected, "accepted": s.accepted, "qty_open": 0 if po.cancelled else s.open_qty})
    return out


def po_view(store, no: str, day: date) -> dict:
    """`po show` as of `day`: the PO, its lines, promise history, receipts, chases and audit events."""
    from gendan.store import event_log, inspection   # not on the chase list's path
    po = get_po(store, no, day)
    lines = line_rows(store, po, day)
    iso = day.isoformat()
    sku = {ln.line: ln.sku for ln in po.lines}
    return {
        "po": po.po, "supplier": po.supplier, "ordered": po.ordered, "due": po.due, "for_order": po.for_order,
        "currency": po.currency, "confirmed": po.confirmed, "cancelled": po.cancelled,
        "amount": sum((ln["amount"] for ln in lines), Decimal(0)),
        "qty_open": sum(ln["qty_open"] for ln in lines),
        "lines": lines,
        "promises": [{"line": r["line"], "sku": sku.get(r["line"]), "promised": r["promised"],
                      "recorded": r["recorded"], "source": r["source"]}
                     for r in store.query(f"SELECT * FROM promises WHERE po_no = ? AND {asof.in_force('promises')} "
                                          "ORDER BY id", (no, iso))],
        "receipts": [{"receipt": numbers.receipt_no(r["id"]), "date": r["date"], "line": r["line"], "sku": sku.get(r["line"]),
                      "qty": r["qty"], "rejected": r["rejected"], "accepted": r["qty"] - r["rejected"],
                      "ref": r["ref"], "note": r["note"], "void": r["voided"] is not None}
                     for r in store.query(f"SELECT * FROM receipts WHERE po_no = ? AND {asof.in_force('receipts')} "
                                          "ORDER BY date, id", (no, iso))],
        "chases": [{"date": r["date"], "via": r["via"], "promised": r["promised"], "note": r["note"]}
                   for r in store.query(f"SELECT * FROM chases WHERE po_no = ? AND {asof.in_force('chases')} "
                                        "ORDER BY date, id", (no, iso))],
        "inspections": inspection.ref_rows(store, "po", no, day),
        "events": event_log.events(store, no, day),
    }


# -- supplier score and prices ---------------------------------------------------------

def score_facts(store, supplier: str | None = None, since: date | None = None, until: date | None = None):
    """(receipts, lots) per supplier behind `supplier score`, with each line's first and current
    promise; dated from `since` (when given) up to `until` (today)."""
    until_iso = (until or date.max).isoformat()
    where, params = db.where(("r.date <= ?", until_iso), ("p.supplier = ?", supplier or None),
                             ("r.date >= ?", since and since.isoformat()), prefix="AND")
    iso = date.fromisoformat
    rows = store.query(
        "SELECT p.supplier, r.po_no, r.line, l.sku, r.date, r.qty, r.rejected, l.due, "
        # the promises standing when the goods came: a re-promise made after a delivery does not
        # make that delivery on time (nor one recorded after `until`, which comes later still)
        "(SELECT promised FROM promises pr WHERE pr.po_no = r.po_no AND pr.line = r.line "
        " AND pr.recorded <= r.date ORDER BY id LIMIT 1) AS first, "
        "(SELECT promised FROM promises pr WHERE pr.po_no = r.po_no AND pr.line = r.line "
        " AND pr.recorded <= r.date ORDER BY id DESC LIMIT 1) AS cur "
        "FROM receipts r JOIN po_lines l ON l.po_no = r.po_no AND l.line = r.line JOIN pos p ON p.po_no = r.po_no "
        f"WHERE {live('receipts', 'r')} {where} ORDER BY r.date, r.id", params)
    receipts = [purchasing.ReceiptFact(r["supplier"], r["po_no"], r["line"], r["sku"], iso(r["date"]), r["qty"],
                                 r["rejected"], iso(r["due"]), iso(r["first"]) if r["first"] else None,
                                 iso(r["cur"]) if r["cur"] else None) for r in rows]
    where = where.replace("r.date", "i.date")
    lots = [purchasing.LotFact(r["supplier"], r["ref"], iso(r["date"]), r["result"], r["sku"], bool(r["waived"]))
            for r in store.query(
                "SELECT p.supplier, i.ref, i.date, i.result, i.sku, i.waived FROM inspections i "
                f"JOIN pos p ON p.po_no = i.ref WHERE i.ref_kind = 'po' AND i.stage = 'incoming' AND {live('inspections', 'i')} "
                f"{where} ORDER BY i.date, i.id", params)]
    return receipts, lots


def overdue_facts(store, on: date, supplier: str | None = None) -> list[purchasing.OverdueFact]:
    """PO lines still open at the end of `on` (accepted receipts dated up to it below the
    ordered quantity, PO placed by then and not cancelled by then) whose expected date (current
    or first promise recorded by then, else due) had passed: the late pieces a supplier score
    counts although they have not arrived."""
    day = on.isoformat()
    where, params = ("AND p.supplier = ?", [supplier]) if supplier else ("", [])
    rows = store.query(
        "SELECT * FROM (SELECT p.supplier, l.po_no, l.line, l.sku, l.due, l.qty - "
        "(SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line "
        f"AND r.date <= ? AND {live('receipts', 'r')}) AS qty_open, "
        "(SELECT promised FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line "
        f" AND {asof.in_force('promises', 'pr')} ORDER BY id LIMIT 1) AS first, "
        "(SELECT promised FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line "
        f" AND {asof.in_force('promises', 'pr')} ORDER BY id DESC LIMIT 1) AS cur "
        f"FROM po_lines l JOIN pos p ON p.po_no = l.po_no WHERE {asof.not_cancelled('p')} "
        f"AND {asof.in_force('pos', 'p')} {where}) "
        "WHERE qty_open > 0 AND (COALESCE(cur, due) < ? OR COALESCE(first, due) < ?) ORDER BY supplier, po_no, line",
        [day, day, day, day, day, *params, day, day])
    iso = date.fromisoformat
    return [purchasing.OverdueFact(r["supplier"], r["po_no"], r["line"], r["sku"], r["qty_open"], iso(r["due"]),
                             iso(r["first"]) if r["first"] else None, iso(r["cur"]) if r["cur"] else None)
            for r in rows]


def last_prices(store, supplier: str, day: date) -> list[dict]:
    """Per SKU, the price on the supplier's latest PO (placed and not cancelled by `day`) and
    the one before it."""
    rows = store.query(
        "SELECT l.sku, l.price, p.currency, p.po_no, p.ordered FROM po_lines l JOIN pos p ON p.po_no = l.po_no "
        f"WHERE p.supplier = ? AND {asof.in_force('pos', 'p')} AND {asof.not_cancelled('p')} "
        "ORDER BY l.sku, p.ordered DESC, p.po_no DESC", (supplier, day.isoformat(), day.isoformat()))
    out: dict[str, dict] = {}
    for r in rows:
        if r["sku"] not in out:
            out[r["sku"]] = {"sku": r["sku"], "price": Decimal(r["price"]), "currency": r["currency"],
                             "po": r["po_no"], "ordered": r["ordered"], "previous_price": None}
        elif out[r["sku"]]["previous_price"] is None:
            out[r["sku"]]["previous_price"] = Decimal(r["price"])
    return list(out.values())


# -- bulk (gendan import) ---------------------------------------------------------------


def existing_pos(store, nos) -> set[str]:
    """Which of `nos` are already PO numbers."""
    return store.existing("pos", "po_no", nos)


def insert_pos(store, pos: list[PurchaseOrder], reason: str = "") -> None:
    """Insert many new POs (numbers and references already checked), one audit event each.

    The hot path of a 100,000-line import: one pass builds the rows and the audit JSON,
    each date and price turned into text once."""
    from json.encoder import encode_basestring as q
    iso: dict = {}
    head_rows, line_rows, events = [], [], []
    for po in pos:
        no, open_ = po.po, 0 if po.cancelled else 1
        closed_on = None if open_ else po.ordered.isoformat()   # imported cancelled: since it was placed
        ordered = iso.get(po.ordered) or iso.setdefault(po.ordered, po.ordered.isoformat())
        due = iso.get(po.due) or iso.setdefault(po.due, po.due.isoformat())
        head_rows.append((no, po.supplier, ordered, due, po.currency, po.for_order,
                          po.confirmed.isoformat() if po.confirmed else None, int(po.cancelled)))
        parts = []
        for ln in po.lines:
            price = str(ln.price)
            ln_due = iso.get(ln.due) or iso.setdefault(ln.due, ln.due.isoformat())
            line_rows.append((no, ln.line, ln.sku, ln.qty, price, ln_due, ln.description, open_, closed_on))
            parts.append(f'{{"due": "{ln_due}", "line": {ln.line}, "price": "{price}", "qty": {ln.qty}, '
                         f'"sku": {q(ln.sku)}}}')
        events.append((no, _po_json(po, ordered, due, ", ".join(parts), q), ordered))
    store.executemany(f"INSERT INTO pos ({_PO_COLS}, cancelled_on) VALUES (?,?,?,?,?,?,?,?,"
                      f"CASE WHEN ?8 = 1 THEN ?3 END)", head_rows)
    store.executemany("INSERT INTO po_lines (po_no, line, sku, qty, price, due, description, open, closed_on) "
                      "VALUES (?,?,?,?,?,?,?,?,?)", line_rows)
    store.events("po", events, reason, encoded=True)


def po_event_json(po: PurchaseOrder) -> str:
    """Exactly the text of the audit JSON of `core.purchasing.to_dict(po)` (a test holds them equal),
    written directly: building and sorting dicts costs more than the rest of an import."""
    from json.encoder import encode_basestring as q
    lines = ", ".join(f'{{"due": "{ln.due.isoformat()}", "line": {ln.line}, "price": "{ln.price}", '
                      f'"qty": {ln.qty}, "sku": {q(ln.sku)}}}' for ln in po.lines)
    return _po_json(po, po.ordered.isoformat(), po.due.isoformat(), lines, q)


def _po_json(po: PurchaseOrder, ordered: str, due: str, lines: str, q) -> str:
    return (f'{{"cancelled": {"true" if po.cancelled else "false"}, "currency": {q(po.currency)}, '
            f'"due": "{due}", "for_order": {q(po.for_order) if po.for_order else "null"}, '
            f'"lines": [{lines}], "ordered": "{ordered}", "po": {q(po.po)}, '
            f'"supplier": {q(po.supplier)}}}')


def open_lines_for(store, po_nos) -> dict[str, tuple[bool, dict]]:
    """po → (cancelled, sku → ReceivableLine) for the POs a receiving list names, in chunks."""
    from gendan.core.importing import ReceivableLine
    po_nos = list(po_nos)
    out: dict[str, tuple[bool, dict]] = {
        po_no: (bool(cancelled), {})
        for po_no, cancelled in select_in(store.conn, f"SELECT po_no, cancelled FROM pos WHERE po_no IN {KEYS}", po_nos)}
    rows = select_in(store.conn,
                     f"SELECT l.po_no, l.line, l.sku, l.qty, COALESCE(SUM(r.qty - r.rejected), 0), p.ordered "
                     f"FROM po_lines l JOIN pos p ON p.po_no = l.po_no "
                     f"LEFT JOIN receipts r ON r.po_no = l.po_no AND r.line = l.line AND {live('receipts', 'r')} "
                     f"WHERE l.po_no IN {KEYS} GROUP BY l.po_no, l.line ORDER BY l.po_no, l.line", po_nos)
    for po_no, line, sku, qty, accepted, placed in rows:
        out[po_no][1][sku] = ReceivableLine(line, qty, accepted, placed)
    return out


def last_receipt_id(store) -> int:
    """The newest receipt's id (0 when none): an import tells what was there before it."""
    return store.scalar("SELECT COALESCE(MAX(id), 0) FROM receipts")


def receipts_with_refs(store, po_nos, up_to: int) -> dict[tuple, int]:
    """(po, line, date, ref, qty, rejected) → receipt id, for the live receipts of `po_nos`
    that carry a delivery-note ref, up to id `up_to`: what a receiving list imported a second
    time would repeat. The earliest id of equal receipts (read newest first, the last wins)."""
    return {(po, line, day, ref, qty, rejected): rid for rid, po, line, day, ref, qty, rejected in select_in(
        store.conn, f"SELECT id, po_no, line, date, ref, qty, rejected FROM receipts WHERE ref != '' AND id <= ? "
                    f"AND {live('receipts')} AND po_no IN {KEYS} ORDER BY id DESC", po_nos, before=[up_to])}


def receive_rows(store, rows, reason: str = "") -> None:
    """Record a receiving list (rows matched to PO lines) and keep the open flags true;
    one audit event per PO with the rows received on it."""
    store.executemany("INSERT INTO receipts (po_no, line, qty, rejected, date, ref, note) VALUES (?,?,?,?,?,?,?)",
                      [(r.po, r.po_line, r.qty, r.rejected, r.date.isoformat(), r.ref, r.note) for r in rows])
    by_po: dict[str, list] = {}
    for r in rows:
        by_po.setdefault(r.po, []).append({"line": r.po_line, "sku": r.sku, "qty": r.qty, "rejected": r.rejected,
                                           "date": r.date.isoformat(), "ref": r.ref, "note": r.note})
    refresh_open_many(store, list(by_po))
    store.events("receipt", ((po, {"po": po, "receipts": rs}, max(r["date"] for r in rs)) for po, rs in by_po.items()),
                 reason)
