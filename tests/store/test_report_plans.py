"""The boss's reports read a day or a period through the date indexes (m010), whatever the
history: EXPLAIN QUERY PLAN of every query `report daily` and the period summaries ask."""
from contextlib import closing
from datetime import date

import pytest

from gendan.core.summaries import Period
from gendan.store import daily_report, summaries
from gendan.store.db import open_store

@pytest.fixture
def store(parties, db):
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-20", "--item", "CH-01=10@1")
    with closing(open_store(db)) as s:
        yield s


def _plans(store, read) -> list[str]:
    asked = []
    store.conn.set_trace_callback(asked.append)
    read()
    store.conn.set_trace_callback(None)
    return [" / ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
            for sql in asked if sql.lstrip().upper().startswith("SELECT")]


@pytest.mark.parametrize("what", ["daily", "sales", "purchases"])
def test_no_table_is_scanned(store, what):
    day, month = date(2026, 11, 20), Period(date(2026, 11, 1), date(2026, 11, 30), "month")
    read = {"daily": lambda: daily_report.gather(store, day, day),
            "sales": lambda: summaries.sales_report(store, month, "customer", day),
            "purchases": lambda: summaries.purchase_report(store, month, "supplier", day)}[what]
    plans = _plans(store, read)
    assert len(plans) >= 2
    for plan in plans:   # the voids are corrections, a handful a month: read whole
        assert "SCAN" not in plan.replace("SCAN CONSTANT", "").replace("SCAN voids", ""), plan
