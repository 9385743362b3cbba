"""The store: migrations, the pinned schema, transactions and the audit trail."""
import os
from datetime import date
import sqlite3
import stat
from pathlib import Path

import pytest

from gendan.errors import StoreError
from gendan.store import migrations
from gendan.store.db import open_store

SCHEMA = Path(__file__).with_name("schema.sql")


def schema_text(path) -> str:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
    conn.close()
    return "\n".join(f"-- {t} {n}\n{sql};" for t, n, sql in rows) + "\n"


def test_whole_schema_is_pinned(db):
    """Any schema change must come as a new migration and update tests/store/schema.sql."""
    open_store(db).close()
    assert schema_text(db) == SCHEMA.read_text()


def test_migrations_on_empty_file_then_reopen_is_a_no_op(db):
    store = open_store(db)
    applied = store.query("SELECT name, applied_at FROM _sqlite_migrations")
    assert [r["name"] for r in applied] == list(migrations.NAMES)
    store.close()
    before = db.read_bytes()
    store = open_store(db)
    assert [tuple(r) for r in store.query("SELECT name, applied_at FROM _sqlite_migrations")] == \
        [tuple(r) for r in applied]
    store.close()
    assert db.read_bytes() == before


def test_pragmas(db):
    store = open_store(db)
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    assert store.scalar("PRAGMA busy_timeout") > 0


def test_new_database_is_private(db):
    open_store(db).close()
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_database_from_newer_gendan_is_refused_untouched(db):
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('gendan', 'm999_future', 'x')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer gendan"):
        open_store(db)
    assert db.read_bytes() == before


def test_not_a_database_and_missing_directory(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a gendan database"):
        open_store(junk)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "x.db")


def test_transaction_writes_events_or_nothing(db):
    store = open_store(db)
    with store.transaction():
        store.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        store.event("setting", "a", None, {"value": 1}, "test")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
            store.event("setting", "b", None, {"value": 2})
            raise RuntimeError("crash mid-command")
    assert store.scalar("SELECT group_concat(key) FROM settings") == "a"
    assert [tuple(r)[4:9] for r in store.query("SELECT * FROM events")] == [("setting", "a", None, '{"value": 1}', "test")]


def test_writes_outside_a_transaction_are_refused(db):
    store = open_store(db)
    with pytest.raises(RuntimeError):
        store.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")


def test_import_event_json_is_the_po_add_event_text():
    """The fast audit JSON of `import pos` must equal what `po add` records."""
    from datetime import date
    from decimal import Decimal
    from gendan.core import purchasing as core
    from gendan.core.models import PoLine, PurchaseOrder
    from gendan.store.purchasing import po_event_json
    from gendan.store.db import _json
    lines = (PoLine(1, "实木书柜-BK3", 120, Decimal("420.000001"), date(2026, 12, 1), "书柜 \"白坯\""),
             PoLine(2, "A\\B", 5, Decimal("3"), date(2026, 12, 2)))
    for po in (PurchaseOrder("PO-1", "HX", date(2026, 11, 1), date(2026, 12, 1), "CNY", lines, "SO-9"),
               PurchaseOrder("PO-2", "恒兴", date(2026, 11, 1), date(2026, 12, 1), "CNY", lines[1:], None, None, True)):
        assert po_event_json(po) == _json(core.to_dict(po))


def test_bulk_po_insert_records_the_po_add_event(tmp_path):
    from datetime import date
    from decimal import Decimal
    from gendan.core import purchasing as core
    from gendan.core.models import PoLine, PurchaseOrder, Supplier
    from gendan.store import parties, purchasing
    from gendan.store.db import _json, open_store
    store = open_store(tmp_path / "t.db")
    po = PurchaseOrder("PO-1", "HX", date(2026, 11, 1), date(2026, 12, 1), "CNY",
                       (PoLine(1, "实木-1", 3, Decimal("1.50"), date(2026, 12, 1), "desc"),
                        PoLine(2, "B", 4, Decimal("2"), date(2026, 12, 3))), "SO-1")
    with store.transaction():
        parties.add_supplier(store, Supplier("HX", "恒兴"))
        store.execute("INSERT INTO customers (code, name, currency) VALUES ('C', 'C', 'USD')")
        store.execute("INSERT INTO orders (order_no, customer, ordered, due, currency, deposit_pct, "
                      "balance_before_ship, credit_days) VALUES ('SO-1', 'C', '2026-11-01', '2026-12-09', 'USD', '0', 1, 0)")
        purchasing.insert_pos(store, [po], "import")
    assert store.scalar("SELECT after FROM events WHERE entity = 'po'") == _json(core.to_dict(po))
    assert purchasing.get_po(store, "PO-1").lines == po.lines


def test_calendar_and_risk_queries_read_the_open_indexes(tmp_path, monkeypatch):
    """The calendar and the orders-at-risk cause read open lines from the partial indexes made
    for them, however much closed history there is (EXPLAIN QUERY PLAN)."""
    from gendan.store import export, orders
    from gendan.store.db import open_store
    store = open_store(tmp_path / "t.db")
    plans = []
    real = store.conn.execute

    class Spy:
        def __init__(self, conn):
            self.conn = conn

        def execute(self, sql, params=()):
            if sql.lstrip().upper().startswith("SELECT"):
                plans.append(" / ".join(r[3] for r in real("EXPLAIN QUERY PLAN " + sql, params)))
            return real(sql, params)

        def __getattr__(self, name):
            return getattr(self.conn, name)

    monkeypatch.setattr(store, "conn", Spy(store.conn))
    export.calendar_lines(store, date(2026, 11, 20))
    orders.expected_po_lines(store, ["SO-1", "SO-2"], date(2026, 11, 20))
    assert "USING INDEX orders_open_by_due" in plans[0] and "USING INDEX orders_closed_after" in plans[0]
    assert "USING INDEX po_lines_open_by_due" in plans[1] and "USING INDEX po_lines_closed_after" in plans[1]
    assert "SEARCH p USING INDEX pos_for_order (for_order=?)" in plans[2]
    scans = [step for p in plans for step in p.split(" / ") if step.startswith(("SCAN po_lines", "SCAN l"))]
    assert scans and all(s.endswith(("USING INDEX po_lines_open_by_due", "USING INDEX po_lines_closed_after"))
                         for s in scans), scans


def test_select_in_asks_in_chunks_with_parameters_on_both_sides():
    """1,201 keys are three `IN (...)` queries of at most 500 placeholders; the parameters
    before and after the IN list keep their places in every chunk."""
    import sqlite3 as sq
    from gendan.store.db import KEYS, select_in
    conn = sq.connect(":memory:")
    conn.execute("CREATE TABLE t (k INTEGER, v TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(i, "even" if i % 2 == 0 else "odd") for i in range(1300)])
    asked = []
    conn.set_trace_callback(asked.append)
    rows = select_in(conn, f"SELECT k FROM t WHERE v = ? AND k IN {KEYS} AND k < ? ORDER BY k",
                     range(1201), before=("even",), after=(1000,))
    assert [r[0] for r in rows] == list(range(0, 1000, 2))
    assert len(asked) == 3 and max(q.count(",") for q in asked) == 499
    named = select_in(conn, f"SELECT k, v FROM t WHERE k IN {KEYS}", [3], rows=True)
    assert (named[0]["k"], named[0]["v"]) == (3, "odd")


def test_where_joins_the_conditions_that_apply():
    from gendan.store.db import where
    assert where(("a = ?", 1), ("b <= ?", None), ("c = 0", True), ("d = 1", False)) == ("WHERE a = ? AND c = 0", [1])
    assert where(("a = ?", None)) == ("", [])
    assert where(("a = ?", "x"), prefix=" AND") == (" AND a = ?", ["x"])
