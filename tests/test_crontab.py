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


def test_the_morning_job_exits_with_gendans_status_and_mails_the_report(tmp_path):
    env, jobs = entries()
    job = next(j for j in jobs if "gendan today" in j)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mail = bin_dir / "mail"   # a stand-in for mail(1): keeps what it was given
    mail.write_text(f'#!/bin/sh\ncat > "{tmp_path}/mailed"\n')
    mail.chmod(0o755)
    gendan = bin_dir / "gendan"   # where the crontab's PATH would find the venv's gendan
    gendan.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gendan "$@"\n')
    gendan.chmod(0o755)
    db = tmp_path / "demo.db"
    subprocess.run([sys.executable, "-m", "gendan", "--today", "2026-12-06", "demo", "--db", str(db)],
                   check=True, capture_output=True)
    run_env = {"PATH": f"{bin_dir}:{env['PATH']}", "GENDAN_DB": str(db), "GENDAN_TODAY": "2026-12-06",
               "HOME": str(tmp_path)}
    done = subprocess.run([env["SHELL"], "-c", job], env=run_env, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr       # the demo has overdue POs: --exit-code says so through the pipe
    assert (tmp_path / "mailed").read_text(encoding="utf-8").startswith("gendan morning report 2026-12-06")
    run_env["GENDAN_DB"] = str(tmp_path / "missing" / "dir" / "x.db")   # gendan fails: the mail says why
    failed = subprocess.run([env["SHELL"], "-c", job], env=run_env, capture_output=True, text=True)
    assert failed.returncode != 0 and "gendan: error:" in (tmp_path / "mailed").read_text(encoding="utf-8")


def test_the_evening_job_mails_the_days_report(tmp_path):
    env, jobs = entries()
    job = next(j for j in jobs if "gendan report daily" in j)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "mail").write_text(f'#!/bin/sh\ncat > "{tmp_path}/mailed"\n')
    (bin_dir / "gendan").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m gendan "$@"\n')
    for f in ("mail", "gendan"):
        (bin_dir / f).chmod(0o755)
    db = tmp_path / "demo.db"
    subprocess.run([sys.executable, "-m", "gendan", "--today", "2026-12-06", "demo", "--db", str(db)],
                   check=True, capture_output=True)
    run_env = {"PATH": f"{bin_dir}:{env['PATH']}", "GENDAN_DB": str(db), "GENDAN_TODAY": "2026-12-04",
               "HOME": str(tmp_path)}
    done = subprocess.run([env["SHELL"], "-c", job], env=run_env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    mailed = (tmp_path / "mailed").read_text(encoding="utf-8")
    assert mailed.startswith("gendan daily report 2026-12-04 (Friday)\n") and "Goods received: 2 (1 with rejects)" in mailed
    assert any("gendan report month" in j and "-f xlsx -o" in j for j in jobs)
