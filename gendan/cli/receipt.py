"""`gendan receipt list|void`: goods received (来料/入库), numbered GRN-00001 …"""
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import FormatOpt, OutputOpt, ReasonOpt

receipt_app = typer.Typer(no_args_is_help=True, help="Receipts (GRN): list them, void one entered by mistake.")


def register(app: typer.Typer) -> None:
    app.add_typer(receipt_app, name="receipt")


@receipt_app.command("list")
def receipt_list(
    po: Annotated[Optional[str], typer.Argument(help="only this PO")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Receipts by date, voided ones marked. Example: gendan receipt list PO-7 -f csv"""
    from gendan.store import corrections
    store = _common.open_db()
    rows = corrections.receipt_rows(store, po, _common.today())
    _common.emit(rows, fmt, corrections.RECEIPT_FIELDS, empty="no receipts")


@receipt_app.command("void")
def receipt_void(
    number: Annotated[str, typer.Argument(help="the receipt, e.g. GRN-00007 (see 'gendan receipt list')")],
    reason: ReasonOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Void a receipt entered by mistake: its PO line reopens, the supplier's account is
    reversed on today's date. Example: gendan receipt void GRN-00007 --reason "typed twice" """
    from gendan.cli.corrections import void
    void("receipt", number, reason, fmt)
