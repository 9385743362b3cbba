"""Value types of the domain: frozen dataclasses for the records the rules take whole
(parties, orders, POs, inspections, production plans and reports). Receipts, chases,
shipments, payments and audit events stay rows: each is read by the one area that uses it,
and a class per row type cost every command ~1 ms of start-up to create.

Derived numbers (open quantity, days late, balances, scores) are not stored here: core
functions compute them from these facts whenever asked (an order's value is kept on the
instance once computed).
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from gendan.core.money import line_amount

STAGES = ("incoming", "pps", "first-article", "inline", "final")
CHASE_VIA = ("phone", "email", "wechat", "fax", "visit")
DELAY_CAUSES = {
    "plan": "planning error (计划失误)",
    "machine": "machine breakdown (设备故障)",
    "material": "material late (物料延误)",
    "quality": "defect or scrap rate (品质问题)",
    "urgent": "urgent order inserted (插单)",
    "upstream": "earlier process late (前工序延误)",
    "staff": "absence, turnover, morale (人员问题)",
}


@dataclass(frozen=True)
class Customer:
    """A buyer, with the payment terms new orders take by default."""
    code: str
    name: str
    currency: str = "USD"
    deposit_pct: Decimal = Decimal(0)      # % of the order value due before production
    balance_before_ship: bool = True        # balance due before shipment, else credit_days after
    credit_days: int = 0
    contact: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Supplier:
    """A factory or material supplier we place POs with."""
    code: str
    name: str
    currency: str = "CNY"
    credit_days: int = 0
    lead_days: int = 0
    contact: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class OrderLine:
    """One SKU of a customer order: quantity at a unit price. `shipped_at` holds (price,
    pieces) of what has shipped at each price (loaded with the order), so that a price
    changed after part of the line shipped applies to the rest only."""
    line: int
    sku: str
    qty: int
    price: Decimal
    description: str = ""
    shipped_at: tuple[tuple[Decimal, int], ...] = ()

    def amount(self, currency: str) -> Decimal:
        """The line's value: pieces shipped at another price keep it; the rest, up to the
        line's quantity, are at the current price (900 × 18.75 with 600 shipped, then
        repriced to 19.00: 600 × 18.75 + 300 × 19.00). Without a price change this is
        qty × price rounded once, as it always was."""
        other = [(p, q) for p, q in self.shipped_at if p != self.price]
        if not other:
            return line_amount(self.qty, self.price, currency)
        done = sum(q for _, q in other)
        return (sum((line_amount(q, p, currency) for p, q in other), Decimal(0))
                + line_amount(max(self.qty - done, 0), self.price, currency))


@dataclass(frozen=True)
class Order:
    """A customer order (销售订单). Terms default from the customer at entry."""
    order: str
    customer: str
    ordered: date
    due: date
    currency: str
    deposit_pct: Decimal
    balance_before_ship: bool
    credit_days: int
    lines: tuple[OrderLine, ...] = ()
    note: str = ""
    cancelled: bool = False

    @property
    def qty(self) -> int:
        return sum(ln.qty for ln in self.lines)

    @cached_property
    def value(self) -> Decimal:
        """The order's value: the sum of its rounded line amounts (OrderLine.amount: goods
        shipped keep the price they shipped at). Kept once computed (the
        instance is frozen): the morning report needs it for the order row, the deposit and
        the balance of every open order."""
        return sum((ln.amount(self.currency) for ln in self.lines), Decimal(0))


@dataclass(frozen=True)
class PoLine:
    """A PO line with its requested date and the promise history folded in."""
    line: int
    sku: str
    qty: int
    price: Decimal
    due: date
    description: str = ""
    first_promised: date | None = None
    promised: date | None = None


@dataclass(frozen=True)
class PurchaseOrder:
    """A purchase order (采购单), optionally placed for a customer order."""
    po: str
    supplier: str
    ordered: date
    due: date
    currency: str
    lines: tuple[PoLine, ...] = ()
    for_order: str | None = None
    confirmed: date | None = None
    cancelled: bool = False


@dataclass(frozen=True)
class Inspection:
    """An inspection record (验货) on an order or a PO, with the plan it was judged by."""
    ref: str
    ref_kind: str                 # order | po
    stage: str
    date: date
    result: str                   # pass | fail
    sku: str = ""
    lot: int | None = None
    level: str = ""
    aql: str = ""
    minor_aql: str = ""
    severity: str = ""
    code_letter: str = ""
    sample_size: int | None = None
    ac: int | None = None
    re: int | None = None
    minor_ac: int | None = None
    minor_re: int | None = None
    minor_sample_size: int | None = None     # the minors' own plan may draw more (recorded from m004)
    critical: int = 0
    major: int = 0
    minor: int = 0
    waived: bool = False
    reason: str = ""
    inspector: str = ""
    note: str = ""
    packed_pct: Decimal | None = None
    id: int | None = None
    void: bool = False            # voided (m006): listed, marked, never counted

    @property
    def ok(self) -> bool:
        """Passed, or accepted by concession (让步接受)."""
        return self.result == "pass" or self.waived


@dataclass(frozen=True)
class ProductionPlan:
    """How an order will be produced: linear over working days from start to finish."""
    order: str
    start: date
    finish: date
    factory: str = ""
    workdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5)   # Monday=0; Sundays off by default
    holidays: tuple[date, ...] = ()
    daily: int | None = None
    # Public holidays and factory shutdowns (core.workdays) over the plan's horizon: read with
    # the plan, never stored with it, so a shutdown recorded later moves every plan through it.
    days_off: tuple[date, ...] = ()

    @cached_property
    def off(self) -> tuple[date, ...]:
        """Every day the plan does not work besides its weekly rest days: the days typed with
        --holiday, public holidays and shutdowns."""
        return tuple(sorted(set(self.holidays) | set(self.days_off)))


@dataclass(frozen=True)
class ProgressReport:
    """A daily production report (生产日报): cumulative totals as of `date`."""
    order: str
    date: date
    produced: int
    packed: int = 0
    cause: str = ""
    note: str = ""
