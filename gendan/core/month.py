"""The month's report for the boss (月报, `report month`): sales, purchases, supplier scores,
delays by cause, complaints, receivables and payables, each a core/report.py Section, built
from rows the other areas compute. What reads better as a picture is named here too (CHARTS):
the workbook writer draws them. Pure: the month and `today` are parameters."""
from datetime import date

from gendan.core.money import ZERO, round_money
from gendan.core.report import Section

ORDER = ("sales", "sales_by_month", "purchases", "supplier_scores", "delays", "complaints",
         "receivables_aging", "payables")
MONTHS_BACK = 12    # sales by month: the report's month and the eleven before it
SCORE_COLUMNS = ("supplier", "lines_received", "on_time_rate", "on_time_rate_first_promise", "avg_days_late",
                 "qty_received", "qty_rejected", "quality_rate", "lots_inspected", "lots_rejected", "qty_open_overdue")
DELAY_COLUMNS = ("cause", "description", "reports", "orders", "lost_qty")


class Chart:
    """A native chart over a section's sheet: `kind` (column, bar, pie, line), the category
    column, the value columns (every currency column when `values` is None)."""

    def __init__(self, kind: str, category: str, values: tuple[str, ...] | None, title: str, percent: bool = False):
        self.kind, self.category, self.values, self.title, self.percent = kind, category, values, title, percent


CHARTS = {
    "supplier_scores": Chart("bar", "supplier", ("on_time_rate",), "On-time rate by supplier", percent=True),
    "delays": Chart("pie", "cause", ("lost_qty",), "Pieces lost by delay cause"),
    "sales_by_month": Chart("column", "month", None, "Shipped value by month"),
}


def title_line(period) -> str:
    return f"gendan month report {period.label} ({period.first.isoformat()} to {period.last.isoformat()})"


def months_before(first: date, n: int = MONTHS_BACK) -> date:
    """The 1st of the month n − 1 months before `first`'s: the start of n months ending with it."""
    y, m = divmod(first.year * 12 + first.month - 1 - (n - 1), 12)
    return date(y, m + 1, 1)


def sales_by_month(rows: list[dict], first: date, last: date) -> tuple[list[dict], tuple[str, ...]]:
    """`report sales --by month` rows → one row per month from `first` to `last` (months
    without sales included, as zero), one shipped-value column per currency
    (`shipped_value_usd`): a chart's series each in one currency, never added together."""
    currencies = sorted({r["currency"] for r in rows})
    if not currencies:
        return [], ("month",)
    columns = tuple(f"shipped_value_{c.lower()}" for c in currencies)
    by_month = {(r["month"], r["currency"]): r["shipped_value"] for r in rows}
    out, d = [], first.replace(day=1)
    while d <= last:
        month = d.strftime("%Y-%m")
        out.append({"month": month} | {col: by_month.get((month, c), round_money(ZERO, c))
                                        for col, c in zip(columns, currencies)})
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out, ("month", *columns)


def delays_by_cause(rows: list[dict]) -> list[dict]:
    """`report delays` rows (by cause, factory and customer) added up by cause, most pieces
    lost first. An order has one factory and one customer, so its orders add up too."""
    groups: dict[str, dict] = {}
    for r in rows:
        g = groups.setdefault(r["cause"], {"cause": r["cause"] or "(none)", "description": r["description"],
                                            "reports": 0, "orders": 0, "lost_qty": 0})
        for k in ("reports", "orders", "lost_qty"):
            g[k] += r[k]
    return sorted(groups.values(), key=lambda g: (-g["lost_qty"], -g["reports"], g["cause"]))


def sections(parts: dict[str, tuple[list[dict], tuple[str, ...]]]) -> list[Section]:
    """Every section in the report's order, empty ones included (a workbook keeps its sheets;
    text output leaves them out with core.report.compose)."""
    return [Section(key, tuple(parts[key][1]), tuple(parts[key][0])) for key in ORDER if key in parts]
