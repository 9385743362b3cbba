"""Production follow-up rules with literal dates. 2026-11-20 is a Friday; 2026-11-15 and
2026-11-22 are Sundays."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from gendan.core import production as p
from gendan.core.models import ProductionPlan, ProgressReport
from gendan.errors import GendanError, UsageError
from tests.profiles import examples

D = date.fromisoformat
MON_SAT = (0, 1, 2, 3, 4, 5)
MON_FRI = (0, 1, 2, 3, 4)
# 1000 pieces over the 18 working days Mon 2026-11-09 .. Sat 2026-11-28 (Sundays 15th, 22nd off)
PLAN = ProductionPlan("SO-1", D("2026-11-09"), D("2026-11-28"), factory="HX")


def rep(day: str, produced: int, packed: int = 0, cause: str = "") -> ProgressReport:
    return ProgressReport("SO-1", D(day), produced, packed, cause)


# -- working days --------------------------------------------------------------------------

def test_count_workdays_sundays_off_by_default():
    assert p.count_workdays(D("2026-11-16"), D("2026-11-22"), MON_SAT) == 6
    assert p.count_workdays(D("2026-11-16"), D("2026-11-22"), MON_FRI) == 5
    assert p.count_workdays(D("2026-11-02"), D("2026-11-22"), MON_SAT) == 18
    assert p.count_workdays(D("2026-11-22"), D("2026-11-22"), MON_SAT) == 0
    assert p.count_workdays(D("2026-11-23"), D("2026-11-22"), MON_SAT) == 0


def test_count_workdays_skips_listed_holidays_on_working_days_only():
    holidays = (D("2026-11-18"), D("2026-11-22"), D("2026-12-25"))
    assert p.count_workdays(D("2026-11-16"), D("2026-11-22"), MON_SAT, holidays) == 5


def test_add_workdays():
    assert p.add_workdays(D("2026-11-21"), 1, MON_SAT) == D("2026-11-23")   # Sat → Mon
    assert p.add_workdays(D("2026-11-20"), 1, MON_SAT) == D("2026-11-21")   # Fri → Sat
    assert p.add_workdays(D("2026-11-20"), 1, MON_FRI) == D("2026-11-23")
    assert p.add_workdays(D("2026-11-21"), 1, MON_SAT, (D("2026-11-23"),)) == D("2026-11-24")
    assert p.add_workdays(D("2026-11-01"), 60, MON_SAT) == D("2027-01-09")  # ten full weeks
    assert p.add_workdays(D("2026-11-20"), 0, MON_SAT) == D("2026-11-20")


def test_parse_and_format_workdays():
    assert p.parse_workdays("mon-sat") == MON_SAT
    assert p.parse_workdays("MON-FRI") == MON_FRI
    assert p.parse_workdays("mon,wed,fri") == (0, 2, 4)
    assert p.parse_workdays("fri-mon") == (0, 4, 5, 6)
    assert p.format_workdays((0, 1, 2, 3, 4, 6)) == "mon-fri,sun"
    assert p.format_workdays((0, 2, 4)) == "mon,wed,fri"
    for bad in ("", "monday-sat", "mon-", "weekdays"):
        with pytest.raises(UsageError, match="bad --workdays"):
            p.parse_workdays(bad)


# -- the plan ------------------------------------------------------------------------------

def test_plan_is_linear_over_working_days():
    assert p.plan_days(PLAN) == 18
    assert p.planned_to(PLAN, 1000, D("2026-11-08")) == 0
    assert p.planned_to(PLAN, 1000, D("2026-11-09")) == 56      # 1000/18 = 55.6
    assert p.planned_to(PLAN, 1000, D("2026-11-14")) == 333     # 6 days
    assert p.planned_to(PLAN, 1000, D("2026-11-15")) == 333     # Sunday adds nothing
    assert p.planned_to(PLAN, 1000, D("2026-11-19")) == 556     # 10 days
    assert p.planned_to(PLAN, 1000, D("2026-11-28")) == 1000
    assert p.planned_to(PLAN, 1000, D("2026-12-05")) == 1000


def test_holiday_stretches_the_plan():
    plan = ProductionPlan("SO-1", D("2026-11-09"), D("2026-11-28"), holidays=(D("2026-11-11"),))
    assert p.plan_days(plan) == 17
    assert p.planned_to(plan, 1700, D("2026-11-11")) == 200
    assert p.planned_to(plan, 1700, D("2026-11-12")) == 300


def test_plan_from_daily_capacity_computes_the_finish():
    plan = p.new_plan("SO-1", 1000, D("2026-11-16"), None, 120)
    assert plan.finish == D("2026-11-25")          # 9 working days: 16-21, 23, 24, 25
    assert p.planned_to(plan, 1000, D("2026-11-17")) == 240
    assert p.planned_to(plan, 1000, D("2026-11-24")) == 960
    assert p.planned_to(plan, 1000, D("2026-11-25")) == 1000


def test_new_plan_refusals():
    with pytest.raises(UsageError, match="either --finish"):
        p.new_plan("SO-1", 10, D("2026-11-16"), D("2026-11-20"), 5)
    with pytest.raises(UsageError, match="either --finish"):
        p.new_plan("SO-1", 10, D("2026-11-16"), None, None)
    with pytest.raises(GendanError, match="before the start"):
        p.new_plan("SO-1", 10, D("2026-11-16"), D("2026-11-15"), None)
    with pytest.raises(GendanError, match="no working day"):
        p.new_plan("SO-1", 10, D("2026-11-22"), D("2026-11-22"), None)


def test_plan_later_than_due_minus_buffer_says_pieces_a_day_needed():
    plan = p.new_plan("SO-1", 1000, D("2026-11-09"), D("2026-11-28"), None)
    p.check_plan_in_time(plan, 1000, D("2026-12-05"), 7)            # finish == due − 7: fine
    with pytest.raises(GendanError) as e:
        p.check_plan_in_time(plan, 1000, D("2026-11-30"), 7)        # limit Mon 11-23: 13 working days
    assert "later than 2026-11-23" in str(e.value)
    assert "77 pieces a working day" in str(e.value)                # 1000 / 13 = 76.9
    with pytest.raises(GendanError, match="no working day is left"):
        p.check_plan_in_time(plan, 1000, D("2026-11-15"), 7)


# -- where an order stands -----------------------------------------------------------------

def test_behind_by_pieces_and_working_days():
    s = p.status(PLAN, 1000, D("2026-12-10"), [rep("2026-11-18", 380), rep("2026-11-19", 400)], D("2026-11-20"), 7)
    assert s.planned_to_date == 556          # as of yesterday (the last report's day)
    assert s.behind_qty == 156
    # 400 covers 7 full planned days (389); as of day 10 that is 3 working days behind
    assert s.behind_days == 3


def test_ahead_is_negative():
    s = p.status(PLAN, 1000, D("2026-12-10"), [rep("2026-11-19", 620)], D("2026-11-20"), 7)
    assert s.behind_qty == -64
    assert s.behind_days == -1               # 620 covers 11 days (611)


def test_planned_to_date_counts_today_once_todays_report_is_in():
    s = p.status(PLAN, 1000, D("2026-12-10"), [rep("2026-11-20", 611)], D("2026-11-20"), 7)
    assert s.planned_to_date == 611 and s.behind_qty == 0 and s.behind_days == 0


def test_reports_after_today_are_ignored():
    s = p.status(PLAN, 1000, D("2026-12-10"), [rep("2026-11-12", 200), rep("2026-11-19", 600)], D("2026-11-13"), 7)
    assert s.produced == 200 and s.last_report == D("2026-11-12")


def test_behind_days_keep_growing_after_the_planned_finish():
    s = p.status(PLAN, 1000, D("2026-12-20"), [rep("2026-12-01", 900)], D("2026-12-02"), 7)
    # 900 covers 16 days (889); Mon 12-01 is working day 20 → 4 behind
    assert s.behind_qty == 100 and s.behind_days == 4


def test_finished_order_is_never_behind_and_forecast_is_the_day_it_finished():
    reports = [rep("2026-11-24", 950), rep("2026-11-25", 1000), rep("2026-12-01", 1000, 900)]
    s = p.status(PLAN, 1000, D("2026-12-10"), reports, D("2026-12-02"), 7)
    assert s.behind_qty == 0 and s.behind_days == 0
    assert s.forecast_finish == D("2026-11-25")
    assert not s.at_risk


def test_run_rate_of_the_last_three_reports_and_forecast():
    reports = [rep("2026-11-13", 300), rep("2026-11-16", 360), rep("2026-11-17", 420), rep("2026-11-18", 480)]
    s = p.status(PLAN, 1000, D("2026-12-10"), reports, D("2026-11-19"), 7)
    # since the 13th: Sat 14, Mon 16, 17, 18 = 4 working days for 180 pieces
    assert s.run_rate == Decimal("45.0")
    # 520 left at 45 a day = 11.6 → 12 working days after Wed 11-18: 19-21, 23-28, 30, 12-01, 12-02
    assert s.forecast_finish == D("2026-12-02")
    assert not s.at_risk                     # limit 12-03
    assert not p.status(PLAN, 1000, D("2026-12-09"), reports, D("2026-11-19"), 7).at_risk   # limit 12-02
    assert p.status(PLAN, 1000, D("2026-12-08"), reports, D("2026-11-19"), 7).at_risk       # limit 12-01


def test_run_rate_from_the_start_with_fewer_than_three_reports():
    s = p.status(PLAN, 1000, D("2026-12-31"), [rep("2026-11-10", 70), rep("2026-11-11", 150)], D("2026-11-12"), 7)
    assert s.run_rate == Decimal("50.0")     # 150 over 3 working days since the start


def test_forecast_counts_from_yesterday_when_reports_are_stale():
    s = p.status(PLAN, 1000, D("2026-12-31"), [rep("2026-11-10", 500)], D("2026-11-17"), 7)
    # 500 over 2 days = 250/day; 2 more days after Mon 11-16 (yesterday)
    assert s.forecast_finish == D("2026-11-18")


def test_zero_run_rate_gives_no_forecast_flagged_and_at_risk():
    reports = [rep("2026-11-16", 400), rep("2026-11-17", 400), rep("2026-11-18", 400), rep("2026-11-19", 400)]
    s = p.status(PLAN, 1000, D("2027-03-01"), reports, D("2026-11-20"), 7)
    assert s.run_rate == Decimal("0.0")
    assert s.forecast_finish is None
    assert s.flags == ("zero-rate",)
    assert s.at_risk


def test_no_reports_before_the_start_keeps_the_plan():
    s = p.status(PLAN, 1000, D("2026-12-10"), [], D("2026-11-05"), 7)
    assert s.forecast_finish == D("2026-11-28") and s.flags == () and not s.at_risk
    assert s.run_rate is None and s.planned_to_date == 0 and s.behind_days == 0


def test_no_reports_after_the_start_is_flagged():
    s = p.status(PLAN, 1000, D("2026-12-10"), [], D("2026-11-11"), 7)
    assert s.forecast_finish is None and s.flags == ("no-reports",) and s.at_risk
    assert s.planned_to_date == 111 and s.behind_days == 2


# -- material readiness --------------------------------------------------------------------

def mat(sku, qty, accepted, due, promised=None, po="PO-1", line=1):
    return p.MaterialLine(po, line, sku, qty, accepted, D(due), D(promised) if promised else None)


def test_material_missing_once_production_has_started():
    lines = [mat("FAB-01", 500, 300, "2026-11-05", "2026-11-12"), mat("LEG-02", 400, 400, "2026-11-05", line=2)]
    missing = p.material_missing(lines, start=D("2026-11-09"), today=D("2026-11-10"))
    assert [(m.sku, m.qty_short, m.expected, m.promised) for m in missing] == [("FAB-01", 200, D("2026-11-12"), True)]
    assert missing[0].text() == "FAB-01 promised 2026-11-12"


def test_material_before_the_start_missing_only_when_expected_after_it_or_overdue():
    lines = [mat("FAB-01", 500, 0, "2026-11-06"),                       # due before start: on its way
             mat("LEG-02", 400, 0, "2026-11-01", "2026-11-12", line=2),  # promised after start
             mat("BOX-03", 100, 0, "2026-11-03", po="PO-2")]             # overdue
    missing = p.material_missing(lines, start=D("2026-11-09"), today=D("2026-11-04"))
    assert [m.text() for m in missing] == ["BOX-03 due 2026-11-03", "LEG-02 promised 2026-11-12"]


def test_status_flags_missing_material():
    s = p.status(PLAN, 1000, D("2026-12-10"), [rep("2026-11-19", 556)], D("2026-11-20"), 7,
                 [mat("FAB-01", 500, 450, "2026-11-05", "2026-11-24")])
    assert s.flags == ("material-missing",)
    assert s.row()["material_missing"] == "FAB-01 promised 2026-11-24"


# -- daily reports -------------------------------------------------------------------------

EXISTING = [rep("2026-11-16", 300, 100), rep("2026-11-18", 500, 200)]


def test_report_between_others_fits_and_same_date_replaces():
    assert p.check_report(EXISTING, rep("2026-11-17", 400, 150), 1000, D("2026-11-20")) is None
    assert p.check_report(EXISTING, rep("2026-11-18", 520, 200), 1000, D("2026-11-20")) == EXISTING[1]


@pytest.mark.parametrize("new, message", [
    (rep("2026-11-19", 450), "produced 450 goes backwards: 500 was reported on 2026-11-18"),
    (rep("2026-11-19", 600, 150), "packed 150 goes backwards: 200 was reported on 2026-11-18"),
    (rep("2026-11-17", 550), "more than the 500 reported later on 2026-11-18"),
    (rep("2026-11-19", 1051), "exceeds the order quantity 1000 by more than 5% (at most 1050"),
    (rep("2026-11-19", 600, 700), "packed 700 is more than produced 600"),
    (rep("2026-11-21", 600), "after today 2026-11-20"),
])
def test_report_refusals(new, message):
    with pytest.raises(GendanError) as e:
        p.check_report(EXISTING, new, 1000, D("2026-11-20"))
    assert message in str(e.value)


def test_tolerance_is_a_setting():
    assert p.check_report([], rep("2026-11-19", 1050), 1000, D("2026-11-20")) is None
    with pytest.raises(GendanError, match="more than 0%"):
        p.check_report([], rep("2026-11-19", 1001), 1000, D("2026-11-20"), tolerance_pct=0)


def test_cause_codes():
    assert p.check_cause("Material") == "material"
    assert p.check_cause(None) == ""
    with pytest.raises(UsageError, match="plan, machine, material, quality, urgent, upstream, staff"):
        p.check_cause("weather")


def test_final_inspection_due_at_80_percent_packed():
    assert not p.final_inspection_due(799, 1000)
    assert p.final_inspection_due(800, 1000)
    assert p.packed_share(333, 1000) == Decimal("33.3")


# -- delay causes --------------------------------------------------------------------------

def test_lost_pieces_over_each_reports_interval():
    # plan: 56 by 11-09, 111 by 11-10, 333 by Sat 11-14, 389 by Mon 11-16
    assert p.lost_pieces(PLAN, 1000, None, rep("2026-11-09", 40)) == 16
    assert p.lost_pieces(PLAN, 1000, rep("2026-11-09", 40), rep("2026-11-10", 120)) == 0
    assert p.lost_pieces(PLAN, 1000, rep("2026-11-14", 333), rep("2026-11-16", 350)) == 39


def test_delay_summary_by_cause_factory_customer():
    other = ProductionPlan("SO-2", D("2026-11-09"), D("2026-11-28"), factory="MF")
    orders = [
        p.PlannedOrder(PLAN, 1000, "ACME", (rep("2026-11-09", 40, cause="material"),
                                            rep("2026-11-10", 60, cause="material"),
                                            rep("2026-11-11", 160),
                                            rep("2026-11-12", 200))),
        p.PlannedOrder(other, 1800, "NORD", (ProgressReport("SO-2", D("2026-11-09"), 50, cause="machine"),
                                             ProgressReport("SO-2", D("2026-11-10"), 200, cause="material"))),
    ]
    rows = p.delay_summary(orders, D("2026-11-01"), D("2026-11-30"))
    assert [(r["cause"], r["factory"], r["customer"], r["reports"], r["orders"], r["lost_qty"]) for r in rows] == [
        ("material", "HX", "ACME", 2, 1, 16 + 35),   # 56−40, then 55−20
        ("machine", "MF", "NORD", 1, 1, 50),         # 100−50
        ("", "HX", "ACME", 1, 1, 15),                # 12th: 222−167=55 planned, 40 made
        ("material", "MF", "NORD", 1, 1, 0),         # 100 planned, 150 made
    ]
    assert rows[2]["description"] == "no cause given"
    assert p.delay_summary(orders, D("2026-11-10"), D("2026-11-10"))[0]["lost_qty"] == 35


# -- invariants ----------------------------------------------------------------------------

days = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))
weekdays = st.sets(st.integers(0, 6), min_size=1).map(lambda s: tuple(sorted(s)))


@settings(max_examples=examples(200), deadline=None)
@given(first=days, span=st.integers(0, 400), wd=weekdays, hol=st.lists(days, max_size=5))
def test_count_workdays_matches_a_day_by_day_walk(first, span, wd, hol):
    last = first + timedelta(days=span)
    walked = sum(1 for i in range(span + 1) if p.is_workday(first + timedelta(days=i), wd, tuple(hol)))
    assert p.count_workdays(first, last, wd, tuple(hol)) == walked


@settings(max_examples=examples(200), deadline=None)
@given(after=days, n=st.integers(1, 300), wd=weekdays, hol=st.lists(days, max_size=5))
def test_add_workdays_lands_on_the_nth_working_day(after, n, wd, hol):
    d = p.add_workdays(after, n, wd, tuple(hol))
    assert p.is_workday(d, wd, tuple(hol))
    assert p.count_workdays(after + timedelta(days=1), d, wd, tuple(hol)) == n


@settings(max_examples=examples(200), deadline=None)
@given(start=days, span=st.integers(0, 120), qty=st.integers(1, 100_000), wd=weekdays,
       daily=st.one_of(st.none(), st.integers(1, 5000)))
def test_plan_never_goes_backwards_and_ends_at_the_quantity(start, span, qty, wd, daily):
    try:
        plan = p.new_plan("X", qty, start, None if daily else start + timedelta(days=span), daily, workdays=wd)
    except GendanError:
        return
    values = [p.planned_to(plan, qty, start + timedelta(days=i)) for i in range(-1, (plan.finish - start).days + 2)]
    assert values[0] == 0 and values[-1] == qty
    assert all(a <= b for a, b in zip(values, values[1:]))


@settings(max_examples=examples(200), deadline=None)
@given(produced=st.integers(0, 1000), day=st.integers(-3, 40))
def test_behind_days_agree_in_sign_with_behind_qty(produced, day):
    s = p.status(PLAN, 1000, D("2026-12-31"), [rep("2026-11-01", produced)], D("2026-11-09") + timedelta(days=day), 7)
    if s.behind_qty > 0:
        assert s.behind_days > 0
    if s.behind_days > 0:
        assert s.behind_qty > 0


def test_a_dip_while_ahead_of_plan_loses_nothing():
    # 200 by 11-11 is 33 ahead of 167; by 11-12 the plan is at 222: 210 is 12 short (the
    # shortfall grows from 0 to 12, not by the 45 fewer than planned that day), 230 is ahead
    assert p.lost_pieces(PLAN, 1000, rep("2026-11-11", 200), rep("2026-11-12", 210)) == 12
    assert p.lost_pieces(PLAN, 1000, rep("2026-11-11", 200), rep("2026-11-12", 230)) == 0
