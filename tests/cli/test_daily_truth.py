"""Issue 17, the daily views tell the truth: what `order list`, `today` and `progress`
show a merchandiser (today 2026-11-20, a Friday)."""
import json

import pytest


@pytest.fixture
def late_po(parties):
    """SO-1 is due in 5 days; 400 of PO-1's 1,000 pieces for it are still open, 6 days overdue."""
    parties.ok("order", "add", "SO-1", "--customer", "NORD", "--due", "2026-11-25", "--ordered", "2026-11-01",
               "--item", "CUSH-01=1000@6.80")
    parties.ok("po", "add", "PO-1", "--supplier", "MF", "--due", "2026-11-14", "--ordered", "2026-11-02",
               "--item", "CUSH-01=1000@3", "--for", "SO-1")
    parties.ok("po", "confirm", "PO-1", today="2026-11-03")
    parties.ok("po", "receive", "PO-1", "--item", "CUSH-01=600", "--date", "2026-11-13")
    return parties


def test_an_overdue_po_line_puts_its_order_at_risk(late_po):
    rows = json.loads(late_po.ok("order", "list", "-f", "json"))
    assert [(r["order"], r["days_left"], r["at_risk"]) for r in rows] == [("SO-1", 5, True)]
    # ten days earlier the line was not yet late, and its due date left the buffer free
    rows = json.loads(late_po.ok("order", "list", "-f", "json", today="2026-11-10"))
    assert [(r["order"], r["at_risk"]) for r in rows] == [("SO-1", False)]


def test_the_morning_report_lists_the_order_with_the_overdue_line(late_po):
    report = json.loads(late_po.ok("today", "-f", "json"))
    assert [(r["order"], r["cause"]) for r in report["orders_at_risk"]] == [
        ("SO-1", "PO-1 line 1 overdue since 2026-11-14")]
    # `order show` says why too (it said `at_risk true` and nothing more)
    shown = json.loads(late_po.ok("order", "show", "SO-1", "-f", "json"))
    assert (shown["at_risk"], shown["cause"]) == (True, "PO-1 line 1 overdue since 2026-11-14")
    assert "cause" in late_po.ok("order", "show", "SO-1") and \
        json.loads(late_po.ok("order", "show", "SO-1", "-f", "json", today="2026-11-10"))["cause"] == ""
    (chase,) = report["pos_to_chase"]
    assert (chase["reason"], chase["days_late"]) == ("overdue", 6)
    chase_rows = json.loads(late_po.ok("po", "chase", "-f", "json"))
    assert [r["at_risk"] for r in chase_rows] == [True]


def test_a_shipped_order_is_neither_late_nor_at_risk(late_po):
    late_po.ok("ship", "SO-1", "--item", "CUSH-01=1000", "--force", "--reason", "test: ship all", today="2026-11-28")
    rows = json.loads(late_po.ok("order", "list", "--all", "-f", "json", today="2026-12-02"))
    assert [(r["order"], r["status"], r["days_left"], r["at_risk"]) for r in rows] == [("SO-1", "shipped", None, False)]
    shown = json.loads(late_po.ok("order", "show", "SO-1", "-f", "json", today="2026-12-02"))
    assert (shown["days_left"], shown["at_risk"]) == (None, False)


def test_a_cancelled_order_is_neither_late_nor_at_risk(late_po):
    late_po.ok("order", "cancel", "SO-1", "--reason", "buyer withdrew")
    rows = json.loads(late_po.ok("order", "list", "--all", "-f", "json", today="2026-12-02"))
    assert [(r["status"], r["days_left"], r["at_risk"]) for r in rows] == [("cancelled", None, False)]


def test_finished_production_is_not_behind_plan_nor_at_risk(parties):
    parties.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "2026-11-25", "--ordered", "2026-10-20",
               "--item", "CH-01=100@10")
    parties.ok("order", "plan", "SO-2", "--start", "2026-11-02", "--finish", "2026-11-10", "--force",
               "--reason", "test", today="2026-11-01")
    parties.ok("progress", "SO-2", "--produced", "50", "--date", "2026-11-09", today="2026-11-09")
    parties.ok("progress", "SO-2", "--produced", "100", "--packed", "100", "--date", "2026-11-19")
    (row,) = json.loads(parties.ok("progress", "-f", "json"))
    assert (row["produced"], row["forecast_finish"], row["at_risk"]) == (100, "2026-11-19", False)
    report = json.loads(parties.ok("today", "-f", "json"))
    assert "production_behind" not in report
    assert [r["order"] for r in report.get("orders_at_risk", [])] == []
    assert [r["at_risk"] for r in json.loads(parties.ok("order", "list", "-f", "json"))] == [False]


def test_a_new_price_on_a_partly_shipped_line_applies_to_the_rest(parties):
    parties.ok("order", "add", "SO-4", "--customer", "ACME", "--due", "2026-12-30", "--ordered", "2026-11-01",
               "--item", "DC-01=900@18.75")
    parties.ok("ship", "SO-4", "--item", "DC-01=600", "--force", "--reason", "test: no final yet")
    parties.ok("order", "change", "SO-4", "--item", "DC-01=900@19.00", "--reason", "price up")
    shown = json.loads(parties.ok("order", "show", "SO-4", "-f", "json"))
    assert (shown["amount"], shown["order_value"], shown["shipped_value"], shown["deposit_due"]) == \
        ("16950.00", "16950.00", "11250.00", "5085.00")
    assert shown["lines"][0]["amount"] == "16950.00"
    (row,) = json.loads(parties.ok("order", "list", "-f", "json"))
    assert row["amount"] == "16950.00"
    check = json.loads(parties("ship", "--check", "SO-4", "-f", "json").stdout)
    (deposit,) = [g for g in check if g["gate"] == "deposit"]
    assert "5085.00" in deposit["detail"]
    statement = json.loads(parties.ok("reconcile", "customer", "ACME", "--month", "2026-11", "-f", "json"))
    assert [r["debit"] for r in statement if r["kind"] == "shipment"] == ["11250.00"]


def test_the_chase_message_asks_for_the_countersigned_po(parties):
    parties.ok("po", "add", "PO-5", "--supplier", "HX", "--due", "2026-12-20", "--ordered", "2026-11-15",
               "--item", "FAB=1200@9")
    out = parties.ok("po", "chase", "--message", "--supplier", "HX")
    assert "- PO-5 第1行 FAB：未交 1200 件，要求交期 2026-12-20，采购单尚未回传确认" in out
    assert "请将采购单 PO-5 签字盖章回传确认。" in out
    parties.ok("po", "confirm", "PO-5", "--promised", "2026-12-18")
    assert "回传" not in parties.ok("po", "chase", "--message", "--supplier", "HX", "--window", "30")


def test_the_morning_report_lists_receivables_coming_due(parties):
    parties.ok("order", "add", "SO-6", "--customer", "NORD", "--due", "2026-10-15", "--ordered", "2026-09-01",
               "--item", "SF-10=10@100")
    parties.ok("ship", "SO-6", "--item", "SF-10=10", "--date", "2026-10-10", "--force", "--reason", "test")
    report = json.loads(parties.ok("today", "-f", "json"))       # 45 credit days: due 11-24
    assert report["receivables_due"] == [{"party": "NORD", "currency": "EUR", "outstanding": "1000.00",
                                          "documents": "SH-00001/SO-6", "oldest_due": "2026-11-24", "days_left": 4}]
    assert "receivables_overdue" not in report
    late = json.loads(parties.ok("today", "-f", "json", today="2026-11-26"))
    assert [(r["party"], r["days_left"]) for r in late["receivables_overdue"]] == [("NORD", -2)]
    assert "receivables_due" not in late


def test_a_quantity_change_recomputes_a_daily_plan(parties):
    parties.ok("order", "add", "SO-7", "--customer", "ACME", "--due", "2027-01-30", "--ordered", "2026-11-01",
               "--item", "CH-01=600@10")
    parties.ok("order", "plan", "SO-7", "--start", "2026-11-23", "--daily", "100")
    parties.ok("order", "change", "SO-7", "--item", "CH-01=900@10", "--reason", "buyer added 300")
    (row,) = json.loads(parties.ok("progress", "-f", "json"))
    assert (row["start"], row["finish"]) == ("2026-11-23", "2026-12-02")   # nine working days, Sunday off
    log = parties.ok("log", "SO-7", "-f", "json")
    assert "buyer added 300" in log and '"finish": "2026-12-02"' in log.replace("\\", "")
    # a quantity the daily rate could not make before 2999 is refused as `order plan` refuses it
    parties.refused("order", "change", "SO-7", "--item", "CH-01=90000000@10", "--reason", "typo",
                    message="the plan would finish after 2999-12-31")


def test_supplier_score_counts_open_overdue_pieces(late_po):
    (row,) = json.loads(late_po.ok("supplier", "score", "MF", "-f", "json"))
    assert (row["on_time_rate"], row["qty_open_overdue"]) == (0.6, 400)
    # as of the day before the line was due, nothing was late
    (row,) = json.loads(late_po.ok("supplier", "score", "MF", "--until", "2026-11-13", "-f", "json"))
    assert (row["on_time_rate"], row["qty_open_overdue"], row["qty_received"]) == (1.0, 0, 600)
    (row,) = json.loads(late_po.ok("supplier", "score", "MF", "--until", "2026-11-12", "-f", "json"))
    assert (row["on_time_rate"], row["qty_open_overdue"], row["qty_received"]) == (None, 0, 0)
    explain = json.loads(late_po.ok("supplier", "score", "MF", "--explain", "-f", "json"))
    assert [(r["kind"], r["qty"], r["days_late"]) for r in explain] == [("receipt", 600, 0), ("open-overdue", 400, 6)]


# -- 6, 7: inspections ----------------------------------------------------------------------------

def test_a_final_lot_larger_than_what_remains_is_refused(parties):
    parties.ok("order", "add", "SO-8", "--customer", "NORD", "--due", "2026-12-20", "--item", "A=999@1")
    parties.refused("inspect", "log", "SO-8", "--stage", "final", "--lot", "5000", "--major", "0",
                    message="lot 5,000 of A is more than the 999 left to ship on order SO-8")
    parties.ok("ship", "SO-8", "--item", "A=600", "--force", "--reason", "test")
    out = json.loads(parties.ok("inspect", "log", "SO-8", "--stage", "final", "--major", "0", "-f", "json"))
    assert out[0]["lot"] == 399         # the default lot: what remains to ship


def test_the_incoming_lot_defaults_to_everything_not_yet_inspected(parties):
    parties.ok("po", "add", "PO-8", "--supplier", "MF", "--due", "2026-11-25", "--ordered", "2026-11-01",
               "--item", "A=1000@1")
    parties.ok("po", "receive", "PO-8", "--item", "A=600", "--date", "2026-11-18")
    parties.ok("po", "receive", "PO-8", "--item", "A=400", "--date", "2026-11-19")
    first = json.loads(parties.ok("inspect", "log", "PO-8", "--stage", "incoming", "--major", "0", "-f", "json"))
    assert first[0]["lot"] == 1000      # both deliveries, not only the latest 400
    parties.refused("inspect", "log", "PO-8", "--stage", "incoming", "--major", "0",
                    message="nothing of A received on PO-8 is left uninspected")


def test_the_record_and_the_message_name_the_minor_sample_size(parties):
    parties.ok("po", "add", "PO-9", "--supplier", "MF", "--due", "2026-11-25", "--ordered", "2026-11-01",
               "--item", "A=30@1")
    parties.ok("po", "receive", "PO-9", "--item", "A=30", "--date", "2026-11-19")
    r = parties("inspect", "log", "PO-9", "--stage", "incoming", "--major", "0", "--minor", "1", "-f", "json")
    assert r.exit_code == 0, r.stderr
    (rec,) = json.loads(r.stdout)
    assert (rec["sample_size"], rec["minor_sample_size"]) == (5, 13)
    assert "n=5 major Ac 0/Re 1 minor n=13 Ac 1/Re 2: pass" in r.stderr
    (listed,) = json.loads(parties.ok("inspect", "list", "PO-9", "-f", "json"))
    assert listed["minor_sample_size"] == 13


@pytest.fixture
def planned(parties):
    """SO-9 has a PO for its cartons only; SO-10 has a production plan starting 12-01."""
    parties.ok("order", "add", "SO-9", "--customer", "ACME", "--due", "2027-01-30", "--item", "A=600@1")
    parties.ok("po", "add", "PO-10", "--supplier", "MF", "--due", "2026-12-20", "--item", "CTN=600@1",
               "--for", "SO-9")
    parties.ok("order", "add", "SO-10", "--customer", "ACME", "--due", "2027-01-30", "--item", "B=600@1")
    parties.ok("order", "plan", "SO-10", "--start", "2026-12-01", "--finish", "2026-12-19")
    return parties


def test_a_po_for_cartons_does_not_start_production_and_pps_is_due_by_the_start(planned):
    rows = json.loads(planned.ok("inspect", "due", "--window", "90", "-f", "json"))
    assert not [r for r in rows if r["ref"] == "SO-9" and r["stage"] != "final"]
    pps = {(r["stage"], r["due"], r["days_left"]) for r in rows if r["ref"] == "SO-10" and r["stage"] != "final"}
    assert pps == {("pps", "2026-12-01", 11), ("first-article", "2026-12-01", 11), ("inline", "2027-01-30", 71)}
    assert "DTSTART;VALUE=DATE:20261201" in planned.ok("calendar")


def test_inspect_skip_records_a_stage_not_required(planned):
    out = planned.ok("inspect", "skip", "SO-10", "--stage", "pps", "--reason", "repeat order, PPS on SO-0930")
    assert out == "SO-10 pps skipped: repeat order, PPS on SO-0930\n"
    stages = {r["stage"] for r in json.loads(planned.ok("inspect", "due", "--window", "90", "-f", "json"))
              if r["ref"] == "SO-10"}
    assert "pps" not in stages and "first-article" in stages
    assert "repeat order, PPS on SO-0930" in planned.ok("log", "SO-10")
    planned.refused("inspect", "skip", "SO-10", "--stage", "final", "--reason", "x", message="cannot be skipped")
    planned.refused("inspect", "skip", "SO-10", "--stage", "pps", code=2, message="needs --reason")
    planned.refused("inspect", "skip", "SO-10", "--stage", "pps", "--sku", "Z", "--reason", "x", message="not on SO-10")
    planned.refused("inspect", "skip", "SO-10", "--stage", "pps", "--reason", "again", message="already skipped")
    planned.refused("inspect", "skip", "SO-10", "--stage", "incoming", "--reason", "x",
                    message="an incoming inspection cannot be skipped")
    planned.refused("inspect", "skip", "SO-10", "--stage", "inline", "--reason", "x", today="2026-01-01",
                    message="was placed on")   # not before the order existed


# -- 12. holidays and shutdowns -------------------------------------------------------------------

def test_a_plan_through_a_recorded_shutdown_finishes_after_it(parties):
    parties.ok("order", "add", "SO-11", "--customer", "ACME", "--due", "2027-04-30", "--item", "A=2400@1")
    out = parties.ok("holiday", "add", "2027-02-03..2027-02-21", "--factory", "恒兴木业", "--reason", "春节")
    assert out == "shutdown 2027-02-03..2027-02-21 (19 days) at 恒兴木业: 春节\n"
    parties.ok("order", "plan", "SO-11", "--start", "2027-01-25", "--daily", "100", "--factory", "恒兴木业")
    (row,) = json.loads(parties.ok("progress", "-f", "json"))
    assert row["finish"] == "2027-03-11"            # not 2027-02-20: 19 days closed, public holidays inside
    listed = json.loads(parties.ok("holiday", "list", "--year", "2027", "-f", "json"))
    assert {"first": "2027-02-03", "last": "2027-02-21", "days": 19, "kind": "shutdown", "factory": "恒兴木业",
            "reason": "春节"} in listed
    assert any(r["kind"] == "public CN" and r["first"] == "2027-10-01" for r in listed)
    assert "春节" in parties.ok("log", "-f", "json")
    # the same days again are a slip; a factory no plan names is most likely a typo (adversarial try-out)
    parties.refused("holiday", "add", "2027-02-20..2027-02-25", "--factory", "恒兴木业", "--reason", "again",
                    message="overlaps the shutdown 2027-02-03..2027-02-21 at 恒兴木业")
    typo = parties("holiday", "add", "2027-05-01", "--factory", "恒兴木", "--reason", "五一")
    assert typo.exit_code == 0 and "no production plan is at '恒兴木' (plans are at: 恒兴木业)" in typo.stderr


def test_public_holidays_move_a_plan_and_the_country_is_a_setting(parties):
    parties.ok("order", "add", "SO-12", "--customer", "ACME", "--due", "2027-12-30", "--item", "A=600@1")
    parties.ok("order", "plan", "SO-12", "--start", "2027-09-27", "--daily", "100")   # 10-01..10-05 national days
    (row,) = json.loads(parties.ok("progress", "-f", "json"))
    assert row["finish"] == "2027-10-07"            # four days, then 10-06 and 10-07
    parties.ok("holiday", "country", "none")
    assert parties.ok("holiday", "country") == "none\n"
    (row,) = json.loads(parties.ok("progress", "-f", "json"))
    assert row["finish"] == "2027-10-07"            # the stored finish stays; a new plan counts without them
    parties.ok("order", "plan", "SO-12", "--start", "2027-09-27", "--daily", "100")
    (row,) = json.loads(parties.ok("progress", "-f", "json"))
    assert row["finish"] == "2027-10-02"
    parties.ok("holiday", "country", "VN")   # the README's example: Vietnam's 2 September, not China's 1 October
    assert parties.ok("holiday", "country") == "VN\n"
    listed = json.loads(parties.ok("holiday", "list", "--year", "2027", "-f", "json"))
    assert {r["first"] for r in listed if r["kind"] == "public VN"} >= {"2027-09-02"}
    assert not any(r["kind"] == "public CN" for r in listed)
    parties.refused("holiday", "country", "XX", code=2, message="unknown country 'XX'")
    parties.refused("holiday", "add", "2027-02-21..2027-02-03", "--reason", "x", code=2, message="is before")
    parties.refused("holiday", "add", "2027-02-03", code=2, message="needs --reason")


def test_a_deposit_on_one_order_never_pays_another_orders_overdue_goods(parties):
    """Item 5. NORD (EUR, 45 days): SO-0's goods of August paid (part against SO-0, the rest on
    account), so the account has a settled cut; SO-A's goods of September unpaid, due
    2026-10-16; SO-B's deposit of November. SO-A stays overdue in full, as its `order show`
    balance says, and the deposit is SO-B's advance (a negative `current`)."""
    for no, due in (("SO-0", "2026-08-30"), ("SO-A", "2026-09-30"), ("SO-B", "2027-01-30")):
        parties.ok("order", "add", no, "--customer", "NORD", "--due", due, "--ordered", "2026-07-01",
                   "--item", "SF-10=10@100")
    parties.ok("ship", "SO-0", "--item", "SF-10=10", "--date", "2026-08-01", "--force", "--reason", "test")
    parties.ok("pay", "in", "NORD", "--amount", "300", "--order", "SO-0", "--date", "2026-08-20")
    parties.ok("pay", "in", "NORD", "--amount", "700", "--date", "2026-09-15")
    parties.ok("ship", "SO-A", "--item", "SF-10=10", "--date", "2026-09-01", "--force", "--reason", "test")
    parties.ok("pay", "in", "NORD", "--amount", "600", "--order", "SO-B", "--date", "2026-11-02")
    report = json.loads(parties.ok("today", "-f", "json"))
    assert report["receivables_overdue"] == [{"party": "NORD", "currency": "EUR", "outstanding": "1000.00",
                                              "documents": "SH-00002/SO-A", "oldest_due": "2026-10-16",
                                              "days_left": -35}]
    aging = json.loads(parties.ok("reconcile", "aging", "-f", "json"))
    assert aging == [{"party": "NORD", "currency": "EUR", "current": "-600.00", "d1_30": "0.00",
                      "d31_60": "1000.00", "d61_90": "0.00", "over_90": "0.00", "total": "400.00"}]
    shown = {no: json.loads(parties.ok("order", "show", no, "-f", "json"))["balance"] for no in ("SO-0", "SO-A", "SO-B")}
    assert shown == {"SO-0": "700.00", "SO-A": "1000.00", "SO-B": "-600.00"}   # SO-0's 700 came on account
    statement = json.loads(parties.ok("reconcile", "customer", "NORD", "-f", "json"))
    assert statement[-1]["balance"] == aging[0]["total"]
    # money on account pays the oldest goods, SO-A's, and never SO-B's advance
    parties.ok("pay", "in", "NORD", "--amount", "250", "--date", "2026-11-19")
    aging = json.loads(parties.ok("reconcile", "aging", "-f", "json"))
    assert (aging[0]["current"], aging[0]["d31_60"], aging[0]["total"]) == ("-600.00", "750.00", "150.00")
    assert json.loads(parties.ok("today", "-f", "json"))["receivables_overdue"][0]["outstanding"] == "750.00"


def test_a_shutdown_recorded_by_mistake_can_be_removed(parties):
    """A slip in `holiday add` is taken back, audited; the plans made afterwards count the days."""
    parties.ok("order", "add", "SO-13", "--customer", "ACME", "--due", "2027-04-30", "--item", "A=2400@1")
    parties.ok("holiday", "add", "2027-02-03..2027-02-21", "--factory", "恒兴木业", "--reason", "春节")
    parties.refused("holiday", "remove", "2027-02-03", "--factory", "恒兴木", "--reason", "x",
                    message="no shutdown at 恒兴木 holds 2027-02-03 (none is recorded at 恒兴木)")
    parties.refused("holiday", "remove", "2027-02-03..2027-02-20", "--factory", "恒兴木业", "--reason", "x",
                    message="no shutdown at 恒兴木业 is 2027-02-03..2027-02-20 (give one day of it, or its exact "
                            "range) (its shutdowns: 2027-02-03..2027-02-21)")
    parties.refused("holiday", "remove", "2027-02-10", "--factory", "恒兴木业", code=2, message="needs --reason")
    parties.refused("holiday", "remove", "2027-02-10", "--reason", "x",
                    message="; 2027-02-10 is in 2027-02-03..2027-02-21 at 恒兴木业: give its --factory")
    out = parties.ok("holiday", "remove", "2027-02-10", "--factory", "恒兴木业", "--reason", "wrong factory")
    assert out == "shutdown 2027-02-03..2027-02-21 at 恒兴木业 removed: wrong factory\n"
    listed = json.loads(parties.ok("holiday", "list", "--year", "2027", "-f", "json"))
    assert not [r for r in listed if r["kind"] == "shutdown"]
    parties.ok("order", "plan", "SO-13", "--start", "2027-01-25", "--daily", "100", "--factory", "恒兴木业")
    (row,) = json.loads(parties.ok("progress", "-f", "json"))
    assert row["finish"] < "2027-03-01"            # the 19 days count again (2027-03-11 with them)
    (event,) = [e for e in json.loads(parties.ok("log", "-f", "json")) if e.get("reason") == "wrong factory"]
    assert event["key"] == "恒兴木业" and json.loads(event["before"])["first"] == "2027-02-03" and event["after"] is None


def test_check_knows_shutdowns_added_and_removed(parties):
    """`check` flagged every shutdown as a removed record (its audit key is the factory, or
    '*'); it now finds only one deleted outside gendan (new-user try-out)."""
    import sqlite3
    parties.ok("holiday", "add", "2027-05-01..2027-05-05", "--reason", "五一")
    parties.ok("holiday", "add", "2027-02-03..2027-02-21", "--factory", "恒兴木业", "--reason", "春节")
    parties.ok("holiday", "add", "2027-10-01..2027-10-07", "--factory", "恒兴木业", "--reason", "国庆")
    parties.ok("holiday", "remove", "2027-02-05", "--factory", "恒兴木业", "--reason", "wrong year")
    assert parties("check").exit_code == 0
    with sqlite3.connect(parties.db) as conn:
        conn.execute("DELETE FROM shutdowns WHERE reason = '五一'")
    result = parties("check")
    assert result.exit_code == 1
    assert "the shutdown 2027-05-01..2027-05-05 at every factory was recorded but is gone" in result.stdout + result.stderr
