"""Inspections (验货): stages, the inline-report count rule, and what is due for inspection
(`inspect due`, the morning report). Pure: facts in, answers out.

Judging a lot (sampling plans, verdicts, switching) is `verdict.py` beside this, so the
morning report does not load the sampling tables. The due list's values are NamedTuples
(thousands per report; see core/report.py).
"""
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import NamedTuple

from gendan.core.models import STAGES, Inspection
from gendan.errors import UsageError

FINAL_AT_PACKED = Decimal(80)            # final inspection is due once 80% is packed (source documents)
INCOMING_LOOKBACK_DAYS = 30              # receipts older than this without inspection are history, not to-dos


def parse_stage(text: str) -> str:
    stage = (text or "").strip().lower()
    if stage not in STAGES:
        raise UsageError(f"unknown stage {text!r} (use one of {', '.join(STAGES)})")
    return stage


def ref_kind_for(stage: str) -> str:
    """Incoming inspection is on a PO (the supplier's goods); every other stage on a customer order."""
    return "po" if stage == "incoming" else "order"


def parse_pct(text: str, what: str = "--packed") -> Decimal:
    """A percentage 0..100, e.g. 85 or 72.5."""
    try:
        value = Decimal(str(text).strip().rstrip("%"))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= 100:
        raise UsageError(f"bad {what} {text!r} (give a percentage from 0 to 100, e.g. 85)")
    return value.normalize() if value == value.to_integral() else value


# --- the inline inspection rule and what is due ------------------------------------------------


def inline_reports_required(qty: int) -> int:
    """Signed inline (中期) reports an order needs, by its quantity (source documents):

    fewer than 1,000 pieces: 2; 1,000–2,999: 4; 3,000–4,999: 6; 5,000–10,000: 8; above 10,000 one
    more per 2,500 started (10,001–12,500: 9, 12,501–15,000: 10 …). The source's ranges share
    their edges ("1000-3000, 3000-5000"); an edge goes to the higher band, except 10,000, which the
    source puts in the 5,000–10,000 band since the extra reports start "above 10,000".
    """
    if qty < 1000:
        return 2
    if qty < 3000:
        return 4
    if qty < 5000:
        return 6
    if qty <= 10000:
        return 8
    return 8 + -(-(qty - 10000) // 2500)


def packed_for_final(order_qty: int, progress_packed: int | None, inline_pct: Decimal | None) -> Decimal | None:
    """How much of the order is packed: the higher of the production report and the inline record."""
    values = []
    if progress_packed is not None and order_qty > 0:
        values.append(Decimal(progress_packed) * 100 / order_qty)
    if inline_pct is not None:
        values.append(Decimal(inline_pct))
    return max(values) if values else None


SKIPPABLE = ("pps", "first-article", "inline")   # a final is never skipped: `ship --force --reason` is the override


class OrderFacts(NamedTuple):
    """What `inspect due` needs to know about one open customer order. `start`: the first day
    of its production plan (None without one): production has begun, or is planned, once
    there is a plan or a progress report (a PO for cartons does not start production), and
    the pre-production sample and first article are due by that day."""
    order: str
    due: date
    qty: int
    skus: tuple[str, ...]
    in_production: bool
    packed_pct: Decimal | None = None
    start: date | None = None
    skipped: tuple[tuple[str, str], ...] = ()     # (stage, sku or '' for every SKU): `inspect skip`

    def skips(self, stage: str, sku: str) -> bool:
        return (stage, sku) in self.skipped or (stage, "") in self.skipped


class ReceivedLine(NamedTuple):
    """A PO line with goods received: incoming inspection is owed."""
    po: str
    sku: str
    supplier: str
    received: int
    first_received: date   # the earliest delivery not inspected: inspection is owed since then


class DueItem(NamedTuple):
    """One inspection owed: on what, at which stage, by when, and why."""
    ref: str
    stage: str
    sku: str
    due: date
    days_left: int
    reason: str
    detail: str          # the fields are `inspect due`'s columns, in order: a row is `_asdict()`


def latest_records(skus: tuple[str, ...], records: list[Inspection], stage: str) -> dict[str, Inspection]:
    """SKU → its latest record at `stage` (a record without SKU covers all the order's SKUs)."""
    latest: dict[str, Inspection] = {}
    for insp in sorted((r for r in records if r.stage == stage), key=lambda i: (i.date, i.id or 0)):
        for sku in ((insp.sku,) if insp.sku else skus):
            latest[sku] = insp
    return latest


def cleared_skus(skus: tuple[str, ...], records: list[Inspection], stage: str) -> set[str]:
    """SKUs whose latest record at `stage` is passed or waived (a record without SKU covers all)."""
    if not records:
        return set()
    latest = latest_records(skus, records, stage)
    return {sku for sku in skus if sku in latest and latest[sku].ok}


def order_due(o: OrderFacts, records: list[Inspection], today: date, window: int,
              verdicts: dict | None = None) -> list[DueItem]:
    """Inspections an open order still needs: final (due soon or 80% packed), inline reports
    short of the count rule, PPS and first article not approved once production has begun.
    `verdicts` maps (order, SKU) to the customer's latest verdict on a pps sample
    (core.samples.PpsVerdict): later than the latest pps record, it decides the pps stage."""
    out = []
    left = (o.due - today).days
    cleared_final = cleared_skus(o.skus, records, "final")
    missing_final = [s for s in o.skus if s not in cleared_final]
    packed = o.packed_pct
    packed_ready = packed is not None and packed >= FINAL_AT_PACKED
    if missing_final and (left <= window or packed_ready):
        why = f"{_pct(packed)} packed" if packed is not None else "no packing reported"
        reason = "final-packed" if packed_ready else "final-due"
        when = today if packed_ready and today < o.due else o.due      # packed goods wait for the inspector now
        for sku in missing_final:
            out.append(DueItem(o.order, "final", sku, when, (when - today).days, reason,
                               f"no passed final inspection; {why}; order due in {_days(left)}"
                               if left >= 0 else f"no passed final inspection; {why}; order {_days(-left)} late"))
    if not o.in_production:
        return out
    by = o.start or o.due                      # the pre-production sample comes before mass production
    by_left = (by - today).days
    why = f"not approved and production {'started' if o.start is None or o.start <= today else 'starts'} {by}"
    out += [i for i in _pps_due(o, records, by, by_left, verdicts or {}, why) if not o.skips("pps", i.sku)]
    cleared = cleared_skus(o.skus, records, "first-article")
    for sku in o.skus:
        if sku not in cleared and not o.skips("first-article", sku):
            out.append(DueItem(o.order, "first-article", sku, by, by_left, "first-article-not-approved",
                               f"first-article {why}"))
    done = sum(1 for r in records if r.stage == "inline")
    need = inline_reports_required(o.qty)
    if done < need and missing_final and not o.skips("inline", ""):
        out.append(DueItem(o.order, "inline", "", o.due, left, "inline-short",
                           f"{done} of {need} inline reports for {o.qty:,} pieces"))
    return out


def _pps_due(o: OrderFacts, records: list[Inspection], by: date, left: int, verdicts: dict,
             why: str) -> list[DueItem]:
    """The pps stage per SKU, due `by` the plan's start: the later of the latest pps record and
    the customer's verdict on a pps sample decides (the customer's on the same day); a
    rejection shows their comments."""
    latest = latest_records(o.skus, records, "pps")
    out = []
    for sku in o.skus:
        insp, verdict = latest.get(sku), verdicts.get((o.order, sku))
        if verdict is not None and (insp is None or verdict.date >= insp.date):
            if not verdict.approved:
                out.append(DueItem(o.order, "pps", sku, by, left, "pps-rejected", verdict.text))
        elif insp is None or not insp.ok:
            out.append(DueItem(o.order, "pps", sku, by, left, "pps-not-approved", f"pps {why}"))
    return out


def incoming_due(line: ReceivedLine, today: date) -> DueItem:
    return DueItem(line.po, "incoming", line.sku, line.first_received, (line.first_received - today).days,
                   "incoming-missing", f"{line.received:,} received from {line.supplier}, not inspected")


def due_items(orders: list[OrderFacts], records: dict[str, list[Inspection]], received: list[ReceivedLine],
              today: date, window: int, verdicts: dict | None = None) -> list[DueItem]:
    """Everything due for inspection, earliest date first: the `inspect due` list and the morning
    report's "inspections due" section. `records` maps an order to its inspections; `received`
    holds PO lines with goods received and no incoming inspection yet; `verdicts` the customers'
    verdicts on pps samples (see order_due)."""
    items = [item for o in orders for item in order_due(o, records.get(o.order, []), today, window, verdicts)]
    items += [incoming_due(line, today) for line in received]
    order = {s: i for i, s in enumerate(STAGES)}
    return sorted(items, key=lambda i: (i.due, i.ref, order[i.stage], i.sku))


def _pct(value: Decimal | None) -> str:
    """85% or 72.5%, cut (not rounded) to one decimal so 79.96% never reads as 80%."""
    if value is None:
        return ""
    q = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_DOWN)
    return f"{q.to_integral() if q == q.to_integral() else q}%"


def _days(n: int) -> str:
    """`1 day`, `2 days`."""
    return f"{n} day{'' if n == 1 else 's'}"
