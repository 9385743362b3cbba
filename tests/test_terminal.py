"""Terminal tables (gendan.terminal): values never broken, the least important columns left
out and said so, free text wrapped at spaces, data never read as markup."""
import io
import re

from rich.cells import cell_len

from gendan.output import cell
from gendan.terminal import fit_columns, left_out_note, print_tables

ROWS = [{"po": "PO-HX-101", "sku": "实木书柜-BK3", "due": "2026-12-02", "qty": 1200, "amount": "21600.00",
         "note": "rusted fittings sent back to the factory for replacement", "status": "overdue"},
        {"po": "PO-7", "sku": "CH-01", "due": "2027-01-08", "qty": 60, "amount": "5.50",
         "note": "", "status": "unconfirmed"}]
COLUMNS = ["po", "sku", "due", "qty", "amount", "note", "status"]


def draw(width, priority=None, rows=ROWS, columns=COLUMNS, capsys=None):
    out = io.StringIO()
    left = print_tables([(None, rows)], columns, out, priority=priority, width=width, text=cell)
    return out.getvalue(), left


def test_wide_enough_every_column_and_value_on_one_line(capsys):
    text, left = draw(200)
    assert left == [] and capsys.readouterr().err == ""
    for row in ROWS:
        line = next(l for l in text.splitlines() if l.startswith(row["po"] + " "))
        for c in COLUMNS:
            assert str(row[c]) in line


def test_narrow_leaves_out_the_least_important_and_says_so(capsys):
    text, left = draw(60, priority=["po", "qty", "status", "due"])
    note = capsys.readouterr().err.strip()
    assert left and set(left).isdisjoint({"po", "qty", "status", "due"})
    assert note.startswith("left out: ") and "-f csv" in note and "\n" not in note
    for line in text.splitlines():
        assert cell_len(line) <= 60
    for value in ("PO-HX-101", "2026-12-02", "1200", "overdue", "unconfirmed"):
        assert re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text), text


def test_without_a_priority_columns_go_right_to_left():
    fits = fit_columns(COLUMNS, [[str(r[c]) for c in COLUMNS] for r in ROWS], 40)
    assert list(fits) == COLUMNS[:len(fits)]


def test_free_text_wraps_at_spaces_and_keeps_its_words(capsys):
    text, left = draw(90, priority=COLUMNS)
    assert "note" not in left
    words = set(text.split())
    assert set(ROWS[0]["note"].split()) <= words


def test_headers_split_at_an_underscore_only_when_needed():
    rows = [["1", "2026-12-02"]]
    assert fit_columns(["days_late", "due"], rows, 100)["days_late"].header == "days_late"
    assert fit_columns(["days_late", "due"], rows, 18)["days_late"].header == "days_\nlate"


def test_data_is_never_read_as_markup_or_emoji_codes():
    text, _ = draw(120, rows=[{"po": "[bold]PO-1[/]", "note": "[/x] :smile: [red]"}], columns=["po", "note"])
    assert "[bold]PO-1[/]" in text and "[/x] :smile: [red]" in text


def test_chinese_counts_two_columns():
    text, _ = draw(200)
    lines = [l for l in text.splitlines() if l.startswith("PO-")]
    cols = {cell_len(l[:l.index("20")]) for l in lines}
    assert len(cols) == 1, lines


def test_the_note_stays_on_one_line_of_the_screen():
    names = [f"column_{i}" for i in range(12)]
    note = left_out_note(names, "-f csv", 300, 80)
    assert len(note) < 80 and "+" in note and "-f csv" in note
