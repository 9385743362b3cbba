"""`report sales`, `report purchases` and `supplier prices` end to end, every expected number
worked out by hand from the documents below (the arithmetic is beside each)."""
import json

import pytest

F = ("--force", "--reason", "inspected at the factory")


@pytest.fixture
def sales(parties):
    """Two customers in two currencies; SO-1's due date moved after it was agreed; a voided
    payment and a voided shipment; an order placed and shipped in the month before."""
    g = parties
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-11-10", "--ordered", "2026-11-01",
         "--item", "CH-01=100@12.50", "--item", "TB-02=3@3.335")           # 1250.00 + 10.005 → 10.01
    g.ok("order", "add", "SO-3", "--customer", "ACME", "--due", "2026-11-08", "--ordered", "2026-10-20",
         "--item", "TB-02=10@45")
    g.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "2026-11-30", "--ordered", "2026-11-05",
         "--item", "CH-01=200@10")
    g.ok("order", "add", "SO-9", "--customer", "ACME", "--due", "2026-12-30", "--ordered", "2026-11-06",
         "--item", "CH-01=1@99")
    g.ok("order", "cancel", "SO-9", "--reason", "customer withdrew")
    g.ok("order", "change", "SO-1", "--due", "2026-11-20", "--reason", "customer moved the vessel")
    g.ok("pay", "in", "ACME", "--amount", "2000", "--order", "SO-1", "--date", "2026-11-02")
    g.ok("pay", "in", "ACME", "--amount", "100", "--date", "2026-11-03")
    g.ok("pay", "void", "PAY-00002", "--reason", "typed twice")
    g.ok("pay", "in", "ACME", "--amount", "450", "--order", "SO-3", "--date", "2026-10-25")
    g.ok("pay", "in", "NORD", "--amount", "500", "--date", "2026-11-14")
    g.ok("ship", "SO-1", "--item", "CH-01=100", "--date", "2026-11-15", *F)   # after 11-10 first agreed, before 11-20
    g.ok("ship", "SO-3", "--item", "TB-02=10", "--date", "2026-11-08", *F)    # on its due date: on time
    g.ok("ship", "SO-2", "--item", "CH-01=50", "--date", "2026-11-12", *F)
    g.ok("ship", "SO-2", "--item", "CH-01=20", "--date", "2026-11-13", *F)
    g.ok("ship", "void", "SH-00004", "--reason", "keyed twice")
    return g


def test_sales_by_customer_per_currency_on_time_against_the_first_due_date(sales):
    assert sales.ok("report", "sales", "--month", "2026-11", "-f", "csv") == (
        "customer,currency,orders,ordered_value,qty_shipped,shipped_value,received,shipments,on_time,"
        "on_time_rate,on_time_rate_current\n"
        # SO-1 only (SO-3 was ordered in October, SO-9 cancelled); 100 + 10 shipped = 1250.00 + 450.00;
        # 2000 received (the 100 voided); SO-1 late against 11-10, SO-3 on time: 1 of 2
        "ACME,USD,1,1260.01,110,1700.00,2000.00,2,1,0.5,1.0\n"
        # SH-00004 voided: only 50 × 10.00
        "NORD,EUR,1,2000.00,50,500.00,500.00,1,1,1.0,1.0\n")


def test_sales_by_sku_keeps_currencies_apart_and_has_no_money_received(sales):
    rows = json.loads(sales.ok("report", "sales", "--month", "2026-11", "--by", "sku", "-f", "json"))
    assert [(r["sku"], r["currency"], r["orders"], r["ordered_value"], r["qty_shipped"], r["shipped_value"],
             r["received"], r["on_time"], r["on_time_rate"], r["on_time_rate_current"]) for r in rows] == [
        ("CH-01", "EUR", 1, "2000.00", 50, "500.00", None, 1, 1.0, 1.0),
        ("CH-01", "USD", 1, "1250.00", 100, "1250.00", None, 0, 0.0, 1.0),
        ("TB-02", "USD", 1, "10.01", 10, "450.00", None, 1, 1.0, 1.0)]


def test_sales_by_month_over_a_quarter(sales):
    assert sales.ok("report", "sales", "--quarter", "2026Q4", "--by", "month", "-f", "csv") == (
        "month,currency,orders,ordered_value,qty_shipped,shipped_value,received,shipments,on_time,"
        "on_time_rate,on_time_rate_current\n"
        "2026-10,USD,1,450.00,0,0.00,450.00,0,0,,\n"          # SO-3 placed and paid in October
        "2026-11,EUR,1,2000.00,50,500.00,500.00,1,1,1.0,1.0\n"
        "2026-11,USD,1,1260.01,110,1700.00,2000.00,2,1,0.5,1.0\n")


def test_sales_as_of_an_earlier_today_leave_out_what_came_after(sales):
    # as of 11-14 (the default period is that month so far): SO-1's shipment of 11-15 is not there yet
    rows = json.loads(sales.ok("report", "sales", "-f", "json", today="2026-11-14"))
    assert [(r["customer"], r["qty_shipped"], r["received"], r["shipments"]) for r in rows] == [
        ("ACME", 10, "2000.00", 1), ("NORD", 50, "500.00", 1)]


def test_an_order_cancelled_after_an_earlier_today_still_counts_as_of_then(sales):
    """SO-9 (1 × 99, placed 11-06) was cancelled on 11-20: the report as of 11-14 said what
    was true then, as `order list --today` does; as of 11-20 it is gone."""
    then = json.loads(sales.ok("report", "sales", "-f", "json", today="2026-11-14"))
    assert [(r["customer"], r["orders"], r["ordered_value"]) for r in then] == [
        ("ACME", 2, "1359.01"), ("NORD", 1, "2000.00")]            # 1260.01 + 99.00
    now = json.loads(sales.ok("report", "sales", "--month", "2026-11", "-f", "json"))
    assert [(r["customer"], r["orders"], r["ordered_value"]) for r in now][0] == ("ACME", 1, "1260.01")
    daily = json.loads(sales.ok("report", "daily", "--date", "2026-11-06", "-f", "json", today="2026-11-14"))
    assert [r["order"] for r in daily["new_orders"]] == ["SO-9"]
    daily = json.loads(sales.ok("report", "daily", "--date", "2026-11-06", "-f", "json"))
    assert "new_orders" not in daily


def test_an_empty_period_prints_nothing_and_says_so(sales):
    result = sales("report", "sales", "--month", "2026-09")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "no sales from 2026-09-01 to 2026-09-30" in result.stderr
    assert json.loads(sales.ok("report", "sales", "--month", "2026-09", "-f", "json")) == []
    assert json.loads(sales.ok("report", "purchases", "--month", "2026-09", "-f", "json")) == []


def test_bad_periods_are_refused(sales):
    sales.refused("report", "sales", "--month", "2026-11", "--quarter", "2026Q4", code=2,
                  message="give one of --month, --quarter or --from/--to")
    sales.refused("report", "sales", "--from", "2026-11-20", "--to", "2026-11-01", code=2, message="swap them")
    sales.refused("report", "sales", "--by", "colour", code=2, message="use one of customer, sku, month")
    sales.refused("report", "purchases", "--quarter", "2026Q5", code=2, message="bad quarter")


@pytest.fixture
def buying(parties):
    """HX in CNY: CH-01 at 60 in October, then 63 and 64 in November; MF in USD. A receipt
    with rejects on time, one late, one voided."""
    g = parties
    g.ok("po", "add", "PO-A", "--supplier", "HX", "--ordered", "2026-10-10", "--due", "2026-10-30",
         "--item", "CH-01=100@60")
    g.ok("po", "add", "PO-B", "--supplier", "HX", "--ordered", "2026-11-02", "--due", "2026-11-12",
         "--item", "CH-01=100@63", "--item", "TB-02=10@200")
    g.ok("po", "add", "PO-C", "--supplier", "HX", "--ordered", "2026-11-05", "--due", "2026-11-15",
         "--item", "CH-01=300@64")
    g.ok("po", "add", "PO-D", "--supplier", "MF", "--ordered", "2026-11-03", "--currency", "USD",
         "--due", "2026-11-10", "--item", "HW-KIT=1000@0.455", "--item", "CH-01=10@9")
    g.ok("po", "receive", "PO-B", "--item", "CH-01=100", "--rejected", "CH-01=10", "--date", "2026-11-10")
    g.ok("po", "receive", "PO-B", "--item", "TB-02=10", "--date", "2026-11-11")
    g.ok("receipt", "void", "GRN-00002", "--reason", "typed twice")
    g.ok("po", "receive", "PO-C", "--item", "CH-01=300", "--date", "2026-11-18")   # 3 days late
    g.ok("po", "receive", "PO-D", "--item", "HW-KIT=1000", "--date", "2026-11-09")
    return g


PURCHASE_HEAD = ("currency,po_lines,ordered_value,qty_received,qty_rejected,accepted_value,avg_price,"
                 "price_change_pct,on_time_rate\n")


def test_purchases_by_supplier_against_the_month_before(buying):
    assert buying.ok("report", "purchases", "--month", "2026-11", "-f", "csv") == "supplier," + PURCHASE_HEAD + (
        # lines 6300 + 2000 + 19200; accepted 90 × 63 + 300 × 64 = 5670 + 19200; avg 27500 / 410;
        # the price change is CH-01's, the SKU bought in both months: its 400 pieces cost 25500,
        # at October's 60 they would have cost 24000: +6.25 % (TB-02, new, does not count);
        # on time 90 of 390 accepted
        "HX,CNY,3,27500.00,400,10,24870.00,67.0732,6.3,0.2308\n"
        # 1000 × 0.455 + 10 × 9 = 545 over 1010 pieces; nothing in October to compare
        "MF,USD,2,545.00,1000,0,455.00,0.5396,,1.0\n")


def test_a_po_cancelled_since_counts_in_purchases_as_of_before(buying):
    buying.ok("po", "cancel", "PO-D", "--reason", "supplier closed", today="2026-11-21")
    then = buying.ok("report", "purchases", "--month", "2026-11", "-f", "csv", today="2026-11-20")
    assert then.splitlines()[2].startswith("MF,USD,2,545.00,")
    now = buying.ok("report", "purchases", "--month", "2026-11", "-f", "csv", today="2026-11-21")
    assert now.splitlines()[2].startswith("MF,USD,0,0.00,1000,")   # no line placed; its goods still came


def test_purchases_judge_a_delivery_by_the_promise_standing_when_it_came(parties):
    """As `supplier score` does: a re-promise recorded the day after a late delivery does not
    make it on time (the report read the promises recorded by the period's end)."""
    parties.ok("po", "add", "PO-C", "--supplier", "HX", "--ordered", "2026-11-05", "--due", "2026-11-15",
               "--item", "CH-01=300@64")
    parties.ok("po", "receive", "PO-C", "--item", "CH-01=100", "--date", "2026-11-18")
    parties.ok("po", "chase", "PO-C", "--via", "phone", "--note", "rest on 25th", "--promised", "2026-11-25",
               "--date", "2026-11-19")
    (row,) = json.loads(parties.ok("report", "purchases", "--month", "2026-11", "-f", "json"))
    (score,) = json.loads(parties.ok("supplier", "score", "HX", "-f", "json"))
    assert row["on_time_rate"] == score["on_time_rate"] == 0.0


def test_purchases_by_sku(buying):
    assert buying.ok("report", "purchases", "--month", "2026-11", "--by", "sku", "-f", "csv") == "sku," + PURCHASE_HEAD + (
        "CH-01,CNY,2,25500.00,400,10,24870.00,63.7500,6.3,0.2308\n"   # 25500 / 400 = 63.75 vs 60: +6.25 % → 6.3
        "CH-01,USD,1,90.00,0,0,0.00,9.0000,,\n"                      # never compared with the CNY price
        "HW-KIT,USD,1,455.00,1000,0,455.00,0.4550,,1.0\n"
        "TB-02,CNY,1,2000.00,0,0,0.00,200.0000,,\n")                 # its receipt was voided


def test_purchases_over_a_range_compare_the_same_number_of_days_before(buying):
    # 2026-11-01 … 11-20 is 20 days: the 20 days before (10-12 … 10-31) hold no PO, PO-A was 10-10
    out = buying.ok("report", "purchases", "--from", "2026-11-01", "--to", "2026-11-20", "-f", "csv")
    assert out.splitlines()[1] == "HX,CNY,3,27500.00,400,10,24870.00,67.0732,,0.2308"
    # 2026-10-15 … 11-04 (21 days) against 09-24 … 10-14, which holds PO-A at 60: PO-B at 63 is +5 %;
    # its goods came on 11-10, after the range
    out = buying.ok("report", "purchases", "--from", "2026-10-15", "--to", "2026-11-04", "--by", "sku", "-f", "csv")
    assert out.splitlines()[1] == "CH-01,CNY,1,6300.00,0,0,0.00,63.0000,5.0,"


def test_a_period_not_yet_begun_is_refused_as_for_the_month_report(buying):
    """`report sales --month 2027-01` on 2026-11-20 answered 'no sales' (exit 0) where
    `report month 2027-01` refuses (adversarial try-out)."""
    for words in (("sales", "--month", "2027-01"), ("purchases", "--quarter", "2027Q1"), ("month", "2027-01")):
        buying.refused("report", *words, code=2, message="has not begun on 2026-11-20")


def test_supplier_prices_per_sku_across_suppliers(buying):
    assert buying.ok("supplier", "prices", "CH-01", "-f", "csv") == (
        "sku,supplier,date,po,price,currency,change_pct\n"
        "CH-01,HX,2026-10-10,PO-A,60.00,CNY,\n"
        "CH-01,HX,2026-11-02,PO-B,63.00,CNY,5.0\n"      # 3 / 60
        "CH-01,MF,2026-11-03,PO-D,9.00,USD,\n"          # another currency: not a change
        "CH-01,HX,2026-11-05,PO-C,64.00,CNY,1.6\n")     # 1 / 63 = 1.587 %
    assert buying.ok("supplier", "prices", "--supplier", "MF", "-f", "csv").splitlines()[1:] == [
        "CH-01,MF,2026-11-03,PO-D,9.00,USD,", "HW-KIT,MF,2026-11-03,PO-D,0.455,USD,"]
    # as of the day before PO-B, only October's price exists
    assert buying.ok("supplier", "prices", "CH-01", "-f", "csv", today="2026-11-01").count("\n") == 2
    buying.refused("supplier", "prices", "--supplier", "ZZ", message="unknown supplier")
    result = buying("supplier", "prices", "NOPE")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no prices paid for NOPE yet\n")


@pytest.fixture
def day(parties):
    """2026-11-18 at the desk: an order and a PO placed (and one cancelled), two receipts
    (one with rejects, one typed twice and voided), a pass and a fail, a production report
    with a delay cause, a shipment, money in (one voided) and out, a chase."""
    g = parties
    D = ("--date", "2026-11-18")
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-20", "--ordered", "2026-11-10",
         "--item", "CH-01=100@12.50")
    g.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-11-25", "--ordered", "2026-11-10",
         "--item", "CH-01=100@60", "--item", "TB-02=20@7.005")
    g.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "2026-12-30", "--ordered", "2026-11-18",
         "--item", "CH-01=10@10", "--item", "TB-02=3@0.335")          # 100.00 + 1.005 → 1.01
    g.ok("po", "add", "PO-2", "--supplier", "MF", "--due", "2026-12-01", "--ordered", "2026-11-18", "--for", "SO-2",
         "--item", "HW-KIT=10@3")
    g.ok("po", "add", "PO-3", "--supplier", "MF", "--due", "2026-12-01", "--ordered", "2026-11-18",
         "--item", "HW-KIT=10@3")
    g.ok("po", "cancel", "PO-3", "--reason", "placed twice")
    g.ok("po", "receive", "PO-1", "--item", "TB-02=20", *D, "--ref", "DN-7")
    g.ok("po", "receive", "PO-1", "--item", "CH-01=100", "--rejected", "CH-01=8", *D, "--ref", "DN-8")
    g.ok("po", "receive", "PO-1", "--item", "TB-02=20", *D, "--ref", "DN-7", "--allow-over")
    g.ok("receipt", "void", "GRN-00003", "--reason", "typed twice")
    g.ok("inspect", "log", "SO-1", "--stage", "inline", "--result", "pass", *D)
    g.ok("inspect", "log", "PO-1", "--stage", "incoming", "--sku", "CH-01", "--major", "9", *D)
    g.ok("order", "plan", "SO-1", "--start", "2026-11-16", "--finish", "2026-11-30", "--factory", "恒兴")
    g.ok("progress", "SO-1", "--produced", "30", "--date", "2026-11-17")
    g.ok("progress", "SO-1", "--produced", "42", *D, "--cause", "material", "--note", "布料未到")
    g.ok("pay", "in", "ACME", "--amount", "375", "--order", "SO-1", *D)
    g.ok("pay", "in", "ACME", "--amount", "1", *D)
    g.ok("pay", "void", "PAY-00002", "--reason", "mistyped")
    g.ok("pay", "out", "HX", "--amount", "1200", "--po", "PO-1", *D, "--ref", "TT")
    g.ok("ship", "SO-1", "--item", "CH-01=40", *D, "--container", "TGHU8812348", *F)
    g.ok("po", "chase", "PO-1", "--via", "wechat", "--note", "说周五补 8 张", "--promised", "2026-11-20", *D)
    g.ok("complaint", "add", "C-1", "--customer", "ACME", "--kind", "quality", "--desc", "legs wobble",
         "--order", "SO-1", "--sku", "CH-01", "--qty", "2", "--supplier", "HX", "--received", "2026-11-18")
    g.ok("complaint", "action", "C-1", "--replace", "CH-01=2", "--date", "2026-11-18")
    g.ok("ship", "SO-1", "--replacement", "C-1", "--item", "CH-01=2", *D, *F)
    return g


def test_the_daily_report_has_each_section_bad_news_first(day):
    out = json.loads(day.ok("report", "daily", "--date", "2026-11-18", "-f", "json"))
    assert list(out) == ["new_orders", "new_pos", "receipts", "inspections", "progress", "shipments",
                         "complaints_new", "payments_in", "payments_out", "chases"]
    assert out["new_orders"] == [{"order": "SO-2", "customer": "NORD", "due": "2026-12-30", "lines": 2, "qty": 13,
                                  "value": "101.01", "currency": "EUR"}]
    assert [(p["po"], p["for_order"], p["value"]) for p in out["new_pos"]] == [   # PO-3 cancelled
        ("C-1-R1", "", "0.00"), ("PO-2", "SO-2", "30.00")]                        # C-1's replacement, free
    assert [(r["receipt"], r["sku"], r["qty"], r["rejected"]) for r in out["receipts"]] == [
        ("GRN-00002", "CH-01", 100, 8), ("GRN-00001", "TB-02", 20, 0)]          # rejects first; GRN-00003 void
    assert [(i["ref"], i["stage"], i["result"]) for i in out["inspections"]] == [
        ("PO-1", "incoming", "fail"), ("SO-1", "inline", "pass")]
    assert out["progress"] == [{"order": "SO-1", "factory": "恒兴", "produced_today": 12, "produced": 42, "packed": 0,
                                "cause": "material", "note": "布料未到"}]
    assert out["shipments"] == [
        {"shipment": "SH-00001", "order": "SO-1", "customer": "ACME", "qty": 40, "value": "500.00", "currency": "USD",
         "container": "TGHU8812348", "forced": True, "complaint": ""},
        {"shipment": "SH-00002", "order": "SO-1", "customer": "ACME", "qty": 2, "value": "0.00", "currency": "USD",
         "container": "", "forced": True, "complaint": "C-1"}]          # the replacement: not invoiced
    assert out["complaints_new"] == [{"complaint": "C-1", "customer": "ACME", "kind": "quality", "order": "SO-1",
                                      "sku": "CH-01", "qty": 2, "supplier": "HX", "description": "legs wobble"}]
    assert [(p["party"], p["amount"], p["for"]) for p in out["payments_in"]] == [("ACME", "375.00", "SO-1")]
    assert [(p["party"], p["amount"], p["for"], p["ref"]) for p in out["payments_out"]] == [("HX", "1200.00", "PO-1", "TT")]
    assert out["chases"] == [{"po": "PO-1", "supplier": "HX", "via": "wechat", "promised": "2026-11-20",
                              "note": "说周五补 8 张"}]


def test_the_daily_report_as_plain_text_heads_each_section_with_its_count(day):
    out = day.ok("report", "daily", "--date", "2026-11-18")
    assert out.startswith("gendan daily report 2026-11-18 (Wednesday)\n\nNew customer orders: 1 (EUR 101.01)\n")
    for heading in ("Goods received: 2 (1 with rejects)", "Inspections: 2 (1 failed)",
                    "Production reports: 1 (1 with a delay cause)", "Shipments: 2 (USD 500.00)",
                    "Complaints received: 1",
                    "Money received: 1 (USD 375.00)", "Money paid: 1 (CNY 1200.00)", "Chases: 1"):
        assert f"\n{heading}\n" in out


def test_the_daily_report_lists_the_corrections_made_that_day(day):
    # the voids were typed on 11-20 (today): that day's report shows them, by their numbers
    assert json.loads(day.ok("report", "daily", "-f", "json")) == {"voids": [
        {"kind": "receipt", "record": "GRN-00003", "reason": "typed twice"},
        {"kind": "payment", "record": "PAY-00002", "reason": "mistyped"}]}


def test_the_daily_report_defaults_to_today_and_refuses_the_future(day):
    result = day("report", "daily", today="2026-11-19")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "nothing recorded on 2026-11-19\n")
    assert json.loads(day.ok("report", "daily", "-f", "json", today="2026-11-18"))["chases"][0]["po"] == "PO-1"
    day.refused("report", "daily", "--date", "2026-11-21", code=2, message="is after today")
    day.refused("report", "daily", "-f", "csv", code=2, message="several sections")


def test_the_month_report_gathers_every_section(sales, buying):
    out = json.loads(sales.ok("report", "month", "2026-11", "-f", "json"))
    assert list(out) == ["sales", "sales_by_month", "purchases", "supplier_scores", "delays", "complaints",
                         "receivables_aging", "payables"]
    assert [(r["customer"], r["currency"], r["shipped_value"], r["on_time_rate"]) for r in out["sales"]] == [
        ("ACME", "USD", "1700.00", 0.5), ("NORD", "EUR", "500.00", 1.0)]
    # twelve months to November, one column per currency, months without shipments as zero
    assert len(out["sales_by_month"]) == 12
    assert out["sales_by_month"][0] == {"month": "2025-12", "shipped_value_eur": "0.00", "shipped_value_usd": "0.00"}
    assert out["sales_by_month"][-1] == {"month": "2026-11", "shipped_value_eur": "500.00",
                                         "shipped_value_usd": "1700.00"}
    assert [(r["supplier"], r["accepted_value"]) for r in out["purchases"]] == [("HX", "24870.00"), ("MF", "455.00")]
    # HX: 90 accepted on time of 390 accepted, and 120 open past their dates on 11-20 (PO-A's 100,
    # PO-B's 10 rejected chairs and its 10 tables, whose receipt was voided) weigh as late, as in
    # `supplier score`: 90 / 510. MF: 1000 on time, 10 chairs open and late: 1000 / 1010.
    # 390 good of 400 received. The voided receipt is not a line.
    assert [(r["supplier"], r["lines_received"], r["on_time_rate"], r["quality_rate"], r["qty_open_overdue"])
            for r in out["supplier_scores"]] == [("HX", 2, 0.1765, 0.975, 120), ("MF", 1, 0.9901, 1.0, 10)]
    assert (out["delays"], out["complaints"]) == ([], [])
    # ACME: shipped 1250 + 450, paid 2000 + 450: 750.00 paid ahead; NORD is square and left out
    assert [(r["party"], r["currency"], r["total"]) for r in out["receivables_aging"]] == [("ACME", "USD", "-750.00")]
    # HX gives 30 days (current), MF none: 455.00 is 11 days past due on 11-20
    assert [(r["party"], r["currency"], r["current"], r["d1_30"], r["total"]) for r in out["payables"]] == [
        ("HX", "CNY", "24870.00", "0.00", "24870.00"), ("MF", "USD", "0.00", "455.00", "455.00")]


def test_the_month_report_as_text_leaves_out_empty_sections(sales):
    out = sales.ok("report", "month", "2026-11")
    assert out.startswith("gendan month report 2026-11 (2026-11-01 to 2026-11-30)\n\nSales by customer: 2\n")
    assert "\nSales by month: 12\n" in out and "Delays by cause" not in out and "Supplier scores" not in out


def test_an_empty_month_and_a_month_to_come(sales):
    result = sales("report", "month", "2025-06")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "nothing happened in 2025-06\n")
    assert json.loads(sales.ok("report", "month", "2025-06", "-f", "json")) == {
        k: [] for k in ("sales", "sales_by_month", "purchases", "supplier_scores", "delays", "complaints",
                        "receivables_aging", "payables")}
    sales.refused("report", "month", "2026-12", code=2, message="has not begun")
    sales.refused("report", "month", "2026-13", code=2, message="bad month")


def test_the_month_workbook_has_a_sheet_per_section_and_native_charts(sales, buying, tmp_path):
    from openpyxl import load_workbook
    path = tmp_path / "月报.xlsx"
    assert sales.ok("report", "month", "2026-11", "-f", "xlsx", "-o", str(path)) == ""
    book = load_workbook(path)
    assert book.sheetnames == ["Sales by customer", "Sales by month", "Purchases by supplier", "Supplier scores",
                               "Delays by cause", "Complaints by cause", "Receivables aging", "Payables aging"]
    charts = {ws.title: [type(c).__name__ for c in ws._charts] for ws in book.worksheets}
    assert charts["Sales by month"] == ["BarChart"]      # Excel's column chart is a bar chart turned up
    assert charts["Supplier scores"] == ["BarChart"]     # on-time rate by supplier
    assert charts["Delays by cause"] == []               # no delays this month: no chart over nothing
    assert sum(map(len, charts.values())) == 2
    sheet = book["Sales by customer"]
    assert [c.value for c in sheet[1]][:3] == ["customer", "currency", "orders"]
    acme = [c.value for c in sheet[2]]
    assert acme[:7] == ["ACME", "USD", 1, 1260.01, 110, 1700.0, 2000.0]   # numbers, not text
    assert sheet["D2"].number_format == "0.00" and sheet.freeze_panes == "A2"
    months = book["Sales by month"]
    assert [c.value for c in months[1]] == ["month", "shipped_value_eur", "shipped_value_usd"]
    assert [c.value for c in months[13]] == ["2026-11", 500.0, 1700.0]
    assert book["Complaints by cause"].max_row == 1            # the header alone: the sheet is always there


def test_the_month_workbook_charts_delays_by_cause(day, tmp_path):
    from openpyxl import load_workbook
    path = tmp_path / "m.xlsx"
    day.ok("report", "month", "2026-11", "-f", "xlsx", "-o", str(path))
    book = load_workbook(path)
    assert [type(c).__name__ for c in book["Delays by cause"]._charts] == ["PieChart"]
    assert [c.value for c in book["Delays by cause"][2]][0] == "material"
