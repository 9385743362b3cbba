"""`gendan today`: the morning report (每日跟单日报), what needs the merchandiser today.

Each `_<section>` function gathers one section from the area that owns it and returns a
`report.Section` or None; an area not built yet simply has no section.
"""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common as c
from gendan.cli._options import FormatOpt, WindowOpt


def register(app: typer.Typer) -> None:
    app.command("today")(today)


def today(
    window: WindowOpt = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="exit 1 when anything is overdue")] = False,
    fmt: FormatOpt = "table",
) -> Optional[int]:
    """The morning report: POs to chase, orders at risk, inspections and shipments due, money.
    Each section is left out when empty. Example (cron): 0 8 * * 1-6 gendan today | mail -s 跟单日报 me"""
    from gendan.core import report
    from gendan.errors import UsageError
    if fmt in ("csv", "tsv"):
        raise UsageError(f"the morning report has several sections; use -f table, markdown, json or jsonl, not {fmt}")
    store = c.open_db()
    day = c.today()
    with store.snapshot():
        win = window if window is not None else store.setting("chase_window", 3)
        sections = report.compose(gather(store, day, win))
    render(sections, fmt, day)
    return 1 if exit_code and report.any_overdue(sections) else 0


def gather(store, day, window: int) -> list:
    """Every section builder, in no particular order (compose sorts them)."""
    out = []
    for build in (_pos_to_chase, _orders_at_risk):
        out.append(build(store, day, window))
    return out


def _pos_to_chase(store, day, window):
    """POs to chase, grouped by supplier (from the chase list of `po chase`)."""
    from gendan.core import report
    from gendan.store import purchasing
    chase_list = getattr(purchasing, "chase_list", None)
    if chase_list is None:  # the PO area has not landed yet
        return None
    return report.pos_to_chase(chase_list(store, day, window))


def _orders_at_risk(store, day, window):
    """Open orders late or at risk, with the PO line that puts them at risk."""
    from gendan.core import report
    from gendan.store import orders as db
    rows = [r for r in db.order_rows(store, day) if r["at_risk"] or r["days_left"] < 0]
    if not rows:
        return None
    buffer = store.setting("buffer_days", 7)
    expected = db.expected_po_lines(store, [r["order"] for r in rows])
    causes = {r["order"]: report.risk_cause(r["due"], expected.get(r["order"], []), buffer) for r in rows}
    return report.orders_at_risk(rows, causes)


def render(sections, fmt: str, day) -> None:
    """Plain text (cron, pipes), rich (terminal), markdown (mail), json or jsonl."""
    from gendan.core import report
    from gendan.output import dumps, render as render_rows, wants_rich
    out = sys.stdout
    if fmt == "json":
        out.write(dumps(report.to_json(sections)) + "\n")
        return
    if fmt == "jsonl":
        for s in sections:
            for r in s.rows:
                out.write(dumps({"section": s.key} | {col: r.get(col) for col in s.columns}) + "\n")
        return
    if not sections:
        c.info("nothing needs you today")
        return
    if fmt == "markdown":
        from gendan.output import markdown_table
        out.write(f"# {report.title_line(day)}\n")
        for s in sections:
            out.write(f"\n## {s.heading}\n\n{markdown_table(list(s.rows), list(s.columns))}\n")
        return
    if wants_rich(out):
        from rich.console import Console
        Console(file=out).print(f"[bold]{report.title_line(day)}[/bold]")
        for s in sections:
            out.write("\n")
            render_rows(s.rows, "table", list(s.columns), out, title=s.heading, style=_style(s))
        return
    from gendan.output import plain_table
    out.write(report.title_line(day) + "\n")
    for s in sections:
        out.write(f"\n{s.heading}\n{plain_table(list(s.rows), list(s.columns))}\n")


def _style(s):
    """Red for overdue rows on a terminal."""
    def style(row):
        if row.get("reason") == "overdue" or (row.get("days_left") is not None and row["days_left"] < 0):
            return "red"
        return None
    return style
