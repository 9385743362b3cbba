"""Production follow-up (生产跟单): linear plans over working days, daily reports, how far
behind plan an order is, the forecast finish from the recent run rate, material readiness
(物料齐套) and pieces lost by delay cause.

Conventions (the contract is silent on them; README "Production follow-up" repeats them):
- A plan covers the whole order quantity, linear over the working days from start to finish
  (Monday–Saturday unless `workdays` says otherwise; listed holidays off). With `daily`, the
  plan is `daily` pieces a working day until the quantity is reached.
- Reports are cumulative totals as of the end of their date. "Planned to date" is measured
  as of yesterday, or as of today once today's report is in, so an order reported every
  evening is not shown a day behind every morning.
- `behind_qty` and `behind_days` are signed: negative means ahead. Days are working days.
- The run rate is pieces a working day over the last 3 reports (from the report before them,
  or from the plan's start with nothing made). The forecast assumes nothing was made since
  the last report and extends the run rate to what remains. No reports after the start, or
  a zero run rate, gives no forecast: it is flagged and counts as at risk.

The computed values (Status, Missing, MaterialLine, PlannedOrder) are NamedTuples, cheap to
define and create in the morning report (see core/report.py); plans and reports are models.
"""
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from gendan.core.models import DELAY_CAUSES, ProductionPlan, ProgressReport
from gendan.errors import GendanError, UsageError

PROGRESS_FIELDS = ["order", "factory", "qty", "produced", "packed", "planned_to_date", "behind_qty", "behind_days",
                   "run_rate", "forecast_finish", "due", "at_risk",
                   "customer", "start", "finish", "last_report", "packed_pct", "material_missing", "flags"]
REPORT_FIELDS = ["order", "date", "produced", "packed", "planned", "behind_qty", "lost_qty", "cause", "note"]
DELAY_FIELDS = ["cause", "description", "factory", "customer", "reports", "orders", "lost_qty"]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WORKDAYS = (0, 1, 2, 3, 4, 5)
OVER_TOLERANCE_PCT = 5          # produced/packed may exceed the order quantity by this much (overrun)
FINAL_INSPECTION_PACKED_PCT = 80  # the final inspection is due once this share is packed
RUN_RATE_REPORTS = 3
MAX_FORECAST_DAYS = 36_500      # beyond this the forecast is "never" at this rate


# -- working days ------------------------------------------------------------------------

def parse_workdays(text: str) -> tuple[int, ...]:
    """`mon-sat`, `mon-fri`, `mon,wed,fri`, `mon-fri,sun` → weekday numbers (Monday = 0)."""
    days: set[int] = set()
    for part in (text or "").lower().replace(" ", "").split(","):
        first, dash, last = part.partition("-")
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES):
            raise UsageError(f"bad --workdays {text!r} (use day names and ranges like mon-sat, mon-fri or mon,wed,fri)")
        a = DAY_NAMES.index(first)
        b = DAY_NAMES.index(last) if dash else a
        days.update((a + i) % 7 for i in range((b - a) % 7 + 1))
    return tuple(sorted(days))


def format_workdays(days: tuple[int, ...]) -> str:
    """Weekday numbers → the shortest text `parse_workdays` reads back (`mon-sat`)."""
    runs: list[list[int]] = []
    for d in sorted(days):
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ",".join(DAY_NAMES[r[0]] if len(r) == 1 else f"{DAY_NAMES[r[0]]}-{DAY_NAMES[r[-1]]}" for r in runs)


def is_workday(d: date, workdays: tuple[int, ...], holidays: tuple[date, ...] = ()) -> bool:
    return d.weekday() in workdays and d not in holidays


@lru_cache(maxsize=8192)
def count_workdays(first: date, last: date, workdays: tuple[int, ...], holidays: tuple[date, ...] = ()) -> int:
    """Working days in [first, last], both included; 0 when last < first. Arithmetic, not a
    day-by-day walk, and cached, because `order list` asks this for every planned order."""
    if last < first:
        return 0
    weeks, rest = divmod((last - first).days + 1, 7)
    w0 = first.weekday()
    n = weeks * len(workdays) + sum(1 for i in range(rest) if (w0 + i) % 7 in workdays)
    if holidays:
        n -= sum(1 for h in set(holidays) if first <= h <= last and h.weekday() in workdays)
    return n


def add_workdays(after: date, n: int, workdays: tuple[int, ...], holidays: tuple[date, ...] = ()) -> date:
    """The n-th working day strictly after `after` (n ≥ 1); `after` itself when n ≤ 0."""
    if not workdays:
        raise GendanError("a plan needs at least one working day a week (check --workdays)")
    d, left = after, n
    while left > 0:
        if left > 2 * len(workdays):            # jump whole weeks, then count what they held
            jump = date.fromordinal(d.toordinal() + 7 * (left // len(workdays) - 1))
            left -= count_workdays(d + timedelta(days=1), jump, workdays, holidays)
            d = jump
            continue
        d += timedelta(days=1)
        if is_workday(d, workdays, holidays):
            left -= 1
    return d


# -- the plan ----------------------------------------------------------------------------

def finish_for_daily(start: date, qty: int, daily: int, workdays: tuple[int, ...],
                     holidays: tuple[date, ...] = ()) -> date:
    """The working day on which `daily` pieces a working day from `start` reach `qty`."""
    days = -(-qty // daily)
    return add_workdays(start - timedelta(days=1), days, workdays, holidays)


def _finish_in_calendar(start: date, qty: int, daily: int, workdays: tuple[int, ...],
                        holidays: tuple[date, ...]) -> date:
    """finish_for_daily, within the dates gendan keeps (a slow enough rate runs past 2999)."""
    from gendan.core.dates import MAX_DATE
    try:
        finish = finish_for_daily(start, qty, daily, workdays, holidays)
    except (OverflowError, ValueError):
        finish = None
    if finish is None or finish > MAX_DATE:
        raise GendanError(f"at {daily:,} pieces a working day the plan would finish after {MAX_DATE} "
                          f"(give a larger --daily, or --finish DATE)")
    return finish


def new_plan(order: str, qty: int, start: date, finish: date | None, daily: int | None, factory: str = "",
             workdays: tuple[int, ...] = DEFAULT_WORKDAYS, holidays: tuple[date, ...] = (),
             days_off: tuple[date, ...] = ()) -> ProductionPlan:
    """A plan from the options typed: exactly one of finish or daily; at least one working day.
    `days_off`: public holidays and shutdowns (core.workdays) the plan skips besides `holidays`."""
    if (finish is None) == (daily is None):
        raise UsageError("give either --finish DATE or --daily N (pieces a working day), not both or neither")
    if not workdays:
        raise UsageError("--workdays names no day (use e.g. mon-sat)")
    holidays = tuple(sorted(set(holidays)))
    off = tuple(sorted(set(holidays) | set(days_off)))
    if daily is not None:
        if daily <= 0:
            raise UsageError(f"bad --daily {daily}: must be more than zero pieces a day")
        finish = _finish_in_calendar(start, qty, daily, workdays, off)
    if finish < start:
        raise GendanError(f"finish {finish} is before the start {start} (check --start and --finish)")
    if count_workdays(start, finish, workdays, off) == 0:
        raise GendanError(f"no working day between {start} and {finish} (check --workdays, --holiday and "
                          "'gendan holiday list')")
    return ProductionPlan(order=order, start=start, finish=finish, factory=factory, workdays=tuple(workdays),
                          holidays=holidays, daily=daily, days_off=tuple(days_off))


def replan_for_qty(plan: ProductionPlan, qty: int) -> ProductionPlan:
    """The plan after the order quantity changed: a `--daily` plan finishes when the daily
    rate reaches the new quantity (the extra pieces do not all land on the last day); a plan
    given by its finish keeps it and spreads the new quantity over the same days."""
    if not plan.daily:
        return plan
    from dataclasses import replace
    return replace(plan, finish=_finish_in_calendar(plan.start, qty, plan.daily, plan.workdays, plan.off))


def plan_days(plan: ProductionPlan) -> int:
    return count_workdays(plan.start, plan.finish, plan.workdays, plan.off)


def planned_at(plan: ProductionPlan, qty: int, k: int) -> int:
    """Pieces planned by the end of the k-th working day of the plan (linear, half-up)."""
    n = plan_days(plan)
    if k <= 0:
        return 0
    if k >= n:
        return qty
    if plan.daily:
        return min(qty, plan.daily * k)
    return (2 * qty * k + n) // (2 * n)


def workday_index(plan: ProductionPlan, d: date) -> int:
    """How many of the plan's working days have passed by the end of `d` (not capped at the finish)."""
    return count_workdays(plan.start, d, plan.workdays, plan.off)


def planned_to(plan: ProductionPlan, qty: int, d: date) -> int:
    """Cumulative pieces the plan expects by the end of `d`."""
    return planned_at(plan, qty, workday_index(plan, d))


def days_covered(plan: ProductionPlan, qty: int, produced: int) -> int:
    """How many of the plan's working days `produced` pieces cover in full: the largest k
    with planned_at(k) ≤ produced. A shortfall of part of a day counts as a day behind."""
    lo, hi = 0, plan_days(plan)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if planned_at(plan, qty, mid) <= produced:
            lo = mid
        else:
            hi = mid - 1
    return lo


def behind_days(plan: ProductionPlan, qty: int, produced: int, on: date) -> int:
    """Working days behind plan as of the end of `on` (negative: ahead). An order whose
    quantity is made is never behind."""
    k = workday_index(plan, on)
    behind = k - days_covered(plan, qty, produced)
    return min(behind, 0) if produced >= qty else behind


def needed_daily(qty: int, start: date, limit: date, workdays: tuple[int, ...], holidays: tuple[date, ...] = ()) -> int | None:
    """Pieces a working day needed to make `qty` from `start` by `limit`; None if no day is left."""
    days = count_workdays(start, limit, workdays, holidays)
    return -(-qty // days) if days else None


def check_plan_in_time(plan: ProductionPlan, qty: int, due: date, buffer_days: int) -> None:
    """Refuse a plan that finishes after the due date minus the inspection-and-shipping buffer,
    saying how many pieces a day would make it."""
    limit = due - timedelta(days=buffer_days)
    if plan.finish <= limit:
        return
    need = needed_daily(qty, plan.start, limit, plan.workdays, plan.off)
    how = (f"it needs {need} pieces a working day from {plan.start} to finish by {limit}" if need
           else f"no working day is left between {plan.start} and {limit}")
    raise GendanError(f"plan finishes {plan.finish}, later than {limit} (due {due} minus the {buffer_days}-day "
                      f"buffer); {how} (plan an earlier finish or a higher --daily, or use --force --reason TEXT)")


# -- daily reports -----------------------------------------------------------------------

def check_cause(code: str | None) -> str:
    if not code:
        return ""
    c = code.strip().lower()
    if c not in DELAY_CAUSES:
        raise UsageError(f"bad --cause {code!r} (use one of {', '.join(DELAY_CAUSES)})")
    return c


def over_limit(qty: int, tolerance_pct: int) -> int:
    """The most pieces a report may give: the order quantity plus the overrun tolerance."""
    return qty + qty * tolerance_pct // 100


def packed_before(reports: list[ProgressReport], on: date) -> int:
    """Packed as of the latest report before `on` (or on it): a report that does not give
    --packed leaves packing where it was."""
    earlier = [r for r in reports if r.date <= on]
    return max(earlier, key=lambda r: r.date).packed if earlier else 0


def check_report(reports: list[ProgressReport], new: ProgressReport, qty: int, today: date,
                 tolerance_pct: int = OVER_TOLERANCE_PCT) -> ProgressReport | None:
    """Refuse a report that goes backwards against the reports around its date, exceeds the
    order quantity beyond the tolerance, packs more than was made, or is dated after today.
    Returns the report of the same date that this one replaces (a correction), if any."""
    if new.date > today:
        raise GendanError(f"report date {new.date} is after today {today} (give --date of the day reported)")
    if new.packed > new.produced:
        raise GendanError(f"packed {new.packed} is more than produced {new.produced} (packed pieces were produced first)")
    limit = over_limit(qty, tolerance_pct)
    for what, n in (("produced", new.produced), ("packed", new.packed)):
        if n > limit:
            raise GendanError(f"{what} {n} exceeds the order quantity {qty} by more than {tolerance_pct}% "
                              f"(at most {limit}; totals are cumulative for the whole order)")
    before = [r for r in reports if r.date < new.date]
    after = [r for r in reports if r.date > new.date]
    for what in ("produced", "packed"):
        n = getattr(new, what)
        if before and n < getattr(before[-1], what):
            raise GendanError(f"{what} {n} goes backwards: {getattr(before[-1], what)} was reported on "
                              f"{before[-1].date} (give the cumulative total made so far)")
        if after and n > getattr(after[0], what):
            raise GendanError(f"{what} {n} is more than the {getattr(after[0], what)} reported later on "
                              f"{after[0].date} (give the cumulative total as of {new.date})")
    return next((r for r in reports if r.date == new.date), None)


# -- where an order stands ---------------------------------------------------------------

class MaterialLine(NamedTuple):
    """A PO line linked to the order, as material readiness needs it."""
    po: str
    line: int
    sku: str
    qty: int
    accepted: int          # accepted to date
    due: date
    promised: date | None = None

    @property
    def expected(self) -> date:
        return self.promised or self.due


class Missing(NamedTuple):
    """Material not ready for production (物料未齐套): a linked PO line still short, or (from
    the BOMs, core.materials) a part not ordered at all (`po` empty, `unordered` its status)."""
    po: str
    line: int
    sku: str
    qty_short: int
    expected: date
    promised: bool
    unordered: str = ""

    def text(self) -> str:
        if self.unordered == "not-ordered":
            return f"{self.sku} not ordered"
        if self.unordered:
            return f"{self.sku} {self.qty_short} not ordered"
        return f"{self.sku} {'promised' if self.promised else 'due'} {self.expected}"


def material_missing(lines: list[MaterialLine], start: date, today: date) -> list[Missing]:
    """Linked PO lines not fully accepted by the plan's start: once the start has come, any
    line still short; before it, a short line expected after the start or already overdue."""
    out = []
    for ln in lines:
        short = ln.qty - ln.accepted
        if short <= 0:
            continue
        if today >= start or ln.expected > start or ln.expected < today:
            out.append(Missing(ln.po, ln.line, ln.sku, short, ln.expected, ln.promised is not None))
    return sorted(out, key=lambda m: (m.expected, m.po, m.line))


class Status(NamedTuple):
    """Where one planned order stands against its plan, as of a date."""
    order: str
    factory: str
    qty: int
    produced: int
    packed: int
    planned_to_date: int
    behind_qty: int
    behind_days: int
    run_rate: Decimal | None
    forecast_finish: date | None
    due: date
    at_risk: bool
    start: date
    finish: date
    last_report: date | None
    flags: tuple[str, ...] = ()
    missing: tuple[Missing, ...] = ()
    customer: str = ""

    def row(self) -> dict:
        """The row of `gendan progress`, in PROGRESS_FIELDS."""
        return {"order": self.order, "factory": self.factory, "qty": self.qty, "produced": self.produced,
                "packed": self.packed, "planned_to_date": self.planned_to_date, "behind_qty": self.behind_qty,
                "behind_days": self.behind_days, "run_rate": self.run_rate, "forecast_finish": self.forecast_finish,
                "due": self.due, "at_risk": self.at_risk, "customer": self.customer, "start": self.start,
                "finish": self.finish, "last_report": self.last_report, "packed_pct": packed_share(self.packed, self.qty),
                "material_missing": "; ".join(m.text() for m in self.missing), "flags": ",".join(self.flags)}


def as_of(reports: list[ProgressReport], today: date) -> date:
    """The date progress is measured at: yesterday, or today once today's report is in."""
    last = reports[-1].date if reports else None
    return today if last is not None and last >= today else today - timedelta(days=1)


def run_rate(plan: ProductionPlan, reports: list[ProgressReport], n: int = RUN_RATE_REPORTS) -> Fraction | None:
    """Pieces a working day over the last `n` reports; None without reports."""
    if not reports:
        return None
    last = reports[-1]
    if len(reports) > n:
        base_date, base_qty = reports[-n - 1].date, reports[-n - 1].produced
    else:
        base_date, base_qty = plan.start - timedelta(days=1), 0
    days = count_workdays(base_date + timedelta(days=1), last.date, plan.workdays, plan.off)
    return Fraction(last.produced - base_qty, max(days, 1))


def rate_text(rate: Fraction | None) -> Decimal | None:
    """The run rate as shown: pieces a day to one decimal place."""
    if rate is None:
        return None
    return (Decimal(rate.numerator) / Decimal(rate.denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def forecast(plan: ProductionPlan, qty: int, reports: list[ProgressReport], on: date,
             rate: Fraction | None) -> tuple[date | None, str]:
    """(forecast finish, flag). Finished: the report that reached the quantity. Unknown with a
    flag when there is nothing to extrapolate: `no-reports` after the start, `zero-rate`."""
    produced = reports[-1].produced if reports else 0
    if produced >= qty:
        return next(r.date for r in reports if r.produced >= qty), ""
    if rate is None:
        return (plan.finish, "") if on < plan.start else (None, "no-reports")
    if rate <= 0:
        return None, "zero-rate"
    days = -(-(qty - produced) * rate.denominator // rate.numerator)
    if days > MAX_FORECAST_DAYS:
        return None, "zero-rate"
    return add_workdays(on, days, plan.workdays, plan.off), ""


def status(plan: ProductionPlan, qty: int, due: date, reports: list[ProgressReport], today: date,
           buffer_days: int, materials: list[MaterialLine] | None = None, customer: str = "",
           unordered: tuple[Missing, ...] = ()) -> Status:
    """Compute everything `gendan progress` shows for one order; reports after `today` are ignored.
    `unordered`: the parts its BOMs need that no PO holds yet (always missing, listed first)."""
    reports = sorted((r for r in reports if r.date <= today), key=lambda r: r.date)
    on = as_of(reports, today)
    produced = reports[-1].produced if reports else 0
    packed = reports[-1].packed if reports else 0
    planned = planned_to(plan, qty, on)
    rate = run_rate(plan, reports)
    finish, flag = forecast(plan, qty, reports, on, rate)
    done = produced >= qty
    risky = not done and (finish is None or max(finish, today) > due - timedelta(days=buffer_days))
    missing = tuple(unordered) + tuple(material_missing(materials or [], plan.start, today))
    flags = tuple(f for f in (flag, "material-missing" if missing else "") if f)
    return Status(order=plan.order, factory=plan.factory, qty=qty, produced=produced, packed=packed,
                  planned_to_date=planned, behind_qty=planned - produced,
                  behind_days=behind_days(plan, qty, produced, on),
                  run_rate=rate_text(rate), forecast_finish=finish, due=due, at_risk=risky, start=plan.start,
                  finish=plan.finish, last_report=reports[-1].date if reports else None, flags=flags,
                  missing=missing, customer=customer)


def is_finished(s: Status) -> bool:
    """Production is complete: the order quantity is made. Its finish is a fact, not a
    forecast, and it is neither behind plan nor a risk."""
    return s.produced >= s.qty


def is_behind(s: Status) -> bool:
    """Behind plan: fewer pieces made than planned to date."""
    return s.behind_qty > 0


def needs_attention(s: Status) -> bool:
    """For the morning report's "production behind plan" section: behind, or at risk."""
    return s.behind_qty > 0 or s.at_risk


def sort_key(s: Status):
    """Most behind first: by working days behind, then pieces, then due date."""
    return (-s.behind_days, -s.behind_qty, s.due, s.order)


def packed_share(packed: int, qty: int) -> Decimal:
    """Share packed, in percent to one decimal place."""
    if qty <= 0:
        return Decimal(0)
    return (Decimal(packed) * 100 / Decimal(qty)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def final_inspection_due(packed: int, qty: int, threshold_pct: int = FINAL_INSPECTION_PACKED_PCT) -> bool:
    """The final inspection (尾查) becomes due once `threshold_pct` of the order is packed."""
    return qty > 0 and packed * 100 >= threshold_pct * qty


# -- delay causes ------------------------------------------------------------------------

def lost_pieces(plan: ProductionPlan, qty: int, prev: ProgressReport | None, report: ProgressReport) -> int:
    """Pieces a report added to the shortfall against plan over its own interval (since the
    previous report, or since the start). Days made up from a lead do not count as lost."""
    prev_date = prev.date if prev else plan.start - timedelta(days=1)
    prev_qty = prev.produced if prev else 0
    short_before = max(planned_to(plan, qty, prev_date) - prev_qty, 0)
    short_after = max(planned_to(plan, qty, report.date) - report.produced, 0)
    return max(short_after - short_before, 0)


def report_rows(plan: ProductionPlan, qty: int, reports: list[ProgressReport]) -> list[dict]:
    """One order's reports with what the plan expected and what each lost (REPORT_FIELDS)."""
    rows, prev = [], None
    for r in sorted(reports, key=lambda r: r.date):
        planned = planned_to(plan, qty, r.date)
        rows.append({"order": r.order, "date": r.date, "produced": r.produced, "packed": r.packed,
                     "planned": planned, "behind_qty": planned - r.produced,
                     "lost_qty": lost_pieces(plan, qty, prev, r), "cause": r.cause, "note": r.note})
        prev = r
    return rows


class PlannedOrder(NamedTuple):
    """What the delay summary needs of one order: its plan, quantity, customer and reports."""
    plan: ProductionPlan
    qty: int
    customer: str
    reports: tuple[ProgressReport, ...]


def delay_summary(orders: list[PlannedOrder], first: date, last: date) -> list[dict]:
    """Reports dated in [first, last] counted with their lost pieces by cause, factory and
    customer (DELAY_FIELDS), most pieces lost first. Reports that lost pieces without a
    cause are counted under an empty cause, so unexplained losses show too."""
    groups: dict[tuple[str, str, str], dict] = {}
    for o in orders:
        prev = None
        for r in sorted(o.reports, key=lambda r: r.date):
            lost = lost_pieces(o.plan, o.qty, prev, r)
            prev = r
            if not first <= r.date <= last or (not r.cause and lost == 0):
                continue
            key = (r.cause, o.plan.factory, o.customer)
            g = groups.setdefault(key, {"reports": 0, "orders": set(), "lost_qty": 0})
            g["reports"] += 1
            g["orders"].add(r.order)
            g["lost_qty"] += lost
    rows = [{"cause": cause, "description": DELAY_CAUSES.get(cause, "no cause given"), "factory": factory,
             "customer": customer, "reports": g["reports"], "orders": len(g["orders"]), "lost_qty": g["lost_qty"]}
            for (cause, factory, customer), g in groups.items()]
    return sorted(rows, key=lambda r: (-r["lost_qty"], -r["reports"], r["cause"] or "~", r["factory"], r["customer"]))


def plan_dict(plan: ProductionPlan) -> dict:
    """The plan as audit-log JSON."""
    return {"order": plan.order, "start": plan.start.isoformat(), "finish": plan.finish.isoformat(),
            "daily": plan.daily, "factory": plan.factory, "workdays": format_workdays(plan.workdays),
            "holidays": [h.isoformat() for h in plan.holidays]}


def report_dict(r: ProgressReport) -> dict:
    return {"order": r.order, "date": r.date.isoformat(), "produced": r.produced, "packed": r.packed,
            "cause": r.cause, "note": r.note}
