"""BOMs, what orders need, the arrival schedule and `po add --from-bom`, end to end."""
import csv
import io
import json

import pytest


def rows(out: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture
def desk(parties):
    """SO-1: 500 chairs and 100 tables; SO-2: 200 chairs. Chairs and tables share the hinge HW-01."""
    g = parties
    g.ok("supplier", "add", "JL", "--name", "金林布业", "--lead-days", "12")
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-31", "--item", "CH-01=500@12.50",
         "--item", "TB-01=100@80")
    g.ok("order", "add", "SO-2", "--customer", "ACME", "--due", "2027-01-20", "--item", "CH-01=200@12.50")
    g.ok("bom", "set", "CH-01", "--part", "SEAT-01=1", "--part", "HW-01=8", "--part", "FAB-01=0.75", "--scrap", "3",
         "--supplier", "HW-01=MF", "--supplier", "FAB-01=JL")
    g.ok("bom", "set", "TB-01", "--part", "HW-01=12", "--part", "TOP-01=1", "--supplier", "TOP-01=HX")
    return g


def test_bom_set_show_replace_and_log(desk):
    assert desk.ok("bom", "show", "CH-01", "-f", "csv") == (
        "sku,part,qty_per,scrap,supplier\nCH-01,SEAT-01,1,3,\nCH-01,HW-01,8,3,MF\nCH-01,FAB-01,0.75,3,JL\n")
    out = desk.ok("bom", "set", "CH-01", "--part", "SEAT-01=1", "--reason", "hinges moved to the seat kit")
    assert out == "CH-01 BOM replaced: 1 part\n"
    log = rows(desk.ok("log", "CH-01", "-f", "csv"))
    assert [r["entity"] for r in log] == ["bom", "bom"]
    assert "HW-01" in log[-1]["before"] and "HW-01" not in log[-1]["after"]
    assert len(rows(desk.ok("bom", "list", "-f", "csv"))) == 3     # CH-01's one part, TB-01's two
    desk.ok("check")                                                # the audit events name BOMs that exist


@pytest.mark.parametrize("args, code, message", [
    (("bom", "set", "NOPE-9", "--part", "HW-01=1"), 1, "unknown SKU NOPE-9"),
    (("bom", "set", "CH-01", "--part", "HW-01=0"), 1, "must be more than zero"),
    (("bom", "set", "CH-01", "--part", "HW-01=-2"), 1, "must be more than zero"),
    (("bom", "set", "CH-01", "--part", "HW-01=1", "--scrap", "100"), 1, "from 0 to under 100"),
    (("bom", "set", "CH-01", "--part", "HW-01=1", "--scrap", "-1"), 1, "from 0 to under 100"),
    (("bom", "set", "CH-01", "--part", "HW-01=1", "--supplier", "HW-01=ZZ"), 1, "unknown supplier 'ZZ'"),
    (("bom", "set", "CH-01", "--part", "HW-01=1", "--supplier", "LEG=MF"), 2, "not a --part of CH-01"),
    (("bom", "set", "CH-01", "--part", "HW-01"), 2, "write PART=QTY_PER"),
    (("bom", "set", "CH-01", "--part", "HW-01=5=2"), 2, "bad quantity per piece"),   # not part 'HW-01=5'
    (("bom", "show", "TB-09"), 1, "no BOM for TB-09"),
])
def test_bom_refusals_write_nothing(desk, args, code, message):
    desk.refused(*args, code=code, message=message)


def test_requirements_with_scrap_rounded_up(desk):
    got = {r["part"]: r for r in rows(desk.ok("order", "materials", "SO-1", "-f", "csv"))}
    # chairs 500 × qty × 1.03; tables 100 × qty: HW-01 = 4120 + 1200; FAB-01 = 386.25 → 387
    assert {p: int(r["required"]) for p, r in got.items()} == {"SEAT-01": 515, "HW-01": 5320, "FAB-01": 387,
                                                               "TOP-01": 100}
    assert {r["status"] for r in got.values()} == {"not-ordered"}
    assert got["FAB-01"]["expected"] == "2026-12-02"      # today + JL's 12 lead days
    assert got["HW-01"]["expected"] == "2026-11-20"       # MF's lead time is unknown (0): today
    assert got["HW-01"]["need_by"] == "2026-12-10"        # due − 7 buffer − 14 production days
    desk.ok("order", "plan", "SO-1", "--start", "2026-12-01", "--finish", "2026-12-20")
    assert rows(desk.ok("order", "materials", "SO-1", "-f", "csv"))[0]["need_by"] == "2026-12-01"


def test_partial_po_is_short_ordered_and_each_order_counts_its_own_pos(desk):
    desk.ok("po", "add", "PO-1", "--supplier", "MF", "--due", "2026-12-05", "--for", "SO-1", "--item", "HW-01=3000@0.30")
    desk.ok("po", "add", "PO-2", "--supplier", "MF", "--due", "2026-12-08", "--for", "SO-2", "--item", "HW-01=1648@0.30")
    desk.ok("po", "receive", "PO-1", "--item", "HW-01=1000", "--rejected", "HW-01=20")
    one = {r["part"]: r for r in rows(desk.ok("order", "materials", "SO-1", "-f", "csv"))}["HW-01"]
    two = {r["part"]: r for r in rows(desk.ok("order", "materials", "SO-2", "-f", "csv"))}["HW-01"]
    assert (one["required"], one["on_po"], one["accepted"], one["open"], one["status"], one["expected"]) == \
        ("5320", "3000", "980", "2020", "short-ordered", "2026-12-05")
    assert (two["required"], two["on_po"], two["accepted"], two["open"], two["status"]) == \
        ("1648", "1648", "0", "1648", "open")


def test_late_and_ready(desk):
    desk.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-12-15", "--for", "SO-1", "--item", "TOP-01=100@50")
    assert _status(desk, "SO-1", "TOP-01") == "late"             # expected after need_by 2026-12-10
    desk.ok("po", "receive", "PO-1", "--item", "TOP-01=100")
    got = {r["part"]: r for r in rows(desk.ok("order", "materials", "SO-1", "-f", "csv"))}["TOP-01"]
    assert (got["status"], got["expected"]) == ("ready", "")


def _status(g, order, part) -> str:
    return {r["part"]: r for r in rows(g.ok("order", "materials", order, "-f", "csv"))}[part]["status"]


def test_an_order_without_a_bom_says_so_on_one_line(parties):
    parties.ok("order", "add", "SO-9", "--customer", "ACME", "--due", "+30", "--item", "ZZ-1=5@1")
    result = parties("order", "materials", "SO-9")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == "SO-9: no BOM for ZZ-1 (add one: gendan bom set ZZ-1 --part PART=QTY_PER)\n"
    parties.refused("order", "materials", "SO-404", message="unknown order")


def test_schedule_not_ordered_and_late_first_within_and_supplier(desk):
    desk.ok("po", "add", "PO-1", "--supplier", "MF", "--due", "2026-12-01", "--for", "SO-1", "--item", "HW-01=5320@0.30")
    desk.ok("po", "add", "PO-3", "--supplier", "HX", "--due", "2026-12-20", "--for", "SO-1", "--item", "TOP-01=100@50")
    got = rows(desk.ok("materials", "-f", "csv"))
    assert [(r["order"], r["part"], r["status"]) for r in got] == [
        ("SO-1", "FAB-01", "not-ordered"), ("SO-1", "SEAT-01", "not-ordered"), ("SO-1", "TOP-01", "late"),
        ("SO-2", "FAB-01", "not-ordered"), ("SO-2", "HW-01", "not-ordered"), ("SO-2", "SEAT-01", "not-ordered"),
        ("SO-1", "HW-01", "open")]
    assert {r["order"] for r in rows(desk.ok("materials", "--within", "20", "-f", "csv"))} == {"SO-1"}
    assert [(r["order"], r["part"]) for r in rows(desk.ok("materials", "--supplier", "MF", "-f", "csv"))] == [
        ("SO-2", "HW-01"), ("SO-1", "HW-01")]
    desk.refused("materials", "--supplier", "ZZ", message="unknown supplier")


def test_po_from_bom_groups_by_supplier(desk):
    desk.ok("po", "add", "PO-1", "--supplier", "MF", "--due", "2026-12-05", "--for", "SO-1", "--item", "HW-01=3000@0.30")
    desk.ok("po", "add", "PO-0", "--supplier", "JL", "--due", "2026-11-30", "--item", "FAB-01=10@18.5")
    out = desk.ok("po", "add", "--for", "SO-1", "--from-bom", "--due", "2026-12-04", "--supplier", "HX",
                  "--price", "SEAT-01=21", "--price", "TOP-01=55", "--no", "JL=PO-JL-77")
    assert out.splitlines() == [
        "PO-HX-SO-1 placed with HX: 2 lines, 615 pcs, due 2026-12-04, for SO-1",
        "PO-MF-SO-1 placed with MF: 1 line, 2320 pcs, due 2026-12-04, for SO-1",
        "PO-JL-77 placed with JL: 1 line, 387 pcs, due 2026-12-04, for SO-1"]
    lines = json.loads(desk.ok("po", "show", "PO-MF-SO-1", "-f", "json"))["lines"]
    assert [(ln["sku"], ln["qty"], ln["price"]) for ln in lines] == [("HW-01", 2320, "0.30")]   # MF's last price
    assert {r["status"] for r in rows(desk.ok("order", "materials", "SO-1", "-f", "csv"))} == {"open"}
    assert "po,PO-MF-SO-1" in desk.ok("log", "PO-MF-SO-1", "-f", "csv")
    desk.refused("po", "add", "--for", "SO-1", "--from-bom", "--due", "+10", message="nothing to order")
    # a second time for SO-2: the pattern's number is free (another order), MF's price is known
    desk.ok("settings", "po_number_pattern", "{supplier}-{order}")
    desk.ok("bom", "set", "CH-01", "--part", "HW-01=8", "--supplier", "HW-01=MF")
    assert desk.ok("po", "add", "--for", "SO-2", "--from-bom", "--due", "+10") == \
        "MF-SO-2 placed with MF: 1 line, 1600 pcs, due 2026-11-30, for SO-2\n"


@pytest.mark.parametrize("args, message", [
    (("--due", "+10"), "no usual supplier for SEAT-01 (give it one: gendan bom set CH-01 … --supplier SEAT-01=CODE"),
    (("--due", "+10", "--supplier", "HX"), "no price known for SEAT-01 from HX, TOP-01 from HX, FAB-01 from JL"),     # never bought
    (("--due", "+10", "--supplier", "ZZ"), "unknown supplier"),
    (("--due", "+10", "--supplier", "HX", "--price", "SEAT-01=1", "--price", "TOP-01=1", "--price", "FAB-01=1",
      "--price", "HW-01=1", "--no", "MF=PO-1"), "PO 'PO-1' already exists"),          # the second PO fails: none is written
    (("--due", "+10", "--supplier", "HX", "--no", "DY=X-1"), "nothing to order for SO-1"),
])
def test_po_from_bom_refuses_cleanly(desk, args, message):
    desk.ok("po", "add", "PO-1", "--supplier", "MF", "--due", "2026-12-05", "--for", "SO-2", "--item", "HW-01=1@0.30")
    desk.ok("supplier", "add", "DY", "--name", "东阳")
    desk.refused("po", "add", "--for", "SO-1", "--from-bom", *args, message=message)


@pytest.mark.parametrize("args, message", [
    (("--from-bom", "--due", "+10"), "--from-bom needs --for ORDER"),
    (("--for", "SO-1", "--from-bom"), "--from-bom needs --due DATE"),
    (("PO-7", "--for", "SO-1", "--from-bom", "--due", "+3"), "--from-bom takes no PO number"),
    (("--for", "SO-1", "--due", "+3", "--no", "MF=X"), "--no goes with --from-bom"),
    (("--supplier", "MF", "--due", "+3", "--item", "A=1@1"), "Missing argument 'NO'"),
    (("--for", "SO-1", "--from-bom", "--due", "+10", "--no", "HX=P-1", "--no", "HX=P-2"), "two numbers"),
    (("--for", "SO-1", "--from-bom", "--due", "+10", "--no", "HX=P-1", "--no", "MF=P-1"), "to two suppliers"),
    (("--for", "SO-1", "--from-bom", "--due", "+10", "--price", "SEAT-01=1", "--price", "SEAT-01=2"),
     "SKU SEAT-01 is given twice in --price"),
])
def test_po_add_usage(desk, args, message):
    desk.refused("po", "add", *args, code=2, message=message)


def test_export_and_import_bom_round_trip(desk, tmp_path):
    exported = desk.ok("export", "bom")
    assert exported.splitlines()[:3] == ["sku,part,qty_per,scrap,supplier", "CH-01,SEAT-01,1,3,", "CH-01,HW-01,8,3,MF"]
    path = tmp_path / "bom.csv"
    path.write_text(exported.replace("CH-01,HW-01,8,3,MF", "CH-01,HW-01,6,,MF"), encoding="utf-8")
    result = desk("import", "bom", str(path))
    assert result.exit_code == 0 and result.stderr == f"{path}: imported 2 BOMs (5 parts)\n"
    assert desk.ok("export", "bom") == exported.replace("CH-01,HW-01,8,3,MF", "CH-01,HW-01,6,3,MF")
    assert [r["entity"] for r in rows(desk.ok("log", "CH-01", "-f", "csv"))] == ["bom", "bom"]


def test_import_bom_refuses_a_formula_quantity(desk, tmp_path):
    """A qty_per cell `=2` made a part `CH-01=` (the cells were joined with '=' and split again)."""
    path = tmp_path / "eq.csv"
    path.write_text("sku,part,qty_per\nCH-01,SEAT-01,=2\n", encoding="utf-8")
    assert "bad quantity per piece of SEAT-01 '=2'" in desk.refused("import", "bom", str(path)).stderr
    assert "SEAT-01," in desk.ok("bom", "show", "CH-01", "-f", "csv")   # the BOM as it was


def test_po_from_bom_takes_a_price_paid_in_the_suppliers_currency_never_a_free_one(desk):
    """The 'last price' came from a free replacement PO (0) or a PO in another currency."""
    desk.ok("po", "add", "PO-OLD", "--supplier", "MF", "--due", "+1", "--item", "HW-01=10@0.25")
    desk.ok("po", "add", "PO-USD", "--supplier", "MF", "--due", "+2", "--item", "HW-01=10@9", "--currency", "USD")
    desk.ok("po", "add", "--for", "SO-2", "--from-bom", "--due", "+10", "--supplier", "HX",
            "--price", "SEAT-01=20", "--price", "FAB-01=3")
    lines = json.loads(desk.ok("po", "show", "PO-MF-SO-2", "-f", "json"))["lines"]
    assert [(ln["sku"], ln["price"]) for ln in lines] == [("HW-01", "0.25")]   # MF's CNY price, not USD 9


def test_import_bom_is_all_or_nothing_with_line_numbers(desk, tmp_path):
    desk.ok("product", "add", "ST-01", "--desc", "stool")     # a product is a known SKU too
    path = tmp_path / "bad.csv"
    path.write_text("sku,part,qty_per,scrap,supplier\nCH-01,SEAT-01,1,3,\nCH-01,HW-01,0,,\nTB-01,TOP-01,1,100,\n"
                    "NEW-1,X,1,,\nST-01,Y,1,,ZZ\nCH-01,LEG,1,,\n", encoding="utf-8")
    result = desk.refused("import", "bom", str(path))
    assert result.stderr.splitlines() == [
        "gendan: error: line 3: bad quantity per piece of HW-01 '0': must be more than zero",
        "gendan: error: line 4: bad --scrap '100': a percent from 0 to under 100 (e.g. 3 for 3%)",
        "gendan: error: line 5: unknown SKU NEW-1 (add it first: gendan product add NEW-1 --desc TEXT)",
        "gendan: error: line 6: unknown supplier 'ZZ' for Y (add it with 'gendan supplier add')",
        "gendan: error: line 7: duplicate SKU CH-01 (already on line 2; rows of one SKU must be consecutive)",
        "gendan: error: 5 problems found; nothing imported (fix bad rows and run the import again)"]


def test_today_lists_materials_unordered_for_orders_starting_soon(desk):
    desk.ok("po", "add", "PO-1", "--supplier", "MF", "--due", "2026-11-28", "--for", "SO-1", "--item", "HW-01=5000@0.30")
    assert "materials_unordered" not in json.loads(desk.ok("today", "-f", "json"))    # SO-1 needs them by 12-10
    desk.ok("order", "plan", "SO-1", "--start", "2026-11-23", "--finish", "2026-12-20")  # now it starts Monday
    got = json.loads(desk.ok("today", "-f", "json"))["materials_unordered"]
    assert [(r["order"], r["part"], r["short"], r["need_by"], r["days_left"], r["status"]) for r in got] == [
        ("SO-1", "FAB-01", 387, "2026-11-23", 3, "not-ordered"),
        ("SO-1", "HW-01", 320, "2026-11-23", 3, "short-ordered"),
        ("SO-1", "SEAT-01", 515, "2026-11-23", 3, "not-ordered"),
        ("SO-1", "TOP-01", 100, "2026-11-23", 3, "not-ordered")]
    text = desk.ok("today")
    assert "Materials not yet ordered: 4\n" in text
    assert desk("today", "--exit-code", "--window", "2").exit_code == 0       # outside a 2-day window
    late = desk("today", "--exit-code", "-f", "json", today="2026-11-24")     # needed yesterday: late
    assert late.exit_code == 1
    assert "Materials not yet ordered: 4 (4 late)" in desk.ok("today", today="2026-11-24")


def test_progress_names_parts_not_ordered(desk):
    desk.ok("order", "plan", "SO-2", "--start", "2026-11-23", "--finish", "2026-12-10")
    desk.ok("po", "add", "PO-9", "--supplier", "MF", "--due", "2026-11-22", "--for", "SO-2", "--item", "HW-01=1000@0.3")
    got = rows(desk.ok("progress", "-f", "csv"))[0]
    assert got["material_missing"] == "SEAT-01 not ordered; HW-01 648 not ordered; FAB-01 not ordered"
    assert got["flags"] == "material-missing"
    shown = json.loads(desk.ok("order", "show", "SO-2", "-f", "json"))["production"]["material_missing"]
    assert [(m["sku"], m["qty_short"], m["status"]) for m in shown] == [
        ("SEAT-01", 206, "not-ordered"), ("HW-01", 648, "short-ordered"), ("FAB-01", 155, "not-ordered")]


def test_chase_message_names_the_order_and_when_it_needs_the_part(desk):
    desk.ok("po", "add", "PO-1", "--supplier", "MF", "--due", "2026-11-18", "--for", "SO-1", "--item", "HW-01=5320@0.30",
            "--ordered", "2026-11-01")
    desk.ok("po", "add", "PO-2", "--supplier", "MF", "--due", "2026-11-19", "--item", "HW-02=10@0.30",
            "--ordered", "2026-11-01")
    zh = desk.ok("po", "chase", "--message")
    assert "- PO-1 第1行 HW-01：未交 5320 件，要求交期 2026-11-18，已逾期 2 天（用于 SO-1，2026-12-10 前须到料）\n" in zh
    assert "- PO-2 第1行 HW-02：未交 10 件，要求交期 2026-11-19，已逾期 1 天\n" in zh
    en = desk.ok("po", "chase", "--message", "--lang", "en")
    assert "- PO-1 line 1 HW-01: 5320 pcs open, due 2026-11-18 (2 days late); for SO-1, needed by 2026-12-10\n" in en
    desk.ok("order", "plan", "SO-1", "--start", "2026-11-30", "--finish", "2026-12-20")
    assert "needed by 2026-11-30" in desk.ok("po", "chase", "--message", "--lang", "en")


def test_a_part_not_ordered_in_time_puts_the_order_at_risk_and_is_named(desk):
    def risk(order):
        return {r["order"]: r["at_risk"] for r in rows(desk.ok("order", "list", "-f", "csv"))}[order]
    assert risk("SO-1") == "false"            # FAB-01 ordered today from JL (12 days) comes 12-02, needed 12-10
    desk.ok("supplier", "edit", "JL", "--lead-days", "25")
    assert risk("SO-1") == "true"             # now it would come 12-15
    assert json.loads(desk.ok("order", "show", "SO-1", "-f", "json"))["at_risk"] is True
    got = json.loads(desk.ok("today", "-f", "json"))["orders_at_risk"]
    assert [(r["order"], r["cause"]) for r in got] == [("SO-1", "FAB-01 not ordered, needed by 2026-12-10")]
    desk.ok("po", "add", "PO-7", "--supplier", "JL", "--due", "2026-12-05", "--for", "SO-1", "--item", "FAB-01=300@18")
    got = json.loads(desk.ok("today", "-f", "json"))["orders_at_risk"]
    assert [(r["order"], r["cause"]) for r in got] == [("SO-1", "FAB-01 87 not ordered, needed by 2026-12-10")]
    desk.ok("po", "change", "PO-7", "--item", "FAB-01=387", "--reason", "the whole need")
    assert risk("SO-1") == "false" and "orders_at_risk" not in json.loads(desk.ok("today", "-f", "json"))
    # SO-2 needs its fabric by 12-30: from JL in 25 days is still in time
    assert risk("SO-2") == "false"


def test_voided_receipts_and_later_documents_do_not_count(desk):
    desk.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-12-05", "--for", "SO-1", "--item", "TOP-01=100@50")
    desk.ok("po", "receive", "PO-1", "--item", "TOP-01=100")
    assert _status(desk, "SO-1", "TOP-01") == "ready"
    grn = rows(desk.ok("receipt", "list", "PO-1", "-f", "csv"))[0]["receipt"]
    desk.ok("receipt", "void", grn, "--reason", "typed on the wrong PO")
    assert _status(desk, "SO-1", "TOP-01") == "open"
    desk.ok("po", "add", "PO-2", "--supplier", "JL", "--due", "2026-12-09", "--for", "SO-1", "--item", "FAB-01=387@18",
            today="2026-11-25")
    assert _status(desk, "SO-1", "FAB-01") == "not-ordered"                       # as of 11-20 PO-2 does not exist
    got = {r["part"]: r for r in rows(desk.ok("order", "materials", "SO-1", "-f", "csv", today="2026-11-25"))}
    assert (got["FAB-01"]["status"], got["FAB-01"]["on_po"]) == ("open", "387")


def test_materials_as_of_an_earlier_day_count_what_was_cancelled_after_it(desk):
    """`materials --today` read the cancelled flags of now: an order cancelled later vanished
    from the earlier day's list, and a PO cancelled later left its part short (review)."""
    desk.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-12-05", "--for", "SO-1", "--item", "TOP-01=100@50")
    desk.ok("po", "cancel", "PO-1", "--reason", "wrong supplier", today="2026-11-25")
    desk.ok("order", "cancel", "SO-2", "--reason", "buyer withdrew", today="2026-11-25")
    before = rows(desk.ok("materials", "-f", "csv", today="2026-11-22"))
    assert {r["order"] for r in before} == {"SO-1", "SO-2"}
    assert _status(desk, "SO-1", "TOP-01") == "open"            # as of 11-20, PO-1 still stood
    after = rows(desk.ok("materials", "-f", "csv", today="2026-11-25"))
    assert {r["order"] for r in after} == {"SO-1"}
    assert {r["part"]: r for r in rows(desk.ok("order", "materials", "SO-1", "-f", "csv", today="2026-11-25"))
            }["TOP-01"]["status"] == "not-ordered"
