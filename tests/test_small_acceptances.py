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
