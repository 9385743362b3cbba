"""`gendan inspect …` end to end: plans, records, verdicts, switching walks, bad input, what is due."""
import json
from datetime import date
from decimal import Decimal

import pytest


def add_po(db, no, supplier="HX", items=(("CH-01", 3200),), for_order=None, received=None, on="2026-11-10"):
    """A PO (and optionally a receipt) written through the store, as `po add`/`po receive` would."""
    from gendan.core.purchasing import new_po
    from gendan.store import parties, purchasing
    from gendan.store.db import open_store
    store = open_store(db)
    try:
        with store.transaction():
            s = parties.get_supplier(store, supplier)
            po = new_po(no, s, date(2026, 10, 1), date(2026, 11, 10), [(sku, qty, Decimal("5")) for sku, qty in items],
                        for_order=for_order)
            purchasing.insert_po(store, po)
            if received:
                purchasing.receive(store, no, received, {}, date.fromisoformat(on))
    finally:
        store.close()


@pytest.fixture
def g(parties):
    """An order SO-1 (CH-01 × 3,200, TB-02 × 100) and PO-1 for it (CH-01 × 3,200, all received)."""
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-11-25", "--ordered", "2026-10-01",
               "--item", "CH-01=3200@10", "--item", "TB-02=100@40")
    add_po(parties.db, "PO-1", for_order="SO-1", received={"CH-01": 3200})
    return parties


# --- plan ----------------------------------------------------------------------------------------


PLAN_HEAD = "lot,level,aql,severity,code_letter,sample_size,ac,re,inspect_all\n"


@pytest.mark.parametrize("args, row", [
    (("--lot", "3200"), "3200,II,2.5,normal,K,125,7,8,false"),
    (("--lot", "3201"), "3201,II,2.5,normal,L,200,10,11,false"),
    (("--lot", "3200", "--severity", "tightened"), "3200,II,2.5,tightened,K,125,5,6,false"),
    (("--lot", "3200", "--severity", "reduced"), "3200,II,2.5,reduced,K,50,5,6,false"),
    (("--lot", "10", "--aql", "0.65"), "10,II,0.65,normal,B,10,0,1,true"),
    (("--lot", "500", "--aql", "1.0", "--level", "s-3"), "500,S-3,1.0,normal,D,13,0,1,false"),
])
def test_plan_csv(gendan, args, row):
    assert gendan.ok("inspect", "plan", *args, "-f", "csv") == PLAN_HEAD + row + "\n"


def test_plan_json(gendan):
    out = json.loads(gendan.ok("inspect", "plan", "--lot", "3200", "-f", "json"))
    assert out == {"lot": 3200, "level": "II", "aql": "2.5", "severity": "normal", "code_letter": "K",
                   "sample_size": 125, "ac": 7, "re": 8, "inspect_all": False}   # one record: one object


def test_plan_readable_table(gendan):
    out = gendan.ok("inspect", "plan", "--lot", "3200")
    assert "ISO 2859-1:1999 / GB/T 2828.1-2012" in out
    assert "code_letter  K" in out
    assert "inspect 125 pieces; accept if ≤7 major defects, reject if ≥8" in out


def test_plan_readable_table_shows_the_arrow(gendan):
    out = gendan.ok("inspect", "plan", "--lot", "50")
    assert "plan_letter  C (the table's arrow leads from D to the plan of C)" in out
    assert "accept only if no major defect is found, reject at 1" in out


@pytest.mark.parametrize("args, code, message", [
    (("--lot", "0"), 2, "lot size 0 is too small"),
    (("--lot", "-5"), 2, "lot size -5 is too small"),
    (("--lot", "many"), 2, "'many' is not a valid integer"),
    (("--lot", "100", "--aql", "3"), 2, "AQL '3' is not a column of ISO 2859-1"),
    (("--lot", "100", "--level", "IV"), 2, "inspection level 'IV' is unknown"),
    (("--lot", "100", "--severity", "strict"), 2, "inspection severity 'strict' is unknown"),
    (("--lot", "100", "--supplier", "HX"), 2, "--supplier needs --sku"),
    (("--lot", "100", "--sku", "A"), 2, "--sku goes with --supplier S or --order O"),
    (("--lot", "100", "--supplier", "HX", "--order", "SO-1", "--sku", "A"), 2, "not both"),
    (("--lot", "100", "--supplier", "NOPE", "--sku", "A"), 1, "unknown supplier 'NOPE'"),
    (("--lot", "100", "--order", "NOPE", "--sku", "A"), 1, "unknown order 'NOPE'"),
])
def test_plan_bad_input(parties, args, code, message):
    parties.refused("inspect", "plan", *args, code=code, message=message)


# --- log: verdicts -------------------------------------------------------------------------------


LOG_HEAD = ("id,date,ref,stage,sku,lot,severity,code_letter,sample_size,ac,re,minor_ac,minor_re,critical,major,"
            "minor,result,waived,switch,minor_sample_size\n")


def test_final_verdicts(g):
    out = g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "7", "--minor", "10",
               "-f", "csv")
    assert out == LOG_HEAD + "1,2026-11-20,SO-1,final,CH-01,3200,normal,K,125,7,8,10,11,0,7,10,pass,false,,125\n"
    r = g("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "8", "-f", "csv")
    assert r.exit_code == 0
    assert r.stdout.endswith(",0,8,0,fail,false,,125\n")
    assert r.stderr == ("#2 SO-1 final CH-01: lot 3,200, normal inspection, K n=125 major Ac 7/Re 8 minor Ac 10/Re 11: "
                        "fail (8 major ≥ Re 8 at AQL 2.5)\n")


def test_critical_zero_tolerance_and_minor_at_its_own_aql(g):
    out = g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--critical", "1", "-f", "csv")
    assert out.endswith(",1,0,0,fail,false,,125\n")
    out = g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--minor", "6", "--minor-aql", "1.5",
               "-f", "csv")   # K at 1.5 is 5/6
    assert ",125,7,8,5,6,0,0,6,fail,false,normal → tightened (2 of the last 2 lots not accepted),125\n" in out


def test_final_lot_defaults_to_the_order_line(g):
    out = g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "TB-02", "-f", "csv")
    # 100 pieces → F (n=20); 2.5 is 1/2 on 20
    assert out == LOG_HEAD + "1,2026-11-20,SO-1,final,TB-02,100,normal,F,20,1,2,2,3,0,0,0,pass,false,,20\n"


def test_incoming_lot_defaults_to_what_is_received_and_not_inspected(g):
    out = g.ok("inspect", "log", "PO-1", "--stage", "incoming", "-f", "csv")
    assert out.startswith(LOG_HEAD + "1,2026-11-20,PO-1,incoming,CH-01,3200,normal,K,125,7,8,")


def test_nothing_received_needs_a_lot(g):
    add_po(g.db, "PO-2")
    g.refused("inspect", "log", "PO-2", "--stage", "incoming", message="nothing of CH-01 received on PO-2 is left uninspected")
    g.ok("inspect", "log", "PO-2", "--stage", "incoming", "--lot", "500")


def test_log_is_quiet_on_stdout_without_format(g):
    r = g("inspect", "log", "SO-1", "--stage", "pps", "--result", "pass")
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == ""
    r = g("inspect", "log", "SO-1", "--stage", "inline", "--result", "fail", "--note", "loose legs")
    assert r.exit_code == 0 and r.stdout == "" and r.stderr == "#2 SO-1 inline: fail\n"
    r = g("inspect", "log", "SO-1", "--stage", "final", "--sku", "TB-02", "--major", "2", "--minor", "1",
          "-f", "tsv")
    assert r.stdout.splitlines()[1].split("\t")[-4:] == ["fail", "false", "", "20"]


def test_plain_stages_take_the_inspectors_result(g):
    g.ok("inspect", "log", "SO-1", "--stage", "pps", "--result", "pass", "--inspector", "Li", "--note", "colour OK")
    g.ok("inspect", "log", "SO-1", "--stage", "first-article", "--sku", "CH-01", "--result", "fail")
    g.ok("inspect", "log", "SO-1", "--stage", "inline", "--result", "pass", "--packed", "45", "--date", "2026-11-18")
    out = g.ok("inspect", "list", "SO-1", "-f", "csv")
    assert out.splitlines() == [
        "id,date,ref,ref_kind,stage,sku,lot,level,aql,minor_aql,severity,code_letter,sample_size,ac,re,minor_ac,"
        "minor_re,critical,major,minor,result,waived,reason,packed_pct,inspector,note,void,minor_sample_size",
        "3,2026-11-18,SO-1,order,inline,,,,,,,,,,,,,0,0,0,pass,false,,45,,,false,",
        "1,2026-11-20,SO-1,order,pps,,,,,,,,,,,,,0,0,0,pass,false,,,Li,colour OK,false,",
        "2,2026-11-20,SO-1,order,first-article,CH-01,,,,,,,,,,,,0,0,0,fail,false,,,,,false,",
    ]


@pytest.mark.parametrize("args, code, message", [
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--lot", "0"), 2, "lot size 0 is too small"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--lot", "-3"), 2, "lot size -3 is too small"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--aql", "2.7"), 2, "AQL '2.7' is not a column"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--level", "V"), 2, "inspection level 'V' is unknown"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--major", "126"), 2, "--major 126 is more than the 125 pieces"),
    (("SO-1", "--stage", "final", "--sku", "TB-02", "--minor", "21"), 2, "--minor 21 is more than the 20 pieces"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--critical", "-1"), 2, "--critical -1 is negative"),
    (("SO-1", "--stage", "final"), 2, "SO-1 has several SKUs (CH-01, TB-02): give --sku"),
    (("SO-1", "--stage", "final", "--sku", "XX"), 1, "SKU XX is not on SO-1"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--result", "pass"), 2, "drop --result"),
    (("SO-1", "--stage", "pps"), 2, "needs --result pass or fail"),
    (("SO-1", "--stage", "packing", "--result", "pass"), 2, "unknown stage 'packing'"),
    (("NOPE", "--stage", "final"), 1, "unknown order 'NOPE'"),
    (("NOPE", "--stage", "incoming"), 1, "unknown PO 'NOPE'"),
    (("SO-1", "--stage", "incoming"), 1, "SO-1 is a customer order; incoming inspection is recorded on a PO "
                                         "(give the PO number; its POs: PO-1)"),
    (("PO-1", "--stage", "final"), 1, "PO-1 is a PO; final inspection is recorded on a customer order "
                                      "(give the order number; PO-1 is for order SO-1, or use --stage incoming)"),
    (("PO-1", "--stage", "pps", "--result", "pass"), 1, "PO-1 is a PO; pps inspection"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--date", "2026-11-21"), 1, "is after today"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--date", "someday"), 2, "bad --date 'someday'"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--waive"), 2, "needs --reason"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--major", "1", "--waive", "--reason", "x"), 1,
     "only a rejected lot can be waived"),
    (("SO-1", "--stage", "inline", "--result", "pass", "--packed", "120"), 2, "bad --packed '120'"),
    (("SO-1", "--stage", "pps", "--result", "pass", "--packed", "50"), 2, "--packed is recorded with an inline"),
    (("SO-1", "--stage", "final", "--sku", "CH-01", "--resume", "--reason", "fixed"), 1, "is not discontinued"),
])
def test_log_bad_input_writes_nothing(g, args, code, message):
    g.refused("inspect", "log", *args, code=code, message=message)


def test_cancelled_order_refused(g):
    g.ok("order", "add", "SO-9", "--customer", "ACME", "--due", "+30", "--item", "A=10@1")
    g.ok("order", "cancel", "SO-9", "--reason", "buyer withdrew")
    g.refused("inspect", "log", "SO-9", "--stage", "final", message="order SO-9 is cancelled")


# --- waivers (让步接受) ----------------------------------------------------------------------------


def test_waive_the_latest_rejected_lot_audited(g):
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "9")
    r = g("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--waive", "--reason", "buyer accepted, 3% discount",
          "-f", "csv")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.endswith(",0,9,0,fail,true,,125\n")
    assert r.stderr == ("#1 SO-1 final CH-01 of 2026-11-20: rejected lot accepted by concession (让步接受): "
                        "buyer accepted, 3% discount\n")
    events = json.loads(g.ok("order", "show", "SO-1", "-f", "json"))["events"]
    last = events[-1]
    assert last["entity"] == "inspection" and last["reason"] == "buyer accepted, 3% discount"
    assert json.loads(last["before"])["waived"] is False and json.loads(last["after"])["waived"] is True
    g.refused("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--waive", "--reason", "again",
              message="already waived")


def test_waive_when_the_latest_lot_passed_is_refused(g):
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "9")
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "1")
    g.refused("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--waive", "--reason", "x",
              message="no rejected lot to waive: the latest final inspection of SO-1 / CH-01 passed")


def test_log_and_waive_in_one_command(g):
    out = g.ok("inspect", "log", "PO-1", "--stage", "incoming", "--major", "10", "--waive", "--reason",
               "line stop otherwise; supplier reworks at their cost", "-f", "csv")
    assert out.endswith(",0,10,0,fail,true,,125\n")


# --- switching rules walked through the CLI -----------------------------------------------------------


def incoming(g, major, on="2026-11-20", po="PO-1", expect_switch=None):
    r = g("inspect", "log", po, "--stage", "incoming", "--lot", "3200", "--major", str(major), "--date", on,
          "-f", "json")
    assert r.exit_code == 0, r.stderr
    row = json.loads(r.stdout)[0]
    assert row["switch"] == (expect_switch or ""), row
    return row


def plan_severity(g, supplier="HX", sku="CH-01"):
    out = g.ok("inspect", "plan", "--lot", "3200", "--supplier", supplier, "--sku", sku, "-f", "csv")
    return out.splitlines()[1].split(",")[3]


def test_switching_normal_tightened_normal(g):
    add_po(g.db, "PO-2", received={"CH-01": 3200})       # the scope is supplier + SKU, across POs
    assert incoming(g, 8)["severity"] == "normal"
    incoming(g, 0, po="PO-2")
    incoming(g, 8, expect_switch="normal → tightened (2 of the last 3 lots not accepted)")
    assert plan_severity(g) == "tightened"
    out = g.ok("inspect", "plan", "--lot", "3200", "--supplier", "HX", "--sku", "CH-01")
    assert "tightened (switching history of supplier HX / CH-01; 0 of 5 lots not accepted before inspection stops)" in out
    for _ in range(4):
        row = incoming(g, 5)
        assert (row["severity"], row["ac"], row["re"]) == ("tightened", 5, 6)   # Table II-B, K at 2.5
    incoming(g, 5, expect_switch="tightened → normal (5 consecutive lots accepted)")
    assert plan_severity(g) == "normal"
    assert plan_severity(g, "MF") == "normal"            # another supplier is not affected


def test_switching_discontinue_and_resume(g):
    incoming(g, 8)
    incoming(g, 8, expect_switch="normal → tightened (2 of the last 2 lots not accepted)")
    for _ in range(4):
        incoming(g, 6)                                   # 6 ≥ Re 6 on tightened
    incoming(g, 6, expect_switch="tightened → discontinued (5 lots not accepted on tightened inspection)")
    g.refused("inspect", "plan", "--lot", "3200", "--supplier", "HX", "--sku", "CH-01",
              message="acceptance inspection is discontinued")
    g.refused("inspect", "log", "PO-1", "--stage", "incoming", "--lot", "3200", message="discontinued")
    g.refused("inspect", "log", "PO-1", "--stage", "incoming", "--resume", code=2, message="--resume needs --reason")
    r = g("inspect", "log", "PO-1", "--stage", "incoming", "--resume", "--reason", "8D report received, new jig")
    assert r.exit_code == 0 and r.stdout == ""
    assert "supplier HX / CH-01: discontinued → tightened (resumed)" in r.stderr
    assert plan_severity(g) == "tightened"
    assert incoming(g, 0)["severity"] == "tightened"


def test_resume_with_a_lot_in_one_command(g):
    incoming(g, 8)
    incoming(g, 8, expect_switch="normal → tightened (2 of the last 2 lots not accepted)")
    for _ in range(4):
        incoming(g, 6)
    incoming(g, 6, expect_switch="tightened → discontinued (5 lots not accepted on tightened inspection)")
    out = g.ok("inspect", "log", "PO-1", "--stage", "incoming", "--lot", "3200", "--major", "2", "--resume",
               "--reason", "supplier replaced the mould", "-f", "csv")
    assert ",tightened,K,125,5,6," in out and ",pass,false," in out


def test_switching_normal_to_reduced_by_score_and_back(g):
    for _ in range(9):
        incoming(g, 5)                                   # K at 1.5 is 5/6: +3 each
    incoming(g, 5, expect_switch="normal → reduced (switching score 30 reached 30; steady production and "
                                 "approval assumed)")
    out = g.ok("inspect", "plan", "--lot", "3200", "--supplier", "HX", "--sku", "CH-01", "-f", "csv")
    assert out == PLAN_HEAD + "3200,II,2.5,reduced,K,50,5,6,false\n"
    assert incoming(g, 3)["sample_size"] == 50
    incoming(g, 6, expect_switch="reduced → normal (a lot was not accepted)")


def test_final_switching_is_per_order_and_sku(g):
    g.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "+30", "--item", "CH-01=3200@10")
    for _ in range(2):
        g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "8")
    out = g.ok("inspect", "plan", "--lot", "3200", "--order", "SO-1", "--sku", "CH-01", "-f", "csv")
    assert out.splitlines()[1] == "3200,II,2.5,tightened,K,125,5,6,false"
    assert g.ok("inspect", "plan", "--lot", "3200", "--order", "SO-1", "--sku", "TB-02", "-f", "csv") \
        .splitlines()[1].split(",")[3] == "normal"
    assert g.ok("inspect", "plan", "--lot", "3200", "--order", "SO-2", "--sku", "CH-01", "-f", "csv") \
        .splitlines()[1].split(",")[3] == "normal"
    assert plan_severity(g) == "normal"                  # incoming history is separate


def test_a_waived_lot_still_counts_as_not_accepted(g):
    incoming(g, 8)
    g.ok("inspect", "log", "PO-1", "--stage", "incoming", "--waive", "--reason", "urgent")
    incoming(g, 9, expect_switch="normal → tightened (2 of the last 2 lots not accepted)")


def test_lots_must_be_logged_in_date_order(g):
    incoming(g, 0, on="2026-11-18")
    g.refused("inspect", "log", "PO-1", "--stage", "incoming", "--lot", "3200", "--date", "2026-11-17",
              message="supplier HX / CH-01 already has a lot inspected on 2026-11-18")
    incoming(g, 0, on="2026-11-18")


# --- list, order show ------------------------------------------------------------------------------------


def test_list_unknown_ref_and_empty(g):
    g.refused("inspect", "list", "NOPE", message="unknown order or PO 'NOPE'")
    r = g("inspect", "list")
    assert r.exit_code == 0 and r.stdout == "" and "no inspections recorded" in r.stderr
    assert g.ok("inspect", "list", "-f", "json") == "[]\n"


def test_list_all_and_by_stage(g):
    g.ok("inspect", "log", "PO-1", "--stage", "incoming")
    g.ok("inspect", "log", "SO-1", "--stage", "pps", "--result", "pass")
    out = g.ok("inspect", "list", "--stage", "incoming", "-f", "jsonl")
    assert [json.loads(line)["ref"] for line in out.splitlines()] == ["PO-1"]
    assert len(g.ok("inspect", "list", "-f", "jsonl").splitlines()) == 2


def test_order_show_lists_inspections(g):
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "2", "--inspector", "Li")
    shown = json.loads(g.ok("order", "show", "SO-1", "-f", "json"))["inspections"]
    assert [(i["stage"], i["sku"], i["code_letter"], i["sample_size"], i["major"], i["result"], i["inspector"])
            for i in shown] == [("final", "CH-01", "K", 125, 2, "pass", "Li")]


# --- inspect due (today 2026-11-20; SO-1 due 2026-11-25) ------------------------------------------------


DUE_HEAD = "ref,stage,sku,due,days_left,reason,detail\n"


def test_incoming_is_owed_from_the_earliest_delivery_not_inspected(g):
    """A second delivery moved the uninspected first one's due date to its own (new-user try-out)."""
    add_po(g.db, "PO-9", items=(("CH-01", 500),))
    g.ok("po", "receive", "PO-9", "--item", "CH-01=100", "--date", "2026-11-12")
    before = [r for r in g.ok("inspect", "due", "-f", "csv").splitlines() if r.startswith("PO-9,incoming")]
    g.ok("po", "receive", "PO-9", "--item", "CH-01=100", "--date", "2026-11-19")
    after = [r for r in g.ok("inspect", "due", "-f", "csv").splitlines() if r.startswith("PO-9,incoming")]
    assert [r.split(",")[3] for r in before + after] == ["2026-11-12", "2026-11-12"]


def test_due_rules(g):
    g.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "2027-01-29", "--item", "SF-10=800@100")
    g.ok("order", "add", "SO-3", "--customer", "ACME", "--due", "2027-02-26", "--item", "BK-3=40@90")
    g.ok("order", "plan", "SO-3", "--start", "2026-12-01", "--finish", "2027-01-20")
    # SO-1 has POs but no production plan or report: not in production yet, so no PPS or first
    # article is owed; SO-3's are due by its plan's start (issue 17)
    assert g.ok("inspect", "due", "-f", "csv") == DUE_HEAD + (
        "PO-1,incoming,CH-01,2026-11-10,-10,incoming-missing,\"3,200 received from HX, not inspected\"\n"
        "SO-1,final,CH-01,2026-11-25,5,final-due,no passed final inspection; no packing reported; order due in 5 days\n"
        "SO-1,final,TB-02,2026-11-25,5,final-due,no passed final inspection; no packing reported; order due in 5 days\n"
        "SO-3,pps,BK-3,2026-12-01,11,pps-not-approved,pps not approved and production starts 2026-12-01\n"
        "SO-3,first-article,BK-3,2026-12-01,11,first-article-not-approved,first-article not approved and production starts 2026-12-01\n"
        "SO-3,inline,,2027-02-26,98,inline-short,0 of 2 inline reports for 40 pieces\n")
    # SO-2 is neither in production nor due within the window: nothing yet.
    g.ok("inspect", "log", "PO-1", "--stage", "incoming")
    g.ok("inspect", "log", "SO-1", "--stage", "pps", "--result", "pass")
    g.ok("inspect", "log", "SO-1", "--stage", "first-article", "--result", "fail", "--waive", "--reason", "buyer OK")
    for _ in range(6):
        g.ok("inspect", "log", "SO-1", "--stage", "inline", "--result", "pass")
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01")
    assert g.ok("inspect", "due", "-f", "csv", "--window", "3") == DUE_HEAD + (
        "SO-3,pps,BK-3,2026-12-01,11,pps-not-approved,pps not approved and production starts 2026-12-01\n"
        "SO-3,first-article,BK-3,2026-12-01,11,first-article-not-approved,first-article not approved and production starts 2026-12-01\n"
        "SO-3,inline,,2027-02-26,98,inline-short,0 of 2 inline reports for 40 pieces\n")
    out = g.ok("inspect", "due", "-f", "csv")
    assert "SO-1,final,TB-02,2026-11-25,5,final-due" in out and "SO-1,final,CH-01" not in out


def test_final_due_at_80_percent_packed(g):
    g.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "2027-01-29", "--item", "SF-10=800@100")
    g.ok("order", "plan", "SO-2", "--start", "2026-11-02", "--finish", "2026-12-19")
    g.ok("progress", "SO-2", "--produced", "700", "--packed", "630", "--date", "2026-11-19")
    assert "SO-2,final" not in g.ok("inspect", "due", "-f", "csv")                       # 78.75%
    g.ok("progress", "SO-2", "--produced", "700", "--packed", "640", "--date", "2026-11-20")
    # packed goods wait for the inspector today, not at the order's due date (issue 17)
    assert ("SO-2,final,SF-10,2026-11-20,0,final-packed,no passed final inspection; 80% packed; order due in 70 days"
            in g.ok("inspect", "due", "-f", "csv"))
    g.ok("inspect", "log", "SO-2", "--stage", "final")
    assert "SO-2,final" not in g.ok("inspect", "due", "-f", "csv")


def test_final_due_from_inline_packed(g):
    g.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "2027-01-29", "--item", "SF-10=800@100")
    g.ok("inspect", "log", "SO-2", "--stage", "inline", "--result", "pass", "--packed", "85")
    assert "SO-2,final,SF-10,2026-11-20,0,final-packed,no passed final inspection; 85% packed" in \
        g.ok("inspect", "due", "-f", "csv")


def test_due_nothing(gendan):
    r = gendan("inspect", "due")
    assert r.exit_code == 0 and r.stdout == "" and "no inspections due" in r.stderr


def test_demo_has_inspections_at_every_stage(tmp_path):
    from gendan.cli import demo
    from gendan.store import inspection
    from gendan.store.db import open_store
    path = tmp_path / "demo.db"
    demo.build(str(path), date(2026, 11, 20))
    rows = inspection.list_rows(open_store(path), date(2026, 11, 20))
    assert {r["stage"] for r in rows} >= {"pps", "first-article", "inline", "final"}
    assert any(r["stage"] == "final" and r["result"] == "fail" and not r["waived"] for r in rows)
    assert any(r["waived"] for r in rows)
    finals = {(r["ref"], r["sku"]) for r in rows if r["stage"] == "final" and r["result"] == "pass"}
    assert {("SO-2401", "CH-01"), ("SO-2401", "TB-02"), ("SO-2403", "CH-01")} <= finals


def test_final_uncleared_for_the_shipping_gate(g):
    from gendan.store import inspection
    from gendan.store.db import open_store
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "8")
    store = open_store(g.db)
    assert inspection.final_uncleared(store, "SO-1") == ["CH-01", "TB-02"]
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--waive", "--reason", "buyer OK")
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--sku", "TB-02")
    assert inspection.final_uncleared(store, "SO-1") == []
    g.ok("inspect", "log", "PO-1", "--stage", "incoming", "--major", "1")
    # what `po show` lists
    assert [(r["stage"], r["major"], r["result"]) for r in inspection.ref_rows(store, "po", "PO-1", date(2026, 11, 20))] == [
        ("incoming", 1, "pass")]


def test_incoming_missing_looks_back_30_days(g):
    add_po(g.db, "PO-OLD", received={"CH-01": 100}, on="2026-10-20")      # 31 days ago
    add_po(g.db, "PO-NEW", received={"CH-01": 100}, on="2026-10-21")      # 30 days ago
    refs = [line.split(",")[0] for line in g.ok("inspect", "due", "-f", "csv").splitlines() if ",incoming," in line]
    assert refs == ["PO-NEW", "PO-1"]                                    # earliest receipt first


def test_due_queries_read_from_indexes(g):
    from gendan.store.db import open_store
    store = open_store(g.db)
    plans = []
    real = store.query

    def spy(sql, params=()):
        if sql.lstrip().upper().startswith("SELECT"):
            plans.append(" ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params)))
        return real(sql, params)
    store.query = spy
    from gendan.store import inspection
    inspection.due_rows(store, date(2026, 11, 20), 7)
    assert plans and all("SCAN r " not in p and "SCAN i" not in p for p in plans), plans
    assert any("orders_open_by_due" in p for p in plans)
    assert any("receipts_by_date" in p for p in plans)


def test_due_rows_have_the_due_lists_columns_in_order():
    """A due row is the DueItem as a dict, so the NamedTuple's fields are `inspect due`'s columns."""
    from gendan.cli.inspect import DUE_FIELDS
    from gendan.core.inspection.due import DueItem
    assert list(DueItem._fields) == DUE_FIELDS
