"""gendan.xlsx_out: every kind of cell read back by two readers (openpyxl and calamine), the
header, the widths, sheet names and charts."""
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from tests.profiles import examples

from gendan.xlsx_out import Workbook, display_width

ROWS = [
    {"po": "PO-1", "supplier": "恒兴木业有限公司", "qty": 500, "price": Decimal("12.50"), "unit": Decimal("1.125"),
     "due": date(2026, 11, 20), "ts": datetime(2026, 11, 20, 9, 30), "open": True, "on_time_rate": 0.75,
     "note": "=1+1 <r>x</r> & _x0041_ \x01 tail ", "none": None},
    {"po": "PO-2", "supplier": "MF", "qty": 7, "price": Decimal("3"), "unit": None, "due": date(2027, 1, 1),
     "ts": None, "open": False, "on_time_rate": 1.0, "note": "", "none": None},
]


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = Workbook(str(path))
    sheet = wb.add_sheet("POs: [all]", ROWS, list(ROWS[0]))
    wb.add_chart(sheet, "column", "po", ["qty"], title="Quantity")
    wb.add_sheet("po_lines", [{"po": "A", "due": "2026-11-20", "price": "694.345", "ref": "not-a-date"}],
                 ["po", "due", "price", "ref"], kinds={"price": "money", "ref": "date"})
    wb.close()
    return path


def test_cells_are_typed(book):
    ws = openpyxl.load_workbook(book)["POs_ _all_"]
    head, first, second = [[c for c in row] for row in ws.iter_rows(max_row=3)]
    assert [c.value for c in head] == list(ROWS[0])
    assert all(c.font.b for c in head)
    by = {h.value: c for h, c in zip(head, first)}
    assert by["qty"].value == 500 and by["qty"].data_type == "n"
    assert by["price"].value == 12.5 and by["price"].number_format == "0.00"
    assert by["unit"].value == 1.125 and by["unit"].number_format == "0.00####"
    assert by["due"].value == datetime(2026, 11, 20) and by["due"].number_format == "yyyy-mm-dd"
    assert by["ts"].value == datetime(2026, 11, 20, 9, 30) and by["ts"].number_format == "yyyy-mm-dd hh:mm"
    assert by["open"].value is True and by["open"].data_type == "b"
    assert by["on_time_rate"].value == 0.75 and by["on_time_rate"].number_format == "0.0%"
    assert by["note"].data_type == "s"               # text, never a formula
    assert by["none"].value is None
    assert [c.value for c in second][:3] == ["PO-2", "MF", 7]
    assert second[9].value is None                   # "" is an empty cell


def test_text_comes_back_exactly(book):
    """Markup, a literal _x0041_ and a control character survive (calamine decodes Excel's escapes)."""
    rows = CalamineWorkbook.from_path(str(book)).get_sheet_by_index(0).to_python()
    assert rows[1][9] == "=1+1 <r>x</r> & _x0041_ \x01 tail "
    assert rows[1][1] == "恒兴木业有限公司"


def test_characters_xml_forbids_are_escaped(tmp_path):
    """U+FFFE, U+FFFF, NUL and CR are not XML text: written raw, strict readers (and Excel)
    refuse the file. openpyxl parses strictly; calamine decodes Excel's escapes. The two
    noncharacters become U+FFFD (no reader decodes an escape of them)."""
    values = ["a\ufffeb", "x\uffff", "\x00x", "a\r\nb", "\x0b", "😀 a\u2028b"]
    path = tmp_path / "x.xlsx"
    wb = Workbook(str(path))
    wb.add_sheet("x\x01", [{"t": v} for v in values], ["t"])
    wb.close()
    openpyxl.load_workbook(path)
    back = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [r[0] for r in back[1:]] == ["a\ufffdb", "x\ufffd", *values[2:]]


def test_header_frozen_and_filtered(book):
    wb = openpyxl.load_workbook(book)
    for ws in wb:
        assert ws.freeze_panes == "A2"
    assert wb["POs_ _all_"].auto_filter.ref == "A1:K3"
    assert wb["po_lines"].auto_filter.ref == "A1:D2"


def test_kinds_type_text_columns(book):
    ws = openpyxl.load_workbook(book)["po_lines"]
    po, due, price, ref = next(ws.iter_rows(min_row=2, max_row=2))
    assert due.value == datetime(2026, 11, 20) and due.number_format == "yyyy-mm-dd"
    assert price.value == 694.345 and price.number_format == "0.00####"
    assert ref.value == "not-a-date"                 # a date column's text that is no date stays text


def test_chinese_columns_are_wide_enough(book):
    ws = openpyxl.load_workbook(book)["POs_ _all_"]
    assert display_width("恒兴木业有限公司") == 16
    assert ws.column_dimensions["B"].width >= 16
    assert ws.column_dimensions["C"].width < 10   # qty: a short number stays narrow


def test_chart_is_native(book):
    ws = openpyxl.load_workbook(book)["POs_ _all_"]
    assert len(ws._charts) == 1
    with pytest.raises(ValueError):
        Workbook(str(book.parent / "x.xlsx")).add_chart(None, "radar", "a", "b")


def test_sheet_names_unique_and_short(tmp_path):
    wb = Workbook(str(tmp_path / "n.xlsx"))
    long = "Balances to collect before shipping"
    names = [wb.add_sheet(n, [], ["a"]).name for n in (long, long, "", "a/b")]
    wb.close()
    assert names == ["Balances to collect before ship", "Balances to collect before (2)", "Sheet", "a_b"]
    assert openpyxl.load_workbook(tmp_path / "n.xlsx").sheetnames == names


def test_many_rows_stream(tmp_path):
    """Rows come from a generator, several batches: every row lands once, in order."""
    path = tmp_path / "big.xlsx"
    wb = Workbook(str(path))
    wb.add_sheet("n", ({"i": i, "s": f"x{i}"} for i in range(5001)), ["i", "s"])
    wb.close()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert len(rows) == 5002 and rows[-1] == [5000, "x5000"] and rows[1] == [0, "x0"]


def test_an_empty_workbook_still_opens(tmp_path):
    wb = Workbook(str(tmp_path / "e.xlsx"))
    wb.close()
    assert openpyxl.load_workbook(tmp_path / "e.xlsx").sheetnames == ["Sheet1"]


TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from("\ufffe\uffff\x00\r_x<&")),
               max_size=40)
VALUES = st.one_of(TEXT, st.integers(-10**15, 10**15), st.booleans(), st.none(),
                   st.dates(date(1900, 3, 1), date(9999, 12, 31)),
                   st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))


@given(st.lists(st.lists(VALUES, min_size=3, max_size=3), min_size=1, max_size=5))
@settings(max_examples=examples(200), deadline=None)
def test_every_value_comes_back(tmp_path_factory, rows):
    """Whatever a row holds — any text (markup, control characters, Excel's own _x0041_
    escapes, CJK), integers, booleans, dates, money — a reader gets the same value back."""
    path = tmp_path_factory.mktemp("p") / "p.xlsx"
    wb = Workbook(str(path))
    wb.add_sheet("p", [dict(zip("abc", r)) for r in rows], ["a", "b", "c"])
    wb.close()
    openpyxl.load_workbook(path)   # well-formed XML: a strict parser reads it
    back = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    for r, row in enumerate(rows, 1):
        got = back[r] if r < len(back) else ["", "", ""]
        for want, cell in zip(row, got + [""] * (3 - len(got))):
            if want is None or want == "":
                assert cell == ""
            elif isinstance(want, bool):
                assert cell is want
            elif isinstance(want, (int, Decimal)):
                assert Decimal(str(cell)) == want if isinstance(cell, float) else cell == want
            elif isinstance(want, str):
                assert cell == want.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd")
            else:
                assert cell == want


def test_text_over_excels_limit_is_cut_with_a_warning(tmp_path, capsys):
    """40,000 characters went into one cell whole (over Excel's 32,767) by the fast path, or
    were cut silently by the other (adversarial try-out): now cut, and said."""
    import openpyxl
    from gendan import xlsx_out
    path = tmp_path / "long.xlsx"
    book = xlsx_out.Workbook(str(path))
    book.add_sheet("s", [{"a": "名" * 40000}, {"a": "short"}], ["a"])
    book.close()
    assert xlsx_out.cut_cells == 1
    assert "1 cell(s) longer than Excel's 32,767 characters were cut" in capsys.readouterr().err
    sheet = openpyxl.load_workbook(path).active
    assert len(sheet["A2"].value) == 32767 and sheet["A3"].value == "short"
