"""Samples (样品, 船样, 封样): a sample's life from the factory to the customer's verdict, the
clocks that say what is late, and the sealed-sample register. Pure: facts and `today` in.

A sample is asked of a factory (`requested`, with a `due` date), arrives at the office
(`received`), goes to the customer by courier (`sent`, feedback due 3 working days later)
and comes back `approved` or `rejected` with the customer's comments. An approved sample
may be sealed (封样) and kept somewhere as the reference the goods are compared with.
"""
from datetime import date, timedelta
from typing import NamedTuple

from gendan.core.production import add_workdays
from gendan.errors import Conflict, GendanError, UsageError

KINDS = ("proto", "pps", "salesman", "shipping", "other")
STATUSES = ("requested", "received", "sent", "approved", "rejected")
OPEN = ("requested", "received", "sent")
MON_SAT = (0, 1, 2, 3, 4, 5)     # production's week: Sundays off

FIELDS = ("sample", "customer", "order", "sku", "kind", "supplier", "qty", "due", "received", "sent", "courier",
          "awb", "feedback_due", "status", "days_late", "sealed", "location")
DUE_FIELDS = ("sample", "kind", "sku", "customer", "order", "supplier", "expected", "days_late", "reason", "detail")
MAX_TEXT = 500


class Sample(NamedTuple):
    """One sample as recorded; each step's date is None until it happens."""
    sample: str
    customer: str
    sku: str
    kind: str
    requested: date                 # the business date it was asked of the factory
    order: str | None = None
    supplier: str | None = None
    qty: int = 1
    due: date | None = None         # when the factory is to deliver it
    received: date | None = None
    sent: date | None = None
    courier: str = ""
    awb: str = ""
    verdict: str | None = None      # approved | rejected
    verdict_date: date | None = None
    comments: str = ""              # the customer's comments with the verdict
    sealed: date | None = None
    location: str = ""
    note: str = ""


class Rules(NamedTuple):
    """The house numbers behind the clocks (settings `sample_feedback_days`, `sample_send_days`)."""
    feedback_days: int = 3          # working days the customer has to answer
    send_days: int = 2              # calendar days a received sample may wait at the office
    workdays: tuple[int, ...] = MON_SAT
    holidays: tuple[date, ...] = ()


class DueSample(NamedTuple):
    """One sample to act on this morning; the fields are DUE_FIELDS in order."""
    sample: str
    kind: str
    sku: str
    customer: str
    order: str | None
    supplier: str | None
    expected: date
    days_late: int
    reason: str                     # factory-late | not-sent | feedback-overdue
    detail: str


def parse_kind(text: str) -> str:
    kind = (text or "").strip().lower()
    if kind not in KINDS:
        raise UsageError(f"unknown sample kind {text!r} (use one of {', '.join(KINDS)})")
    return kind


def need_text(text: str | None, what: str) -> str:
    """A non-empty one-line text (courier, AWB, comments, location), at most MAX_TEXT characters."""
    value = " ".join((text or "").split())
    if not value:
        raise UsageError(f"{what} is empty (type what it is, e.g. {what} \"…\")")
    if len(value) > MAX_TEXT:
        raise UsageError(f"{what} is {len(value)} characters long (keep it under {MAX_TEXT})")
    return value


# -- the clocks ----------------------------------------------------------------------------

def status(s: Sample) -> str:
    if s.verdict:
        return s.verdict
    if s.sent:
        return "sent"
    return "received" if s.received else "requested"


def feedback_due(sent: date, rules: Rules = Rules()) -> date:
    """The customer's answer is due `feedback_days` working days after the sample was sent:
    sent on a Thursday with 3 days and a Monday–Saturday week, due the next Monday."""
    return add_workdays(sent, rules.feedback_days, rules.workdays, rules.holidays)


def expected(s: Sample, rules: Rules = Rules()) -> tuple[date | None, str]:
    """The date the next step is expected, and whose step it is: the factory's delivery (its due
    date), our sending (`send_days` after receipt), the customer's verdict (feedback due).
    (None, "") once the customer has answered, or while a factory sample has no due date."""
    st = status(s)
    if st == "requested":
        return s.due, "factory"
    if st == "received":
        return s.received + timedelta(days=rules.send_days), "office"
    if st == "sent":
        return feedback_due(s.sent, rules), "customer"
    return None, ""


def days_late(s: Sample, today: date, rules: Rules = Rules()) -> int | None:
    """Days past the next step's expected date (negative: days left); None when nothing is expected."""
    when, _ = expected(s, rules)
    return None if when is None else (today - when).days


def as_of(s: Sample, today: date) -> Sample | None:
    """The sample as it stood on `today`: None if not yet requested, later steps undone."""
    if s.requested > today:
        return None
    if s.received and s.received > today:
        s = s._replace(received=None)
    if s.sent and s.sent > today:
        s = s._replace(sent=None, courier="", awb="")
    if s.verdict_date and s.verdict_date > today:
        s = s._replace(verdict=None, verdict_date=None, comments="")
    if s.sealed and (s.sealed > today or not s.verdict):
        s = s._replace(sealed=None, location="")
    return s


def row(s: Sample, today: date, rules: Rules = Rules()) -> dict:
    """One `sample list` row (FIELDS)."""
    return {"sample": s.sample, "customer": s.customer, "order": s.order, "sku": s.sku, "kind": s.kind,
            "supplier": s.supplier, "qty": s.qty, "due": s.due, "received": s.received, "sent": s.sent,
            "courier": s.courier, "awb": s.awb, "feedback_due": feedback_due(s.sent, rules) if s.sent else None,
            "status": status(s), "days_late": days_late(s, today, rules), "sealed": s.sealed is not None,
            "location": s.location}


def due_samples(samples: list[Sample], today: date, rules: Rules = Rules()) -> list[DueSample]:
    """The morning report's `samples_due`, most late first: a factory past its due date, a
    sample received more than `send_days` ago and not sent, a customer past feedback due."""
    out = []
    for s in samples:
        when, whose = expected(s, rules)
        if when is None or when >= today:
            continue
        late = (today - when).days
        if whose == "factory":
            reason, detail = "factory-late", f"due {when.isoformat()}" + (f" from {s.supplier}" if s.supplier else "")
        elif whose == "office":
            reason, detail = "not-sent", f"received {s.received.isoformat()}, not sent to {s.customer}"
        else:
            reason, detail = "feedback-overdue", f"sent {s.sent.isoformat()} by {s.courier} {s.awb}, " \
                                                 f"feedback due {when.isoformat()}: chase {s.customer}"
        out.append(DueSample(s.sample, s.kind, s.sku, s.customer, s.order, s.supplier, when, late, reason, detail))
    return sorted(out, key=lambda d: (-d.days_late, d.sample))


def late_at_factory(items: list[DueSample], supplier: str) -> list[DueSample]:
    """A supplier's samples past their due date, for its chase message."""
    return [d for d in items if d.reason == "factory-late" and d.supplier == supplier]


KIND_ZH = {"proto": "初样", "pps": "产前样", "salesman": "推销样", "shipping": "船样", "other": "样品"}


def chase_lines(items: list[DueSample], lang: str = "zh") -> list[str]:
    """The lines of a supplier's chase message that name its late samples (empty when none)."""
    if not items:
        return []
    if lang == "en":
        return ["Samples past their due date:"] + [
            f"- sample {d.sample} {d.sku} ({d.kind}) for {d.customer}: due {d.expected.isoformat()}, "
            f"{d.days_late} day{'s' * (d.days_late != 1)} late" for d in items]
    return ["以下样品已过交样日期："] + [
        f"- 样品 {d.sample} {d.sku}（{KIND_ZH[d.kind]}）：要求 {d.expected.isoformat()} 交样，已逾期 {d.days_late} 天"
        for d in items]


# -- the steps -------------------------------------------------------------------------------

def receive(s: Sample, on: date) -> Sample:
    """Arrived from the factory."""
    if status(s) != "requested":
        raise Conflict(f"sample {s.sample} is {status(s)} already (received {s.received or 'directly by the customer'}; "
                       f"see 'gendan sample show {s.sample}')")
    _not_before(on, s.requested, s.sample, "requested")
    return s._replace(received=on)


def send(s: Sample, courier: str, awb: str, on: date) -> Sample:
    """Sent to the customer; a sample may also go straight from the factory (never received here)."""
    if status(s) not in ("requested", "received"):
        raise Conflict(f"sample {s.sample} was sent already on {s.sent} by {s.courier} {s.awb} "
                       f"(add a new sample for a resubmission)")
    _not_before(on, s.received or s.requested, s.sample, "received" if s.received else "requested")
    return s._replace(sent=on, courier=need_text(courier, "--courier"), awb=need_text(awb, "--awb"))


def feedback(s: Sample, approved: bool, comments: str, on: date) -> Sample:
    """The customer's verdict. A verdict is final: a resubmission is a new sample."""
    st = status(s)
    if st in ("approved", "rejected"):
        raise Conflict(f"sample {s.sample} was {st} on {s.verdict_date} already "
                       f"(add a new sample for a resubmission)")
    if st != "sent":
        raise Conflict(f"sample {s.sample} is {st}, not sent: the customer cannot have answered "
                       f"(record 'gendan sample send {s.sample} --courier NAME --awb NUMBER' first)")
    _not_before(on, s.sent, s.sample, "sent")
    return s._replace(verdict="approved" if approved else "rejected", verdict_date=on,
                      comments=need_text(comments, "--note"))


def seal(s: Sample, location: str, on: date) -> Sample:
    """Sealed (封样) and kept at `location`; sealing again records that it moved."""
    if status(s) != "approved":
        raise Conflict(f"sample {s.sample} is {status(s)}, not approved: only a sample the customer approved "
                       f"is sealed (record 'gendan sample feedback {s.sample} --approved --note TEXT' first)")
    _not_before(on, s.verdict_date, s.sample, "approved")
    return s._replace(sealed=s.sealed or on, location=need_text(location, "--location"))


def check_new(s: Sample) -> Sample:
    """A new request: its due date is not before the day it is asked for."""
    if s.due is not None and s.due < s.requested:
        raise UsageError(f"--due {s.due} is before the request date {s.requested} (check the dates)")
    return s


def _not_before(on: date, earlier: date, no: str, what: str) -> None:
    if on < earlier:
        raise GendanError(f"date {on} is before sample {no} was {what} ({earlier}) (check --date)")


# -- links to other areas ----------------------------------------------------------------------

class PpsVerdict(NamedTuple):
    """The customer's latest verdict on a pps sample of one order's SKU."""
    order: str
    sku: str
    date: date
    approved: bool
    sample: str
    comments: str

    @property
    def text(self) -> str:
        if self.approved:
            return f"pps sample {self.sample} approved by the customer {self.date.isoformat()}"
        return f"pps sample {self.sample} rejected by the customer {self.date.isoformat()}: {self.comments}"


def pps_verdicts(samples: list[Sample]) -> dict[tuple[str, str], PpsVerdict]:
    """(order, SKU) → the latest customer verdict on a pps sample for it: an approval
    approves that order's pps stage for the SKU, a rejection keeps it open."""
    out: dict[tuple[str, str], PpsVerdict] = {}
    for s in sorted(samples, key=lambda s: (s.verdict_date or date.min, s.sample)):
        if s.kind == "pps" and s.order and s.verdict:
            out[(s.order, s.sku)] = PpsVerdict(s.order, s.sku, s.verdict_date, s.verdict == "approved",
                                               s.sample, s.comments)
    return out


def sealed_for(samples: list[Sample], sku: str, order: str | None = None) -> Sample | None:
    """The sealed sample to compare goods with: the order's own for that SKU if it has one,
    else the latest sealed one of the SKU."""
    sealed = [s for s in samples if s.sku == sku and s.sealed]
    if not sealed:
        return None
    own = [s for s in sealed if order and s.order == order]
    return max(own or sealed, key=lambda s: (s.sealed, s.sample))
