"""The boss's summaries (月报/季报): sales and purchases over a period, and every price paid.

Pure functions over facts the store reads (order and PO lines placed, shipment lines,
receipts, payments); `today` and the period are parameters. Money is exact and per currency:
every row is one key and one currency, and no sum ever adds two currencies. Rates are
fractions 0..1 to four places, as `supplier score` gives them.
"""
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from gendan.core.money import ZERO, line_amount, round_money
from gendan.core.purchasing import rate
from gendan.errors import UsageError

SALES_BY = ("customer", "sku", "month")
PURCHASES_BY = ("supplier", "sku", "month")
SALES_FIELDS = ("currency", "orders", "ordered_value", "qty_shipped", "shipped_value", "received", "shipments",
                "on_time", "on_time_rate", "on_time_rate_current")
PURCHASE_FIELDS = ("currency", "po_lines", "ordered_value", "qty_received", "qty_rejected", "accepted_value",
                   "avg_price", "price_change_pct", "on_time_rate")
PRICE_FIELDS = ("sku", "supplier", "date", "po", "price", "currency", "change_pct")
AVG_PLACES = Decimal("0.0001")   # an average unit price: enough places to see a change of a fen on 100
PCT_PLACES = Decimal("0.1")


# -- the period ------------------------------------------------------------------------

class Period(NamedTuple):
    """The days a summary covers, both ends included; `kind` says how its previous period
    is found: the month or quarter before, or as many days just before a range."""
    first: date
    last: date
    kind: str = "range"   # month | quarter | range

    @property
    def label(self) -> str:
        if self.kind == "month":
            return self.first.strftime("%Y-%m")
        if self.kind == "quarter":
            return f"{self.first.year}Q{(self.first.month - 1) // 3 + 1}"
        return f"{self.first.isoformat()} to {self.last.isoformat()}"

    def previous(self) -> "Period":
        """The period of the same length just before: the month before a month, the quarter
        before a quarter, else the same number of days ending the day before `first`."""
        if self.kind in ("month", "quarter"):
            months = 1 if self.kind == "month" else 3
            y, m = divmod(self.first.year * 12 + self.first.month - 1 - months, 12)
            first = date(y, m + 1, 1)
            return Period(first, self.first - timedelta(days=1), self.kind)
        days = (self.last - self.first).days + 1
        return Period(self.first - timedelta(days=days), self.first - timedelta(days=1), "range")

    def until(self, today: date) -> date:
        """The last day that exists for a report as of `today`."""
        return min(self.last, today)

    def begun(self, today: date) -> "Period":
        """The period, refused when it has not begun by `today`: it has nothing to say yet."""
        if self.first > today:
            raise UsageError(f"{self.label} has not begun on {today}", "give a period up to today")
        return self


def month_period(first: date) -> Period:
    """The calendar month `first` falls in."""
    start = first.replace(day=1)
    nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return Period(start, nxt - timedelta(days=1), "month")


def choose_period(month: tuple[date, date] | None, quarter: tuple[date, date] | None,
                  first: date | None, last: date | None, today: date) -> Period:
    """The period the options name (already parsed): --month, --quarter, or --from/--to
    (either end may be left out: the 1st of --to's month, today); this month by default."""
    given = (month is not None) + (quarter is not None) + (first is not None or last is not None)
    if given > 1:
        raise UsageError("give one of --month, --quarter or --from/--to")
    if month is not None:
        return Period(*month, "month")
    if quarter is not None:
        return Period(*quarter, "quarter")
    if first is None and last is None:
        return month_period(today)
    last = last or today
    first = first or last.replace(day=1)
    if last < first:
        raise UsageError(f"--to {last} is before --from {first} (swap them)")
    return Period(first, last, "range")


def _month(d: date) -> str:
    return d.strftime("%Y-%m")


def check_by(by: str, choices: tuple[str, ...]) -> str:
    if by not in choices:
        raise UsageError(f"bad --by {by!r} (use one of {', '.join(choices)})")
    return by


# -- sales ---------------------------------------------------------------------------

class OrderLineFact(NamedTuple):
    """A line of a customer order placed in the period (cancelled orders are not sales)."""
    order: str
    customer: str
    currency: str
    ordered: date
    sku: str
    qty: int
    price: Decimal


class ShipLineFact(NamedTuple):
    """A shipped line (shipment not void), with its order's current and first agreed due date."""
    shipment: int
    date: date
    order: str
    customer: str
    currency: str
    sku: str
    qty: int
    price: Decimal
    due: date
    first_due: date


class PaymentFact(NamedTuple):
    """Money in from a customer or out to a supplier (not void)."""
    party: str
    currency: str
    date: date
    amount: Decimal


def sales_rows(by: str, lines: list[OrderLineFact], shipped: list[ShipLineFact],
               payments: list[PaymentFact]) -> list[dict]:
    """One row per `by` key and currency. Orders and their value count by the date placed,
    shipments by the date shipped, money by the date received. A shipment is on time when
    dated on or before the order's due date as first agreed (`on_time_rate_current`: the due
    date now); a shipment in several SKUs counts once for each. Money received is not per
    SKU: `received` is None by SKU."""
    key = {"customer": lambda f: f.customer, "sku": lambda f: f.sku,
           "month": lambda f: _month(f.ordered if isinstance(f, OrderLineFact) else f.date)}[by]
    groups: dict[tuple[str, str], dict] = {}

    def group(k: str, currency: str) -> dict:
        g = groups.get((k, currency))
        if g is None:
            g = groups[(k, currency)] = {"orders": set(), "ordered": ZERO, "qty": 0, "shipped": ZERO,
                                         "received": None if by == "sku" else ZERO, "shipments": {}}
        return g

    for f in lines:
        g = group(key(f), f.currency)
        g["orders"].add(f.order)
        g["ordered"] += line_amount(f.qty, f.price, f.currency)
    for f in shipped:
        g = group(key(f), f.currency)
        g["qty"] += f.qty
        g["shipped"] += line_amount(f.qty, f.price, f.currency)
        g["shipments"][f.shipment] = (f.date <= f.first_due, f.date <= f.due)
    if by != "sku":
        for p in payments:
            k = p.party if by == "customer" else _month(p.date)
            group(k, p.currency)["received"] += p.amount
    rows = []
    for (k, cur), g in sorted(groups.items()):
        n = len(g["shipments"])
        on_time = sum(1 for first, _ in g["shipments"].values() if first)
        rows.append({by: k, "currency": cur, "orders": len(g["orders"]),
                     "ordered_value": round_money(g["ordered"], cur), "qty_shipped": g["qty"],
                     "shipped_value": round_money(g["shipped"], cur),
                     "received": None if g["received"] is None else round_money(g["received"], cur),
                     "shipments": n, "on_time": on_time, "on_time_rate": rate(on_time, n),
                     "on_time_rate_current": rate(sum(1 for _, cur_ok in g["shipments"].values() if cur_ok), n)})
    return rows


def first_due_dates(changes) -> dict[str, date]:
    """order → its due date as first agreed, from its audit events oldest first: each
    (order, due before, due after) with None where the event does not carry one. The first
    event that names a due date tells it: the date before a change, or the date of a creation."""
    out: dict[str, date] = {}
    for order, before, after in changes:
        if order in out:
            continue
        first = before or after
        if first:
            out[order] = date.fromisoformat(first)
    return out


# -- purchases -----------------------------------------------------------------------

class PoLineFact(NamedTuple):
    """A line of a PO placed (not cancelled), dated by the PO."""
    po: str
    line: int
    supplier: str
    currency: str
    ordered: date
    sku: str
    qty: int
    price: Decimal


class ReceiptLineFact(NamedTuple):
    """A receipt (not void) at the price it came in at, with its line's due and current promise."""
    po: str
    line: int
    supplier: str
    currency: str
    date: date
    sku: str
    qty: int
    rejected: int
    price: Decimal
    due: date
    promised: date | None = None

    @property
    def on_time(self) -> bool:
        """As `supplier score`: on or before the current promise, else the due date."""
        return self.date <= (self.promised or self.due)


def purchase_rows(by: str, period: Period, lines: list[PoLineFact], receipts: list[ReceiptLineFact]) -> list[dict]:
    """One row per `by` key and currency over `period`. PO lines and their value count by the
    date the PO was placed; receipts by the date received. `avg_price` is the quantity-weighted
    price of the lines placed (by supplier or month, a mix of SKUs); `price_change_pct` is the
    change in price of the SKUs bought both in it and in the previous period of the same length
    (by month: the month before; see `like_for_like`), None without a price to compare. `on_time_rate` weighs accepted pieces, as `supplier score`.
    `lines` may reach back into the previous period: only those inside `period` are counted."""
    key = {"supplier": lambda f: f.supplier, "sku": lambda f: f.sku,
           "month": lambda f: _month(f.ordered if isinstance(f, PoLineFact) else f.date)}[by]
    prev = period.previous()
    inside = [f for f in lines if period.first <= f.ordered <= period.last]
    before = [f for f in lines if prev.first <= f.ordered <= prev.last]
    averages = _averages(inside, key)
    now_by_sku = _by_sku(inside, key)
    was_by_sku = _by_sku(before if by != "month" else inside + before, key)
    groups: dict[tuple[str, str], dict] = {}

    def group(k: str, currency: str) -> dict:
        return groups.setdefault((k, currency), {"lines": 0, "ordered": ZERO, "qty": 0, "rejected": 0,
                                                 "accepted": ZERO, "good": 0, "good_on_time": 0})

    for f in inside:
        g = group(key(f), f.currency)
        g["lines"] += 1
        g["ordered"] += line_amount(f.qty, f.price, f.currency)
    for r in receipts:
        if not period.first <= r.date <= period.last:
            continue
        g = group(key(r), r.currency)
        g["qty"] += r.qty
        g["rejected"] += r.rejected
        g["accepted"] += line_amount(r.qty - r.rejected, r.price, r.currency)
        g["good"] += r.qty - r.rejected
        g["good_on_time"] += (r.qty - r.rejected) if r.on_time else 0
    rows = []
    for (k, cur), g in sorted(groups.items()):
        avg = averages.get((k, cur)) if g["lines"] else None
        was = was_by_sku.get((_month_before(k) if by == "month" else k, cur), {})
        rows.append({by: k, "currency": cur, "po_lines": g["lines"], "ordered_value": round_money(g["ordered"], cur),
                     "qty_received": g["qty"], "qty_rejected": g["rejected"],
                     "accepted_value": round_money(g["accepted"], cur),
                     "avg_price": None if avg is None else avg.quantize(AVG_PLACES, ROUND_HALF_UP),
                     "price_change_pct": like_for_like(now_by_sku.get((k, cur), {}), was),
                     "on_time_rate": rate(g["good_on_time"], g["good"])})
    return rows


def _averages(lines: list[PoLineFact], key) -> dict[tuple[str, str], Decimal]:
    """(key, currency) → exact quantity-weighted average price of `lines`."""
    sums: dict[tuple[str, str], list] = {}
    for f in lines:
        s = sums.setdefault((key(f), f.currency), [ZERO, 0])
        s[0] += f.qty * f.price
        s[1] += f.qty
    return {k: value / qty for k, (value, qty) in sums.items() if qty}


def _by_sku(lines: list[PoLineFact], key) -> dict[tuple[str, str], dict[str, list]]:
    """(key, currency) → SKU → [value, qty] of `lines` (value exact, unrounded)."""
    out: dict[tuple[str, str], dict[str, list]] = {}
    for f in lines:
        s = out.setdefault((key(f), f.currency), {}).setdefault(f.sku, [ZERO, 0])
        s[0] += f.qty * f.price
        s[1] += f.qty
    return out


def like_for_like(now: dict[str, list], before: dict[str, list]) -> Decimal | None:
    """The change in price of the SKUs bought in both periods, weighed by what was bought now:
    what this period's quantities cost against what they would have cost at the earlier
    average prices. A supplier who sold chairs last month and bookcases this month has no
    price change (None), not the difference between a chair and a bookcase. For one SKU it
    is simply the change of its average price."""
    common = [sku for sku in now if sku in before and now[sku][1] and before[sku][1]]
    if not common:
        return None
    paid = sum((now[sku][0] for sku in common), ZERO)
    at_before = sum((now[sku][1] * before[sku][0] / before[sku][1] for sku in common), ZERO)
    return change_pct(paid, at_before)


def _month_before(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    return f"{y - (m == 1):04d}-{(m - 2) % 12 + 1:02d}"


def change_pct(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    """How much `now` differs from `before`, in percent to one place; None without both
    (or when `before` was free: no percentage of nothing)."""
    if now is None or before is None or before == 0:
        return None
    return ((now - before) * 100 / before).quantize(PCT_PLACES, ROUND_HALF_UP)


# -- supplier prices -------------------------------------------------------------------

def price_rows(lines, ordered: bool = False):
    """Every price paid, per SKU oldest first across suppliers, each with its change from
    the price before it in the same currency (a price in another currency is not compared).
    A generator: with `ordered` (the lines come by SKU, date, PO and line already, as the
    store reads them) a million prices stream through in the memory of one."""
    last: dict[tuple[str, str], Decimal] = {}
    for f in lines if ordered else sorted(lines, key=lambda f: (f.sku, f.ordered, f.po, f.line)):
        before = last.get((f.sku, f.currency))
        yield {"sku": f.sku, "supplier": f.supplier, "date": f.ordered, "po": f.po, "price": f.price,
               "currency": f.currency, "change_pct": change_pct(f.price, before)}
        last[(f.sku, f.currency)] = f.price
