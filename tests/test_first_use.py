"""First use by several processes at once: the first creates the file and the schema, the
others wait for it (the same write lock and busy timeout as every write) and find it done."""
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability import count, env, integrity


def _start_together(db: Path, n: int) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-m", "gendan", "--db", str(db), "--today", "2026-11-20",
                               "customer", "add", f"C{i}", "--name", f"customer {i}"],
                              env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for i in range(n)]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=120), p.stdout.read(), p.stderr.read())
            for p in procs]


def _trials(tmp_path: Path, trials: int, n: int) -> None:
    for t in range(trials):
        db = tmp_path / f"first{t}.db"
        for proc in _start_together(db, n):
            assert proc.returncode == 0, (t, proc.stderr.decode())
        assert count(db, "customers") == n, t
        assert integrity(db) == "ok"


def test_three_processes_on_a_new_database_all_succeed(tmp_path):
    _trials(tmp_path, 2, 3)


@pytest.mark.slow
def test_six_processes_on_a_new_database_all_succeed_in_every_trial(tmp_path):
    _trials(tmp_path, 10, 6)
