"""The fast plain table is tabulate's "simple" table, character for character."""
from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from gendan.output import _simple_table, plain_table

CELL = st.one_of(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=12),
                 st.text(alphabet="恒兴木业明发五金厂AB-1 ", max_size=8), st.sampled_from(["", "-1", "2026-11-20", "true"]))


def _tabulate(body, columns):
    return tabulate(body, headers=columns, tablefmt="simple", disable_numparse=True)


@settings(max_examples=300, deadline=None)
@given(columns=st.lists(st.sampled_from(["po", "line", "sku", "supplier", "qty_open", "due", "x"]), min_size=1,
                        max_size=5),
       data=st.data())
def test_fast_table_matches_tabulate(columns, data):
    body = data.draw(st.lists(st.lists(CELL, min_size=len(columns), max_size=len(columns)), min_size=1, max_size=6))
    fast = _simple_table(body, columns)
    if fast is not None:
        assert fast == _tabulate(body, columns)


def test_fast_table_is_used_for_plain_rows_and_tabulate_for_the_rest():
    assert _simple_table([["PO-1", "恒兴"]], ["po", "supplier"]) == "po    supplier\n----  ----------\nPO-1  恒兴"
    assert _simple_table([["a\\nb"]], ["x"]) is not None  # a backslash is plain text
    assert _simple_table([["a\nb"]], ["x"]) is None       # a newline: tabulate's multiline rules
    assert _simple_table([[" a"]], ["x"]) is None         # edge whitespace: tabulate strips it
    assert _simple_table([["ｶﾀｶﾅ"]], ["x"]) is None
    rows = [{"x": "a\nb", "y": 1}]
    assert plain_table(rows, ["x", "y"]) == _tabulate([["a\nb", "1"]], ["x", "y"])
