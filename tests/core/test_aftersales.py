"""After-sales rules with literal values: status, days open, reply-by, refusals, the morning
report's reasons and the quarterly analysis."""
from datetime import date
from decimal import Decimal

import pytest

from gendan.core import aftersales
from gendan.core.aftersales import Action, Complaint
from gendan.core.dates import parse_quarter
from gendan.errors import GendanError, UsageError

D = date


def cp(no="C-1", **kw):
    base = dict(complaint=no, customer="ACME", kind="quality", desc="legs wobble", received=D(2026, 10, 5),
                reply_by=D(2026, 10, 6))
    return Complaint(**(base | kw))


def test_reply_by_defaults_to_the_next_day():
    assert aftersales.reply_by_default(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert aftersales.reply_by_default(D(2026, 12, 31), 3) == D(2027, 1, 3)


def test_status_follows_the_dates_as_of_today():
    c = cp(replied=D(2026, 10, 6), actions=(Action("rework", D(2026, 10, 9), note="re-glue"),),
           closed=D(2026, 10, 20), cause="workmanship")
    assert aftersales.status(c, D(2026, 10, 5)) == "open"
    assert aftersales.status(c, D(2026, 10, 6)) == "replied"
    assert aftersales.status(c, D(2026, 10, 9)) == "in-action"
    assert aftersales.status(c, D(2026, 10, 20)) == "closed"


def test_days_open_stops_at_closing():
    c = cp(closed=D(2026, 10, 20))
    assert aftersales.days_open(c, D(2026, 10, 10)) == 5
    assert aftersales.days_open(c, D(2026, 12, 1)) == 15


def test_row_as_of_a_day_before_the_close_has_no_cause_yet():
    c = cp(qty=20, sku="CH-01", replied=D(2026, 10, 6), closed=D(2026, 10, 20), cause="material",
           actions=(Action("replace", D(2026, 10, 7), sku="CH-01", qty=20, po="PO-R1"),
                    Action("credit", D(2026, 10, 30), amount=Decimal("150.00"), currency="USD", doc="CN-00001")))
    r = aftersales.row(c, D(2026, 10, 10))
    assert (r["status"], r["days_open"], r["cause"], r["action"]) == ("in-action", 5, "", "replace CH-01 × 20 (PO-R1)")
    r = aftersales.row(c, D(2026, 11, 1))
    assert (r["status"], r["days_open"], r["cause"]) == ("closed", 15, "material")
    assert r["action"] == "replace CH-01 × 20 (PO-R1); credit 150.00 USD (CN-00001)"


def test_listing_hides_closed_and_future_complaints():
    a, b, later = cp("C-1", closed=D(2026, 10, 8)), cp("C-2", received=D(2026, 10, 1)), cp("C-3", received=D(2026, 11, 1))
    assert [r["complaint"] for r in aftersales.listing([a, b, later], D(2026, 10, 10))] == ["C-2"]
    assert [r["complaint"] for r in aftersales.listing([a, b, later], D(2026, 10, 10), True)] == ["C-2", "C-1"]


def test_refusals():
    today = D(2026, 10, 10)
    with pytest.raises(UsageError, match="bad --kind 'broken'"):
        aftersales.check_new("broken", today, None, None, today)
    with pytest.raises(GendanError, match="after today"):
        aftersales.check_new("quality", D(2026, 10, 11), None, None, today)
    with pytest.raises(GendanError, match="before --received"):
        aftersales.check_new("quality", today, D(2026, 10, 9), None, today)
    closed = cp(closed=D(2026, 10, 8))
    with pytest.raises(GendanError, match="was closed on 2026-10-08"):
        aftersales.check_step(closed, "reply", today, today)
    with pytest.raises(GendanError, match="before complaint C-1 was received"):
        aftersales.check_step(cp(), "action", D(2026, 10, 4), today)
    with pytest.raises(GendanError, match="was replied to on 2026-10-06"):
        aftersales.check_step(cp(replied=D(2026, 10, 6)), "reply", today, today)
    acted = cp(actions=(Action("rework", D(2026, 10, 9), note="x"),))
    with pytest.raises(GendanError, match="last step on 2026-10-09"):
        aftersales.check_step(acted, "close", D(2026, 10, 8), today)
    aftersales.check_step(acted, "close", D(2026, 10, 9), today)   # the same day is fine


def test_parse_replace():
    assert aftersales.parse_replace("CH-01=20") == ("CH-01", 20, Decimal(0))
    assert aftersales.parse_replace("CH-01=20@62.5") == ("CH-01", 20, Decimal("62.5"))
    for bad in ("CH-01", "CH-01=0", "=5", "CH-01=-2", "CH-01=2.5"):
        with pytest.raises(UsageError, match="bad --replace"):
            aftersales.parse_replace(bad)


def test_today_reasons():
    today = D(2026, 11, 20)
    late_reply = cp("C-1", received=D(2026, 11, 17), reply_by=D(2026, 11, 18))
    replied_today = cp("C-2", received=D(2026, 11, 19), reply_by=D(2026, 11, 20))
    old = cp("C-3", received=D(2026, 10, 1), reply_by=D(2026, 10, 2), replied=D(2026, 10, 2))
    repl = cp("C-4", received=D(2026, 11, 10), reply_by=D(2026, 11, 11), replied=D(2026, 11, 11), due=D(2026, 11, 19),
              actions=(Action("replace", D(2026, 11, 12), sku="CH-01", qty=20, po="PO-R1"),))
    closed = cp("C-5", received=D(2026, 9, 1), reply_by=D(2026, 9, 2), closed=D(2026, 9, 30))
    rows = aftersales.today_rows([late_reply, replied_today, old, repl, closed], today,
                                 {"C-4": (20, 5, D(2026, 11, 25))})
    assert [(r["complaint"], r["reason"], r["detail"]) for r in rows] == [
        ("C-1", "reply-overdue", "reply was due 2026-11-18 (2 days ago)"),
        ("C-4", "replacement-late", "15 of 20 not sent; due to the customer 2026-11-19"),
        ("C-3", "open-30-days", "open 50 days"),
    ]
    # Sent in full: nothing late; a PO line past its expected date is late before the due date.
    assert aftersales.open_findings(repl, today, (20, 20, None)) == []
    assert aftersales.open_findings(repl, D(2026, 11, 18), (20, 0, D(2026, 11, 17))) == [
        ("replacement-late", "replacement PO expected 2026-11-17")]


def _quarter():
    credit = lambda amount, cur, on=D(2026, 10, 20), void=False: Action(  # noqa: E731
        "credit", on, amount=Decimal(amount), currency=cur, doc="CN", void=void)
    charge = Action("chargeback", D(2026, 10, 21), amount=Decimal("800.00"), currency="CNY", doc="DN")
    return [
        cp("C-1", supplier="HX", sku="CH-01", qty=20, received=D(2026, 10, 5), closed=D(2026, 10, 15),
           cause="material", actions=(credit("150.00", "USD"), charge)),
        cp("C-2", supplier="HX", sku="CH-01", qty=5, received=D(2026, 11, 2), closed=D(2026, 11, 4),
           cause="material", actions=(credit("10.005", "USD", void=True), credit("0.10", "USD"))),
        cp("C-3", customer="NORD", supplier="JL", sku="CUSH-01", qty=100, received=D(2026, 12, 1),
           actions=(credit("99.99", "EUR"), credit("1.00", "USD"))),
        cp("C-4", supplier="HX", sku="TB-02", qty=1, received=D(2026, 9, 30), closed=D(2026, 10, 2), cause="packing"),
    ]


def test_quarterly_report_by_cause():
    q = parse_quarter("2026Q4")
    rows = aftersales.report(_quarter(), "cause", *q, D(2026, 12, 31))
    assert rows == [
        {"cause": "", "complaints": 1, "qty": 100, "avg_days_to_close": None,
         "credit": Decimal("99.99"), "credit_currency": "EUR", "chargeback": None, "chargeback_currency": ""},
        {"cause": "", "complaints": None, "qty": None, "avg_days_to_close": None,
         "credit": Decimal("1.00"), "credit_currency": "USD", "chargeback": None, "chargeback_currency": ""},
        {"cause": "material", "complaints": 2, "qty": 25, "avg_days_to_close": Decimal("6.0"),
         "credit": Decimal("150.10"), "credit_currency": "USD",
         "chargeback": Decimal("800.00"), "chargeback_currency": "CNY"},
    ]


def test_quarterly_report_as_of_an_earlier_day_and_by_supplier():
    rows = aftersales.report(_quarter(), "supplier", D(2026, 10, 1), D(2026, 12, 31), D(2026, 10, 20))
    assert [(r["supplier"], r["complaints"], r["qty"], r["credit"], r["chargeback"], r["avg_days_to_close"])
            for r in rows] == [("HX", 1, 20, Decimal("150.00"), None, Decimal("10.0"))]


def test_report_refuses_an_unknown_key():
    with pytest.raises(UsageError, match="bad --by 'colour'"):
        aftersales.report([], "colour", D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 31))


def test_supplier_counts():
    assert aftersales.supplier_counts(_quarter(), D(2026, 11, 30)) == {"HX": (3, 26)}
    assert aftersales.supplier_counts(_quarter(), D(2026, 12, 31), since=D(2026, 11, 1)) == {"HX": (1, 5), "JL": (1, 100)}


def test_parse_quarter():
    assert parse_quarter("2026Q4") == (D(2026, 10, 1), D(2026, 12, 31))
    assert parse_quarter("2027-q1") == (D(2027, 1, 1), D(2027, 3, 31))
    with pytest.raises(UsageError, match="bad quarter '2026Q5'"):
        parse_quarter("2026Q5")
