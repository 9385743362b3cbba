"""`gendan sample …` end to end: the lifecycle, the working-day feedback clock, the pps link to
`inspect due`, the morning report's samples_due, the chase message and the sealed register.
Today is Friday 2026-11-20; Sunday 11-22 is not a working day."""
import json

import pytest


@pytest.fixture
def desk(parties):
    """ACME's order SO-1 (CH-01, TB-02) with a PO for it at HX and a production plan: the order
    is in production (a PO alone does not start it, issue 17)."""
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-20", "--item", "CH-01=500@12.5",
               "--item", "TB-02=20@45", "--ordered", "2026-11-01")
    parties.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-12-05", "--item", "CH-01=500@8",
               "--for", "SO-1", "--ordered", "2026-11-02")
    parties.ok("order", "plan", "SO-1", "--start", "2026-11-09", "--finish", "2026-12-05", today="2026-11-02")
    return parties


def test_a_sample_from_request_to_seal(desk):
    g = desk
    assert g.ok("sample", "add", "S-1", "--order", "SO-1", "--sku", "CH-01", "--kind", "pps", "--supplier", "HX",
                "--due", "2026-11-18", "--date", "2026-11-10") == \
        "S-1 requested: pps CH-01 ×1 for ACME SO-1 from HX, due 2026-11-18\n"
    assert g.ok("sample", "receive", "S-1", "--date", "2026-11-18") == \
        "S-1 received 2026-11-18: pps CH-01 for ACME, to send by 2026-11-20\n"
    assert g.ok("sample", "send", "S-1", "--courier", "DHL", "--awb", "1234567890", "--date", "2026-11-19") == \
        "S-1 sent 2026-11-19 to ACME by DHL 1234567890: feedback due 2026-11-23\n"
    assert g.ok("sample", "list", "-f", "csv") == (
        "sample,customer,order,sku,kind,supplier,qty,due,received,sent,courier,awb,feedback_due,status,days_late,"
        "sealed,location\n"
        "S-1,ACME,SO-1,CH-01,pps,HX,1,2026-11-18,2026-11-18,2026-11-19,DHL,1234567890,2026-11-23,sent,-3,false,\n")
    assert g.ok("sample", "feedback", "S-1", "--approved", "--note", "colour and finish OK") == \
        "S-1 approved 2026-11-20 by ACME: colour and finish OK (SO-1 pps stage approved for CH-01)\n"
    assert g.ok("sample", "seal", "S-1", "--location", "QC room shelf 2") == "S-1 sealed: CH-01 kept at QC room shelf 2\n"
    assert g.ok("sample", "seal", "S-1", "--location", "showroom", "--date", "2026-11-21", today="2026-11-21") == \
        "S-1 sealed: CH-01 kept at showroom (moved from QC room shelf 2)\n"
    assert g.ok("sample", "list") == ""       # nothing awaits anything
    assert g.ok("sample", "list", "--sealed", "-f", "csv", today="2026-11-21").splitlines()[1] == \
        "S-1,ACME,SO-1,CH-01,pps,HX,1,2026-11-18,2026-11-18,2026-11-19,DHL,1234567890,2026-11-23,approved,,true,showroom"
    assert g.ok("sample", "list", "--sealed", today="2026-11-21").splitlines() == [
        "sample    sku    order    customer    kind    sealed    location    status",
        "--------  -----  -------  ----------  ------  --------  ----------  --------",
        "S-1       CH-01  SO-1     ACME        pps     true      showroom    approved"]
    assert g.ok("sample", "list", "--sealed", today="2026-11-19") == ""      # not sealed yet that day
    shown = json.loads(g.ok("sample", "show", "S-1", "-f", "json", today="2026-11-21"))
    assert (shown["status"], shown["comments"], shown["sealed_on"], shown["location"]) == \
        ("approved", "colour and finish OK", "2026-11-20", "showroom")
    assert [e["command"] for e in shown["events"]] == ["sample add", "sample receive", "sample send",
                                                       "sample feedback", "sample seal", "sample seal"]
    assert json.loads(shown["events"][-1]["before"]) == {"location": "QC room shelf 2"}


def test_refusals_change_nothing(desk):
    g = desk
    g.ok("sample", "add", "S-1", "--customer", "ACME", "--sku", "CH-01", "--kind", "salesman")
    g.refused("sample", "add", "S-1", "--customer", "ACME", "--sku", "CH-01", "--kind", "pps", message="already exists")
    g.refused("sample", "add", "S-2", "--customer", "NORD", "--order", "SO-1", "--sku", "CH-01", "--kind", "pps",
              message="order SO-1 is ACME's, not NORD's")
    g.refused("sample", "add", "S-2", "--order", "SO-1", "--sku", "SF-9", "--kind", "pps",
              message="order SO-1 has no line for SF-9 (its SKUs: CH-01, TB-02")
    g.refused("sample", "add", "S-2", "--customer", "ZZZ", "--sku", "CH-01", "--kind", "pps", message="unknown customer")
    g.refused("sample", "add", "S-2", "--customer", "ACME", "--sku", "CH-01", "--kind", "pps", "--supplier", "ZZ",
              message="unknown supplier 'ZZ'")
    g.refused("sample", "add", "S-2", "--customer", "ACME", "--sku", "CH-01", "--kind", "golden", code=2,
              message="use one of proto, pps, salesman, shipping, other")
    g.refused("sample", "add", "S-2", "--customer", "ACME", "--sku", "CH-01", "--kind", "pps", "--due", "-1", code=2,
              message="before the request date")
    g.refused("sample", "add", "S-2", "--sku", "CH-01", "--kind", "pps", message="needs --customer")
    g.refused("sample", "feedback", "S-1", "--approved", "--note", "ok", message="not sent")
    g.refused("sample", "feedback", "S-1", "--approved", "--rejected", "--note", "ok", code=2)
    g.refused("sample", "seal", "S-1", "--location", "shelf", message="not approved")
    g.refused("sample", "receive", "S-1", "--date", "2026-11-19", message="before sample S-1 was requested")
    g.refused("sample", "send", "S-1", "--courier", "DHL", "--awb", " ", code=2, message="--awb is empty")
    g.refused("sample", "receive", "S-9", message="unknown sample 'S-9'")
    g.ok("sample", "send", "S-1", "--courier", "DHL", "--awb", "1")
    g.refused("sample", "receive", "S-1", message="is sent already")
    g.ok("sample", "feedback", "S-1", "--rejected", "--note", "too dark")
    g.refused("sample", "feedback", "S-1", "--approved", "--note", "ok now", message="add a new sample")
    g.refused("sample", "list", "--customer", "ZZZ", message="unknown customer")


def test_feedback_falls_due_three_working_days_after_sending_sundays_off(desk):
    g = desk
    g.ok("sample", "add", "S-1", "--customer", "ACME", "--sku", "CH-01", "--kind", "shipping", "--date", "2026-11-16")
    g.ok("sample", "send", "S-1", "--courier", "SF", "--awb", "SF1", "--date", "2026-11-19")      # Thursday
    row = json.loads(g.ok("sample", "list", "-f", "json"))[0]
    assert (row["feedback_due"], row["days_late"]) == ("2026-11-23", -3)    # Fri, Sat, Mon
    g.ok("settings", "sample_feedback_days", "5")
    row = json.loads(g.ok("sample", "list", "-f", "json"))[0]
    assert row["feedback_due"] == "2026-11-25"


def test_an_approved_pps_sample_approves_the_orders_pps_stage(desk):
    g = desk

    def pps_rows():
        return [r for r in json.loads(g.ok("inspect", "due", "-f", "json")) if r["stage"] == "pps"]

    assert [(r["ref"], r["sku"]) for r in pps_rows()] == [("SO-1", "CH-01"), ("SO-1", "TB-02")]
    g.ok("sample", "add", "S-1", "--order", "SO-1", "--sku", "CH-01", "--kind", "pps", "--date", "2026-11-10")
    g.ok("sample", "send", "S-1", "--courier", "DHL", "--awb", "1", "--date", "2026-11-12")
    g.ok("sample", "feedback", "S-1", "--rejected", "--note", "seam puckering", "--date", "2026-11-16")
    rejected = pps_rows()
    assert [(r["sku"], r["reason"]) for r in rejected] == [("CH-01", "pps-rejected"), ("TB-02", "pps-not-approved")]
    assert rejected[0]["detail"] == "pps sample S-1 rejected by the customer 2026-11-16: seam puckering"
    g.ok("sample", "add", "S-2", "--order", "SO-1", "--sku", "CH-01", "--kind", "pps", "--date", "2026-11-17")
    g.ok("sample", "send", "S-2", "--courier", "DHL", "--awb", "2", "--date", "2026-11-17")
    g.ok("sample", "feedback", "S-2", "--approved", "--note", "OK")
    assert [r["sku"] for r in pps_rows()] == ["TB-02"]
    # As of the day before the approval, the rejection still stands.
    assert [r["reason"] for r in json.loads(g.ok("inspect", "due", "-f", "json", today="2026-11-19"))
            if r["stage"] == "pps"] == ["pps-rejected", "pps-not-approved"]
    # A shipping sample's verdict does not touch the pps stage.
    g.ok("sample", "add", "S-3", "--order", "SO-1", "--sku", "TB-02", "--kind", "shipping")
    g.ok("sample", "send", "S-3", "--courier", "DHL", "--awb", "3")
    g.ok("sample", "feedback", "S-3", "--approved", "--note", "OK")
    assert [r["sku"] for r in pps_rows()] == ["TB-02"]


def test_the_morning_report_lists_samples_due(desk):
    g = desk
    g.ok("sample", "add", "S-1", "--order", "SO-1", "--sku", "CH-01", "--kind", "pps", "--supplier", "HX",
         "--due", "2026-11-17", "--date", "2026-11-10")                                    # factory 3 days late
    g.ok("sample", "add", "S-2", "--customer", "ACME", "--sku", "TB-02", "--kind", "salesman", "--date", "2026-11-10")
    g.ok("sample", "receive", "S-2", "--date", "2026-11-17")                                # waiting since Tuesday
    g.ok("sample", "add", "S-3", "--order", "SO-1", "--sku", "TB-02", "--kind", "shipping", "--date", "2026-11-10")
    g.ok("sample", "send", "S-3", "--courier", "SF", "--awb", "SF9", "--date", "2026-11-12")  # feedback due Mon 16
    g.ok("sample", "add", "S-4", "--customer", "ACME", "--sku", "TB-02", "--kind", "proto", "--due", "2026-11-20")
    report = json.loads(g.ok("today", "-f", "json"))
    assert report["samples_due"] == [
        {"sample": "S-3", "kind": "shipping", "sku": "TB-02", "customer": "ACME", "order": "SO-1", "supplier": None,
         "expected": "2026-11-16", "days_late": 4, "reason": "feedback-overdue",
         "detail": "sent 2026-11-12 by SF SF9, feedback due 2026-11-16: chase ACME"},
        {"sample": "S-1", "kind": "pps", "sku": "CH-01", "customer": "ACME", "order": "SO-1", "supplier": "HX",
         "expected": "2026-11-17", "days_late": 3, "reason": "factory-late", "detail": "due 2026-11-17 from HX"},
        {"sample": "S-2", "kind": "salesman", "sku": "TB-02", "customer": "ACME", "order": None, "supplier": None,
         "expected": "2026-11-19", "days_late": 1, "reason": "not-sent", "detail": "received 2026-11-17, not sent to ACME"},
    ]
    text = g.ok("today")
    assert "Samples due: 3 (3 late; feedback-overdue 1, factory-late 1, not-sent 1)" in text
    assert g("today", "--exit-code").exit_code == 1
    # As of the day the samples were asked for, nothing was late yet.
    assert "samples_due" not in json.loads(g.ok("today", "-f", "json", today="2026-11-10"))


def test_a_suppliers_chase_message_names_its_late_samples(desk):
    g = desk
    g.ok("sample", "add", "S-1", "--order", "SO-1", "--sku", "CH-01", "--kind", "pps", "--supplier", "MF",
         "--due", "2026-11-18", "--date", "2026-11-10")
    text = g.ok("po", "chase", "--message", "--supplier", "MF")
    assert text == ("== MF 明发五金厂 (139 2288 7766) ==\n明发五金厂您好：\n以下样品已过交样日期：\n"
                    "- 样品 S-1 CH-01（产前样）：要求 2026-11-18 交样，已逾期 2 天\n请逐项回复确切交货日期，谢谢！\n")
    assert "S-1" not in g.ok("po", "chase", "--message", "--supplier", "HX")
    g.ok("sample", "receive", "S-1")
    assert g("po", "chase", "--message", "--supplier", "MF").stdout == ""


def test_the_final_inspection_names_the_sealed_sample(desk):
    g = desk
    g.ok("sample", "add", "S-1", "--order", "SO-1", "--sku", "CH-01", "--kind", "pps", "--date", "2026-11-10")
    g.ok("sample", "send", "S-1", "--courier", "DHL", "--awb", "1", "--date", "2026-11-11")
    g.ok("sample", "feedback", "S-1", "--approved", "--note", "OK", "--date", "2026-11-13")
    g.ok("sample", "seal", "S-1", "--location", "QC room shelf 2")
    result = g("inspect", "log", "SO-1", "--stage", "final", "--sku", "CH-01", "--major", "0")
    assert result.exit_code == 0, result.stderr
    assert "compare with sealed sample S-1 (CH-01) kept at QC room shelf 2" in result.stderr
    result = g("inspect", "log", "SO-1", "--stage", "final", "--sku", "TB-02", "--major", "0")
    assert "sealed" not in result.stderr


def test_export_and_import_samples(desk, tmp_path):
    g = desk
    g.ok("sample", "add", "S-1", "--order", "SO-1", "--sku", "CH-01", "--kind", "pps", "--supplier", "HX",
         "--due", "2026-11-25")
    exported = g.ok("export", "samples", "-f", "csv")
    assert exported.splitlines()[0].startswith("sample,customer,order,sku,kind,supplier,qty,requested,due")
    assert "S-1,ACME,SO-1,CH-01,pps,HX,1,2026-11-20,2026-11-25" in exported
    f = tmp_path / "samples.csv"
    f.write_text("sample,customer,sku,kind,order,supplier,qty,due\n"
                 "S-2,ACME,TB-02,shipping,SO-1,HX,2,2026-11-30\n"
                 "S-3,NORD,CH-09,proto,,,,\n", encoding="utf-8")
    assert g("import", "samples", str(f)).stderr == f"{f}: imported 2 samples\n"
    rows = {r["sample"]: r for r in json.loads(g.ok("sample", "list", "-f", "json"))}
    assert (rows["S-2"]["qty"], rows["S-2"]["due"], rows["S-3"]["customer"]) == (2, "2026-11-30", "NORD")
    bad = tmp_path / "bad.csv"
    bad.write_text("sample,customer,sku,kind\nS-4,ACME,CH-01,golden\nS-1,ACME,CH-01,pps\nS-5,ZZZ,CH-01,pps\n",
                   encoding="utf-8")
    result = g.refused("import", "samples", str(bad))
    assert "line 2:" in result.stderr and "line 3:" in result.stderr and "line 4:" in result.stderr


def test_export_then_import_into_a_fresh_database_gives_the_same_samples(desk, tmp_path):
    from tests.conftest import Gendan
    g = desk
    g.ok("sample", "add", "S-1", "--order", "SO-1", "--sku", "CH-01", "--kind", "pps", "--supplier", "HX",
         "--due", "2026-11-14", "--date", "2026-11-10", "--note", "oak, matt")
    g.ok("sample", "receive", "S-1", "--date", "2026-11-13")
    g.ok("sample", "send", "S-1", "--courier", "DHL", "--awb", "58 3022 9144", "--date", "2026-11-14")
    g.ok("sample", "feedback", "S-1", "--approved", "--note", "OK, go ahead", "--date", "2026-11-17")
    g.ok("sample", "seal", "S-1", "--location", "样品间 A-3", "--date", "2026-11-18")
    g.ok("sample", "add", "S-2", "--customer", "NORD", "--sku", "SF-10", "--kind", "salesman", "--qty", "3")
    g.ok("sample", "send", "S-2", "--courier", "SF", "--awb", "SF1")
    exported = g.ok("export", "samples")
    f = tmp_path / "samples.csv"
    f.write_text(exported, encoding="utf-8")
    fresh = Gendan(tmp_path / "fresh.db")
    for table in ("customers", "suppliers", "orders"):
        t = tmp_path / f"{table}.csv"
        t.write_text(g.ok("export", table), encoding="utf-8")
        fresh.ok("import", table, str(t))
    fresh.ok("import", "samples", str(f))
    assert fresh.ok("export", "samples") == exported
    assert fresh.ok("sample", "list", "--all", "-f", "json") == g.ok("sample", "list", "--all", "-f", "json")


def test_control_characters_in_typed_text_are_shown_escaped(desk):
    g = desk
    g.ok("sample", "add", "S-1", "--customer", "ACME", "--sku", "CH-01", "--kind", "proto")
    out = g.ok("sample", "send", "S-1", "--courier", "DHL\x1b[31m", "--awb", "1")
    assert "\x1b" not in out and "DHL\\x1b[31m" in out
