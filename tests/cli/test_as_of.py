"""Rule 8, as of a date: the demo built on 2026-12-06, read with `--today` an earlier day, reads
as that day did (issue 18's cases)."""
import csv
import io
import json
from datetime import date

import pytest

from gendan.cli import demo

BUILT = date(2026, 12, 6)   # d(-n) in cli/demo.py and the example CSVs is BUILT - n days
PAST = "2026-11-23"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("as_of") / "demo.db"
    demo.build(str(path), BUILT)
    return path


@pytest.fixture
def past(demo_db):
    from tests.conftest import Gendan
    return Gendan(demo_db, PAST)


def _json(out: str):
    return json.loads(out) if out.strip() else []


def test_order_list_keeps_an_order_shipped_later(past):
    """SO-2403 shipped on 12-05: on 11-23 it was open, nothing shipped."""
    rows = {r["order"]: r for r in _json(past.ok("order", "list", "-f", "json"))}
    assert rows["SO-2403"]["status"] == "open"
    assert rows["SO-2403"]["qty_shipped"] == 0


def test_order_list_counts_no_shipment_dated_later(past):
    """SO-2401's 300 chairs left on 12-04."""
    rows = {r["order"]: r for r in _json(past.ok("order", "list", "-f", "json"))}
    assert rows["SO-2401"]["qty_shipped"] == 0
    assert rows["SO-2401"]["status"] == "open"


def test_order_list_has_no_order_placed_later(past):
    """SO-2404 was placed on 11-26."""
    rows = _json(past.ok("order", "list", "--all", "-f", "json"))
    assert "SO-2404" not in {r["order"] for r in rows}
    assert all(r["ordered"] <= PAST for r in rows)


def test_inspect_due_ignores_a_receipt_dated_later(past):
    """PO-HX-101's 400 chairs came in on 12-03: nothing to inspect on 11-23."""
    rows = _json(past.ok("inspect", "due", "-f", "json"))
    assert not [r for r in rows if r["ref"] == "PO-HX-101" and r["reason"] == "incoming-missing"]


def test_today_shows_no_chase_made_later(past):
    """PO-HX-102 was chased on 12-04 and PO-HX-101 on 12-05."""
    report = json.loads(past.ok("today", "-f", "json"))
    chased = [r["last_chased"] for r in report.get("pos_to_chase", []) if r["last_chased"]]
    assert all(d <= PAST for d in chased), chased


def test_chase_list_as_of_a_past_day_has_nothing_dated_after_it(past):
    rows = list(csv.DictReader(io.StringIO(past.ok("po", "chase", "-f", "csv", today="2026-12-02"))))
    assert all((r["last_chased"] or "") <= "2026-12-02" for r in rows)
    by_po = {(r["po"], r["line"]): r for r in rows}
    # 400 of PO-HX-101's 600 chairs came on 12-03 and it was chased on 12-05: on 12-02 all
    # 600 were open, due soon, never chased
    assert by_po[("PO-HX-101", "1")]["qty_open"] == "600"
    assert by_po[("PO-HX-101", "1")]["reason"] == "due-soon"
    assert by_po[("PO-HX-101", "1")]["chases"] == "0"
    # PO-DY-400 was cancelled on 12-06 (the day the demo was built): on 12-02 it was open
    assert by_po[("PO-DY-400", "1")]["reason"] == "unconfirmed"


def test_po_list_has_no_po_placed_later(past):
    """PO-JL-301 was placed on 12-01; PO-DY-400, cancelled on 12-06, was open."""
    rows = {r["po"]: r for r in _json(past.ok("po", "list", "--all", "-f", "json", today="2026-11-30"))}
    assert "PO-JL-301" not in rows
    assert rows["PO-DY-400"]["status"] == "open"


def test_order_show_as_of_a_past_day(past):
    view = json.loads(past.ok("order", "show", "SO-2401", "-f", "json"))
    assert view["shipments"] == [] and view["status"] == "open"
    assert all(p["date"] <= PAST for p in view["payments"])
    assert all(e["day"] <= PAST for e in view["events"])
    assert all(i["date"] <= PAST for i in view["inspections"])
    assert {p["po"]: p["qty_accepted"] for p in view["purchase_orders"]}["PO-HX-101"] == 0


def test_an_order_placed_later_is_unknown_that_day(past):
    past.refused("order", "show", "SO-2404", message="placed on 2026-11-26")


def test_log_since_filters_by_business_date(past):
    """The demo's events were all written on 12-06; `--since` reads the day each one is about."""
    rows = _json(past.ok("log", "--since", "2026-11-29", "-f", "json", today=BUILT.isoformat()))
    assert rows
    assert all(r["day"] >= "2026-11-29" for r in rows)
    receipts = {json.loads(r["after"])["po"] for r in rows if r["entity"] == "receipt"}
    assert "PO-MF-200" not in receipts       # received 11-15
    assert "PO-HX-101" in receipts           # received 12-03


def test_log_until_stops_at_a_business_date(past):
    rows = _json(past.ok("log", "--until", "2026-11-01", "-f", "json"))
    assert rows and all(r["day"] <= "2026-11-01" for r in rows)
    assert all(len(r["ts"]) > 10 for r in rows)   # the wall-clock time is kept beside it
    past.refused("log", "--since", "2026-11-02", "--until", "2026-11-01", code=2, message="is after --until")


def test_log_leaves_out_what_is_dated_after_today(past):
    rows = _json(past.ok("log", "-f", "json"))
    assert rows and max(r["day"] for r in rows) <= PAST


def test_log_help_says_business_date(past):
    out = past.ok("log", "--help")
    assert "business date" in out


def test_export_as_of_keeps_what_existed_that_day(past):
    rows = list(csv.DictReader(io.StringIO(past.ok("export", "receipts", "--as-of", PAST))))
    assert rows and all(r["date"] <= PAST for r in rows)
    every = list(csv.DictReader(io.StringIO(past.ok("export", "receipts"))))
    assert len(every) > len(rows)          # without --as-of: every row, as a backup would
    lines = list(csv.DictReader(io.StringIO(past.ok("export", "order_lines", "--as-of", PAST))))
    assert "SO-2404" not in {r["order"] for r in lines}
    for table in ("complaints", "complaint_actions"):   # dated too (they were exported whole)
        assert past.ok("export", table, "--as-of", "2000-01-01").count("\n") == 1, table


def test_calendar_as_of_a_past_day(past):
    ics = past.ok("calendar")
    assert "SO-2404" not in ics                       # placed on 11-26
    assert "order-SO-2403-1@gendan.local" in ics      # shipped on 12-05: still open on 11-23


def test_supplier_score_counts_no_receipt_dated_later(past):
    rows = {r["supplier"]: r for r in _json(past.ok("supplier", "score", "-f", "json"))}
    # HX delivered PO-HX-100 on 11-26 and PO-HX-101 on 12-03: nothing by 11-23
    assert rows["HX"]["lines_received"] == 0


def test_statement_for_a_month_stops_at_today(past):
    """HX delivered PO-HX-100 on 11-26: November's statement read on 11-23 does not have it yet."""
    def docs(today):
        rows = _json(past.ok("reconcile", "supplier", "HX", "--month", "2026-11", "-f", "json", today=today))
        return {r["doc"] for r in rows if r["kind"] not in ("opening", "closing")}
    assert "GRN-1031" in docs("2026-11-30")
    assert "GRN-1031" not in docs(PAST)


def test_check_verifies_the_closed_on_dates(tmp_path):
    """The demo's closing days agree with its documents; one edited by hand is named."""
    import sqlite3
    from tests.conftest import Gendan
    path = tmp_path / "demo.db"
    demo.build(str(path), BUILT)
    g = Gendan(path, BUILT.isoformat())
    assert "closed_on" not in g("check").stdout
    con = sqlite3.connect(path)
    con.execute("UPDATE po_lines SET closed_on = '2026-11-01' WHERE po_no = 'PO-HX-100'")
    con.execute("UPDATE orders SET closed_on = NULL WHERE order_no = 'SO-2403'")
    con.commit()
    con.close()
    out = g("check").stdout
    assert "closed_on: PO-HX-100: line 1 has closed_on 2026-11-01" in out
    assert "closed_on: SO-2403:" in out
