"""Nothing is lost: environment faults, file permissions, kill -9 mid-import, concurrent writers.

These run gendan as real processes (`python -m gendan`), the way a user and cron do, so they
also prove that no traceback reaches a person.
"""
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability import (as_plain_user, assert_one_error_line, count, env, has_command, integrity,
                               run)

ROOT_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture
def made(tmp_path) -> Path:
    """A database with one customer, written and closed by gendan itself."""
    db = tmp_path / "made.db"
    run(db, "customer", "add", "ACME", "--name", "Acme Home Inc.", check=True)
    return db


def leftovers(db: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


# -- environment faults ------------------------------------------------------------------------
def test_read_only_database_refuses_writes_in_one_line_and_still_reads(made):
    os.chmod(made, 0o444)
    before = made.read_bytes()
    plain = as_plain_user()
    line = assert_one_error_line(run(made, "customer", "add", "NEW", "--name", "x", prefix=plain), 1, "read-only")
    assert str(made) in line
    assert made.read_bytes() == before
    listing = run(made, "customer", "list", "-f", "csv", prefix=plain)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.decode().splitlines()[1].startswith("ACME,")
    assert made.read_bytes() == before


def test_read_only_directory_without_wal_files_gives_one_line(made):
    """WAL readers need a -shm file beside the database; where none can be made, say so."""
    os.chmod(made, 0o444)
    os.chmod(made.parent, 0o555)
    try:
        before = made.read_bytes()
        proc = run(made, "customer", "list", prefix=as_plain_user())
        if proc.returncode:
            assert_one_error_line(proc, 1, "permissions")
        assert made.read_bytes() == before
    finally:
        os.chmod(made.parent, 0o755)


def test_missing_directory_is_one_line_and_creates_nothing(tmp_path):
    db = tmp_path / "no" / "such" / "dir" / "g.db"
    assert_one_error_line(run(db, "customer", "add", "A", "--name", "a"), 1, "does not exist")
    assert_one_error_line(run(db, "order", "list"), 1, "does not exist")
    assert not (tmp_path / "no").exists()


def test_database_from_a_newer_gendan_is_refused_untouched(made):
    conn = sqlite3.connect(made)
    with conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('gendan', 'm999_from_the_future', '2030-01-01')")
    conn.close()
    before = made.read_bytes()
    for args in (["customer", "list"], ["customer", "add", "NEW", "--name", "x"], ["order", "list"]):
        assert_one_error_line(run(made, *args), 1, "newer gendan")
        assert made.read_bytes() == before


def _another_programs_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.com')")
    conn.close()


NOT_GENDAN = {
    "text": lambda p: p.write_text("order,customer,due\nSO-1,ACME,2026-12-01\n", encoding="utf-8"),
    "binary": lambda p: p.write_bytes(bytes(range(256)) * 64),
    "sqlite-header-garbage": lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4080),
    "another-programs-sqlite": _another_programs_database,
}


@pytest.mark.parametrize("kind", NOT_GENDAN)
def test_a_file_that_is_not_a_gendan_database_is_refused_untouched(tmp_path, kind):
    db = tmp_path / "not.db"
    NOT_GENDAN[kind](db)
    before = db.read_bytes()
    for args in (["customer", "list"], ["customer", "add", "NEW", "--name", "x"]):
        assert_one_error_line(run(db, *args), 1, "database")
        assert db.read_bytes() == before


def test_a_truncated_database_fails_in_one_line(made):
    data = made.read_bytes()
    made.write_bytes(data[:8192])
    before = made.read_bytes()
    assert_one_error_line(run(made, "customer", "list"), 1)
    assert made.read_bytes() == before


def test_a_directory_as_database_is_one_line(tmp_path):
    assert_one_error_line(run(tmp_path, "customer", "list"), 1, "directory")


# -- permissions -------------------------------------------------------------------------------
def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_is_private_even_with_a_permissive_umask(tmp_path):
    db = tmp_path / "new.db"
    run(db, "customer", "add", "ACME", "--name", "Acme", check=True, preexec_fn=lambda: os.umask(0))
    assert _mode(db) == 0o600


def test_wal_and_shm_files_are_private_too(tmp_path):
    from gendan.store.db import open_store
    db = tmp_path / "wal.db"
    old = os.umask(0)
    try:
        store = open_store(db)
        with store.transaction():
            store.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
        assert store.scalar("PRAGMA journal_mode") == "wal"
        for suffix in ("", "-wal", "-shm"):
            assert _mode(Path(str(db) + suffix)) == 0o600, suffix
        store.close()
    finally:
        os.umask(old)


def test_the_default_database_and_its_directory_are_private(tmp_path):
    xdg = tmp_path / "xdg"
    proc = subprocess.run([sys.executable, "-m", "gendan", "customer", "add", "A", "--name", "a"],
                          capture_output=True, env=env(XDG_DATA_HOME=str(xdg)), preexec_fn=lambda: os.umask(0))
    assert proc.returncode == 0, proc.stderr
    assert _mode(xdg / "gendan") == 0o700
    assert _mode(xdg / "gendan" / "gendan.db") == 0o600


@pytest.mark.slow
def test_demo_and_backup_files_are_private(tmp_path):
    demo = tmp_path / "demo.db"
    proc = run(demo, "demo", "--db", str(demo), preexec_fn=lambda: os.umask(0))
    assert proc.returncode == 0, proc.stderr
    assert _mode(demo) == 0o600
    if has_command("backup"):
        copy = tmp_path / "copy.db"
        proc = run(demo, "backup", str(copy), preexec_fn=lambda: os.umask(0))
        assert proc.returncode == 0, proc.stderr
        assert _mode(copy) == 0o600


# -- crash: kill -9 in the middle of an import -------------------------------------------------
N_CRASH_LINES = 20_000
LINES_PER_PO = 4


def _pos_csv(path: Path, n: int) -> None:
    rows = ["po,supplier,due,sku,qty,price,description"]
    for i in range(n):
        po, line = divmod(i, LINES_PER_PO)
        rows.append(f"PO-{po:06d},{'HX' if po % 2 else 'MF'},2026-12-{1 + po % 28:02d},SKU-{line},"
                    f"{100 + i % 900},{(i % 5000) / 100:.2f},part {i} 零件")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_kill_9_during_import_leaves_none_or_all_of_the_file(tmp_path):
    assert has_command("import"), "gendan import is missing"
    base = tmp_path / "base.db"
    run(base, "supplier", "add", "HX", "--name", "恒兴", check=True)
    run(base, "supplier", "add", "MF", "--name", "明发", check=True)
    csv_file = tmp_path / "pos.csv"
    _pos_csv(csv_file, N_CRASH_LINES)
    clean = base.read_bytes()

    def start(db: Path) -> subprocess.Popen:
        db.write_bytes(clean)
        return subprocess.Popen([sys.executable, "-m", "gendan", "--db", str(db), "--today", "2026-11-20",
                                 "import", "pos", str(csv_file)], env=env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    full = tmp_path / "full.db"
    t0 = time.perf_counter()
    proc = start(full)
    _, err = proc.communicate(timeout=300)
    duration = time.perf_counter() - t0
    assert proc.returncode == 0, err
    assert count(full, "po_lines") == N_CRASH_LINES

    outcomes = []
    for i in range(20):
        db = tmp_path / f"kill{i}.db"
        leftovers(db)
        proc = start(db)
        time.sleep(duration * 1.1 * (i + 0.5) / 20)  # 20 moments from start-up to just after commit
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert integrity(db) == "ok", i
        lines = count(db, "po_lines")
        assert lines in (0, N_CRASH_LINES), (i, lines)
        assert count(db, "pos") in (0, N_CRASH_LINES // LINES_PER_PO), i
        outcomes.append(lines)
        after = run(db, "supplier", "list", "-f", "csv")  # the next command recovers the journal
        assert after.returncode == 0, after.stderr
        db.unlink()
        leftovers(db)
    assert 0 in outcomes, "no kill landed before the commit: the test proves nothing"


# -- concurrency: two writers and a reader -----------------------------------------------------
N_EACH = 200


def _worker(db: Path, kind: str, ident: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.writer_worker", str(db), "2026-11-20", kind, ident,
                             str(N_EACH)], cwd=ROOT_DIR, env=env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _reader_loop(db: Path, workers, reports) -> int:
    """Run the reports in turn, over and over, while the writers work: every run must succeed
    and show only whole commands."""
    runs = 0
    while runs < 3 or any(w.poll() is None for w in workers):
        args, check_output = reports[runs % len(reports)]
        proc = run(db, *args)
        assert proc.returncode == 0, proc.stderr.decode()
        assert b"Traceback" not in proc.stderr
        check_output(proc.stdout.decode())
        runs += 1
    return runs


def _finish(workers) -> None:
    for w in workers:
        out, err = w.communicate(timeout=300)
        assert w.returncode == 0, err.decode()[-3000:]
        assert out.decode().split()[-1] == "0", err.decode()[-3000:]


@pytest.mark.slow
def test_two_writers_and_a_report_loop_lose_nothing(tmp_path):
    """Two processes record 200 chases each while a third runs the chase list and `gendan today`
    in a loop (before `po` existed: orders and `order list`)."""
    db = tmp_path / "busy.db"
    run(db, "customer", "add", "ACME", "--name", "Acme", check=True)
    chases = has_command("po", "chase")
    if chases:
        run(db, "supplier", "add", "HX", "--name", "恒兴", check=True)
        for po in ("PO-A", "PO-B"):
            run(db, "po", "add", po, "--supplier", "HX", "--due", "2026-11-10", "--item", "CH-01=500@6.20",
                "--item", "TB-02=50@30", "--ordered", "2026-11-01", check=True)
        workers = [_worker(db, "chase", "PO-A"), _worker(db, "chase", "PO-B")]
        reports = [(["po", "chase", "-f", "csv"], _chase_rows_are_whole)]
        if has_command("today"):
            reports.append((["today", "-f", "json"], _today_is_whole))
    else:
        workers = [_worker(db, "order", "A"), _worker(db, "order", "B")]
        reports = [(["order", "list", "-f", "csv"], _order_rows_are_whole)]
    runs = _reader_loop(db, workers, reports)
    _finish(workers)
    assert runs >= 3
    if chases:
        assert count(db, "chases") == 2 * N_EACH
        assert count(db, "promises") == 2 * 2 * N_EACH  # one per open line per chase
        out = run(db, "po", "chase", "-f", "csv", check=True).stdout.decode()
        _chase_rows_are_whole(out)
        assert out.count(f",{N_EACH},") == 4, out  # every line of both POs shows all 200 chases
    else:
        assert count(db, "orders") == 2 * N_EACH
        assert count(db, "order_lines") == 4 * N_EACH
        out = run(db, "order", "list", "-f", "csv", check=True).stdout.decode()
        assert len(out.splitlines()) == 2 * N_EACH + 1
        _order_rows_are_whole(out)
    assert integrity(db) == "ok"


def _today_is_whole(out: str) -> None:
    """`today` shows no chase count; a chase's promise covers both lines of its PO in one
    command, so both lines must always show the same promise."""
    import json
    doc = json.loads(out)
    rows = next((v for k, v in doc.items() if "chase" in k and isinstance(v, list)), [])
    _same_promise_per_po(rows)


def _same_promise_per_po(rows) -> None:
    seen: dict[str, set] = {}
    for row in rows:
        if row["po"] in ("PO-A", "PO-B"):
            seen.setdefault(row["po"], set()).add(str(row["promised"] or ""))
    assert all(len(v) == 1 for v in seen.values()), seen


def _order_rows_are_whole(out: str) -> None:
    import csv
    import io
    for row in csv.DictReader(io.StringIO(out)):
        assert row["qty"] == "3", row  # both lines of every listed order, never one


def _chase_rows_are_whole(out: str) -> None:
    """Each worker's i-th chase promises +i days: a row whose chase count and promise disagree
    would be a chase seen without its promise (or the reverse)."""
    import csv
    import io
    _check_chase_rows(list(csv.DictReader(io.StringIO(out))))


def _check_chase_rows(rows) -> None:
    from datetime import date, timedelta
    _same_promise_per_po(rows)
    for row in rows:
        if row["po"] in ("PO-A", "PO-B") and str(row["chases"]) not in ("", "0"):
            n = int(row["chases"])
            assert str(row["promised"]) == (date(2026, 11, 20) + timedelta(days=n)).isoformat(), row


@pytest.mark.slow
def test_the_audit_trail_streams_in_little_memory(tmp_path):
    """`gendan log -f csv` writes years of events from a cursor: 200,000 events (about 300 MiB
    as a list of rows) in well under 100 MiB."""
    db = tmp_path / "log.db"
    run(db, "customer", "add", "A", "--name", "A", check=True)
    conn = sqlite3.connect(db)
    after = '{"note": "' + "x" * 600 + '"}'
    conn.executemany("INSERT INTO events (ts, actor, command, entity, key, before, after, reason) "
                     "VALUES (?, 'me', 'test', 'order', ?, NULL, ?, '')",
                     ((f"2026-11-20T08:00:{i % 60:02d}", f"SO-{i}", after) for i in range(200_000)))
    conn.commit()
    conn.close()
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n"
            "print(p.returncode, p.stdout.count(b'\\n'), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "gendan", "--db", str(db), "log", "-f",
                          "csv"], capture_output=True, text=True, env=env()).stdout.split()
    assert out[0] == "0" and int(out[1]) == 200_002          # header, the customer, 200,000 events
    assert int(out[2]) / 1024 < 100, f"peak {int(out[2]) / 1024:.0f} MiB"
