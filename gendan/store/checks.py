"""Integrity checks (`gendan check`): plain functions over the database, each returning its
findings as values — like a linter, never raising. `CHECKS` lists them in the order run.

Each finding is a dict `{check, ref, message}`; an empty list means the check passed.
"""
from decimal import Decimal

import sqlite3

from gendan.core import numbers
from gendan.store import validity
from gendan.store.validity import finding, sqlite3_command
from gendan.store.live import live

FIELDS = ["check", "ref", "message"]


def sqlite_integrity(store) -> list[dict]:
    """PRAGMA integrity_check: the file itself is sound. A damaged file is restored from a
    backup; no command of gendan can repair it (the finding's last line says so)."""
    rows = [r[0] for r in store.conn.execute("PRAGMA integrity_check(20)").fetchall()]
    if rows == ["ok"]:
        return []
    return [finding("integrity", "database", r) for r in rows] + [finding("integrity", "database", _restore(store))]


def _quoted(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _set_flag(table: str, column: str, value: int, **key) -> str:
    where = " AND ".join(f"{k} = {v if isinstance(v, int) else _quoted(v)}" for k, v in key.items())
    return f"UPDATE {table} SET {column} = {value} WHERE {where}"


def _restore(store, error: str = "integrity_check failed") -> str:
    return validity.RESTORE.format(error=error, path=store.path)


def foreign_keys(store) -> list[dict]:
    """PRAGMA foreign_key_check: every reference points at a row that exists."""
    out = []
    for table, rowid, parent, _ in store.conn.execute("PRAGMA foreign_key_check").fetchall():
        out.append(finding("foreign_key", f"{table}#{rowid}", f"row {rowid} of {table} refers to a missing {parent} row "
                                                                f"(restore the latest backup, or point it at an existing "
                                                                f"{parent} row: {sqlite3_command(store, f'SELECT * FROM {table} WHERE rowid = {rowid}')} "
                                                                f"shows it)"))
    return out


def shipped_within_ordered(store) -> list[dict]:
    """Shipped ≤ ordered on every order line, unless a shipment of the line was forced."""
    rows = store.query(
        "SELECT ol.order_no, ol.line, ol.sku, ol.qty, SUM(l.qty) AS shipped, MAX(s.forced) AS forced, MAX(s.id) AS last "
        "FROM order_lines ol JOIN shipment_lines l ON l.order_no = ol.order_no AND l.line = ol.line "
        f"JOIN shipments s ON s.id = l.shipment_id WHERE {live('shipments', 's')} "
        "GROUP BY ol.order_no, ol.line HAVING shipped > ol.qty AND forced = 0")
    return [finding("shipped_le_ordered", r["order_no"],
                     f"line {r['line']} {r['sku']}: shipped {r['shipped']} of {r['qty']} ordered, and no shipment was forced "
                     f"(void the shipment entered by mistake, e.g. the latest: gendan ship void "
                     f"{numbers.shipment_no(r['last'])} --reason TEXT)")
            for r in rows]


def shipment_lines_match_order(store) -> list[dict]:
    """A shipment's lines belong to the shipment's own order."""
    rows = store.query("SELECT s.id, s.order_no, l.order_no AS line_order FROM shipments s "
                       "JOIN shipment_lines l ON l.shipment_id = s.id WHERE l.order_no <> s.order_no")
    return [finding("shipment_order", numbers.shipment_no(r['id']),
                     f"has a line of order {r['line_order']} but ships order {r['order_no']} (void it and ship "
                     f"again: gendan ship void {numbers.shipment_no(r['id'])} --reason TEXT)") for r in rows]


def accepted_within_received(store) -> list[dict]:
    """Rejected ≤ received on every receipt (accepted is never negative)."""
    rows = store.query("SELECT id, po_no, line, qty, rejected FROM receipts WHERE rejected > qty OR rejected < 0 OR qty < 0")
    return [finding("accepted_le_received", r["po_no"],
                     f"receipt {r['id']} on line {r['line']}: {r['rejected']} rejected of {r['qty']} received (void it and "
                     f"receive again: gendan receipt void {numbers.receipt_no(r['id'])} --reason TEXT)")
            for r in rows]


def payment_allocations(store) -> list[dict]:
    """A payment is made by a known party, and one allocated to an order (PO) is for an
    order of the same customer (supplier) and in its currency."""
    out = []
    for r in store.query(
            "SELECT p.id, p.direction, p.party, p.currency, p.amount, p.order_no, p.po_no, "
            "o.customer AS o_party, o.currency AS o_cur, q.supplier AS q_party, q.currency AS q_cur, "
            "c.code AS cust, s.code AS supp FROM payments p "
            "LEFT JOIN orders o ON o.order_no = p.order_no LEFT JOIN pos q ON q.po_no = p.po_no "
            "LEFT JOIN customers c ON c.code = p.party LEFT JOIN suppliers s ON s.code = p.party "
            f"WHERE {live('payments', 'p')} ORDER BY p.id"):
        ref, found = numbers.payment_no(r['id']), []
        kind = "customer" if r["direction"] == "in" else "supplier"
        if (r["cust"] if kind == "customer" else r["supp"]) is None:
            found.append(("payment_party", ref, f"pay {r['direction']} by unknown {kind} {r['party']}"))
        if _bad_amount(r["amount"]):
            found.append(("payment_amount", ref, f"amount {r['amount']!r} is not a positive decimal"))
        if r["direction"] == "in" and r["po_no"]:
            found.append(("payment_allocation", ref, f"money in is allocated to PO {r['po_no']}"))
        if r["direction"] == "out" and r["order_no"]:
            found.append(("payment_allocation", ref, f"money out is allocated to order {r['order_no']}"))
        for doc, party, cur in ((r["order_no"], r["o_party"], r["o_cur"]), (r["po_no"], r["q_party"], r["q_cur"])):
            if doc and party is not None and party != r["party"]:
                found.append(("payment_allocation", ref, f"paid by {r['party']} but {doc} belongs to {party}"))
            if doc and cur is not None and cur != r["currency"]:
                found.append(("payment_allocation", ref, f"in {r['currency']} but {doc} is in {cur}"))
        out += [finding(check, ref, f"{msg} (void it and record it again: gendan pay void {ref} --reason TEXT)")
                for check, _, msg in found]
    return out


def _bad_amount(text) -> bool:
    try:
        return Decimal(str(text)) <= 0
    except Exception:
        return True


# entity → SQL that is true when the key exists; entities not listed are accepted when the
# key names any document or party (other command groups may log entities of their own).
_ENTITY_KEYS = {
    "customer": "SELECT 1 FROM customers WHERE code = ?",
    "supplier": "SELECT 1 FROM suppliers WHERE code = ?",
    "order": "SELECT 1 FROM orders WHERE order_no = ?",
    "po": "SELECT 1 FROM pos WHERE po_no = ?",
    "bom": "SELECT 1 FROM boms WHERE sku = ?",
    "receipt": "SELECT 1 FROM pos WHERE po_no = ?",
    "chase": "SELECT 1 FROM pos WHERE po_no = ?",
    "setting": "SELECT 1 FROM settings WHERE key = ?",
    **{e: "SELECT 1 FROM complaints WHERE complaint_no = ?"
       for e in ("complaint", "complaint reply", "complaint action", "complaint close")},
    "product": "SELECT 1 FROM products WHERE sku = ?",
    "sample": "SELECT 1 FROM samples WHERE sample_no = ?",
}
_ANY_KEY = ("SELECT 1 FROM customers WHERE code = :k UNION ALL SELECT 1 FROM suppliers WHERE code = :k "
            "UNION ALL SELECT 1 FROM orders WHERE order_no = :k UNION ALL SELECT 1 FROM pos WHERE po_no = :k "
            "UNION ALL SELECT 1 FROM settings WHERE key = :k "
            "UNION ALL SELECT 1 FROM complaints WHERE complaint_no = :k "
            f"UNION ALL SELECT 1 FROM shipments WHERE printf('{numbers.sqlite_printf(numbers.SHIPMENT)}', id) = :k "
            f"UNION ALL SELECT 1 FROM payments WHERE printf('{numbers.sqlite_printf(numbers.PAYMENT)}', id) = :k "
            "OR CAST(id AS TEXT) = :k")


def event_keys(store) -> list[dict]:
    """Every audit event names an entity that exists."""
    out, seen = [], set()
    for r in store.query("SELECT DISTINCT entity, key FROM events WHERE entity != 'shutdown' ORDER BY entity, key"):
        entity, key = r["entity"], r["key"]
        sql = _ENTITY_KEYS.get(entity)
        found = store.scalar(sql, (key,)) if sql else store.scalar(_ANY_KEY, {"k": key})
        if entity == "setting" and not found:
            from gendan.core.settings import DEFAULTS
            found = key in DEFAULTS
        if not found and (entity, key) not in seen:
            seen.add((entity, key))
            out.append(finding("event_key", key, f"audit events for {entity} {key} but no such {entity} exists "
                                                  f"(it was removed outside gendan: restore the latest backup; "
                                                  f"'gendan log {key}' shows what it was)"))
    return out + _shutdowns_kept(store)


def _shutdowns_kept(store) -> list[dict]:
    """Every shutdown `holiday add` recorded and `holiday remove` did not take back is there
    (its key is the factory, or '*' for every factory: the row's id is in the event)."""
    missing = store.query(
        "SELECT key, json_extract(after, '$.id') AS id, json_extract(after, '$.first') AS first, "
        "json_extract(after, '$.last') AS last FROM events e WHERE entity = 'shutdown' AND after IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM events r WHERE r.entity = 'shutdown' AND r.after IS NULL "
        "AND json_extract(r.before, '$.id') = json_extract(e.after, '$.id')) "
        "AND NOT EXISTS (SELECT 1 FROM shutdowns s WHERE s.id = json_extract(e.after, '$.id')) ORDER BY e.id")
    return [finding("event_key", r["key"], f"the shutdown {r['first']}..{r['last']} at "
                                            f"{'every factory' if r['key'] == '*' else r['key']} was recorded but "
                                            f"is gone (removed outside gendan: add it again with 'gendan holiday "
                                            f"add', or restore the latest backup)") for r in missing]


def po_open_flags(store) -> list[dict]:
    """`po_lines.open` agrees with receipts: open while accepted < ordered and not cancelled."""
    rows = store.query(
        "SELECT l.po_no, l.line, l.open, CASE WHEN p.cancelled = 0 AND l.qty > "
        "(SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line "
        f"AND {live('receipts', 'r')}) THEN 1 ELSE 0 END AS expected FROM po_lines l JOIN pos p ON p.po_no = l.po_no WHERE l.open <> expected")
    return [finding("po_open_flag", r["po_no"], f"line {r['line']} is flagged {'open' if r['open'] else 'closed'} "
                     f"but its receipts say {'open' if r['expected'] else 'closed'} (an import or edit skipped refresh_open; "
                     f"repair: {sqlite3_command(store, _set_flag('po_lines', 'open', r['expected'], po_no=r['po_no'], line=r['line']))})")
            for r in rows]


def order_closed_flags(store) -> list[dict]:
    """`orders.closed` agrees with shipments: closed once cancelled or every line fully shipped."""
    rows = store.query(
        "SELECT o.order_no, o.closed, CASE WHEN o.cancelled = 1 OR NOT EXISTS (SELECT 1 FROM order_lines ol "
        "WHERE ol.order_no = o.order_no AND ol.qty > (SELECT COALESCE(SUM(l.qty), 0) FROM shipment_lines l "
        f"WHERE l.order_no = ol.order_no AND l.line = ol.line AND {live('shipment_lines', 'l')})) "
        "THEN 1 ELSE 0 END AS expected FROM orders o "
        "WHERE o.closed <> expected")
    return [finding("order_closed_flag", r["order_no"],
                     f"flagged {'closed' if r['closed'] else 'open'} but its shipments say "
                     f"{'closed' if r['expected'] else 'open'} (an import or edit skipped refresh_closed; repair: "
                     f"{sqlite3_command(store, _set_flag('orders', 'closed', r['expected'], order_no=r['order_no']))})") for r in rows]


def closed_on_dates(store) -> list[dict]:
    """`po_lines.closed_on` and `orders.closed_on` (what lets a past day's lists read what was
    open then) agree with receipts, shipments and cancellations."""
    from gendan.store import asof
    lines = store.query(f"SELECT po_no, line, closed_on FROM po_lines WHERE closed_on IS NOT {asof.LINE_CLOSED_ON}")
    orders = store.query(f"SELECT order_no, closed_on FROM orders WHERE closed_on IS NOT {asof.ORDER_CLOSED_ON}")
    return [finding("closed_on", r["po_no"], f"line {r['line']} has closed_on {r['closed_on']} but its receipts "
                     "and cancellation say otherwise (an import or edit skipped refresh_open)") for r in lines] + \
        [finding("closed_on", r["order_no"], f"closed_on {r['closed_on']} disagrees with its shipments and "
                  "cancellation (an import or edit skipped refresh_closed)") for r in orders]


def ledger_cuts(store) -> list[dict]:
    """`ledger_cuts` (the morning report's shortcut past paid history) agrees with the accounts
    recomputed from every shipment, receipt and payment."""
    from gendan.store.ledger_cuts import expected_cuts
    stored: dict[tuple, set] = {}
    for r in store.conn.execute("SELECT direction, party, currency, through, settled FROM ledger_cuts"):
        stored.setdefault(r[:2], set()).add(tuple(r))
    parties = {r for r in store.conn.execute(
        "SELECT DISTINCT 'out', supplier FROM pos UNION SELECT DISTINCT 'in', customer FROM orders "
        "UNION SELECT DISTINCT direction, party FROM payments "
        "UNION SELECT DISTINCT direction, party FROM credit_notes")} | set(stored)
    out = []
    for direction, party in sorted(parties):
        if set(expected_cuts(store, direction, party)) != stored.get((direction, party), set()):
            mark = f"INSERT INTO ledger_dirty (direction, party) VALUES ('{direction}', {_quoted(party)})"
            out.append(finding("ledger_cut", party, f"the settled cut of the {'customer' if direction == 'in' else 'supplier'} "
                                "account disagrees with its documents (was ledger_cuts edited by hand? the next write to "
                                f"the account recomputes it; to do it now: {sqlite3_command(store, mark)}, then any gendan command "
                                "that writes)"))
    return out


_VOIDED_TABLES = {"payment": "payments", "receipt": "receipts", "shipment": "shipments", "inspection": "inspections"}


def voids(store) -> list[dict]:
    """Each void (m006) names a record that exists and carries its date, and every record
    marked void has its void: a record is voided once, and a void is never voided."""
    from gendan.core.corrections import number
    out = []
    for kind, table in _VOIDED_TABLES.items():
        rows = store.query(f"SELECT v.id AS void, v.record, v.date, t.id, t.voided FROM voids v "
                           f"LEFT JOIN {table} t ON t.id = v.record WHERE v.kind = ? "
                           f"AND (t.id IS NULL OR t.voided IS NOT v.date) "
                           f"UNION ALL SELECT NULL, t.id, NULL, t.id, t.voided FROM {table} t "
                           f"WHERE t.voided IS NOT NULL AND NOT EXISTS "
                           f"(SELECT 1 FROM voids v WHERE v.kind = ? AND v.record = t.id)", (kind, kind))
        for r in rows:
            ref = number(kind, r["record"])
            if r["void"] is None:
                msg = f"is marked void on {r['voided']} but no void record says who and why"
            elif r["id"] is None:
                msg = f"void {r['void']} names a {kind} that does not exist"
            else:
                msg = f"void {r['void']} is dated {r['date']} but the {kind} says {r['voided']}"
            out.append(finding("void", ref, f"{msg} (changed outside gendan: restore the latest backup; "
                                             f"'gendan log {ref}' shows what was recorded)"))
    return out


def settings_valid(store) -> list[dict]:
    """Every stored setting is a known key with a whole number the reports can use."""
    from gendan.core.settings import DEFAULTS, unusable
    out = []
    for key, value in store.conn.execute("SELECT key, value FROM settings").fetchall():
        if key in DEFAULTS and (why := unusable(key, value)):   # other keys: internal bookkeeping (m002)
            out.append(finding("settings", key, why))
    out += _holiday_country(store)
    return out


def _holiday_country(store) -> list[dict]:
    """The country whose public holidays plans skip is one the holidays package knows."""
    from gendan.errors import GendanError
    from gendan.store import workdays
    try:
        workdays.country(store)
    except GendanError:
        value = store.scalar("SELECT value FROM settings WHERE key = ?", (workdays.COUNTRY_KEY,))
        return [finding("settings", workdays.COUNTRY_KEY, f"holds {value!r}, not a country with known public "
                                                           "holidays (set it again: gendan holiday country CN)")]
    return []


CHECKS = [sqlite_integrity, validity.schema_complete, validity.column_values, foreign_keys, settings_valid,
          shipped_within_ordered, shipment_lines_match_order, accepted_within_received, payment_allocations,
          event_keys, po_open_flags, order_closed_flags, closed_on_dates, ledger_cuts, voids]


def run_all(store) -> list[dict]:
    """Every check's findings, in the order of CHECKS; never raises. A damaged file stops the
    run at once (nothing else can be trusted, and reading on may take long). A check that
    cannot run on data an earlier check already found broken is skipped with one line; one
    that fails on data found sound is itself a finding, so `check` always answers."""
    out: list[dict] = []
    for check in CHECKS:
        try:
            out += check(store)
        except sqlite3.DatabaseError as e:
            if validity.damaged(e):
                return out + [finding("integrity", "database", _restore(store, str(e)))]
            out.append(_cannot_run(check, e, out))
        except Exception as e:   # a value of the wrong type that the checks above did not name
            out.append(_cannot_run(check, e, out))
    return out


def _cannot_run(check, error: Exception, found: list[dict]) -> dict:
    name = check.__name__
    if found:
        return finding("skipped", name, "not run: it needs the findings above repaired first (run check again then)")
    return finding("skipped", name, f"could not run ({type(error).__name__}: {error}; the database holds data "
                                     f"gendan did not write: restore the latest backup, or report it)")
