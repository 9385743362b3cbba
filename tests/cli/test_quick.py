"""The quick path (cli/quick.py) is typer for the lines it takes: same options, same output.

Every other test of `po chase` and `today` already runs through it (GendanGroup.main tries it
first); here its tables are held against typer's declarations, and generated command lines —
plain, odd and wrong — run both ways must give the same stdout, stderr and exit code.
"""
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from gendan.cli import demo, quick
from tests.profiles import examples

TODAY = "2026-11-20"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("fast") / "demo.db"
    demo.build(str(path), date.fromisoformat(TODAY))
    return str(path)


def _click():
    from gendan.cli.app import whole_app
    app = whole_app()
    return get_command(app)


def test_tables_match_typers_options():
    root = _click()
    by_opt = {o: p for p in root.params for o in p.opts}
    for name in quick.GLOBAL:
        assert name in by_opt and not by_opt[name].is_flag
    assert by_opt["--db"].envvar == "GENDAN_DB" and by_opt["--today"].envvar == "GENDAN_TODAY"
    for words, spec in quick.COMMANDS.items():
        cmd = root
        for w in words:
            cmd = cmd.commands[w]
        params = {o: p for p in cmd.params for o in p.opts}
        for name, kind in spec.items():
            assert name in params, (words, name)
            assert params[name].is_flag == (kind is quick.FLAG), (words, name)
        for short, long in quick.SHORT.items():
            assert params[short] is params[long]
        window = params["--window"]
        assert window.type.min == 0 and (window.type.max is None or window.type.max >= quick.WINDOW_MAX)


@pytest.mark.parametrize("argv", [
    ["po", "chase"], ["--db", "x.db", "po", "chase", "-f", "csv"], ["--today=2026-11-20", "today"],
    ["po", "chase", "--window", "7", "--supplier", "HX", "--exit-code", "--message", "--lang", "en"],
    ["today", "--window=0", "--format=markdown", "--exit-code"],
])
def test_plain_lines_take_the_fast_path(argv):
    assert quick.parse(argv) is not None


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["po", "chase", "--help"], ["po", "chase", "PO-7"], ["po", "chase", "--via", "phone"],
    ["po", "chase", "-f", "xml"], ["po", "chase", "-fcsv"], ["po", "chase", "--window", "x"],
    ["po", "chase", "--window", "+3"], ["today", "--window", "3651"], ["po", "chase", "--supplier", "-x"],
    ["po", "chase", "--supplier="], ["po", "chase", "--exit-code=1"], ["po", "chase", "-f", "csv", "-f", "json"],
    ["po", "--db", "x", "chase"], ["today", "--db", "x"], ["--version"], ["po", "chase", "--"], ["po", "list"],
    ["po", "chase", "--window"], ["--db"], ["po", "chase", "--lang", "fr"],
])
def test_anything_else_is_left_to_typer(argv):
    assert quick.parse(argv) is None


def test_a_fast_command_loads_neither_typer_nor_click(demo_db):
    import subprocess
    import sys
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print(sorted({'typer', 'click', 'rich'} & set(sys.modules)), file=sys.stderr))\n"
            f"sys.argv = ['gendan', '--db', {demo_db!r}, '--today', {TODAY!r}, *sys.argv[1:]]\n"
            "from gendan.cli import main\nmain()\n")
    for args in (["po", "chase", "-f", "csv"], ["today"]):
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                              env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
        assert proc.returncode == 0 and proc.stderr == "[]\n", (args, proc.stderr)
        assert proc.stdout.count("\n") > 5
    typer_line = subprocess.run([sys.executable, "-c", code, "po", "chase", "--window", "x"], capture_output=True,
                                text=True, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    assert typer_line.returncode == 2 and "'typer'" in typer_line.stderr


VALUES = {
    "--window": ["0", "3", "14", "3650", "3651", "007", "x", "-1", "+5", "٣", ""],
    "--supplier": ["HX", "MF", "NOPE", "恒兴", "", "-x", "hx"],
    "--lang": ["zh", "en", "fr", ""],
    "--format": ["table", "csv", "tsv", "json", "jsonl", "markdown", "xml", ""],
    "-f": ["csv", "json", "markdown", "table", "CSV"],
    "--today": [TODAY, "2026-12-24", "+3", "fri", "-3", "bad", "", "2026-02-30"],
}
FLAGS = ["--exit-code", "--message", "--help", "--bogus", "--", "PO-JX-1001", "--via", "--version"]


def _option():
    valued = st.sampled_from(sorted(VALUES)).flatmap(
        lambda name: st.sampled_from(VALUES[name]).flatmap(
            lambda v: st.sampled_from([[name, v], [f"{name}={v}"]])))
    return st.one_of(valued, st.sampled_from(FLAGS).map(lambda f: [f]))


@st.composite
def command_lines(draw, db: str):
    head = draw(st.lists(st.sampled_from([["--db", db], [f"--db={db}"], ["--today", draw(st.sampled_from(
        VALUES["--today"]))], ["--db"]]), max_size=3))
    words = draw(st.sampled_from([["po", "chase"], ["today"], ["today"], ["po", "chase"], ["po"], ["chase"]]))
    tail = draw(st.lists(_option(), max_size=4))
    return [a for part in head for a in part] + words + [a for part in tail for a in part]


ENVS = st.fixed_dictionaries({"GENDAN_TODAY": st.sampled_from([TODAY, "", "2026-11-27", "nope"]),
                              "GENDAN_DB": st.sampled_from(["", "db"]), "NO_COLOR": st.just("1")})


@pytest.mark.slow
@settings(max_examples=examples(250), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_both_paths_print_the_same(demo_db, data, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)   # `--db --db` makes typer open a file named '--db'
    argv = data.draw(command_lines(demo_db))
    env = data.draw(ENVS)
    env["GENDAN_DB"] = demo_db if env["GENDAN_DB"] else ""
    from gendan.cli.app import whole_app
    app = whole_app()
    runner = CliRunner()
    fast = runner.invoke(app, argv, env=env, catch_exceptions=False)
    with monkeypatch.context() as m:
        m.setattr(quick, "parse", lambda args: None)
        slow = runner.invoke(app, argv, env=env, catch_exceptions=False)
    assert (fast.exit_code, fast.stdout, fast.stderr) == (slow.exit_code, slow.stdout, slow.stderr), argv


def test_ctrl_c_exits_130_on_both_paths(demo_db, monkeypatch):
    """Ctrl-C during the chase list: typer exits 130 (128 + SIGINT) without a traceback; so does
    the quick path."""
    from gendan.cli import chase
    from gendan.cli.app import whole_app
    app = whole_app()

    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(chase, "chase_list", interrupted)
    argv = ["--db", demo_db, "--today", TODAY, "po", "chase", "-f", "csv"]
    fast = CliRunner().invoke(app, argv, catch_exceptions=False)
    monkeypatch.setattr(quick, "parse", lambda args: None)
    slow = CliRunner().invoke(app, argv, catch_exceptions=False)
    assert (fast.exit_code, fast.stderr) == (slow.exit_code, slow.stderr) == (130, "")


def test_the_morning_commands_run_with_the_garbage_collector_paused(demo_db, monkeypatch):
    """The quick path pauses the cyclic collector for `po chase` and `today` (what the bench
    measured) while they run, and turns it on again after; other commands keep it on."""
    import gc
    from gendan.cli import chase, today
    from gendan.cli.app import whole_app
    from gendan.store import order_status
    seen = {}

    def watching(name, real):
        def run(*args, **kw):
            seen[name] = gc.isenabled()
            return real(*args, **kw)
        return run
    monkeypatch.setattr(chase, "chase_list", watching("po chase", chase.chase_list))
    monkeypatch.setattr(today, "run", watching("today", today.run))
    monkeypatch.setattr(order_status, "order_rows", watching("order list", order_status.order_rows))
    for args in (["po", "chase", "-f", "csv"], ["today"], ["order", "list"]):
        result = CliRunner().invoke(whole_app(), ["--db", demo_db, "--today", TODAY, *args], catch_exceptions=False)
        assert result.exit_code == 0 and result.stdout, (args, result.stderr)
        assert gc.isenabled(), args
    assert seen == {"po chase": False, "today": False, "order list": True}
