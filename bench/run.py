"""Run every benchmark and print a table of ratios; write bench/RESULTS.md.

    python bench/run.py            # generates missing data first (bench/gen.py), then measures
    python bench/run.py --quick    # without the 1,000,000-line data sets (goals 3, 6, 7 and 8 skipped)
    python bench/run.py --runs 9   # more runs per figure (default 7)

Every figure is the median of whole-process runs after a warm-up, and every goal is a ratio
against a reference measured in the same run, interleaved with it (A B A B …), because the
machine is shared and noisy.
"""
import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen  # noqa: E402

DATA = gen.DATA
TODAY = gen.TODAY.isoformat()
PY = sys.executable
BIN = Path(PY).parent


# Set by some shells and tools, not by a user's login: without bytecode caching every command
# recompiles gendan (~60 ms), and unbuffered stdout makes a syscall per CSV row.
NOT_A_USERS = ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PYTHONDEVMODE", "PYTHONPROFILEIMPORTTIME")


def env(**extra) -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("GENDAN_", "TASK")) and k not in NOT_A_USERS}
    e.update({"NO_COLOR": "1", "GENDAN_TODAY": TODAY}, **extra)
    return e


def gendan(db: Path, *args: str) -> list[str]:
    exe = BIN / "gendan"
    return [str(exe) if exe.exists() else PY, *([] if exe.exists() else ["-m", "gendan"]), "--db", str(db), *args]


def once(argv: list[str], environ: dict | None = None, setup=None) -> float:
    """One whole-process run, stdout discarded; its wall time in seconds."""
    if setup:
        setup()
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environ or env())
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv[:6])} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return elapsed


def pair(a: dict, b: dict, runs: int) -> tuple[float, float]:
    """Medians of `runs` interleaved runs of a and b, each after one warm-up run."""
    once(**a)
    once(**b)
    ta, tb = [], []
    for _ in range(runs):
        ta.append(once(**a))
        tb.append(once(**b))
    return statistics.median(ta), statistics.median(tb)


def works(argv: list[str], environ: dict | None = None) -> str | None:
    """None when the command runs; else why not (a command not merged yet, say)."""
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environ or env())
    return None if proc.returncode in (0, 1) else proc.stderr.decode().strip().splitlines()[-1][:120]


# -- taskwarrior, the peer ---------------------------------------------------------------------
def taskwarrior(tasks: str = "tasks10k.json", home_name: str = "task") -> tuple[list[str], dict] | str:
    """`task overdue` on 10,000 pending tasks with due dates (`tasks`, kept in DATA/`home_name`);
    installs taskwarrior if it can."""
    task = shutil.which("task")
    if task is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("bench: installing taskwarrior (apt-get) …", file=sys.stderr)
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "taskwarrior"], capture_output=True,
                       env=os.environ | {"DEBIAN_FRONTEND": "noninteractive"})
        task = shutil.which("task")
    if task is None:
        return "taskwarrior not installed (apt-get install taskwarrior) — goal 1 skipped"
    home = DATA / home_name
    rc = DATA / f"{home_name}rc"
    rc.write_text(f"data.location={home}\nconfirmation=off\nnews.version=2.6.2\n", encoding="utf-8")
    e = env(TASKRC=str(rc), TASKDATA=str(home))
    if not (home / "pending.data").exists():
        home.mkdir(exist_ok=True)
        proc = subprocess.run([task, "rc.verbose=nothing", "import", str(DATA / tasks)],
                              capture_output=True, env=e)
        if proc.returncode:
            return f"task import failed: {proc.stderr.decode()[-300:]}"
    return [task, "overdue"], e


def task_version() -> str:
    task = shutil.which("task")
    if not task:
        return "not installed"
    return subprocess.run([task, "--version"], capture_output=True, text=True).stdout.strip()


# -- memory --------------------------------------------------------------------------------------
def peak_rss_mib(argv: list[str]) -> tuple[float, float]:
    """(peak RSS in MiB, seconds) of one process, measured by a fresh parent's getrusage."""
    rss, secs, _ = usage(argv)
    return rss, secs


def usage(argv: list[str]) -> tuple[float, float, float]:
    """(peak RSS in MiB, wall seconds, CPU seconds) of one process, by a fresh parent's
    getrusage. CPU time hardly grows with the machine's load, where wall time does."""
    code = ("import resource, subprocess, sys, time\nt = time.perf_counter()\n"
            "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
            "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(u.ru_maxrss, time.perf_counter() - t, p.returncode, u.ru_utime + u.ru_stime)")
    out = subprocess.run([PY, "-c", code, *argv], capture_output=True, text=True, env=env()).stdout.split()
    if out[2] != "0":
        raise RuntimeError(f"{' '.join(argv[:6])} failed")
    return int(out[0]) / 1024, float(out[1]), float(out[3])


# -- the goals -----------------------------------------------------------------------------------
def measure(runs: int, quick: bool) -> list[dict]:
    d0, d1, d3 = DATA / "open10k-closed0.db", DATA / "open10k-closed100k.db", DATA / "open10k-closed1m.db"
    chase1 = {"argv": gendan(d1, "po", "chase", "-f", "csv")}
    results = []

    def add(n, goal, value, reference, ratio, target, ok, note=""):
        results.append({"n": n, "goal": goal, "value": value, "reference": reference, "ratio": ratio,
                        "target": target, "ok": ok, "note": note})
        print(f"  {n}. {goal}: {ratio} (target {target}) {'ok' if ok else 'NOT MET' if ok is False else ''} {note}",
              file=sys.stderr)

    # 1. the chase list against taskwarrior
    peer = taskwarrior()
    if isinstance(peer, str):
        add(1, "chase list vs `task overdue` (10k open + 100k closed vs 10k pending)", "", "", "skipped", "≤ 0.5",
            None, peer)
    else:
        t_g, t_t = pair(chase1, {"argv": peer[0], "environ": peer[1]}, runs)
        add(1, "chase list vs `task overdue` (10k open + 100k closed vs 10k pending)", f"{t_g * 1000:.0f} ms",
            f"{t_t * 1000:.0f} ms", f"{t_g / t_t:.2f}", "≤ 0.5", t_g / t_t <= 0.5)

    # 1b. the same goal on a second shape: 200 suppliers, a third of the open lines listed
    wide = DATA / "wide10k-closed100k.db"
    peer = taskwarrior("tasks10k-third.json", "task-third")
    goal = "chase list vs `task overdue`, 200 suppliers, a third listed (10k open + 100k closed vs 10k, a third overdue)"
    if isinstance(peer, str) or not wide.exists():
        add("1b", goal, "", "", "skipped", "≤ 0.5", None, peer if isinstance(peer, str) else "no data")
    else:
        t_g, t_t = pair({"argv": gendan(wide, "po", "chase", "-f", "csv")}, {"argv": peer[0], "environ": peer[1]}, runs)
        add("1b", goal, f"{t_g * 1000:.0f} ms", f"{t_t * 1000:.0f} ms", f"{t_g / t_t:.2f}", "≤ 0.5", t_g / t_t <= 0.5)

    # 2. the chase list against the floor: same SQL, same CSV, nothing else
    floor = [PY, str(HERE / "floor_chase.py"), str(d1), TODAY]
    same = subprocess.run(floor, capture_output=True, env=env()).stdout == \
        subprocess.run(chase1["argv"], capture_output=True, env=env()).stdout
    t_g, t_f = pair(chase1, {"argv": floor}, runs)
    add(2, "chase list vs minimal sqlite3 script (same SQL, same CSV)", f"{t_g * 1000:.0f} ms", f"{t_f * 1000:.0f} ms",
        f"{t_g / t_f:.2f}", "≤ 3", t_g / t_f <= 3, "" if same else "(outputs differ!)")

    # 3. history does not slow the day
    if quick or not d3.exists():
        add(3, "chase list, 10k open + 1M closed vs + 0 closed", "", "", "skipped", "≤ 1.2", None, "--quick")
    else:
        t3, t0 = pair({"argv": gendan(d3, "po", "chase", "-f", "csv")}, {"argv": gendan(d0, "po", "chase", "-f", "csv")},
                      runs)
        add(3, "chase list, 10k open + 1M closed vs + 0 closed", f"{t3 * 1000:.0f} ms", f"{t0 * 1000:.0f} ms",
            f"{t3 / t0:.2f}", "≤ 1.2", t3 / t0 <= 1.2)

    # 4. the morning report against the chase list
    today = {"argv": gendan(d1, "today")}
    why = works(today["argv"])
    if why:
        add(4, "`gendan today` vs the chase list (10k/100k)", "", "", "skipped", "≤ 2", None, why)
    else:
        t_t, t_c = pair(today, chase1, runs)
        add(4, "`gendan today` vs the chase list (10k/100k)", f"{t_t * 1000:.0f} ms", f"{t_c * 1000:.0f} ms",
            f"{t_t / t_c:.2f}", "≤ 2", t_t / t_c <= 2)

    # 5. import: 100,000 PO lines against sqlite-utils into a bare table
    csv_file, base = DATA / "import100k.csv", DATA / "suppliers.db"
    target, bare = DATA / "import-target.db", DATA / "import-bare.db"

    def fresh_target():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(base, target)

    def fresh_bare():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{bare}{suffix}").unlink(missing_ok=True)

    imp = {"argv": gendan(target, "import", "pos", str(csv_file)), "setup": fresh_target}
    ref = {"argv": [str(BIN / "sqlite-utils"), "insert", str(bare), "po_lines", str(csv_file), "--csv"],
           "setup": fresh_bare}
    t_i, t_s = pair(imp, ref, runs)
    fresh_target()
    subprocess.run(imp["argv"], capture_output=True, env=env())
    n = sqlite3.connect(target).execute("SELECT count(*) FROM po_lines").fetchone()[0]
    add(5, "import 100,000 PO lines: lines/s", f"{100_000 / t_i:,.0f} lines/s", "", f"{100_000 / t_i:,.0f}",
        "≥ 50,000", 100_000 / t_i >= 50_000, "" if n == 100_000 else f"(imported {n}!)")
    add(5, "import vs `sqlite-utils insert --csv` into a bare table", f"{t_i * 1000:.0f} ms", f"{t_s * 1000:.0f} ms",
        f"{t_i / t_s:.2f}", "≤ 1.5", t_i / t_s <= 1.5)

    # 6. memory: export of a million lines streams
    if quick or not d3.exists():
        add(6, "`gendan export po_lines -f csv` of 1,010,000 lines: peak RSS", "", "", "skipped", "≤ 100 MiB", None,
            "--quick")
    else:
        rss, secs = peak_rss_mib(gendan(d3, "export", "po_lines", "-f", "csv"))
        add(6, "`gendan export po_lines -f csv` of 1,010,000 lines: peak RSS", f"{rss:.0f} MiB", f"({secs:.1f} s)",
            f"{rss:.0f} MiB", "≤ 100 MiB", rss <= 100)

    # 7. history does not slow a write: its settled cut reads only the supplier's recent receipts
    if quick or not d3.exists():
        add(7, "`po receive` of one unit, 10k open + 1M closed vs + 0 closed", "", "", "skipped", "≤ 1.2", None,
            "--quick")
    else:
        a, b = (receive_one(db, DATA / f"write-{db.stem}.db") for db in (d3, d0))
        t3, t0 = pair({"argv": a}, {"argv": b}, runs)
        add(7, "`po receive` of one unit, 10k open + 1M closed vs + 0 closed", f"{t3 * 1000:.0f} ms",
            f"{t0 * 1000:.0f} ms", f"{t3 / t0:.2f}", "≤ 1.2", t3 / t0 <= 1.2)
    # 8. import streams: a million lines in bounded memory, at the speed of goal 5
    big = DATA / "import1m.csv"
    if quick or not big.exists():
        add(8, "import 1,000,000 PO lines: peak RSS", "", "", "skipped", "≤ 300 MiB", None, "--quick")
    else:
        rss, secs, cpu = import_at_scale(gendan(target, "import", "pos", str(big)), fresh_target, 3)
        n = sqlite3.connect(target).execute("SELECT count(*) FROM po_lines").fetchone()[0]
        add(8, "import 1,000,000 PO lines: peak RSS", f"{rss:.0f} MiB", f"({secs:.1f} s)", f"{rss:.0f} MiB",
            "≤ 300 MiB", rss <= 300, "" if n == 1_000_000 else f"(imported {n}!)")
        add(8, "import 1,000,000 PO lines: lines/s", f"{1_000_000 / secs:,.0f} lines/s",
            f"CPU: {1_000_000 / cpu:,.0f} lines/s", f"{1_000_000 / secs:,.0f}", "≥ 50,000", 1_000_000 / secs >= 50_000)
    receipts(add, quick)
    excel(results, add, runs, d1, target, fresh_target)
    return results


def receipts(add, quick: bool) -> None:
    """Goal 8, the other files: a receiving list of 1,000,000 rows (every tenth PO's second
    delivery at the end) in the same bounded memory, once, into a copy of import1m.db."""
    big, rows = DATA / "import1m.db", DATA / "receipts1m.csv"
    what = "import receipts, 1,000,000 rows: peak RSS"
    if quick or not rows.exists():
        add(8, what, "", "", "skipped", "≤ 300 MiB", None, "--quick")
        return
    copy = DATA / "receipts-target.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(big, copy)
    rss, secs, cpu = usage(gendan(copy, "import", "receipts", str(rows)))
    n = sqlite3.connect(copy).execute("SELECT count(*) FROM receipts").fetchone()[0]
    add(8, what, f"{rss:.0f} MiB", f"({secs:.1f} s, {1_000_000 / secs:,.0f} rows/s)", f"{rss:.0f} MiB",
        "≤ 300 MiB", rss <= 300, "" if n == 1_000_000 else f"(imported {n}!)")


def excel(results, add, runs: int, d1: Path, target: Path, fresh_target) -> None:
    """Goals 9 and 10 (issue 24): Excel out at CSV's pace and in bounded memory, and Excel in."""
    lines = sqlite3.connect(d1).execute("SELECT count(*) FROM po_lines").fetchone()[0]
    xlsx_out, csv_out = DATA / "export-po_lines.xlsx", DATA / "export-po_lines.csv"
    t_x, t_c = pair({"argv": gendan(d1, "export", "po_lines", "-f", "xlsx", "-o", str(xlsx_out))},
                    {"argv": gendan(d1, "export", "po_lines", "-f", "csv", "-o", str(csv_out))}, runs)
    add(9, f"`export po_lines -f xlsx` vs `-f csv` ({lines:,} lines, both -o FILE)", f"{t_x * 1000:.0f} ms",
        f"{t_c * 1000:.0f} ms", f"{t_x / t_c:.2f}", "≤ 3", t_x / t_c <= 3)
    rss, secs = peak_rss_mib(gendan(d1, "export", "po_lines", "-f", "xlsx", "-o", str(xlsx_out)))
    add(9, f"`export po_lines -f xlsx` ({lines:,} lines): peak RSS", f"{rss:.0f} MiB", f"({secs:.1f} s)",
        f"{rss:.0f} MiB", "≤ 150 MiB", rss <= 150)
    book, sheet_csv = DATA / "import100k.xlsx", DATA / "import100k.csv"
    if not book.exists():
        add(10, "import 100,000 PO lines from .xlsx: lines/s", "", "", "skipped", "≥ 20,000", None,
            "no import100k.xlsx (bench/gen.py)")
        return
    t_x, t_c = pair({"argv": gendan(target, "import", "pos", str(book)), "setup": fresh_target},
                    {"argv": gendan(target, "import", "pos", str(sheet_csv)), "setup": fresh_target}, runs)
    fresh_target()
    subprocess.run(gendan(target, "import", "pos", str(book)), capture_output=True, env=env())
    n = sqlite3.connect(target).execute("SELECT count(*) FROM po_lines").fetchone()[0]
    add(10, "import 100,000 PO lines from .xlsx: lines/s", f"{100_000 / t_x:,.0f} lines/s",
        f"csv: {100_000 / t_c:,.0f} lines/s", f"{100_000 / t_x:,.0f}", "≥ 20,000", 100_000 / t_x >= 20_000,
        "" if n == 100_000 else f"(imported {n}!)")


def import_at_scale(argv: list[str], fresh, runs: int) -> tuple[float, float, float]:
    """(highest peak RSS in MiB, median wall seconds, median CPU seconds) of `runs` imports,
    each into a fresh copy."""
    rss, secs, cpu = [], [], []
    for _ in range(runs):
        fresh()
        r, s, c = usage(argv)
        rss.append(r)
        secs.append(s)
        cpu.append(c)
    return max(rss), statistics.median(secs), statistics.median(cpu)


def receive_one(db: Path, copy: Path) -> list[str]:
    """`po receive` of one unit of an open line on a copy of `db`, for a PO with no receipt yet
    (its supplier's paid history need not be read again: store.ledger_cuts.refresh_cuts)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    src, dst = sqlite3.connect(db), sqlite3.connect(copy)
    try:
        src.backup(dst)
        po, sku = dst.execute(
            "SELECT l.po_no, l.sku FROM po_lines l JOIN pos p ON p.po_no = l.po_no WHERE l.open = 1 AND p.cancelled = 0 "
            "AND l.qty > 100 AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.po_no = l.po_no) ORDER BY l.po_no LIMIT 1"
        ).fetchone()
    finally:
        src.close()
        dst.close()
    os.sync()   # the copy's pages on disk before timing, not written back during the runs
    return gendan(copy, "po", "receive", po, "--item", f"{sku}=1")


# -- reporting -----------------------------------------------------------------------------------
def table(results: list[dict]) -> str:
    head = "| # | goal | gendan | reference | ratio | target | met |\n|---|---|---|---|---|---|---|\n"
    body = "".join(f"| {r['n']} | {r['goal']} | {r['value']} | {r['reference']} | {r['ratio']} | {r['target']} | "
                   f"{'yes' if r['ok'] else 'no' if r['ok'] is False else '—'}{' ' + r['note'] if r['note'] else ''} |\n"
                   for r in results)
    return head + body


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM"


def versions() -> str:
    from importlib.metadata import version
    return (f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, gendan {version('gendan')}, "
            f"typer {version('typer')}, sqlite-utils {version('sqlite-utils')}, taskwarrior {task_version()}")


def write_results(results: list[dict], runs: int, seconds: float) -> None:
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 2 ** 20:.0f} MiB" for p in sorted(DATA.glob("open10k-*.db")))
    text = f"""# Benchmark results

Written by `python bench/run.py` (the part above "Analysis" is rewritten by every run).

- date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}
- machine: {machine()}
- versions: {versions()}
- method: whole processes, median of {runs} runs after one warm-up, each goal interleaved with its
  reference in the same run; data from `bench/gen.py` (seed {gen.SEED}, today {TODAY}): {sizes}
- total time of this run: {seconds:.0f} s

{table(results)}"""
    path = HERE / "RESULTS.md"
    kept = ""
    if path.exists():  # the hand-written analysis below the table survives a new run
        old = path.read_text(encoding="utf-8")
        if "\n## Analysis" in old:
            kept = "\n" + old[old.index("\n## Analysis") + 1:]
    path.write_text(text + kept, encoding="utf-8")
    (DATA / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description="gendan benchmarks: one table of ratios")
    parser.add_argument("--quick", action="store_true", help="skip the 1,000,000-line data sets")
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (≥ 5)")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite bench/RESULTS.md")
    args = parser.parse_args()
    t0 = time.perf_counter()
    gen.main(quick=args.quick)
    results = measure(max(args.runs, 5), args.quick)
    print(table(results))
    if not args.no_write:
        write_results(results, max(args.runs, 5), time.perf_counter() - t0)
    sys.exit(0 if all(r["ok"] is not False for r in results) else 1)


if __name__ == "__main__":
    main()
