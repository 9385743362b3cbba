"""Plain tables are tabulate's "simple" table of the cells as shown (invisible characters and
newlines escaped), character for character, however they are drawn."""
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from gendan.output import cell, plain_table, visible
from tests.profiles import examples

DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, places=2, max_value=10 ** 6, min_value=-10 ** 6) | \
    st.sampled_from([Decimal("1.5"), Decimal("1.50"), Decimal("1"), Decimal("0.00")])
CELL = st.one_of(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=12),
                 st.text(alphabet="恒兴木业明发五金厂AB-1 ", max_size=8),
                 st.sampled_from(["", "-1", "2026-11-20", "a\nb", "\tx", "ｶﾀｶﾅ", "é"]), st.integers(), st.booleans(),
                 st.none(), st.dates(), DECIMALS)
# Columns as reports have them: one type (often repeating), or one type and blanks, or anything.
COLUMN_KINDS = [CELL, st.integers(0, 3), st.dates(date(2026, 11, 1), date(2026, 11, 4)), DECIMALS,
                st.integers(0, 3) | st.none(), st.dates(date(2026, 11, 1), date(2026, 11, 3)) | st.none(),
                st.sampled_from(["a", " b ", "PO-1"]) | st.none(), st.integers() | DECIMALS]
COLUMNS = ["po", "line", "sku", "supplier", "qty_open", "due", "x"]


@settings(max_examples=examples(300), deadline=None)
@given(columns=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=5, unique=True), data=st.data())
def test_plain_table_matches_tabulate(columns, data):
    kinds = {c: data.draw(st.sampled_from(COLUMN_KINDS)) for c in columns}
    rows = data.draw(st.lists(st.fixed_dictionaries(kinds), min_size=1, max_size=8))
    body = [[visible(cell(r[c]).strip()) for c in columns] for r in rows]
    assert plain_table(rows, columns) == tabulate(body, headers=columns, tablefmt="simple", disable_numparse=True)


def test_chinese_counts_double():
    assert plain_table([{"po": "PO-1", "supplier": "恒兴"}], ["po", "supplier"]) == \
        "po    supplier\n----  ----------\nPO-1  恒兴"


def test_equal_numbers_keep_their_own_text():
    """1.5 == 1.50 == Decimal, but a statement shows what was stored."""
    rows = [{"x": Decimal("1.5")}, {"x": Decimal("1.50")}, {"x": 1}, {"x": Decimal("1")}, {"x": True}]
    assert plain_table(rows, ["x"]).splitlines()[2:] == ["1.5", "1.50", "1", "1", "true"]


@settings(max_examples=examples(300), deadline=None)
@given(columns=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=5, unique=True), data=st.data(),
       fmt=st.sampled_from(["csv", "tsv"]), guard=st.booleans(), batch=st.integers(1, 4))
def test_csv_matches_the_csv_module_cell_by_cell(columns, data, fmt, guard, batch):
    """CSV/TSV is written a batch at a time, converted column by column: the same text as the
    csv module writing `cell()` of every value, one row at a time."""
    import csv
    import io

    import pytest

    from gendan import output
    from gendan.output import guard_formula, render
    kinds = {c: data.draw(st.sampled_from(COLUMN_KINDS + [st.booleans() | st.integers(0, 1)])) for c in columns}
    rows = data.draw(st.lists(st.fixed_dictionaries(kinds), max_size=9))
    expected = io.StringIO()
    writer = csv.writer(expected, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([guard_formula(cell(r[c])) if guard else cell(r[c]) for c in columns])
    got = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(output, "CSV_BATCH", batch)
        assert render(iter(rows), fmt, columns, got, guard=guard) == len(rows)
    assert got.getvalue() == (expected.getvalue() if rows else "")   # no rows: nothing, not a bare header
