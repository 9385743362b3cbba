"""Purchase orders and receipts: building POs, checking receipts against what is open."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gendan.core.models import PoLine, PurchaseOrder, Supplier
from gendan.core.orders import check_code, merge_items
from gendan.errors import Conflict, GendanError, UsageError


def new_po(no: str, supplier: Supplier, ordered: date, due: date, items: list[tuple[str, int, Decimal]],
           currency: str | None = None, for_order: str | None = None,
           descriptions: dict | None = None, line_dues: dict | None = None) -> PurchaseOrder:
    """A PO whose lines are numbered 1..n, each due on the PO's due date unless given."""
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


@dataclass(frozen=True)
class LineState:
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


def to_dict(po: PurchaseOrder) -> dict:
    """The PO as audit-log JSON."""
    return {"po": po.po, "supplier": po.supplier, "ordered": po.ordered.isoformat(), "due": po.due.isoformat(),
            "currency": po.currency, "for_order": po.for_order, "cancelled": po.cancelled,
            "lines": [{"line": ln.line, "sku": ln.sku, "qty": ln.qty, "price": str(ln.price),
                       "due": ln.due.isoformat()} for ln in po.lines]}
