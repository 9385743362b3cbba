"""`gendan reconcile …` and `gendan check` end to end (today is 2026-11-20)."""
import pytest

from tests import ledger_rows as rows


@pytest.fixture
def books(parties):
    """ACME (USD) with an order shipped in two lots and paid in three; HX (CNY) with two
    deliveries, one partly rejected, and one payment; one EUR PO with HX."""
    g = parties
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--ordered", "2026-09-01", "--due", "2026-11-30",
         "--item", "CH-01=100@12.50", "--item", "TB-02=10@45.00")
    # The gates (deposit, final inspection, balance) are tested with `ship`; here the shipments
    # are forced so the account stays small.
    force = ("--force", "--reason", "test data")
    g.ok("pay", "in", "ACME", "--amount", "300.00", "--order", "SO-1", "--date", "2026-09-20", "--ref", "TT-1")
    g.ok("ship", "SO-1", "--item", "CH-01=60", "--date", "2026-10-05", *force)                 # 750.00
    g.ok("pay", "in", "ACME", "--amount", "400.00", "--date", "2026-10-10", "--ref", "TT-2")
    g.ok("ship", "SO-1", "--item", "CH-01=40", "--item", "TB-02=10", "--date", "2026-11-03", *force)   # 500 + 450
    g.ok("pay", "in", "ACME", "--amount", "600.00", "--date", "2026-11-15", "--ref", "TT-3")
    g.ok("po", "add", "PO-1", "--supplier", "HX", "--ordered", "2026-09-01", "--due", "2026-10-01",
         "--item", "CH-01=100@8.125", "--item", "TB-02=10@30")
    g.ok("po", "add", "PO-2", "--supplier", "HX", "--ordered", "2026-09-01", "--due", "2026-10-01",
         "--item", "LEG-9=50@2.00", "--currency", "EUR")
    rows.receive(g.db, "PO-1", {"CH-01": 60}, "2026-10-08", ref="DN-881")   # 487.50 (no --ref on po receive)
    g.ok("po", "receive", "PO-1", "--item", "CH-01=40", "--item", "TB-02=10", "--rejected", "CH-01=4",
         "--date", "2026-10-20")                                             # 292.50 + 300
    g.ok("po", "receive", "PO-2", "--item", "LEG-9=50", "--date", "2026-10-21")   # EUR 100.00
    g.ok("pay", "out", "HX", "--amount", "487.50", "--po", "PO-1", "--date", "2026-10-25", "--ref", "BK-1")
    return g


def test_customer_statement_markdown_exact(books):
    """November read on the 20th: the statement stops at today (rule 8, as of a date)."""
    out = books.ok("reconcile", "customer", "ACME", "--month", "2026-11", "-f", "markdown")
    assert out == """\
## Statement of account: Acme Home Inc. (ACME)

Period: 2026-11-01 to 2026-11-20.

### USD

| date       | doc           | description                     | debit   | credit   | balance   |
|------------|---------------|---------------------------------|---------|----------|-----------|
| 2026-11-01 |               | opening balance                 |         |          | 50.00     |
| 2026-11-03 | SH-00002/SO-1 | CH-01 × 40, TB-02 × 10          | 950.00  |          | 1000.00   |
| 2026-11-15 | TT-3          | received on account             |         | 600.00   | 400.00    |
| 2026-11-20 |               | closing balance (period totals) | 950.00  | 600.00   | 400.00    |

Opening balance USD 50.00, debits 950.00, credits 600.00: **closing balance USD 400.00**.
"""


def test_customer_statement_csv_from_the_beginning(books):
    out = books.ok("reconcile", "customer", "ACME", "--from", "2026-09-01", "--to", "2026-10-31", "-f", "csv")
    assert out == """\
date,doc,kind,description,debit,credit,balance,currency
2026-09-01,,opening,opening balance,,,0.00,USD
2026-09-20,TT-1,payment,received for SO-1,,300.00,-300.00,USD
2026-10-05,SH-00001/SO-1,shipment,CH-01 × 60,750.00,,450.00,USD
2026-10-10,TT-2,payment,received on account,,400.00,50.00,USD
2026-10-31,,closing,closing balance (period totals),750.00,700.00,50.00,USD
"""


def test_supplier_statement_accepted_goods_only_and_one_per_currency(books):
    out = books.ok("reconcile", "supplier", "HX", "--month", "2026-10", "-f", "csv")
    assert out == """\
date,doc,kind,description,debit,credit,balance,currency
2026-10-01,,opening,opening balance,,,0.00,CNY
2026-10-08,DN-881,receipt,PO-1: CH-01 × 60,487.50,,487.50,CNY
2026-10-20,PO-1,receipt,"PO-1: CH-01 × 36 (4 rejected), TB-02 × 10",592.50,,1080.00,CNY
2026-10-25,BK-1,payment,paid for PO-1,,487.50,592.50,CNY
2026-10-31,,closing,closing balance (period totals),1080.00,487.50,592.50,CNY
2026-10-01,,opening,opening balance,,,0.00,EUR
2026-10-21,PO-2,receipt,PO-2: LEG-9 × 50,100.00,,100.00,EUR
2026-10-31,,closing,closing balance (period totals),100.00,0.00,100.00,EUR
"""
    assert "EUR" not in books.ok("reconcile", "supplier", "HX", "--month", "2026-10", "--currency", "cny", "-f", "csv")


def test_statement_default_period_is_this_month_to_date(books):
    out = books.ok("reconcile", "customer", "ACME", "-f", "csv")
    assert out.splitlines()[1] == "2026-11-01,,opening,opening balance,,,50.00,USD"
    assert out.splitlines()[-1] == "2026-11-20,,closing,closing balance (period totals),950.00,600.00,400.00,USD"


def write(tmp_path, text, name="theirs.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_their_statement_all_matched_exits_0(books, tmp_path):
    path = write(tmp_path, "\ufeffdate,doc,amount\n2026-10-08,DN-881,487.50\n2026-10-21,PO-1,592.50\n"
                           "2026-10-25,BK-1,-487.50\n")
    out = books.ok("reconcile", "supplier", "HX", "--statement", path, "-f", "csv")
    assert out.splitlines()[1:4] == [
        "matched,2,2026-10-08,DN-881,487.50,487.50,0.00,CNY,matched by document",
        "matched,3,2026-10-20,PO-1,592.50,592.50,0.00,CNY,matched by document; their date 2026-10-21",
        "matched,4,2026-10-25,BK-1,-487.50,-487.50,0.00,CNY,matched by document"]
    assert out.splitlines()[-1] == "bridge,,,our closing balance,,592.50,,CNY,"


def test_their_statement_differences_exit_1(books, tmp_path):
    path = write(tmp_path, "date,doc,amount\n2026-10-08,DN-881,487.50\n2026-10-20,PO-1,600.00\n"
                           "2026-10-27,DN-990,120.00\n")
    result = books("reconcile", "supplier", "HX", "--statement", path, "-f", "csv")
    assert result.exit_code == 1, result.stderr
    assert result.stdout == """\
status,their_line,date,doc,theirs,ours,difference,currency,note
matched,2,2026-10-08,DN-881,487.50,487.50,0.00,CNY,matched by document
amount_differs,3,2026-10-20,PO-1,600.00,592.50,-7.50,CNY,matched by document
only_ours,,2026-10-25,BK-1,,-487.50,-487.50,CNY,not on their statement
only_theirs,4,2026-10-27,DN-990,120.00,,-120.00,CNY,not in our records
bridge,,,their closing balance,1207.50,,,CNY,
bridge,,,+ only on ours,,,-487.50,CNY,
bridge,,,- only on theirs (incl. duplicates),,,-120.00,CNY,
bridge,,,- ambiguous lines of theirs,,,0.00,CNY,
bridge,,,+ amount differences (ours - theirs),,,-7.50,CNY,
bridge,,,our closing balance,,592.50,,CNY,
"""
    assert result.stderr == ("matching the CNY lines only; HX also has EUR lines (match them with --currency EUR)\n"
                             "3 line(s) do not match (amount_differs, only_ours, only_theirs)\n")


def test_bad_statement_csv_one_line_per_bad_row(books, tmp_path):
    path = write(tmp_path, "date,doc,amount\n2026-10-08,DN-881,487.50\n2026-02-30,X,1\n2026-10-09,Y,12.5.0\n"
                           "2026-10-10,Z,\n2026-10-11,W,1.234\n")
    result = books.refused("reconcile", "supplier", "HX", "--statement", path)
    assert result.stderr.splitlines() == [
        "gendan: error: line 3: bad date '2026-02-30' (use YYYY-MM-DD)",
        "gendan: error: line 4: bad amount '12.5.0': not a number (write it like 12.50)",
        "gendan: error: line 5: amount is empty (positive for goods, negative for payments)",
        "gendan: error: line 6: bad amount '1.234': CNY has 2 decimal places"]
    assert result.stdout == ""
    missing = write(tmp_path, "date,amount\n2026-10-08,1\n", "missing.csv")
    books.refused("reconcile", "supplier", "HX", "--statement", missing,
                  message="line 1: missing column 'doc' (the header needs date, doc, amount)")
    books.refused("reconcile", "supplier", "HX", "--statement", str(tmp_path / "nope.csv"), message="no such file")
    latin = write(tmp_path, "date,doc,amount\n2026-10-08,Müller,1\n", "latin.csv", encoding="latin-1")
    books.refused("reconcile", "supplier", "HX", "--statement", latin, message="is not UTF-8")


def test_bad_arguments(books):
    books.refused("reconcile", "customer", "NOPE", message="unknown customer 'NOPE'")
    books.refused("reconcile", "supplier", "ACME", message="unknown supplier 'ACME'")
    books.refused("reconcile", "customer", "ACME", "--month", "2026-10", "--from", "2026-10-01", code=2,
                  message="either --month or --from/--to")
    books.refused("reconcile", "customer", "ACME", "--month", "2026-13", code=2, message="bad month")
    books.refused("reconcile", "customer", "ACME", "--from", "2026-11-10", "--to", "2026-11-01", code=2)
    books.refused("reconcile", "aging", "--buckets", "60,30", code=2, message="bad --buckets")


def test_aging_customers_and_suppliers(books):
    # ACME terms: balance before shipment, so each shipment is due the day it ships.
    # Payments on account pay the oldest first: 300 (allocated to SO-1) + 400 + 600 = 1300 against
    # 750 (2026-10-05) and 950 (2026-11-03): 400.00 left of the 2026-11-03 shipment, 17 days past due.
    assert books.ok("reconcile", "aging", "-f", "csv") == (
        "party,currency,current,d1_30,d31_60,d61_90,over_90,total\n"
        "ACME,USD,0.00,400.00,0.00,0.00,0.00,400.00\n")
    # HX: 30 credit days. 487.50 of 2026-10-08 paid (BK-1, for PO-1, oldest first); 592.50 of 2026-10-20
    # due 2026-11-19 (1 day past due); EUR 100.00 of 2026-10-21 due 2026-11-20 (current).
    assert books.ok("reconcile", "aging", "--suppliers", "--buckets", "1,45", "-f", "csv") == (
        "party,currency,current,d1_1,d2_45,over_45,total\n"
        "HX,CNY,0.00,592.50,0.00,0.00,592.50\n"
        "HX,EUR,100.00,0.00,0.00,0.00,100.00\n")
    assert books.ok("reconcile", "aging", "--as-of", "2026-09-30", "-f", "csv") == (
        "party,currency,current,d1_30,d31_60,d61_90,over_90,total\n"
        "ACME,USD,-300.00,0.00,0.00,0.00,0.00,-300.00\n")


def test_check_clean_then_findings(books):
    result = books("check")
    assert result.exit_code == 0 and result.stdout == "" and "no problems found" in result.stderr
    rows.sql(books.db, "UPDATE po_lines SET open = 1 WHERE po_no = 'PO-2'")
    rows.sql(books.db, "UPDATE orders SET closed = 0 WHERE order_no = 'SO-1'")
    rows.sql(books.db, "UPDATE shipments SET forced = 0")
    rows.sql(books.db, "INSERT INTO shipment_lines (shipment_id, order_no, line, qty, price) VALUES (1, 'SO-1', 2, 5, '1')")
    rows.pay(books.db, "in", "NORD", "10.00", "2026-11-01", "USD", order="SO-1")
    rows.sql(books.db, "INSERT INTO events (ts, command, entity, key) VALUES ('2026-11-01', 'x', 'order', 'SO-404')")
    result = books("reconcile", "check")
    assert result.exit_code == 1
    db = books.db
    assert result.stdout.splitlines() == [   # each finding ends in its repair
        "shipped_le_ordered: SO-1: line 2 TB-02: shipped 15 of 10 ordered, and no shipment was forced "
        "(void the shipment entered by mistake, e.g. the latest: gendan ship void SH-00002 --reason TEXT)",
        "payment_allocation: PAY-00005: paid by NORD but SO-1 belongs to ACME "
        "(void it and record it again: gendan pay void PAY-00005 --reason TEXT)",
        "event_key: SO-404: audit events for order SO-404 but no such order exists "
        "(it was removed outside gendan: restore the latest backup; 'gendan log SO-404' shows what it was)",
        "po_open_flag: PO-2: line 1 is flagged open but its receipts say closed "
        f"(an import or edit skipped refresh_open; repair: sqlite3 {db} \"UPDATE po_lines SET open = 0 "
        "WHERE po_no = 'PO-2' AND line = 1\")",
        "order_closed_flag: SO-1: flagged open but its shipments say closed (an import or edit skipped "
        f"refresh_closed; repair: sqlite3 {db} \"UPDATE orders SET closed = 1 WHERE order_no = 'SO-1'\")",
    ]
    assert books("check", "-f", "csv").stdout.startswith("check,ref,message\nshipped_le_ordered,SO-1,")


def test_check_forced_shipment_and_foreign_keys(books):
    books.ok("ship", "SO-1", "--item", "TB-02=5", "--date", "2026-11-18", "--force", "--reason", "customer asked for spares")
    assert books("check").exit_code == 0
    rows.sql(books.db, "INSERT INTO payments (direction, party, amount, currency, date, order_no) "
                       "VALUES ('in', 'ACME', '-5', 'USD', '2026-11-01', 'SO-999')")
    out = books("check").stdout.splitlines()
    assert (f"foreign_key: payments#5: row 5 of payments refers to a missing orders row (restore the latest "
            f"backup, or point it at an existing orders row: sqlite3 {books.db} \"SELECT * FROM payments WHERE "
            f"rowid = 5\" shows it)") in out
    assert ("payment_amount: PAY-00005: amount '-5' is not a positive decimal (void it and record it again: "
            "gendan pay void PAY-00005 --reason TEXT)") in out


def test_example_statement_against_the_demo_deliveries(parties):
    """examples/statement-HX.csv against the demo's HX account (gendan/examples/pos.csv and
    receipts.csv: GRN-1031, 300 chairs at 60.00 on PO-HX-100 ten days ago; GRN-1106, 400 at
    62.00 on PO-HX-101 three days ago; `_shipping` pays PO-HX-100 in full; `_reconcile` pays an advance on PO-HX-101),
    entered here with the test helper: every kind of result."""
    from datetime import date, timedelta
    from pathlib import Path
    g = parties
    d = lambda n: (date.fromisoformat(g.today) + timedelta(days=n)).isoformat()  # noqa: E731
    g.ok("po", "add", "PO-HX-100", "--supplier", "HX", "--ordered", d(-55), "--due", d(-15), "--item", "CH-01=300@60.00")
    g.ok("po", "add", "PO-HX-101", "--supplier", "HX", "--ordered", d(-38), "--due", d(-4), "--item", "CH-01=600@62.00")
    g.ok("pay", "out", "HX", "--amount", "7440.00", "--po", "PO-HX-101", "--date", d(-30), "--ref", "TT-HX-1021")
    rows.receive(g.db, "PO-HX-100", {"CH-01": 300}, d(-10), ref="GRN-1031")    # as gendan/examples/receipts.csv
    g.ok("pay", "out", "HX", "--amount", "18000.00", "--po", "PO-HX-100", "--date", d(-5), "--ref", "TT in full")
    rows.receive(g.db, "PO-HX-101", {"CH-01": 400}, d(-3), ref="GRN-1106")
    example = Path(__file__).parents[2] / "examples" / "statement-HX.csv"
    result = g("reconcile", "supplier", "HX", "--statement", str(example), "-f", "csv")
    assert result.exit_code == 1
    got = [line.split(",")[:7] for line in result.stdout.splitlines()[1:]]
    assert got == [
        ["matched", "2", "2026-10-21", "TT-HX-1021", "-7440.00", "-7440.00", "0.00"],
        ["amount_differs", "4", "2026-11-10", "GRN-1031", "18300.00", "18000.00", "-300.00"],
        ["matched", "5", "2026-11-15", "TT in full", "-18000.00", "-18000.00", "0.00"],
        ["only_ours", "", "2026-11-17", "GRN-1106", "", "24800.00", "24800.00"],
        ["only_theirs", "3", "2026-10-22", "SMP-0915", "350.00", "", "-350.00"],
        ["bridge", "", "", "their closing balance", "-6790.00", "", ""],
        ["bridge", "", "", "+ only on ours", "", "", "24800.00"],
        ["bridge", "", "", "- only on theirs (incl. duplicates)", "", "", "-350.00"],
        ["bridge", "", "", "- ambiguous lines of theirs", "", "", "0.00"],
        ["bridge", "", "", "+ amount differences (ours - theirs)", "", "", "-300.00"],
        ["bridge", "", "", "our closing balance", "", "17360.00", ""],
    ]


def test_date_tolerance_setting_and_option(books, tmp_path):
    path = write(tmp_path, "date,doc,amount\n2026-10-09,INV-1,487.50\n")   # ours: DN-881 on 2026-10-08
    args = ("reconcile", "supplier", "HX", "--statement", path, "--currency", "CNY", "-f", "csv")
    assert "matched,2,2026-10-08,DN-881" in books(*args).stdout
    books.ok("settings", "date_tolerance", "0")
    assert "only_theirs,2,2026-10-09,INV-1" in books(*args).stdout
    assert "matched,2,2026-10-08,DN-881" in books(*args, "--tolerance", "1").stdout
    assert books("check").exit_code == 0          # the setting's audit event names a known key


def test_a_price_change_after_shipping_leaves_the_shipped_goods_at_their_price(parties):
    """A statement already sent must not change: shipped goods keep the price they shipped at;
    the new price applies to what ships next."""
    g = parties
    g.ok("order", "add", "SO-9", "--customer", "ACME", "--ordered", "2026-09-01", "--due", "2026-11-30",
         "--item", "CH-01=100@12.50")
    g.ok("ship", "SO-9", "--item", "CH-01=60", "--date", "2026-10-05", "--force", "--reason", "test data")
    g.ok("order", "change", "SO-9", "--item", "CH-01=100@13.00", "--reason", "buyer accepted the new price")
    g.ok("ship", "SO-9", "--item", "CH-01=40", "--date", "2026-11-05", "--force", "--reason", "test data")
    debits = [line.split(",")[4] for line in
              g.ok("reconcile", "customer", "ACME", "--from", "2026-09-01", "--to", "2026-11-30", "-f", "csv").splitlines()
              if ",shipment," in line]
    assert debits == ["750.00", "520.00"]
    assert [r.split(",")[6] for r in g.ok("export", "shipments").splitlines()[1:]] == ["12.50", "13.00"]
