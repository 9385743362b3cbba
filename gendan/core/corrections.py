"""Corrections (更正): the rules of voiding a record entered by mistake. Pure: dates come in.

A void never deletes: it is a record of its own (who, when, why), dated the day it is made
(or the record's own date, when that is later, so a reversal never precedes its original).
It is refused when the record is void already, and when a later record depends on it — the
dependent must be voided first, and the message names it.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from gendan.errors import GendanError, UsageError

if TYPE_CHECKING:
    from gendan.core.models import Inspection, Order

KINDS = ("payment", "receipt", "shipment", "inspection")
EXAMPLE = {"payment": "PAY-00003", "receipt": "GRN-00007", "shipment": "SH-00004", "inspection": "12"}


def number(kind: str, record: int) -> str:
    """The number a person sees: PAY-00003, GRN-00007, SH-00004; an inspection's plain id."""
    from gendan.core import numbers
    format_ = {"payment": numbers.payment_no, "receipt": numbers.receipt_no, "shipment": numbers.shipment_no}
    return format_[kind](record) if kind in format_ else str(record)


def parse_number(kind: str, text: str) -> int:
    """`GRN-00007`, `grn-7` or `7` → 7 (the prefix, when typed, must be the kind's own)."""
    from gendan.core import numbers
    prefix = {"payment": numbers.PAYMENT, "receipt": numbers.RECEIPT, "shipment": numbers.SHIPMENT}.get(kind, "")
    record = numbers.parse(prefix, text)
    if record is None:
        raise UsageError(f"bad {kind} number {text!r} (write it as listed, e.g. {EXAMPLE[kind]})")
    return record


def void_date(record_date: date, today: date) -> date:
    """The void's business date: today, or the record's own date when that is later."""
    return max(record_date, today)


def check_not_void(kind: str, record: int, voided: date | None) -> None:
    """A record is voided once; a void of a void is refused."""
    if voided is not None:
        raise GendanError(f"{kind} {number(kind, record)} is already void (voided on {voided}; "
                          f"see 'gendan log' for who and why)")


class Receipt(NamedTuple):
    """A receipt (GRN) as the void rules see it."""
    id: int
    po: str
    line: int
    sku: str
    date: date


def receipt_inspections(receipt: Receipt, next_receipt: date | None,
                        inspections: list[Inspection]) -> list[Inspection]:
    """The incoming inspections that judged this receipt's goods: on its PO, for its SKU (or
    the whole PO), dated from the receipt until the next receipt of the same line."""
    return [i for i in inspections
            if i.stage == "incoming" and i.ref == receipt.po and i.sku in (receipt.sku, "")
            and i.date >= receipt.date and (next_receipt is None or i.date < next_receipt)]


def refuse_receipt_void(receipt: Receipt, dependents: list[Inspection]) -> None:
    if dependents:
        first = dependents[0]
        raise GendanError(f"receipt {number('receipt', receipt.id)} ({receipt.po} {receipt.sku}) was inspected: "
                          f"inspection {first.id} on {first.date} judged its goods (void it first with "
                          f"'gendan inspect void {first.id} --reason ...')")


def shipped_unpaid(order: Order, value_shipped, paid) -> str | None:
    """After a payment on an order is voided: goods already shipped that the terms wanted paid
    first (deposit, or balance before shipment) are no longer covered — said, not refused, as
    the mistaken payment must be correctable after shipping."""
    from gendan.core.money import round_money
    from gendan.core.shipping import deposit_due
    if not value_shipped:
        return None
    paid, value_shipped = round_money(paid, order.currency), round_money(value_shipped, order.currency)
    deposit = deposit_due(order)
    short = [f"deposit {deposit}"] if paid < deposit else []
    if order.balance_before_ship and value_shipped > paid:
        short.append(f"shipped value {value_shipped}")
    if not short:
        return None
    return (f"{order.order} has shipped goods its payments ({paid} {order.currency}) no longer cover "
            f"({' and '.join(short)}); the balance is to collect")


def refuse_shipment_void(shipment_id: int, bl: str, bl_released: str | None) -> None:
    """A shipment whose original B/L went to the customer has left for good: the released bill
    is a document that depends on it."""
    if bl_released:
        raise GendanError(f"shipment {number('shipment', shipment_id)} has its original B/L {bl} released to "
                          f"the customer on {bl_released} (a released bill cannot be taken back; "
                          f"correct the account with the customer instead)")


class Shipped(NamedTuple):
    """A shipment as the void rules see it: its SKUs and whether the gates were forced."""
    id: int
    date: date
    skus: tuple[str, ...]
    forced: bool


def final_dependents(order: Order, voided: Inspection, finals: list[Inspection],
                     shipments: list[Shipped]) -> list[Shipped]:
    """Shipments (not forced) whose final-inspection gate this inspection opened: they pass
    with it and would have been blocked without it."""
    from gendan.core.shipping import final_inspection_gate
    if voided.stage != "final":
        return []
    others = [i for i in finals if i.id != voided.id]
    out = []
    for s in shipments:
        if s.forced or s.date < voided.date:
            continue
        skus = [k for k in s.skus if voided.sku in (k, "")]
        if skus and not final_inspection_gate(order, finals, skus, s.date).reasons \
                and final_inspection_gate(order, others, skus, s.date).reasons:
            out.append(s)
    return out


def refuse_inspection_void(insp_id: int, dependents: list[Shipped]) -> None:
    if dependents:
        no = number("shipment", dependents[0].id)
        raise GendanError(f"inspection {insp_id} cleared shipment {no} for shipping (void the shipment first "
                          f"with 'gendan ship void {no} --reason ...')")
