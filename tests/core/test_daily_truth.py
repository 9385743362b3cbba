"""Issue 17, the daily views tell the truth: the business rules behind at-risk, closed
orders and finished production, with literal dates (2026-12-11 is a Friday)."""
from datetime import date

from gendan.core import orders, production as p, purchasing, report
from gendan.core.models import Order, OrderLine, ProductionPlan, ProgressReport

D = date.fromisoformat
TODAY = D("2026-12-11")


# -- 1. an open line is expected today at the earliest ---------------------------------------

def test_an_overdue_line_puts_an_order_due_tomorrow_at_risk():
    # SO-2405 of the demo: due 12-12, 400 cushions due 12-05 still open
    assert orders.at_risk(D("2026-12-12"), [D("2026-12-05")], 7, today=TODAY) is True
    # the same line before it was late: due 12-05 is inside 12-12 minus 7 = 12-05
    assert orders.at_risk(D("2026-12-12"), [D("2026-12-05")], 7, today=D("2026-12-01")) is False


def test_an_overdue_line_on_an_order_far_off_is_no_risk():
    assert orders.at_risk(D("2027-01-30"), [D("2026-12-05")], 7, today=TODAY) is False


def test_a_production_forecast_is_never_before_today():
    assert orders.at_risk(D("2026-12-12"), [], 7, D("2026-12-01"), today=TODAY) is True
    assert orders.at_risk(D("2026-12-30"), [], 7, D("2026-12-01"), today=TODAY) is False


def test_risk_cause_names_an_overdue_line_with_the_date_it_was_expected():
    assert report.risk_cause(D("2026-12-12"), [("PO-JL-302", 1, D("2026-12-05"))], 7, today=TODAY) == \
        "PO-JL-302 line 1 overdue since 2026-12-05"
    # a later promise still wins over an overdue line; the overdue one is counted
    both = [("PO-1", 1, D("2026-12-05")), ("PO-2", 1, D("2026-12-14"))]
    assert report.risk_cause(D("2026-12-12"), both, 7, today=TODAY) == "PO-2 line 1 expected 2026-12-14 (+1 more)"


def test_chase_list_marks_an_overdue_line_at_risk_for_an_order_due_soon():
    ln = purchasing.OpenLine(po="PO-JL-302", line=1, sku="CUSH-01", supplier="JL", qty=1000, due=D("2026-12-05"),
                             ordered=D("2026-11-16"), received=600, for_order="SO-2405", order_due=D("2026-12-12"),
                             confirmed=D("2026-11-16"))
    (row,) = purchasing.chase_list([ln], TODAY)
    assert (row["reason"], row["days_late"], row["at_risk"]) == ("overdue", 6, True)
    assert purchasing.line_at_risk(ln.expected, ln.order_due, 7, TODAY) is True
    assert purchasing.line_at_risk(ln.expected, ln.order_due, 7) is False   # the date alone says nothing of today


# -- 2. shipped and cancelled orders are never at risk -------------------------------------

ORDER = Order(order="SO-1", customer="ACME", ordered=D("2026-10-01"), due=D("2026-12-08"), currency="USD",
              deposit_pct=0, balance_before_ship=False, credit_days=30,
              lines=(OrderLine(1, "CH-01", 300, 18),))


def test_a_shipped_order_has_no_days_left_and_no_risk():
    row = orders.list_row(ORDER, {1: 300}, TODAY, risky=True)
    assert (row["status"], row["days_left"], row["at_risk"]) == ("shipped", None, False)


def test_a_cancelled_order_has_no_days_left_and_no_risk():
    from dataclasses import replace
    row = orders.list_row(replace(ORDER, cancelled=True), {}, TODAY, risky=True)
    assert (row["status"], row["days_left"], row["at_risk"]) == ("cancelled", None, False)


def test_an_open_order_keeps_its_days_left_and_risk():
    row = orders.list_row(ORDER, {1: 100}, TODAY, risky=True)
    assert (row["status"], row["days_left"], row["at_risk"]) == ("partial", -3, True)


# -- 3. finished production is neither behind nor a risk -----------------------------------

PLAN = ProductionPlan("SO-1", D("2026-11-09"), D("2026-11-28"), factory="HX")


def test_finished_production_is_not_at_risk_nor_needs_attention():
    reports = [ProgressReport("SO-1", D("2026-11-20"), 500, 500), ProgressReport("SO-1", D("2026-12-04"), 1000, 1000)]
    s = p.status(PLAN, 1000, D("2026-12-08"), reports, TODAY, 7)
    assert s.forecast_finish == D("2026-12-04")     # the day it was made: a fact
    assert (s.at_risk, p.is_finished(s), p.needs_attention(s)) == (False, True, False)


def test_unfinished_production_finishing_inside_the_buffer_is_at_risk():
    reports = [ProgressReport("SO-1", D("2026-11-20"), 500, 0), ProgressReport("SO-1", D("2026-12-04"), 900, 0)]
    s = p.status(PLAN, 1000, D("2026-12-08"), reports, TODAY, 7)
    assert (s.at_risk, p.is_finished(s)) == (True, False)


# -- 4. a price changed after part of a line shipped applies to the rest --------------------

def test_order_value_keeps_the_price_goods_shipped_at():
    from decimal import Decimal
    from gendan.core.shipping import deposit_due
    line = OrderLine(1, "DC-01", 900, Decimal("19.00"), shipped_at=((Decimal("18.75"), 600),))
    order = Order(order="SO-9", customer="ACME", ordered=D("2026-10-01"), due=D("2026-12-30"), currency="USD",
                  deposit_pct=Decimal(30), balance_before_ship=False, credit_days=30, lines=(line,))
    assert line.amount("USD") == Decimal("16950.00")      # 600 × 18.75 + 300 × 19.00
    assert order.value == Decimal("16950.00")
    assert deposit_due(order) == Decimal("5085.00")


def test_order_value_unchanged_when_every_shipment_was_at_the_current_price():
    from decimal import Decimal
    # 20 × 0.333333 = 6.67 rounded once, though two shipments of 10 are 3.33 each
    line = OrderLine(1, "X", 20, Decimal("0.333333"), shipped_at=((Decimal("0.333333"), 20),))
    assert line.amount("USD") == Decimal("6.67")
