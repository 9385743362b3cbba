"""`gendan import | export | calendar`: data into the database from CSV files, and out of it
as CSV, JSON or an iCalendar file."""
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import OutputOpt


def register(app: typer.Typer) -> None:
    app.command("import")(import_file)
    app.command("export")(export_table)
    app.command("calendar")(calendar)


EXPORT_FORMATS = ("csv", "tsv", "json", "jsonl", "xlsx")


def import_file(
    kind: Annotated[str, typer.Argument(help="orders, pos, receipts (also customers, suppliers, products, samples, complaints, bom)")],
    file: Annotated[str, typer.Argument(help="CSV file with a header row (UTF-8 with or without BOM), or an Excel "
                                             "workbook (.xlsx); - for stdin")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="check the whole file and report; write nothing")] = False,
    sheet: Annotated[Optional[str], typer.Option("--sheet", help="the workbook's sheet to read (default: the first)")] = None,
) -> None:
    """Import a CSV file or an Excel sheet, all or nothing: one bad row refuses the whole file, each
    reported as `line N: what` (`sheet Orders, row 7: what`). Example: gendan import pos pos.xlsx --dry-run"""
    from gendan.errors import UsageError
    from gendan.core.importing import KINDS
    if kind not in KINDS:
        raise UsageError(f"cannot import {kind!r} (use one of {', '.join(KINDS)})")
    from gendan.cli import importer
    store = _common.open_db(f"import {kind}")
    summary = importer.run(store, kind, file, _common.today(), dry_run, sheet)
    _common.info(summary)


def export_table(
    table: Annotated[str, typer.Argument(help="customers, suppliers, orders, order_lines, pos, po_lines, receipts, "
                                              "chases, inspections, shipments, payments, samples, bom or events")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, tsv, json, jsonl or xlsx (Excel; with -o FILE)")] = "csv",
    excel: Annotated[bool, typer.Option("--excel", help="for spreadsheets: UTF-8 BOM, cells starting = + - @ guarded")] = False,
    output: OutputOpt = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="only the rows that exist on this date (by their "
                                                                 "business date; default: every row)")] = None,
) -> None:
    """Write a whole table to stdout (or -o FILE), streamed. orders, pos and receipts come out in
    the shape `gendan import` reads (csv or xlsx). Example: gendan export pos -f xlsx -o pos.xlsx"""
    from gendan.errors import UsageError
    from gendan.output import render
    from gendan.store import export
    if table not in export.TABLES:
        raise UsageError(f"unknown table {table!r} (use one of {', '.join(export.TABLES)})")
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"bad format {fmt!r} for export (use one of {', '.join(EXPORT_FORMATS)})")
    if excel and fmt not in ("csv", "tsv"):
        raise UsageError(f"--excel is for csv or tsv (spreadsheets); drop it for {fmt}")
    day = _common.date_arg(as_of, "--as-of")
    store = _common.open_db()
    if fmt == "xlsx":
        from gendan.cli import output_file
        output_file.set_format(fmt)
        _common.emit(export.rows(store, table, day), fmt, export.columns(store, table), sheet=table,
                     kinds=export.kinds(store, table))
        return
    out = _common.utf8_stdout()
    if excel:
        out.write("\ufeff")
    if fmt in ("json", "jsonl"):
        _json_rows(export.rows(store, table, day), out, fmt == "json")
    else:
        render(export.rows(store, table, day), fmt, export.columns(store, table), out, guard=excel, header_alone=True)


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


def calendar() -> None:
    """An iCalendar (.ics) of open order lines (due dates), open PO lines (promised, else due dates) and
    inspections due, one all-day event each. Example: gendan calendar > due.ics"""
    from gendan.cli import ical
    store = _common.open_db()
    _common.utf8_stdout().write(ical.build(store, _common.today()))
