"""Keeping the ledger cuts true: after every write, the settled cut of each account the write
changed is recomputed (see m002), so the morning report can skip paid history.

Called by the transaction in store/db.py (which imports this module at the top); so this
module, and store/ledger.py whose entries it reads, do not import store/db.py.
"""
from datetime import date
from decimal import Decimal

from gendan.core.ledger import Entry, carried_cut, settled_cut
from gendan.store.ledger import credit_entries, debits
from gendan.store.migrations import LEDGER_WATCHED, NOTES_WATCHED


# What a write changed: new receipts, shipment lines and payments with their date and order/PO;
# any other change to an account as a row without a date (that account is then read whole).
_NEW_ENTRY = {
    "receipts": "SELECT 'out', p.supplier, p.currency, NEW.date, NEW.po_no FROM pos p WHERE p.po_no = NEW.po_no",
    "shipment_lines": "SELECT 'in', o.customer, o.currency, s.date, s.order_no FROM shipments s "
                      "JOIN orders o ON o.order_no = s.order_no WHERE s.id = NEW.shipment_id",
    "payments": "SELECT NEW.direction, NEW.party, NEW.currency, NEW.date, "
                "CASE NEW.direction WHEN 'in' THEN NEW.order_no ELSE NEW.po_no END",
    "credit_notes": "SELECT NEW.direction, NEW.party, NEW.currency, NEW.date, NEW.order_no",
}


def track_changes(store) -> None:
    """Temporary triggers (this connection only, created once, outside any transaction so a
    rollback keeps them) that fill temp.ledger_changes for `refresh_cuts`. Writes by other
    programs are still marked by m002's triggers, and read whole (see `start_tracking`)."""
    conn = store.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS ledger_changes (direction, party, currency, date, ref)")
    for table, event, direction, party, rows in LEDGER_WATCHED + NOTES_WATCHED:
        name = f"temp.ledger_changes_{table}_{event.split()[0].lower()}"
        if event == "INSERT":
            body = f"INSERT INTO ledger_changes {_NEW_ENTRY[table]};"   # temp objects come first
        else:
            body = " ".join(f"INSERT INTO ledger_changes (direction, party) SELECT "
                            f"{row + '.direction' if direction is None else repr(direction)}, "
                            f"({party.format(row=row)});" for row in rows)
        conn.execute(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON main.{table} BEGIN {body} END")
    # m006: a void changes an account in no additive way (its party is read whole).
    conn.execute("CREATE TRIGGER IF NOT EXISTS temp.ledger_changes_shipments_void AFTER UPDATE OF voided "
                 "ON main.shipments BEGIN INSERT INTO ledger_changes (direction, party) SELECT 'in', "
                 "(SELECT customer FROM orders WHERE order_no = NEW.order_no); END")


def start_tracking(store) -> None:
    """At the start of a write transaction: nothing recorded yet (a write that changed no
    account leaves rows `refresh_cuts` never reads), and accounts already marked dirty (by
    another program, or a migration) recorded as changed in unknown ways."""
    store.conn.execute("DELETE FROM temp.ledger_changes")
    store.conn.execute("INSERT INTO temp.ledger_changes (direction, party) SELECT direction, party FROM ledger_dirty")


def refresh_cuts(store) -> None:
    """Recompute the settled cut of every party whose account changed in this transaction
    (marked by the triggers of m002), so `ledger_cuts` is always true when a write commits:
    carried forward past what was added after it when that is safe, else from the whole history."""
    dirty = store.conn.execute("SELECT direction, party FROM ledger_dirty").fetchall()
    for direction, party in dirty:
        rows = _carried_cuts(store, direction, party)
        if rows is None:
            rows = expected_cuts(store, direction, party)
        store.conn.execute("DELETE FROM ledger_cuts WHERE direction = ? AND party = ?", (direction, party))
        store.conn.executemany("INSERT INTO ledger_cuts (direction, party, currency, through, settled) "
                               "VALUES (?, ?, ?, ?, ?)", rows)
    store.conn.execute("DELETE FROM ledger_dirty")


def _carried_cuts(store, direction: str, party: str) -> list[tuple] | None:
    """The party's new cuts from its old ones (core.ledger.carried_cut) when all this transaction
    did to the account was to add entries for orders/POs with no debit on or before the cut of
    their currency (the credits of those that have one read unallocated, as the report reads
    them); None when the whole history must be read."""
    changes = store.conn.execute("SELECT currency, date, ref FROM temp.ledger_changes WHERE direction = ? "
                                 "AND party = ?", (direction, party)).fetchall()
    if not changes or any(when is None for _, when, _ in changes):
        return None
    cuts = {cur: (through, settled) for cur, through, settled in store.conn.execute(
        "SELECT currency, through, settled FROM ledger_cuts WHERE direction = ? AND party = ?", (direction, party))}
    for cur, ref in {(cur, ref) for cur, _, ref in changes}:    # an import repeats its POs
        through = cuts.get(cur, ("",))[0]
        if not through or (ref and _debit_through(store, direction, ref, through)):
            return None
    touched = {cur for cur, _, _ in changes}
    since = min(cuts[cur][0] for cur in touched)
    later = debits(store, direction, party, since=since) + \
        credit_entries(store, direction, party, lean=True, folded={(party, cur) for cur in touched})
    new = dict(cuts)
    for cur in touched:
        through = date.fromisoformat(cuts[cur][0])
        cut = carried_cut(party, cur, (through, Decimal(cuts[cur][1])),
                          [e for e in later if e.currency == cur and (e.credit or e.date > through)])
        if cut is None:
            return None
        new[cur] = (cut[0].isoformat(), str(cut[1]))
    return [(direction, party, cur, through, settled) for cur, (through, settled) in sorted(new.items())]


def _debit_through(store, direction: str, ref: str, through: str) -> bool:
    """Has this PO a receipt (or this order a shipment) dated on or before `through`?"""
    sql = ("SELECT 1 FROM receipts WHERE po_no = ? AND date <= ? LIMIT 1" if direction == "out" else
           "SELECT 1 FROM shipments WHERE order_no = ? AND date <= ? LIMIT 1")
    return store.conn.execute(sql, (ref, through)).fetchone() is not None


def expected_cuts(store, direction: str, party: str) -> list[tuple]:
    """(direction, party, currency, through, settled) rows from the whole history; through is
    '' when nothing is settled yet (the report then reads that account whole)."""
    groups: dict[str, list[Entry]] = {}
    for e in debits(store, direction, party) + credit_entries(store, direction, party):
        groups.setdefault(e.currency, []).append(e)
    rows = []
    for currency, entries in sorted(groups.items()):
        cut = settled_cut(entries)
        rows.append((direction, party, currency, cut[0].isoformat() if cut else "", str(cut[1]) if cut else "0"))
    return rows
