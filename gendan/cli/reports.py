"""`gendan report daily|sales|purchases|month` and `gendan supplier prices`: the day's report
(core/daily.py over store/daily_report.py), the boss's summaries over a month, quarter or
range (core/summaries.py over store/summaries.py's facts) and the month's report and
workbook (core/month.py over store/month_report.py)."""
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import FormatOpt, OutputOpt

MonthOpt = Annotated[Optional[str], typer.Option(help="YYYY-MM (default: this month)")]
QuarterOpt = Annotated[Optional[str], typer.Option(help="YYYYQN, e.g. 2026Q4")]
FromOpt = Annotated[Optional[str], typer.Option("--from", help="first day (default: the 1st of --to's month)")]
ToOpt = Annotated[Optional[str], typer.Option(help="last day (default: today)")]


def register(app: typer.Typer) -> None:
    """Add the summaries to the `report` group and `prices` to the `supplier` group (their
    modules, cli/progress.py and cli/party.py, add the groups to `app`)."""
    from gendan.cli.party import supplier_app
    from gendan.cli.progress import report_app
    report_app.command("daily")(report_daily)
    report_app.command("sales")(report_sales)
    report_app.command("purchases")(report_purchases)
    report_app.command("month")(report_month)
    supplier_app.command("prices")(supplier_prices)


# What a narrow terminal keeps longest in each section of the day's and the month's report
# (gendan.terminal); unnamed columns go right to left.
PRIORITY = {
    "new_orders": ["order", "customer", "due", "value", "currency", "qty"],
    "new_pos": ["po", "supplier", "due", "value", "currency", "for_order", "qty"],
    "receipts": ["receipt", "po", "supplier", "sku", "qty", "rejected", "note"],
    "inspections": ["inspection", "ref", "stage", "sku", "result", "major", "minor", "critical", "note"],
    "progress": ["order", "produced_today", "produced", "cause", "note", "factory"],
    "shipments": ["shipment", "order", "customer", "qty", "value", "currency", "container"],
    "payments_in": ["payment", "party", "amount", "currency", "for"],
    "payments_out": ["payment", "party", "amount", "currency", "for"],
    "chases": ["po", "supplier", "promised", "note", "via"],
    "sales": ["customer", "currency", "shipped_value", "on_time_rate", "on_time_rate_current", "ordered_value",
              "received", "orders", "shipments"],
    "purchases": ["supplier", "currency", "ordered_value", "accepted_value", "avg_price", "price_change_pct",
                  "on_time_rate", "qty_rejected"],
    "supplier_scores": ["supplier", "on_time_rate", "quality_rate", "avg_days_late", "qty_rejected", "lots_rejected",
                        "on_time_rate_first_promise"],
}


def report_daily(
    date: Annotated[Optional[str], typer.Option(help="the day (default: today)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """What happened on one day (日报): orders and POs placed, goods received (rejects first),
    inspections (failures first), production reports (delay causes first), shipments,
    complaints received, money in and out, chases, corrections.
    Example (cron, each evening): gendan report daily | mail -s 日报 boss"""
    from gendan.cli.today import render
    from gendan.core.daily import title_line
    from gendan.errors import UsageError
    from gendan.store import daily_report
    _sections_format(fmt, "the daily report")
    today = _common.today()
    day = _common.date_arg(date, "--date", today)
    if day > today:
        raise UsageError(f"--date {day} is after today {today} (nothing has happened on it yet)")
    store = _common.open_db()
    with store.snapshot():
        sections = daily_report.gather(store, day, today)
    render(sections, fmt, day, title=title_line(day), empty=f"nothing recorded on {day}", priorities=PRIORITY)


def report_month(
    month: Annotated[Optional[str], typer.Argument(help="YYYY-MM (default: this month)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """The month's report for the boss (月报): sales, sales by month over a year, purchases,
    supplier scores, delays by cause, complaints, receivables and payables aging; with -f xlsx
    one workbook, a sheet each, with charts. Example: gendan report month 2026-11 -f xlsx -o 月报.xlsx"""
    from gendan.cli.today import render
    from gendan.core import month as core_month
    from gendan.core.dates import parse_month
    from gendan.core.report import compose, to_json
    from gendan.core.summaries import Period, month_period
    from gendan.store import month_report
    _sections_format(fmt, "the month's report")
    today = _common.today()
    period = (Period(*parse_month(month), "month") if month is not None else month_period(today)).begun(today)
    sections = month_report.gather(_common.open_db(), period, today)
    if fmt == "xlsx":
        return _workbook(sections)
    if fmt == "json":   # every section, empty ones as [], so a script finds each key
        import sys
        from gendan.output import dumps
        sys.stdout.write(dumps(to_json(sections)) + "\n")
        return
    render(compose(sections), fmt, today, title=core_month.title_line(period),
           empty=f"nothing happened in {period.label}", priorities=PRIORITY)


def _sections_format(fmt: str, what: str) -> None:
    """A report of several sections has no one table for csv or tsv."""
    if fmt in ("csv", "tsv"):
        from gendan.errors import UsageError
        raise UsageError(f"{what} has several sections; use -f table, markdown, json, jsonl or xlsx, not {fmt}")


def _workbook(sections) -> None:
    """The month's workbook: every section a sheet (an empty one keeps its header, so the
    boss finds the same sheets each month), with the charts core/month.py names."""
    from gendan.cli import output_file
    from gendan.core.month import CHARTS
    book = output_file.book()
    for s in sections:
        sheet = book.add_sheet(s.title, s.rows, list(s.columns))
        chart = CHARTS.get(s.key)
        if chart is not None:
            values = list(chart.values or (c for c in s.columns if c != chart.category))
            if values:
                book.add_chart(sheet, chart.kind, chart.category, values, title=chart.title, percent=chart.percent)


def period_of(month, quarter, from_, to):
    """The period the options name; this month (of --today) by default."""
    from gendan.core.dates import parse_month, parse_quarter
    from gendan.core.summaries import choose_period
    today = _common.today()
    return choose_period(parse_month(month) if month is not None else None,
                         parse_quarter(quarter) if quarter is not None else None,
                         _common.date_arg(from_, "--from"), _common.date_arg(to, "--to"), today).begun(today)


def report_sales(
    month: MonthOpt = None, quarter: QuarterOpt = None, from_: FromOpt = None, to: ToOpt = None,
    by: Annotated[str, typer.Option(help="customer, sku or month")] = "customer",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Sales over a month, quarter or range per customer, SKU or month and currency: orders
    and their value, shipped and its value, money received, shipments on time against the due
    date first agreed (and the current one). Example: gendan report sales --quarter 2026Q4 --by month"""
    from gendan.core.summaries import SALES_BY, SALES_FIELDS, check_by
    by = check_by(by, SALES_BY)
    period = period_of(month, quarter, from_, to)
    from gendan.store.summaries import sales_report
    rows = sales_report(_common.open_db(), period, by, _common.today())
    _common.emit(rows, fmt, [by, *SALES_FIELDS], priority=[by, "currency", "orders", "shipped_value", "on_time_rate"],
                 empty=f"no sales from {period.first} to {period.until(_common.today())}")


def report_purchases(
    month: MonthOpt = None, quarter: QuarterOpt = None, from_: FromOpt = None, to: ToOpt = None,
    by: Annotated[str, typer.Option(help="supplier, sku or month")] = "supplier",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Purchases over a month, quarter or range per supplier, SKU or month and currency: PO
    lines placed and their value, received, rejected, accepted value, the average price and
    its change against the previous period, deliveries on time.
    Example: gendan report purchases --month 2026-11 --by sku"""
    from gendan.core.summaries import PURCHASE_FIELDS, PURCHASES_BY, check_by
    by = check_by(by, PURCHASES_BY)
    period = period_of(month, quarter, from_, to)
    from gendan.store.summaries import purchase_report
    rows = purchase_report(_common.open_db(), period, by, _common.today())
    _common.emit(rows, fmt, [by, *PURCHASE_FIELDS],
                 priority=[by, "currency", "po_lines", "ordered_value", "accepted_value", "avg_price", "price_change_pct"],
                 empty=f"no purchases from {period.first} to {period.until(_common.today())}")


def supplier_prices(
    sku: Annotated[Optional[str], typer.Argument(help="one SKU (default: every SKU)")] = None,
    supplier: Annotated[Optional[str], typer.Option(help="only this supplier's prices")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Every price paid per SKU, oldest first across suppliers, with the change from the
    price before it in the list (with --supplier: that supplier's previous price).
    Example: gendan supplier prices CH-01"""
    from gendan.core.summaries import PRICE_FIELDS, price_rows
    from gendan.store import parties, summaries
    store = _common.open_db()   # one read snapshot: the prices stream from it as they are written
    code = parties.get_supplier(store, supplier).code if supplier is not None else None
    lines = summaries.price_lines(store, _common.today(), sku=sku, supplier=code)
    what = " ".join(x for x in (sku, f"from {code}" if code else None) if x)
    _common.emit(price_rows(lines, ordered=True), fmt, list(PRICE_FIELDS),
                 empty=f"no prices paid{' for ' + what if what else ''} yet")
