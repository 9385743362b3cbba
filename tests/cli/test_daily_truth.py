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
