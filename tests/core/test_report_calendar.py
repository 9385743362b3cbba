"""Morning report composition and calendar entries, with literal rows."""
from datetime import date

from gendan.core import calendar as cal, report


def chase(po, supplier, reason):
    return {"po": po, "line": 1, "sku": "A", "supplier": supplier, "qty_open": 1, "due": date(2026, 11, 1),
            "promised": None, "days_late": 1, "reason": reason, "last_chased": None, "for_order": None}


def test_chase_rows_grouped_by_supplier_in_order_of_their_most_urgent_line():
    s = report.pos_to_chase([chase("P1", "HX", "overdue"), chase("P2", "MF", "overdue"),
                             chase("P3", "HX", "due-soon"), chase("P4", "DY", "unconfirmed")])
    assert [r["po"] for r in s.rows] == ["P1", "P3", "P2", "P4"]
    assert s.heading == "POs to chase: 4 (2 overdue; HX 2, MF 1, DY 1)"


def test_compose_drops_missing_and_empty_sections_and_orders_by_urgency():
    money = report.section("deposits_missing", [{"order": "SO-1"}], ("order",))
    chase_s = report.pos_to_chase([chase("P1", "HX", "due-soon")])
    out = report.compose([money, None, report.section("inspections_due", [], ("ref",)), chase_s])
    assert [s.key for s in out] == ["pos_to_chase", "deposits_missing"]
    assert not report.any_overdue(out)
    assert report.to_json(out) == {"pos_to_chase": [chase("P1", "HX", "due-soon")],
                                   "deposits_missing": [{"order": "SO-1"}]}


def test_risk_cause_names_the_latest_line_past_the_buffer():
    due = date(2026, 12, 10)   # minus 7 days: 12-03
    expected = [("PO-1", 1, date(2026, 12, 3)), ("PO-2", 1, date(2026, 12, 5)), ("PO-3", 2, date(2026, 12, 8))]
    assert report.risk_cause(due, expected, 7, today=date(2026, 11, 20)) == "PO-3 line 2 expected 2026-12-08 (+1 more)"
    assert report.risk_cause(due, expected[:1], 7, today=date(2026, 11, 20)) == ""


def test_orders_at_risk_late_first_with_cause():
    rows = [{"order": "SO-2", "customer": "A", "due": date(2026, 12, 1), "days_left": 11, "qty": 1, "qty_shipped": 0,
             "status": "open", "at_risk": True},
            {"order": "SO-1", "customer": "A", "due": date(2026, 11, 19), "days_left": -1, "qty": 1, "qty_shipped": 0,
             "status": "partial", "at_risk": False},
            {"order": "SO-3", "customer": "A", "due": date(2026, 12, 1), "days_left": 11, "qty": 1, "qty_shipped": 0,
             "status": "open", "at_risk": False}]
    s = report.orders_at_risk(rows, {"SO-2": "PO-9 line 1 expected 2026-11-30"})
    assert [(r["order"], r["cause"]) for r in s.rows] == [("SO-1", "late 1 day"),
                                                          ("SO-2", "PO-9 line 1 expected 2026-11-30")]
    assert s.heading == "Customer orders at risk: 2 (1 late)"


def test_calendar_entries_are_on_the_expected_date_with_stable_uids():
    (o,) = cal.order_entries([{"order_no": "SO-1", "line": 2, "customer": "ACME", "due": "2026-12-01", "sku": "CH-01",
                               "qty": 500, "shipped": 200}])
    assert (o.uid, o.day, o.summary) == ("order-SO-1-2@gendan.local", date(2026, 12, 1), "Due: order SO-1 CH-01 ×300 (ACME)")
    promised, plain = cal.po_entries([
        {"po_no": "PO-1", "line": 1, "supplier": "HX", "for_order": "SO-1", "sku": "A", "qty": 10, "accepted": 4,
         "due": "2026-11-20", "promised": "2026-11-25"},
        {"po_no": "PO-2", "line": 3, "supplier": "MF", "for_order": None, "sku": "B", "qty": 5, "accepted": 0,
         "due": "2026-11-21", "promised": None}])
    assert (promised.day, promised.summary) == (date(2026, 11, 25), "Promised: PO PO-1 A ×6 (HX)")
    assert (plain.uid, plain.day, plain.summary) == ("po-PO-2-3@gendan.local", date(2026, 11, 21), "PO due: PO PO-2 B ×5 (MF)")
    (i,) = cal.inspection_entries([{"ref": "SO-1", "stage": "final", "sku": "", "due": date(2026, 11, 28),
                                    "reason": "due soon", "detail": ""}])
    assert (i.uid, i.summary) == ("inspect-SO-1-final-all@gendan.local", "Inspect: final SO-1")


def test_risk_cause_falls_back_to_the_production_forecast():
    due = date(2026, 12, 10)
    assert report.risk_cause(due, [], 7, date(2026, 12, 4), today=date(2026, 11, 20)) == "production forecast to finish 2026-12-04"
    assert report.risk_cause(due, [], 7, date(2026, 12, 3), today=date(2026, 11, 20)) == ""
    assert report.risk_cause(due, [], 7, date.max, today=date(2026, 11, 20)) == "production: no forecast (no output reported)"


def test_chase_heading_names_six_suppliers_at_most():
    s = report.pos_to_chase([chase(f"P{i}", f"S{i}", "due-soon") for i in range(8)])
    assert s.heading == "POs to chase: 8 (S0 1, S1 1, S2 1, S3 1, S4 1, S5 1, 2 more suppliers)"


def test_receivables_overdue_and_payables_due_from_open_items():
    from collections import namedtuple
    from decimal import Decimal
    E = namedtuple("E", "party doc ref date due currency")
    today = date(2026, 11, 20)
    items = [(E("ACME", "SH-00001", "SO-1", date(2026, 10, 1), date(2026, 10, 31), "USD"), Decimal("1200.00")),
             (E("ACME", "SH-00002", "SO-2", date(2026, 11, 1), date(2026, 12, 1), "USD"), Decimal("50.00")),
             (E("ACME", "SH-00004", "SO-4", date(2026, 11, 2), date(2026, 11, 10), "USD"), Decimal("0.50")),
             (E("NORD", "SH-00003", "SO-3", date(2026, 11, 10), date(2026, 11, 15), "EUR"), Decimal("99.90")),
             (E("NORD", "unapplied", None, date(2026, 11, 2), None, "EUR"), Decimal("-10.00"))]
    r = report.receivables_overdue(items, today)
    assert r.rows == ({"party": "ACME", "currency": "USD", "outstanding": Decimal("1200.50"),
                       "documents": "SH-00001, SH-00004", "oldest_due": date(2026, 10, 31), "days_left": -20},
                      {"party": "NORD", "currency": "EUR", "outstanding": Decimal("99.90"), "documents": "SH-00003",
                       "oldest_due": date(2026, 11, 15), "days_left": -5})
    assert r.heading == "Receivables overdue: 2 (2 overdue; USD 1200.50, EUR 99.90)"
    p = report.payables_due(items, today, 14)
    assert [(row["party"], row["documents"], row["days_left"]) for row in p.rows] == [
        ("ACME", "SH-00001, SH-00004, SH-00002", -20), ("NORD", "SH-00003", -5)]
    assert report.payables_due(items[1:2], today, 3) is None
    many = [(E("HX", f"R{i}", None, date(2026, 11, 1), date(2026, 11, 1), "CNY"), Decimal(1)) for i in range(5)]
    assert report.payables_due(many, today, 7).rows[0]["documents"] == "R0, R1, R2, +2 more"


def test_a_reason_and_an_error_carry_their_hint_apart_and_read_as_one_line():
    from gendan.errors import GendanError, Reason
    reason = Reason("deposit unpaid on SO-1: 300.00 USD due (30% of 1000.00), 300.00 missing",
                    "record it with 'gendan pay in ACME --order SO-1 --amount 300.00', or --force")
    assert str(reason) == ("deposit unpaid on SO-1: 300.00 USD due (30% of 1000.00), 300.00 missing "
                           "(record it with 'gendan pay in ACME --order SO-1 --amount 300.00', or --force)")
    assert str(Reason("nothing to fix")) == "nothing to fix"
    error = GendanError("unknown order 'X'", "see 'gendan order list --all'")
    assert (error.message, error.hint, str(error)) == (
        "unknown order 'X'", "see 'gendan order list --all'", "unknown order 'X' (see 'gendan order list --all')")


def test_at_risk_is_not_overdue_for_the_exit_code():
    risky = report.section("production_behind", [{"order": "SO-1"}], ("order",), 1, overdue_word="at risk")
    late = report.section("orders_at_risk", [{"order": "SO-2"}], ("order",), 1, overdue_word="late")
    assert not report.any_overdue([risky])
    assert report.any_overdue([risky, late])


def test_shipments_due_lists_orders_due_by_the_date_ready_or_blocked_without_hints():
    from gendan.core.shipping import Gate
    rows = [{"order": "SO-1", "customer": "ACME", "due": date(2026, 11, 18), "days_left": -2, "qty": 10,
             "qty_shipped": 0, "status": "open"},
            {"order": "SO-2", "customer": "NORD", "due": date(2026, 11, 25), "days_left": 5, "qty": 5,
             "qty_shipped": 0, "status": "open"},
            {"order": "SO-3", "customer": "ACME", "due": date(2026, 12, 30), "days_left": 40, "qty": 1,
             "qty_shipped": 0, "status": "open"}]
    from gendan.errors import Reason
    gates = {"SO-1": [Gate("deposit", False, "", (Reason("deposit unpaid on SO-1", "record it with 'gendan pay in'"),))],
             "SO-2": [Gate("deposit", True, "no deposit in the terms")]}
    s = report.shipments_due(rows, gates, date(2026, 11, 27))
    assert [(r["order"], r["gate"], r["blocked_by"]) for r in s.rows] == [
        ("SO-1", "blocked", "deposit unpaid on SO-1"), ("SO-2", "ready", "")]
    assert s.heading == "Shipments due: 2 (1 late; 1 ready)"
    assert "status" not in s.rows[0]


def test_samples_are_on_the_date_expected_from_the_factory_or_the_customer():
    from gendan.core.calendar import sample_entries
    rows = [{"sample": "S-1", "kind": "pps", "sku": "CH-01", "customer": "ACME", "supplier": "HX", "order": "SO-1",
             "date": date(2026, 12, 1), "whose": "factory", "courier": "", "awb": ""},
            {"sample": "S-2", "kind": "shipping", "sku": "CH-01", "customer": "ACME", "supplier": None, "order": None,
             "date": "2026-12-07", "whose": "customer", "courier": "DHL", "awb": "123"}]
    factory, customer = sample_entries(rows)
    assert (factory.uid, factory.day, factory.summary) == ("sample-S-1@gendan.local", date(2026, 12, 1),
                                                           "Sample due: S-1 CH-01 pps (HX)")
    assert factory.description == "Sample S-1 (pps, CH-01) for ACME due from HX. Order SO-1."
    assert (customer.day, customer.summary) == (date(2026, 12, 7), "Sample feedback due: S-2 CH-01 (ACME)")
    assert customer.description == "Sample S-2 (shipping, CH-01) sent by DHL 123; feedback from ACME due."


def test_samples_due_counts_its_late_rows_by_reason():
    rows = [{"sample": "S-1", "reason": "feedback-overdue", "days_late": 4},
            {"sample": "S-2", "reason": "factory-late", "days_late": 3},
            {"sample": "S-3", "reason": "feedback-overdue", "days_late": 1}]
    s = report.samples_due(rows)
    assert s.heading == "Samples due: 3 (3 late; feedback-overdue 2, factory-late 1)"
    assert report.any_overdue([s])
    assert report.samples_due([]) is None
