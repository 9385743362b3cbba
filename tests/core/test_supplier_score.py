"""Supplier score: quantity-weighted delivery against the current and the first promise, quality."""
from datetime import date

from gendan.core.purchasing import LotFact, ReceiptFact, explain_rows, score


def rc(day, qty, rejected=0, due=date(2026, 11, 10), first=None, promised=None, line=1):
    return ReceiptFact("HX", "PO-1", line, "CH-01", day, qty, rejected, due, first, promised)


def test_weighted_by_accepted_quantity_against_current_and_first_promise():
    receipts = [rc(date(2026, 11, 10), 300),                                     # on time by due date
                rc(date(2026, 11, 14), 100, line=2, first=date(2026, 11, 12), promised=date(2026, 11, 15))]
    s = score("HX", receipts, [])
    assert s["on_time_rate"] == 1.0              # both on time against the current promise
    assert s["on_time_rate_first_promise"] == 0.75   # 300 of 400 against the first promise
    assert s["avg_days_late"] == 0.0
    assert s["lines_received"] == 2


def test_days_late_weighted_and_early_does_not_offset():
    receipts = [rc(date(2026, 11, 5), 100), rc(date(2026, 11, 14), 300, line=2)]   # 5 early, 4 late
    s = score("HX", receipts, [])
    assert s["avg_days_late"] == 3.0             # (100×0 + 300×4) / 400
    assert s["on_time_rate"] == 0.25


def test_quality_from_rejected_quantities_and_failed_lots():
    receipts = [rc(date(2026, 11, 10), 200, rejected=50), rc(date(2026, 11, 12), 50, line=1)]
    lots = [LotFact("HX", "PO-1", date(2026, 11, 10), "fail"), LotFact("HX", "PO-1", date(2026, 11, 12), "pass"),
            LotFact("HX", "PO-1", date(2026, 11, 13), "fail", waived=True)]
    s = score("HX", receipts, lots)
    assert (s["qty_received"], s["qty_rejected"], s["quality_rate"]) == (250, 50, 0.8)
    assert (s["lots_inspected"], s["lots_rejected"]) == (3, 2)
    assert s["lines_received"] == 1
    # rejected goods are not a delivery: only the 150 + 50 accepted are weighed, the 50 replacement is late
    assert s["on_time_rate"] == 0.75


def test_nothing_received_gives_empty_rates():
    s = score("MF", [], [])
    assert s == {"supplier": "MF", "lines_received": 0, "on_time_rate": None, "on_time_rate_first_promise": None,
                 "avg_days_late": None, "qty_received": 0, "qty_rejected": 0, "quality_rate": None,
                 "lots_inspected": 0, "lots_rejected": 0, "qty_open_overdue": 0}


def test_explain_lists_every_receipt_and_inspection_by_date():
    rows = explain_rows([rc(date(2026, 11, 12), 10)], [LotFact("HX", "PO-1", date(2026, 11, 11), "fail")])
    assert [(r["kind"], r["date"]) for r in rows] == [("inspection", date(2026, 11, 11)), ("receipt", date(2026, 11, 12))]
    assert rows[1]["days_late"] == 2 and rows[1]["on_time"] is False
