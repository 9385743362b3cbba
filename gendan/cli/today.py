"""`gendan today`: the morning report (每日跟单日报), what needs the merchandiser today.
The sections are gathered by store/morning_report.py and shaped by core/report.py; this
module parses the options and renders them."""
import sys

from gendan.cli import _common


def register(app) -> None:
    """The typer command; its body is `run`, which the quick path (cli/quick.py) calls directly."""
    from typing import Annotated, Optional

    import typer

    from gendan.cli._options import FormatOpt, OutputOpt, WindowOpt

    @app.command("today")
    def today(
        window: WindowOpt = None,
        exit_code: Annotated[bool, typer.Option("--exit-code", help="exit 1 when anything is overdue")] = False,
        fmt: FormatOpt = "table",
        output: OutputOpt = None,
    ) -> Optional[int]:
        """The morning report: POs to chase, orders at risk, inspections and shipments due, money.
        Each section is left out when empty. Example (cron): 0 8 * * 1-6 gendan today | mail -s 跟单日报 me"""
        return run(window, exit_code, fmt)


def run(window: int | None, exit_code: bool, fmt: str) -> int:
    """Print the morning report; the exit code (1 with --exit-code when anything is overdue)."""
    from gendan.core import report
    from gendan.errors import UsageError
    from gendan.store import morning_report
    if fmt in ("csv", "tsv"):
        raise UsageError(f"the morning report has several sections; use -f table, markdown, json, jsonl "
                         f"or xlsx, not {fmt}")
    store = _common.open_db()
    day = _common.today()
    with store.snapshot():
        win = window if window is not None else store.setting("chase_window")
        sections = report.compose(morning_report.gather(store, day, win, inspect_window=window))
    render(sections, fmt, day)
    return 1 if exit_code and report.any_overdue(sections) else 0


def render(sections, fmt: str, day, title: str | None = None, empty: str = "nothing needs you today",
           priorities: dict | None = None) -> None:
    """Plain text (cron, pipes), rich (terminal), markdown (mail), json or jsonl; `title`
    heads the report (the morning report's by default; `report daily` gives its own) and
    `priorities` what a narrow terminal keeps of each section (PRIORITY by default)."""
    from gendan.core import report
    from gendan.output import dumps, render as render_rows, wants_rich
    out = sys.stdout
    title = title or report.title_line(day)
    if fmt == "json":
        out.write(dumps(report.to_json(sections)) + "\n")
        return
    if fmt == "jsonl":
        for s in sections:
            for r in s.rows:
                out.write(dumps({"section": s.key} | {col: r.get(col) for col in s.columns}) + "\n")
        return
    if fmt == "xlsx":   # one sheet per section (an empty workbook says nothing needs you)
        for s in sections:
            _common.emit(s.rows, fmt, list(s.columns), sheet=s.title)
        if not sections:
            _common.emit([], fmt, [])   # a sheet named after the command
            _common.info(empty)
        return
    if not sections:
        _common.info(empty)
        return
    if fmt == "markdown":
        from gendan.output import markdown_table
        out.write(f"# {title}\n")
        for s in sections:
            out.write(f"\n## {s.heading}\n\n{markdown_table(list(s.rows), list(s.columns))}\n")
        return
    if wants_rich(out):
        from rich.console import Console
        Console(file=out, highlight=False).print(title, style="bold", markup=False)
        for s in sections:
            out.write("\n")
            render_rows(s.rows, "table", list(s.columns), out, title=s.heading, style=_style(s),
                        priority=(priorities or PRIORITY).get(s.key), see="-f markdown")
        return
    from gendan.output import write_plain_table
    out.write(title + "\n")
    for s in sections:
        out.write(f"\n{s.heading}\n")
        write_plain_table(list(s.rows), list(s.columns), out)


# What a terminal keeps longest in each section that does not fit (gendan.terminal);
# unnamed columns go right to left.
PRIORITY = {
    "pos_to_chase": ["supplier", "po", "line", "sku", "qty_open", "days_late", "reason", "due", "promised"],
    "orders_at_risk": ["order", "due", "days_left", "cause", "customer"],
    "materials_unordered": ["order", "part", "short", "need_by", "status", "days_left", "supplier", "required",
                            "on_po"],
    "production_behind": ["order", "qty", "produced", "planned_to_date", "behind_days", "forecast_finish", "due",
                          "at_risk", "behind_qty"],
    "inspections_due": ["ref", "stage", "sku", "due", "days_left", "reason"],
    "shipments_due": ["order", "due", "days_left", "gate", "blocked_by", "customer", "qty", "qty_shipped"],
}


def _style(s):
    """Red for overdue rows on a terminal (and in the day's report, rejects and failures)."""
    def style(row):
        if row.get("rejected") or row.get("result") == "fail":
            return "red"
        if row.get("reason") == "overdue" or (row.get("days_left") is not None and row["days_left"] < 0) \
                or (row.get("days_late") or 0) > 0:
            return "red"
        return None
    return style
