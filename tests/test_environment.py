"""Faults of the environment, not of the user: each is one clear `gendan: error:` line and
exit 1 (2 for a usage error) — never "internal error … a bug in gendan", never a traceback —
and the database is never silently a different one than the user meant.

These run gendan as real processes: closed and full output streams, locales and the
environment variables are properties of a process."""
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability import as_plain_user, assert_one_error_line, env, run


@pytest.fixture
def made(tmp_path) -> Path:
    db = tmp_path / "made.db"
    run(db, "customer", "add", "ACME", "--name", "Möbel Müller 家具", check=True)
    run(db, "order", "add", "SO-1", "--customer", "ACME", "--due", "+30", "--item", "CH-01=500@2", check=True)
    return db


def _gendan(*args, **extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gendan", *args], capture_output=True,
                          env=env(**extra), timeout=120)


# -- numbers beyond what SQLite or the calendar holds ------------------------------------------
@pytest.mark.parametrize("argv", [
    ["inspect", "log", "SO-1", "--stage", "final", "--lot", "99999999999999999999"],
    ["inspect", "plan", "--lot", "99999999999999999999"],
    ["order", "plan", "SO-1", "--start", "+1", "--daily", "99999999999999999999"],
], ids=lambda a: " ".join(a[:2]))
def test_numbers_too_big_are_usage_errors(made, argv):
    before = made.read_bytes()
    assert_one_error_line(run(made, *argv), 2)
    assert made.read_bytes() == before


def test_a_plan_finishing_after_2999_is_refused(made):
    run(made, "order", "add", "SO-BIG", "--customer", "ACME", "--due", "2999-12-01", "--item", "CH-01=900000000@1",
        check=True)
    line = assert_one_error_line(run(made, "order", "plan", "SO-BIG", "--start", "+1", "--daily", "1"), 1)
    assert "2999-12-31" in line


# -- where the database is ---------------------------------------------------------------------
def test_xdg_data_home_that_is_a_file_is_one_line(tmp_path):
    f = tmp_path / "afile"
    f.write_text("x")
    assert_one_error_line(_gendan("customer", "list", XDG_DATA_HOME=str(f)), 1, "XDG_DATA_HOME")


def test_xdg_data_home_that_cannot_be_written_is_one_line(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o555)
    argv = [*as_plain_user(), sys.executable, "-m", "gendan", "customer", "list"]
    proc = subprocess.run(argv, capture_output=True, env=env(XDG_DATA_HOME=str(ro)), timeout=120)
    assert_one_error_line(proc, 1)


def test_relative_xdg_data_home_is_refused(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "gendan", "customer", "list"], capture_output=True,
                          env=env(XDG_DATA_HOME="relative/data"), cwd=tmp_path, timeout=120)
    assert_one_error_line(proc, 1, "XDG_DATA_HOME")
    assert not (tmp_path / "relative").exists()


def test_empty_home_is_refused(tmp_path):
    e = env(HOME="")
    e.pop("XDG_DATA_HOME", None)
    proc = subprocess.run([sys.executable, "-m", "gendan", "customer", "list"], capture_output=True, env=e,
                          cwd=tmp_path, timeout=120)
    assert_one_error_line(proc, 1, "HOME")


def test_empty_db_option_is_refused(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "gendan", "--db", "", "customer", "list"], capture_output=True,
                          env=env(XDG_DATA_HOME=str(tmp_path / "xdg")), timeout=120)
    assert_one_error_line(proc, 2, "--db")
    assert not (tmp_path / "xdg").exists()


def _only_a_view(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIEW answer AS SELECT 42 AS n")
    conn.close()


def _no_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")   # a valid SQLite file another program made, with no tables yet
    conn.close()


@pytest.mark.parametrize("make", [_only_a_view, _no_schema], ids=["only-a-view", "no-schema"])
def test_another_programs_sqlite_file_is_refused_untouched(tmp_path, make):
    db = tmp_path / "other.db"
    make(db)
    before = db.read_bytes()
    assert_one_error_line(run(db, "customer", "add", "A", "--name", "a"), 1, "another program")
    assert db.read_bytes() == before


def test_a_zero_byte_file_becomes_a_private_database(tmp_path):
    db = tmp_path / "touched.db"
    db.write_bytes(b"")
    os.chmod(db, 0o644)
    run(db, "customer", "add", "A", "--name", "a", check=True)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


# -- where the output goes ---------------------------------------------------------------------
def test_closed_stdout_is_one_line(made):
    proc = subprocess.run([sys.executable, "-m", "gendan", "--db", str(made), "order", "list"],
                          stdout=None, stderr=subprocess.PIPE, env=env(), timeout=120,
                          pass_fds=(), preexec_fn=lambda: os.close(1))
    proc.stdout = b""
    assert_one_error_line(proc, 1, "output")


def test_a_write_with_closed_stdout_still_succeeds(made):
    proc = subprocess.run([sys.executable, "-m", "gendan", "--db", str(made), "customer", "add", "B", "--name", "b"],
                          stderr=subprocess.PIPE, env=env(), timeout=120, preexec_fn=lambda: os.close(1))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_full_stdout_is_one_line(made):
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "gendan", "--db", str(made), "order", "list"],
                              stdout=full, stderr=subprocess.PIPE, env=env(), timeout=120)
    proc.stdout = b""
    assert_one_error_line(proc, 1, "No space left")


@pytest.mark.parametrize("encoding", ["gbk", "iso-8859-1", "ascii"])
def test_an_output_encoding_that_cannot_show_the_data_is_one_line_or_works(made, encoding):
    proc = subprocess.run([sys.executable, "-m", "gendan", "--db", str(made), "customer", "list"],
                          capture_output=True, env=env(PYTHONIOENCODING=encoding), timeout=120)
    if proc.returncode == 0:
        assert "Möbel Müller 家具" in proc.stdout.decode("utf-8"), proc.stdout   # fell back to UTF-8
    else:
        proc.stdout = b""
        assert_one_error_line(proc, 1, "UTF-8")


def test_with_stderr_closed_errors_never_reach_stdout(made):
    proc = subprocess.run([sys.executable, "-m", "gendan", "--db", str(made), "order", "show", "SO-404", "-f", "csv"],
                          stdout=subprocess.PIPE, env=env(), timeout=120, preexec_fn=lambda: os.close(2))
    assert proc.returncode == 1
    assert proc.stdout == b""
