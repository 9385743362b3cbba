"""Ctrl-C and a full disk: a command either wrote everything and says so (exit 0), or wrote
nothing and says that (exit 130 for Ctrl-C, one line and exit 1 for a fault) — never a
traceback, never "cannot rollback", never a success reported as a failure (the user would
run it again and record it twice).

The first tests put the interrupt exactly where it matters (just before or just after COMMIT)
through a connection that raises it there; the slow ones send real SIGINTs to real
processes at a sweep of delays.
"""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability import count, env, integrity, run


class _Interrupting:
    """A connection that raises KeyboardInterrupt at the statement `sql`: `before` it runs
    (the signal came while the command was still writing) or just `after` it returned (the
    signal came during COMMIT, which Python only reports once SQLite is done)."""

    def __init__(self, conn: sqlite3.Connection, sql: str, when: str):
        self._conn, self._sql, self._when = conn, sql, when

    def execute(self, sql, *args):
        if sql != self._sql:
            return self._conn.execute(sql, *args)
        if self._when == "before":
            raise KeyboardInterrupt
        cur = self._conn.execute(sql, *args)
        raise KeyboardInterrupt
        return cur  # pragma: no cover

    def __getattr__(self, name):
        return getattr(self._conn, name)


@pytest.fixture
def desk(gendan):
    gendan.ok("customer", "add", "ACME", "--name", "Acme")
    return gendan


def _opening(monkeypatch, wrap) -> None:
    """Every store the command opens gets `wrap(store)` applied after its migrations."""
    from gendan.cli import _common
    real = _common.open_db

    def open_db(*args, **kw):
        store = real(*args, **kw)
        wrap(store)
        return store
    monkeypatch.setattr(_common, "open_db", open_db)


def _payments(db: Path) -> int:
    return count(db, "payments")


def test_ctrl_c_just_after_commit_is_a_success_not_a_failure(desk, monkeypatch):
    _opening(monkeypatch, lambda s: setattr(s, "conn", _Interrupting(s.conn, "COMMIT", "after")))
    result = desk("pay", "in", "ACME", "--amount", "85.00", "--ref", "TT 1")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""   # the command finished as if nothing happened
    assert _payments(desk.db) == 1


def test_ctrl_c_before_commit_writes_nothing_and_exits_130(desk, monkeypatch):
    before = desk.dump()
    _opening(monkeypatch, lambda s: setattr(s, "conn", _Interrupting(s.conn, "COMMIT", "before")))
    result = desk("pay", "in", "ACME", "--amount", "85.00", "--ref", "TT 1")
    assert result.exit_code == 130, result.stderr
    assert result.stderr == ""
    assert desk.dump() == before


def test_ctrl_c_after_the_transaction_is_still_a_success(desk, monkeypatch):
    """An interrupt after the transaction (while the command prints or tidies up) does not
    turn a saved write into a failure either; the person is told it was saved."""
    from contextlib import contextmanager

    def interrupt_after(store):
        real = store.transaction

        @contextmanager
        def transaction():
            with real():
                yield store
            raise KeyboardInterrupt
        store.transaction = transaction
    _opening(monkeypatch, interrupt_after)
    result = desk("pay", "in", "ACME", "--amount", "85.00", "--ref", "TT 1")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "gendan: interrupted after the changes were saved (do not run the command again)\n"
    assert _payments(desk.db) == 1


def _fill_the_disk(store) -> None:
    """SQLite's own limit on the file's pages: writes fail as on a full disk (SQLITE_FULL),
    and SQLite rolls the transaction back itself, as it does when the disk is full."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_says_so_and_writes_nothing(desk, monkeypatch, tmp_path):
    rows = ["code,name"] + [f"C{i:05d},customer {i} {'x' * 200}" for i in range(2000)]
    csv_file = tmp_path / "customers.csv"
    csv_file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = desk.dump()
    _opening(monkeypatch, _fill_the_disk)
    result = desk("import", "customers", str(csv_file))
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith("gendan: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "database or disk is full" in result.stderr, result.stderr
    assert "rollback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert desk.dump() == before


# -- real signals to real processes ------------------------------------------------------------
def _interrupt(argv: list[str], delay: float) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(argv, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(argv, proc.returncode, out, err)


def _clean_outcome(proc: subprocess.CompletedProcess) -> None:
    """Exit 0 or 130 (or killed by SIGINT before Python could handle it, which a shell also
    shows as 130); no traceback; at most one line on stderr.

    A Ctrl-C in the interpreter's own start-up, while it imports `site` or `runpy` looks for
    the package and before the first line of gendan runs, is Python's to report: no program
    can catch it, so a traceback without one frame of gendan's code is set aside here."""
    err = proc.stderr.decode("utf-8", "replace")
    if "Traceback" in err and f"{os.sep}gendan{os.sep}" not in err and "Exception ignored" not in err:
        return
    assert proc.returncode in (0, 130, -signal.SIGINT), (proc.returncode, err)
    assert "Traceback" not in err and "rollback" not in err, err
    assert err.count("\n") <= 1, err


def _gendan(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "gendan", "--db", str(db), "--today", "2026-11-20", *args]


@pytest.mark.slow
def test_ctrl_c_during_start_up_never_prints_a_traceback(tmp_path):
    """20 interrupts from the first milliseconds of start-up to the command's end."""
    db = tmp_path / "start.db"
    run(db, "customer", "add", "ACME", "--name", "Acme", check=True)
    t0 = time.perf_counter()
    run(db, "order", "list", check=True)
    duration = time.perf_counter() - t0
    for i in range(20):
        _clean_outcome(_interrupt(_gendan(db, "order", "list"), duration * i / 20))


def _pos_csv(path: Path, n: int) -> None:
    rows = ["po,supplier,due,sku,qty,price"]
    rows += [f"PO-{i // 4:06d},HX,2026-12-{1 + i % 28:02d},SKU-{i % 4},{100 + i % 900},{(i % 5000) / 100:.2f}"
             for i in range(n)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_ctrl_c_at_a_sweep_of_moments_of_an_import_is_all_or_nothing_and_says_which(tmp_path):
    """A 30,000-line import interrupted at 16 moments around its end (where COMMIT runs):
    exit 0 exactly when every line is there, 130 exactly when none is."""
    n = 30_000
    base = tmp_path / "base.db"
    run(base, "supplier", "add", "HX", "--name", "恒兴", check=True)
    csv_file = tmp_path / "pos.csv"
    _pos_csv(csv_file, n)
    clean = base.read_bytes()
    full = tmp_path / "full.db"
    full.write_bytes(clean)
    t0 = time.perf_counter()
    run(full, "import", "pos", str(csv_file), check=True)
    duration = time.perf_counter() - t0
    outcomes = set()
    for i in range(16):
        db = tmp_path / f"int{i}.db"
        db.write_bytes(clean)
        proc = _interrupt(_gendan(db, "import", "pos", str(csv_file)), duration * (0.55 + 0.6 * i / 16))
        _clean_outcome(proc)
        assert integrity(db) == "ok"
        lines = count(db, "po_lines")
        assert lines == (n if proc.returncode == 0 else 0), (i, proc.returncode, lines, proc.stderr)
        outcomes.add(proc.returncode == 0)
    assert outcomes == {True, False}, "every interrupt landed on the same side of COMMIT: widen the sweep"
