"""Shared Annotated option aliases, so every command spells its options the same way."""
from typing import Annotated, Optional

import typer

from gendan.output import FORMATS


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}")
    if value == "xlsx":
        from gendan.cli import output_file
        output_file.set_format(value)
    return value


def _output(value: Optional[str]) -> Optional[str]:
    """-o FILE: recorded here, so that no command body handles it (cli/output_file.py)."""
    if value is not None:
        from gendan.cli import _common, output_file
        output_file.set_output(value, _common.database_or_none())
    return value


FormatOpt = Annotated[str, typer.Option("--format", "-f", callback=_check_format,
                                        help="table, csv, tsv, json, jsonl, markdown or xlsx (Excel; with -o FILE)")]
OutputOpt = Annotated[Optional[str], typer.Option("--output", "-o", callback=_output, metavar="FILE",
                                                  help="write to FILE (atomically) instead of stdout")]
DateOpt = Annotated[Optional[str], typer.Option(help="YYYY-MM-DD, today, +3, fri, 11-30 …")]
ItemsOpt = Annotated[list[str], typer.Option("--item", help="SKU=QTY@PRICE, repeatable")]
QtyItemsOpt = Annotated[list[str], typer.Option("--item", help="SKU=QTY, repeatable")]
NoteOpt = Annotated[str, typer.Option(help="free text")]
ReasonOpt = Annotated[Optional[str], typer.Option(help="why (kept in the audit log)")]
# Pieces in a lot, a day or a sample's defects: whole numbers within what a quantity may be
# (core.orders.MAX_QTY), so that SQLite's 64-bit integers and the plan's dates always hold them.
MAX_PIECES = 1_000_000_000
WindowOpt = Annotated[Optional[int], typer.Option(min=0, max=3650, help="days ahead that count as due soon")]
