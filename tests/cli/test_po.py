"""`gendan po …` end to end: the chase list on a fixed dataset, receipts, promises, refusals."""
import json
import sqlite3

import pytest

from tests.conftest import Gendan

HEADER = "po,line,sku,supplier,for_order,qty_open,due,promised,days_late,last_chased,chases,order_due,at_risk,reason,remark\n"


@pytest.fixture(scope="module")
def chase_template(tmp_path_factory):
    """Built once per module (about twenty commands), copied for each test."""
    g = Gendan(tmp_path_factory.mktemp("chase") / "template.db")
    g.ok("customer", "add", "ACME", "--name", "Acme Home Inc.", "--deposit", "30")
    g.ok("supplier", "add", "HX", "--name", "恒兴木业", "--phone", "138 0571 2233", "--credit-days", "30")
    g.ok("supplier", "add", "MF", "--name", "明发五金厂", "--phone", "139 2288 7766")
    _fill(g)
    return g.db


@pytest.fixture
def chase_data(chase_template, db):
    """Today is 2026-11-20. One line for every reason, plus lines that must not appear."""
    src, dst = sqlite3.connect(chase_template), sqlite3.connect(db)
    src.backup(dst)      # reads through the WAL, unlike a file copy
    src.close()
    dst.close()
    return Gendan(db)


def _fill(g):
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-01", "--ordered", "2026-11-01",
         "--item", "CH-01=500@12.50")
    # overdue by its promise: due 11-15, promised 11-17, 300 of 500 in
    g.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-11-15", "--ordered", "2026-11-01",
         "--item", "CH-01=500@8", "--for", "SO-1")
    g.ok("po", "confirm", "PO-1", "--date", "2026-11-02", "--promised", "2026-11-17")
    g.ok("po", "receive", "PO-1", "--item", "CH-01=300", "--date", "2026-11-17")
    # promised 11-26, later than SO-1's due 12-01 minus 7 days
    g.ok("po", "add", "PO-2", "--supplier", "HX", "--due", "2026-11-30", "--ordered", "2026-11-05",
         "--item", "TB-02=20@30", "--for", "SO-1")
    g.ok("po", "confirm", "PO-2", "--date", "2026-11-06", "--promised", "2026-11-26")
    # placed 4 days ago, never confirmed
    g.ok("po", "add", "PO-3", "--supplier", "MF", "--due", "2026-12-20", "--ordered", "2026-11-16",
         "--item", "HW=1000@0.5")
    # due in 2 days; BOLT all arrived but 10 rejected, NUT fully accepted (leaves the list)
    g.ok("po", "add", "PO-4", "--supplier", "MF", "--due", "2026-11-22", "--ordered", "2026-11-10",
         "--item", "BOLT=100@0.1", "--item", "NUT=100@0.1")
    g.ok("po", "confirm", "PO-4", "--date", "2026-11-11")
    g.ok("po", "receive", "PO-4", "--item", "BOLT=100", "--rejected", "BOLT=10", "--item", "NUT=100",
         "--date", "2026-11-19")
    # fully received long ago; cancelled: neither is listed
    g.ok("po", "add", "PO-5", "--supplier", "HX", "--due", "2026-11-10", "--ordered", "2026-11-01", "--item", "Z=50@1")
    g.ok("po", "confirm", "PO-5", "--date", "2026-11-01")
    g.ok("po", "receive", "PO-5", "--item", "Z=50", "--date", "2026-11-09")
    g.ok("po", "add", "PO-6", "--supplier", "HX", "--due", "2026-11-12", "--ordered", "2026-11-01", "--item", "Q=10@1")
    g.ok("po", "cancel", "PO-6", "--reason", "moved to PO-2")
    # overdue, but chased today: sinks to the bottom
    g.ok("po", "add", "PO-7", "--supplier", "MF", "--due", "2026-11-18", "--ordered", "2026-11-01", "--item", "W=5@1")
    g.ok("po", "confirm", "PO-7", "--date", "2026-11-02")
    g.ok("po", "chase", "PO-7", "--via", "phone", "--date", "2026-11-19", "--note", "说明天发")
    g.ok("po", "chase", "PO-7", "--via", "wechat", "--note", "还没发，下午再问")


def test_chase_list_exact_csv(chase_data):
    assert chase_data.ok("po", "chase", "-f", "csv") == HEADER + (
        "PO-1,1,CH-01,HX,SO-1,200,2026-11-15,2026-11-17,3,,0,2026-12-01,false,overdue,\n"
        "PO-4,1,BOLT,MF,,10,2026-11-22,,-2,,0,,false,due-soon,reject: replacement due (10 rejected)\n"
        "PO-2,1,TB-02,HX,SO-1,20,2026-11-30,2026-11-26,-6,,0,2026-12-01,true,promise-after-order-due,\n"
        "PO-3,1,HW,MF,,1000,2026-12-20,,-30,,0,,false,unconfirmed,\n"
        "PO-7,1,W,MF,,5,2026-11-18,,2,2026-11-20,2,,false,overdue,\n")


def test_chase_list_filters(chase_data):
    assert chase_data.ok("po", "chase", "-f", "csv", "--supplier", "HX") == HEADER + (
        "PO-1,1,CH-01,HX,SO-1,200,2026-11-15,2026-11-17,3,,0,2026-12-01,false,overdue,\n"
        "PO-2,1,TB-02,HX,SO-1,20,2026-11-30,2026-11-26,-6,,0,2026-12-01,true,promise-after-order-due,\n")
    # tomorrow the chase of PO-7 is a day old, so it rises again; a wider window brings nothing new
    out = chase_data.ok("po", "chase", "-f", "csv", "--window", "10", today="2026-11-21")
    assert [ln.split(",")[0] for ln in out.splitlines()[1:]] == ["PO-1", "PO-7", "PO-4", "PO-2", "PO-3"]
    js = json.loads(chase_data.ok("po", "chase", "-f", "json"))
    assert js[0]["po"] == "PO-1" and js[0]["at_risk"] is False and js[0]["days_late"] == 3


def test_chase_table_groups_by_supplier_with_phone(chase_data):
    out = chase_data.ok("po", "chase")
    assert out.index("HX 恒兴木业  ☎ 138 0571 2233") < out.index("MF 明发五金厂  ☎ 139 2288 7766")
    hx, mf = out.split("MF 明发五金厂")
    assert "PO-1" in hx and "PO-2" in hx and "PO-3" not in hx
    assert "PO-3" in mf and "PO-4" in mf and "PO-7" in mf


def test_exit_code_only_when_overdue(chase_data):
    assert chase_data("po", "chase", "--exit-code", "-f", "csv").exit_code == 1
    assert chase_data("po", "chase", "-f", "csv").exit_code == 0
    # on 11-11 nothing is late yet (PO-6, due 11-12, was cancelled only on 11-20), though lines
    # are listed; on 11-14 PO-6 was late (as of a date: its cancellation had not happened yet)
    early = chase_data("po", "chase", "--exit-code", "-f", "csv", today="2026-11-11")
    assert early.exit_code == 0 and early.stdout.count("\n") > 1
    assert chase_data("po", "chase", "--exit-code", "-f", "csv", today="2026-11-14").exit_code == 1


def test_exit_code_zero_on_an_empty_list(gendan):
    result = gendan("po", "chase", "--exit-code")
    assert (result.exit_code, result.stdout) == (0, "")


def test_messages_per_supplier(chase_data):
    out = chase_data.ok("po", "chase", "--message")
    assert "== HX 恒兴木业 (138 0571 2233) ==\n恒兴木业您好：" in out
    assert "- PO-4 第1行 BOLT：未交 10 件，要求交期 2026-11-22，不良品待补货" in out
    en = chase_data.ok("po", "chase", "--message", "--lang", "en", "--supplier", "MF")
    assert "HX" not in en and "- PO-3 line 1 HW: 1000 pcs open, due 2026-12-20" in en


def test_promise_history_kept(chase_data):
    chase_data.ok("po", "chase", "PO-1", "--via", "phone", "--promised", "2026-11-24", "--note", "机器坏了")
    view = json.loads(chase_data.ok("po", "show", "PO-1", "-f", "json"))
    assert [(p["promised"], p["source"]) for p in view["promises"]] == [("2026-11-17", "confirm"),
                                                                        ("2026-11-24", "chase")]
    ln = view["lines"][0]
    assert (ln["first_promised"], ln["promised"], ln["received"], ln["qty_open"]) == ("2026-11-17", "2026-11-24", 300, 200)
    assert view["chases"] == [{"date": "2026-11-20", "via": "phone", "promised": "2026-11-24", "note": "机器坏了"}]
    # re-promised to 11-24: no longer overdue, 11-24 is just inside SO-1's limit (12-01 − 7), and 4 days
    # out is beyond the 3-day window: off the list; a 4-day window brings it back, chased today, at the bottom
    assert "PO-1" not in chase_data.ok("po", "chase", "-f", "csv")
    row = chase_data.ok("po", "chase", "-f", "csv", "--supplier", "HX", "--window", "4").splitlines()[-1]
    assert row.startswith("PO-1,1,CH-01,HX,SO-1,200,2026-11-15,2026-11-24,-4,2026-11-20,1,")
    assert row.endswith(",false,due-soon,")


def test_confirm_repromise_on_one_line(parties):
    parties.ok("po", "add", "PO-9", "--supplier", "HX", "--due", "+10", "--item", "A=10@1", "--item", "B=5@1")
    parties.ok("po", "confirm", "PO-9")
    parties.ok("po", "confirm", "PO-9", "--promised", "+12", "--line", "2")
    view = json.loads(parties.ok("po", "show", "PO-9", "-f", "json"))
    assert view["confirmed"] == "2026-11-20"
    assert [(ln["line"], ln["promised"]) for ln in view["lines"]] == [(1, None), (2, "2026-12-02")]


def test_receipts_close_lines_and_allow_over(parties):
    parties.ok("po", "add", "PO-9", "--supplier", "HX", "--due", "-1", "--ordered", "-10", "--item", "A=10@1")
    parties.ok("po", "receive", "PO-9", "--item", "A=10", "--rejected", "A=4")
    assert "PO-9" in parties.ok("po", "chase", "-f", "csv")
    parties.refused("po", "receive", "PO-9", "--item", "A=5", message="accepting 5 would exceed the 4 still open")
    parties.ok("po", "receive", "PO-9", "--item", "A=5", "--allow-over")
    assert parties.ok("po", "chase", "-f", "csv") == ""   # nothing to show: nothing on stdout, not a bare header
    assert parties.ok("po", "list", "-f", "csv") == ""   # none open: nothing on stdout, not a bare header
    assert parties.ok("po", "list", "--all", "-f", "csv").splitlines()[1] == \
        "PO-9,HX,2026-11-10,2026-11-19,,1,10,11,4,0,10.00,CNY,,received"


def test_po_list(chase_data):
    out = chase_data.ok("po", "list", "-f", "csv")
    assert out.splitlines()[1:] == [
        "PO-1,HX,2026-11-01,2026-11-15,SO-1,1,500,300,0,200,4000.00,CNY,2026-11-02,partial",
        "PO-7,MF,2026-11-01,2026-11-18,,1,5,0,0,5,5.00,CNY,2026-11-02,open",
        "PO-4,MF,2026-11-10,2026-11-22,,2,200,190,10,10,20.00,CNY,2026-11-11,partial",
        "PO-2,HX,2026-11-05,2026-11-30,SO-1,1,20,0,0,20,600.00,CNY,2026-11-06,open",
        "PO-3,MF,2026-11-16,2026-12-20,,1,1000,0,0,1000,500.00,CNY,,open"]
    everything = chase_data.ok("po", "list", "--all", "--supplier", "HX", "-f", "csv")
    assert [ln.split(",")[0] + ":" + ln.split(",")[-1] for ln in everything.splitlines()[1:]] == [
        "PO-5:received", "PO-6:cancelled", "PO-1:partial", "PO-2:open"]


def test_order_list_and_show_use_linked_po_lines(chase_data):
    assert chase_data.ok("order", "list", "-f", "csv").splitlines()[1].endswith(",open,true")
    view = json.loads(chase_data.ok("order", "show", "SO-1", "-f", "json"))
    assert [(p["po"], p["qty_open"], p["first_promised"], p["promised"]) for p in view["purchase_orders"]] == [
        ("PO-1", 200, "2026-11-17", "2026-11-17"), ("PO-2", 20, "2026-11-26", "2026-11-26")]
    # the supplier brings PO-2 forward: SO-1 is no longer at risk
    chase_data.ok("po", "chase", "PO-2", "--promised", "2026-11-24")
    assert chase_data.ok("order", "list", "-f", "csv").splitlines()[1].endswith(",open,false")


def test_cancelled_order_line_not_at_risk_after_po_cancel(chase_data):
    chase_data.ok("po", "cancel", "PO-2", "--reason", "buyer dropped the tables")
    assert chase_data.ok("order", "list", "-f", "csv").splitlines()[1].endswith(",open,false")
    assert "PO-2" not in chase_data.ok("po", "chase", "-f", "csv")


def test_supplier_score_reads_receipts_and_incoming_inspections(chase_data):
    conn = sqlite3.connect(chase_data.db)
    with conn:
        conn.executemany("INSERT INTO inspections (ref_kind, ref, stage, date, result) VALUES (?,?,?,?,?)",
                         [("po", "PO-4", "incoming", "2026-11-19", "fail"), ("po", "PO-4", "incoming", "2026-11-19", "pass"),
                          ("po", "PO-4", "final", "2026-11-19", "fail"), ("order", "PO-4", "incoming", "2026-11-19", "fail")])
    conn.close()
    out = chase_data.ok("supplier", "score", "-f", "csv")
    # open pieces past their promise are late (issue 17): HX 200 of PO-1 beside 350 on time, MF 5 of PO-7
    assert out == ("supplier,lines_received,on_time_rate,on_time_rate_first_promise,avg_days_late,qty_received,"
                   "qty_rejected,quality_rate,lots_inspected,lots_rejected,qty_open_overdue,complaints,qty_complained\n"
                   "HX,2,0.6364,0.6364,0.0,350,0,1.0,0,0,200,0,0\n"
                   "MF,2,0.9744,0.9744,0.0,200,10,0.95,2,1,5,0,0\n")
    explain = chase_data.ok("supplier", "score", "MF", "--explain", "-f", "csv").splitlines()
    assert len(explain) == 1 + 2 + 2 + 1   # header, two receipts, two incoming inspections, PO-7 overdue
    assert chase_data.ok("supplier", "score", "HX", "--since", "2026-11-18", "-f", "csv").splitlines()[1] == \
        "HX,0,0.0,0.0,,0,0,,0,0,200,0,0"


def test_late_receipt_scores_against_both_promises(parties):
    parties.ok("po", "add", "PO-9", "--supplier", "HX", "--due", "2026-11-10", "--ordered", "2026-11-01", "--item", "A=100@1")
    parties.ok("po", "confirm", "PO-9", "--date", "2026-11-02", "--promised", "2026-11-12")
    parties.ok("po", "chase", "PO-9", "--date", "2026-11-11", "--promised", "2026-11-16")
    parties.ok("po", "receive", "PO-9", "--item", "A=50", "--date", "2026-11-14")
    parties.ok("po", "receive", "PO-9", "--item", "A=50", "--date", "2026-11-18")
    row = parties.ok("supplier", "score", "HX", "-f", "csv").splitlines()[1]
    assert row == "HX,1,0.5,0.0,1.0,100,0,1.0,0,0,0,0,0"


def test_a_later_re_promise_does_not_make_a_late_delivery_on_time(parties):
    """50 came on 11-14 against a promise of 11-12; a re-promise of 11-25 made on 11-16 for the
    rest scored that delivery on time (found by a new user)."""
    parties.ok("po", "add", "PO-9", "--supplier", "HX", "--due", "2026-11-10", "--ordered", "2026-11-01", "--item", "A=100@1")
    parties.ok("po", "confirm", "PO-9", "--date", "2026-11-02", "--promised", "2026-11-12")
    parties.ok("po", "receive", "PO-9", "--item", "A=50", "--date", "2026-11-14")
    parties.ok("po", "chase", "PO-9", "--date", "2026-11-16", "--promised", "2026-11-25", today="2026-11-16")
    row = parties.ok("supplier", "score", "HX", "-f", "csv", today="2026-11-17").splitlines()[1].split(",")
    assert row[1:5] == ["1", "0.0", "0.0", "2.0"]   # one line received, late against both promises, 2 days


def test_supplier_show_last_prices(parties):
    parties.ok("po", "add", "PO-8", "--supplier", "HX", "--due", "+9", "--ordered", "-20", "--item", "A=1@10.5")
    parties.ok("po", "add", "PO-9", "--supplier", "HX", "--due", "+9", "--ordered", "-2", "--item", "A=1@11",
               "--item", "B=1@3")
    prices = json.loads(parties.ok("supplier", "show", "HX", "-f", "json"))["prices"]
    assert prices == [{"sku": "A", "price": "11.00", "currency": "CNY", "po": "PO-9", "ordered": "2026-11-18",
                       "previous_price": "10.50"},
                      {"sku": "B", "price": "3.00", "currency": "CNY", "po": "PO-9", "ordered": "2026-11-18",
                       "previous_price": None}]
    assert "last prices:" in parties.ok("supplier", "show", "HX")


def test_po_cancel_is_audited(chase_data):
    log = chase_data.ok("log", "PO-6", "-f", "csv")
    assert "po cancel" in log and "moved to PO-2" in log


# -- refusals: one line on stderr, exit 1 (2 for usage), database unchanged ---------------

@pytest.mark.parametrize("args,code,message", [
    (["po", "add", "PO-X", "--supplier", "NOPE", "--due", "+5", "--item", "A=1@1"], 1, "unknown supplier 'NOPE'"),
    (["po", "add", "PO-1", "--supplier", "HX", "--due", "+5", "--item", "A=1@1"], 1, "PO 'PO-1' already exists"),
    (["po", "add", "PO-X", "--supplier", "HX", "--due", "+5", "--item", "A=1"], 2, "bad --item 'A=1'"),
    (["po", "add", "PO-X", "--supplier", "HX", "--due", "+5", "--item", "A=0@1"], 2, "bad quantity"),
    (["po", "add", "PO-X", "--supplier", "HX", "--due", "soon", "--item", "A=1@1"], 2, "bad --due 'soon'"),
    (["po", "add", "PO-X", "--supplier", "HX", "--due", "-5", "--item", "A=1@1"], 1, "before the PO date"),
    (["po", "add", "PO-X", "--supplier", "HX", "--due", "+5", "--item", "A=1@1", "--item", "A=2@1"], 2, "given twice"),
    (["po", "add", "PO-X", "--supplier", "HX", "--due", "+5", "--item", "A=1@1", "--for", "SO-9"], 1, "unknown order 'SO-9'"),
    (["po", "receive", "PO-404", "--item", "A=1"], 1, "unknown PO 'PO-404'"),
    (["po", "receive", "PO-1", "--item", "CH-01=201"], 1, "would exceed the 200 still open"),
    (["po", "receive", "PO-1", "--item", "CH-01"], 2, "bad --item 'CH-01'"),
    (["po", "receive", "PO-1", "--item", "XX=1"], 1, "SKU XX is not on PO-1"),
    (["po", "receive", "PO-1", "--item", "CH-01=5", "--rejected", "CH-01=6"], 1, "rejected 6 is more than the 5"),
    (["po", "receive", "PO-4", "--item", "BOLT=5", "--rejected", "NUT=1"], 2, "--rejected needs a matching --item"),
    (["po", "receive", "PO-6", "--item", "Q=1"], 1, "PO-6 is cancelled"),
    (["po", "receive", "PO-1", "--item", "CH-01=1", "--date", "2026-10-01"], 1, "before PO-1 was placed"),
    (["po", "confirm", "PO-404"], 1, "unknown PO 'PO-404'"),
    (["po", "confirm", "PO-1"], 1, "already confirmed on 2026-11-02"),
    (["po", "confirm", "PO-1", "--promised", "2026-10-01"], 1, "before PO-1 was placed"),
    (["po", "confirm", "PO-1", "--promised", "+3", "--line", "7"], 1, "PO-1 has no line 7"),
    (["po", "confirm", "PO-6"], 1, "PO-6 is cancelled"),
    (["po", "confirm", "PO-5", "--promised", "+3"], 1, "no open lines"),
    (["po", "chase", "PO-404"], 1, "unknown PO 'PO-404'"),
    (["po", "chase", "PO-1", "--via", "telegram"], 2, "bad --via 'telegram'"),
    (["po", "chase", "PO-6"], 1, "PO-6 is cancelled"),
    (["po", "chase", "PO-5"], 1, "no open lines"),
    (["po", "chase", "--via", "phone"], 2, "needs a PO number"),
    (["po", "chase", "PO-1", "--exit-code"], 2, "--exit-code is for the chase list"),
    (["po", "chase", "--supplier", "NOPE"], 1, "unknown supplier 'NOPE'"),
    (["po", "chase", "--message", "--lang", "fr"], 2, "bad --lang 'fr'"),
    (["po", "cancel", "PO-1"], 2, "needs --reason"),
    (["po", "cancel", "PO-6", "--reason", "again"], 1, "already cancelled"),
    (["po", "cancel", "PO-404", "--reason", "x"], 1, "unknown PO 'PO-404'"),
    (["po", "show", "PO-404"], 1, "unknown PO 'PO-404'"),
    (["supplier", "score", "NOPE"], 1, "unknown supplier 'NOPE'"),
    (["po", "list", "--supplier", "NOPE"], 1, "unknown supplier 'NOPE'"),
])
def test_refusals(chase_data, args, code, message):
    chase_data.refused(*args, code=code, message=message)


def test_po_for_a_cancelled_order_refused(chase_data):
    chase_data.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "+30", "--item", "A=1@1")
    chase_data.ok("order", "cancel", "SO-2", "--reason", "withdrawn")
    chase_data.refused("po", "add", "PO-X", "--supplier", "HX", "--due", "+5", "--item", "A=1@1", "--for", "SO-2",
                       message="order SO-2 is cancelled")


def test_receive_ref_is_the_statement_doc(parties):
    parties.ok("po", "add", "PO-R", "--supplier", "HX", "--due", "+5", "--item", "A=10@2", "--ordered", "2026-11-01")
    parties.ok("po", "receive", "PO-R", "--item", "A=10", "--ref", "GRN-77", "--date", "2026-11-10")
    out = parties.ok("reconcile", "supplier", "HX", "--month", "2026-11", "-f", "csv")
    assert "2026-11-10,GRN-77," in out
