"""Shipping (出货) against payment terms (订金/余款): the gates, container numbers, balances.

Gates are plain functions that return a `Gate` (ready, or blocked with one reason a line), so
`ship`, `ship --check` and the morning report all ask the same questions the same way:

- quantity: no SKU ships more than remains on its order line;
- final-inspection: every SKU shipped is covered by a passed or waived final inspection;
- deposit: payments received on the order reach deposit % × order value;
- balance (only when the terms say "balance before shipment"): value shipped including this
  shipment − payments received on the order ≤ 0.

Only payments recorded against the order count; a customer's unallocated payments are kept per
party for statements and never open a gate by themselves.

Shipped value is what the customer is invoiced: each shipment line is qty × order price
rounded half-up to the minor unit (the house rule for a line amount), summed exactly — the
same debits the customer statement shows. With a 6-place price, partial shipments may
therefore add up to a cent or so more or less than the order value; the balance follows the
invoices, not the order total. `Gate` and `OrderMoney` are NamedTuples (the morning report
builds one per open order; see core/report.py).
"""
import re
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from gendan.core.models import Inspection, Order
from gendan.core.money import ZERO, fmt, line_amount, quantum, round_money
from gendan.errors import GendanError, Reason, UsageError

GATES = ("quantity", "final-inspection", "deposit", "balance")

# --- ISO 6346 container numbers -------------------------------------------------------------



def _letter_values() -> dict[str, int]:
    """A=10, B=12 … Z=38: counting up from 10 and skipping 11, 22 and 33, since a multiple of
    11 vanishes mod 11 and that letter would then not count in the check digit."""
    values = [v for v in range(10, 39) if v % 11]
    return dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", values))


_LETTER_VALUE = _letter_values()
_CONTAINER = re.compile(r"^[A-Z]{3}[UJZ][0-9]{7}$")


def container_check_digit(prefix: str) -> int:
    """The ISO 6346 check digit of owner code + category + serial (10 characters).

    Σ value(c) × 2^position, mod 11; a remainder of 10 is written 0 (the standard advises
    owners not to issue such serials, but they exist)."""
    total = sum((_LETTER_VALUE[c] if c.isalpha() else int(c)) << i for i, c in enumerate(prefix.upper()))
    return total % 11 % 10


def is_valid_container(text: str) -> bool:
    """True for a well-formed container number whose check digit is right."""
    s = normalize_container(text)
    return bool(_CONTAINER.match(s)) and container_check_digit(s[:10]) == int(s[10])


def normalize_container(text: str) -> str:
    """Upper case, without the spaces and hyphens people type: 'csqu 305438-3' → 'CSQU3054383';
    full-width letters and digits (typed with a Chinese input method) as their ASCII forms."""
    import unicodedata
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text or "")).upper()


def parse_container(text: str) -> str:
    """A container number as typed, checked: wrong shape is a usage error (exit 2), a wrong
    check digit is bad data (exit 1) — usually a misread digit on the container door."""
    s = normalize_container(text)
    if not _CONTAINER.match(s):
        raise UsageError(f"bad container number {text!r} (ISO 6346: 3-letter owner code, U/J/Z, 6-digit serial, "
                         f"check digit, e.g. CSQU3054383)")
    expected = container_check_digit(s[:10])
    if expected != int(s[10]):
        raise GendanError(f"container {s} fails the ISO 6346 check digit (it should end in {expected} for "
                          f"{s[:10]}; re-read the number on the container door)")
    return s


# --- values ----------------------------------------------------------------------------------

def shipment_value(order: Order, by_line: dict[int, int]) -> Decimal:
    """One shipment's value: Σ over its lines of qty × order price, each rounded half-up."""
    price = {ln.line: ln.price for ln in order.lines}
    return sum((line_amount(qty, price[line], order.currency) for line, qty in by_line.items()), ZERO)


def shipped_value(order: Order, shipments: list[dict[int, int]]) -> Decimal:
    """Value of everything shipped: the exact sum of the shipments' values."""
    return sum((shipment_value(order, sh) for sh in shipments), ZERO)


def deposit_due(order: Order) -> Decimal:
    """The deposit the terms ask for: deposit % × order value, rounded half-up to the minor unit."""
    return round_money(order.value * order.deposit_pct / 100, order.currency)


def balance(value_shipped: Decimal, paid: Decimal) -> Decimal:
    """Value shipped − payments received on the order (negative: the customer is in credit)."""
    return value_shipped - paid


def remaining(order: Order, shipped: dict[int, int]) -> dict[int, int]:
    """line → pieces still to ship (never negative, even after a forced over-shipment)."""
    return {ln.line: max(ln.qty - shipped.get(ln.line, 0), 0) for ln in order.lines}


def rest_items(order: Order, shipped: dict[int, int]) -> dict[str, int]:
    """SKU → what remains to ship of it (`ship ORDER --rest`), lines with nothing left out."""
    if order.cancelled:
        raise GendanError(f"order {order.order} is cancelled (nothing can ship on it)")
    left = remaining(order, shipped)
    items = {ln.sku: left[ln.line] for ln in order.lines if left[ln.line] > 0}
    if not items:
        raise GendanError(f"nothing remains to ship on order {order.order} (see 'gendan order show {order.order}')")
    return items


def plan_lines(order: Order, items: dict[str, int]) -> dict[int, int]:
    """SKU → qty as typed, mapped to the order's lines. Not a gate: an unknown SKU or a
    cancelled order cannot be forced through."""
    if order.cancelled:
        raise GendanError(f"order {order.order} is cancelled (nothing can ship on it)")
    by_sku = {ln.sku: ln.line for ln in order.lines}
    unknown = [sku for sku in items if sku not in by_sku]
    if unknown:
        from gendan.core.suggest import closest
        meant = [m for m in (closest(sku, by_sku) for sku in unknown) if m]
        hint = f"did you mean {', '.join(meant)}? " if meant else ""
        raise GendanError(f"SKU {', '.join(unknown)} not on order {order.order} ({hint}its SKUs: {', '.join(by_sku)})")
    if not items:
        raise UsageError("a shipment needs at least one --item SKU=QTY")
    return {by_sku[sku]: qty for sku, qty in items.items()}


def add_lines(shipped: dict[int, int], by_line: dict[int, int]) -> dict[int, int]:
    """What will have shipped once `by_line` ships too."""
    out = dict(shipped)
    for line, qty in by_line.items():
        out[line] = out.get(line, 0) + qty
    return out


# --- gates -----------------------------------------------------------------------------------

class Gate(NamedTuple):
    """One gate's state: `detail` says what was found (the blocking reasons with their hints,
    when blocked); `reasons` the blocking reasons, each what blocks and how to clear it,
    empty when ready."""
    gate: str
    ready: bool
    detail: str
    reasons: tuple[Reason, ...] = ()

    @property
    def state(self) -> str:
        return "ready" if self.ready else "blocked"


def _gate(name: str, reasons: list[Reason], detail_ready: str) -> Gate:
    return Gate(name, not reasons, "; ".join(map(str, reasons)) if reasons else detail_ready, tuple(reasons))


def quantity_gate(order: Order, shipped: dict[int, int], by_line: dict[int, int]) -> Gate:
    """No line ships more than remains on it."""
    left = remaining(order, shipped)
    reasons = []
    for ln in order.lines:
        qty = by_line.get(ln.line, 0)
        if qty > left[ln.line]:
            reasons.append(Reason(f"{ln.sku}: shipping {qty} but {left[ln.line]} remain on {order.order}",
                                  f"{ln.qty} ordered, {shipped.get(ln.line, 0)} shipped; "
                                  f"ship at most {left[ln.line]}, or --force --reason"))
    total = sum(by_line.values())
    return _gate("quantity", reasons, f"{total} of {sum(left.values())} remaining pieces")


def final_inspection_gate(order: Order, finals: list[Inspection], skus: list[str], on: date) -> Gate:
    """Each SKU shipped needs a final inspection covering it: a record for that SKU, or one
    with no SKU (the whole order), dated on or before the shipment. The latest such record
    decides, so a failed re-inspection blocks again and a passed re-inspection clears a
    failure. Passed or waived (让步接受) both count."""
    reasons, found = [], []
    for sku in skus:
        cover = [i for i in finals if i.stage == "final" and i.sku in (sku, "") and i.date <= on]
        if not cover:
            reasons.append(Reason(f"{sku}: no final inspection on {order.order} covers it",
                                  f"log one with 'gendan inspect log {order.order} --stage final', "
                                  f"or --force --reason"))
            continue
        last = max(cover, key=lambda i: (i.date, i.id or 0))
        if not last.ok:
            reasons.append(Reason(f"{sku}: the last final inspection on {order.order} ({last.date}) failed",
                                  "re-inspect, waive it with --waive --reason, or --force --reason"))
        else:
            found.append(f"{sku} {'waived' if last.waived and last.result != 'pass' else 'passed'} {last.date}")
    return _gate("final-inspection", reasons, "; ".join(found) or "nothing to inspect")


def deposit_gate(order: Order, paid: Decimal) -> Gate:
    """Payments received on the order reach the deposit the terms ask for."""
    due = deposit_due(order)
    cur = order.currency
    if due <= 0:
        return Gate("deposit", True, "no deposit in the terms")
    if paid >= due:
        return Gate("deposit", True, f"{order.deposit_pct}% = {fmt(due, cur)} {cur} due, {fmt(paid, cur)} received")
    missing = due - paid
    return _gate("deposit", [Reason(
        f"deposit unpaid on {order.order}: {fmt(due, cur)} {cur} due ({order.deposit_pct}% of "
        f"{fmt(order.value, cur)}), {fmt(paid, cur)} received, {fmt(missing, cur)} missing",
        f"record it with 'gendan pay in {order.customer} --order {order.order} --amount {fmt(missing, cur)}', "
        f"or --force --reason")], "")


def balance_gate(order: Order, value_after: Decimal, paid: Decimal) -> Gate:
    """Under "balance before shipment" terms, everything shipped (`value_after`: this shipment
    included) must be paid for; under credit terms the balance is due later and does not block."""
    cur = order.currency
    if not order.balance_before_ship:
        return Gate("balance", True, f"not due before shipment (credit {order.credit_days} days after)")
    value = value_after
    owed = value - paid
    if owed <= 0:
        return Gate("balance", True, f"{fmt(value, cur)} {cur} shipped counting this shipment, {fmt(paid, cur)} received")
    return _gate("balance", [Reason(
        f"balance unpaid on {order.order}: {fmt(value, cur)} {cur} shipped counting this shipment, "
        f"{fmt(paid, cur)} received, {fmt(owed, cur)} to collect before shipping",
        f"record it with 'gendan pay in {order.customer} --order {order.order} --amount {fmt(owed, cur)}', "
        f"or --force --reason")], "")


def gate_state(order: Order, shipped: dict[int, int], value_shipped: Decimal, paid: Decimal,
               finals: list[Inspection], on: date, by_line: dict[int, int] | None = None) -> list[Gate]:
    """Every gate for shipping `by_line` (line → qty) on `on`, given what has shipped (line →
    qty, and its value) and the payments received on the order; without `by_line`, for shipping
    everything that remains as one shipment — the pre-shipment checklist of `ship --check` and the morning
    report's "ready / blocked" per order. Blocking reasons: `blocking(gates)`."""
    if by_line is None:
        by_line = {line: q for line, q in remaining(order, shipped).items() if q > 0}
        if not by_line:
            qty = Gate("quantity", False, f"nothing remains to ship on {order.order}",
                       (Reason(f"nothing remains to ship on {order.order}", "every line has shipped"),))
        else:
            qty = quantity_gate(order, shipped, by_line)
    else:
        qty = quantity_gate(order, shipped, by_line)
    sku_of = {ln.line: ln.sku for ln in order.lines}
    skus = [sku_of[line] for line in sorted(by_line)] or [ln.sku for ln in order.lines]
    return [qty, final_inspection_gate(order, finals, skus, on), deposit_gate(order, paid),
            balance_gate(order, value_shipped + shipment_value(order, by_line), paid)]


def blocking(gates: list[Gate]) -> list[Reason]:
    """All blocking reasons of all gates, in gate order."""
    return [r for g in gates for r in g.reasons]


# --- payments --------------------------------------------------------------------------------

def check_payment(party: str, amount: Decimal, currency: str | None, doc: str | None, doc_kind: str,
                  doc_party: str | None, doc_currency: str | None, party_currency: str) -> str:
    """The currency of a payment, refusing one against another party's order/PO or in a
    currency other than the document's. Without a document it is unallocated (kept per party)."""
    if amount <= 0:
        raise UsageError(f"bad amount {amount}: must be more than zero")
    if doc is None:
        return _places(amount, currency or party_currency)
    if doc_party != party:
        raise GendanError(f"{doc_kind} {doc} belongs to {doc_party}, not {party} "
                          f"(check the {doc_kind} number, or pay without --{'order' if doc_kind == 'order' else 'po'})")
    if currency and currency != doc_currency:
        raise GendanError(f"{doc_kind} {doc} is in {doc_currency}, not {currency} (record the payment in "
                          f"{doc_currency}; gendan does not convert currencies)")
    return _places(amount, doc_currency)


def _places(amount: Decimal, currency: str) -> str:
    if amount != round_money(amount, currency):
        raise UsageError(f"bad amount {amount}: {currency} has {-quantum(currency).as_tuple().exponent} decimal places")
    return currency


# --- money lists for the morning report ------------------------------------------------------

class OrderMoney(NamedTuple):
    """What the money lists need to know about one order."""
    order: Order
    shipped: dict[int, int]                                 # line → qty shipped
    paid: Decimal = ZERO                                     # payments received on the order
    value_shipped: Decimal = ZERO                            # Σ shipment values (shipped_value)
    forced: tuple[str, ...] = ()                             # numbers of forced shipments

    @property
    def fully_shipped(self) -> bool:
        return all(self.shipped.get(ln.line, 0) >= ln.qty for ln in self.order.lines)


def deposits_missing(states: list[OrderMoney], today: date) -> list[dict]:
    """Morning report, money: open orders whose deposit (deposit % × order value) is not yet
    received. Fields: order, customer, due, days_left, deposit_due, paid, missing, currency.
    Soonest due first."""
    rows = []
    for s in states:
        o = s.order
        due = deposit_due(o)
        if o.cancelled or s.fully_shipped or due <= 0 or s.paid >= due:
            continue
        rows.append({"order": o.order, "customer": o.customer, "due": o.due, "days_left": (o.due - today).days,
                     "deposit_due": due, "paid": round_money(s.paid, o.currency), "missing": due - s.paid, "currency": o.currency})
    return sorted(rows, key=lambda r: (r["due"], r["order"]))


def balances_to_collect(states: list[OrderMoney], today: date, within: int | None = None) -> list[dict]:
    """Morning report, money: orders on "balance before shipment" terms with goods still to
    ship, and what must be received before the rest can ship (value shipped + value of what
    remains − payments on the order). An order shipped in full but not paid for (forced out
    against the B/L copy, the original held) stays listed until the balance arrives, whatever
    its due date. `within`: only orders due within that many days (late ones included). Fields: order,
    customer, due, days_left, order_value, paid, to_collect, currency. Soonest due first."""
    rows = []
    for s in states:
        o = s.order
        if o.cancelled or not o.balance_before_ship:
            continue
        if within is not None and (o.due - today).days > within and not s.fully_shipped:
            continue
        rest = {line: q for line, q in remaining(o, s.shipped).items() if q > 0}
        owed = s.value_shipped + shipment_value(o, rest) - s.paid
        if owed <= 0:
            continue
        rows.append({"order": o.order, "customer": o.customer, "due": o.due, "days_left": (o.due - today).days,
                     "order_value": o.value, "paid": round_money(s.paid, o.currency), "to_collect": owed, "currency": o.currency})
    return sorted(rows, key=lambda r: (r["due"], r["order"]))


def forced_unpaid(states: list[OrderMoney]) -> list[dict]:
    """Morning report, money: orders with a forced shipment (`ship --force`) whose shipped
    value is still not covered by payments on the order. Fields: order, customer, shipments,
    shipped_value, paid, balance, currency. Largest balance first."""
    rows = []
    for s in states:
        if not s.forced:
            continue
        o = s.order
        value = s.value_shipped
        owed = value - s.paid
        if owed > 0:
            rows.append({"order": o.order, "customer": o.customer, "shipments": ", ".join(s.forced),
                         "shipped_value": value, "paid": round_money(s.paid, o.currency), "balance": owed, "currency": o.currency})
    return sorted(rows, key=lambda r: (-r["balance"], r["order"]))
