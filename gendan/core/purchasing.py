"""Purchase orders and receipts: building POs, checking receipts against what is open, the
chase-list rules (跟催) and the supplier score.

The chase list is a hot command: this module imports no dataclasses at load time (its fact
types are NamedTuples) and reaches for the models only when building a PO.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from gendan.errors import Conflict, GendanError, UsageError

if TYPE_CHECKING:
    from gendan.core.models import PurchaseOrder, Supplier


def new_po(no: str, supplier: Supplier, ordered: date, due: date, items: list[tuple[str, int, Decimal]],
           currency: str | None = None, for_order: str | None = None,
           descriptions: dict | None = None, line_dues: dict | None = None) -> PurchaseOrder:
    """A PO whose lines are numbered 1..n, each due on the PO's due date unless given."""
    from gendan.core.models import PoLine, PurchaseOrder
    from gendan.core.orders import check_code, merge_items
    if not items:
        raise UsageError("a PO needs at least one --item SKU=QTY@PRICE")
    if due < ordered:
        raise GendanError(f"due date {due} is before the PO date {ordered} (check --due and --ordered)")
    merge_items([(s, q) for s, q, _ in items])
    descriptions, line_dues = descriptions or {}, line_dues or {}
    lines = tuple(PoLine(i, sku, qty, price, line_dues.get(sku, due), descriptions.get(sku, ""))
                  for i, (sku, qty, price) in enumerate(items, 1))
    return PurchaseOrder(po=check_code(no, "PO number"), supplier=supplier.code, ordered=ordered, due=due,
                         currency=currency or supplier.currency, lines=lines, for_order=for_order)


class LineState(NamedTuple):
    """What a PO line holds so far: the facts a receipt is checked against."""
    line: int
    sku: str
    qty: int
    received: int
    rejected: int

    @property
    def accepted(self) -> int:
        return self.received - self.rejected

    @property
    def open_qty(self) -> int:
        return max(self.qty - self.accepted, 0)


def check_receipt(po: str, cancelled: bool, lines: list[LineState], received: dict[str, int],
                  rejected: dict[str, int], allow_over: bool = False) -> list[tuple[LineState, int, int]]:
    """Match a receipt to PO lines by SKU; refuse unknown SKUs, rejects above the quantity
    received, and (unless allowed) accepting more than the line still needs."""
    if cancelled:
        raise GendanError(f"PO {po} is cancelled (nothing can be received on it)")
    if not received:
        raise UsageError(f"nothing received on PO {po} (give --item SKU=QTY for each SKU that arrived)")
    by_sku = {ln.sku: ln for ln in lines}
    for sku in list(received) + list(rejected):
        if sku not in by_sku:
            raise GendanError(f"SKU {sku} is not on PO {po} (its SKUs: {', '.join(by_sku)})")
    out = []
    for sku, qty in received.items():
        ln, bad = by_sku[sku], rejected.get(sku, 0)
        if bad > qty:
            raise GendanError(f"{sku}: rejected {bad} is more than the {qty} received (--rejected is part of --item)")
        if not allow_over and qty - bad > ln.open_qty:
            raise Conflict(f"{sku}: accepting {qty - bad} would exceed the {ln.open_qty} still open on PO {po} "
                           f"line {ln.line} (check the quantity, or use --allow-over)")
        out.append((ln, qty, bad))
    for sku in rejected:
        if sku not in received:
            raise UsageError(f"{sku}: --rejected needs a matching --item {sku}=QTY (rejected goods were received)")
    return out


def check_promise(po: PurchaseOrder, promised: date) -> None:
    """A promised date cannot be before the PO was placed."""
    if po.cancelled:
        raise GendanError(f"PO {po.po} is cancelled (it takes no promises)")
    if promised < po.ordered:
        raise GendanError(f"promised date {promised} is before PO {po.po} was placed on {po.ordered} (check --promised)")


def check_confirm(po: PurchaseOrder, on: date, promised: date | None) -> None:
    """Confirming twice without a new promise is a mistake; so is confirming before placing."""
    if po.cancelled:
        raise GendanError(f"PO {po.po} is cancelled (it cannot be confirmed)")
    if on < po.ordered:
        raise GendanError(f"confirmation date {on} is before PO {po.po} was placed on {po.ordered} (check --date)")
    if po.confirmed is not None and promised is None:
        raise GendanError(f"PO {po.po} was already confirmed on {po.confirmed} "
                          f"(to record a new promised date use --promised DATE)")


def check_chase(po: PurchaseOrder, on: date, via: str) -> None:
    from gendan.core.models import CHASE_VIA
    if via not in CHASE_VIA:
        raise UsageError(f"bad --via {via!r} (use one of {', '.join(CHASE_VIA)})")
    if po.cancelled:
        raise GendanError(f"PO {po.po} is cancelled (there is nothing to chase)")
    if on < po.ordered:
        raise GendanError(f"chase date {on} is before PO {po.po} was placed on {po.ordered} (check --date)")


def change_po(po: PurchaseOrder, accepted: dict[int, int], due: date | None,
              items: list[tuple[str, int, Decimal | None]], line_dues: dict[int, date] | None = None) -> PurchaseOrder:
    """`po change`, by the rules of `order change`: a line is raised or lowered (never below
    what was accepted), a new SKU is a new line (it needs a price), a price given applies to
    what is still to come, `due` moves the PO and every line still open, `line_dues` one line.
    `accepted` is line → accepted quantity so far."""
    from dataclasses import replace

    from gendan.core.models import PoLine
    from gendan.core.orders import merge_items
    if po.cancelled:
        raise GendanError(f"PO {po.po} is cancelled (it cannot be changed)")
    line_dues = line_dues or {}
    if due is None and not items and not line_dues:
        raise UsageError("nothing to change (give --due, --item SKU=QTY[@PRICE] and/or --line N --due DATE)")
    merge_items([(s, q) for s, q, _ in items])
    numbers = {ln.line for ln in po.lines}
    for n in line_dues:
        if n not in numbers:
            raise GendanError(f"PO {po.po} has no line {n} (its lines: {', '.join(map(str, sorted(numbers)))})")
    lines = {ln.sku: ln for ln in po.lines}
    if due is not None:
        lines = {k: replace(ln, due=due) if accepted.get(ln.line, 0) < ln.qty else ln for k, ln in lines.items()}
    lines = {k: replace(ln, due=line_dues[ln.line]) if ln.line in line_dues else ln for k, ln in lines.items()}
    for sku, qty, price in items:
        if sku in lines:
            done = accepted.get(lines[sku].line, 0)
            if qty < done:
                raise GendanError(f"{sku}: {done} already accepted on PO {po.po} (the quantity cannot go below that)")
            lines[sku] = replace(lines[sku], qty=qty, price=lines[sku].price if price is None else price)
        else:
            if price is None:
                raise UsageError(f"{sku} is a new line on PO {po.po}: give its price (--item {sku}={qty}@PRICE)")
            lines[sku] = PoLine(max(numbers, default=0) + 1, sku, qty, price, due or po.due)
            numbers.add(lines[sku].line)
    new_lines = tuple(sorted(lines.values(), key=lambda ln: ln.line))
    new_due = due if due is not None else min(ln.due for ln in new_lines)
    for d in {new_due, *(ln.due for ln in new_lines)}:
        if d < po.ordered:
            raise GendanError(f"due date {d} is before PO {po.po} was placed on {po.ordered} (check --due)")
    return replace(po, due=new_due, lines=new_lines)


def po_status(cancelled: bool, open_lines: int, received: int) -> str:
    """open (nothing received) → partial → received (every line accepted in full), or cancelled."""
    if cancelled:
        return "cancelled"
    if not open_lines:
        return "received"
    return "partial" if received else "open"


def to_dict(po: PurchaseOrder) -> dict:
    """The PO as audit-log JSON."""
    return {"po": po.po, "supplier": po.supplier, "ordered": po.ordered.isoformat(), "due": po.due.isoformat(),
            "currency": po.currency, "for_order": po.for_order, "cancelled": po.cancelled,
            "lines": [{"line": ln.line, "sku": ln.sku, "qty": ln.qty, "price": str(ln.price),
                       "due": ln.due.isoformat()} for ln in po.lines]}


# -- the chase list (跟催) ---------------------------------------------------------------

REASONS = ("overdue", "promise-after-order-due", "unconfirmed", "due-soon")
REJECT_REMARK = "reject: replacement due"


class OpenLine(NamedTuple):
    """The facts about one PO line that the chase rules read (gathered by the store)."""
    po: str
    line: int
    sku: str
    supplier: str
    qty: int
    due: date
    ordered: date                      # the PO's date: when the supplier got it
    received: int = 0
    rejected: int = 0
    for_order: str | None = None
    order_due: date | None = None
    confirmed: date | None = None
    promised: date | None = None       # the current (latest) promise
    last_chased: date | None = None
    chases: int = 0
    cancelled: bool = False

    @property
    def accepted(self) -> int:
        return self.received - self.rejected

    @property
    def qty_open(self) -> int:
        return 0 if self.cancelled else max(self.qty - self.accepted, 0)

    @property
    def expected(self) -> date:
        """When the goods are expected: the current promise, else the requested date."""
        return self.promised or self.due


def expected_on(expected: date, today: date) -> date:
    """When open goods can arrive at the earliest: their expected date, or today once it has
    passed (what has not come yet does not come yesterday)."""
    return max(expected, today)


def days_late(expected: date, today: date) -> int:
    """today − expected date; negative means days left."""
    return (today - expected).days


def line_at_risk(expected: date, order_due: date | None, buffer_days: int, today: date | None = None) -> bool:
    """Expected later than the customer order's due date minus the inspection-and-shipping
    buffer; with `today`, an open line is expected today at the earliest (expected_on)."""
    if today is not None:
        expected = expected_on(expected, today)
    return order_due is not None and expected > order_due - timedelta(days=buffer_days)


def chase_reason(ln: OpenLine, today: date, window: int = 3, buffer_days: int = 7,
                 unconfirmed_days: int = 2) -> str | None:
    """The first reason that applies, in the contract's order, or None (not listed)."""
    if ln.qty_open <= 0:
        return None
    expected = ln.expected
    return _reason(ln, today, days_late(expected, today), line_at_risk(expected, ln.order_due, buffer_days, today),
                   window, unconfirmed_days)


def _reason(ln: OpenLine, today: date, late: int, risk: bool, window: int, unconfirmed_days: int) -> str | None:
    """`chase_reason` given the line's days late and risk, which the list computes once."""
    if late > 0:
        return "overdue"
    if risk:
        return "promise-after-order-due"
    if ln.confirmed is None and (today - ln.ordered).days > unconfirmed_days:
        return "unconfirmed"
    if -window <= late <= 0:
        return "due-soon"
    return None


def remark(ln: OpenLine) -> str:
    """Notes beyond the contract's fields: rejected goods that keep a line open."""
    if ln.rejected and ln.received >= ln.qty:
        return f"{REJECT_REMARK} ({ln.rejected} rejected)"
    if ln.rejected:
        return f"{ln.rejected} rejected"
    return ""


def expected_by_order(lines: list[OpenLine]) -> dict[str, list[tuple[str, int, date]]]:
    """Customer order → (po, line, expected date) of its open PO lines, expected being the
    current promise, else the due date: what puts an order at risk."""
    out: dict[str, list[tuple[str, int, date]]] = {}
    for ln in lines:
        if ln.for_order and not ln.cancelled:
            out.setdefault(ln.for_order, []).append((ln.po, ln.line, ln.promised or ln.due))
    return out


def chase_list(lines, today: date, window: int = 3, buffer_days: int = 7, unconfirmed_days: int = 2) -> list[dict]:
    """The chase list: one row per open line that has a reason, most urgent first.

    Overdue lines come first (most days late first), then by expected date; a line whose PO
    was chased today sinks to the bottom, keeping that order among the chased.
    """
    rows = []
    buffer = timedelta(days=buffer_days)
    for ln in lines:
        qty_open = ln.qty_open
        if qty_open <= 0:
            continue
        expected = ln.promised or ln.due
        late = (today - expected).days
        risk = ln.order_due is not None and max(expected, today) > ln.order_due - buffer
        reason = _reason(ln, today, late, risk, window, unconfirmed_days)
        if reason is None:
            continue
        rows.append({"po": ln.po, "line": ln.line, "sku": ln.sku, "supplier": ln.supplier,
                     "for_order": ln.for_order, "qty_open": qty_open, "due": ln.due, "promised": ln.promised,
                     "days_late": late, "last_chased": ln.last_chased, "chases": ln.chases,
                     "order_due": ln.order_due, "at_risk": risk, "reason": reason,
                     "remark": remark(ln) if ln.rejected else ""})
    rows.sort(key=lambda r: (r["last_chased"] == today, r["reason"] != "overdue", -r["days_late"],
                             r["po"], r["line"]))
    return rows


def group_by_supplier(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    """Rows grouped per supplier (one call covers them all), suppliers in order of their most
    urgent row, rows keeping the list's order inside each group."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["supplier"], []).append(r)
    return list(groups.items())


def any_overdue(rows: list[dict]) -> bool:
    return any(r["reason"] == "overdue" for r in rows)


def chase_message(supplier: str, contact: str, rows: list[dict], lang: str = "zh", more: list[str] = ()) -> str:
    """A short ready-to-send text (WeChat / e-mail) asking one supplier about its open lines;
    `more` adds lines before the closing request (its late samples: core.samples.chase_lines).
    A line listed as `unconfirmed` also asks for the countersigned PO (回传确认): a date
    alone is not a confirmed order."""
    unsigned = sorted({r["po"] for r in rows if r.get("reason") == "unconfirmed"})
    if lang == "en":
        head = [f"Dear {contact or supplier},", ""] + (["Please confirm delivery of these open PO lines:"] if rows else [])
        body = [f"- {r['po']} line {r['line']} {r['sku']}: {r['qty_open']} pcs open, due {r['due']}"
                + (f", promised {r['promised']}" if r["promised"] else "") + _late_en(r["days_late"])
                + ("; PO not countersigned yet" if r.get("reason") == "unconfirmed" else "")
                + _for_en(r) + (f"; {r['remark']}" if r["remark"] else "") for r in rows]
        tail = ([""] + ([f"Please sign and return {', '.join(unsigned)} to confirm the order."] if unsigned else [])
                + ["Please reply with a firm delivery date for each line. Thank you."])
    else:
        head = [f"{contact or supplier}您好："] + (["以下采购单尚未交齐，请确认交期："] if rows else [])
        body = [f"- {r['po']} 第{r['line']}行 {r['sku']}：未交 {r['qty_open']} 件，要求交期 {r['due']}"
                + (f"，承诺交期 {r['promised']}" if r["promised"] else "") + _late_zh(r["days_late"])
                + ("，采购单尚未回传确认" if r.get("reason") == "unconfirmed" else "")
                + ("，不良品待补货" if r["remark"].startswith(REJECT_REMARK) else "") + _for_zh(r) for r in rows]
        tail = ([f"请将采购单 {'、'.join(unsigned)} 签字盖章回传确认。"] if unsigned else []) + ["请逐项回复确切交货日期，谢谢！"]
    return "\n".join(head + body + list(more) + tail)


def _for_en(r: dict) -> str:
    """`; for order SO-1001, needed by 2026-12-01`: what the goods are for, and when (need_by)."""
    if not r.get("for_order"):
        return ""
    return f"; for {r['for_order']}" + (f", needed by {r['need_by']}" if r.get("need_by") else "")


def _for_zh(r: dict) -> str:
    if not r.get("for_order"):
        return ""
    return f"（用于 {r['for_order']}" + (f"，{r['need_by']} 前须到料）" if r.get("need_by") else "）")


def _late_en(days: int) -> str:
    if days > 0:
        return f" ({days} day{'s' if days != 1 else ''} late)"
    return " (due today)" if days == 0 else ""


def _late_zh(days: int) -> str:
    if days > 0:
        return f"，已逾期 {days} 天"
    return "，今天到期" if days == 0 else ""


# -- supplier score --------------------------------------------------------------------

class ReceiptFact(NamedTuple):
    """One receipt with the dates of the line it was received on."""
    supplier: str
    po: str
    line: int
    sku: str
    date: date
    qty: int
    rejected: int
    due: date
    first_promised: date | None = None
    promised: date | None = None

    @property
    def accepted(self) -> int:
        return self.qty - self.rejected

    @property
    def days_late(self) -> int:
        """Days after the current promise (else the due date); early counts as 0."""
        return max((self.date - (self.promised or self.due)).days, 0)

    @property
    def on_time(self) -> bool:
        return self.date <= (self.promised or self.due)

    @property
    def on_time_first_promise(self) -> bool:
        return self.date <= (self.first_promised or self.due)


class LotFact(NamedTuple):
    """One incoming inspection (来料检验) of a supplier's lot."""
    supplier: str
    po: str
    date: date
    result: str
    sku: str = ""
    waived: bool = False


class OverdueFact(NamedTuple):
    """An open PO line past its expected date on the day a score is taken: pieces that are
    late although nothing was received late."""
    supplier: str
    po: str
    line: int
    sku: str
    qty_open: int
    due: date
    first_promised: date | None = None
    promised: date | None = None

    def late_on(self, day: date, first: bool = False) -> bool:
        """Past the current promise (else due) on `day`; with `first`, past the first promise."""
        return ((self.first_promised if first else self.promised) or self.due) < day


def score(supplier: str, receipts: list[ReceiptFact], lots: list[LotFact],
          overdue: list[OverdueFact] = (), on: date | None = None) -> dict:
    """A supplier's delivery and quality record.

    Delivery rates and average days late are weighted by the accepted quantity (good goods
    that arrived; rejected goods are not a delivery and their replacement is judged when it
    comes); quality_rate is accepted ÷ received. A failed incoming lot counts as rejected even
    when waived: the concession is our decision, not the supplier's quality. Rates are None
    when there is nothing to weigh.

    What is still open past its date on `on` (`overdue`) is late too: `qty_open_overdue`
    counts it, and the on-time rates weigh it as late pieces, so a supplier with 400 pieces a
    week overdue and nothing received late does not score 1.0.
    """
    qty = sum(r.qty for r in receipts)
    bad = sum(r.rejected for r in receipts)
    good = qty - bad
    late_now = sum(o.qty_open for o in overdue if on is None or o.late_on(on))
    late_first = sum(o.qty_open for o in overdue if on is None or o.late_on(on, first=True))
    return {
        "supplier": supplier,
        "lines_received": len({(r.po, r.line) for r in receipts}),
        "on_time_rate": rate(sum(r.accepted for r in receipts if r.on_time), good + late_now),
        "on_time_rate_first_promise": rate(sum(r.accepted for r in receipts if r.on_time_first_promise),
                                            good + late_first),
        "avg_days_late": round(sum(r.accepted * r.days_late for r in receipts) / good, 1) if good else None,
        "qty_received": qty,
        "qty_rejected": bad,
        "quality_rate": rate(good, qty),
        "lots_inspected": len(lots),
        "lots_rejected": sum(1 for lot in lots if lot.result == "fail"),
        "qty_open_overdue": late_now,
    }


def rate(part: int, whole: int) -> float | None:
    """A fraction 0..1 to four places (a ratio of counts, not money: float is fine); None
    when there is nothing to weigh. Also the reports' rates (core/summaries.py)."""
    return round(part / whole, 4) if whole else None


def explain_rows(receipts: list[ReceiptFact], lots: list[LotFact], overdue: list[OverdueFact] = (),
                 on: date | None = None) -> list[dict]:
    """Every receipt, inspection and open overdue line behind a score, oldest first (an
    overdue line on its expected date, `qty` what is open, `days_late` as of `on`)."""
    rows = [{"supplier": r.supplier, "kind": "receipt", "po": r.po, "line": r.line, "sku": r.sku, "date": r.date,
             "qty": r.qty, "rejected": r.rejected, "due": r.due, "first_promised": r.first_promised,
             "promised": r.promised, "days_late": r.days_late, "on_time": r.on_time,
             "on_time_first_promise": r.on_time_first_promise, "result": ""} for r in receipts]
    rows += [{"supplier": lot.supplier, "kind": "inspection", "po": lot.po, "line": None, "sku": lot.sku,
              "date": lot.date, "qty": None, "rejected": None, "due": None, "first_promised": None,
              "promised": None, "days_late": None, "on_time": None, "on_time_first_promise": None,
              "result": lot.result + (" (waived)" if lot.waived else "")} for lot in lots]
    rows += [{"supplier": o.supplier, "kind": "open-overdue", "po": o.po, "line": o.line, "sku": o.sku,
              "date": o.promised or o.due, "qty": o.qty_open, "rejected": None, "due": o.due,
              "first_promised": o.first_promised, "promised": o.promised,
              "days_late": (on - (o.promised or o.due)).days if on else None, "on_time": False,
              "on_time_first_promise": not o.late_on(on, first=True) if on else False, "result": ""}
             for o in overdue]
    rows.sort(key=lambda r: (r["supplier"], r["date"], r["kind"] != "receipt", r["po"], r["line"] or 0))
    return rows
