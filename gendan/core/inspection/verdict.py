"""Recording an inspection (`inspect log`): the sampling plans and verdict of an incoming or
final lot, switching over the recorded history (ISO 2859-1 clause 9), and one request's checks.

The sampling tables and clause 9 rules themselves live in `sampling.py` beside this; this module applies
them to the merchandiser's records (incoming lots per supplier and SKU, final lots per customer
order and SKU). Pure: facts in, answers out.
"""
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from gendan.core.inspection import sampling
from gendan.core.models import Inspection
from gendan.errors import GendanError, UsageError

SAMPLED = ("incoming", "final")          # stages judged by sampling plans, with switching rules
DEFAULT_AQL = "2.5"                      # major defects (尾查标准 AQL 2.5)
DEFAULT_MINOR_AQL = "4.0"
DEFAULT_LEVEL = "II"


# --- plans and verdicts -----------------------------------------------------------------------


@dataclass(frozen=True)
class Plans:
    """The two plans a sampled lot is judged by: majors at the AQL, minors at the minor AQL.

    Both come from the same lot, level and severity; following arrows they may have different
    sample sizes, so each class is counted on its own plan's sample.
    """
    major: sampling.SamplingPlan
    minor: sampling.SamplingPlan

    @property
    def sample_size(self) -> int:
        """The units to draw: the larger sample serves both classes (and critical defects)."""
        return max(self.major.sample_size, self.minor.sample_size)


def plans(lot: int, aql_major: str, aql_minor: str, level: str, severity: str) -> Plans:
    return Plans(sampling.sampling_plan(lot, aql_major, level, severity),
                 sampling.sampling_plan(lot, aql_minor, level, severity))


def check_counts(p: Plans, critical: int, major: int, minor: int) -> None:
    """Defect counts are whole numbers found in the sample: never negative, never more than it."""
    limits = (("critical", critical, p.sample_size), ("major", major, p.major.sample_size),
              ("minor", minor, p.minor.sample_size))
    for name, count, n in limits:
        if count < 0:
            raise UsageError(f"--{name} {count} is negative (give the number of {name} defects found, 0 or more)")
        if count > n:
            raise UsageError(f"--{name} {count} is more than the {n} pieces of the {name} sample "
                             f"(count defects found in the sample drawn; see 'gendan inspect plan --lot {p.major.lot}')")


@dataclass(frozen=True)
class Verdict:
    """An inspection's result against its sampling plans, and why it failed."""
    result: str                    # pass | fail
    reasons: tuple[str, ...] = ()  # why it failed, one per class that reached its Re

    @property
    def accepted(self) -> bool:
        return self.result == "pass"


def verdict(p: Plans, critical: int, major: int, minor: int) -> Verdict:
    """Critical defects have zero tolerance; majors and minors reject when they reach their Re."""
    check_counts(p, critical, major, minor)
    reasons = []
    if critical > 0:
        reasons.append(f"{critical} critical (zero tolerance)")
    if major >= p.major.re:
        reasons.append(f"{major} major ≥ Re {p.major.re} at AQL {p.major.aql}")
    if minor >= p.minor.re:
        reasons.append(f"{minor} minor ≥ Re {p.minor.re} at AQL {p.minor.aql}")
    return Verdict("fail" if reasons else "pass", tuple(reasons))


def what_to_do(plan: sampling.SamplingPlan, kind: str = "major") -> str:
    """The plan in words, as the inspector reads it at the factory."""
    pieces = f"the whole lot ({plan.sample_size} pieces)" if plan.inspect_all else f"{plan.sample_size} pieces"
    if plan.ac == 0:
        return f"inspect {pieces}; accept only if no {kind} defect is found, reject at 1"
    return (f"inspect {pieces}; accept if ≤{plan.ac} {kind} defects, reject if ≥{plan.re}")


# --- switching (ISO 2859-1 clause 9) over the recorded history ---------------------------------


def outcome(insp: Inspection) -> tuple[bool, bool, int]:
    """What clause 9 needs from one recorded lot: (accepted, accepted one AQL step tighter, Ac).

    `accepted` is the sampling verdict: a lot accepted by concession (waived) was still not
    accepted by the plan, so it counts as not accepted. "Tighter" applies to the major class
    (the plan named by --aql), the one the switching score follows.
    """
    accepted = insp.result == "pass"
    ac = insp.ac if insp.ac is not None else 0
    tighter = False
    if accepted and insp.severity == "normal" and insp.lot and ac >= 2:
        try:
            plan = sampling.sampling_plan(insp.lot, insp.aql, insp.level, "normal")
            t_ac = sampling.tighter_ac(plan)
        except GendanError:
            t_ac = None
        tighter = t_ac is not None and insp.major <= t_ac
    return accepted, tighter, ac


@dataclass(frozen=True)
class Switching:
    """The state now, and the switch each recorded lot caused (lot id → text)."""
    state: sampling.SwitchState
    switches: dict
    log: tuple[str, ...] = ()


def replay(lots: list[Inspection], resumes: list[date]) -> Switching:
    """Replay a scope's lots in date order (then as recorded) from normal inspection.

    A `--resume` dated D is applied at the first moment on or after D when inspection is
    discontinued: before the next lot that needs it, or at the end. So a lot that stops
    inspection and the resume on the same day fall in the order they really happened.
    """
    state, switches, log = sampling.SwitchState(), {}, []
    pending = sorted(resumes)
    for insp in sorted(lots, key=lambda i: (i.date, i.id or 0)):
        if state.discontinued and pending and pending[0] <= insp.date:
            pending.pop(0)
            state = sampling.resume(state)
            log.append("discontinued → tightened (resumed)")
        state, text = sampling.next_state(state, *outcome(insp))
        if text:
            switches[insp.id] = text
            log.append(text)
    if state.discontinued and pending:
        state = sampling.resume(state)
        log.append("discontinued → tightened (resumed)")
    return Switching(state, switches, tuple(log))


def check_in_order(last: date | None, on: date, scope: str) -> None:
    """Lots are logged in date order per scope, so a late entry cannot rewrite the switching history."""
    if last is not None and on < last:
        raise GendanError(f"{scope} already has a lot inspected on {last}; a lot dated {on} would rewrite "
                          f"its switching history (log lots in date order: use --date {last} or later)")


# --- one `inspect log` request ----------------------------------------------------------------


@dataclass(frozen=True)
class LogRequest:
    """What the user asked `inspect log` to record (options not given are None)."""
    ref: str
    stage: str
    on: date
    sku: str | None = None
    lot: int | None = None
    aql: str = DEFAULT_AQL
    minor_aql: str = DEFAULT_MINOR_AQL
    level: str = DEFAULT_LEVEL
    critical: int | None = None
    major: int | None = None
    minor: int | None = None
    result: str | None = None
    waive: bool = False
    resume: bool = False
    reason: str = ""
    packed: Decimal | None = None
    inspector: str = ""
    note: str = ""

    @property
    def has_lot(self) -> bool:
        """Whether the request records a lot (not only a waiver or a resume)."""
        given = (self.lot, self.critical, self.major, self.minor, self.result, self.packed)
        return any(v is not None for v in given)

    @property
    def waive_only(self) -> bool:
        return self.waive and not self.has_lot


def check_request(req: LogRequest) -> None:
    """Refuse option combinations that cannot mean anything, before anything is read or written."""
    sampled = req.stage in SAMPLED
    if req.waive and req.resume:
        raise UsageError("--waive and --resume are separate decisions (record them with two commands)")
    if (req.waive or req.resume) and not req.reason.strip():
        what = "--waive (a concession, 让步接受)" if req.waive else "--resume"
        raise UsageError(f"{what} needs --reason TEXT (it is kept in the audit log)")
    if req.reason.strip() and not (req.waive or req.resume):
        raise UsageError("--reason goes with --waive or --resume (use --note for remarks)")
    if req.result is not None and req.result not in ("pass", "fail"):
        raise UsageError(f"bad --result {req.result!r} (use pass or fail)")
    if sampled and req.result is not None:
        raise UsageError(f"the verdict of a {req.stage} inspection is computed from --critical/--major/--minor "
                         "against the sampling plan (drop --result)")
    if req.resume and not sampled:
        raise UsageError("--resume applies to incoming and final inspection (the stages with switching rules)")
    if req.packed is not None and req.stage != "inline":
        raise UsageError("--packed is recorded with an inline inspection (use --stage inline)")
    for name in ("critical", "major", "minor"):
        value = getattr(req, name)
        if value is not None and value < 0:
            raise UsageError(f"--{name} {value} is negative (give the number of {name} defects found, 0 or more)")
    if not sampled and not req.waive_only and req.result is None:
        raise UsageError(f"a {req.stage} inspection needs --result pass or fail")


def sampled_record(req: LogRequest, kind: str, sku: str, lot: int, severity: str) -> tuple[Inspection, Verdict]:
    """An incoming or final lot judged against its plans at the severity the history gives."""
    p = plans(lot, req.aql, req.minor_aql, req.level, severity)
    critical, major, minor = req.critical or 0, req.major or 0, req.minor or 0
    v = verdict(p, critical, major, minor)
    insp = Inspection(ref=req.ref, ref_kind=kind, stage=req.stage, date=req.on, result=v.result, sku=sku, lot=lot,
                      level=p.major.level, aql=p.major.aql, minor_aql=p.minor.aql, severity=severity,
                      code_letter=p.major.code_letter, sample_size=p.major.sample_size, ac=p.major.ac,
                      re=p.major.re, minor_ac=p.minor.ac, minor_re=p.minor.re,
                      minor_sample_size=p.minor.sample_size, critical=critical, major=major,
                      minor=minor, inspector=req.inspector, note=req.note)
    if req.waive:
        insp = with_waiver(insp, req.reason.strip())
    return insp, v


def plain_record(req: LogRequest, kind: str, sku: str) -> Inspection:
    """A PPS, first-article or inline report: the inspector's pass or fail, as recorded."""
    insp = Inspection(ref=req.ref, ref_kind=kind, stage=req.stage, date=req.on, result=req.result, sku=sku,
                      lot=req.lot, critical=req.critical or 0, major=req.major or 0, minor=req.minor or 0,
                      inspector=req.inspector, note=req.note, packed_pct=req.packed)
    if req.waive:
        insp = with_waiver(insp, req.reason.strip())
    return insp


def check_final_lot(lot: int, remaining: int, sku: str, ref: str) -> None:
    """A final lot is goods about to ship: never more than what remains to ship on the order
    line (a 5,000-piece final on a 999-piece order is a typing mistake, and its larger sample
    would judge a lot that does not exist)."""
    if remaining <= 0:
        raise GendanError(f"nothing of {sku} is left to ship on order {ref} (a final inspection is of goods "
                          "about to ship)")
    if lot > remaining:
        raise GendanError(f"lot {lot:,} of {sku} is more than the {remaining:,} left to ship on order {ref} "
                          f"(give --lot {remaining:,} or less: the goods presented for this final)")


def uninspected(received: int, inspected: int) -> int:
    """The default incoming lot: what was received on the line and not yet inspected, so
    earlier deliveries are sampled too, not only the latest."""
    return max(received - inspected, 0)


def pick_sku(given: str | None, skus: list[str], ref: str, required: bool) -> str:
    """The SKU a record is about: the one given (if it is on the document), the only one, or ''
    (the whole order) for stages without sampling."""
    if given:
        if given not in skus:
            raise GendanError(f"SKU {given} is not on {ref} (its SKUs: {', '.join(skus)})")
        return given
    if len(skus) == 1:
        return skus[0]
    if required:
        raise UsageError(f"{ref} has several SKUs ({', '.join(skus)}): give --sku (a lot is one SKU)")
    return ""

def with_waiver(insp: Inspection, reason: str) -> Inspection:
    """A concession (让步接受): only a rejected lot can be accepted this way."""
    if insp.result != "fail":
        raise GendanError(f"the {insp.stage} inspection of {insp.ref} on {insp.date} passed (only a rejected lot can be waived)")
    if insp.waived:
        raise GendanError(f"the {insp.stage} inspection of {insp.ref} on {insp.date} is already waived")
    return replace(insp, waived=True, reason=reason)

def to_dict(insp: Inspection) -> dict:
    """The record as audit-log JSON."""
    from dataclasses import asdict
    d = asdict(insp)
    del d["void"]                 # a void is a record of its own (core.corrections)
    d["date"] = insp.date.isoformat()
    d["packed_pct"] = str(insp.packed_pct) if insp.packed_pct is not None else None
    return d
