"""Morning report sections fed by the other areas: inspections, shipping, production, ledger."""
import json

import pytest


@pytest.fixture
def desk(parties, tmp_path):
    """SO-1 (ACME, 30% deposit unpaid) and SO-2 (NORD, on credit) due within the window;
    PO-1's goods came in on 10-01 from HX (30 days' credit), not inspected, not paid."""
    orders = tmp_path / "orders.csv"
    orders.write_text("order,customer,due,sku,qty,price,ordered\n"
                      "SO-1,ACME,2026-11-22,CH-01,100,10,2026-09-01\n"
                      "SO-2,NORD,2026-11-21,SF-10,10,100,2026-09-01\n", encoding="utf-8")
    pos = tmp_path / "pos.csv"
    pos.write_text("po,supplier,due,sku,qty,price,for_order,ordered\n"
                   "PO-1,HX,2026-10-01,CH-01,100,4,SO-1,2026-09-02\n", encoding="utf-8")
    receipts = tmp_path / "receipts.csv"
    receipts.write_text("po,sku,qty,date\nPO-1,CH-01,100,2026-10-01\n", encoding="utf-8")
    for kind, path in (("orders", orders), ("pos", pos), ("receipts", receipts)):
        parties.ok("import", kind, str(path))
    return parties


def block(out: str, heading: str) -> str:
    """One section of the plain report: its heading line up to the blank line after it."""
    start = out.index(heading)
    end = out.find("\n\n", start)
    return out[start:] if end < 0 else out[start:end + 1]


def test_inspections_due(desk):
    out = desk.ok("today")
    # SO-1 has a PO but no production plan or report: no PPS, first article or inline is owed (issue 17)
    assert block(out, "Inspections due") == (
        "Inspections due: 2\n"
        "ref    stage    sku    due         days_left    reason     detail\n"
        "-----  -------  -----  ----------  -----------  ---------  "
        "--------------------------------------------------------------------\n"
        "SO-2   final    SF-10  2026-11-21  1            final-due  "
        "no passed final inspection; no packing reported; order due in 1 day\n"
        "SO-1   final    CH-01  2026-11-22  2            final-due  "
        "no passed final inspection; no packing reported; order due in 2 days\n")
    rows = json.loads(desk.ok("today", "-f", "json"))["inspections_due"]
    assert rows[0] == {"ref": "SO-2", "stage": "final", "sku": "SF-10", "due": "2026-11-21", "days_left": 1,
                       "reason": "final-due",
                       "detail": "no passed final inspection; no packing reported; order due in 1 day"}


def test_shipments_due_with_their_gates_and_deposits_missing(desk):
    out = desk.ok("today")
    shipments = block(out, "Shipments due").splitlines()
    assert shipments[0] == "Shipments due: 2 (0 ready)"
    assert shipments[1].split() == ["order", "customer", "due", "days_left", "qty", "qty_shipped", "gate", "blocked_by"]
    assert shipments[3] == ("SO-2     NORD        2026-11-21  1            10     0              blocked  "
                            "SF-10: no final inspection on SO-2 covers it")
    assert shipments[4] == ("SO-1     ACME        2026-11-22  2            100    0              blocked  "
                            "CH-01: no final inspection on SO-1 covers it; deposit unpaid on SO-1: 300.00 USD due "
                            "(30% of 1000.00), 0.00 received, 300.00 missing; balance unpaid on SO-1: 1000.00 USD "
                            "shipped counting this shipment, 0.00 received, 1000.00 to collect before shipping")
    assert block(out, "Deposits missing") == (
        "Deposits missing: 1\n"
        "order    customer    due         days_left    deposit_due    paid    missing    currency\n"
        "-------  ----------  ----------  -----------  -------------  ------  ---------  ----------\n"
        "SO-1     ACME        2026-11-22  2            300.00         0.00    300.00     USD\n")
    data = json.loads(desk.ok("today", "-f", "json"))
    assert data["deposits_missing"] == [{"order": "SO-1", "customer": "ACME", "due": "2026-11-22", "days_left": 2,
                                         "deposit_due": "300.00", "paid": "0.00", "missing": "300.00",
                                         "currency": "USD"}]
    assert [(r["order"], r["gate"]) for r in data["shipments_due"]] == [("SO-2", "blocked"), ("SO-1", "blocked")]
    assert out.index("Inspections due") < out.index("Shipments due") < out.index("Deposits missing")


def test_payables_due_within_a_week(desk):
    out = desk.ok("today")
    assert block(out, "Payables due") == (
        "Payables due within 7 days: 1 (1 overdue; CNY 400.00)\n"
        "party    currency    outstanding    documents    oldest_due    days_left\n"
        "-------  ----------  -------------  -----------  ------------  -----------\n"
        "HX       CNY         400.00         PO-1         2026-10-31    -20\n")
    assert json.loads(desk.ok("today", "-f", "json"))["payables_due"] == [
        {"party": "HX", "currency": "CNY", "outstanding": "400.00", "documents": "PO-1", "oldest_due": "2026-10-31",
         "days_left": -20}]
    assert desk("today", "--exit-code").exit_code == 1
