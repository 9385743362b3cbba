"""`gendan pay in|out|list`: allocation rules, currencies, unallocated payments."""
import json

import pytest


@pytest.fixture
def orders(parties):
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "+20", "--item", "CH-01=500@12.50")
    parties.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "+20", "--item", "SF-10=10@129.90")
    return parties


def test_pay_in_against_an_order_and_unallocated(orders):
    orders.ok("pay", "in", "ACME", "--amount", "1875", "--order", "SO-1", "--ref", "TT 30%", "--date", "2026-11-18")
    orders.ok("pay", "in", "ACME", "--amount", "100.5", "--ref", "advance")
    assert orders.ok("pay", "list", "-f", "csv") == (
        "payment,date,direction,party,amount,currency,order,po,ref,void\n"
        "PAY-00001,2026-11-18,in,ACME,1875.00,USD,SO-1,,TT 30%,false\n"
        "PAY-00002,2026-11-20,in,ACME,100.50,USD,,,advance,false\n")
    show = json.loads(orders.ok("order", "show", "SO-1", "-f", "json"))
    assert show["paid"] == "1875.00" and show["deposit_due"] == "1875.00" and len(show["payments"]) == 1
    # the payment's audit event is keyed by the order, so the order's history shows it
    assert any(e["entity"] == "payment" for e in show["events"])


def test_pay_in_refusals(orders):
    orders.refused("pay", "in", "ACME", "--amount", "10", "--order", "SO-2",
                   message="order SO-2 belongs to NORD, not ACME (check the order number, or pay without --order)")
    orders.refused("pay", "in", "NORD", "--amount", "10", "--order", "SO-2", "--currency", "USD",
                   message="order SO-2 is in EUR, not USD (record the payment in EUR")
    orders.refused("pay", "in", "ACME", "--amount", "10", "--order", "SO-9", message="unknown order 'SO-9'")
    orders.refused("pay", "in", "NOPE", "--amount", "10", message="unknown customer 'NOPE'")
    orders.refused("pay", "in", "ACME", "--amount", "0", code=2, message="must be more than zero")
    orders.refused("pay", "in", "ACME", "--amount", "-5", code=2)
    orders.refused("pay", "in", "ACME", "--amount", "1.005", code=2, message="USD has 2 decimal places")
    orders.refused("pay", "in", "ACME", "--amount", "abc", code=2, message="bad amount 'abc'")
    orders.refused("pay", "in", "ACME", "--amount", "5", "--currency", "JPY", "--date", "someday", code=2)


def test_pay_in_currency_follows_the_order(orders):
    orders.ok("pay", "in", "NORD", "--amount", "500", "--order", "SO-2")
    assert orders.ok("pay", "list", "NORD", "-f", "csv").splitlines()[1].split(",")[4:6] == ["500.00", "EUR"]


def test_pay_out_against_a_po(orders):
    orders.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "+10", "--item", "CH-01=500@8.20")
    orders.ok("pay", "out", "HX", "--amount", "1230.00", "--po", "PO-1", "--ref", "30% advance")
    orders.refused("pay", "out", "MF", "--amount", "10", "--po", "PO-1", message="PO-1 belongs to HX, not MF")
    orders.refused("pay", "out", "HX", "--amount", "10", "--po", "PO-1", "--currency", "USD",
                   message="PO-1 is in CNY, not USD")
    orders.refused("pay", "out", "HX", "--amount", "10", "--po", "PO-9", message="unknown PO 'PO-9'")
    orders.ok("pay", "out", "MF", "--amount", "88")
    assert orders.ok("pay", "list", "--direction", "out", "-f", "csv") == (
        "payment,date,direction,party,amount,currency,order,po,ref,void\n"
        "PAY-00001,2026-11-20,out,HX,1230.00,CNY,,PO-1,30% advance,false\n"
        "PAY-00002,2026-11-20,out,MF,88.00,CNY,,,,false\n")


def test_unallocated_payments_do_not_open_gates(orders):
    orders.ok("pay", "in", "ACME", "--amount", "6250")
    orders.refused("ship", "SO-1", "--item", "CH-01=1", message="deposit unpaid on SO-1")
