"""The morning report on a fixed dataset: exact plain text when not a terminal, json shape."""
import json

import pytest


@pytest.fixture
def day(parties, tmp_path):
    """SO-1 is late; SO-2 is at risk through PO-2 (due after SO-2's due minus the 7-day buffer);
    SO-3 is fine."""
    orders = tmp_path / "orders.csv"
    orders.write_text("order,customer,due,sku,qty,price,ordered\n"
                      "SO-1,ACME,2026-11-17,CH-01,300,18.50,2026-10-01\n"
                      "SO-2,NORD,2026-12-01,SF-10,200,129.90,2026-10-20\n"
                      "SO-3,ACME,2027-01-30,TB-02,10,45,2026-11-01\n", encoding="utf-8")
    pos = tmp_path / "pos.csv"
    pos.write_text("po,supplier,due,sku,qty,price,for_order,ordered\n"
                   "PO-1,HX,2026-11-10,CH-01,300,8,SO-1,2026-10-02\n"
                   "PO-2,MF,2026-11-27,SF-10,200,60,SO-2,2026-10-21\n"
                   "PO-2,MF,2026-11-25,LEG-1,800,2,SO-2,2026-10-21\n", encoding="utf-8")
    parties.ok("import", "orders", str(orders))
    parties.ok("import", "pos", str(pos))
    return parties


def block(out: str, heading: str) -> str:
    """One section of the plain report: its heading line up to the blank line after it."""
    start = out.index(heading)
    end = out.find("\n\n", start)
    return out[start:] if end < 0 else out[start:end + 1]


def test_chase_and_risk_sections_plain_text(day):
    """PO-1 is 10 days past due; both lines of PO-2 are due after SO-2's due date (12-01)
    minus the 7-day buffer, so they are at risk, the earlier expected date first."""
    out = day.ok("today")
    assert out.startswith("gendan morning report 2026-11-20 (Friday)\n\nPOs to chase: 3 ")
    assert block(out, "POs to chase") == (
        "POs to chase: 3 (1 overdue; HX 1, MF 2)\n"
        "supplier    po    line    sku    qty_open    due         promised    days_late    reason                   "
        "last_chased    for_order\n"
        "----------  ----  ------  -----  ----------  ----------  ----------  -----------  -----------------------  "
        "-------------  -----------\n"
        "HX          PO-1  1       CH-01  300         2026-11-10              10           overdue                  "
        "               SO-1\n"
        "MF          PO-2  2       LEG-1  800         2026-11-25              -5           promise-after-order-due  "
        "               SO-2\n"
        "MF          PO-2  1       SF-10  200         2026-11-27              -7           promise-after-order-due  "
        "               SO-2\n")
    assert block(out, "Customer orders at risk") == (
        "Customer orders at risk: 2 (1 late)\n"
        "order    customer    due         days_left    qty    qty_shipped    status    cause\n"
        "-------  ----------  ----------  -----------  -----  -------------  --------  "
        "-------------------------------------------------\n"
        "SO-1     ACME        2026-11-17  -3           300    0              open      "
        "late 3 days; PO-1 line 1 overdue since 2026-11-10\n"
        "SO-2     NORD        2026-12-01  11           200    0              open      "
        "PO-2 line 1 expected 2026-11-27 (+1 more)\n")
    assert out.index("POs to chase") < out.index("Customer orders at risk")


def test_chase_section_json_and_window(day):
    data = json.loads(day.ok("today", "-f", "json"))
    assert list(data)[:2] == ["pos_to_chase", "orders_at_risk"]
    assert data["pos_to_chase"][0] == {"supplier": "HX", "po": "PO-1", "line": 1, "sku": "CH-01", "qty_open": 300,
                                       "due": "2026-11-10", "promised": None, "days_late": 10, "reason": "overdue",
                                       "last_chased": None, "for_order": "SO-1"}
    rows = [json.loads(line) for line in day.ok("today", "-f", "jsonl").splitlines()]
    assert [(r["section"], r.get("po") or r.get("order")) for r in rows
            if r["section"] in ("pos_to_chase", "orders_at_risk")] == [
        ("pos_to_chase", "PO-1"), ("pos_to_chase", "PO-2"), ("pos_to_chase", "PO-2"),
        ("orders_at_risk", "SO-1"), ("orders_at_risk", "SO-2")]


def test_json_is_one_object_keyed_by_section(day):
    data = json.loads(day.ok("today", "-f", "json"))
    assert "orders_at_risk" in data
    assert data["orders_at_risk"][0] == {"order": "SO-1", "customer": "ACME", "due": "2026-11-17", "days_left": -3,
                                         "qty": 300, "qty_shipped": 0, "status": "open",
                                         "cause": "late 3 days; PO-1 line 1 overdue since 2026-11-10"}
    assert [r["order"] for r in data["orders_at_risk"]] == ["SO-1", "SO-2"]


def test_markdown_for_mail(day):
    out = day.ok("today", "-f", "markdown")
    assert out.startswith("# gendan morning report 2026-11-20 (Friday)\n")
    assert "\n## Customer orders at risk: 2 (1 late)\n\n| order " in out


def test_exit_code_when_something_is_overdue(day):
    assert day("today", "--exit-code").exit_code == 1
    assert day("today").exit_code == 0


def test_empty_report_prints_nothing_on_stdout(parties):
    result = parties("today", "--exit-code")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "nothing needs you today" in result.stderr
    assert parties.ok("today", "-f", "json") == "{}\n"


def test_csv_is_refused_as_the_report_has_sections(parties):
    parties.refused("today", "-f", "csv", code=2, message="use -f table, markdown, json, jsonl or xlsx")


def test_production_behind_section(day):
    day.ok("order", "add", "SO-9", "--customer", "ACME", "--due", "2026-12-20", "--item", "X=100@1",
           "--ordered", "2026-11-01")
    day.ok("order", "plan", "SO-9", "--start", "2026-11-09", "--finish", "2026-11-28")
    day.ok("progress", "SO-9", "--produced", "10", "--date", "2026-11-19", "--cause", "machine")
    out = day.ok("today")
    assert "\nProduction behind plan: 1 (1 at risk)\norder    factory    qty    produced    planned_to_date    behind_qty" in out
    assert out.index("Customer orders at risk") < out.index("Production behind plan")
    (row,) = json.loads(day.ok("today", "-f", "json"))["production_behind"]
    assert list(row) == ["order", "factory", "qty", "produced", "planned_to_date", "behind_qty", "behind_days",
                         "run_rate", "forecast_finish", "due", "at_risk", "material_missing"]
    assert (row["order"], row["produced"], row["due"]) == ("SO-9", 10, "2026-12-20")
    assert row["behind_qty"] > 0
    assert "SO-9     ACME        2026-12-20  30           100    0              open      production forecast to finish 2027-03-11" in out   # New Year, Spring Festival off (issue 17)
