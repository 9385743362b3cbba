"""core/summaries.py with literal values: periods and the ones before them, the first agreed
due date from audit events, percentage changes, prices compared only within a currency."""
from datetime import date
from decimal import Decimal

import pytest

from gendan.core import summaries as s
from gendan.errors import UsageError

D = date.fromisoformat


@pytest.mark.parametrize("period, before", [
    (s.Period(D("2026-01-01"), D("2026-01-31"), "month"), (D("2025-12-01"), D("2025-12-31"))),
    (s.Period(D("2026-03-01"), D("2026-03-31"), "month"), (D("2026-02-01"), D("2026-02-28"))),
    (s.Period(D("2026-01-01"), D("2026-03-31"), "quarter"), (D("2025-10-01"), D("2025-12-31"))),
    (s.Period(D("2026-11-01"), D("2026-11-20")), (D("2026-10-12"), D("2026-10-31"))),
])
def test_the_previous_period_has_the_same_length(period, before):
    prev = period.previous()
    assert (prev.first, prev.last) == before
    assert prev.kind == period.kind


def test_the_default_period_is_this_month_of_today():
    p = s.choose_period(None, None, None, None, D("2026-02-14"))
    assert (p.first, p.last, p.kind, p.label) == (D("2026-02-01"), D("2026-02-28"), "month", "2026-02")
    assert p.until(D("2026-02-14")) == D("2026-02-14")
    p = s.choose_period(None, None, None, D("2026-03-05"), D("2026-04-01"))
    assert (p.first, p.last) == (D("2026-03-01"), D("2026-03-05"))
    with pytest.raises(UsageError):
        s.choose_period((D("2026-01-01"), D("2026-01-31")), None, D("2026-01-02"), None, D("2026-04-01"))


def test_the_first_agreed_due_date_is_the_first_event_that_names_one():
    events = [("SO-1", None, None),                    # an event without a due date (a note)
              ("SO-1", "2026-11-10", "2026-11-20"),    # the first change: before is the first agreed
              ("SO-1", "2026-11-20", "2026-11-25"),
              ("SO-2", None, "2026-12-01"),            # created: after is the first agreed
              ("SO-2", "2026-12-01", "2026-12-15")]
    assert s.first_due_dates(events) == {"SO-1": D("2026-11-10"), "SO-2": D("2026-12-01")}


@pytest.mark.parametrize("now, before, pct", [
    ("63", "60", "5.0"), ("64", "63", "1.6"), ("60", "64", "-6.3"), ("6.3125", "6.25", "1.0"),
    ("1", "0", None), (None, "1", None), ("1", None, None)])
def test_change_pct_rounds_half_up_to_one_place(now, before, pct):
    value = s.change_pct(Decimal(now) if now else None, Decimal(before) if before else None)
    assert value == (Decimal(pct) if pct else None)


def _line(po, ordered, qty, price, sku="CH-01", supplier="HX", currency="CNY"):
    return s.PoLineFact(po, 1, supplier, currency, D(ordered), sku, qty, Decimal(price))


def test_purchases_by_month_compare_each_month_with_the_one_before():
    q4 = s.Period(D("2026-10-01"), D("2026-12-31"), "quarter")
    lines = [_line("P0", "2026-09-15", 10, "50"),      # Q3: only the month before October
             _line("P1", "2026-10-02", 10, "55"), _line("P2", "2026-10-20", 30, "60"),   # 2250 / 40 = 56.25
             _line("P3", "2026-12-01", 5, "45")]        # November holds nothing: December has no change
    rows = s.purchase_rows("month", q4, lines, [])
    assert [(r["month"], r["po_lines"], r["ordered_value"], r["avg_price"], r["price_change_pct"]) for r in rows] == [
        ("2026-10", 2, Decimal("2350.00"), Decimal("58.7500"), Decimal("17.5")),   # 2350 / 40 vs 50
        ("2026-12", 1, Decimal("225.00"), Decimal("45.0000"), None)]


def test_a_receipt_is_on_time_against_the_latest_promise_else_the_due_date():
    r = s.ReceiptLineFact("P", 1, "HX", "CNY", D("2026-11-18"), "CH-01", 10, 0, Decimal("1"), D("2026-11-15"))
    assert not r.on_time
    assert r._replace(promised=D("2026-11-18")).on_time


def test_prices_compare_within_a_sku_and_a_currency():
    rows = list(s.price_rows([_line("P2", "2026-11-02", 1, "63"), _line("P1", "2026-10-10", 1, "60"),
                         _line("P3", "2026-11-03", 1, "9", currency="USD"), _line("P4", "2026-11-04", 1, "8", sku="TB")]))
    assert [(r["sku"], r["po"], r["change_pct"]) for r in rows] == [
        ("CH-01", "P1", None), ("CH-01", "P2", Decimal("5.0")), ("CH-01", "P3", None), ("TB", "P4", None)]


def test_sales_by_month_has_every_month_and_one_column_per_currency():
    from gendan.core.month import months_before, sales_by_month
    assert months_before(D("2026-11-01")) == D("2025-12-01")
    assert months_before(D("2026-01-01"), 3) == D("2025-11-01")
    rows = [{"month": "2026-09", "currency": "USD", "shipped_value": Decimal("10.50")},
            {"month": "2026-11", "currency": "JPY", "shipped_value": Decimal("300")},
            {"month": "2026-11", "currency": "USD", "shipped_value": Decimal("1.00")}]
    out, columns = sales_by_month(rows, D("2026-09-01"), D("2026-11-20"))
    assert columns == ("month", "shipped_value_jpy", "shipped_value_usd")
    assert out == [{"month": "2026-09", "shipped_value_jpy": Decimal("0"), "shipped_value_usd": Decimal("10.50")},
                   {"month": "2026-10", "shipped_value_jpy": Decimal("0"), "shipped_value_usd": Decimal("0.00")},
                   {"month": "2026-11", "shipped_value_jpy": Decimal("300"), "shipped_value_usd": Decimal("1.00")}]
    assert str(out[1]["shipped_value_usd"]) == "0.00" and str(out[1]["shipped_value_jpy"]) == "0"
    assert sales_by_month([], D("2026-09-01"), D("2026-11-20")) == ([], ("month",))


def test_delays_add_up_by_cause_most_pieces_lost_first():
    from gendan.core.month import delays_by_cause
    rows = [{"cause": "material", "description": "m", "factory": "A", "customer": "X", "reports": 2, "orders": 1,
             "lost_qty": 30},
            {"cause": "machine", "description": "k", "factory": "A", "customer": "X", "reports": 1, "orders": 1,
             "lost_qty": 50},
            {"cause": "material", "description": "m", "factory": "B", "customer": "Y", "reports": 3, "orders": 2,
             "lost_qty": 25},
            {"cause": "", "description": "no cause given", "factory": "B", "customer": "Y", "reports": 1,
             "orders": 1, "lost_qty": 5}]
    assert [(r["cause"], r["reports"], r["orders"], r["lost_qty"]) for r in delays_by_cause(rows)] == [
        ("material", 5, 3, 55), ("machine", 1, 1, 50), ("(none)", 1, 1, 5)]


def test_a_price_change_compares_like_for_like_not_the_mix_of_skus():
    from gendan.core.summaries import like_for_like
    # the average went from 19 to 91.1 because the supplier sold more of the dear SKU; its
    # prices rose by 0.11 %: 10 × 11 + 90 × 100 = 9110 paid, 10 × 10 + 90 × 100 = 9100 before
    now = {"A": [Decimal(110), 10], "B": [Decimal(9000), 90], "NEW": [Decimal(5), 1]}
    before = {"A": [Decimal(900), 90], "B": [Decimal(1000), 10], "GONE": [Decimal(1), 1]}
    assert like_for_like(now, before) == Decimal("0.1")
    assert like_for_like({"NEW": [Decimal(5), 1]}, before) is None
