"""Materials (物料跟进): bills of materials, what each order needs of each part, where each
part stands (the arrival schedule, 到料时间表; what is short, 欠料), and the POs that would
place what is missing. Pure: the store gathers the facts, `today` is a parameter.

Conventions (README "Materials" repeats them):
- A BOM lists, per product SKU, the quantity of each part per piece, one scrap allowance
  (a percent, 0 to under 100) and each part's usual supplier. It is one level deep: a part
  that is a product too is not exploded further. A part may be the product itself: a
  trading desk buys the chair finished from a factory, with the fittings and cartons beside it.
- An order's requirement of a part is ⌈Σ line qty × qty per × (1 + scrap %)⌉ over the order's
  lines whose SKU uses it: exact Decimal arithmetic, rounded up once per order and part.
- `on_po` is what the order's own linked POs hold of the part: accepted plus still open
  (a cancelled PO keeps what it delivered, nothing more). Other orders' POs never count.
- `expected`: when what is open arrives (the latest promise, else the due date, of the open
  lines; never before today); for what is not yet ordered, today + the usual supplier's lead
  days (today when unknown). Short-ordered parts take the later of the two.
- `need_by`: the production plan's start, else due − buffer − the usual production days.
"""
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal, localcontext
from typing import NamedTuple

from gendan.errors import GendanError, UsageError

UNORDERED = ("not-ordered", "short-ordered")   # the other statuses: late, open, ready
MAX_QTY_PER = Decimal(1_000_000)
QTY_PER_PLACES = 6
SCRAP_PLACES = 2
FIELDS = ["part", "required", "on_po", "accepted", "open", "expected", "status", "need_by", "supplier"]
SCHEDULE_FIELDS = ["order", "part", "supplier", "required", "on_po", "accepted", "open", "expected", "need_by",
                   "status", "customer"]


class BomPart(NamedTuple):
    """One part of a product: how many per piece, and whom it is usually bought from."""
    part: str
    qty_per: Decimal
    supplier: str | None = None


class Bom(NamedTuple):
    """A product's bill of materials; `scrap` is a percent added to every part."""
    sku: str
    parts: tuple[BomPart, ...]
    scrap: Decimal = Decimal(0)


# -- reading what is typed -----------------------------------------------------------------

def parse_qty_per(text: str, part: str = "") -> Decimal:
    """A positive quantity per piece, up to 6 decimal places (0.25 m of fabric, 4 legs)."""
    from gendan.core.money import parse_decimal
    what = f"quantity per piece of {part}" if part else "quantity per piece"
    value = parse_decimal(text, what)
    if value <= 0:   # a number, but not a quantity: refused (exit 1), not misspelt
        raise GendanError(f"bad {what} {text!r}: must be more than zero")
    if value > MAX_QTY_PER:
        raise GendanError(f"bad {what} {text!r}: more than {MAX_QTY_PER:,} a piece")
    if -value.as_tuple().exponent > QTY_PER_PLACES:
        raise UsageError(f"bad {what} {text!r}: at most {QTY_PER_PLACES} decimal places")
    return value.normalize() if value == value.to_integral_value() else value


def parse_scrap(text: str) -> Decimal:
    """A scrap allowance in percent: 0 up to (not including) 100, two decimal places."""
    from gendan.core.money import parse_decimal
    value = parse_decimal((text or "").strip().rstrip("%"), "--scrap")
    if not Decimal(0) <= value < Decimal(100):
        raise GendanError(f"bad --scrap {text!r}: a percent from 0 to under 100 (e.g. 3 for 3%)")
    if -value.as_tuple().exponent > SCRAP_PLACES:
        raise UsageError(f"bad --scrap {text!r}: at most {SCRAP_PLACES} decimal places")
    return value


def parse_part(text: str) -> tuple[str, Decimal]:
    """`PART=QTY_PER` → (part, qty per piece)."""
    part, sep, qty = (text or "").partition("=")
    if not sep or not part:
        raise UsageError(f"bad --part {text!r} (write PART=QTY_PER, e.g. HW-01=4)")
    return part_qty(part, qty)


def part_qty(part: str, qty: str) -> tuple[str, Decimal]:
    """A part code (no '=' in it: `A=5=2` is a typing slip, not part `A=5`) and its quantity per piece."""
    from gendan.core.orders import check_code
    part = check_code(part, "part")
    if "=" in part:
        raise UsageError(f"bad part {part!r}: a part code has no '=' (write PART=QTY_PER, e.g. HW-01=4)")
    return part, parse_qty_per(qty, part)


def parse_part_supplier(text: str) -> tuple[str, str]:
    """`PART=SUPPLIER` → (part, supplier code)."""
    from gendan.core.orders import check_code
    part, sep, code = (text or "").rpartition("=")
    if not sep or not part or not code.strip():
        raise UsageError(f"bad --supplier {text!r} (write PART=SUPPLIER, e.g. HW-01=MF)")
    return check_code(part, "part"), check_code(code, "supplier code")


def build_bom(sku: str, parts: list[tuple[str, Decimal]], scrap: Decimal = Decimal(0),
              suppliers: dict[str, str] | None = None) -> Bom:
    """A BOM from what `bom set` (or an import) gives: each part once, a supplier only for a
    part it lists."""
    from gendan.core.orders import check_code
    sku = check_code(sku, "SKU")
    if not parts:
        raise UsageError(f"a BOM needs at least one --part PART=QTY_PER (e.g. gendan bom set {sku} --part HW-01=4)")
    seen: set[str] = set()
    for part, _ in parts:
        if part in seen:
            raise UsageError(f"part {part} is given twice (give each part once)")
        seen.add(part)
    suppliers = suppliers or {}
    for part in suppliers:
        if part not in seen:
            raise UsageError(f"--supplier names {part}, which is not a --part of {sku} (its parts: {', '.join(seen)})")
    if not Decimal(0) <= scrap < Decimal(100):
        raise GendanError(f"bad scrap {scrap}%: a percent from 0 to under 100")
    return Bom(sku, tuple(BomPart(p, q, suppliers.get(p)) for p, q in parts), scrap)


def bom_rows(bom: Bom) -> list[dict]:
    """`bom show` / `export bom`: one row per part (the import file's shape)."""
    return [{"sku": bom.sku, "part": p.part, "qty_per": p.qty_per, "scrap": bom.scrap, "supplier": p.supplier or ""}
            for p in bom.parts]


def to_dict(bom: Bom | None) -> dict | None:
    """The BOM as audit-log JSON (before → after)."""
    if bom is None:
        return None
    return {"sku": bom.sku, "scrap": str(bom.scrap),
            "parts": [{"part": p.part, "qty_per": str(p.qty_per), "supplier": p.supplier} for p in bom.parts]}


# -- what an order needs --------------------------------------------------------------------

def requirement(qty: int, qty_per: Decimal, scrap: Decimal) -> int:
    """⌈qty × qty per × (1 + scrap %)⌉, exactly (never a float)."""
    return exact_to_pieces(Decimal(qty) * qty_per * (1 + scrap / 100))


def exact_to_pieces(value: Decimal) -> int:
    """Round an exact quantity up to whole pieces."""
    with localcontext() as ctx:
        ctx.prec = 60
        return int(value.to_integral_value(rounding=ROUND_CEILING))


def requirements(lines: list[tuple[str, int]], boms: dict[str, Bom]) -> tuple[dict[str, int], list[str]]:
    """(part → pieces needed, SKUs without a BOM) for an order's lines (sku, qty). A part used
    by several of the order's SKUs is summed exactly and rounded up once."""
    exact: dict[str, Decimal] = {}
    missing: list[str] = []
    with localcontext() as ctx:
        ctx.prec = 60
        for sku, qty in lines:
            bom = boms.get(sku)
            if bom is None:
                if sku not in missing:
                    missing.append(sku)
                continue
            factor = 1 + bom.scrap / 100
            for p in bom.parts:
                exact[p.part] = exact.get(p.part, Decimal(0)) + Decimal(qty) * p.qty_per * factor
    return {part: exact_to_pieces(v) for part, v in exact.items()}, missing


def usual_suppliers(lines: list[tuple[str, int]], boms: dict[str, Bom]) -> dict[str, str]:
    """part → its usual supplier, from the first of the order's BOMs that names one."""
    out: dict[str, str] = {}
    for sku, _ in lines:
        for p in boms[sku].parts if sku in boms else ():
            if p.supplier and p.part not in out:
                out[p.part] = p.supplier
    return out


def need_by(due: date, buffer_days: int, plan_start: date | None, production_days: int) -> date:
    """When the materials must be in: the plan's start, else due − buffer − production days."""
    if plan_start is not None:
        return plan_start
    return due - timedelta(days=buffer_days + production_days)


class PoFact(NamedTuple):
    """One PO line linked to an order, as material readiness reads it."""
    po: str
    line: int
    part: str
    supplier: str
    qty: int
    accepted: int
    date: date                 # the latest promise, else the due date
    cancelled: bool = False

    @property
    def open_qty(self) -> int:
        return 0 if self.cancelled else max(self.qty - self.accepted, 0)


class Need(NamedTuple):
    """Where one part of one order stands."""
    order: str
    part: str
    required: int
    on_po: int
    accepted: int
    open: int
    expected: date | None
    status: str
    need_by: date
    supplier: str
    customer: str = ""

    @property
    def short(self) -> int:
        """Pieces not yet on any PO for the order."""
        return max(self.required - self.on_po, 0)

    @property
    def at_risk(self) -> bool:
        """Not (fully) ordered, and even ordered today it would come after it is needed."""
        return self.status in UNORDERED and self.expected is not None and self.expected > self.need_by

    def row(self) -> dict:
        return {"order": self.order, "part": self.part, "required": self.required, "on_po": self.on_po,
                "accepted": self.accepted, "open": self.open, "expected": self.expected, "status": self.status,
                "need_by": self.need_by, "supplier": self.supplier, "customer": self.customer}

    def cause(self) -> str:
        """What puts the order at risk, as the morning report says it."""
        what = "not ordered" if self.status == "not-ordered" else f"{self.short} not ordered"
        return f"{self.part} {what}, needed by {self.need_by.isoformat()}"


def part_need(order: str, part: str, required: int, facts: list[PoFact], needed: date, today: date,
              supplier: str | None, lead_days: int | None, customer: str = "") -> Need:
    """One part's standing: what is on the order's POs, when the rest comes, its status."""
    accepted = sum(f.accepted for f in facts)
    open_qty = sum(f.open_qty for f in facts)
    on_po = accepted + open_qty
    open_dates = [f.date for f in facts if f.open_qty > 0]
    expected = max(max(d, today) for d in open_dates) if open_dates else None
    if accepted >= required:
        status, expected = "ready", None
    elif on_po < required:
        status = "not-ordered" if on_po == 0 else "short-ordered"
        unordered = today + timedelta(days=lead_days or 0)
        expected = max(expected, unordered) if expected else unordered
    elif expected > needed or any(d < today for d in open_dates):
        status = "late"
    else:
        status = "open"
    who = supplier or next((f.supplier for f in facts), "")
    return Need(order, part, required, on_po, accepted, open_qty, expected, status, needed, who, customer)


def order_needs(order: str, lines: list[tuple[str, int]], boms: dict[str, Bom], facts: list[PoFact],
                needed: date, today: date, lead_days: dict[str, int], customer: str = "") -> list[Need]:
    """Every part an order needs (in the order its BOMs list them), with its standing.
    `lead_days`: supplier → lead days."""
    required, _ = requirements(lines, boms)
    usual = usual_suppliers(lines, boms)
    by_part: dict[str, list[PoFact]] = {}
    for f in facts:
        by_part.setdefault(f.part, []).append(f)
    return [part_need(order, part, qty, by_part.get(part, []), needed, today, usual.get(part),
                      lead_days.get(usual.get(part, ""), None), customer)
            for part, qty in required.items()]


def schedule(needs: list[Need], today: date, within: int | None = None, supplier: str | None = None) -> list[Need]:
    """The arrival schedule (到料时间表): not-ordered and late parts first, then by need_by."""
    limit = today + timedelta(days=within) if within is not None else None
    out = [n for n in needs if (limit is None or n.need_by <= limit) and (supplier is None or n.supplier == supplier)]
    return sorted(out, key=lambda n: (n.status not in ("not-ordered", "late"), n.need_by, n.order, n.part))


def unordered_soon(needs: list[Need], today: date, window: int) -> list[Need]:
    """`today`'s materials_unordered: parts not (fully) ordered for orders in production or
    starting within the window (needed by today + window)."""
    limit = today + timedelta(days=window)
    return sorted((n for n in needs if n.status in UNORDERED and n.need_by <= limit),
                  key=lambda n: (n.need_by, n.order, n.part))


UNORDERED_FIELDS = ("order", "part", "supplier", "required", "on_po", "short", "need_by", "days_left", "status")


def unordered_rows(needs: list[Need], today: date) -> list[dict]:
    """`today`'s materials_unordered rows: what is still to order, and how long until needed."""
    return [{"order": n.order, "part": n.part, "supplier": n.supplier, "required": n.required, "on_po": n.on_po,
             "short": n.short, "need_by": n.need_by, "days_left": (n.need_by - today).days, "status": n.status}
            for n in needs]


def worst(needs: list[Need]) -> Need | None:
    """The part that puts an order at risk: needed soonest, then the latest expected."""
    risky = [n for n in needs if n.at_risk]
    return min(risky, key=lambda n: (n.need_by, -(n.expected - n.need_by).days, n.part)) if risky else None


# -- ordering what is missing ---------------------------------------------------------------

def to_order(needs: list[Need], usual: dict[str, str], fallback: str | None,
             owners: dict[str, str] | None = None) -> dict[str, list[Need]]:
    """supplier → the parts to order from it (not-ordered and short-ordered), in the needs'
    order; a part without a usual supplier goes to `fallback`, and is refused without one
    (the hint names the product whose BOM lists it: `owners`, part → SKU)."""
    short = [n for n in needs if n.status in UNORDERED and n.short > 0]
    if not short:
        raise GendanError("nothing to order: every part the BOMs list is on a PO for this order "
                          "(see gendan order materials)")
    orphans = [n.part for n in short if not usual.get(n.part) and not fallback]
    if orphans:
        sku = (owners or {}).get(orphans[0], "SKU")
        raise GendanError(f"no usual supplier for {', '.join(orphans)} (give it one: gendan bom set {sku} … "
                          f"--supplier {orphans[0]}=CODE, or order it with --supplier CODE)")
    out: dict[str, list[Need]] = {}
    for n in short:
        out.setdefault(usual.get(n.part) or fallback, []).append(n)
    return out


def po_number(pattern: str, order: str, supplier: str, taken) -> str:
    """The pattern's number (`{order}`, `{supplier}`); a number already used gets -2, -3 …"""
    base = pattern.replace("{order}", order).replace("{supplier}", supplier)
    no, n = base, 1
    while no in taken:
        n += 1
        no = f"{base}-{n}"
    return no


def check_pattern(text: str) -> str:
    """A PO number pattern: names {supplier} (one PO per supplier), nothing else in braces."""
    import re
    value = (text or "").strip()
    rest = value.replace("{order}", "").replace("{supplier}", "")
    if "{supplier}" not in value or re.search(r"[{}\s,;'\"]", rest):
        raise UsageError(f"bad PO number pattern {text!r}: use {{supplier}} and optionally {{order}} with "
                         f"letters, digits and dashes, e.g. PO-{{supplier}}-{{order}}")
    return value
