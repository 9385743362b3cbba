"""`gendan log`: the audit trail, every change before → after with its reason."""
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import FormatOpt, OutputOpt

LOG_FIELDS = ["id", "ts", "day", "actor", "command", "entity", "key", "before", "after", "reason"]


def register(app: typer.Typer) -> None:
    app.command("log")(log)


def log(
    ref: Annotated[Optional[str], typer.Argument(help="an order, PO, party or other key")] = None,
    since: Annotated[Optional[str], typer.Option("--since", help="events of this business date or later")] = None,
    until: Annotated[Optional[str], typer.Option("--until", help="events of this business date or earlier "
                                                                  "(default: today)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """The audit trail: every change, before → after, with the reason. Each event has `ts`, the
    wall-clock time it was written, and `day`, the business date it is about (the document's
    date, else the --today it was written with); --since and --until filter by business date.
    Example: gendan log SO-1001 --since 2026-11-01"""
    from gendan.store import event_log
    since_d = _common.date_arg(since, "--since")
    until_d = _common.date_arg(until, "--until", _common.today())
    if until is not None and since_d is not None and since_d > until_d:   # a range typed backwards
        from gendan.errors import UsageError
        raise UsageError(f"--since {since_d} is after --until {until_d}", "give the earlier date to --since")
    store = _common.open_db()
    _common.emit(event_log.event_log(store, ref, since_d, until_d), fmt, LOG_FIELDS, empty="no changes recorded")


