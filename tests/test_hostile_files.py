"""Files from the outside world: empty, binary, GBK from a Chinese Excel, with a BOM, with a
10 MB line, with formula cells. Each gives a clear error or a correct result — never a crash,
never a half-written import.
"""
import json

import pytest

from tests.reliability import has_command, run

DESC = "实木书柜 oak"

# One valid row per kind (the text under test goes where free text is allowed).
VALID = {
    "orders": ("order,customer,due,sku,qty,price,description\n", "SO-H1,ACME,2026-12-20,CH-01,5,1.50,{text}\n"),
    "pos": ("po,supplier,due,sku,qty,price,description\n", "PO-H1,HX,2026-12-20,CH-01,5,1.50,{text}\n"),
    "receipts": ("po,sku,qty\n", "PO-1,CH-01,{qty}\n"),
    "statement": ("date,doc,amount\n", "2026-11-05,{text},100.00\n"),
}


def _content(kind: str, text: str = DESC, qty: str = "5") -> str:
    head, row = VALID[kind]
    return head + row.format(text=text, qty=qty)


def _command(kind: str, path) -> list[str]:
    if kind == "statement":
        return ["reconcile", "supplier", "HX", "--month", "2026-11", "--statement", str(path)]
    return ["import", kind, str(path)]


def _available(kind: str) -> bool:
    if kind == "statement":
        return has_command("reconcile", "supplier")
    return has_command("import")


KINDS = list(VALID)


@pytest.fixture
def desk(parties):
    """Parties, an order and an open PO to receive against."""
    if has_command("po", "add"):
        parties.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "+10", "--item", "CH-01=500@6.20")
    return parties


def _attempt(g, kind, path):
    """Run it; hold it to the contract; return the result. A statement only reads, so any
    exit may leave nothing changed; an import that fails must leave nothing written."""
    assert _available(kind), f"{kind} is missing"
    before = g.dump()
    result = g(*_command(kind, path))
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[-500:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-2000:]
    if result.exit_code and kind != "statement":
        assert result.stderr.startswith("gendan: error: "), result.stderr[-500:]
        assert g.dump() == before, "a refused import wrote something"
    if kind == "statement":
        assert g.dump() == before, "reconcile changed the database"
    return result, before


@pytest.mark.parametrize("kind", KINDS)
def test_empty_file(desk, tmp_path, kind):
    f = tmp_path / "empty.csv"
    f.write_bytes(b"")
    result, before = _attempt(desk, kind, f)
    if kind != "statement":
        assert desk.dump() == before  # nothing to import is not an import


@pytest.mark.parametrize("kind", KINDS)
def test_binary_file(desk, tmp_path, kind):
    f = tmp_path / "photo.csv"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    result, before = _attempt(desk, kind, f)
    assert result.exit_code != 0
    assert result.stderr.startswith("gendan: error: ")


@pytest.mark.parametrize("kind", KINDS)
def test_gbk_file_is_refused_clearly_or_read_correctly(desk, tmp_path, kind):
    f = tmp_path / "gbk.csv"
    f.write_bytes(_content(kind).encode("gbk"))
    result, before = _attempt(desk, kind, f)
    if result.exit_code == 0 and kind in ("orders", "pos"):
        assert DESC in desk.dump(), "GBK text stored as mojibake"
    elif result.exit_code:
        assert "UTF-8" in result.stderr or "utf-8" in result.stderr.lower(), result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_bom_is_accepted(desk, tmp_path, kind):
    f = tmp_path / "bom.csv"
    f.write_bytes(b"\xef\xbb\xbf" + _content(kind).encode("utf-8"))
    result, before = _attempt(desk, kind, f)
    if kind == "statement":
        assert "unknown column" not in result.stderr and "header" not in result.stderr.lower(), result.stderr
        return
    assert result.exit_code == 0, result.stderr
    assert desk.dump() != before
    if kind in ("orders", "pos"):
        assert DESC in desk.dump()


@pytest.mark.parametrize("kind", KINDS)
def test_ten_megabyte_line(desk, tmp_path, kind):
    f = tmp_path / "huge.csv"
    huge = "长" * (10 * 1024 * 1024 // 3)
    f.write_text(_content(kind, text=huge, qty="5" + "0" * 10_000_000), encoding="utf-8")
    result, before = _attempt(desk, kind, f)
    if result.exit_code == 0 and kind in ("orders", "pos"):
        assert huge in desk.dump()  # stored whole, not cut


@pytest.mark.parametrize("kind", KINDS)
def test_formula_cells_are_stored_as_text_and_guarded_on_export(desk, tmp_path, kind):
    formula = "=HYPERLINK(\"http://evil.example\",\"click\")"
    f = tmp_path / "formula.csv"
    quoted = '"' + formula.replace('"', '""') + '"'  # as a spreadsheet writes it in CSV
    f.write_text(_content(kind, text=quoted, qty="=1+4"), encoding="utf-8")
    result, before = _attempt(desk, kind, f)
    if kind not in ("orders", "pos"):
        return
    assert result.exit_code == 0, result.stderr
    table = "order_lines" if kind == "orders" else "po_lines"
    plain = desk(*["export", table, "-f", "json"]).stdout
    assert formula in [r["description"] for r in json.loads(plain)]
    excel = desk(*["export", table, "--excel"]).stdout
    assert "'" + formula.replace('"', '""') in excel
    assert not any(bad in excel for bad in ("\n=", ",=", ',"=')), "a formula left unguarded"


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", bytes(range(128, 256)) * 100,
                                     "po,sku,qty,note\nPO-1,CH-01,5,来料\n".encode("gbk")])
def test_hostile_import_through_a_real_process_is_one_clear_outcome(tmp_path, content):
    assert has_command("import"), "gendan import is missing"
    db = tmp_path / "p.db"
    run(db, "supplier", "add", "HX", "--name", "恒兴", check=True)
    f = tmp_path / "f.csv"
    f.write_bytes(content)
    before = db.read_bytes()
    proc = run(db, "import", "receipts", str(f))
    assert proc.returncode in (0, 1), proc.stderr
    assert b"Traceback" not in proc.stderr
    if proc.returncode:  # one line, or one per bad row, each an error line
        assert all(line.startswith("gendan: error: ") for line in proc.stderr.decode().splitlines()), proc.stderr
    assert db.read_bytes() == before
