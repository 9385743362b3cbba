"""`gendan log`: the audit trail, every change before → after with its reason."""
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import DateOpt, FormatOpt, OutputOpt

LOG_FIELDS = ["id", "ts", "actor", "command", "entity", "key", "before", "after", "reason"]


def register(app: typer.Typer) -> None:
    app.command("log")(log)


def log(
    ref: Annotated[Optional[str], typer.Argument(help="an order, PO, party or other key")] = None,
    since: DateOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """The audit trail: every change, before → after, with the reason. Example: gendan log SO-1001"""
    from gendan.store import event_log
    since_d = _common.date_arg(since, "--since")
    store = _common.open_db()
    _common.emit(event_log.event_log(store, ref, since_d), fmt, LOG_FIELDS, empty="no changes recorded")


