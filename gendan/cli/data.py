"""`gendan where | log | demo | import | export | calendar | backup`: the database itself, its
audit trail, data in and out of it, and the demo."""
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
    app.command("import")(import_file)
    app.command("export")(export)
    app.command("calendar")(calendar)
    app.command("backup")(backup)
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
    since_d = c.date_arg(since, "--since")
    store = c.open_db()
    c.emit(views.event_log(store, ref, since_d), fmt, LOG_FIELDS, empty="no changes recorded")


def demo(
    db: Annotated[Optional[str], typer.Option("--db", help="where to write the demo (default: ./gendan-demo.db)")] = None,
) -> None:
    """Fill a fresh database with a realistic month of a merchandiser's work and print the morning report.
    Example: gendan demo --db demo.db"""
    from gendan.cli import demo as builder
    path = db or c.state.db or "gendan-demo.db"
    c.state.db = path
    builder.build(path, c.today())
    c.info(f"demo database written to {path}; try: gendan --db {path} order list, or any command with --db {path}")
    builder.show(path, c.today())


IMPORT_KINDS = ("orders", "pos", "receipts", "customers", "suppliers")
EXPORT_FORMATS = ("csv", "tsv", "json", "jsonl")


def import_file(
    kind: Annotated[str, typer.Argument(help="orders, pos, receipts (also customers, suppliers)")],
    file: Annotated[str, typer.Argument(help="CSV file with a header row, UTF-8 with or without BOM; - for stdin")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="check the whole file and report; write nothing")] = False,
) -> None:
    """Import a CSV file, all or nothing: one bad row refuses the whole file, each reported as `line N: what`.
    Example: gendan import pos pos.csv --dry-run"""
    from gendan.errors import UsageError
    if kind not in IMPORT_KINDS:
        raise UsageError(f"cannot import {kind!r} (use one of {', '.join(IMPORT_KINDS)})")
    from gendan.cli import importer
    store = c.open_db(f"import {kind}")
    summary = importer.run(store, kind, file, c.today(), dry_run)
    c.info(summary)


def export(
    table: Annotated[str, typer.Argument(help="customers, suppliers, orders, order_lines, pos, po_lines, receipts, "
                                              "chases, inspections, shipments, payments or events")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, tsv, json or jsonl")] = "csv",
    excel: Annotated[bool, typer.Option("--excel", help="for spreadsheets: UTF-8 BOM, cells starting = + - @ guarded")] = False,
) -> None:
    """Write a whole table to stdout, streamed. orders, pos and receipts come out in the shape
    `gendan import` reads. Example: gendan export pos --excel > pos.csv"""
    from gendan.errors import UsageError
    from gendan.output import render
    from gendan.store import export as ex
    if table not in ex.TABLES:
        raise UsageError(f"unknown table {table!r} (use one of {', '.join(ex.TABLES)})")
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"bad format {fmt!r} for export (use one of {', '.join(EXPORT_FORMATS)})")
    if excel and fmt not in ("csv", "tsv"):
        raise UsageError("--excel is for csv or tsv (spreadsheets); drop it for json")
    store = c.open_db()
    out = _utf8_stdout()
    if excel:
        out.write("\ufeff")
    if fmt in ("json", "jsonl"):
        _json_rows(ex.rows(store, table), out, fmt == "json")
    else:
        render(ex.rows(store, table), fmt, ex.columns(store, table), out, guard=excel)


def _json_rows(rows, out, array: bool) -> None:
    """Rows straight from SQLite hold only str, int, None and bool: one shared encoder, no
    per-value conversion (a million rows in seconds, not tens of seconds). Same text as -f json
    elsewhere: an array with one object a line, or one object a line (jsonl)."""
    import json
    encode = json.JSONEncoder(ensure_ascii=False).encode
    if not array:
        for row in rows:
            out.write(encode(row) + "\n")
        return
    out.write("[")
    sep = "\n"
    for row in rows:
        out.write(sep + encode(row))
        sep = ",\n"
    out.write("\n]\n" if sep != "\n" else "]\n")


def _utf8_stdout():
    """stdout as UTF-8 whatever the locale: exports carry Chinese names."""
    try:
        sys.stdout.reconfigure(encoding="utf-8")
    except (AttributeError, ValueError):
        pass
    return sys.stdout


def calendar() -> None:
    """An iCalendar (.ics) of open order lines (due dates), open PO lines (promised, else due dates) and
    inspections due, one all-day event each. Example: gendan calendar > due.ics"""
    from gendan.cli import ical
    store = c.open_db()
    _utf8_stdout().write(ical.build(store, c.today()))


def backup(
    file: Annotated[str, typer.Argument(help="where to write the copy")],
    force: Annotated[bool, typer.Option("--force", help="overwrite FILE if it exists")] = False,
) -> None:
    """Copy the database safely, even while another gendan writes (SQLite online backup).
    Example: gendan backup ~/backup/gendan-$(date +%F).db"""
    from pathlib import Path
    from gendan.store import export as ex
    store = c.open_db()
    ex.backup(store, Path(file), force)
    c.info(f"backed up {store.path} to {file}")


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
