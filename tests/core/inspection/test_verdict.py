"""Recording an inspection with literal values: plans and verdicts, switching replay, requests."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from gendan.core.inspection import verdict as q
from gendan.core.models import Inspection
from gendan.errors import GendanError, UsageError

D = date(2026, 11, 20)


# --- verdicts: lot 3,200 at level II is K, n=125; 2.5 → 7/8, 4.0 → 10/11 (ISO 2859-1 Table II-A) --


@pytest.fixture
def k_plans():
    return q.plans(3200, "2.5", "4.0", "II", "normal")


def test_plans_for_3200(k_plans):
    assert (k_plans.major.code_letter, k_plans.major.sample_size, k_plans.major.ac, k_plans.major.re) == ("K", 125, 7, 8)
    assert (k_plans.minor.sample_size, k_plans.minor.ac, k_plans.minor.re) == (125, 10, 11)


@pytest.mark.parametrize("critical, major, minor, result", [
    (0, 0, 0, "pass"),
    (0, 7, 10, "pass"),      # each class at its Ac
    (0, 8, 0, "fail"),       # majors reach Re 8
    (0, 0, 11, "fail"),      # minors reach Re 11
    (1, 0, 0, "fail"),       # a single critical defect rejects (zero tolerance)
    (0, 7, 11, "fail"),
])
def test_verdict(k_plans, critical, major, minor, result):
    assert q.verdict(k_plans, critical, major, minor).result == result


def test_verdict_names_every_class_that_rejected(k_plans):
    v = q.verdict(k_plans, 2, 9, 12)
    assert v.reasons == ("2 critical (zero tolerance)", "9 major ≥ Re 8 at AQL 2.5", "12 minor ≥ Re 11 at AQL 4.0")


def test_minor_plan_may_draw_another_sample():
    # lot 50 → D; at 2.5 the arrow points up to C (n=5, 0/1), at 4.0 down to E (n=13, 1/2)
    p = q.plans(50, "2.5", "4.0", "II", "normal")
    assert (p.major.sample_size, p.major.ac, p.minor.sample_size, p.minor.ac) == (5, 0, 13, 1)
    assert p.sample_size == 13
    assert q.verdict(p, 0, 0, 1).result == "pass"
    assert q.verdict(p, 0, 1, 0).result == "fail"


@pytest.mark.parametrize("counts, message", [
    ((0, 126, 0), "--major 126 is more than the 125 pieces"),
    ((0, 0, 126), "--minor 126 is more than the 125 pieces"),
    ((126, 0, 0), "--critical 126 is more than the 125 pieces"),
    ((0, -1, 0), "--major -1 is negative"),
])
def test_counts_out_of_range_refused(k_plans, counts, message):
    with pytest.raises(UsageError, match=message):
        q.verdict(k_plans, *counts)


def test_what_to_do():
    p = q.plans(3200, "2.5", "4.0", "II", "normal")
    assert q.what_to_do(p.major) == "inspect 125 pieces; accept if ≤7 major defects, reject if ≥8"
    small = q.plans(10, "0.65", "4.0", "II", "normal").major
    assert q.what_to_do(small) == "inspect the whole lot (10 pieces); accept only if no major defect is found, reject at 1"


# --- switching over recorded lots ------------------------------------------------------------------


_ids = iter(range(1, 10**6))


def lot(result="pass", on=D, major=0, severity="normal", ac=7, waived=False, lot_size=3200):
    return Inspection(ref="PO-1", ref_kind="po", stage="incoming", date=on, result=result, sku="CH-01",
                      lot=lot_size, level="II", aql="2.5", severity=severity, ac=ac, re=ac + 1, major=major,
                      waived=waived, id=next(_ids))


def test_outcome_waived_lot_is_not_accepted():
    assert q.outcome(lot("fail", waived=True)) == (False, False, 7)


def test_outcome_tighter_aql():
    # K at 2.5 is 7/8; one step tighter (1.5) on the same 125 pieces is 5/6
    assert q.outcome(lot(major=5)) == (True, True, 7)
    assert q.outcome(lot(major=6)) == (True, False, 7)


def test_replay_two_rejects_tighten_and_five_accepts_relax():
    lots = [lot("fail"), lot(), lot("fail")]
    sw = q.replay(lots, [])
    assert sw.state.severity == "tightened"
    assert sw.switches == {lots[2].id: "normal → tightened (2 of the last 3 lots not accepted)"}
    more = [lot(severity="tightened") for _ in range(5)]
    assert q.replay(lots + more, []).state.severity == "normal"


def test_replay_discontinue_and_resume_same_day():
    lots = [lot("fail"), lot("fail")] + [lot("fail", severity="tightened") for _ in range(5)]
    assert q.replay(lots, []).state.discontinued
    resumed = q.replay(lots, [D])
    assert resumed.state.severity == "tightened" and not resumed.state.discontinued
    after = lots + [lot(severity="tightened")]
    assert q.replay(after, [D]).state.severity == "tightened"
    with pytest.raises(GendanError, match="discontinued"):
        q.replay(after, [])


def test_replay_resume_waits_for_the_lot_that_stopped_inspection():
    # a resume dated the same day as the stopping lot applies after it, not before
    first = [lot("fail", on=date(2026, 11, 1)), lot("fail", on=date(2026, 11, 2))]
    tight = [lot("fail", on=date(2026, 11, 3), severity="tightened") for _ in range(5)]
    later = [lot(on=date(2026, 11, 3), severity="tightened")]
    assert q.replay(first + tight + later, [date(2026, 11, 3)]).state.severity == "tightened"


def test_replay_reduced_by_score_then_back_to_normal():
    lots = [lot(major=5) for _ in range(10)]   # +3 each: the score reaches 30 on the tenth
    sw = q.replay(lots, [])
    assert sw.state.severity == "reduced"
    assert sw.switches[lots[-1].id].startswith("normal → reduced")
    assert q.replay(lots + [lot("fail", severity="reduced")], []).state.severity == "normal"


def test_check_in_order():
    q.check_in_order(None, D, "x")
    q.check_in_order(D, D, "x")
    with pytest.raises(GendanError, match="log lots in date order"):
        q.check_in_order(D, date(2026, 11, 19), "supplier HX / CH-01")


# --- requests --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kw, message", [
    (dict(stage="final", result="pass"), "drop --result"),
    (dict(stage="pps"), "needs --result pass or fail"),
    (dict(stage="pps", result="maybe"), "bad --result"),
    (dict(stage="final", waive=True), "needs --reason"),
    (dict(stage="final", waive=True, resume=True, reason="x"), "separate decisions"),
    (dict(stage="final", reason="x"), "--reason goes with --waive or --resume"),
    (dict(stage="pps", resume=True, reason="x", result="pass"), "--resume applies to incoming and final"),
    (dict(stage="final", packed=Decimal(80)), "--packed is recorded with an inline inspection"),
    (dict(stage="final", minor=-2), "--minor -2 is negative"),
])
def test_check_request_refuses(kw, message):
    with pytest.raises(UsageError, match=message):
        q.check_request(q.LogRequest(ref="SO-1", on=D, **kw))


def test_waive_only_needs_no_result():
    q.check_request(q.LogRequest(ref="SO-1", stage="pps", on=D, waive=True, reason="ok by buyer"))


def test_with_waiver_only_on_rejected_lots():
    assert q.with_waiver(lot("fail"), "buyer agreed").waived
    with pytest.raises(GendanError, match="only a rejected lot can be waived"):
        q.with_waiver(lot("pass"), "x")


def test_pick_sku():
    assert q.pick_sku(None, ["A"], "SO-1", True) == "A"
    assert q.pick_sku(None, ["A", "B"], "SO-1", False) == ""
    assert q.pick_sku("B", ["A", "B"], "SO-1", True) == "B"
    with pytest.raises(UsageError, match="give --sku"):
        q.pick_sku(None, ["A", "B"], "SO-1", True)
    with pytest.raises(GendanError, match="SKU C is not on SO-1"):
        q.pick_sku("C", ["A", "B"], "SO-1", True)


@given(lot_size=st.integers(min_value=2, max_value=600_000), aql=st.sampled_from(["0.65", "1.0", "1.5", "2.5", "4.0", "6.5"]),
       severity=st.sampled_from(["normal", "tightened", "reduced"]), data=st.data())
def test_more_defects_never_turn_a_rejected_lot_into_an_accepted_one(lot_size, aql, severity, data):
    p = q.plans(lot_size, aql, "4.0", "II", severity)
    major = data.draw(st.integers(min_value=0, max_value=p.major.sample_size - 1))
    minor = data.draw(st.integers(min_value=0, max_value=p.minor.sample_size))
    before = q.verdict(p, 0, major, minor).result
    after = q.verdict(p, 0, major + 1, minor).result
    assert (before, after) != ("fail", "pass")
    assert p.sample_size <= lot_size
