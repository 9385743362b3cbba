"""Issue 17, the daily views tell the truth: the business rules behind at-risk, closed
orders and finished production, with literal dates (2026-12-11 is a Friday)."""
from datetime import date

from gendan.core import orders, production as p, purchasing, report
from gendan.core.models import Order, OrderLine, ProductionPlan, ProgressReport

D = date.fromisoformat
TODAY = D("2026-12-11")


# -- 1. an open line is expected today at the earliest ---------------------------------------

def test_an_overdue_line_puts_an_order_due_tomorrow_at_risk():
    # SO-2405 of the demo: due 12-12, 400 cushions due 12-05 still open
    assert orders.at_risk(D("2026-12-12"), [D("2026-12-05")], 7, today=TODAY) is True
    # the same line before it was late: due 12-05 is inside 12-12 minus 7 = 12-05
    assert orders.at_risk(D("2026-12-12"), [D("2026-12-05")], 7, today=D("2026-12-01")) is False


def test_an_overdue_line_on_an_order_far_off_is_no_risk():
    assert orders.at_risk(D("2027-01-30"), [D("2026-12-05")], 7, today=TODAY) is False


def test_a_production_forecast_is_never_before_today():
    assert orders.at_risk(D("2026-12-12"), [], 7, D("2026-12-01"), today=TODAY) is True
    assert orders.at_risk(D("2026-12-30"), [], 7, D("2026-12-01"), today=TODAY) is False


def test_risk_cause_names_an_overdue_line_with_the_date_it_was_expected():
    assert report.risk_cause(D("2026-12-12"), [("PO-JL-302", 1, D("2026-12-05"))], 7, today=TODAY) == \
        "PO-JL-302 line 1 overdue since 2026-12-05"
    # a later promise still wins over an overdue line; the overdue one is counted
    both = [("PO-1", 1, D("2026-12-05")), ("PO-2", 1, D("2026-12-14"))]
    assert report.risk_cause(D("2026-12-12"), both, 7, today=TODAY) == "PO-2 line 1 expected 2026-12-14 (+1 more)"


def test_chase_list_marks_an_overdue_line_at_risk_for_an_order_due_soon():
    ln = purchasing.OpenLine(po="PO-JL-302", line=1, sku="CUSH-01", supplier="JL", qty=1000, due=D("2026-12-05"),
                             ordered=D("2026-11-16"), received=600, for_order="SO-2405", order_due=D("2026-12-12"),
                             confirmed=D("2026-11-16"))
    (row,) = purchasing.chase_list([ln], TODAY)
    assert (row["reason"], row["days_late"], row["at_risk"]) == ("overdue", 6, True)
    assert purchasing.line_at_risk(ln.expected, ln.order_due, 7, TODAY) is True
    assert purchasing.line_at_risk(ln.expected, ln.order_due, 7) is False   # the date alone says nothing of today


# -- 2. shipped and cancelled orders are never at risk -------------------------------------

ORDER = Order(order="SO-1", customer="ACME", ordered=D("2026-10-01"), due=D("2026-12-08"), currency="USD",
              deposit_pct=0, balance_before_ship=False, credit_days=30,
              lines=(OrderLine(1, "CH-01", 300, 18),))


def test_a_shipped_order_has_no_days_left_and_no_risk():
    row = orders.list_row(ORDER, {1: 300}, TODAY, risky=True)
    assert (row["status"], row["days_left"], row["at_risk"]) == ("shipped", None, False)


def test_a_cancelled_order_has_no_days_left_and_no_risk():
    from dataclasses import replace
    row = orders.list_row(replace(ORDER, cancelled=True), {}, TODAY, risky=True)
    assert (row["status"], row["days_left"], row["at_risk"]) == ("cancelled", None, False)


def test_an_open_order_keeps_its_days_left_and_risk():
    row = orders.list_row(ORDER, {1: 100}, TODAY, risky=True)
    assert (row["status"], row["days_left"], row["at_risk"]) == ("partial", -3, True)


# -- 3. finished production is neither behind nor a risk -----------------------------------

PLAN = ProductionPlan("SO-1", D("2026-11-09"), D("2026-11-28"), factory="HX")


def test_finished_production_is_not_at_risk_nor_needs_attention():
    reports = [ProgressReport("SO-1", D("2026-11-20"), 500, 500), ProgressReport("SO-1", D("2026-12-04"), 1000, 1000)]
    s = p.status(PLAN, 1000, D("2026-12-08"), reports, TODAY, 7)
    assert s.forecast_finish == D("2026-12-04")     # the day it was made: a fact
    assert (s.at_risk, p.is_finished(s), p.needs_attention(s)) == (False, True, False)


def test_unfinished_production_finishing_inside_the_buffer_is_at_risk():
    reports = [ProgressReport("SO-1", D("2026-11-20"), 500, 0), ProgressReport("SO-1", D("2026-12-04"), 900, 0)]
    s = p.status(PLAN, 1000, D("2026-12-08"), reports, TODAY, 7)
    assert (s.at_risk, p.is_finished(s)) == (True, False)


# -- 4. a price changed after part of a line shipped applies to the rest --------------------

def test_order_value_keeps_the_price_goods_shipped_at():
    from decimal import Decimal
    from gendan.core.shipping import deposit_due
    line = OrderLine(1, "DC-01", 900, Decimal("19.00"), shipped_at=((Decimal("18.75"), 600),))
    order = Order(order="SO-9", customer="ACME", ordered=D("2026-10-01"), due=D("2026-12-30"), currency="USD",
                  deposit_pct=Decimal(30), balance_before_ship=False, credit_days=30, lines=(line,))
    assert line.amount("USD") == Decimal("16950.00")      # 600 × 18.75 + 300 × 19.00
    assert order.value == Decimal("16950.00")
    assert deposit_due(order) == Decimal("5085.00")


def test_order_value_unchanged_when_every_shipment_was_at_the_current_price():
    from decimal import Decimal
    # 20 × 0.333333 = 6.67 rounded once, though two shipments of 10 are 3.33 each
    line = OrderLine(1, "X", 20, Decimal("0.333333"), shipped_at=((Decimal("0.333333"), 20),))
    assert line.amount("USD") == Decimal("6.67")


# -- 10. the chase message for an unconfirmed PO asks for the countersigned PO ------------------

def test_chase_message_for_an_unconfirmed_po_asks_for_the_signed_copy():
    ln = purchasing.OpenLine(po="PO-JL-301", line=1, sku="FAB-GREY", supplier="JL", qty=1200, due=D("2026-12-20"),
                             ordered=D("2026-12-06"))
    rows = purchasing.chase_list([ln], TODAY)
    assert rows[0]["reason"] == "unconfirmed"
    assert purchasing.chase_message("嘉利", "陈小姐", rows, "zh").splitlines() == [
        "陈小姐您好：",
        "以下采购单尚未交齐，请确认交期：",
        "- PO-JL-301 第1行 FAB-GREY：未交 1200 件，要求交期 2026-12-20，采购单尚未回传确认",
        "请将采购单 PO-JL-301 签字盖章回传确认。",
        "请逐项回复确切交货日期，谢谢！"]
    en = purchasing.chase_message("Jiali", "", rows, "en").splitlines()
    assert en[3] == "- PO-JL-301 line 1 FAB-GREY: 1200 pcs open, due 2026-12-20; PO not countersigned yet"
    assert "Please sign and return PO-JL-301 to confirm the order." in en


# -- 11. receivables coming due, in the payables' column names -------------------------------

def test_receivables_due_within_the_week_not_yet_overdue():
    from collections import namedtuple
    from decimal import Decimal
    E = namedtuple("E", "party doc ref date due currency")
    items = [(E("ACME", "SH-00001", "SO-1", D("2026-11-01"), D("2026-12-01"), "USD"), Decimal("500.00")),   # overdue
             (E("ACME", "SH-00002", "SO-2", D("2026-11-15"), D("2026-12-15"), "USD"), Decimal("300.00")),
             (E("NORD", "SH-00003", "SO-3", D("2026-11-11"), D("2026-12-11"), "EUR"), Decimal("99.90")),   # today
             (E("NORD", "SH-00004", "SO-4", D("2026-11-20"), D("2026-12-19"), "EUR"), Decimal("10.00"))]   # 8 days
    s = report.receivables_due(items, TODAY, 7)
    assert [(r["party"], r["documents"], r["oldest_due"], r["days_left"]) for r in s.rows] == [
        ("NORD", "SH-00003", D("2026-12-11"), 0), ("ACME", "SH-00002", D("2026-12-15"), 4)]
    assert s.heading == "Receivables due within 7 days: 2 (EUR 99.90, USD 300.00)"
    overdue = report.receivables_overdue(items, TODAY)
    assert [(r["party"], r["days_left"]) for r in overdue.rows] == [("ACME", -10)]
    assert overdue.columns == report.payables_due(items, TODAY, 7).columns


# -- 8. a --daily plan follows a quantity change ----------------------------------------------

def test_a_daily_plan_finishes_later_when_the_quantity_rises():
    plan = p.new_plan("SO-1", 600, D("2026-11-09"), None, 100, workdays=(0, 1, 2, 3, 4, 5))
    assert plan.finish == D("2026-11-14")                       # six days of 100, Mon..Sat
    bigger = p.replan_for_qty(plan, 900)
    assert bigger.finish == D("2026-11-18")                     # nine days, Sunday off
    assert p.planned_to(bigger, 900, D("2026-11-14")) == 600    # not 900 on the old last day
    assert p.replan_for_qty(plan, 600) == plan


def test_a_plan_given_by_its_finish_keeps_it():
    plan = p.new_plan("SO-1", 600, D("2026-11-09"), D("2026-11-14"), None)
    assert p.replan_for_qty(plan, 900) == plan


# -- 9. a supplier's score counts what is late and still open ----------------------------------

def test_open_overdue_pieces_count_as_late():
    on_time = purchasing.ReceiptFact("JL", "PO-1", 1, "CUSH-01", D("2026-11-18"), 600, 0, D("2026-12-05"))
    overdue = purchasing.OverdueFact("JL", "PO-1", 1, "CUSH-01", 400, D("2026-12-05"))
    s = purchasing.score("JL", [on_time], [], [overdue], TODAY)
    assert (s["on_time_rate"], s["on_time_rate_first_promise"], s["qty_open_overdue"]) == (0.6, 0.6, 400)
    assert purchasing.score("JL", [on_time], [])["on_time_rate"] == 1.0


def test_a_line_late_against_its_first_promise_only():
    # promised 12-01 first, re-promised 12-20: late against the first promise, not the current one
    ln = purchasing.OverdueFact("JL", "PO-1", 1, "A", 100, D("2026-11-30"), D("2026-12-01"), D("2026-12-20"))
    got = purchasing.OverdueFact("JL", "PO-2", 1, "A", 100, D("2026-11-30"))
    r = purchasing.ReceiptFact("JL", "PO-3", 1, "A", D("2026-11-01"), 100, 0, D("2026-11-30"))
    s = purchasing.score("JL", [r], [], [ln, got], TODAY)
    assert (s["on_time_rate"], s["on_time_rate_first_promise"], s["qty_open_overdue"]) == (0.5, 0.3333, 100)


# -- 6. inspection facts ------------------------------------------------------------------------

def test_a_final_lot_is_never_more_than_what_remains_to_ship():
    import pytest
    from gendan.core.inspection import verdict
    from gendan.errors import GendanError
    verdict.check_final_lot(999, 999, "A", "SO-1")
    with pytest.raises(GendanError, match="lot 5,000 of A is more than the 999 left to ship on order SO-1"):
        verdict.check_final_lot(5000, 999, "A", "SO-1")
    with pytest.raises(GendanError, match="nothing of A is left to ship"):
        verdict.check_final_lot(10, 0, "A", "SO-1")


def test_the_incoming_lot_is_what_was_received_and_not_inspected():
    from gendan.core.inspection import verdict
    assert verdict.uninspected(600 + 400, 600) == 400
    assert verdict.uninspected(600, 800) == 0


def test_the_minor_plan_keeps_its_own_sample_size():
    from gendan.core.inspection import verdict
    req = verdict.LogRequest(ref="PO-1", stage="incoming", on=TODAY, lot=30, major=0, minor=3)
    insp, v = verdict.sampled_record(req, "po", "A", 30, "normal")
    assert (insp.sample_size, insp.minor_sample_size, insp.minor_ac, insp.minor_re) == (5, 13, 1, 2)
    assert v.result == "fail"


def test_final_packed_is_due_today_not_at_the_order_due_date():
    from decimal import Decimal
    from gendan.core.inspection import due
    o = due.OrderFacts("SO-1", D("2027-01-30"), 100, ("A",), True, Decimal(85), D("2026-11-02"))
    (final,) = [i for i in due.order_due(o, [], TODAY, 7) if i.stage == "final"]
    assert (final.due, final.days_left, final.reason) == (TODAY, 0, "final-packed")


# -- 7. pps and first article are due by the plan's start; a skipped stage is not due -----------

def test_pps_and_first_article_are_due_by_the_plans_start():
    from gendan.core.inspection import due
    o = due.OrderFacts("SO-1", D("2027-01-30"), 600, ("A",), True, None, D("2026-12-20"))
    got = {(i.stage, i.due, i.days_left) for i in due.order_due(o, [], TODAY, 7)}
    assert got == {("pps", D("2026-12-20"), 9), ("first-article", D("2026-12-20"), 9),
                   ("inline", D("2027-01-30"), 50)}


def test_a_skipped_stage_is_not_due():
    from gendan.core.inspection import due
    o = due.OrderFacts("SO-1", D("2027-01-30"), 600, ("A", "B"), True, None, D("2026-12-20"),
                       (("pps", ""), ("first-article", "B"), ("inline", "")))
    got = {(i.stage, i.sku) for i in due.order_due(o, [], TODAY, 7)}
    assert got == {("first-article", "A")}


# -- 12. working days know public holidays and factory shutdowns -------------------------------

def test_public_holidays_of_china_include_the_spring_festival():
    from gendan.core import workdays
    days = workdays.public_holidays("CN", 2027, 2027)
    assert D("2027-02-06") in days and D("2027-10-01") in days and D("2027-03-01") not in days
    assert workdays.public_holidays("", 2027, 2027) == ()


def test_days_off_join_holidays_and_the_factorys_shutdowns():
    from gendan.core import workdays
    spring = workdays.Shutdown(D("2027-02-03"), D("2027-02-21"), "恒兴木业", "春节")
    other = workdays.Shutdown(D("2027-03-01"), D("2027-03-02"), "明发", "停电")
    off = workdays.days_off("CN", [spring, other], "恒兴木业", D("2027-01-25"), D("2027-03-31"))
    assert off[0] == D("2027-02-03") and off[-1] == D("2027-02-21") and len(off) == 19
    assert workdays.days_off("", [spring, other], "明发", D("2027-01-25"), D("2027-03-31")) == \
        (D("2027-03-01"), D("2027-03-02"))


def test_a_plan_through_the_spring_festival_skips_the_shutdown():
    from gendan.core import workdays
    spring = workdays.Shutdown(D("2027-02-03"), D("2027-02-21"), "", "春节")
    off = workdays.days_off("CN", [spring], "HX", D("2027-01-25"), D("2027-12-31"))
    plain = p.new_plan("SO-1", 2400, D("2027-01-25"), None, 100)               # 24 days of 100, Mon-Sat
    assert plain.finish == D("2027-02-20")
    through = p.new_plan("SO-1", 2400, D("2027-01-25"), None, 100, days_off=off)
    assert through.finish == D("2027-03-11")         # 8 days before 02-03, 16 from Mon 02-22 (Sundays off)
    assert p.behind_days(through, 2400, 800, D("2027-02-21")) == 0               # the shutdown is no delay
    assert p.behind_days(plain, 2400, 800, D("2027-02-21")) == 16                # as the plan without it says


def test_parse_range():
    import pytest
    from gendan.core import workdays
    from gendan.errors import UsageError
    assert workdays.parse_range("2027-02-03..2027-02-21", D) == (D("2027-02-03"), D("2027-02-21"))
    assert workdays.parse_range("2027-02-03", D) == (D("2027-02-03"), D("2027-02-03"))
    with pytest.raises(UsageError, match="is before"):
        workdays.parse_range("2027-02-21..2027-02-03", D)
