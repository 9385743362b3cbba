"""The chase queries read open lines from the partial index and never scan closed history."""
import re

import pytest

from gendan.store import purchasing
from gendan.store.db import open_store

SUBQUERIES = {"op"}   # the distinct open POs, itself read from the open-lines index


def plan(store, name, supplier=None) -> list[str]:
    sql = purchasing.chase_sql(name, supplier)
    params = (supplier,) if supplier and name == "lines" else ()
    return [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params)]


def full_scans(details: list[str]) -> list[str]:
    """Every step that reads a whole table: only the open-lines index may be scanned."""
    bad = []
    for d in details:
        m = re.match(r"SCAN (\w+)", d)
        if m and m.group(1) not in SUBQUERIES and "USING INDEX po_lines_open_by_due" not in d:
            bad.append(d)
    return bad


@pytest.fixture
def store(db):
    s = open_store(db)
    yield s
    s.close()


@pytest.mark.parametrize("name", sorted(purchasing.CHASE_QUERIES))
@pytest.mark.parametrize("supplier", [None, "HX"])
def test_chase_queries_use_the_open_lines_index(store, name, supplier):
    details = plan(store, name, supplier)
    assert any("USING INDEX po_lines_open_by_due" in d for d in details), details
    assert full_scans(details) == [], details


def test_the_check_catches_a_full_scan(store):
    """The detector itself: reading lines without the open filter scans po_lines and is caught."""
    details = [row[3] for row in store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM po_lines l LEFT JOIN receipts r ON r.po_no = l.po_no WHERE l.qty > 0")]
    assert full_scans(details) == ["SCAN l"], details


def test_plans_hold_after_analyze_on_lopsided_history(store):
    """Statistics saying most lines are closed must not tempt the planner into a scan."""
    with store.transaction():
        store.execute("INSERT INTO suppliers (code, name, currency) VALUES ('HX', 'x', 'CNY')")
        store.executemany("INSERT INTO pos (po_no, supplier, ordered, due, currency) "
                          "VALUES (?, 'HX', '2026-01-01', '2026-02-01', 'CNY')", [(f"P{i}",) for i in range(400)])
        store.executemany("INSERT INTO po_lines (po_no, line, sku, qty, price, due, open) "
                          "VALUES (?, ?, 'A', 1, '1', '2026-02-01', ?)",
                          [(f"P{i}", n, int(i % 20 == 0)) for i in range(400) for n in (1, 2, 3)])
        store.executemany("INSERT INTO receipts (po_no, line, qty, date) VALUES (?, ?, 1, '2026-02-01')",
                          [(f"P{i}", n) for i in range(400) for n in (1, 2, 3)])
        store.executemany("INSERT INTO promises (po_no, line, promised, recorded, source) "
                          "VALUES (?, 1, '2026-02-03', '2026-01-02', 'confirm')", [(f"P{i}",) for i in range(400)])
        store.executemany("INSERT INTO chases (po_no, date, via) VALUES (?, '2026-01-20', 'phone')",
                          [(f"P{i}",) for i in range(400)])
    store.conn.execute("ANALYZE")
    for name in purchasing.CHASE_QUERIES:
        for supplier in (None, "HX"):
            details = plan(store, name, supplier)
            assert full_scans(details) == [], (name, details)
    lines = purchasing.open_lines(store)
    assert len(lines) == 60
    assert {(ln.received, ln.chases) for ln in lines} == {(1, 1)}
    assert sum(1 for ln in lines if ln.promised) == 20


def test_the_reports_expected_dates_equal_the_orders_query(tmp_path):
    """The morning report takes the orders' expected PO dates from the chase list's open lines;
    they must be what `order list` reads with its own query."""
    from datetime import date
    from gendan.cli import demo
    from gendan.core.purchasing import expected_by_order
    from gendan.store import orders
    path = tmp_path / "demo.db"
    demo.build(str(path), date(2026, 11, 20))
    s = open_store(path)
    nos = [o.order for o in orders.open_orders(s)]
    from_lines = expected_by_order(purchasing.open_lines(s))
    from_query = orders.expected_po_lines(s, nos)
    assert from_query and {o: sorted(v) for o, v in from_lines.items() if o in nos} == \
        {o: sorted(v) for o, v in from_query.items()}
    s.close()
