"""What a write says (CLI.md): one line on stdout starting with the number it gave or touched,
the written record with -f json; `ship --rest`; warnings where a person would want one."""
import json
import subprocess
import sys

import pytest


@pytest.fixture
def so1(parties):
    parties.ok("order", "add", "SO-1", "--customer", "NORD", "--due", "2026-12-10", "--ordered", "2026-11-01",
               "--item", "CH-01=500@12.50", "--item", "TB-02=100@45")
    for sku, lot in (("CH-01", "500"), ("TB-02", "100")):
        parties.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", sku, "--lot", lot, "--major", "0")
    return parties


def test_parties_and_settings_say_one_line(gendan):
    assert gendan.ok("customer", "add", "ACME", "--name", "Acme Home", "--deposit", "30", "--no-balance-before-ship",
                     "--credit-days", "45") == "ACME added: customer Acme Home, USD, deposit 30%, 45 days credit\n"
    assert gendan.ok("supplier", "add", "HX", "--name", "恒兴", "--credit-days", "1") == \
        "HX added: supplier 恒兴, CNY, 1 day credit\n"
    assert json.loads(gendan.ok("supplier", "add", "MF", "--name", "明发", "-f", "json"))["code"] == "MF"
    assert gendan.ok("settings", "buffer_days", "10") == "buffer_days = 10 (was 7, default 7)\n"


def test_po_writes_say_what_they_wrote(so1):
    assert so1.ok("po", "add", "PO-7", "--supplier", "HX", "--due", "12/01", "--item", "CH-01=600@85",
                  "--for", "SO-1") == "PO-7 placed with HX: 1 line, 600 pcs, due 2026-12-01, for SO-1\n"
    assert so1.ok("po", "confirm", "PO-7", "--promised", "12-05") == "PO-7 confirmed, promised 2026-12-05\n"
    assert so1.ok("po", "receive", "PO-7", "--item", "CH-01=300", "--rejected", "CH-01=12") == \
        "PO-7 received on 2026-11-20: CH-01 ×300 (12 rejected)\n"
    record = json.loads(so1.ok("po", "receive", "PO-7", "--item", "CH-01=10", "-f", "json"))
    assert record["po"] == "PO-7" and record["receipts"][0]["qty"] == 10
    shown = json.loads(so1.ok("po", "confirm", "PO-7", "--promised", "12-06", "-f", "json"))
    assert shown == json.loads(so1.ok("po", "show", "PO-7", "-f", "json"))


def test_ship_and_pay_print_the_number_a_script_can_cut(so1):
    line = so1.ok("ship", "SO-1", "--item", "CH-01=300", "--container", "CSQU3054383")
    assert line == "SH-00001 shipped: SO-1 CH-01 ×300 in CSQU3054383\n"
    assert so1.ok("ship", "-f", "csv").splitlines()[1].startswith(line.split(" ")[0] + ",SO-1,")
    record = json.loads(so1.ok("ship", "SO-1", "--item", "TB-02=10", "-f", "json"))
    assert record["shipment"] == "SH-00002" and record["lines"] == [{"sku": "TB-02", "qty": 10, "amount": "450.00"}]
    assert so1.ok("pay", "in", "NORD", "--amount", "100", "--order", "SO-1") == \
        "PAY-00001 received from NORD: 100.00 EUR for SO-1\n"
    paid = json.loads(so1.ok("pay", "out", "HX", "--amount", "5", "--date", "-1", "-f", "json"))
    assert paid["payment"] == "PAY-00002" and paid["amount"] == "5.00" and paid["date"] == "2026-11-19"


def test_a_script_takes_the_shipment_number(so1):
    script = (f'sh=$("{sys.executable}" -m gendan --db "{so1.db}" --today 2026-11-20 ship SO-1 --item CH-01=1 '
              f"| cut -d' ' -f1); echo \"$sh\"")
    assert subprocess.run(["bash", "-c", script], capture_output=True, text=True).stdout == "SH-00001\n"


def test_ship_rest_ships_everything_that_remains(so1):
    so1.ok("ship", "SO-1", "--item", "CH-01=200")
    assert so1.ok("ship", "SO-1", "--rest") == "SH-00002 shipped: SO-1 CH-01 ×300, TB-02 ×100\n"
    assert [r.split(",")[4] for r in so1.ok("ship", "-f", "csv").splitlines()[1:]] == ["200", "300", "100"]
    so1.refused("ship", "SO-1", "--rest", message="nothing remains to ship on order SO-1")
    so1.refused("ship", "SO-1", "--rest", "--item", "CH-01=1", code=2, message="not both")


def test_credit_days_on_balance_before_shipment_are_warned_about(gendan):
    result = gendan("customer", "add", "ACME", "--name", "Acme", "--credit-days", "30")
    assert result.exit_code == 0
    assert result.stderr == ("gendan: warning: ACME pays the balance before shipment, so its 30 credit days are "
                             "not used (add --no-balance-before-ship for credit terms)\n")
    assert gendan("customer", "add", "B", "--name", "B", "--no-balance-before-ship", "--credit-days", "30").stderr == ""


def test_a_po_for_a_shipped_order_is_warned_about(so1):
    so1.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "+30", "--item", "CH-01=5@1")
    assert so1.ok("order", "cancel", "SO-2", "--reason", "buyer withdrew") == "SO-2 cancelled: buyer withdrew\n"
    so1.refused("po", "add", "PO-9", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1", "--for", "SO-2",
                message="order SO-2 is cancelled")
    so1.ok("ship", "SO-1", "--rest")
    r = so1("po", "add", "PO-10", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1", "--for", "SO-1")
    assert r.exit_code == 0 and "PO-10 is for SO-1, which is shipped" in r.stderr
    r = so1("po", "add", "PO-11", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1")
    assert r.stderr == ""


def test_cancelling_an_order_that_holds_payments_says_they_stay_as_credit(parties):
    parties.ok("order", "add", "SO-3", "--customer", "ACME", "--due", "+30", "--item", "CH-01=100@10")
    parties.ok("pay", "in", "ACME", "--amount", "300", "--order", "SO-3")
    r = parties("order", "cancel", "SO-3", "--reason", "buyer withdrew")
    assert r.exit_code == 0 and r.stdout == "SO-3 cancelled: buyer withdrew\n"
    assert r.stderr == ("gendan: warning: SO-3 holds 300.00 USD of payments; they stay as ACME's credit "
                        "(see 'gendan reconcile customer ACME')\n")


def test_order_add_says_what_it_added(parties):
    assert parties.ok("order", "add", "SO-7", "--customer", "ACME", "--due", "12/20", "--item", "CH-01=500@12.50",
                      "--item", "TB-02=20@45") == "SO-7 added for ACME: 2 lines, 520 pcs, 7150.00 USD, due 2026-12-20\n"
    shown = json.loads(parties.ok("order", "add", "SO-8", "--customer", "ACME", "--due", "+9", "--item", "CH-01=1@1",
                                  "-f", "json"))
    assert shown["order"] == "SO-8" and shown["lines"][0]["sku"] == "CH-01"
