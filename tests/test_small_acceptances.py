"""Small wrong acceptances: each was taken as something else than what was typed."""
import json


def test_confirm_of_a_line_the_po_does_not_have_is_refused(parties):
    parties.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1")
    parties.refused("po", "confirm", "PO-1", "--line", "5", message="PO-1 has no line 5")
    assert json.loads(parties.ok("po", "show", "PO-1", "-f", "json"))["confirmed"] is None


def test_an_aql_with_an_underscore_is_refused(gendan):
    result = gendan("inspect", "plan", "--lot", "500", "--aql", "1_0")
    assert result.exit_code == 2, result.stdout
    assert result.stderr.startswith("gendan: error: ")


def test_an_empty_today_is_refused_not_the_real_clock(parties):
    parties.refused("order", "list", today=" ", code=2, message="--today is empty")


def test_a_bom_in_the_middle_of_a_csv_is_not_part_of_a_po_number(parties, tmp_path):
    f = tmp_path / "pos.csv"
    f.write_text("po,supplier,due,sku,qty,price\nPO-1,HX,+5,CH-01,5,1\n\ufeffPO-2,HX,+5,CH-01,5,1\n",
                 encoding="utf-8")
    parties.refused("import", "pos", str(f), message="line 3")


def test_a_header_of_100000_unknown_columns_is_one_error_naming_20(parties, tmp_path):
    f = tmp_path / "wide.csv"
    f.write_text("po,supplier,due,sku,qty,price," + ",".join(f"x{i}" for i in range(100_000))
                 + "\nPO-1,HX,+5,CH-01,5,1\n", encoding="utf-8")
    before = parties.dump()
    result = parties("import", "pos", str(f))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines[:5]
    assert lines[0].startswith("gendan: error: line 1: 100,000 unknown columns: 'x0', 'x1', ")
    assert "'x19' … and 99,980 more (accepted: po, supplier" in lines[0]
    assert "'x20'" not in lines[0]
    assert lines[1] == "gendan: error: 1 problem found; nothing imported (fix the header and run the import again)"
    assert parties.dump() == before


def test_columns_given_twice_are_named_in_one_error(parties, tmp_path):
    f = tmp_path / "twice.csv"
    f.write_text("po,supplier,due,sku,qty,price,po,sku\n", encoding="utf-8")
    parties.refused("import", "pos", str(f), message="line 1: columns 'po', 'sku' appear twice (keep one)")
