"""Production reads: the index behind them, finished orders, forecasts for `order list`."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from gendan.core.models import Customer, ProgressReport
from gendan.core import orders as core_orders, production as core
from gendan.store import orders as orders_db, production
from gendan.store.db import open_store

D = date.fromisoformat


@pytest.fixture
def store(db):
    s = open_store(db)
    s.today = D("2026-10-01")   # the day the orders were placed and planned (rule 8: as of a date)
    with s.transaction():
        cust = Customer("ACME", "Acme")
        for no, qty in (("SO-1", 100), ("SO-2", 100)):
            order = core_orders.new_order(no, cust, D("2026-10-01"), D("2026-12-31"), [("A", qty, Decimal(1))])
            if no == "SO-1":
                s.execute("INSERT INTO customers (code, name, currency) VALUES ('ACME', 'Acme', 'USD')")
            orders_db.insert_order(s, order)
            plan = core.new_plan(no, qty, D("2026-11-02"), D("2026-11-14"), None)
            production.save_plan(s, orders_db.get_order(s, no), plan, 7, False, "")
    yield s
    s.close()


def report(s, no, day, produced, packed=0):
    with s.transaction():
        production.add_report(s, no, ProgressReport(no, D(day), produced, packed), D("2026-12-31"))


def test_recent_reports_read_a_few_rows_per_order_from_the_index(store):
    for i in range(10):
        report(store, "SO-1", (D("2026-11-02") + timedelta(days=i)).isoformat(), 10 * i)
    recent = production.recent_reports(store, ["SO-1", "SO-2"], D("2026-11-08"))
    assert [r.date for r in recent["SO-1"]] == [D("2026-11-05"), D("2026-11-06"), D("2026-11-07"), D("2026-11-08")]
    assert "SO-2" not in recent
    plan = " ".join(r[3] for r in store.query(
        "EXPLAIN QUERY PLAN SELECT r.* FROM orders o JOIN progress_reports r ON r.id IN (SELECT x.id FROM "
        "progress_reports x WHERE x.order_no = o.order_no AND x.date <= ? ORDER BY x.date DESC, x.id DESC LIMIT ?) "
        "WHERE o.order_no IN (?, ?)", ("2026-11-08", 4, "SO-1", "SO-2")))
    assert "progress_by_order" in plan


def test_finished_order_forecast_is_the_day_it_finished_however_many_reports_follow(store):
    report(store, "SO-1", "2026-11-05", 60)
    report(store, "SO-1", "2026-11-06", 100)
    for day in ("09", "10", "11", "12", "13"):
        report(store, "SO-1", f"2026-11-{day}", 100, 50)
    heads = production.heads(store, "WHERE o.order_no = 'SO-1'")
    assert production.statuses(store, heads, D("2026-11-20"))["SO-1"].forecast_finish == D("2026-11-06")
    # finished production forecasts nothing: it puts the order at no risk (issue 17)
    assert production.forecasts(store, ["SO-1"], D("2026-11-20")) == {}


def test_forecasts_for_order_list(store):
    for day, n in (("05", 20), ("06", 20), ("07", 20), ("09", 20)):
        report(store, "SO-2", f"2026-11-{day}", n)
    got = production.forecasts(store, ["SO-1", "SO-2", "SO-9"], D("2026-11-10"))
    assert got == {"SO-1": date.max, "SO-2": date.max}     # no reports since the start; zero run rate
    assert production.forecasts(store, ["SO-1"], D("2026-10-20")) == {"SO-1": D("2026-11-14")}
    flags = production.risk_flags(store, [orders_db.get_order(store, "SO-1")], D("2026-10-20"))
    assert flags == {"SO-1": False}


def test_replacing_a_report_keeps_one_per_date_and_is_audited(store):
    report(store, "SO-1", "2026-11-05", 60)
    report(store, "SO-1", "2026-11-05", 70)
    assert [(r.date, r.produced) for r in production.reports(store, "SO-1")] == [(D("2026-11-05"), 70)]
    events = store.query("SELECT before, after FROM events WHERE entity = 'progress' ORDER BY id")
    assert events[-1]["before"] is not None and '"produced": 60' in events[-1]["before"]
