"""The month's facts for `report month` (月报): each section read by the area that owns it
(sales and purchases from store/summaries.py, supplier scores from purchasing, delays from
production, complaints from aftersales, aging from the ledger), as of the month's last day or
`today` when the month is not over, and shaped by core/month.py."""
from datetime import date


def gather(store, period, today: date) -> list:
    """Every section of the month, empty ones included, in the report's order."""
    from gendan.core import month, summaries
    from gendan.core.summaries import PURCHASE_FIELDS, SALES_FIELDS
    from gendan.store.summaries import purchase_report, sales_report
    last = period.until(today)
    with store.snapshot():
        year = summaries.Period(month.months_before(period.first), period.last, "range")
        by_month, month_columns = month.sales_by_month(sales_report(store, year, "month", today), year.first, last)
        parts = {
            "sales": (sales_report(store, period, "customer", today), ("customer", *SALES_FIELDS)),
            "sales_by_month": (by_month, month_columns),
            "purchases": (purchase_report(store, period, "supplier", today), ("supplier", *PURCHASE_FIELDS)),
            "supplier_scores": (_scores(store, period.first, last), month.SCORE_COLUMNS),
            "delays": (_delays(store, period.first, last), month.DELAY_COLUMNS),
            "complaints": _complaints(store, period.first, last, today),
            "receivables_aging": _aging(store, "in", last),
            "payables": _aging(store, "out", last),
        }
    return month.sections(parts)


def _scores(store, first: date, last: date) -> list[dict]:
    """`supplier score` over the month's receipts and incoming inspections, for the suppliers
    that delivered or were inspected in it."""
    from gendan.core.purchasing import score
    from gendan.store.purchasing import overdue_facts, score_facts
    receipts, lots = score_facts(store, None, first, last)
    overdue = overdue_facts(store, last)   # open and late at the month's end count as late, as in `supplier score`
    suppliers = sorted({r.supplier for r in receipts} | {x.supplier for x in lots} | {o.supplier for o in overdue})
    return [score(s, [r for r in receipts if r.supplier == s], [x for x in lots if x.supplier == s],
                  [o for o in overdue if o.supplier == s], last) for s in suppliers]


def _delays(store, first: date, last: date) -> list[dict]:
    """`report delays` for the month, added up by cause."""
    from gendan.core.month import delays_by_cause
    from gendan.store.production import delay_rows
    return delays_by_cause(delay_rows(store, first, last))


def _complaints(store, first: date, last: date, today: date):
    """`report complaints --by cause` for the month: rows and columns."""
    from gendan.core.aftersales import report, report_fields
    from gendan.store.aftersales import complaints
    return report(complaints(store), "cause", first, last, today), tuple(report_fields("cause"))


def _aging(store, direction: str, when: date):
    """`reconcile aging` (customers owe us: `in`; we owe suppliers: `out`) at `when`."""
    from gendan.core import ledger
    from gendan.store.ledger import report_entries
    edges = ledger.parse_buckets(ledger.AGING_BUCKETS)
    return ledger.aging(report_entries(store, direction, when), when, edges), \
        ("party", "currency", *ledger.bucket_names(edges), "total")
