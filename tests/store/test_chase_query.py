"""The chase queries read open lines from the partial indexes (open now, closed after the
day) and never scan closed history."""
import re
from datetime import date

import pytest

from gendan.store import purchasing
from gendan.store.db import open_store

SUBQUERIES = {"op"}   # the distinct open POs, itself read from the open-lines index
INDEXES = {"open": "po_lines_open_by_due", "closed": "po_lines_closed_after"}
TODAY = date(2026, 11, 20)


def plan(store, name, supplier=None, source="open", listable=False) -> list[str]:
    sql = purchasing.chase_sql(name, supplier, source, listable)
    return [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql,
                                                 {"day": TODAY.isoformat(), "supplier": supplier,
                                                  "horizon": "2026-11-23", "unconfirmed_before": "2026-11-18"})]


def full_scans(details: list[str]) -> list[str]:
    """Every step that reads a whole table: only the open-lines indexes may be scanned."""
    bad = []
    for d in details:
        m = re.match(r"SCAN (\w+)", d)
        if m and m.group(1) not in SUBQUERIES and not any(f"USING INDEX {i}" in d for i in INDEXES.values()):
            bad.append(d)
    return bad


@pytest.fixture
def store(db):
    s = open_store(db)
    yield s
    s.close()


@pytest.mark.parametrize("name", sorted(purchasing.CHASE_QUERIES))
@pytest.mark.parametrize("supplier", [None, "HX"])
@pytest.mark.parametrize("source", sorted(purchasing.SOURCES))
@pytest.mark.parametrize("listable", [False, True])
def test_chase_queries_use_the_open_lines_index(store, name, supplier, source, listable):
    details = plan(store, name, supplier, source, listable)
    assert any(f"USING INDEX {INDEXES[source]}" in d for d in details), details
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
            for source in purchasing.SOURCES:
                details = plan(store, name, supplier, source)
                assert full_scans(details) == [], (name, source, details)
    lines = purchasing.open_lines(store, TODAY)
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
    nos = [o.order for o in orders.open_orders(s, TODAY)]
    from_lines = expected_by_order(purchasing.open_lines(s, TODAY))
    from_query = orders.expected_po_lines(s, nos, TODAY)
    assert from_query and {o: sorted(v) for o, v in from_lines.items() if o in nos} == \
        {o: sorted(v) for o, v in from_query.items()}
    s.close()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from datetime import date
    from gendan.cli import demo
    path = tmp_path_factory.mktemp("chase") / "demo.db"
    demo.build(str(path), date(2026, 11, 20))
    s = open_store(path)
    yield s
    s.close()


@pytest.mark.parametrize("window", [0, 3, 10])
def test_the_chase_list_reads_only_listable_lines_and_lists_the_same(demo_store, window):
    """The list read with the SQL filter (_LISTABLE) is the list of every open line, on every
    day from two months before the demo's today to two months after (each reason's edge
    passes by: due dates, promises, the unconfirmed days), for each supplier and all."""
    from datetime import date, timedelta
    from gendan.core import purchasing as rules
    s = demo_store
    suppliers = [None] + [r[0] for r in s.conn.execute("SELECT code FROM suppliers ORDER BY code")]
    listed_some = 0
    for day in range(-60, 61, 1):
        today = date(2026, 11, 20) + timedelta(days=day)
        read_all = {sup: purchasing.open_lines(s, today, sup) for sup in suppliers}   # as of the day
        for sup in suppliers:
            expected = rules.chase_list(read_all[sup], today, window=window, buffer_days=s.setting("buffer_days"),
                                        unconfirmed_days=s.setting("unconfirmed_days"))
            assert purchasing.chase_list(s, today, window, sup) == expected, (today, sup)
            listed_some += bool(expected) and len(expected) < len(read_all[sup])
    assert listed_some   # days on which the filter had lines to leave out


@pytest.fixture
def each_reason(parties):
    """One PO for each way a line far from due can still be listed, and one that cannot be."""
    t = "2026-11-01"
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-10", "--item", "CH-01=10@5", today=t)
    parties.ok("po", "add", "PO-EARLY", "--supplier", "HX", "--due", "2026-12-30", "--item", "CH-01=5@1", today=t)
    parties.ok("po", "confirm", "PO-EARLY", "--promised", "2026-11-12", today=t)     # promised before due
    parties.ok("po", "add", "PO-SILENT", "--supplier", "HX", "--due", "2026-12-30", "--item", "CH-01=5@1",
               "--ordered", "2026-10-20", today=t)                                      # never confirmed
    parties.ok("po", "add", "PO-RISK", "--supplier", "MF", "--due", "2026-12-30", "--for", "SO-1",
               "--item", "CH-01=5@1", today=t)
    parties.ok("po", "confirm", "PO-RISK", today=t)                                     # due after the order
    parties.ok("po", "add", "PO-CALM", "--supplier", "MF", "--due", "2026-12-30", "--item", "TB-02=5@1", today=t)
    parties.ok("po", "confirm", "PO-CALM", today=t)
    s = open_store(parties.db)
    yield s
    s.close()


@pytest.mark.parametrize("window", [0, 3])
def test_every_reason_survives_the_filter_on_every_day(each_reason, window):
    from datetime import date, timedelta
    from gendan.core import purchasing as rules
    s = each_reason
    seen = set()
    for day in range(0, 70):
        today = date(2026, 11, 1) + timedelta(days=day)
        every = purchasing.open_lines(s, today)
        expected = rules.chase_list(every, today, window=window, buffer_days=7, unconfirmed_days=2)
        assert purchasing.chase_list(s, today, window) == expected, today
        seen |= {(r["po"], r["reason"]) for r in expected}
    assert {("PO-EARLY", "overdue"), ("PO-SILENT", "unconfirmed"), ("PO-RISK", "promise-after-order-due"),
            ("PO-CALM", "overdue")} <= seen
    read = purchasing.open_lines(s, date(2026, 11, 1), listable=(date(2026, 11, 4), date(2026, 10, 30)))
    assert sorted(ln.po for ln in read) == ["PO-EARLY", "PO-RISK", "PO-SILENT"]   # PO-CALM left in SQLite
