"""The demo: a realistic month of a furniture exporter's merchandiser, entered through the
same commands a user types, with dates relative to today so the report always has news."""
from datetime import date, timedelta
from pathlib import Path

from gendan.errors import GendanError


def run(*args: str) -> None:
    """Run one gendan command in-process, as a user would type it; stop on any refusal."""
    from gendan.cli import app
    from typer.main import get_command
    code = get_command(app).main(args=list(args), standalone_mode=False)
    if code:
        raise GendanError(f"demo step failed: gendan {' '.join(args)}")


def build(path: str, today: date) -> None:
    """Write the demo into a new (or empty) database at `path`."""
    if Path(path).exists() and Path(path).stat().st_size > 0:
        raise GendanError(f"{path} already exists (remove it, or give 'gendan demo --db NEW.db')")
    d = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    db = ("--db", path, "--today", today.isoformat())
    for args in _parties():
        run(*db, *args)
    for args in _orders(d):
        run(*db, *args)
    for args in _reconcile(d):
        run(*db, *args)


def show(path: str) -> None:
    """Print what the demo shows best: the open orders, most urgent first."""
    run("--db", path, "order", "list")


def _parties() -> list[list[str]]:
    return [
        ["customer", "add", "ACME", "--name", "Acme Home Furnishings Inc.", "--currency", "USD", "--deposit", "30",
         "--contact", "Jane Miller", "--email", "jane@acme-home.example"],
        ["customer", "add", "NORD", "--name", "Nordhaus Möbel GmbH", "--currency", "EUR", "--deposit", "0",
         "--no-balance-before-ship", "--credit-days", "45", "--contact", "Lars Vogel"],
        ["customer", "add", "LEON", "--name", "利昂家居贸易(香港)有限公司", "--currency", "USD", "--deposit", "20",
         "--contact", "陈先生", "--phone", "+852 2345 6789"],
        ["supplier", "add", "HX", "--name", "恒兴木业有限公司", "--currency", "CNY", "--credit-days", "30",
         "--lead-days", "25", "--contact", "王经理", "--phone", "138 0571 2233"],
        ["supplier", "add", "MF", "--name", "明发五金厂", "--currency", "CNY", "--credit-days", "30",
         "--lead-days", "15", "--contact", "李厂长", "--phone", "139 2288 7766"],
        ["supplier", "add", "JL", "--name", "佳丽布艺", "--currency", "CNY", "--lead-days", "20",
         "--contact", "赵小姐", "--phone", "137 1122 3344"],
        ["supplier", "add", "DY", "--name", "Dongyang Packaging Co.", "--currency", "CNY", "--lead-days", "7",
         "--contact", "Mr. Chen", "--phone", "0579 8666 1234"],
    ]


def _orders(d) -> list[list[str]]:
    return [
        ["order", "add", "SO-2401", "--customer", "ACME", "--ordered", d(-40), "--due", d(12),
         "--item", "CH-01=600@18.50", "--item", "TB-02=150@45.00", "--note", "Oak dining set, 40HQ"],
        ["order", "add", "SO-2402", "--customer", "NORD", "--ordered", d(-30), "--due", d(30),
         "--item", "SF-10=200@129.90", "--currency", "EUR"],
        ["order", "add", "SO-2403", "--customer", "ACME", "--ordered", d(-60), "--due", d(-2),
         "--item", "CH-01=300@18.50"],
        ["order", "add", "SO-2404", "--customer", "LEON", "--ordered", d(-10), "--due", d(55),
         "--item", "实木书柜-BK3=120@86.00", "--item", "CH-02=480@16.25"],
        ["order", "change", "SO-2402", "--due", d(33), "--reason", "Nordhaus moved the booking to the next vessel"],
    ]


def _reconcile(d) -> list[list[str]]:
    """A month of payments to suppliers. With the demo's HX deliveries (GRN-1101, partly
    rejected, and GRN-1108, yesterday) they make HX's own statement, examples/statement-HX.csv,
    disagree in every way: they bill the rejected chairs, have not yet listed yesterday's
    delivery, and add a sample charge we never agreed.
    Try: gendan reconcile supplier HX --statement examples/statement-HX.csv"""
    return [
        ["pay", "out", "HX", "--amount", "5580.00", "--date", d(-50), "--ref", "TT-HX-0930"],
        ["pay", "out", "MF", "--amount", "2400.00", "--date", d(-15), "--ref", "TT-MF-1105"],
        ["pay", "out", "HX", "--amount", "8000.00", "--date", d(-6), "--ref", "TT-HX-1114"],
    ]
