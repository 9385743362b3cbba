"""Plain tables are tabulate's "simple" table, character for character, however they are drawn."""
from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from gendan.output import cell, plain_table

CELL = st.one_of(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=12),
                 st.text(alphabet="恒兴木业明发五金厂AB-1 ", max_size=8),
                 st.sampled_from(["", "-1", "2026-11-20", "a\nb", "\tx", "ｶﾀｶﾅ", "é"]), st.integers(), st.booleans(),
                 st.none())
COLUMNS = ["po", "line", "sku", "supplier", "qty_open", "due", "x"]


@settings(max_examples=300, deadline=None)
@given(columns=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=5, unique=True), data=st.data())
def test_plain_table_matches_tabulate(columns, data):
    rows = data.draw(st.lists(st.fixed_dictionaries({c: CELL for c in columns}), min_size=1, max_size=6))
    body = [[cell(r[c]) for c in columns] for r in rows]
    assert plain_table(rows, columns) == tabulate(body, headers=columns, tablefmt="simple", disable_numparse=True)


def test_chinese_counts_double():
    assert plain_table([{"po": "PO-1", "supplier": "恒兴"}], ["po", "supplier"]) == \
        "po    supplier\n----  ----------\nPO-1  恒兴"
