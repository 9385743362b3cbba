"""`gendan progress …` (daily production reports, orders against plan) and
`gendan report delays` (pieces lost by delay cause, factory and customer)."""
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import DateOpt, FormatOpt, OutputOpt, NoteOpt

report_app = typer.Typer(no_args_is_help=True, help="Reports for the boss (日报/月报/季报) and summaries for the month's review.")


def register(app: typer.Typer) -> None:
    """Add `progress` and the `report` group to `app`."""
    from gendan.cli.complaint import report_complaints
    app.command("progress")(progress)
    report_app.command("complaints")(report_complaints)
    app.add_typer(report_app, name="report")


def progress(
    no: Annotated[Optional[str], typer.Argument(help="order number: record its daily report (or list its reports)")] = None,
    produced: Annotated[Optional[str], typer.Option(help="cumulative pieces produced as of --date")] = None,
    packed: Annotated[Optional[str], typer.Option(help="cumulative pieces packed as of --date (default: unchanged)")] = None,
    date: DateOpt = None,
    cause: Annotated[Optional[str], typer.Option(help="delay cause: plan, machine, material, quality, urgent, upstream, staff")] = None,
    note: NoteOpt = "",
    behind: Annotated[bool, typer.Option("--behind", help="only orders behind plan")] = False,
    factory: Annotated[Optional[str], typer.Option(help="only this factory or subcontractor")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Daily production report (生产日报), or open planned orders against plan, most behind first.

    Record: gendan progress SO-1001 --produced 480 --packed 200 --cause material --note "fabric short"

    List:   gendan progress --behind -f csv     (one order's reports: gendan progress SO-1001)"""
    if no is None:
        if produced is not None or packed is not None or date is not None or cause is not None or note:
            from gendan.errors import UsageError
            raise UsageError("--produced, --packed, --date, --cause and --note need an order number "
                             "(gendan progress NO --produced N)")
        return _list(behind, factory, fmt)
    if behind or factory is not None:
        from gendan.errors import UsageError
        raise UsageError("--behind and --factory are for the list (gendan progress --behind), not one order")
    if produced is None:
        if packed is not None or date is not None or cause is not None or note:
            from gendan.errors import UsageError
            raise UsageError(f"a daily report needs --produced N (gendan progress {no} --produced N [--packed N])")
        return _history(no, fmt)
    _record(no, produced, packed, date, cause, note)


def _record(no: str, produced: str, packed: str | None, when: str | None, cause: str | None, note: str) -> None:
    from gendan.core.models import ProgressReport
    from gendan.core.production import check_cause
    from gendan.core.orders import parse_qty
    from gendan.store import production
    report = ProgressReport(order=no, date=_common.date_arg(when, "--date", _common.today()),
                            produced=parse_qty(produced, "--produced", allow_zero=True),
                            packed=parse_qty(packed, "--packed", allow_zero=True) if packed is not None else 0,
                            cause=check_cause(cause), note=note.strip())
    store = _common.open_db("progress")
    with store.transaction():
        replaced = production.add_report(store, no, report, _common.today(), keep_packed=packed is None)
    _common.wrote(f"{no} reported {report.date}: {report.produced} produced"
                  + (f", {report.packed} packed" if packed is not None else ""), {})
    if replaced:
        _common.info(f"replaced the report of {report.date} for {no} (produced {replaced.produced}, packed {replaced.packed})")


# What a terminal keeps longest when the progress list does not fit (gendan.terminal).
PROGRESS_PRIORITY = ["order", "qty", "produced", "planned_to_date", "behind_days", "forecast_finish", "due",
                     "at_risk", "behind_qty", "factory", "packed", "run_rate", "material_missing"]


def _list(behind: bool, factory: str | None, fmt: str) -> None:
    from gendan.core.production import PROGRESS_FIELDS
    from gendan.store import production
    store = _common.open_db()
    with store.snapshot():
        rows = production.progress_rows(store, _common.today(), behind=behind, factory=factory)
    if fmt in ("table", "markdown"):
        rows = [r | {"forecast_finish": r["forecast_finish"] or "unknown"} for r in rows]
    _common.emit(rows, fmt, PROGRESS_FIELDS, style=_style, priority=PROGRESS_PRIORITY,
           empty="no planned orders behind plan" if behind else "no open planned orders")


def _style(row: dict) -> str | None:
    if row["at_risk"]:
        return "red"
    return "yellow" if row["behind_qty"] > 0 else None


def _history(no: str, fmt: str) -> None:
    from gendan.core.production import REPORT_FIELDS
    from gendan.store import production
    store = _common.open_db()
    _common.emit(production.order_reports(store, no, _common.today()), fmt, REPORT_FIELDS, empty=f"no production reports for {no} yet")


@report_app.command("delays")
def report_delays(
    from_: Annotated[Optional[str], typer.Option("--from", help="first report date (default: the 1st of this month)")] = None,
    to: Annotated[Optional[str], typer.Option(help="last report date (default: today)")] = None,
    month: Annotated[Optional[str], typer.Option(help="YYYY-MM instead of --from/--to")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Production reports and pieces lost against plan, by delay cause, factory and customer —
    the monthly delay summary. Example: gendan report delays --month 2026-11 -f csv"""
    from gendan.core.dates import parse_month
    from gendan.core.production import DELAY_FIELDS
    from gendan.errors import UsageError
    from gendan.store import production
    today = _common.today()
    if month is not None:
        if from_ is not None or to is not None:
            raise UsageError("give --month or --from/--to, not both")
        first, last = parse_month(month)
    else:
        first = _common.date_arg(from_, "--from", today.replace(day=1))
        last = _common.date_arg(to, "--to", today)
    if last < first:
        raise UsageError(f"--to {last} is before --from {first} (swap them)")
    store = _common.open_db()
    with store.snapshot():
        rows = production.delay_rows(store, first, last)
    _common.emit(rows, fmt, DELAY_FIELDS, empty=f"no delays reported from {first} to {last}")
