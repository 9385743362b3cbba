"""Inspection rules with literal values: the inline count rule, percentages, what is due."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from gendan.core.inspection import due as q
from gendan.core.models import Inspection
from gendan.errors import UsageError

D = date(2026, 11, 20)


# --- the inline count rule -----------------------------------------------------------------------


@pytest.mark.parametrize("qty, reports", [
    (1, 2), (999, 2), (1000, 4), (2999, 4), (3000, 6), (4999, 6), (5000, 8), (10000, 8),
    (10001, 9), (12500, 9), (12501, 10), (15000, 10), (15001, 11), (20000, 12),
])
def test_inline_reports_required(qty, reports):
    assert q.inline_reports_required(qty) == reports


@given(st.integers(min_value=1, max_value=10**7))
def test_inline_rule_never_decreases(qty):
    assert q.inline_reports_required(qty + 1) >= q.inline_reports_required(qty) >= 2


@pytest.mark.parametrize("text, value", [("85", Decimal(85)), ("72.5%", Decimal("72.5")), ("0", Decimal(0)),
                                         ("100", Decimal(100))])
def test_parse_pct(text, value):
    assert q.parse_pct(text) == value


@pytest.mark.parametrize("text", ["101", "-1", "abc", "nan"])
def test_parse_pct_refuses(text):
    with pytest.raises(UsageError):
        q.parse_pct(text)


# --- what is due (today 2026-11-20, window 7) ------------------------------------------------------


def rec(stage, result="pass", sku="", on=D, waived=False, i=[0]):
    i[0] += 1
    return Inspection(ref="SO-1", ref_kind="order", stage=stage, date=on, result=result, sku=sku, waived=waived, id=i[0])


def facts(due=date(2026, 11, 25), qty=1200, skus=("CH-01",), in_production=False, packed=None):
    return q.OrderFacts("SO-1", due, qty, skus, in_production, packed)


def reasons(items):
    return [(i.stage, i.sku, i.reason) for i in items]


def test_final_due_within_window():
    assert reasons(q.due_items([facts()], {}, [], D, 7)) == [("final", "CH-01", "final-due")]
    assert q.due_items([facts(due=date(2026, 11, 28))], {}, [], D, 7) == []      # 8 days away
    assert reasons(q.due_items([facts(due=date(2026, 11, 27))], {}, [], D, 7)) == [("final", "CH-01", "final-due")]


def test_final_due_when_80_percent_packed_even_if_far_off():
    far = date(2027, 1, 30)
    assert q.due_items([facts(due=far, packed=Decimal("79.9"))], {}, [], D, 7) == []
    items = q.due_items([facts(due=far, packed=Decimal(80))], {}, [], D, 7)
    assert reasons(items) == [("final", "CH-01", "final-packed")]
    assert items[0].detail == "no passed final inspection; 80% packed; order due in 71 days"


def test_final_passed_or_waived_clears_and_a_later_failure_blocks_again():
    o = facts()
    assert q.due_items([o], {"SO-1": [rec("final")]}, [], D, 7) == []
    assert q.due_items([o], {"SO-1": [rec("final", "fail", waived=True)]}, [], D, 7) == []
    again = [rec("final", on=date(2026, 11, 18)), rec("final", "fail", "CH-01")]
    assert reasons(q.due_items([o], {"SO-1": again}, [], D, 7)) == [("final", "CH-01", "final-due")]


def test_final_per_sku():
    o = facts(skus=("CH-01", "TB-02"))
    items = q.due_items([o], {"SO-1": [rec("final", sku="CH-01")]}, [], D, 7)
    assert reasons(items) == [("final", "TB-02", "final-due")]


def test_in_production_needs_pps_first_article_and_inline_reports():
    o = facts(due=date(2027, 1, 30), in_production=True)
    assert reasons(q.due_items([o], {}, [], D, 7)) == [
        ("pps", "CH-01", "pps-not-approved"), ("first-article", "CH-01", "first-article-not-approved"),
        ("inline", "", "inline-short")]
    done = [rec("pps"), rec("first-article", "fail", waived=True), rec("inline"), rec("inline", "fail"), rec("inline")]
    items = q.due_items([o], {"SO-1": done}, [], D, 7)
    assert reasons(items) == [("inline", "", "inline-short")]
    assert items[0].detail == "3 of 4 inline reports for 1,200 pieces"
    assert q.due_items([o], {"SO-1": done + [rec("inline")]}, [], D, 7) == []


def test_not_in_production_owes_no_pps():
    assert q.due_items([facts(due=date(2027, 1, 30))], {}, [], D, 7) == []


def test_pps_failed_is_not_approved():
    o = facts(due=date(2027, 1, 30), in_production=True, qty=10)
    done = [rec("pps", "fail"), rec("first-article"), rec("inline"), rec("inline")]
    assert reasons(q.due_items([o], {"SO-1": done}, [], D, 7)) == [("pps", "CH-01", "pps-not-approved")]


def test_a_customers_verdict_on_a_pps_sample_decides_the_pps_stage_when_it_is_later():
    from gendan.core.samples import PpsVerdict
    o = facts(due=date(2027, 1, 30), in_production=True, qty=10, skus=("CH-01", "TB-02"))
    done = [rec("first-article"), rec("inline"), rec("inline")]
    approved = {("SO-1", "CH-01"): PpsVerdict("SO-1", "CH-01", date(2026, 11, 19), True, "S-1", "OK")}
    assert reasons(q.due_items([o], {"SO-1": done}, [], D, 7, approved)) == [("pps", "TB-02", "pps-not-approved")]
    rejected = {("SO-1", "CH-01"): PpsVerdict("SO-1", "CH-01", date(2026, 11, 19), False, "S-1", "seam puckering")}
    items = q.due_items([o], {"SO-1": done + [rec("pps", sku="TB-02")]}, [], D, 7, rejected)
    assert reasons(items) == [("pps", "CH-01", "pps-rejected")]
    assert items[0].detail == "pps sample S-1 rejected by the customer 2026-11-19: seam puckering"
    # A pps record after the customer's rejection (a new pps passed in-house) decides instead.
    later = done + [rec("pps", sku="CH-01", on=D), rec("pps", sku="TB-02")]
    assert q.due_items([o], {"SO-1": later}, [], D, 7, rejected) == []
    # Another order's verdict changes nothing here.
    other = {("SO-2", "CH-01"): approved[("SO-1", "CH-01")]._replace(order="SO-2")}
    assert reasons(q.due_items([o], {"SO-1": done}, [], D, 7, other)) == [
        ("pps", "CH-01", "pps-not-approved"), ("pps", "TB-02", "pps-not-approved")]


def test_incoming_missing_sorted_by_date():
    lines = [q.ReceivedLine("PO-9", "CH-01", "HX", 600, date(2026, 11, 18))]
    items = q.due_items([facts()], {}, lines, D, 7)
    assert [(i.ref, i.stage, i.reason, i.days_left) for i in items] == [
        ("PO-9", "incoming", "incoming-missing", -2), ("SO-1", "final", "final-due", 5)]
    assert items[0].detail == "600 received from HX, not inspected"


def test_packed_for_final_takes_the_higher_source():
    assert q.packed_for_final(1000, 700, Decimal(85)) == Decimal(85)
    assert q.packed_for_final(1000, 900, Decimal(85)) == Decimal(90)
    assert q.packed_for_final(1000, None, None) is None
