"""Sample rules (样品/船样/封样) with literal dates: the lifecycle, the working-day feedback clock,
what the morning report lists, the pps verdict link and the sealed-sample register.

December 2026: Thursday 3rd, Saturday 5th, Sunday 6th, Monday 7th."""
from datetime import date

import pytest

from gendan.core import samples
from gendan.core.samples import Rules, Sample
from gendan.errors import Conflict, GendanError, UsageError

THU, FRI, SAT, SUN, MON = (date(2026, 12, d) for d in (3, 4, 5, 6, 7))


def sample(**kw) -> Sample:
    base = dict(sample="S-1", customer="ACME", sku="CH-01", kind="pps", requested=date(2026, 11, 20),
                order="SO-1", supplier="HX", due=date(2026, 12, 1))
    return Sample(**(base | kw))


# -- the lifecycle ---------------------------------------------------------------------------

def test_statuses_follow_the_steps():
    s = sample()
    assert samples.status(s) == "requested"
    s = samples.receive(s, date(2026, 11, 30))
    assert (samples.status(s), s.received) == ("received", date(2026, 11, 30))
    s = samples.send(s, "DHL", " 1234 567 890 ", date(2026, 12, 1))
    assert (samples.status(s), s.courier, s.awb) == ("sent", "DHL", "1234 567 890")
    s = samples.feedback(s, False, "colour too dark", THU)
    assert (samples.status(s), s.verdict_date, s.comments) == ("rejected", THU, "colour too dark")


def test_a_sample_may_go_straight_from_the_factory_to_the_customer():
    s = samples.send(sample(), "SF", "SF100", date(2026, 12, 1))
    assert samples.status(s) == "sent" and s.received is None


def test_steps_out_of_order_are_refused():
    with pytest.raises(Conflict, match="not sent"):
        samples.feedback(sample(), True, "ok", THU)
    with pytest.raises(Conflict, match="not approved"):
        samples.seal(samples.receive(sample(), THU), "cabinet A", THU)
    received = samples.receive(sample(), THU)
    with pytest.raises(Conflict, match="received already|is received"):
        samples.receive(received, FRI)
    sent = samples.send(received, "DHL", "1", FRI)
    with pytest.raises(Conflict, match="sent already"):
        samples.send(sent, "DHL", "2", SAT)
    done = samples.feedback(sent, True, "ok", SAT)
    with pytest.raises(Conflict, match="approved on 2026-12-05 already"):
        samples.feedback(done, False, "changed mind", MON)


def test_a_step_dated_before_the_one_before_it_is_refused():
    with pytest.raises(GendanError, match="before sample S-1 was requested"):
        samples.receive(sample(), date(2026, 11, 19))
    received = samples.receive(sample(), FRI)
    with pytest.raises(GendanError, match=r"before sample S-1 was received \(2026-12-04\)"):
        samples.send(received, "DHL", "1", THU)


def test_empty_courier_awb_comments_and_location_are_refused():
    with pytest.raises(UsageError, match="--awb is empty"):
        samples.send(sample(), "DHL", "  ", THU)
    sent = samples.send(sample(), "DHL", "1", THU)
    with pytest.raises(UsageError, match="--note is empty"):
        samples.feedback(sent, True, "", FRI)
    approved = samples.feedback(sent, True, "good", FRI)
    with pytest.raises(UsageError, match="--location is empty"):
        samples.seal(approved, "", FRI)


def test_sealing_again_moves_it_and_keeps_the_day_it_was_sealed():
    approved = samples.feedback(samples.send(sample(), "DHL", "1", THU), True, "good", FRI)
    sealed = samples.seal(approved, "QC room shelf 2", SAT)
    moved = samples.seal(sealed, "showroom", MON)
    assert (moved.sealed, moved.location) == (SAT, "showroom")


def test_kind_and_due_date_are_checked():
    assert samples.parse_kind(" Shipping ") == "shipping"
    with pytest.raises(UsageError, match="use one of proto, pps, salesman, shipping, other"):
        samples.parse_kind("golden")
    with pytest.raises(UsageError, match="before the request date"):
        samples.check_new(sample(due=date(2026, 11, 19)))


# -- the working-day feedback clock -----------------------------------------------------------

@pytest.mark.parametrize("sent, due", [
    (THU, MON),                               # Fri, Sat, Mon: Sunday does not count
    (SAT, date(2026, 12, 9)),                 # Mon, Tue, Wed
    (SUN, date(2026, 12, 9)),                 # sent on a Sunday: Mon, Tue, Wed
    (MON, THU.replace(day=10)),               # Tue, Wed, Thu
])
def test_feedback_is_due_three_working_days_after_sending(sent, due):
    assert samples.feedback_due(sent) == due


def test_the_feedback_clock_follows_the_setting_and_holidays():
    assert samples.feedback_due(THU, Rules(feedback_days=1)) == FRI
    assert samples.feedback_due(THU, Rules(feedback_days=5)) == date(2026, 12, 9)
    assert samples.feedback_due(THU, Rules(holidays=(SAT,))) == date(2026, 12, 8)


def test_days_late_counts_from_the_step_expected_next():
    s = sample(due=date(2026, 12, 1))
    assert samples.days_late(s, THU) == 2                     # factory: due 12-01
    assert samples.days_late(sample(due=None), THU) is None    # no due date: nothing to be late for
    received = samples.receive(s, THU)
    assert samples.days_late(received, FRI) == -1               # may wait until Saturday
    sent = samples.send(received, "DHL", "1", THU)
    assert samples.days_late(sent, date(2026, 12, 9)) == 2      # feedback due Monday 12-07
    assert samples.days_late(samples.feedback(sent, True, "ok", FRI), MON) is None


# -- the morning report ---------------------------------------------------------------------------

def test_today_lists_factory_late_not_sent_and_feedback_overdue_most_late_first():
    items = [
        sample(sample="S-1", due=date(2026, 12, 5)),                                   # due Sat: late 2
        sample(sample="S-2", due=MON),                                                 # due today: not yet
        sample(sample="S-3", received=date(2026, 12, 4), due=None),                    # sent by Sun 6: late 1
        sample(sample="S-4", received=date(2026, 12, 5), due=None),                    # until Mon 7: not yet
        sample(sample="S-5", received=date(2026, 11, 27), sent=date(2026, 11, 27), courier="DHL", awb="9",
               kind="shipping"),                                          # sent Fri: due Tue 12-01, late 6
        sample(sample="S-6", sent=date(2026, 12, 3), courier="DHL", awb="8"),         # due Mon 7: not yet
        sample(sample="S-7", sent=date(2026, 11, 20), courier="DHL", awb="7", verdict="approved",
               verdict_date=date(2026, 11, 23)),                                       # answered: nothing due
    ]
    due = samples.due_samples(items, MON)
    assert [(d.sample, d.reason, d.expected, d.days_late) for d in due] == [
        ("S-5", "feedback-overdue", date(2026, 12, 1), 6),
        ("S-1", "factory-late", SAT, 2),
        ("S-3", "not-sent", SUN, 1),
    ]
    assert due[0].detail == "sent 2026-11-27 by DHL 9, feedback due 2026-12-01: chase ACME"
    assert due[1].detail == "due 2026-12-05 from HX"
    assert tuple(due[0]._asdict()) == samples.DUE_FIELDS


def test_a_supplier_chase_names_only_its_own_late_samples():
    due = samples.due_samples([sample(sample="S-1", due=THU), sample(sample="S-2", due=FRI, supplier="MF"),
                               sample(sample="S-3", received=date(2026, 11, 1))], MON)
    late = samples.late_at_factory(due, "HX")
    assert [d.sample for d in late] == ["S-1"]
    assert samples.chase_lines(late, "en") == ["Samples past their due date:",
                                               "- sample S-1 CH-01 (pps) for ACME: due 2026-12-03, 4 days late"]
    assert samples.chase_lines(late) == ["以下样品已过交样日期：",
                                         "- 样品 S-1 CH-01（产前样）：要求 2026-12-03 交样，已逾期 4 天"]
    assert samples.chase_lines([]) == []


def test_as_of_a_past_day_later_steps_have_not_happened():
    s = sample(received=THU, sent=FRI, courier="DHL", awb="1", verdict="approved", verdict_date=MON,
               comments="ok", sealed=MON, location="shelf")
    assert samples.as_of(s, date(2026, 11, 19)) is None
    assert samples.status(samples.as_of(s, THU)) == "received"
    on_sat = samples.as_of(s, SAT)
    assert (samples.status(on_sat), on_sat.sealed, on_sat.location) == ("sent", None, "")
    assert samples.as_of(s, MON) == s


def test_a_row_carries_the_contract_fields():
    s = sample(sent=THU, courier="DHL", awb="1")
    r = samples.row(s, SAT)
    assert tuple(r) == samples.FIELDS
    assert (r["status"], r["feedback_due"], r["days_late"], r["sealed"]) == ("sent", MON, -2, False)


# -- links: pps approval and the sealed register ------------------------------------------------------

def test_the_latest_pps_verdict_per_order_and_sku_counts():
    first = sample(sample="S-1", verdict="rejected", verdict_date=THU, comments="seam puckering")
    second = sample(sample="S-2", verdict="approved", verdict_date=MON, comments="ok")
    other = sample(sample="S-3", kind="shipping", verdict="rejected", verdict_date=date(2026, 12, 8))
    no_order = sample(sample="S-4", order=None, verdict="rejected", verdict_date=date(2026, 12, 8))
    pending = sample(sample="S-5", sent=date(2026, 12, 8))
    verdicts = samples.pps_verdicts([second, first, other, no_order, pending])
    assert list(verdicts) == [("SO-1", "CH-01")]
    assert verdicts[("SO-1", "CH-01")].approved and verdicts[("SO-1", "CH-01")].sample == "S-2"
    only_rejected = samples.pps_verdicts([first])[("SO-1", "CH-01")]
    assert only_rejected.text == "pps sample S-1 rejected by the customer 2026-12-03: seam puckering"


def test_the_sealed_sample_of_the_order_comes_before_another_orders():
    own = sample(sample="S-1", sealed=THU, location="QC shelf 1")
    newer_other = sample(sample="S-2", order="SO-2", sealed=MON, location="showroom")
    assert samples.sealed_for([own, newer_other], "CH-01", "SO-1") == own
    assert samples.sealed_for([own, newer_other], "CH-01", "SO-9") == newer_other
    assert samples.sealed_for([own], "TB-02", "SO-1") is None
