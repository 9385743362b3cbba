"""A report reads one state: a command committed between its queries is seen whole or not at all."""
import sqlite3
from datetime import date

from gendan.store import purchasing


def test_chase_list_queries_share_one_snapshot(parties):
    parties.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-11-10", "--ordered", "2026-11-01",
               "--item", "CH-01=500@6.20")
    parties.ok("po", "chase", "PO-1", "--via", "phone", "--promised", "+1")
    from gendan.store.db import open_store
    store = open_store(parties.db)
    other = sqlite3.connect(parties.db, isolation_level=None)
    fired = []

    def write_between_queries(sql: str) -> None:
        """Right after the promises query, another process records a second chase and promise."""
        if "pr.promised" in sql and not fired:
            fired.append(sql)
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO promises (po_no, line, promised, recorded, source) "
                          "VALUES ('PO-1', 1, '2026-11-22', '2026-11-20', 'chase')")
            other.execute("INSERT INTO chases (po_no, date, via, note, promised) "
                          "VALUES ('PO-1', '2026-11-20', 'phone', '', '2026-11-22')")
            other.execute("COMMIT")

    store.conn.set_trace_callback(write_between_queries)
    (line,) = purchasing.open_lines(store, date(2026, 11, 20))
    assert fired
    assert (line.chases, line.promised) == (1, date(2026, 11, 21))
