"""`check` sees what breaks the reports, and the reports say how to repair it."""
import sqlite3


def _break_setting(db) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('buffer_days', 'abc')")
    conn.close()


def test_a_broken_setting_is_found_by_check_and_named_by_the_report(parties):
    _break_setting(parties.db)
    result = parties("check")
    assert result.exit_code == 1
    assert "buffer_days" in result.stdout + result.stderr and "gendan settings buffer_days" in result.stdout + result.stderr
    report = parties("today")
    assert report.exit_code == 1, report.stdout
    assert report.stderr.startswith("gendan: error: setting buffer_days holds 'abc'"), report.stderr
    assert "internal error" not in report.stderr


def test_a_holiday_country_nobody_knows_is_found_and_named(parties):
    """'XX' written by hand made `holiday list`, `order plan` and `progress` an internal error,
    and `check` saw nothing."""
    conn = sqlite3.connect(parties.db)
    with conn:
        conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('holiday_country', 'XX')")
    conn.close()
    assert "gendan holiday country CN" in parties("check").stdout
    listed = parties("holiday", "list")
    assert listed.exit_code == 1 and "setting holiday_country holds 'XX'" in listed.stderr
    assert "internal error" not in listed.stderr
    parties.ok("holiday", "country", "CN")
    parties.ok("check")


# -- a database changed outside gendan, one way each -------------------------------------------
import shutil  # noqa: E402

import pytest  # noqa: E402

from tests.conftest import Gendan  # noqa: E402

DEMO_TODAY = "2026-12-01"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The demo's month of work, made once; each test tampers with a copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert Gendan(path, DEMO_TODAY).ok("demo", "--db", str(path)) is not None
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    copy = tmp_path / "tampered.db"
    shutil.copyfile(demo_file, copy)
    return Gendan(copy, DEMO_TODAY)


def _tamper(db, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.executescript(sql)
    conn.close()


TAMPERED = {   # what a hand edit did → what `check` must say about it
    "text in a number column": ("UPDATE receipts SET qty = 'ten' WHERE rowid = (SELECT min(rowid) FROM receipts)",
                                "qty holds 'ten', not a whole number"),
    "text in a money column": ("UPDATE po_lines SET price = 'x1' WHERE rowid = 2", "price holds 'x1', not a decimal"),
    "bad amount": ("UPDATE payments SET amount = 'abc' WHERE rowid = 1", "amount holds 'abc', not a decimal"),
    "date in another form": ("UPDATE orders SET due = '2026/12/18' WHERE order_no = 'SO-2401'",
                             "orders SO-2401: due holds '2026/12/18', not a date YYYY-MM-DD"),
    "date that is no date": ("UPDATE receipts SET date = 'yesterday' WHERE rowid = (SELECT min(rowid) FROM receipts)",
                             "date holds 'yesterday', not a date YYYY-MM-DD"),
    "impossible date": ("UPDATE po_lines SET due = '2026-02-30' WHERE rowid = 1", "due holds '2026-02-30'"),
    "closed date in another form": ("UPDATE po_lines SET closed_on = '2026/11/01' WHERE rowid = "
                                    "(SELECT min(rowid) FROM po_lines WHERE open = 0)", "closed_on holds '2026/11/01'"),
    "text in a BOM quantity": ("UPDATE bom_parts SET qty_per = 'four' WHERE rowid = 1", "qty_per holds 'four'"),
    "missing table": ("DROP TABLE chases", "table chases is missing"),
    "missing index": ("DROP INDEX po_lines_open_by_due", "index po_lines_open_by_due on po_lines is missing"),
    "broken setting": ("INSERT OR REPLACE INTO settings (key, value) VALUES ('buffer_days', 'abc')",
                       "gendan settings buffer_days"),
    "broken pattern": ("INSERT OR REPLACE INTO settings (key, value) VALUES ('po_number_pattern', '')",
                       "holds '', not a PO number pattern (set it again: gendan settings po_number_pattern"),
}


def test_the_demo_as_written_has_no_findings(demo):
    assert demo("check").exit_code == 0


@pytest.mark.parametrize("case", TAMPERED)
def test_check_finds_each_hand_edit_and_says_how_to_repair_it(demo, case):
    sql, expected = TAMPERED[case]
    _tamper(demo.db, sql)
    result = demo("check")
    assert result.exit_code == 1, result.stdout
    assert "internal error" not in result.stdout + result.stderr
    found = [line for line in result.stdout.splitlines() if expected in line]
    assert found, result.stdout
    assert "sqlite3 " in found[0] or "gendan " in found[0], found[0]   # the repair, in the same line


@pytest.mark.parametrize("case", TAMPERED)
def test_reports_on_hand_edited_data_work_or_point_at_check(demo, case):
    _tamper(demo.db, TAMPERED[case][0])
    for command in (["today"], ["po", "chase"], ["order", "list"], ["reconcile", "aging"]):
        result = demo(*command)
        if result.exit_code == 0:
            continue
        lines = result.stderr.splitlines()
        assert result.exit_code == 1 and len(lines) == 1, (command, result.stderr)
        assert "internal error" not in lines[0] and "Traceback" not in lines[0], lines[0]
        assert "gendan check" in lines[0] or "gendan settings" in lines[0], lines[0]


def test_a_value_in_a_fixable_form_gets_its_exact_repair(demo):
    _tamper(demo.db, TAMPERED["date in another form"][0])
    line = next(ln for ln in demo("check").stdout.splitlines() if "SO-2401" in ln)
    assert "UPDATE orders SET due = '2026-12-18' WHERE rowid = " in line
    sql = line[line.index("UPDATE"):line.rindex('"')]
    _tamper(demo.db, sql)
    assert demo("check").exit_code == 0


def _damage_page(db, table: str) -> None:
    conn = sqlite3.connect(db)
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\xff" * size)


def test_a_damaged_page_says_restore_a_backup_not_run_check(demo):
    _damage_page(demo.db, "po_lines")
    result = demo("check")
    assert result.exit_code == 1
    assert "restore the latest backup" in result.stdout and "gendan backup" in result.stdout, result.stdout
    for command in (["today"], ["po", "list"]):
        report = demo(*command)
        assert report.exit_code == 1
        assert report.stderr.count("\n") == 1, report.stderr
        assert "restore the latest backup" in report.stderr and "run 'gendan check'" not in report.stderr


def test_a_damaged_schema_page_says_restore_not_another_program(demo):
    """Page 1 (the schema) overwritten past the file header: still SQLite, but damaged."""
    with open(demo.db, "r+b") as f:
        f.seek(100)
        f.write(b"\x07" * 3996)
    for command in (["check"], ["today"]):
        result = demo(*command)
        assert result.exit_code == 1
        assert result.stderr.startswith("gendan: error: the database file is damaged"), result.stderr
        assert "restore the latest backup" in result.stderr and "another" not in result.stderr


def test_a_dropped_table_a_pending_migration_needs_says_restore(tmp_path, monkeypatch):
    """An older database with a table dropped by hand: the upgrade cannot run, and says why."""
    from gendan.errors import StoreError
    from gendan.store import migrations
    from gendan.store.db import open_store
    path = tmp_path / "old.db"
    open_store(path).close()
    _tamper(path, "DROP TABLE chases")
    step = ("m999_test_step", ["CREATE INDEX chases_test ON chases(date)"])
    monkeypatch.setattr(migrations, "STEPS", migrations.STEPS + [step])
    monkeypatch.setattr(migrations, "NAMES", migrations.NAMES + (step[0],))
    with pytest.raises(StoreError, match=r"cannot bring database .* up to date: no such table: main.chases "
                                         r"\(a table or column was removed outside gendan: restore the latest backup"):
        open_store(path)


def test_the_printed_repairs_of_the_flags_repair_them(demo):
    _tamper(demo.db, "UPDATE po_lines SET open = 1 - open WHERE rowid = 1; "
                     "UPDATE orders SET closed = 1 - closed WHERE order_no = 'SO-2402'")
    findings = demo("check").stdout.splitlines()
    repairs = [ln[ln.index('"') + 1:ln.rindex('"')] for ln in findings if "repair: sqlite3" in ln]
    assert len(repairs) == 2, findings
    for sql in repairs:
        _tamper(demo.db, sql)
    assert demo("check").exit_code == 0
