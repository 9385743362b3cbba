"""`gendan where | log | demo`: the database itself, its audit trail, and the demo."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common as c
from gendan.cli._options import DateOpt, FormatOpt

LOG_FIELDS = ["id", "ts", "actor", "command", "entity", "key", "before", "after", "reason"]


def register(app: typer.Typer) -> None:
    app.command("where")(where)
    app.command("log")(log)
    app.command("demo")(demo)
    app.command("settings")(settings)


def where() -> None:
    """Print the path of the database in use. Example: gendan where"""
    print(c.db_path())


def log(
    ref: Annotated[Optional[str], typer.Argument(help="an order, PO, party or other key")] = None,
    since: DateOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """The audit trail: every change, before → after, with the reason. Example: gendan log SO-1001"""
    from gendan.store import views
    store = c.open_db()
    clauses, params = [], []
    if ref:
        clauses.append("key = ?")
        params.append(ref)
    if since:
        clauses.append("ts >= ?")
        params.append(c.date_arg(since, "--since").isoformat())
    where_sql = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = store.query(f"SELECT * FROM events {where_sql} ORDER BY id", params)
    c.emit((views.event_row(r) for r in rows), fmt, LOG_FIELDS, empty="no changes recorded")


def demo(
    db: Annotated[Optional[str], typer.Option("--db", help="where to write the demo (default: ./gendan-demo.db)")] = None,
) -> None:
    """Fill a fresh database with a realistic month of a merchandiser's work and print the morning report.
    Example: gendan demo --db demo.db"""
    from gendan.cli import demo as builder
    path = db or c.state.db or "gendan-demo.db"
    c.state.db = path
    builder.build(path, c.today())
    c.info(f"demo database written to {path}; try: gendan --db {path} order list")
    builder.show(path)


def settings(
    key: Annotated[Optional[str], typer.Argument(help="a setting's name")] = None,
    value: Annotated[Optional[str], typer.Argument(help="its new value (whole number)")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Show the tunable numbers, or change one. Example: gendan settings buffer_days 10"""
    from gendan.core.settings import DEFAULTS, check
    if key is not None and value is not None:
        number = check(key, value)
        store = c.open_db("settings")
        with store.transaction():
            store.set_setting(key, number)
        return
    if key is not None and key not in DEFAULTS:
        check(key, "0")
    store = c.open_db()
    rows = [{"key": k, "value": store.setting(k), "default": d, "meaning": why}
            for k, (d, why) in DEFAULTS.items() if key in (None, k)]
    c.emit(rows, fmt, ["key", "value", "default", "meaning"])
