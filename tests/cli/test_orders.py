import json

import pytest

ITEMS = ("--item", "CH-01=500@12.50", "--item", "桌-02=20@0.333333")


@pytest.fixture
def orders(parties):
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-01", "--ordered", "2026-11-01", *ITEMS)
    parties.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "-3", "--ordered", "2026-10-01",
               "--item", "SF-10=10@129.9", "--note", "late one")
    parties.ok("order", "add", "SO-3", "--customer", "ACME", "--due", "fri", "--item", "CH-01=1@1")
    return parties


def test_order_list_csv_sorted_by_due_late_first(orders):
    assert orders.ok("order", "list", "-f", "csv") == (
        "order,customer,ordered,due,days_left,qty,qty_shipped,amount,currency,status,at_risk\n"
        "SO-2,NORD,2026-10-01,2026-11-17,-3,10,0,1299.00,EUR,open,false\n"
        "SO-3,ACME,2026-11-20,2026-11-27,7,1,0,1.00,USD,open,false\n"
        "SO-1,ACME,2026-11-01,2026-12-01,11,520,0,6256.67,USD,open,false\n")


def test_order_list_filters(orders):
    out = orders.ok("order", "list", "-f", "tsv", "--customer", "ACME", "--due-within", "7")
    assert out.splitlines()[1:] == ["SO-3\tACME\t2026-11-20\t2026-11-27\t7\t1\t0\t1.00\tUSD\topen\tfalse"]
    assert orders.ok("order", "list", "-f", "csv", "--due-within", "0").count("\n") == 2  # header + the late one


def test_order_list_json_fields(orders):
    rows = json.loads(orders.ok("order", "list", "-f", "json"))
    assert rows[0] == {"order": "SO-2", "customer": "NORD", "ordered": "2026-10-01", "due": "2026-11-17",
                       "days_left": -3, "qty": 10, "qty_shipped": 0, "amount": "1299.00", "currency": "EUR",
                       "status": "open", "at_risk": False}


def test_order_show_json(orders):
    shown = json.loads(orders.ok("order", "show", "SO-1", "-f", "json"))
    for key in ("order", "customer", "due", "status", "lines", "purchase_orders", "inspections", "shipments",
                "payments", "events"):
        assert key in shown
    assert shown["order"] == "SO-1" and shown["due"] == "2026-12-01" and shown["status"] == "open"
    assert shown["lines"][1] == {"line": 2, "sku": "桌-02", "description": "", "qty": 20, "qty_shipped": 0,
                                 "price": "0.333333", "amount": "6.67"}
    assert [e["command"] for e in shown["events"]] == ["order add"]


def test_order_change_keeps_the_earlier_values(orders):
    orders.ok("order", "change", "SO-1", "--due", "2026-12-15", "--item", "CH-01=600@12.00",
              "--item", "NEW-9=5@2", "--reason", "buyer added a line")
    shown = json.loads(orders.ok("order", "show", "SO-1", "-f", "json"))
    assert shown["due"] == "2026-12-15"
    assert [(ln["sku"], ln["qty"], ln["price"]) for ln in shown["lines"]] == [
        ("CH-01", 600, "12.00"), ("桌-02", 20, "0.333333"), ("NEW-9", 5, "2.00")]
    change = shown["events"][-1]
    assert change["reason"] == "buyer added a line"
    before, after = json.loads(change["before"]), json.loads(change["after"])
    assert before["due"] == "2026-12-01" and before["lines"][0]["qty"] == 500
    assert after["due"] == "2026-12-15" and after["lines"][0]["qty"] == 600
    log = orders.ok("log", "SO-1", "-f", "csv")
    assert log.count("\n") == 3 and "buyer added a line" in log


def test_order_cancel(orders):
    orders.ok("order", "cancel", "SO-3", "--reason", "buyer withdrew")
    assert "SO-3" not in orders.ok("order", "list", "-f", "csv")
    assert "SO-3,ACME,2026-11-20,2026-11-27,,1,0,1.00,USD,cancelled,false" in orders.ok("order", "list", "--all", "-f", "csv")
    orders.refused("order", "cancel", "SO-3", "--reason", "again", message="already cancelled")
    orders.refused("order", "change", "SO-3", "--due", "+9", "--reason", "x", message="is cancelled")


@pytest.mark.parametrize("args, code, message", [
    (("SO-9", "--customer", "NOPE", "--due", "+3", "--item", "A=1@1"), 1, "unknown customer 'NOPE'"),
    (("SO-1", "--customer", "ACME", "--due", "+3", "--item", "A=1@1"), 1, "order 'SO-1' already exists"),
    (("SO-9", "--customer", "ACME", "--due", "someday", "--item", "A=1@1"), 2, "bad --due 'someday'"),
    (("SO-9", "--customer", "ACME", "--due", "2026-02-30", "--item", "A=1@1"), 2, "bad --due"),
    (("SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=0@1"), 2, "bad quantity '0'"),
    (("SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=-5@1"), 2, "bad quantity '-5'"),
    (("SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=ten@1"), 2, "bad quantity 'ten'"),
    (("SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=1.5@1"), 2, "bad quantity '1.5'"),
    (("SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=1@-2"), 2, "bad price '-2'"),
    (("SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=1@abc"), 2, "bad price 'abc'"),
    (("SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=1@1.1234567"), 2, "at most 6 decimal places"),
    (("SO-9", "--customer", "ACME", "--due", "+3", "--item", "A1@1"), 2, "write SKU=QTY@PRICE"),
    (("SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=1@1", "--item", "A=2@1"), 2, "given twice"),
    (("SO-9", "--customer", "ACME", "--due", "-30", "--item", "A=1@1"), 1, "before the order date"),
    (("SO-9", "--customer", "ACME", "--due", "+3"), 2, "Missing option '--item'"),
])
def test_order_add_refusals(orders, args, code, message):
    orders.refused("order", "add", *args, code=code, message=message)


def test_order_change_refusals(orders):
    orders.refused("order", "change", "SO-1", "--due", "+9", code=2, message="needs --reason")
    orders.refused("order", "change", "SO-1", "--due", "+9", "--reason", " ", code=2, message="needs --reason")
    orders.refused("order", "change", "SO-1", "--reason", "x", code=2, message="nothing to change")
    orders.refused("order", "change", "NOPE", "--due", "+9", "--reason", "x", message="unknown order 'NOPE'")
    orders.refused("order", "change", "SO-1", "--due", "bad", "--reason", "x", code=2, message="bad --due")
    orders.refused("order", "cancel", "SO-1", code=2, message="needs --reason")
    orders.refused("order", "show", "NOPE", message="unknown order")


def test_global_today_and_db_env(db, monkeypatch):
    from typer.testing import CliRunner
    from gendan.cli.app import whole_app
    app = whole_app()
    monkeypatch.setenv("GENDAN_DB", str(db))
    monkeypatch.setenv("GENDAN_TODAY", "2026-01-31")
    runner = CliRunner()
    assert runner.invoke(app, ["where"]).stdout == f"{db}\n"
    runner.invoke(app, ["customer", "add", "C", "--name", "C"])
    runner.invoke(app, ["order", "add", "O", "--customer", "C", "--due", "+1m", "--item", "A=1@1"])
    assert "O,C,2026-01-31,2026-02-28,28," in runner.invoke(app, ["order", "list", "-f", "csv"]).stdout
    bad = runner.invoke(app, ["--today", "nope", "order", "list"])
    assert bad.exit_code == 2 and bad.stderr.startswith("gendan: error: bad --today")


def test_version_and_usage_errors(gendan):
    from gendan import __version__
    assert gendan.ok("--version") == f"gendan {__version__}\n"
    result = gendan("order", "list", "--bogus")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("gendan: error: No such option")
    result = gendan("order", "list", "-f", "xml")
    assert result.exit_code == 2 and "table, csv" in result.stderr


def test_main_loads_only_the_command_group_it_runs():
    from gendan.cli.app import modules_for
    assert modules_for(["--db", "x.db", "--today", "2026-11-20", "po", "chase", "-f", "csv"]) == ("po",)
    assert modules_for(["--db=x.db", "supplier", "score"]) == ("party", "reports")   # + supplier prices
    assert modules_for(["export", "orders"]) == ("import_export",)
    assert modules_for(["check"]) == ("reconcile",)
    assert modules_for(["product", "list"]) == ("product",)
    from gendan.cli.app import _MODULES
    assert modules_for(["--help"]) == modules_for(["bogus"]) == _MODULES   # everything, to list or to refuse


def test_console_script_runs_a_command_in_a_real_process(db):
    import subprocess
    import sys
    run = [sys.executable, "-m", "gendan", "--db", str(db), "--today", "2026-11-20"]
    assert subprocess.run([*run, "customer", "add", "A", "--name", "甲"], capture_output=True).returncode == 0
    out = subprocess.run([*run, "customer", "list", "-f", "csv"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.splitlines()[1].startswith("A,甲,USD")
    bad = subprocess.run([*run, "po", "chase", "--window", "x"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("gendan: error: ") and bad.stderr.count("\n") == 1


def test_log_since_filters_by_date(orders):
    assert orders.ok("log", "--since", "2000-01-01", "-f", "csv").count("\n") > 3
    assert orders.ok("log", "--since", "2999-01-01", "-f", "csv") == ""   # nothing to show: nothing on stdout, not a bare header
    orders.refused("log", "--since", "someday", code=2, message="bad --since")
