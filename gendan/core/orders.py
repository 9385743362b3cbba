"""Customer orders: item parsing, building and changing orders, status and days left."""
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

from gendan.core.models import Customer, Order, OrderLine
from gendan.core.money import parse_price
from gendan.core.text import HIDDEN, hidden_char
from gendan.errors import GendanError, UsageError

MAX_QTY = 1_000_000_000
_CODE = re.compile(f"^[^\\s,;'\"{HIDDEN}]{{1,64}}$")


def check_code(text: str, what: str) -> str:
    """Document numbers, SKUs and party codes: 1-64 characters, no spaces or quotes."""
    code = (text or "").strip()
    if not _CODE.match(code):
        if (bad := hidden_char(code)) is not None:
            raise UsageError(f"bad {what} {ascii(text)}: it holds the invisible character {bad} "
                             f"(type it again without it)")
        raise UsageError(f"bad {what} {text!r}: use 1-64 characters without spaces, commas or quotes")
    return code


def parse_qty(text: str, what: str = "quantity", allow_zero: bool = False) -> int:
    """A whole number of pieces: positive (or zero when allowed), no decimals."""
    s = (text or "").strip()
    if not re.fullmatch(r"[+-]?\d+", s):
        raise UsageError(f"bad {what} {text!r}: use a whole number of pieces like 500")
    n = int(s)
    if n < 0 or (n == 0 and not allow_zero):
        raise UsageError(f"bad {what} {text!r}: must be {'zero or more' if allow_zero else 'more than zero'}")
    if n > MAX_QTY:
        raise UsageError(f"bad {what} {text!r}: more than {MAX_QTY:,} pieces")
    return n


def parse_priced_item(text: str) -> tuple[str, int, Decimal]:
    """`SKU=QTY@PRICE` → (sku, qty, price)."""
    sku, sep, rest = (text or "").rpartition("=")
    qty, at, price = rest.partition("@")
    if not sep or not at or not sku:
        raise UsageError(f"bad --item {text!r} (write SKU=QTY@PRICE, e.g. CH-01=500@12.50)")
    return check_code(sku, "SKU"), parse_qty(qty), parse_price(price)


def parse_item_price_optional(text: str) -> tuple[str, int, Decimal | None]:
    """`SKU=QTY[@PRICE]` → (sku, qty, price or None): a change keeps the price not typed."""
    sku, sep, rest = (text or "").rpartition("=")
    qty, at, price = rest.partition("@")
    if not sep or not sku or (at and not price):
        raise UsageError(f"bad --item {text!r} (write SKU=QTY or SKU=QTY@PRICE, e.g. CH-01=500)")
    return check_code(sku, "SKU"), parse_qty(qty), parse_price(price) if at else None


def parse_item(text: str, allow_zero: bool = False) -> tuple[str, int]:
    """`SKU=QTY` → (sku, qty), for receipts and shipments."""
    sku, sep, qty = (text or "").rpartition("=")
    if not sep or not sku:
        raise UsageError(f"bad --item {text!r} (write SKU=QTY, e.g. CH-01=200)")
    return check_code(sku, "SKU"), parse_qty(qty, allow_zero=allow_zero)


def merge_items(items: list[tuple[str, int]], option: str = "--item") -> dict[str, int]:
    """SKU → qty; a SKU given twice is refused rather than guessed at."""
    out: dict[str, int] = {}
    for sku, qty in items:
        if sku in out:
            raise UsageError(f"SKU {sku} is given twice in {option} (give each SKU once)")
        out[sku] = qty
    return out


def build_lines(items: list[tuple[str, int, Decimal]], descriptions: dict | None = None) -> tuple[OrderLine, ...]:
    """Number the lines 1..n in the order given; each SKU once per order."""
    merge_items([(s, q) for s, q, _ in items])
    if not items:
        raise UsageError("an order needs at least one --item SKU=QTY@PRICE")
    descriptions = descriptions or {}
    return tuple(OrderLine(i, sku, qty, price, descriptions.get(sku, ""))
                 for i, (sku, qty, price) in enumerate(items, 1))


def new_order(no: str, customer: Customer, ordered: date, due: date, items, currency: str | None = None,
              deposit_pct: Decimal | None = None, note: str = "", descriptions: dict | None = None) -> Order:
    """An order with terms taken from the customer unless given."""
    if due < ordered:
        raise GendanError(f"due date {due} is before the order date {ordered} (check --due and --ordered)")
    return Order(order=check_code(no, "order number"), customer=customer.code, ordered=ordered, due=due,
                 currency=currency or customer.currency,
                 deposit_pct=customer.deposit_pct if deposit_pct is None else check_pct(deposit_pct),
                 balance_before_ship=customer.balance_before_ship, credit_days=customer.credit_days,
                 lines=build_lines(items, descriptions), note=note)


def check_pct(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= Decimal(100):
        raise UsageError(f"bad deposit {value}%: use a percentage from 0 to 100")
    return value


def change_order(order: Order, shipped: dict[int, int], due: date | None,
                 items: list[tuple[str, int, Decimal | None]]) -> Order:
    """Apply a due-date and/or line change; a line may not drop below what has shipped; a
    price not given (None) stays as it was."""
    if order.cancelled:
        raise GendanError(f"order {order.order} is cancelled (it cannot be changed)")
    if due is None and not items:
        raise UsageError("nothing to change (give --due and/or --item SKU=QTY@PRICE)")
    merge_items([(s, q) for s, q, _ in items])
    lines = {ln.sku: ln for ln in order.lines}
    for sku, qty, price in items:
        if sku in lines:
            done = shipped.get(lines[sku].line, 0)
            if qty < done:
                raise GendanError(f"{sku}: {done} already shipped on order {order.order} (the quantity cannot go below that)")
            lines[sku] = replace(lines[sku], qty=qty, price=lines[sku].price if price is None else price)
        elif price is None:
            raise UsageError(f"{sku} is a new line on order {order.order}: give its price (--item {sku}={qty}@PRICE)")
        else:
            lines[sku] = OrderLine(len(lines) + 1, sku, qty, price)
    new_due = due or order.due
    if new_due < order.ordered:
        raise GendanError(f"due date {new_due} is before the order date {order.ordered} (check --due)")
    return replace(order, due=new_due, lines=tuple(sorted(lines.values(), key=lambda ln: ln.line)))


def status(order: Order, shipped: dict[int, int]) -> str:
    """open → partial → shipped (or cancelled), from what has shipped per line."""
    if order.cancelled:
        return "cancelled"
    done = sum(min(shipped.get(ln.line, 0), ln.qty) for ln in order.lines)
    if done == 0:
        return "open"
    return "shipped" if all(shipped.get(ln.line, 0) >= ln.qty for ln in order.lines) else "partial"


def days_left(due: date, today: date) -> int:
    """Days until due; negative when late."""
    return (due - today).days


def is_closed(state: str) -> bool:
    """A shipped or cancelled order: nothing is left to be late or at risk."""
    return state in ("shipped", "cancelled")


def to_dict(order: Order) -> dict:
    """The order as audit-log JSON (before → after)."""
    return {"order": order.order, "customer": order.customer, "ordered": order.ordered.isoformat(),
            "due": order.due.isoformat(), "currency": order.currency, "deposit_pct": str(order.deposit_pct),
            "cancelled": order.cancelled, "note": order.note,
            "lines": [{"line": ln.line, "sku": ln.sku, "qty": ln.qty, "price": str(ln.price)} for ln in order.lines]}


def at_risk(due: date, expected: list[date], buffer_days: int, forecast_finish: date | None = None, *,
            today: date) -> bool:
    """An order is at risk when a linked open PO line (or unfinished production) is expected
    after its due date minus the inspection-and-shipping buffer. Nothing open arrives before
    today: an overdue line is expected today at the earliest, so a line six days late still
    counts against an order due tomorrow (`expected` and the forecast are clamped to today;
    a forecast is None when production is finished)."""
    from datetime import timedelta
    limit = due - timedelta(days=buffer_days)
    dates = [*expected, *([forecast_finish] if forecast_finish is not None else [])]
    return any(max(d, today) > limit for d in dates)


def list_row(order: Order, shipped: dict[int, int], today: date, risky: bool) -> dict:
    """One row of `order list`, in the contract's fields. A shipped or cancelled order has no
    days left and is never at risk, whatever its lines' PO or production dates say."""
    state = status(order, shipped)
    closed = is_closed(state)
    return {"order": order.order, "customer": order.customer, "ordered": order.ordered, "due": order.due,
            "days_left": None if closed else days_left(order.due, today), "qty": order.qty,
            "qty_shipped": sum(min(shipped.get(ln.line, 0), ln.qty) for ln in order.lines),
            "amount": order.value, "currency": order.currency, "status": state,
            "at_risk": risky and not closed}
