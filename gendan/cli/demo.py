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
    for args in _imports(examples):
        run(*db, *args)
    for args in _orders(d):
        run(*db, *args)


def show(path: str, today: date | None = None) -> None:
    """Print the morning report of the demo database."""
    run("--db", path, *(("--today", today.isoformat()) if today else ()), "today")


def _imports(examples: Path) -> list[list[str]]:
    """`gendan import KIND examples/KIND.csv` for the base data."""
    if not (examples / "orders.csv").exists():
        raise GendanError(f"the demo data is missing from {examples} (run gendan from its source folder)")
    return [["import", kind, str(examples / f"{kind}.csv")] for kind in BASE]


def _orders(d) -> list[list[str]]:
    return [
        ["order", "change", "SO-2402", "--due", d(33), "--reason", "Nordhaus moved the booking to the next vessel"],
    ]
