"""Corrections end to end: voids (pay, receipt, ship, inspect), po change, order change keeping
the price, customer/supplier edit; refusals change nothing."""
import json
import sqlite3

import pytest


@pytest.fixture
def desk(parties):
    """SO-1 (ACME, 30 % deposit) and PO-1 (HX) for it, with a deposit, a receipt and a final."""
    g = parties
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-10", "--ordered", "2026-11-01",
         "--item", "CH-01=500@12.50", "--item", "TB-02=100@45")
    g.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-11-18", "--ordered", "2026-11-01", "--for", "SO-1",
         "--item", "CH-01=500@62", "--item", "TB-02=100@300")
    g.ok("pay", "in", "ACME", "--amount", "3225", "--order", "SO-1", "--date", "2026-11-02", "--ref", "TT deposit")
    g.ok("po", "receive", "PO-1", "--item", "CH-01=300", "--date", "2026-11-10", "--ref", "DN-1")
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "0", "--date", "2026-11-12")
    return g


def test_a_mistyped_payment_is_voided_and_typed_again(desk):
    desk.ok("pay", "in", "ACME", "--amount", "1000", "--order", "SO-1", "--date", "2026-11-05", "--ref", "TT bal")
    assert desk.ok("pay", "void", "PAY-00002", "--reason", "amount mistyped") == \
        "PAY-00002 voided on 2026-11-20: 1000.00 USD from ACME for SO-1 (amount mistyped)\n"
    rows = json.loads(desk.ok("pay", "list", "-f", "json"))
    assert [(r["payment"], r["void"]) for r in rows] == [("PAY-00001", False), ("PAY-00002", True)]
    assert json.loads(desk.ok("order", "show", "SO-1", "-f", "json"))["paid"] == "3225.00"
    desk.refused("pay", "void", "PAY-00002", "--reason", "again", message="payment PAY-00002 is already void")
    desk.refused("pay", "void", "PAY-00009", "--reason", "x", message="unknown payment PAY-00009")
    desk.refused("pay", "void", "SH-00001", "--reason", "x", code=2, message="bad payment number 'SH-00001'")
    desk.refused("pay", "void", "PAY-00001", code=2, message="needs --reason")


def test_the_statement_shows_the_original_and_its_reversal_on_their_dates(desk):
    desk.ok("pay", "in", "ACME", "--amount", "1000", "--date", "2026-11-05", "--ref", "TT wrong")
    desk.ok("pay", "void", "PAY-00002", "--reason", "not ours", today="2026-11-21")
    rows = json.loads(desk.ok("reconcile", "customer", "ACME", "--month", "2026-11", "-f", "json",
                              today="2026-11-30"))
    assert [(r["date"], r["doc"], r["kind"], r["debit"], r["credit"], r["balance"]) for r in rows] == [
        ("2026-11-01", "", "opening", None, None, "0.00"),
        ("2026-11-02", "TT deposit", "payment", None, "3225.00", "-3225.00"),
        ("2026-11-05", "TT wrong", "payment", None, "1000.00", "-4225.00"),
        ("2026-11-21", "TT wrong", "void", "1000.00", None, "-3225.00"),
        ("2026-11-30", "", "closing", "1000.00", "4225.00", "-3225.00")]
    # a statement of the days before the void still reads as it was sent
    before = json.loads(desk.ok("reconcile", "customer", "ACME", "--from", "2026-11-01", "--to", "2026-11-20",
                                "-f", "json", today="2026-11-30"))
    assert before[-1]["balance"] == "-4225.00"
    aging = json.loads(desk.ok("reconcile", "aging", "--as-of", "2026-11-20", "-f", "json", today="2026-11-30"))
    assert aging[0]["total"] == "-4225.00"
    log = desk.ok("log", "ACME", "-f", "csv", today="2026-11-21")
    assert "pay void" in log and "not ours" in log
    assert "pay void" not in desk.ok("log", "ACME", "-f", "csv")   # as of 11-20 it had not happened


def test_a_payment_voided_the_day_it_was_typed_reads_payment_then_void(desk):
    """The void of a payment came before the payment on the statement, so the balance showed
    the amount owed in between (new-user try-out)."""
    desk.ok("pay", "in", "ACME", "--amount", "1000", "--date", "2026-11-05", "--ref", "TT wrong")
    desk.ok("pay", "void", "PAY-00002", "--reason", "not ours", today="2026-11-05")
    rows = json.loads(desk.ok("reconcile", "customer", "ACME", "--month", "2026-11", "-f", "json",
                              today="2026-11-30"))
    assert [(r["kind"], r["balance"]) for r in rows if r["date"] == "2026-11-05"] == [
        ("payment", "-4225.00"), ("void", "-3225.00")]


def test_a_receipt_typed_twice_is_voided_and_the_line_reopens(desk):
    desk.ok("po", "receive", "PO-1", "--item", "CH-01=200", "--date", "2026-11-13", "--ref", "DN-1b")
    assert desk.ok("po", "chase", "-f", "csv").count("CH-01") == 0
    assert desk.ok("receipt", "list", "PO-1", "-f", "csv") == (
        "receipt,po,line,sku,qty,rejected,date,ref,void\n"
        "GRN-00001,PO-1,1,CH-01,300,0,2026-11-10,DN-1,false\n"
        "GRN-00002,PO-1,1,CH-01,200,0,2026-11-13,DN-1b,false\n")
    assert desk.ok("receipt", "void", "DN-1b", "--reason", "typed twice") == \
        "GRN-00002 voided on 2026-11-20: PO-1 CH-01 ×200 received 2026-11-13 (the line reopens) (typed twice)\n"
    chase = json.loads(desk.ok("po", "chase", "-f", "json"))
    assert [(r["sku"], r["qty_open"]) for r in chase if r["sku"] == "CH-01"] == [("CH-01", 200)]
    assert desk.ok("check") == ""
    desk.refused("receipt", "void", "GRN-00002", "--reason", "x", message="receipt GRN-00002 is already void")


def test_a_receipt_whose_goods_were_inspected_is_voided_after_the_inspection(desk):
    desk.ok("inspect", "log", "PO-1", "--stage", "incoming", "--sku", "CH-01", "--major", "0", "--date", "2026-11-11")
    desk.refused("receipt", "void", "GRN-00001", "--reason", "x",
                 message="receipt GRN-00001 (PO-1 CH-01) was inspected: inspection 2 on 2026-11-11")
    assert desk.ok("inspect", "void", "2", "--reason", "wrong lot").startswith("2 voided on 2026-11-20: incoming")
    desk.ok("receipt", "void", "GRN-00001", "--reason", "never came")
    score = json.loads(desk.ok("supplier", "score", "HX", "-f", "json"))[0]
    assert (score["lines_received"], score["lots_inspected"]) == (0, 0)
    listed = json.loads(desk.ok("inspect", "list", "PO-1", "-f", "json"))
    assert [(i["id"], i["void"]) for i in listed] == [(2, True)]


def test_a_shipment_keyed_against_the_wrong_order_is_voided(desk):
    desk.ok("ship", "SO-1", "--item", "CH-01=100", "--date", "2026-11-15")
    assert desk.ok("ship", "void", "SH-00001", "--reason", "wrong order") == \
        "SH-00001 voided on 2026-11-20: SO-1 CH-01 ×100 shipped 2026-11-15 (wrong order)\n"
    assert json.loads(desk.ok("order", "show", "SO-1", "-f", "json"))["shipped_value"] == "0.00"
    assert desk.ok("ship", "-f", "csv").splitlines()[1].endswith(",true")
    # the final inspection that cleared it may now be voided; before, it is refused
    desk.ok("ship", "SO-1", "--item", "CH-01=50", "--date", "2026-11-16")
    desk.refused("inspect", "void", "1", "--reason", "x", message="inspection 1 cleared shipment SH-00002")
    desk.refused("ship", "void", "SH-00001", "--reason", "x", message="shipment SH-00001 is already void")
    desk.refused("ship", "void", "--reason", "x", code=2, message="Missing argument 'SHIPMENT'")
    assert desk.ok("check") == ""


def test_check_names_a_void_made_by_hand(desk, db):
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE payments SET voided = '2026-11-20' WHERE id = 1")
    r = desk("check")
    assert r.exit_code == 1 and "PAY-00001: is marked void on 2026-11-20 but no void record says who and why" in r.stdout


def test_po_change_keeps_received_goods_at_their_price(desk):
    assert json.loads(desk.ok("reconcile", "supplier", "HX", "-f", "json"))[-1]["balance"] == "18600.00"
    desk.ok("po", "change", "PO-1", "--item", "CH-01=600@65", "--item", "HW-1=50@2", "--reason", "buyer added 100")
    desk.ok("po", "change", "PO-1", "--line", "2", "--due", "2026-11-25", "--reason", "moved")
    view = json.loads(desk.ok("po", "show", "PO-1", "-f", "json"))
    assert [(ln["sku"], ln["qty"], ln["price"], ln["due"], ln["qty_open"]) for ln in view["lines"]] == [
        ("CH-01", 600, "65.00", "2026-11-18", 300), ("TB-02", 100, "300.00", "2026-11-25", 100),
        ("HW-1", 50, "2.00", "2026-11-18", 50)]
    assert json.loads(desk.ok("reconcile", "supplier", "HX", "-f", "json"))[-1]["balance"] == "18600.00"
    desk.ok("po", "receive", "PO-1", "--item", "CH-01=100", "--date", "2026-11-19")
    assert json.loads(desk.ok("reconcile", "supplier", "HX", "-f", "json"))[-1]["balance"] == "25100.00"
    desk.refused("po", "change", "PO-1", "--item", "CH-01=399", "--reason", "x",
                 message="CH-01: 400 already accepted on PO-1")
    desk.refused("po", "change", "PO-1", "--item", "XX=5", "--reason", "x", code=2, message="give its price")
    desk.refused("po", "change", "PO-1", "--line", "2", "--reason", "x", code=2, message="--line goes with --due")
    events = [e for e in view["events"] if e["reason"] == "buyer added 100"]
    assert '"qty": 500' in events[0]["before"] and '"qty": 600' in events[0]["after"]
    assert desk.ok("check") == ""


def test_order_change_keeps_the_price_not_typed(desk):
    desk.ok("order", "change", "SO-1", "--item", "CH-01=600", "--reason", "more chairs")
    lines = json.loads(desk.ok("order", "show", "SO-1", "-f", "json"))["lines"]
    assert (lines[0]["qty"], lines[0]["price"]) == (600, "12.50")


def test_party_edit_changes_new_orders_only(desk):
    desk.ok("customer", "edit", "ACME", "--deposit", "50", "--phone", "+1 212 555 0100")
    desk.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "+30", "--item", "CH-01=10@12.50")
    old, new = (json.loads(desk.ok("order", "show", no, "-f", "json")) for no in ("SO-1", "SO-2"))
    assert (old["deposit_pct"], new["deposit_pct"]) == ("30", "50")
    assert json.loads(desk.ok("customer", "show", "ACME", "-f", "json"))["phone"] == "+1 212 555 0100"
    desk.ok("supplier", "edit", "HX", "--phone", "138 0000 0000", "--lead-days", "20")
    log = desk.ok("log", "HX", "-f", "json")
    assert '138 0571 2233' in log and '138 0000 0000' in log
    desk.refused("customer", "edit", "ACME", code=2, message="nothing to change")
    desk.refused("supplier", "edit", "NOPE", "--phone", "1", message="unknown supplier 'NOPE'")
    desk.refused("customer", "edit", "ACME", "--name", " ", code=2, message="--name must not be empty")


def test_voiding_a_payment_after_shipping_warns_that_the_goods_are_unpaid(desk):
    desk.ok("ship", "SO-1", "--item", "CH-01=100", "--date", "2026-11-15", "--force", "--reason", "boss said")
    r = desk("pay", "void", "PAY-00001", "--reason", "bounced")
    assert r.exit_code == 0 and r.stdout.startswith("PAY-00001 voided on 2026-11-20")
    assert "gendan: warning: SO-1 has shipped goods its payments (0.00 USD) no longer cover" in r.stderr


def test_a_shipment_whose_original_bl_was_released_is_not_voided(desk):
    desk.ok("ship", "SO-1", "--item", "CH-01=100", "--date", "2026-11-15", "--bl", "COSU1", "--force", "--reason", "x")
    desk.ok("ship", "bl", "SH-00001", "--released", "--force", "--reason", "buyer paid by LC")
    desk.refused("ship", "void", "SH-00001", "--reason", "x",
                 message="SH-00001 has its original B/L COSU1 released to the customer on 2026-11-20")
