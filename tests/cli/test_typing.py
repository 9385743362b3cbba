"""The command line as people type it: global options anywhere, dates in their usual forms,
and a pipe whose reader stops early (CLI.md: option placement, dates in, streams)."""
import os
import subprocess
import sys

import pytest


@pytest.fixture
def orders(parties):
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026/12/20", "--item", "CH-01=5@1")
    parties.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "20270115", "--item", "CH-01=5@1")
    return parties


def test_global_options_after_the_command_words(orders, tmp_path):
    """`gendan order list --db x.db` was "No such option '--db'"; on both paths (typer and quick)."""
    from typer.testing import CliRunner
    from gendan.cli.app import whole_app
    app, runner = whole_app(), CliRunner()
    for argv in (["order", "list", "-f", "csv", "--db", str(orders.db), "--today", "11-20"],
                 ["order", "list", "--db=" + str(orders.db), "-f", "csv", "--today=2026.11.20"]):
        result = runner.invoke(app, argv, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[1].startswith("SO-1,ACME,2026-11-20,2026-12-20,30,")
    env = {k: v for k, v in os.environ.items() if k not in ("GENDAN_DB", "GENDAN_TODAY")}
    out = subprocess.run([sys.executable, "-m", "gendan", "order", "list", "-f", "csv", "--db", str(orders.db),
                          "--today", "2026-11-20"], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and out.stdout.startswith("order,customer"), out.stderr
    orders.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-11-21", "--item", "CH-01=5@1")
    out = subprocess.run([sys.executable, "-m", "gendan", "po", "chase", "-f", "csv", "--db", str(orders.db),
                          "--today", "2026-11-20"], capture_output=True, text=True, env=env)   # the quick path
    assert out.returncode == 0 and out.stdout.startswith("po,line,sku"), out.stderr
    assert not (tmp_path / "xdg").exists() or not any((tmp_path / "xdg").rglob("*.db"))   # not the default db


def test_an_option_value_after_double_dash_stays(orders):
    from gendan.cli.quick import hoist_globals
    assert hoist_globals(["order", "add", "X", "--db", "a.db", "--", "--today"]) == \
        ["--db", "a.db", "order", "add", "X", "--", "--today"]
    assert hoist_globals(["--db", "a.db", "today", "--today=+1"]) == ["--db", "a.db", "--today=+1", "today"]


def test_dates_as_people_type_them(orders):
    """2026/12/20 and 20270115 were refused; MM-DD is the nearest such date (January is next year's)."""
    csv = orders.ok("order", "list", "-f", "csv").splitlines()
    assert [line.split(",")[3] for line in csv[1:]] == ["2026-12-20", "2027-01-15"]
    orders.ok("order", "add", "SO-3", "--customer", "ACME", "--due", "1-15", "--item", "CH-01=1@1",
              today="2026-11-30")
    orders.ok("order", "add", "SO-4", "--customer", "ACME", "--due", "12/24", "--item", "CH-01=1@1")
    # SO-3 was placed on 2026-11-30: a list as of that day shows it (rule 8, as of a date)
    listed = orders.ok("order", "list", "-f", "csv", today="2026-11-30").splitlines()[1:]
    rows = {r.split(",")[0]: r.split(",")[3] for r in listed}
    assert rows["SO-3"] == "2027-01-15" and rows["SO-4"] == "2026-12-24"


@pytest.mark.parametrize("words", [("export", "events"), ("order", "show", "SO-1"), ("order", "list"),
                                   ("po", "chase", "-f", "csv"), ("today",), ("export", "orders", "-f", "json")])
def test_a_closed_pipe_is_a_quiet_success(orders, words):
    """`gendan export events | head -1` exited 1 (click's answer to EPIPE), failing scripts under
    `set -o pipefail`. Here the reader is gone before gendan writes, so the write must fail."""
    read, write = os.pipe()
    os.close(read)
    env = {k: v for k, v in os.environ.items() if k not in ("GENDAN_DB", "GENDAN_TODAY")}
    proc = subprocess.run([sys.executable, "-m", "gendan", "--db", str(orders.db), "--today", "2026-11-20", *words],
                          stdout=write, stderr=subprocess.PIPE, env=env)
    os.close(write)
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr


def test_head_under_pipefail(orders):
    script = f'set -o pipefail; "{sys.executable}" -m gendan --db "{orders.db}" export events | head -1'
    proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("id,") and proc.stderr == "", proc.stderr


def test_unknown_references_suggest_the_one_meant(orders):
    orders.ok("po", "add", "PO-HX-101", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1")
    for args, message in [(("order", "show", "so-1"), "unknown order 'so-1' (did you mean SO-1?)"),
                          (("po", "show", "PO-HX101"), "unknown PO 'PO-HX101' (did you mean PO-HX-101?)"),
                          (("customer", "show", "acme"), "unknown customer 'acme' (did you mean ACME?)"),
                          (("supplier", "show", "hx"), "unknown supplier 'hx' (did you mean HX?)"),
                          (("pay", "in", "ACME", "--amount", "1", "--order", "so1"), "did you mean SO-1?"),
                          (("ship", "SO-1", "--item", "ch-01=1", "--force", "--reason", "x"), "did you mean CH-01?"),
                          (("order", "show", "XYZ-9"), "unknown order 'XYZ-9' (see 'gendan order list --all')")]:
        result = orders.refused(*args)
        assert result.stderr == f"gendan: error: {message}\n" or message in result.stderr, result.stderr


def test_a_po_number_is_not_called_po_twice(parties):
    """`PO PO-7 is already cancelled` read oddly: the number says what it is."""
    parties.ok("po", "add", "PO-7", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1")
    parties.ok("po", "add", "4711", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1")
    for no in ("PO-7", "4711"):
        parties.ok("po", "cancel", no, "--reason", "x")
    assert parties.refused("po", "cancel", "PO-7", "--reason", "x").stderr == "gendan: error: PO-7 is already cancelled\n"
    assert parties.refused("po", "cancel", "4711", "--reason", "x").stderr == "gendan: error: PO 4711 is already cancelled\n"
