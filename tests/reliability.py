"""Helpers shared by the reliability tests: which commands exist, real gendan processes."""
import functools
import os
import subprocess
import sys
from pathlib import Path


@functools.cache
def _commands() -> dict:
    """The click command tree: {name: subtree or None}."""
    from typer.main import get_command
    from gendan.cli.app import whole_app
    app = whole_app()

    def walk(cmd):
        subs = getattr(cmd, "commands", None)
        return {name: walk(sub) for name, sub in subs.items()} if subs else None
    return walk(get_command(app))


def has_command(*path: str) -> bool:
    """True when `gendan <path>` exists on this branch (groups land as their branches merge)."""
    node = _commands()
    for name in path:
        if not isinstance(node, dict) or name not in node:
            return False
        node = node[name]
    return True


def env(**extra) -> dict:
    """A clean environment for a child gendan: no user settings, UTF-8, no colour."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("GENDAN_")}
    e.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}, **extra)
    return e


def run(db: Path | str, *args, today: str = "2026-11-20", check: bool = False, timeout: float = 120,
        prefix: list[str] = (), **kw) -> subprocess.CompletedProcess:
    """`python -m gendan --db DB --today T ARGS` as a real process, as a user or cron runs it."""
    argv = [*prefix, sys.executable, "-m", "gendan", "--db", str(db), "--today", today, *args]
    proc = subprocess.run(argv, capture_output=True, env=env(), timeout=timeout, **kw)
    if check:
        assert proc.returncode == 0, (args, proc.stdout[-2000:], proc.stderr[-2000:])
    return proc


def assert_one_error_line(proc: subprocess.CompletedProcess, code: int = 1, contains: str = "") -> str:
    """Exit `code`, nothing on stdout, exactly one `gendan: error:` line on stderr, no traceback."""
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == code, (proc.returncode, err)
    assert b"Traceback" not in proc.stderr, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gendan: error: "), err
    assert contains in lines[0], err
    return lines[0]


def as_plain_user() -> list[str]:
    """A command prefix under which file permissions apply. Tests run as root in CI, and root
    writes through a read-only mode; without CAP_DAC_OVERRIDE (dropped from the bounding set,
    which root's exec takes its capabilities from) it is held to the mode bits like anyone."""
    if os.geteuid() != 0:
        return []
    import shutil
    import pytest
    tool = shutil.which("setpriv")
    if tool is None:
        pytest.skip("running as root and setpriv (util-linux) is missing: cannot make a file read-only to root")
    return [tool, "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable"]


def integrity(db: Path) -> str:
    import sqlite3
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    import sqlite3
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()
