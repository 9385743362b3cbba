"""Fixtures: every test gets its own database file and a fixed `today`; never the user's data."""
import sqlite3
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from tests import profiles

# The quick profile unless `--hypothesis-profile=full` (.ci/run) is given: that option is
# applied after this conftest is loaded, so it wins.
settings.load_profile(profiles.DEFAULT)

TODAY = "2026-11-20"  # a Friday


@pytest.fixture(autouse=True)
def isolate(tmp_path, monkeypatch):
    """No test can reach the user's data directory or inherit their settings."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    for var in ("GENDAN_DB", "GENDAN_TODAY", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "test.db"


class Gendan:
    """Runs gendan in-process like a shell would, against one database and one `today`."""

    def __init__(self, db: Path, today: str = TODAY):
        self.db, self.today = db, today
        self.runner = CliRunner()

    def __call__(self, *args: str, today: str | None = None, input: str | None = None):
        from gendan.cli.app import whole_app
        app = whole_app()
        argv = ["--db", str(self.db), "--today", today or self.today, *args]
        return self.runner.invoke(app, argv, input=input, catch_exceptions=False)

    def ok(self, *args: str, **kw):
        """Run and insist on success; return stdout."""
        result = self(*args, **kw)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout

    def dump(self) -> str:
        """The whole database as SQL text, to prove a refused command changed nothing."""
        if not self.db.exists():
            return ""
        conn = sqlite3.connect(self.db)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()

    def refused(self, *args: str, code: int = 1, message: str | None = None, **kw):
        """Run a command that must fail: exit code, one stderr line, database unchanged."""
        before = self.dump()
        result = self(*args, **kw)
        assert result.exit_code == code, (args, result.exit_code, result.stdout, result.stderr)
        assert result.stderr.startswith("gendan: error: "), result.stderr
        assert "Traceback" not in result.stderr
        if message is not None:
            assert message in result.stderr, result.stderr
        assert self.dump() == before, "a refused command changed the database"
        return result


@pytest.fixture
def gendan(db) -> Gendan:
    return Gendan(db)


@pytest.fixture
def parties(gendan) -> Gendan:
    """A database with two customers and two suppliers."""
    gendan.ok("customer", "add", "ACME", "--name", "Acme Home Inc.", "--deposit", "30")
    gendan.ok("customer", "add", "NORD", "--name", "Nordhaus GmbH", "--currency", "EUR", "--credit-days", "45",
              "--no-balance-before-ship")
    gendan.ok("supplier", "add", "HX", "--name", "恒兴木业", "--phone", "138 0571 2233", "--credit-days", "30")
    gendan.ok("supplier", "add", "MF", "--name", "明发五金厂", "--phone", "139 2288 7766")
    return gendan
