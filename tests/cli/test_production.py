"""`gendan order plan`, `gendan progress`, `gendan report delays`: refusals and exact output
on a fixed dataset. Today is Friday 2026-11-20; Sundays (11-15, 11-22, 11-29) are off."""
import json
import shutil
import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from gendan.core.models import PoLine, PurchaseOrder

PROGRESS_HEADER = ("order,factory,qty,produced,packed,planned_to_date,behind_qty,behind_days,run_rate,"
                   "forecast_finish,due,at_risk,customer,start,finish,last_report,packed_pct,material_missing,flags\n")
ROW = {
    "SO-4": "SO-4,MF,200,120,0,167,47,3,0.0,,2026-12-31,true,ACME,2026-11-09,2026-11-21,2026-11-19,0.0,,zero-rate\n",
    "SO-2": "SO-2,MF,600,100,0,200,100,2,16.7,2026-12-24,2026-12-20,true,NORD,2026-11-16,2026-11-28,2026-11-19,0.0,,\n",
    "SO-1": ("SO-1,HX,1000,500,100,556,56,1,56.7,2026-11-30,2026-12-12,false,ACME,2026-11-09,2026-11-28,2026-11-19,"
             "10.0,FAB promised 2026-11-24,material-missing\n"),
    "SO-3": "SO-3,HX,300,0,0,0,0,0,,2026-12-05,2027-01-30,false,ACME,2026-11-23,2026-12-05,,0.0,,\n",
}


def add_linked_po(g, no: str, order: str, sku: str, qty: int, due: str, promised: str, received: int, on: str):
    """A PO for `order`, its promise and a receipt, written through the store (the PO
    commands belong to another group)."""
    from gendan.store import purchasing
    from gendan.store.db import open_store
    store = open_store(g.db)
    with store.transaction():
        purchasing.insert_po(store, PurchaseOrder(no, "HX", date(2026, 10, 20), date.fromisoformat(due), "CNY",
                                                  (PoLine(1, sku, qty, Decimal("3.5"), date.fromisoformat(due)),),
                                                  for_order=order))
        store.execute("INSERT INTO promises (po_no, line, promised, recorded, source) VALUES (?, 1, ?, ?, 'chase')",
                      (no, promised, "2026-11-05"))
        purchasing.receive(store, no, {sku: received}, {}, date.fromisoformat(on))
    store.close()


@pytest.fixture(scope="module")
def planned_file(tmp_path_factory):
    """The dataset, built once per module through the CLI; each test gets a copy."""
    from tests.conftest import Gendan
    g = Gendan(tmp_path_factory.mktemp("planned") / "planned.db")
    g.ok("customer", "add", "ACME", "--name", "Acme Home Inc.", "--deposit", "30")
    g.ok("customer", "add", "NORD", "--name", "Nordhaus GmbH", "--currency", "EUR")
    g.ok("supplier", "add", "HX", "--name", "恒兴木业")
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-12", "--item", "A=1000@1", "--ordered", "2026-10-20")
    g.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "2026-12-20", "--item", "B=600@2", "--ordered", "2026-10-20")
    g.ok("order", "add", "SO-3", "--customer", "ACME", "--due", "2027-01-30", "--item", "C=300@3", "--ordered", "2026-10-20")
    g.ok("order", "add", "SO-4", "--customer", "ACME", "--due", "2026-12-31", "--item", "D=200@4", "--ordered", "2026-10-20")
    g.ok("order", "add", "SO-5", "--customer", "ACME", "--due", "2026-12-31", "--item", "E=100@4", "--ordered", "2026-10-20")
    g.ok("order", "plan", "SO-1", "--start", "2026-11-09", "--finish", "2026-11-28", "--factory", "HX")
    g.ok("order", "plan", "SO-2", "--start", "2026-11-16", "--daily", "50", "--factory", "MF")
    g.ok("order", "plan", "SO-3", "--start", "2026-11-23", "--finish", "2026-12-05", "--factory", "HX")
    g.ok("order", "plan", "SO-4", "--start", "2026-11-09", "--finish", "2026-11-21", "--factory", "MF")
    for day, one, two, four in (("16", 330, 50, 120), ("17", 390, 100, 120), ("18", 450, 100, 120), ("19", 500, 100, 120)):
        when = f"2026-11-{day}"
        g.ok("progress", "SO-1", "--produced", str(one), "--packed", "100" if day == "19" else "0", "--date", when)
        g.ok("progress", "SO-2", "--produced", str(two), "--date", when,
             *(("--cause", "machine", "--note", "press broke") if day in ("18", "19") else ()))
        g.ok("progress", "SO-4", "--produced", str(four), "--date", when,
             *(("--cause", "quality") if day in ("18", "19") else ()))
    add_linked_po(g, "PO-1", "SO-1", "FAB", 500, "2026-11-05", "2026-11-24", 300, "2026-11-06")
    import gc
    gc.collect()                                   # close the in-process connections
    conn = sqlite3.connect(g.db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return g.db


@pytest.fixture
def planned(planned_file, gendan):
    shutil.copyfile(planned_file, gendan.db)
    return gendan


def test_progress_csv_most_behind_first(planned):
    assert planned.ok("progress", "-f", "csv") == PROGRESS_HEADER + ROW["SO-4"] + ROW["SO-2"] + ROW["SO-1"] + ROW["SO-3"]


def test_progress_behind_and_factory_filters(planned):
    assert planned.ok("progress", "--behind", "-f", "csv") == PROGRESS_HEADER + ROW["SO-4"] + ROW["SO-2"] + ROW["SO-1"]
    assert planned.ok("progress", "--factory", "HX", "-f", "csv") == PROGRESS_HEADER + ROW["SO-1"] + ROW["SO-3"]


def test_progress_json_fields_and_unknown_forecast(planned):
    rows = json.loads(planned.ok("progress", "-f", "json"))
    assert list(rows[0])[:12] == ["order", "factory", "qty", "produced", "packed", "planned_to_date", "behind_qty",
                                  "behind_days", "run_rate", "forecast_finish", "due", "at_risk"]
    assert rows[0]["forecast_finish"] is None and rows[0]["run_rate"] == "0.0"
    table = planned.ok("progress")
    assert "unknown" in table.splitlines()[2]


def test_order_list_at_risk_includes_production_forecast(planned):
    out = planned.ok("order", "list", "-f", "csv", "--customer", "ACME")
    risk = {line.split(",")[0]: line.split(",")[-1] for line in out.splitlines()[1:]}
    assert risk == {"SO-1": "false", "SO-4": "true", "SO-5": "false", "SO-3": "false"}
    assert planned.ok("order", "list", "-f", "csv", "--customer", "NORD").splitlines()[1].endswith(",true")


def test_order_show_has_plan_progress_and_missing_material(planned):
    view = json.loads(planned.ok("order", "show", "SO-1", "-f", "json"))
    prod = view["production"]
    assert prod["status"]["planned_to_date"] == 556 and prod["status"]["workdays"] == "mon-sat"
    assert prod["material_missing"] == [{"po": "PO-1", "line": 1, "sku": "FAB", "qty_short": 200,
                                         "expected": "2026-11-24", "promised": True, "status": "ordered"}]
    assert [r["produced"] for r in prod["reports"]] == [330, 390, 450, 500]
    assert json.loads(planned.ok("order", "show", "SO-5", "-f", "json"))["production"] is None
    text = planned.ok("order", "show", "SO-1")
    assert "material missing:" in text and "production reports:" in text


def test_one_orders_reports(planned):
    assert planned.ok("progress", "SO-2", "-f", "csv") == (
        "order,date,produced,packed,planned,behind_qty,lost_qty,cause,note\n"
        "SO-2,2026-11-16,50,0,50,0,0,,\n"
        "SO-2,2026-11-17,100,0,100,0,0,,\n"
        "SO-2,2026-11-18,100,0,150,50,50,machine,press broke\n"
        "SO-2,2026-11-19,100,0,200,100,50,machine,press broke\n")


def test_report_delays_by_cause_factory_customer(planned):
    header = "cause,description,factory,customer,reports,orders,lost_qty\n"
    assert planned.ok("report", "delays", "-f", "csv") == header + (
        "machine,machine breakdown (设备故障),MF,NORD,2,1,100\n"
        ",no cause given,HX,ACME,2,1,65\n"
        "quality,defect or scrap rate (品质问题),MF,ACME,2,1,34\n"
        ",no cause given,MF,ACME,1,1,13\n")
    assert planned.ok("report", "delays", "--from", "2026-11-19", "--to", "2026-11-19", "-f", "csv") == header + (
        "machine,machine breakdown (设备故障),MF,NORD,1,1,50\n"
        "quality,defect or scrap rate (品质问题),MF,ACME,1,1,17\n"
        ",no cause given,HX,ACME,1,1,6\n")
    assert planned.ok("report", "delays", "--month", "2026-10", "-f", "csv") == ""   # nothing to show: nothing on stdout, not a bare header


def test_packed_pct_for_the_final_inspection(planned):
    from gendan.store import production
    from gendan.store.db import open_store
    store = open_store(planned.db)
    assert production.latest_packed_pct(store, "SO-1") == Decimal("10.0")
    assert production.latest_packed_pct(store, "SO-3") is None
    assert production.latest_packed_pct(store, "SO-1", date(2026, 11, 18)) == Decimal("0.0")
    assert [r["order"] for r in production.behind_plan(store, date(2026, 11, 20))] == ["SO-4", "SO-2", "SO-1"]


def test_report_for_a_reported_date_replaces_it(planned):
    result = planned("progress", "SO-1", "--produced", "520", "--packed", "100", "--date", "2026-11-19")
    assert result.exit_code == 0 and "replaced the report of 2026-11-19" in result.stderr
    assert planned.ok("progress", "SO-1", "-f", "csv").splitlines()[-1].startswith("SO-1,2026-11-19,520,100,")


def test_report_defaults_to_today_and_records_an_event(planned):
    planned.ok("progress", "SO-3", "--produced", "0")
    log = planned.ok("log", "SO-3", "-f", "csv")
    assert '""date"": ""2026-11-20""' in log and "progress" in log


# -- refusals ------------------------------------------------------------------------------

def test_plan_later_than_due_minus_buffer_refused_with_pieces_a_day(planned):
    planned.refused("order", "plan", "SO-1", "--start", "2026-11-09", "--finish", "2026-12-10",
                    message="plan finishes 2026-12-10, later than 2026-12-05 (due 2026-12-12 minus the 7-day buffer); "
                            "it needs 42 pieces a working day from 2026-11-09 to finish by 2026-12-05")
    planned.refused("order", "plan", "SO-1", "--start", "2026-11-09", "--daily", "40", message="it needs 42 pieces")


def test_plan_forced_needs_a_reason_and_is_audited(planned):
    planned.refused("order", "plan", "SO-1", "--start", "2026-11-09", "--finish", "2026-12-10", "--force", code=2,
                    message="needs --reason")
    planned.ok("order", "plan", "SO-1", "--start", "2026-11-09", "--finish", "2026-12-10", "--force",
               "--reason", "buyer accepts a later vessel", "--factory", "HX")
    view = json.loads(planned.ok("order", "show", "SO-1", "-f", "json"))
    assert view["production"]["status"]["forced"] is True
    assert view["events"][-1]["reason"] == "buyer accepts a later vessel"


@pytest.mark.parametrize("args, code, message", [
    (["--start", "2026-11-09"], 2, "give either --finish DATE or --daily N"),
    (["--start", "2026-11-09", "--finish", "2026-11-20", "--daily", "50"], 2, "give either --finish DATE or --daily N"),
    (["--start", "2026-11-09", "--finish", "2026-11-08"], 1, "before the start"),
    (["--start", "2026-11-15", "--finish", "2026-11-15"], 1, "no working day between"),
    (["--start", "2026-11-09", "--finish", "2026-11-20", "--workdays", "weekdays"], 2, "bad --workdays"),
    (["--start", "2026-11-09", "--finish", "2026-11-20", "--holiday", "xmas"], 2, "bad --holiday"),
    (["--start", "2026-11-09", "--daily", "0"], 2, "bad --daily 0"),
])
def test_plan_refusals(planned, args, code, message):
    planned.refused("order", "plan", "SO-5", *args, code=code, message=message)


def test_plan_unknown_or_cancelled_order_refused(planned):
    planned.refused("order", "plan", "SO-9", "--start", "+3", "--daily", "10", message="unknown order 'SO-9'")
    planned.ok("order", "cancel", "SO-5", "--reason", "buyer withdrew")
    planned.refused("order", "plan", "SO-5", "--start", "+3", "--daily", "10", message="order SO-5 is cancelled")


@pytest.mark.parametrize("args, code, message", [
    (["SO-1", "--produced", "480"], 1, "produced 480 goes backwards: 500 was reported on 2026-11-19"),
    (["SO-1", "--produced", "600", "--packed", "50"], 1, "packed 50 goes backwards: 100 was reported on 2026-11-19"),
    (["SO-1", "--produced", "460", "--date", "2026-11-17"], 1, "more than the 450 reported later on 2026-11-18"),
    (["SO-1", "--produced", "1051"], 1, "exceeds the order quantity 1000 by more than 5% (at most 1050"),
    (["SO-1", "--produced", "600", "--packed", "700"], 1, "packed 700 is more than produced 600"),
    (["SO-1", "--produced", "600", "--date", "2026-11-21"], 1, "after today 2026-11-20"),
    (["SO-5", "--produced", "10"], 1, "order SO-5 has no production plan"),
    (["SO-9", "--produced", "10"], 1, "unknown order 'SO-9'"),
    (["SO-1", "--produced", "600", "--cause", "weather"], 2, "bad --cause 'weather'"),
    (["SO-1", "--produced", "-5"], 2, "bad --produced '-5'"),
    (["SO-1", "--packed", "5"], 2, "needs --produced N"),
    (["SO-1", "--behind"], 2, "--behind and --factory are for the list"),
    (["--produced", "5"], 2, "need an order number"),
    (["SO-1", "--produced", "600", "--date", "someday"], 2, "bad --date 'someday'"),
])
def test_progress_refusals(planned, args, code, message):
    planned.refused("progress", *args, code=code, message=message)


def test_over_tolerance_is_a_setting(planned):
    conn = sqlite3.connect(planned.db)
    conn.execute("INSERT INTO settings (key, value) VALUES ('over_tolerance_pct', '0')")
    conn.commit()
    conn.close()
    planned.refused("progress", "SO-1", "--produced", "1001", message="by more than 0% (at most 1000")
    planned.ok("progress", "SO-1", "--produced", "1000")


def test_progress_on_a_cancelled_order_refused(planned):
    planned.ok("order", "cancel", "SO-3", "--reason", "buyer withdrew")
    planned.refused("progress", "SO-3", "--produced", "10", message="order SO-3 is cancelled")
    assert "SO-3" not in planned.ok("progress", "-f", "csv")


def test_report_delays_bad_range(planned):
    planned.refused("report", "delays", "--from", "2026-11-20", "--to", "2026-11-01", code=2, message="before --from")
    planned.refused("report", "delays", "--month", "2026-11", "--from", "2026-11-01", code=2, message="not both")


def test_nothing_planned_prints_nothing_on_stdout(parties):
    assert parties.ok("progress", "-f", "csv") == ""   # nothing to show: nothing on stdout, not a bare header
    result = parties("progress")
    assert result.exit_code == 0 and result.stdout == "" and "no open planned orders" in result.stderr


@pytest.mark.parametrize("today", ["2026-11-20", "2026-11-22"])   # a Friday and a Sunday
def test_demo_has_one_order_on_plan_and_one_behind_for_material(gendan, today):
    gendan.today = today
    gendan.ok("demo", "--db", str(gendan.db))
    rows = {r["order"]: r for r in json.loads(gendan.ok("progress", "-f", "json"))}
    assert rows["SO-2402"]["behind_qty"] == 0 and rows["SO-2402"]["at_risk"] is False
    assert rows["SO-2401"]["behind_qty"] > 0 and rows["SO-2401"]["at_risk"] is True
    delays = json.loads(gendan.ok("report", "delays", "--from", "-14", "-f", "json"))
    assert delays[0]["cause"] == "material" and delays[0]["reports"] == 4
