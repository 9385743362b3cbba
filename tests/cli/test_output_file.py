"""`-o FILE` (written atomically) for every format, and `-f xlsx` workbooks from the commands."""
import io
from pathlib import Path
import os
import subprocess
import sys
from datetime import date, datetime

import openpyxl
import pytest

from tests.conftest import TODAY


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    from gendan.cli import demo
    path = tmp_path_factory.mktemp("xlsx") / "demo.db"
    demo.build(str(path), date.fromisoformat(TODAY))
    return str(path)


@pytest.fixture
def demo(demo_db, tmp_path):
    from tests.conftest import Gendan
    return Gendan(Path(demo_db))


def sheets(path) -> dict:
    """{sheet name: [header, rows…]} with openpyxl's cells."""
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows()] for ws in wb}


def test_listing_as_workbook(demo, tmp_path):
    out = tmp_path / "pos.xlsx"
    result = demo("po", "list", "-f", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["po list"]
    ws = wb["po list"]
    header = [c.value for c in ws[1]]
    csv_lines = demo.ok("po", "list", "-f", "csv").splitlines()
    assert header == csv_lines[0].split(",")
    assert ws.max_row == len(csv_lines)
    row = {h: c for h, c in zip(header, ws[2])}
    assert isinstance(row["due"].value, datetime) and row["due"].number_format == "yyyy-mm-dd"
    assert isinstance(row["qty"].value, int)
    assert row["amount"].number_format == "0.00" and isinstance(row["amount"].value, float)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}{ws.max_row}"
    assert all(c.font.b for c in ws[1])


def test_today_has_one_sheet_per_section(demo, tmp_path):
    out = tmp_path / "today.xlsx"
    demo.ok("today", "-f", "xlsx", "-o", str(out))
    import json
    report = json.loads(demo.ok("today", "-f", "json"))
    got = sheets(out)
    assert len(got) == len([k for k, v in report.items() if isinstance(v, list) and v])
    assert "POs to chase" in got
    chase = got["POs to chase"]
    assert len(chase) - 1 == len(report["pos_to_chase"])


def test_workbook_to_a_pipe(demo):
    result = demo("po", "chase", "-f", "xlsx")
    assert result.exit_code == 0, result.stderr
    data = result.stdout_bytes
    assert data[:2] == b"PK"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["po chase"]


def test_workbook_to_a_terminal_is_a_usage_error(demo_db, tmp_path):
    """On a terminal without -o: exit 2 and nothing on the terminal but the error."""
    import pty
    main, sub = pty.openpty()
    proc = subprocess.run([sys.executable, "-m", "gendan", "--db", demo_db, "--today", TODAY, "po", "list",
                           "-f", "xlsx"], stdout=sub, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    os.close(sub)
    os.close(main)
    assert proc.returncode == 2
    assert proc.stderr.startswith("gendan: error: -f xlsx writes an Excel workbook") and "-o FILE" in proc.stderr


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "markdown", "table"])
def test_output_file_holds_what_stdout_would(demo, tmp_path, fmt):
    out = tmp_path / f"orders.{fmt}"
    result = demo("order", "list", "-f", fmt, "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == demo.ok("order", "list", "-f", fmt)
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)   # not the private mode of a temp file


def test_a_failed_command_leaves_the_file_as_it_was(demo, tmp_path):
    out = tmp_path / "keep.csv"
    out.write_text("before\n")
    demo.refused("order", "show", "NOPE", "-f", "csv", "-o", str(out))
    demo.refused("order", "list", "-o", str(out), "--bogus", code=2)
    assert out.read_text() == "before\n"
    assert sorted(os.listdir(tmp_path)) == ["keep.csv"]   # no temporary file left behind


def test_dash_is_stdout(demo):
    assert demo.ok("po", "list", "-f", "csv", "-o", "-") == demo.ok("po", "list", "-f", "csv")


def test_output_into_a_missing_folder(demo, tmp_path):
    demo.refused("po", "list", "-o", str(tmp_path / "no" / "x.csv"), message="no folder")
    demo.refused("po", "list", "-o", str(tmp_path), code=2, message="is a directory")


def test_output_never_replaces_the_database(demo):
    demo.refused("po", "list", "-o", str(demo.db), code=2, message="is the database itself")
    for suffix in ("-wal", "-shm", "-journal"):   # replacing the -wal file lost committed changes
        demo.refused("po", "list", "-o", str(demo.db) + suffix, code=2, message="one of its files")


def test_output_through_a_symlink_writes_its_target(demo, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    demo.ok("po", "list", "-f", "csv", "-o", str(link))
    assert link.is_symlink() and target.read_text(encoding="utf-8") == demo.ok("po", "list", "-f", "csv")


def _big_copy(demo_db, tmp_path) -> Path:
    """The demo with 2^9 times its events: an export long enough to be interrupted."""
    import sqlite3
    db = tmp_path / "big.db"
    conn = sqlite3.connect(db)
    with sqlite3.connect(demo_db) as src:
        src.backup(conn)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(events)") if r[1] != "id"]
    for _ in range(9):   # 2^9 times the demo's events
        conn.execute(f"INSERT INTO events ({', '.join(cols)}) SELECT {', '.join(cols)} FROM events")
    conn.commit()
    conn.close()
    return db


def test_a_killed_export_leaves_the_file_as_it_was(demo_db, tmp_path):
    """kill -9 in the middle of writing: FILE still holds the old text (the temporary file
    beside it is all that is left)."""
    import signal
    import time
    db = _big_copy(demo_db, tmp_path)
    out = tmp_path / "events.csv"
    out.write_text("old\n")
    proc = subprocess.Popen([sys.executable, "-m", "gendan", "--db", str(db), "export", "events", "-o", str(out)],
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")] and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL   # killed while writing, not after
    assert out.read_text() == "old\n"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_interrupted_export_leaves_the_file_as_it_was(demo_db, tmp_path, fmt):
    """Ctrl-C in the middle of writing replaced FILE with what was written so far (typer
    turned the interrupt into an exit code, which read as success): now FILE keeps its old
    text, exit 130, and no temporary file is left."""
    import signal
    import time
    db = _big_copy(demo_db, tmp_path)
    out = tmp_path / f"events.{fmt}"
    out.write_text("old\n")
    proc = subprocess.Popen([sys.executable, "-m", "gendan", "--db", str(db), "export", "events", "-f", fmt,
                             "-o", str(out)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")] and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    assert proc.wait() == 130
    assert out.read_text() == "old\n"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_the_quick_path_writes_files_too(demo_db, tmp_path):
    """`po chase` and `today` are parsed without typer (cli/quick.py): -o and xlsx work there."""
    for args, name in ((["po", "chase", "-f", "xlsx", "-o"], "c.xlsx"), (["today", "-o"], "t.txt")):
        proc = subprocess.run([sys.executable, "-m", "gendan", "--db", demo_db, "--today", TODAY, *args,
                               str(tmp_path / name)], capture_output=True, text=True, env=os.environ | {"NO_COLOR": "1"})
        assert proc.returncode == 0 and proc.stdout == "", proc.stderr
    assert list(sheets(tmp_path / "c.xlsx")) == ["po chase"]
    assert "POs to chase" in (tmp_path / "t.txt").read_text(encoding="utf-8")


def test_export_as_workbook(demo, tmp_path):
    out = tmp_path / "pl.xlsx"
    demo.ok("export", "po_lines", "-f", "xlsx", "-o", str(out))
    rows = sheets(out)["po_lines"]
    csv_rows = demo.ok("export", "po_lines").splitlines()
    assert len(rows) == len(csv_rows)
    head = [c.value for c in rows[0]]
    assert head == csv_rows[0].split(",")
    first = dict(zip(head, rows[1]))
    assert first["due"].is_date and first["price"].number_format in ("0.00", "0.00####")
    assert first["open"].data_type == "b"


def test_shipping_documents_as_workbooks(demo, tmp_path):
    shipment = demo.ok("export", "shipments").splitlines()[1].split(",")[0]
    for flag, title, key in (("--packing-list", "Packing list", "cartons"), ("--invoice", "Invoice", "amount")):
        out = tmp_path / f"{title}.xlsx"
        demo.ok("ship", "docs", shipment, flag, "-f", "xlsx", "-o", str(out))
        got = sheets(out)
        assert list(got) == [title, f"{title} {shipment}"]
        table = got[title]
        head = [c.value for c in table[0]]
        total = dict(zip(head, table[-1]))
        assert total[head[0]].value == "total"
        column = head.index(key)
        assert total[key].value == pytest.approx(sum(r[column].value for r in table[1:-1]))
        details = {r[0].value: r[1].value for r in got[f"{title} {shipment}"][1:]}
        assert details["shipment"] == shipment


def test_a_shown_record_has_a_sheet_per_section(demo, tmp_path):
    out = tmp_path / "po.xlsx"
    po = demo.ok("po", "list", "-f", "csv").splitlines()[1].split(",")[0]
    result = demo("po", "show", po, "-f", "xlsx", "-o", str(out))
    assert result.exit_code == 0 and result.stderr == ""   # the section headings name sheets
    names = list(sheets(out))
    assert names[0] == "po show" and "lines" in names


def test_nothing_to_list_is_an_empty_sheet_named_for_the_command(demo, tmp_path):
    out = tmp_path / "check.xlsx"
    demo.ok("reconcile", "check", "-f", "xlsx", "-o", str(out))
    assert list(sheets(out)) == ["reconcile check"]
    piped = demo("reconcile", "check", "-f", "xlsx")   # to stdout (a pipe), nothing listed either
    assert piped.exit_code == 0, piped.stderr
    assert openpyxl.load_workbook(io.BytesIO(piped.stdout_bytes)).sheetnames == ["reconcile check"]


def test_workbook_libraries_load_only_for_workbooks(demo_db, tmp_path):
    """XlsxWriter and calamine are imported when a workbook is written or read, never by the
    morning's commands or a CSV listing (start-up time is a goal: bench goals 1 and 4)."""
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print(sorted({'xlsxwriter', 'python_calamine', 'openpyxl'} & set(sys.modules)),"
            " file=sys.stderr))\n"
            f"sys.argv = ['gendan', '--db', {demo_db!r}, '--today', {TODAY!r}, *sys.argv[1:]]\n"
            "from gendan.cli import main\nmain()\n")
    runs = {("today",): "[]", ("po", "chase", "-f", "csv"): "[]", ("po", "list", "-o", str(tmp_path / "p.csv")): "[]",
            ("po", "list", "-f", "xlsx", "-o", str(tmp_path / "p.xlsx")): "['xlsxwriter']"}
    for args, loaded in runs.items():
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                              env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
        assert proc.returncode == 0 and proc.stderr.splitlines()[-1] == loaded, (args, proc.stderr)


def test_an_exit_code_by_contract_keeps_the_file(demo, tmp_path):
    """`--exit-code` exits 1 when anything is overdue: the report is still written."""
    out = tmp_path / "chase.csv"
    result = demo("po", "chase", "--exit-code", "-f", "csv", "-o", str(out))
    assert result.exit_code == 1 and result.stderr == ""
    assert out.read_text(encoding="utf-8") == demo("po", "chase", "-f", "csv").stdout


def test_a_shown_records_money_and_dates_are_typed(demo, tmp_path):
    """order show's payments had their amount as text, its POs' first_promised too (new user)."""
    out = tmp_path / "o.xlsx"
    demo.ok("order", "show", "SO-2401", "-f", "xlsx", "-o", str(out))
    book = sheets(out)
    pays = book["payments"]
    assert isinstance(pays[1][[c.value for c in pays[0]].index("amount")].value, float)
    pos = book["purchase orders"]
    col = [c.value for c in pos[0]].index("first_promised")
    assert all(isinstance(r[col].value, (datetime, type(None))) for r in pos[1:])
