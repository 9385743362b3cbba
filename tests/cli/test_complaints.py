"""`gendan complaint …`, `ship --replacement`, `report complaints` end to end (today 2026-11-20):
the lifecycle, credits and charge-backs in statements and aging to the cent, the replacement
PO on the chase list, the quarterly report, and refusals that change nothing."""
import json
from contextlib import closing

import pytest

from gendan.core.ledger import aging
from gendan.store import ledger, ledger_cuts
from gendan.store.db import open_store


@pytest.fixture
def books(parties):
    """ACME (USD, balance before shipment) shipped 60 chairs on 2026-10-05 (750.00) and paid
    300.00; HX (CNY, 30 days) delivered 60 chairs on 2026-10-08 (487.50). Complaint C-1 on
    SO-1 names HX."""
    g = parties
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--ordered", "2026-09-01", "--due", "2026-11-30",
         "--item", "CH-01=100@12.50")
    g.ok("pay", "in", "ACME", "--amount", "300.00", "--order", "SO-1", "--date", "2026-09-20")
    g.ok("ship", "SO-1", "--item", "CH-01=60", "--date", "2026-10-05", "--force", "--reason", "test data")
    g.ok("po", "add", "PO-1", "--supplier", "HX", "--ordered", "2026-09-01", "--due", "2026-10-01",
         "--item", "CH-01=100@8.125", "--for", "SO-1")
    g.ok("po", "receive", "PO-1", "--item", "CH-01=60", "--date", "2026-10-08")
    g.ok("complaint", "add", "C-1", "--customer", "ACME", "--kind", "quality", "--desc", "legs wobble",
         "--order", "SO-1", "--sku", "CH-01", "--qty", "20", "--supplier", "HX", "--received", "2026-10-20")
    return g


def listing(g, *args, today=None):
    return json.loads(g.ok("complaint", "list", *args, "-f", "json", today=today))


def test_lifecycle_open_replied_in_action_closed(books):
    g = books
    (row,) = listing(g)
    assert row == {"complaint": "C-1", "customer": "ACME", "order": "SO-1", "sku": "CH-01", "qty": 20,
                   "kind": "quality", "supplier": "HX", "received": "2026-10-20", "reply_by": "2026-10-21",
                   "replied": None, "status": "open", "days_open": 31, "action": "", "cause": ""}
    assert g.ok("complaint", "reply", "C-1", "--note", "replacement legs coming", "--date", "2026-10-22") == \
        "C-1 replied 2026-10-22 (1 day after reply-by 2026-10-21)\n"
    assert listing(g)[0]["status"] == "replied"
    assert g.ok("complaint", "action", "C-1", "--rework", "re-glue at the warehouse", "--date", "2026-10-25") == \
        "C-1 rework: re-glue at the warehouse\n"
    assert listing(g)[0]["status"] == "in-action"
    assert g.ok("complaint", "close", "C-1", "--cause", "workmanship", "--note", "accepted", "--date", "2026-11-02") == \
        "C-1 closed 2026-11-02: workmanship, 13 days open\n"
    assert listing(g) == []
    (row,) = listing(g, "--all")
    assert (row["status"], row["days_open"], row["cause"], row["action"]) == \
        ("closed", 13, "workmanship", "rework: re-glue at the warehouse")
    # As of a day before the closing it reads as it did then.
    (row,) = listing(g, today="2026-10-30")
    assert (row["status"], row["days_open"], row["cause"]) == ("in-action", 10, "")
    show = json.loads(g.ok("complaint", "show", "C-1", "-f", "json"))
    assert [(s["date"], s["action"]) for s in show["steps"]] == [
        ("2026-10-20", "received"), ("2026-10-22", "reply"), ("2026-10-25", "rework"), ("2026-11-02", "close")]


def test_reply_by_default_is_a_setting(books):
    g = books
    g.ok("settings", "complaint_reply_days", "2")
    g.ok("complaint", "add", "C-2", "--customer", "NORD", "--kind", "packing", "--desc", "cartons crushed")
    assert [r["reply_by"] for r in listing(g, "--customer", "NORD")] == ["2026-11-22"]


def test_refusals_change_nothing(books):
    g = books
    g.refused("complaint", "add", "C-1", "--customer", "ACME", "--kind", "quality", "--desc", "x",
              message="complaint 'C-1' already exists")
    g.refused("complaint", "add", "C-2", "--customer", "ACME", "--kind", "broken", "--desc", "x", code=2,
              message="bad --kind 'broken' (use one of quality, quantity, packing, delivery, documents, other)")
    g.refused("complaint", "add", "C-2", "--customer", "NORD", "--kind", "quality", "--desc", "x", "--order", "SO-1",
              message="order SO-1 is ACME's, not NORD's")
    g.refused("complaint", "add", "C-2", "--customer", "ACME", "--kind", "quality", "--desc", "x",
              "--received", "2026-11-21", message="after today")
    g.refused("complaint", "reply", "C-1", "--note", "x", "--date", "2026-10-19", message="before complaint C-1 was received")
    g.refused("complaint", "action", "C-1", "--credit", "10", "--rework", "x", code=2, message="give exactly one of")
    g.refused("complaint", "action", "C-1", "--credit", "-5", code=2, message="must be positive")
    g.refused("complaint", "action", "C-1", "--credit", "1.005", code=2, message="USD has 2 decimal places")
    g.refused("complaint", "action", "C-1", "--credit", "10", "--currency", "EUR", message="order SO-1 is in USD")
    g.refused("complaint", "action", "C-1", "--replace", "CH-01=20", "--po", "PO-9", message="unknown PO 'PO-9'")
    g.refused("complaint", "close", "C-1", "--cause", "bad-luck", "--note", "x", code=2, message="bad --cause")
    g.refused("complaint", "reply", "C-9", "--note", "x", message="unknown complaint 'C-9'")
    g.refused("complaint", "action", "C-1", "--chargeback", "10", "--supplier", "MF", message="names HX as responsible")
    g.ok("complaint", "close", "C-1", "--cause", "material", "--note", "x")
    g.refused("complaint", "action", "C-1", "--credit", "10", message="complaint C-1 was closed on 2026-11-20")
    g.ok("complaint", "add", "C-2", "--customer", "NORD", "--kind", "quality", "--desc", "x")
    g.refused("complaint", "action", "C-2", "--chargeback", "10", message="complaint C-2 names no supplier")
    assert g.ok("complaint", "action", "C-2", "--chargeback", "10", "--supplier", "MF") == \
        "C-2 chargeback 10.00 CNY to MF (DN-00001)\n"
    assert listing(g, "--supplier", "MF")[0]["complaint"] == "C-2"


def test_credit_in_statement_and_aging_to_the_cent(books):
    g = books
    assert g.ok("complaint", "action", "C-1", "--credit", "125.55", "--date", "2026-11-02") == \
        "C-1 credit 125.55 USD to ACME (CN-00001)\n"
    assert g.ok("reconcile", "customer", "ACME", "--from", "2026-09-01", "-f", "csv") == """\
date,doc,kind,description,debit,credit,balance,currency
2026-09-01,,opening,opening balance,,,0.00,USD
2026-09-20,PAY-00001,payment,received for SO-1,,300.00,-300.00,USD
2026-10-05,SH-00001/SO-1,shipment,CH-01 × 60,750.00,,450.00,USD
2026-11-02,CN-00001,credit-note,credit for complaint C-1 on SO-1,,125.55,324.45,USD
2026-11-20,,closing,closing balance (period totals),750.00,425.55,324.45,USD
"""
    assert g.ok("reconcile", "aging", "-f", "csv") == \
        "party,currency,current,d1_30,d31_60,d61_90,over_90,total\nACME,USD,0.00,0.00,324.45,0.00,0.00,324.45\n"
    # Before the credit note was written it does not exist.
    assert g.ok("reconcile", "aging", "--as-of", "2026-10-31", "-f", "csv") == \
        "party,currency,current,d1_30,d31_60,d61_90,over_90,total\nACME,USD,0.00,450.00,0.00,0.00,0.00,450.00\n"
    assert g("check").exit_code == 0


def test_credit_is_a_document_of_its_own_in_statement_matching(books, tmp_path):
    g = books
    g.ok("complaint", "action", "C-1", "--credit", "125.55", "--date", "2026-11-02")
    theirs = tmp_path / "acme.csv"
    theirs.write_text("date,doc,amount\n2026-09-20,PAY-00001,-300.00\n2026-10-05,SH-00001,750.00\n"
                      "2026-11-03,C-1,-125.55\n")
    out = json.loads(g.ok("reconcile", "customer", "ACME", "--statement", str(theirs), "-f", "json"))
    credit = [r for r in out if r["doc"] == "CN-00001"]
    assert [(r["status"], r["their_line"], r["note"]) for r in credit] == \
        [("matched", 4, "matched by document; their doc C-1; their date 2026-11-03")]


def test_chargeback_in_the_supplier_statement(books):
    g = books
    assert g.ok("complaint", "action", "C-1", "--chargeback", "80", "--date", "2026-10-25") == \
        "C-1 chargeback 80.00 CNY to HX (DN-00001)\n"
    assert g.ok("reconcile", "supplier", "HX", "--from", "2026-10-01", "-f", "csv") == """\
date,doc,kind,description,debit,credit,balance,currency
2026-10-01,,opening,opening balance,,,0.00,CNY
2026-10-08,PO-1,receipt,PO-1: CH-01 × 60,487.50,,487.50,CNY
2026-10-25,DN-00001,debit-note,charge-back for complaint C-1,,80.00,407.50,CNY
2026-11-20,,closing,closing balance (period totals),487.50,80.00,407.50,CNY
"""
    assert g.ok("reconcile", "aging", "--suppliers", "-f", "csv") == \
        "party,currency,current,d1_30,d31_60,d61_90,over_90,total\nHX,CNY,0.00,407.50,0.00,0.00,0.00,407.50\n"
    # The customer's account is untouched by a charge-back.
    assert "DN-" not in g.ok("reconcile", "customer", "ACME", "--from", "2026-09-01", "-f", "csv")


def _cuts_agree(db) -> None:
    with closing(open_store(db)) as store:
        for direction in ("in", "out"):
            parties = {r[0] for r in store.conn.execute("SELECT party FROM ledger_cuts WHERE direction = ?", (direction,))}
            for party in parties:
                stored = set(store.conn.execute("SELECT direction, party, currency, through, settled FROM ledger_cuts "
                                                "WHERE direction = ? AND party = ?", (direction, party)))
                assert stored == set(ledger_cuts.expected_cuts(store, direction, party)), (direction, party)


def test_notes_keep_the_settled_cuts_and_check_clean(books):
    """Credit and debit notes are a new kind of ledger entry: the cuts the morning report reads
    past must stay what the whole history says, and `gendan check` must stay quiet, whatever
    order notes and payments come in (a paid-up account, then a note; a back-dated note)."""
    g = books
    g.ok("pay", "in", "ACME", "--amount", "450.00", "--order", "SO-1", "--date", "2026-10-06")   # SO-1 paid up
    g.ok("complaint", "action", "C-1", "--credit", "50.00", "--date", "2026-11-05")
    _cuts_agree(g.db)
    g.ok("ship", "SO-1", "--item", "CH-01=10", "--date", "2026-11-10", "--force", "--reason", "test")   # 125.00
    g.ok("complaint", "action", "C-1", "--credit", "0.01", "--date", "2026-10-21")                       # back-dated
    g.ok("complaint", "action", "C-1", "--chargeback", "487.50", "--date", "2026-10-20")               # HX settled
    g.ok("po", "receive", "PO-1", "--item", "CH-01=5", "--date", "2026-11-12")
    _cuts_agree(g.db)
    assert g("check").exit_code == 0
    with closing(open_store(g.db)) as store:
        from datetime import date
        day = date(2026, 11, 20)
        whole = aging(ledger.customer_entries(store), day, (30, 60, 90))
        assert aging(ledger.report_entries(store, "in", day), day, (30, 60, 90)) == whole
        assert [(r["party"], str(r["total"])) for r in whole] == [("ACME", "74.99")]
    # A note changed behind gendan's back is caught.
    with closing(open_store(g.db)) as store, store.transaction():
        store.execute("UPDATE ledger_cuts SET settled = '1.00' WHERE party = 'HX'")
    result = g("check")
    assert result.exit_code == 1 and "ledger_cut" in result.stdout + result.stderr


def test_replacement_po_is_chased_for_the_complaint(books):
    g = books
    assert g.ok("complaint", "action", "C-1", "--replace", "CH-01=20", "--date", "2026-11-17") == \
        "C-1 replace CH-01 × 20: placed C-1-R1 with HX, due 2026-11-24\n"
    rows = json.loads(g.ok("po", "chase", "-f", "json"))
    (row,) = [r for r in rows if r["po"] == "C-1-R1"]
    assert (row["for_order"], row["qty_open"], row["due"], row["order_due"], row["at_risk"], row["reason"]) == \
        ("C-1", 20, "2026-11-24", "2026-12-01", False, "unconfirmed")
    g.ok("po", "chase", "C-1-R1", "--via", "phone", "--promised", "2026-11-30")
    (row,) = [r for r in json.loads(g.ok("po", "chase", "-f", "json")) if r["po"] == "C-1-R1"]
    assert (row["at_risk"], row["reason"]) == (True, "promise-after-order-due")
    po = json.loads(g.ok("po", "show", "C-1-R1", "-f", "json"))
    assert (po["supplier"], po["lines"][0]["price"]) == ("HX", "0")
    # Linking a PO of another supplier is refused.
    g.ok("po", "add", "PO-MF", "--supplier", "MF", "--due", "+10", "--item", "CH-01=20@0")
    g.refused("complaint", "action", "C-1", "--replace", "CH-01=20", "--po", "PO-MF", message="PO-MF is MF's, but complaint C-1 names HX")


def test_replacement_shipment_is_not_invoiced(books):
    g = books
    g.ok("complaint", "action", "C-1", "--replace", "CH-01=20", "--date", "2026-11-01")
    statement = g.ok("reconcile", "customer", "ACME", "--from", "2026-09-01", "-f", "csv")
    # The final inspection before the complaint does not cover the replacement goods.
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--major", "0", "--date", "2026-10-04")
    g.refused("ship", "SO-1", "--replacement", "C-1", "--item", "CH-01=20",
              message="no final inspection on SO-1 since complaint C-1 came in (2026-10-20) covers it")
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--major", "0", "--date", "2026-11-19")
    g.refused("ship", "SO-1", "--replacement", "C-1", "--item", "CH-01=21", message="sending 21 but 20 remain to replace")
    g.refused("ship", "SO-2", "--replacement", "C-1", "--item", "CH-01=20", message="complaint C-1 is about SO-1, not SO-2")
    assert g.ok("ship", "SO-1", "--replacement", "C-1", "--item", "CH-01=20", "--container", "CSQU3054383") == \
        "SH-00002 shipped: replacement for C-1 on SO-1 CH-01 ×20 in CSQU3054383 (not invoiced)\n"
    # Money gates skipped (SO-1 is not paid up), no debit, not shipped on the order.
    assert g.ok("reconcile", "customer", "ACME", "--from", "2026-09-01", "-f", "csv") == statement
    (order,) = json.loads(g.ok("order", "list", "-f", "json"))
    assert (order["qty_shipped"], order["status"]) == (60, "partial")
    listed = json.loads(g.ok("ship", "--order", "SO-1", "-f", "json"))
    assert [(r["shipment"], r["qty"], r["amount"]) for r in listed] == [("SH-00001", 60, "750.00"),
                                                                          ("SH-00002", 20, "0.00")]
    steps = json.loads(g.ok("complaint", "show", "C-1", "-f", "json"))["steps"]
    assert [s for s in steps if s["action"] == "shipped"] == [
        {"date": "2026-11-20", "action": "shipped", "sku": "CH-01", "qty": 20, "po": None, "doc": "SH-00002",
         "amount": None, "currency": "", "note": "container CSQU3054383"}]
    g.refused("ship", "SO-1", "--replacement", "C-1", "--item", "CH-01=1", message="sending 1 but 0 remain")
    assert g("check").exit_code == 0


def test_today_lists_complaints_needing_attention(books):
    g = books
    g.ok("complaint", "add", "C-2", "--customer", "ACME", "--kind", "packing", "--desc", "cartons crushed",
         "--received", "2026-11-18")
    g.ok("complaint", "reply", "C-1", "--note", "x", "--date", "2026-10-20")
    rows = json.loads(g.ok("today", "-f", "json"))["complaints_open"]
    assert [(r["complaint"], r["reason"], r["detail"]) for r in rows] == [
        ("C-2", "reply-overdue", "reply was due 2026-11-19 (1 day ago)"),
        ("C-1", "open-30-days", "open 31 days"),
    ]
    cal = g.ok("calendar")
    assert "UID:complaint-C-2@gendan.local" in cal and "complaint-C-1@" not in cal


def test_quarterly_report_and_supplier_score(books):
    g = books
    g.ok("complaint", "action", "C-1", "--credit", "125.55", "--date", "2026-11-02")
    g.ok("complaint", "action", "C-1", "--chargeback", "80", "--date", "2026-11-02")
    g.ok("complaint", "close", "C-1", "--cause", "material", "--note", "x", "--date", "2026-11-04")
    g.ok("complaint", "add", "C-2", "--customer", "NORD", "--kind", "quality", "--desc", "stain", "--qty", "5",
         "--supplier", "HX", "--sku", "CUSH-01", "--received", "2026-11-10")
    g.ok("complaint", "add", "C-0", "--customer", "ACME", "--kind", "quality", "--desc", "old", "--qty", "7",
         "--supplier", "HX", "--received", "2026-09-30")
    assert g.ok("report", "complaints", "--quarter", "2026Q4", "--by", "supplier", "-f", "csv") == \
        "supplier,complaints,qty,credit,credit_currency,chargeback,chargeback_currency,avg_days_to_close\n" \
        "HX,2,25,125.55,USD,80.00,CNY,15.0\n"
    assert g.ok("report", "complaints", "--quarter", "2026Q4", "-f", "csv") == \
        "cause,complaints,qty,credit,credit_currency,chargeback,chargeback_currency,avg_days_to_close\n" \
        ",1,5,,,,,\nmaterial,1,20,125.55,USD,80.00,CNY,15.0\n"
    assert g.ok("report", "complaints", "--month", "2026-09", "--by", "customer", "-f", "csv").splitlines()[1] == \
        "ACME,1,7,,,,,"
    g.refused("report", "complaints", "--quarter", "2026Q5", code=2, message="bad quarter '2026Q5'")
    g.refused("report", "complaints", "--month", "2026-09", "--quarter", "2026Q4", code=2)
    (hx,) = json.loads(g.ok("supplier", "score", "HX", "-f", "json"))
    assert (hx["complaints"], hx["qty_complained"]) == (3, 32)


def test_import_export_round_trip(books, tmp_path):
    g = books
    g.ok("complaint", "reply", "C-1", "--note", "ok", "--date", "2026-10-21")
    g.ok("complaint", "close", "C-1", "--cause", "material", "--note", "done", "--date", "2026-10-30")
    exported = g.ok("export", "complaints")
    assert exported == ("complaint,customer,kind,desc,received,order,sku,qty,supplier,reply_by,replied,answer,"
                        "closed,cause,outcome\n"
                        "C-1,ACME,quality,legs wobble,2026-10-20,SO-1,CH-01,20,HX,2026-10-21,2026-10-21,ok,"
                        "2026-10-30,material,done\n")
    path = tmp_path / "complaints.csv"
    path.write_text(exported)
    g.refused("import", "complaints", str(path), message="line 2: complaint C-1 already exists")
    from tests.conftest import Gendan
    other = Gendan(tmp_path / "other.db")
    other.ok("customer", "add", "ACME", "--name", "Acme")
    other.ok("supplier", "add", "HX", "--name", "HX")
    other.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-30", "--ordered", "2026-09-01",
             "--item", "CH-01=1@1")
    other.ok("import", "complaints", str(path))
    assert other.ok("export", "complaints") == exported


def test_a_credit_note_is_voided_like_a_payment(books):
    """A note entered by mistake is voided, never deleted: from the void's date it stops counting
    (aging, quarterly credits), the statement shows it and its reversal, check stays clean."""
    g = books
    g.ok("complaint", "action", "C-1", "--credit", "1255.00", "--date", "2026-11-02")
    g.refused("complaint", "void", "CN-00001", code=2, message="needs --reason")
    g.refused("complaint", "void", "DN-00001", "--reason", "x", message="unknown note 'DN-00001': 1 is CN-00001")
    assert g.ok("complaint", "void", "CN-00001", "--reason", "typed 1255 for 125.50", today="2026-11-03") == \
        "CN-00001 void from 2026-11-03: 1255.00 USD to ACME no longer counts\n"
    g.refused("complaint", "void", "CN-00001", "--reason", "again", message="CN-00001 is already void")
    g.ok("complaint", "action", "C-1", "--credit", "125.50", "--date", "2026-11-03")
    assert g.ok("reconcile", "customer", "ACME", "--month", "2026-11", "-f", "csv") == """\
date,doc,kind,description,debit,credit,balance,currency
2026-11-01,,opening,opening balance,,,450.00,USD
2026-11-02,CN-00001,credit-note,credit for complaint C-1 on SO-1,,1255.00,-805.00,USD
2026-11-03,CN-00001,void,void of CN-00001,1255.00,,450.00,USD
2026-11-03,CN-00002,credit-note,credit for complaint C-1 on SO-1,,125.50,324.50,USD
2026-11-20,,closing,closing balance (period totals),1255.00,1380.50,324.50,USD
"""
    assert g.ok("reconcile", "aging", "-f", "csv").splitlines()[1] == "ACME,USD,0.00,0.00,324.50,0.00,0.00,324.50"
    assert g.ok("reconcile", "aging", "--as-of", "2026-11-02", "-f", "csv").splitlines()[1] == \
        "ACME,USD,-805.00,0.00,0.00,0.00,0.00,-805.00"
    row = g.ok("report", "complaints", "--from", "2026-10-01", "--by", "customer", "-f", "csv").splitlines()[1]
    assert row == "ACME,1,20,125.50,USD,,,"
    assert listing(g)[0]["action"] == "credit 1255.00 USD (CN-00001) void; credit 125.50 USD (CN-00002)"
    assert g("check").exit_code == 0
    _cuts_agree(g.db)

