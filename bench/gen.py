"""Generate the benchmark data, deterministically (fixed seed), through gendan's own commands.

Everything goes in through `gendan supplier add`, `gendan import orders|pos|receipts`, `gendan po
confirm` and `gendan po chase` as a user would do it, so the databases are exactly what gendan
writes. Files land in bench/data/ (gitignored); a database already there is reused.

    python bench/gen.py            # all data sets (the 1M-line one takes a few minutes)
    python bench/gen.py --quick    # without the 1,000,000-line history

Data sets (today = 2026-11-20):
  open10k-closed0.db      10,000 open PO lines (2,000 POs), 1,000 customer orders, chases, promises
  open10k-closed100k.db   the same + 100,000 closed lines (every one fully received, and paid
                          month by month except the latest month)
  open10k-closed1m.db     the same + 1,000,000 closed lines
  import100k.csv          100,000 PO lines for the import benchmark (suppliers in suppliers.db)
  import100k.xlsx         the same lines as an Excel workbook: imported, then `export pos -f xlsx`
  import1m.csv            1,000,000 PO lines, the same way: the import's memory and speed at scale
  import1m.db             suppliers.db with import1m.csv imported: the POs receipts1m.csv receives
  receipts1m.csv          1,000,000 receipt rows, one unit of each line of import1m.csv, in the
                          file's order but every tenth row held back to the end (a second delivery)
  tasks10k.json           10,000 pending taskwarrior tasks with due dates, for `task overdue`
  wide10k-closed100k.db   the second shape: 200 suppliers, 10,000 open lines of which the chase
                          list lists a third (the rest confirmed and due later), + 100,000 closed
  tasks10k-third.json     10,000 pending tasks of which a third are overdue, its peer
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
TODAY = date(2026, 11, 20)
SEED = 8
N_SUPPLIERS = 40
WIDE_SUPPLIERS = 200     # the second shape (issue 21, item 13): many suppliers, a third of the lines listed
N_ORDERS = 1_000
N_OPEN = 10_000
LINES_PER_PO = 5
CHUNK = 100_000          # lines per import file: an import is one transaction
SKUS = [f"{kind}-{n:03d}" for kind in ("CH", "TB", "SF", "BK", "HW", "PK", "FB") for n in range(1, 60)]


def gendan(db: Path, *args: str, quiet: bool = True) -> None:
    """Run one gendan command as a separate process, as a user would; stop on failure."""
    proc = subprocess.run([sys.executable, "-m", "gendan", "--db", str(db), "--today", TODAY.isoformat(), *args],
                          capture_output=True, text=True, env=env())
    if proc.returncode:
        sys.exit(f"gen: gendan {' '.join(args[:3])} failed: {proc.stderr.strip()[-2000:]}")


def gendan_many(db: Path, commands: list[list[str]]) -> None:
    """Many small commands through gendan's own entry point in one process (fresh connection each)."""
    code = ("import sys, json\nfrom typer.main import get_command\nfrom gendan.cli.app import whole_app\n"
            "cmd = get_command(whole_app())\nfor args in json.load(sys.stdin):\n"
            "    if cmd.main(args=args, standalone_mode=False): sys.exit('failed: ' + ' '.join(args))\n")
    full = [["--db", str(db), "--today", TODAY.isoformat(), *c] for c in commands]
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(full), capture_output=True, text=True,
                          env=env())
    if proc.returncode:
        sys.exit(f"gen: {proc.stderr.strip()[-2000:]}")


def env() -> dict:
    e = {k: v for k, v in os.environ.items() if not k.startswith("GENDAN_") and k != "PYTHONDONTWRITEBYTECODE"}
    e["NO_COLOR"] = "1"
    return e


def supplier_codes(n: int = N_SUPPLIERS) -> list[str]:
    return [f"S{i:02d}" for i in range(n)]


def write_csv(path: Path, header: str, rows) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(header + "\n")
        for row in rows:
            f.write(",".join(str(x) for x in row) + "\n")
            n += 1
    return n


# -- the open desk -----------------------------------------------------------------------------
def orders_rows(rng: random.Random):
    for i in range(N_ORDERS):
        ordered = TODAY - timedelta(days=rng.randint(10, 90))
        due = TODAY + timedelta(days=rng.randint(-5, 90))
        for line in range(rng.randint(1, 3)):
            yield (f"SO-{i:05d}", f"C{i % 12:02d}", due.isoformat(), SKUS[(i * 7 + line) % len(SKUS)],
                   rng.randint(50, 2000), f"{rng.randint(100, 20000) / 100:.2f}", "", ordered.isoformat(), "USD")


def open_po_rows(rng: random.Random, placed: dict, wide: bool = False):
    """2,000 POs × 5 lines, due from 60 days ago to 30 days ahead, half for a customer order.

    `wide` (WIDE below): 200 suppliers, and a third of the POs late (due 1–60 days ago, half
    for an order), the rest due 10–60 days ahead for no order (and confirmed by build_open),
    so that the chase list lists a third of the open lines."""
    codes = supplier_codes(WIDE_SUPPLIERS if wide else N_SUPPLIERS)
    for p in range(N_OPEN // LINES_PER_PO):
        ordered = TODAY - timedelta(days=rng.randint(5, 90))
        placed[f"PO-{p:06d}"] = ordered
        due = ordered + timedelta(days=rng.randint(15, 60))
        for_order = f"SO-{rng.randrange(N_ORDERS):05d}" if p % 2 else ""
        if wide and p % 3:
            ordered = TODAY - timedelta(days=rng.randint(5, 40))
            placed[f"PO-{p:06d}"] = ordered
            due, for_order = TODAY + timedelta(days=rng.randint(10, 60)), ""
        elif wide:
            due = TODAY - timedelta(days=rng.randint(1, 60))
            ordered = min(ordered, due - timedelta(days=15))
            placed[f"PO-{p:06d}"] = ordered
        for line in range(LINES_PER_PO):
            yield (f"PO-{p:06d}", codes[p % len(codes)], due.isoformat(),
                   SKUS[(p + line * 13) % len(SKUS)], rng.randint(100, 5000),
                   f"{rng.randint(10, 99999) / 100:.2f}", for_order, f"part {p}-{line} 零件", ordered.isoformat(), "CNY")


def build_base(path: Path, n_suppliers: int = N_SUPPLIERS) -> None:
    """Suppliers and customers only: the starting point of every data set and of the import bench."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    cmds = [["supplier", "add", code, "--name", f"供应商 {code} 有限公司", "--lead-days", "20", "--credit-days", "30"]
            for code in supplier_codes(n_suppliers)]
    cmds += [["customer", "add", f"C{i:02d}", "--name", f"Customer {i}", "--deposit", "30"] for i in range(12)]
    gendan_many(tmp, cmds)
    tmp.rename(path)


def build_open(path: Path, base: Path, wide: bool = False) -> None:
    rng = random.Random(SEED)
    tmp = path.with_suffix(".tmp")
    shutil.copyfile(base, tmp)
    orders_csv, pos_csv = DATA / "open-orders.csv", DATA / "open-pos.csv"
    write_csv(orders_csv, "order,customer,due,sku,qty,price,description,ordered,currency", orders_rows(rng))
    placed: dict = {}
    write_csv(pos_csv, "po,supplier,due,sku,qty,price,for_order,description,ordered,currency",
              open_po_rows(rng, placed, wide))
    gendan(tmp, "import", "orders", str(orders_csv))
    gendan(tmp, "import", "pos", str(pos_csv))
    # A realistic desk: some POs confirmed with a promise, some chased, some partly received.
    cmds = []
    if wide:   # the POs not late are confirmed the day after they were placed, as promised
        cmds += [["po", "confirm", f"PO-{p:06d}", "--date", (placed[f"PO-{p:06d}"] + timedelta(days=1)).isoformat()]
                 for p in range(N_OPEN // LINES_PER_PO) if p % 3]
    for p in range(0, N_OPEN // LINES_PER_PO, 4) if not wide else ():
        no = f"PO-{p:06d}"
        promised = max(placed[no] + timedelta(days=5), TODAY + timedelta(days=rng.randint(-10, 40)))
        cmds.append(["po", "confirm", no, "--date", (placed[no] + timedelta(days=1)).isoformat(),
                     "--promised", promised.isoformat()])
    for p in range(1, N_OPEN // LINES_PER_PO, 5):
        cmds.append(["po", "chase", f"PO-{p:06d}", "--via", rng.choice(["phone", "wechat", "email"]),
                     "--note", "催交期 / asked for the ship date"])
    gendan_many(tmp, cmds)
    tmp.rename(path)


# -- history: closed lines --------------------------------------------------------------------
def closed_chunks(n_lines: int, rng: random.Random, n_suppliers: int = N_SUPPLIERS):
    """(pos rows, receipt rows) per chunk of CHUNK lines: POs over three years, every line received."""
    codes = supplier_codes(n_suppliers)
    p = 0
    done = 0
    while done < n_lines:
        size = min(CHUNK, n_lines - done)
        pos, receipts = [], []
        while len(pos) < size:
            ordered = TODAY - timedelta(days=rng.randint(120, 1100))
            due = ordered + timedelta(days=rng.randint(15, 60))
            received = (due + timedelta(days=rng.randint(-5, 12))).isoformat()
            for line in range(min(LINES_PER_PO, size - len(pos))):
                sku, qty = SKUS[(p + line * 13) % len(SKUS)], rng.randint(100, 5000)
                pos.append((f"H-{p:07d}", codes[p % n_suppliers], due.isoformat(), sku, qty,
                            f"{rng.randint(10, 99999) / 100:.2f}", "", "", ordered.isoformat(), "CNY"))
                receipts.append((f"H-{p:07d}", sku, qty, 0, received))
            p += 1
        done += size
        yield pos, receipts


def monthly_payments(n_lines: int, n_suppliers: int = N_SUPPLIERS) -> list[list[str]]:
    """`pay out` commands settling the history as a buyer does (月结): each supplier's receipts
    of a month are paid on the 10th of the month after next, when that day has come. The
    receipts are generated again from the same seed, so the amounts are exact."""
    from gendan.core.money import line_amount
    owed: dict[tuple[str, str], Decimal] = {}
    for pos, receipts in closed_chunks(n_lines, random.Random(SEED + n_lines), n_suppliers):
        price = {(po[0], po[3]): (po[1], Decimal(po[5])) for po in pos}
        for po_no, sku, qty, rejected, received in receipts:
            supplier, unit = price[(po_no, sku)]
            key = (supplier, received[:7])
            owed[key] = owed.get(key, Decimal(0)) + line_amount(qty - rejected, unit, "CNY")
    cmds = []
    for (supplier, month), amount in sorted(owed.items()):
        y, m = int(month[:4]), int(month[5:]) + 2
        paid = date(y + (m - 1) // 12, (m - 1) % 12 + 1, 10)
        if paid <= TODAY - timedelta(days=15):
            cmds.append(["pay", "out", supplier, "--amount", str(amount), "--date", paid.isoformat(),
                         "--ref", f"月结 {month}"])
    return cmds


def build_history(path: Path, start: Path, n_lines: int, n_suppliers: int = N_SUPPLIERS) -> None:
    rng = random.Random(SEED + n_lines)
    tmp = path.with_suffix(".tmp")
    shutil.copyfile(start, tmp)
    # Payments first: each is then cheap to record, and every import settles the accounts once.
    gendan_many(tmp, monthly_payments(n_lines, n_suppliers))
    for i, (pos, receipts) in enumerate(closed_chunks(n_lines, rng, n_suppliers)):
        pos_csv, rec_csv = DATA / f"closed-pos-{i}.csv", DATA / f"closed-receipts-{i}.csv"
        write_csv(pos_csv, "po,supplier,due,sku,qty,price,for_order,description,ordered,currency", pos)
        write_csv(rec_csv, "po,sku,qty,rejected,date", receipts)
        gendan(tmp, "import", "pos", str(pos_csv))
        gendan(tmp, "import", "receipts", str(rec_csv))
        pos_csv.unlink()
        rec_csv.unlink()
        print(f"  {path.name}: {(i + 1) * CHUNK:,} closed lines", file=sys.stderr)
    tmp.rename(path)


# -- the import file and the peer's data -------------------------------------------------------
def build_import_csv(path: Path, n_lines: int = 100_000) -> None:
    """`n_lines` new PO lines (5 a PO) for the suppliers of suppliers.db, streamed to the file."""
    rng = random.Random(SEED * 3)
    write_csv(path, "po,supplier,due,sku,qty,price,for_order,description,ordered,currency",
              _import_rows(rng, n_lines))


def _import_rows(rng: random.Random, n_lines: int):
    for p in range(n_lines // LINES_PER_PO):
        ordered = TODAY - timedelta(days=rng.randint(0, 20))
        due = ordered + timedelta(days=rng.randint(15, 60))
        for line in range(LINES_PER_PO):
            yield (f"N-{p:06d}", supplier_codes()[p % N_SUPPLIERS], due.isoformat(), SKUS[(p + line) % len(SKUS)],
                   rng.randint(100, 5000), f"{rng.randint(10, 99999) / 100:.2f}", "", f"new part {p}-{line}",
                   ordered.isoformat(), "CNY")


def build_import_xlsx(path: Path, csv_file: Path, base: Path) -> None:
    """The import file as a workbook, made as a user would: the CSV imported into a copy of
    suppliers.db, then `gendan export pos -f xlsx` (typed cells: dates, money, integers)."""
    db = DATA / "import-xlsx-source.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, db)
    gendan(db, "import", "pos", str(csv_file))
    gendan(db, "export", "pos", "-f", "xlsx", "-o", str(path))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def build_imported(path: Path, base: Path, csv_file: Path) -> None:
    """`base` with `csv_file` imported as POs, for the receipts import to receive."""
    tmp = path.with_suffix(".tmp")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, tmp)
    gendan(tmp, "import", "pos", str(csv_file))
    tmp.rename(path)


def build_receipts_csv(path: Path, csv_file: Path) -> None:
    """A receiving list for the lines of `csv_file`: one unit each, every tenth row moved to
    the end so a PO's rows fall in batches far apart, as two deliveries would."""
    import csv
    with open(csv_file, newline="", encoding="utf-8") as f:
        lines = [(r["po"], r["sku"]) for r in csv.DictReader(f)]
    late = lines[::10]
    rows = [x for i, x in enumerate(lines) if i % 10] + late
    write_csv(path, "po,sku,qty,date,ref", ((po, sku, 1, TODAY.isoformat(), "GRN-1") for po, sku in rows))


def build_tasks(path: Path, third: bool = False) -> None:
    """10,000 pending tasks, due before 2026-11-20, so `task overdue` lists them all (as the
    chase list lists most of the 10,000 open lines). With `third`, as the wide shape: the
    tasks of every third PO overdue, the others due 10–60 days ahead."""
    rng = random.Random(SEED * 5)
    tasks = []
    for i in range(N_OPEN):
        due = TODAY - timedelta(days=rng.randint(1, 60))
        if third and (i // LINES_PER_PO) % 3:
            due = TODAY + timedelta(days=rng.randint(10, 60))
        entry = due - timedelta(days=rng.randint(15, 60))
        tasks.append({"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "status": "pending",
                      "description": f"chase PO-{i // LINES_PER_PO:06d} line {i % LINES_PER_PO + 1} part {i}",
                      "project": f"S{i // LINES_PER_PO % (WIDE_SUPPLIERS if third else N_SUPPLIERS):02d}"
                      if third else f"S{i % N_SUPPLIERS:02d}", "entry": entry.strftime("%Y%m%dT000000Z"),
                      "due": due.strftime("%Y%m%dT000000Z")})
    path.write_text("\n".join(json.dumps(t) for t in tasks) + "\n", encoding="utf-8")


def make(path: Path, builder, *args) -> Path:
    if path.exists():
        return path
    t0 = time.perf_counter()
    builder(path, *args)
    print(f"gen: {path.name} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return path


def main(quick: bool = False) -> None:
    DATA.mkdir(exist_ok=True)
    base = make(DATA / "suppliers.db", build_base)
    d0 = make(DATA / "open10k-closed0.db", build_open, base)
    make(DATA / "open10k-closed100k.db", build_history, d0, 100_000)
    if not quick:
        make(DATA / "open10k-closed1m.db", build_history, d0, 1_000_000)
    imports = make(DATA / "import100k.csv", build_import_csv)
    make(DATA / "import100k.xlsx", build_import_xlsx, imports, base)
    if not quick:
        big = make(DATA / "import1m.csv", build_import_csv, 1_000_000)
        make(DATA / "import1m.db", build_imported, base, big)
        make(DATA / "receipts1m.csv", build_receipts_csv, big)
    make(DATA / "tasks10k.json", build_tasks)
    # The second shape: 200 suppliers, a third of the open lines listed (and as many tasks overdue)
    wide_base = make(DATA / "wide-suppliers.db", build_base, WIDE_SUPPLIERS)
    w0 = make(DATA / "wide10k-closed0.db", build_open, wide_base, True)
    make(DATA / "wide10k-closed100k.db", build_history, w0, 100_000, WIDE_SUPPLIERS)
    make(DATA / "tasks10k-third.json", build_tasks, True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1,000,000-line history")
    main(parser.parse_args().quick)
