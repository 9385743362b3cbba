"""`gendan ship`, `ship --check`, the shipment list, and what shipping does to order status."""
import json
import sqlite3

import pytest


# --- test helper, NOT a gendan command ----------------------------------------------------------
# `inspect log` belongs to the quality issue; until it is on main these tests record a final
# inspection by inserting the row `inspect log` would write (ref_kind 'order', stage 'final').
def log_final(gendan, order, result="pass", sku="", date="2026-11-18", waived=False):
    conn = sqlite3.connect(gendan.db)
    with conn:
        conn.execute("INSERT INTO inspections (ref_kind, ref, stage, sku, date, result, waived) "
                     "VALUES ('order', ?, 'final', ?, ?, ?, ?)", (order, sku, date, result, int(waived)))
    conn.close()


@pytest.fixture
def so1(parties):
    """SO-1 for ACME (30 % deposit, balance before shipment): 500 CH-01 @ 12.50 + 100 TB-02 @ 45
    = 10750.00 USD; deposit due 3225.00."""
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-10", "--ordered", "2026-11-01",
               "--item", "CH-01=500@12.50", "--item", "TB-02=100@45")
    return parties


def stderr_lines(result):
    return result.stderr.strip().splitlines()


def test_each_gate_refuses_alone_one_line_each(so1):
    # nothing yet: inspection, deposit and balance block; the quantity is fine
    r = so1.refused("ship", "SO-1", "--item", "CH-01=100")
    assert stderr_lines(r) == [
        "gendan: error: CH-01: no final inspection on SO-1 covers it (log one with "
        "'gendan inspect log SO-1 --stage final', or --force --reason)",
        "gendan: error: deposit unpaid on SO-1: 3225.00 USD due (30% of 10750.00), 0.00 received, 3225.00 missing "
        "(record it with 'gendan pay in ACME --order SO-1 --amount 3225.00', or --force --reason)",
        "gendan: error: balance unpaid on SO-1: 1250.00 USD shipped counting this shipment, 0.00 received, "
        "1250.00 to collect before shipping (record it with 'gendan pay in ACME --order SO-1 --amount 1250.00', "
        "or --force --reason)"]
    log_final(so1, "SO-1")
    r = so1.refused("ship", "SO-1", "--item", "CH-01=100")
    assert len(stderr_lines(r)) == 2
    so1.ok("pay", "in", "ACME", "--amount", "3225", "--order", "SO-1")
    # deposit met; 100 CH-01 = 1250.00 ≤ 3225.00 paid, so only quantity can block now
    r = so1.refused("ship", "SO-1", "--item", "CH-01=501", message="CH-01: shipping 501 but 500 remain")
    assert len(stderr_lines(r)) == 2  # quantity + balance (6262.50 > 3225.00)
    r = so1.refused("ship", "SO-1", "--item", "CH-01=300")  # 3750.00 > 3225.00: balance alone
    assert stderr_lines(r) == [
        "gendan: error: balance unpaid on SO-1: 3750.00 USD shipped counting this shipment, 3225.00 received, "
        "525.00 to collect before shipping (record it with 'gendan pay in ACME --order SO-1 --amount 525.00', "
        "or --force --reason)"]
    so1.ok("ship", "SO-1", "--item", "CH-01=200")


def test_all_four_gates_at_once(so1):
    r = so1.refused("ship", "SO-1", "--item", "CH-01=600", "--item", "TB-02=1")
    lines = stderr_lines(r)
    assert len(lines) == 5  # quantity, inspection for CH-01 and TB-02, deposit, balance
    assert all(line.startswith("gendan: error: ") for line in lines)
    expected = ["CH-01: shipping 600 but 500 remain", "CH-01: no final inspection", "TB-02: no final inspection",
                "deposit unpaid on SO-1", "balance unpaid on SO-1"]
    assert [line[len("gendan: error: "):][:len(e)] for line, e in zip(lines, expected)] == expected


def test_quantity_gate_alone_on_credit_terms(parties):
    parties.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "+30", "--item", "SF-10=10@129.90")
    log_final(parties, "SO-2")
    r = parties.refused("ship", "SO-2", "--item", "SF-10=11")
    assert stderr_lines(r) == ["gendan: error: SF-10: shipping 11 but 10 remain on SO-2 (10 ordered, 0 shipped; "
                               "ship at most 10, or --force --reason)"]


def test_final_inspection_gate_alone_and_failed_inspection(parties):
    parties.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "+30", "--item", "SF-10=10@129.90",
               "--item", "SF-11=5@99")
    log_final(parties, "SO-2", sku="SF-10")
    parties.ok("ship", "SO-2", "--item", "SF-10=4")
    r = parties.refused("ship", "SO-2", "--item", "SF-11=1")
    assert stderr_lines(r) == ["gendan: error: SF-11: no final inspection on SO-2 covers it (log one with "
                               "'gendan inspect log SO-2 --stage final', or --force --reason)"]
    log_final(parties, "SO-2", sku="SF-10", result="fail", date="2026-11-19")
    parties.refused("ship", "SO-2", "--item", "SF-10=1",
                    message="SF-10: the last final inspection on SO-2 (2026-11-19) failed")
    log_final(parties, "SO-2", result="fail", waived=True, date="2026-11-20")  # concession on the whole order
    parties.ok("ship", "SO-2", "--item", "SF-10=1", "--item", "SF-11=5")


def test_force_without_reason_refused(so1):
    so1.refused("ship", "SO-1", "--item", "CH-01=100", "--force", code=2, message="--force needs --reason")
    so1.refused("ship", "SO-1", "--item", "CH-01=100", "--force", "--reason", "  ", code=2)


def test_force_ships_and_audits_the_override(so1):
    r = so1("ship", "SO-1", "--item", "CH-01=100", "--container", "CSQU3054383", "--force", "--reason",
            "boss approved: ship against B/L copy")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "SH-00001 shipped: SO-1 CH-01 ×100 in CSQU3054383\n"   # what a write says (CLI.md)
    assert "gendan: warning: SH-00001 forced past: deposit unpaid on SO-1" in r.stderr
    events = json.loads(so1.ok("log", "SO-1", "-f", "json"))
    ship_event = [e for e in events if e["entity"] == "shipment"][0]
    assert ship_event["reason"] == "boss approved: ship against B/L copy"
    after = json.loads(ship_event["after"])
    assert after["forced"] is True and len(after["overridden"]) == 3
    show = json.loads(so1.ok("order", "show", "SO-1", "-f", "json"))
    assert show["shipments"][0]["forced"] is True
    assert (show["shipped_value"], show["paid"], show["balance"]) == ("1250.00", "0.00", "1250.00")


def test_force_beyond_the_order_is_allowed_and_shows(parties):
    parties.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "+30", "--item", "SF-10=10@129.90")
    log_final(parties, "SO-2")
    parties.ok("ship", "SO-2", "--item", "SF-10=11", "--force", "--reason", "customer accepts +10% overshipment")
    out = parties.ok("order", "list", "--all", "-f", "csv")
    assert "SO-2,NORD,2026-11-20,2026-12-20,,10,10,1299.00,EUR,shipped,false" in out


def test_force_with_nothing_blocking_is_not_marked_forced(parties):
    parties.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "+30", "--item", "SF-10=10@129.90")
    log_final(parties, "SO-2")
    r = parties("ship", "SO-2", "--item", "SF-10=1", "--force", "--reason", "habit")
    assert r.exit_code == 0 and "nothing blocked" in r.stderr
    assert json.loads(parties.ok("order", "show", "SO-2", "-f", "json"))["shipments"][0]["forced"] is False


@pytest.mark.parametrize("args,code,message", [
    (["--container", "CSQU3054384"], 1, "container CSQU3054384 fails the ISO 6346 check digit (it should end in 3"),
    (["--container", "CSQU30543"], 2, "bad container number 'CSQU30543'"),
    (["--item", "XX=1"], 1, "SKU XX not on order SO-1 (its SKUs: CH-01, TB-02)"),
    (["--item", "CH-01=0"], 2, "bad quantity '0'"),
    (["--item", "CH-01=1", "--item", "CH-01=2"], 2, "SKU CH-01 is given twice"),
    (["--date", "2026-10-01"], 1, "before order SO-1 was placed"),
])
def test_refusals_leave_the_database_unchanged(so1, args, code, message):
    log_final(so1, "SO-1")
    so1.ok("pay", "in", "ACME", "--amount", "10750", "--order", "SO-1")
    items = [] if "--item" in args else ["--item", "CH-01=1"]
    so1.refused("ship", "SO-1", *items, *args, code=code, message=message)


def test_unknown_and_cancelled_orders_refused(so1):
    so1.refused("ship", "SO-9", "--item", "CH-01=1", message="unknown order 'SO-9'")
    so1.ok("order", "cancel", "SO-1", "--reason", "buyer withdrew")
    so1.refused("ship", "SO-1", "--item", "CH-01=1", "--force", "--reason", "x", message="order SO-1 is cancelled")
    so1.refused("ship", "--check", "SO-1", message="order SO-1 is cancelled")


def test_ship_needs_items(so1):
    so1.refused("ship", "SO-1", code=2, message="nothing to ship")
    so1.refused("ship", "--item", "CH-01=1", code=2, message="give the ORDER")


def test_partial_shipments_in_two_containers_then_listing(so1):
    log_final(so1, "SO-1")
    so1.ok("pay", "in", "ACME", "--amount", "3225.00", "--order", "SO-1", "--date", "2026-11-02")
    so1.ok("pay", "in", "ACME", "--amount", "1525.00", "--order", "SO-1", "--date", "2026-11-19")
    # 250 CH-01 (3125.00) + 36 TB-02 (1620.00) = 4745.00 ≤ 4750.00 paid
    so1.ok("ship", "SO-1", "--item", "CH-01=250", "--container", "TCNU7200794", "--seal", "S1", "--bl", "B1",
           "--date", "2026-11-20")
    so1.ok("ship", "SO-1", "--item", "TB-02=36", "--container", "tolu 473478 7", "--seal", "S2", "--bl", "B1",
           "--date", "2026-11-20")
    assert so1.ok("ship", "-f", "csv") == (
        "shipment,order,date,sku,qty,container,seal,bl,amount,currency,void\n"
        "SH-00001,SO-1,2026-11-20,CH-01,250,TCNU7200794,S1,B1,3125.00,USD,false\n"
        "SH-00002,SO-1,2026-11-20,TB-02,36,TOLU4734787,S2,B1,1620.00,USD,false\n")
    assert so1.ok("ship", "--order", "SO-9", "-f", "csv") == ""   # nothing to show: nothing on stdout, not a bare header
    assert so1.ok("ship", "--since", "2026-11-21", "-f", "csv") == ""
    assert so1.ok("order", "list", "-f", "csv").splitlines()[1] == \
        "SO-1,ACME,2026-11-01,2026-12-10,20,600,286,10750.00,USD,partial,false"
    show = json.loads(so1.ok("order", "show", "SO-1", "-f", "json"))
    assert {k: show[k] for k in ("order_value", "shipped_value", "deposit_due", "paid", "balance")} == {
        "order_value": "10750.00", "shipped_value": "4745.00", "deposit_due": "3225.00", "paid": "4750.00",
        "balance": "-5.00"}


def test_shipping_the_last_piece_closes_the_order(parties):
    parties.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "+30", "--item", "SF-10=3@0.333333")
    log_final(parties, "SO-2")
    for _ in range(3):
        parties.ok("ship", "SO-2", "--item", "SF-10=1")
    parties.refused("ship", "SO-2", "--item", "SF-10=1", message="SF-10: shipping 1 but 0 remain on SO-2")
    assert parties.ok("order", "list", "-f", "csv") == ""   # closed: gone from the open list
    assert ",3,3,1.00,EUR,shipped," in parties.ok("order", "list", "--all", "-f", "csv")
    amounts = [line.split(",")[8] for line in parties.ok("ship", "-f", "csv").splitlines()[1:]]
    assert amounts == ["0.33", "0.33", "0.33"]  # each shipment line rounded, as invoiced
    show = json.loads(parties.ok("order", "show", "SO-2", "-f", "json"))
    assert (show["amount"], show["shipped_value"]) == ("1.00", "0.99")


def test_check_prints_each_gate_and_exits_1_when_blocked(so1):
    r = so1("ship", "--check", "SO-1", "-f", "csv")
    assert r.exit_code == 1
    assert r.stdout.splitlines()[0] == "order,gate,state,detail"
    assert [line.split(",")[1:3] for line in r.stdout.splitlines()[1:]] == [
        ["quantity", "ready"], ["final-inspection", "blocked"], ["deposit", "blocked"], ["balance", "blocked"]]
    assert r.stderr == "SO-1: blocked by final-inspection, deposit, balance\n"
    log_final(so1, "SO-1")
    so1.ok("pay", "in", "ACME", "--amount", "10750.00", "--order", "SO-1")
    out = so1.ok("ship", "--check", "SO-1", "-f", "csv")
    assert out == ("order,gate,state,detail\n"
                   "SO-1,quantity,ready,600 of 600 remaining pieces\n"
                   "SO-1,final-inspection,ready,CH-01 passed 2026-11-18; TB-02 passed 2026-11-18\n"
                   "SO-1,deposit,ready,\"30% = 3225.00 USD due, 10750.00 received\"\n"
                   "SO-1,balance,ready,\"10750.00 USD shipped counting this shipment, 10750.00 received\"\n")
    # a check of one particular shipment
    r = so1("ship", "--check", "SO-1", "--item", "CH-01=501", "-f", "csv")
    assert r.exit_code == 1 and ",quantity,blocked," in r.stdout


def test_check_does_not_write(so1):
    before = so1.dump()
    so1("ship", "--check", "SO-1")
    assert so1.dump() == before


def test_demo_has_deposits_and_a_forced_shipment_with_its_balance_unpaid(tmp_path, gendan):
    from datetime import date
    from gendan.cli.app import whole_app
    app = whole_app()
    from gendan.store.shipping import money_lists
    from gendan.store.db import open_store
    path = tmp_path / "demo.db"
    r = gendan.runner.invoke(app, ["--today", "2026-11-20", "demo", "--db", str(path)],
                             catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    store = open_store(path)
    lists = money_lists(store, date(2026, 11, 20))
    assert [(x["order"], str(x["balance"])) for x in lists["forced_unpaid"]] == [("SO-2403", "3885.00")]
    assert [(x["order"], str(x["missing"])) for x in lists["deposits_missing"]] == [("SO-2404", "3624.00")]
