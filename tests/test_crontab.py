"""examples/crontab as cron runs it: bash (SHELL), the PATH it sets reaching gendan, and an
exit status that is gendan's even though the report is piped into mail."""
import subprocess
import sys
from pathlib import Path

CRONTAB = Path(__file__).resolve().parents[1] / "examples" / "crontab"


def entries():
    """(environment assignments, job commands) as cron reads them."""
    env, jobs = {}, []
    for line in CRONTAB.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, eq, value = line.partition("=")
        if eq and " " not in name:
            env[name] = value
        else:
            jobs.append(line.split(None, 5)[5].replace("\\%", "%"))
    return env, jobs


def test_the_crontab_sets_bash_a_path_and_does_not_silence_cron_mail():
    env, jobs = entries()
    assert env["SHELL"] == "/bin/bash" and ".venv/bin" in env["PATH"]
    assert env.get("MAILTO", "x") != '""' and env.get("MAILTO") != ""
    assert any("gendan today --exit-code" in j and "pipefail" in j for j in jobs)


def _run(tmp_path: Path, needle: str, today: str, **extra) -> tuple[subprocess.CompletedProcess, dict]:
    """The job whose command holds `needle`, run as cron would: its SHELL and PATH, a stand-in
    for mail(1) that keeps what it was given in tmp_path/mailed, gendan where the PATH finds
    the venv's, the demo database, and /home/me (the crontab's paths) moved under tmp_path."""
    env, jobs = entries()
    job = next(j for j in jobs if needle in j).replace("/home/me", str(tmp_path))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "mail").write_text(f'#!/bin/sh\ncat > "{tmp_path}/mailed"\n')
    (bin_dir / "gendan").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gendan "$@"\n')
    for f in ("mail", "gendan"):
        (bin_dir / f).chmod(0o755)
    db = tmp_path / "demo.db"
    if not db.exists():
        subprocess.run([sys.executable, "-m", "gendan", "--today", "2026-12-06", "demo", "--db", str(db)],
                       check=True, capture_output=True)
    run_env = {"PATH": f"{bin_dir}:{env['PATH']}", "GENDAN_DB": str(db), "GENDAN_TODAY": today,
               "HOME": str(tmp_path)} | extra
    return subprocess.run([env["SHELL"], "-c", job], env=run_env, capture_output=True, text=True), run_env


def _mailed(tmp_path: Path) -> str:
    return (tmp_path / "mailed").read_text(encoding="utf-8")


def test_the_morning_job_exits_with_gendans_status_and_mails_the_report(tmp_path):
    done, _ = _run(tmp_path, "gendan today", "2026-12-06")
    assert done.returncode == 1, done.stderr       # the demo has overdue POs: --exit-code says so through the pipe
    assert _mailed(tmp_path).startswith("gendan morning report 2026-12-06")
    failed, _ = _run(tmp_path, "gendan today", "2026-12-06",   # gendan fails: the mail says why
                     GENDAN_DB=str(tmp_path / "missing" / "dir" / "x.db"))
    assert failed.returncode != 0 and "gendan: error:" in _mailed(tmp_path)


def test_the_evening_job_mails_the_days_report(tmp_path):
    done, _ = _run(tmp_path, "gendan report daily", "2026-12-04")
    assert done.returncode == 0, done.stderr
    mailed = _mailed(tmp_path)
    assert mailed.startswith("gendan daily report 2026-12-04 (Friday)\n") and "Goods received: 2 (1 with rejects)" in mailed


def test_the_monthly_workbook_and_the_nightly_backup_are_written(tmp_path):
    """The jobs that write files, with the crontab's /home/me moved under tmp_path: the month
    named by GNU date's yesterday (as of the real clock, so the month report's today is the
    real one too), and the backup named by the weekday."""
    import sqlite3
    from datetime import date, timedelta
    (tmp_path / "reports").mkdir()
    (tmp_path / "backup").mkdir()
    yesterday = date.today() - timedelta(days=1)
    done, _ = _run(tmp_path, "gendan report month", date.today().isoformat())
    assert done.returncode == 0, done.stderr
    book = tmp_path / "reports" / f"月报-{yesterday:%Y-%m}.xlsx"
    assert book.read_bytes()[:2] == b"PK"   # a workbook (a zip)
    done, _ = _run(tmp_path, "gendan backup", "2026-12-06")
    assert done.returncode == 0, done.stderr
    (copy,) = (tmp_path / "backup").iterdir()
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM orders").fetchone()[0] > 0
