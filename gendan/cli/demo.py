"""The demo: a realistic month of a furniture exporter's merchandiser.

The base data (customers, suppliers, orders, POs, receipts) comes from the CSV files in
`examples/` through `gendan import`, the same path a user takes from a spreadsheet; the dates
in them are relative (`+12`, `-40`), so the report always has news. Each area then adds its
steps as `_<area>(d)`: a list of commands exactly as a user would type them.
"""
from datetime import date, timedelta
from pathlib import Path

from gendan.errors import GendanError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BASE = ("customers", "suppliers", "orders", "pos", "receipts")   # import order: references first


def run(*args: str) -> None:
    """Run one gendan command in-process, as a user would type it; stop on any refusal."""
    from gendan.cli import app
    from typer.main import get_command
    code = get_command(app).main(args=list(args), standalone_mode=False)
    if code:
        raise GendanError(f"demo step failed: gendan {' '.join(args)}")


def build(path: str, today: date, examples: Path = EXAMPLES) -> None:
    """Write the demo into a new (or empty) database at `path`."""
    if Path(path).exists() and Path(path).stat().st_size > 0:
        raise GendanError(f"{path} already exists (remove it, or give 'gendan demo --db NEW.db')")
    d = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    db = ("--db", path, "--today", today.isoformat())
    for args in _imports(examples, BASE[:4]):
        run(*db, *args)
    for args in _orders(d):
        run(*db, *args)
    for args in _purchasing(d):
        run(*db, *args)
    for args in _imports(examples, ("receipts",)):   # after the confirmations: a promise needs an open line
        run(*db, *args)
    for args in _production(d):
        run(*db, *args)


def show(path: str, today: date | None = None) -> None:
    """Print the morning report of the demo database."""
    run("--db", path, *(("--today", today.isoformat()) if today else ()), "today")


def _imports(examples: Path, kinds=BASE) -> list[list[str]]:
    """`gendan import KIND examples/KIND.csv` for the base data."""
    if not (examples / "orders.csv").exists():
        raise GendanError(f"the demo data is missing from {examples} (run gendan from its source folder)")
    return [["import", kind, str(examples / f"{kind}.csv")] for kind in kinds]


def _orders(d) -> list[list[str]]:
    return [
        ["order", "change", "SO-2402", "--due", d(33), "--reason", "Nordhaus moved the booking to the next vessel"],
    ]


def _purchasing(d) -> list[list[str]]:
    """Confirmations, re-promises, a cancellation and chases on the POs of examples/pos.csv
    (placed and received through `gendan import`), so that the chase list shows every reason."""
    return [
        # history: delivered, one late against its promise (for `supplier score`)
        ["po", "confirm", "PO-HX-100", "--date", d(-54), "--promised", d(-12)],
        ["po", "confirm", "PO-MF-200", "--date", d(-49)],
        # overdue: 400 of 600 chairs in, the rest promised for three days ago
        ["po", "confirm", "PO-HX-101", "--date", d(-36), "--promised", d(-3)],
        ["po", "chase", "PO-HX-101", "--via", "phone", "--date", d(-1), "--note", "王经理说剩余200张周一发"],
        # re-promised later than SO-2401 can take (due in 12 days, 7 days' buffer)
        ["po", "confirm", "PO-HX-102", "--date", d(-36), "--promised", d(2)],
        ["po", "chase", "PO-HX-102", "--via", "wechat", "--date", d(-2), "--promised", d(8),
         "--note", "桌面油漆返工，推迟一周"],
        # all fittings arrived but 60 rusted: overdue until replaced; chased this morning, so it sinks
        ["po", "confirm", "PO-MF-201", "--date", d(-19)],
        ["po", "chase", "PO-MF-201", "--via", "wechat", "--note", "补货 60 套，李厂长说明天发"],
        # due soon: cartons for SO-2401
        ["po", "confirm", "PO-DY-401", "--date", d(-9)],
        ["po", "cancel", "PO-DY-400", "--reason", "placed twice; PO-DY-401 replaces it"],
        # placed five days ago, the countersigned copy has not come back
        # confirmed, on plan: not on the chase list
        ["po", "confirm", "PO-HX-103", "--date", d(-7), "--promised", d(28)],
        # cushions for SO-2405: 600 of 1000 in, the rest a day late
        ["po", "confirm", "PO-JL-302", "--date", d(-17)],
    ]


def _production(d) -> list[list[str]]:
    """Two orders in production with two weeks of daily reports (生产日报), Sundays off:
    SO-2402's sofa frames on plan (the fabric is still to come, so nothing is packed yet);
    SO-2401's chairs behind since the fittings from 明发 came late and partly rusted."""
    steps = [
        ["order", "plan", "SO-2401", "--start", d(-14), "--finish", d(4), "--factory", "恒兴木业",
         "--reason", "chairs and tables in one run"],
        ["order", "plan", "SO-2402", "--start", d(-13), "--daily", "7", "--factory", "明发外协"],
    ]
    # SO-2401, per working day: made so far, and the cause and note where it fell short
    chairs = [(47,), (94,), (141,), (188,), (234,), (281,), (328,), (375,),
              (390, "material", "五金配件未到齐，组装线停了一条"), (402, "material", "等明发五金补货"),
              (430, "material", "部分配件到货，一条线开工"), (470, "material", "60 套配件生锈退回，等补货")]
    # SO-2402: seven frames a day
    sofas = [7, 14, 21, 29, 35, 42, 49, 56, 63, 71, 77, 84]
    day = {"SO-2401": 0, "SO-2402": 0}
    for n in range(14, 0, -1):
        when = d(-n)
        if date.fromisoformat(when).weekday() == 6:
            continue
        if day["SO-2401"] < len(chairs):
            made, *why = chairs[day["SO-2401"]]
            cause = ["--cause", why[0], "--note", why[1]] if why else []
            steps.append(["progress", "SO-2401", "--produced", str(made), "--date", when, *cause])
            day["SO-2401"] += 1
        if n <= 13 and day["SO-2402"] < len(sofas):
            steps.append(["progress", "SO-2402", "--produced", str(sofas[day["SO-2402"]]), "--date", when])
            day["SO-2402"] += 1
    return steps
