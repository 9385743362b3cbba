"""Corrections: void rules, `po change` and `order change` keeping prices; literal values, no database."""
from datetime import date
from decimal import Decimal as D

import pytest

from gendan.core import corrections as c
from gendan.core.models import Inspection, Order, OrderLine, PoLine, PurchaseOrder
from gendan.core.orders import change_order, parse_item_price_optional
from gendan.core.purchasing import change_po
from gendan.errors import GendanError, UsageError

NOV = lambda d: date(2026, 11, d)  # noqa: E731


# --- numbers and reasons ------------------------------------------------------------------------

@pytest.mark.parametrize("kind, text, expected", [
    ("receipt", "GRN-00007", 7), ("receipt", "grn-7", 7), ("receipt", "7", 7), ("payment", "PAY-00003", 3),
    ("shipment", "SH-00012", 12), ("inspection", "12", 12)])
def test_numbers_are_read_as_listed(kind, text, expected):
    assert c.parse_number(kind, text) == expected


@pytest.mark.parametrize("kind, text", [("receipt", "PAY-00003"), ("payment", "SH-1"), ("receipt", "GRN-0"),
                                        ("inspection", "GRN-1"), ("shipment", ""), ("payment", "PAY-x")])
def test_a_number_of_another_kind_is_refused(kind, text):
    with pytest.raises(UsageError, match=f"bad {kind} number"):
        c.parse_number(kind, text)


def test_numbers_are_formatted_with_five_digits():
    assert [c.number("payment", 3), c.number("receipt", 123456), c.number("inspection", 9)] == \
        ["PAY-00003", "GRN-123456", "9"]


def test_a_void_is_dated_today_but_never_before_its_record():
    assert c.void_date(NOV(5), NOV(20)) == NOV(20)
    assert c.void_date(NOV(25), NOV(20)) == NOV(25)   # a TT booked ahead, voided today


def test_a_void_of_a_void_is_refused():
    c.check_not_void("payment", 3, None)
    with pytest.raises(GendanError, match="PAY-00003 is already void .voided on 2026-11-20"):
        c.check_not_void("payment", 3, NOV(20))


# --- what depends on a receipt / an inspection -------------------------------------------------

def incoming(id, on, sku="CH-01", po="PO-1"):
    return Inspection(ref=po, ref_kind="po", stage="incoming", date=on, result="pass", sku=sku, id=id)


def test_a_receipt_is_judged_by_the_incoming_inspections_until_the_next_receipt():
    grn = c.Receipt(7, "PO-1", 1, "CH-01", NOV(10))
    found = [incoming(1, NOV(9)), incoming(2, NOV(10)), incoming(3, NOV(12), sku=""), incoming(4, NOV(15)),
             incoming(5, NOV(11), sku="TB-02"), incoming(6, NOV(11), po="PO-2")]
    assert [i.id for i in c.receipt_inspections(grn, NOV(15), found)] == [2, 3]
    assert [i.id for i in c.receipt_inspections(grn, None, found)] == [2, 3, 4]
    with pytest.raises(GendanError, match=r"GRN-00007 \(PO-1 CH-01\) was inspected: inspection 2 on 2026-11-10"):
        c.refuse_receipt_void(grn, c.receipt_inspections(grn, NOV(15), found))


def order():
    return Order("SO-1", "ACME", NOV(1), date(2026, 12, 10), "USD", D(30), True, 0,
                 (OrderLine(1, "CH-01", 500, D("12.50")), OrderLine(2, "TB-02", 100, D(45))))


def final(id, on, result="pass", sku=""):
    return Inspection(ref="SO-1", ref_kind="order", stage="final", date=on, result=result, sku=sku, id=id)


def test_a_final_inspection_that_cleared_a_shipment_cannot_be_voided_before_it():
    finals = [final(1, NOV(10), sku="CH-01"), final(2, NOV(12), sku="TB-02")]
    shipped = [c.Shipped(4, NOV(11), ("CH-01",), False), c.Shipped(5, NOV(13), ("CH-01", "TB-02"), False)]
    assert [s.id for s in c.final_dependents(order(), finals[0], finals, shipped)] == [4, 5]
    assert [s.id for s in c.final_dependents(order(), finals[1], finals, shipped)] == [5]
    with pytest.raises(GendanError, match="inspection 1 cleared shipment SH-00004 .* 'gendan ship void SH-00004"):
        c.refuse_inspection_void(1, c.final_dependents(order(), finals[0], finals, shipped))


def test_a_final_inspection_is_free_to_void_when_another_covers_the_shipment_or_it_was_forced():
    finals = [final(1, NOV(10)), final(2, NOV(11))]
    assert c.final_dependents(order(), finals[0], finals, [c.Shipped(4, NOV(12), ("CH-01",), False)]) == []
    alone = [final(1, NOV(10))]
    assert c.final_dependents(order(), alone[0], alone, [c.Shipped(4, NOV(12), ("CH-01",), True)]) == []
    failed = [final(1, NOV(10), result="fail")]   # it cleared nothing
    assert c.final_dependents(order(), failed[0], failed, [c.Shipped(4, NOV(12), ("CH-01",), False)]) == []


# --- order change keeps the price; po change ---------------------------------------------------

def test_an_item_without_a_price_keeps_the_lines_price():
    assert parse_item_price_optional("CH-01=600") == ("CH-01", 600, None)
    assert parse_item_price_optional("CH-01=600@13") == ("CH-01", 600, D(13))
    changed = change_order(order(), {}, None, [("CH-01", 600, None)])
    assert changed.lines[0] == OrderLine(1, "CH-01", 600, D("12.50"))
    with pytest.raises(UsageError, match="new line on order SO-1: give its price"):
        change_order(order(), {}, None, [("ST-09", 10, None)])
    with pytest.raises(UsageError):
        parse_item_price_optional("CH-01=600@")


def po():
    return PurchaseOrder("PO-1", "HX", NOV(1), NOV(20), "CNY",
                         (PoLine(1, "CH-01", 600, D(62), NOV(20)), PoLine(2, "TB-02", 100, D(300), NOV(25))))


def test_po_change_raises_and_lowers_never_below_accepted():
    changed = change_po(po(), {1: 400}, None, [("CH-01", 400, None), ("TB-02", 150, D(310))])
    assert [(ln.qty, ln.price) for ln in changed.lines] == [(400, D(62)), (150, D(310))]
    with pytest.raises(GendanError, match="CH-01: 400 already accepted on PO PO-1"):
        change_po(po(), {1: 400}, None, [("CH-01", 399, None)])


def test_po_change_adds_a_priced_line_due_with_the_po():
    changed = change_po(po(), {}, None, [("HW-1", 50, D("1.5"))])
    assert changed.lines[-1] == PoLine(3, "HW-1", 50, D("1.5"), NOV(20))
    with pytest.raises(UsageError, match="HW-1 is a new line on PO PO-1: give its price"):
        change_po(po(), {}, None, [("HW-1", 50, None)])


def test_po_change_moves_open_lines_or_one_line():
    moved = change_po(po(), {1: 600}, NOV(28), [])
    assert (moved.due, [ln.due for ln in moved.lines]) == (NOV(28), [NOV(20), NOV(28)])  # line 1 is in
    one = change_po(po(), {}, None, [], {1: NOV(18)})
    assert (one.due, [ln.due for ln in one.lines]) == (NOV(18), [NOV(18), NOV(25)])
    with pytest.raises(GendanError, match="PO PO-1 has no line 3"):
        change_po(po(), {}, None, [], {3: NOV(18)})
    with pytest.raises(GendanError, match="before PO PO-1 was placed"):
        change_po(po(), {}, date(2026, 10, 1), [])
    with pytest.raises(UsageError, match="nothing to change"):
        change_po(po(), {}, None, [])


def test_voiding_a_payment_says_when_shipped_goods_are_no_longer_covered():
    # 500 × 12.50 + 100 × 45 = 10750.00; deposit 30 % = 3225.00; balance before shipment
    assert c.shipped_unpaid(order(), D(0), D(0)) is None
    assert c.shipped_unpaid(order(), D("3125.00"), D("3225.00")) is None
    assert c.shipped_unpaid(order(), D("3125.00"), D("3000.00")) == (
        "SO-1 has shipped goods its payments (3000.00 USD) no longer cover (deposit 3225.00 and shipped "
        "value 3125.00); the balance is to collect")


def test_a_shipment_whose_original_bl_was_released_cannot_be_voided():
    c.refuse_shipment_void(4, "COSU1", None)
    with pytest.raises(GendanError, match="SH-00004 has its original B/L COSU1 released to the customer on 2026-11-19"):
        c.refuse_shipment_void(4, "COSU1", "2026-11-19")
