import io
import json
from datetime import date
from decimal import Decimal

from gendan.output import guard_formula, plain_table, render, wants_rich
from tests.profiles import examples

ROWS = [{"sku": "桌子-01", "qty": 5, "price": Decimal("12.50"), "due": date(2026, 12, 1), "late": True, "x": None},
        {"sku": "CH-2", "qty": 1500, "price": Decimal("0.333333"), "due": date(2027, 1, 2), "late": False, "x": None}]
COLS = ["sku", "qty", "price", "due", "late", "x"]


def out(fmt, rows=ROWS, **kw):
    buf = io.StringIO()
    render(rows, fmt, COLS, buf, **kw)
    return buf.getvalue()


def test_csv_and_tsv():
    assert out("csv") == ("sku,qty,price,due,late,x\n桌子-01,5,12.50,2026-12-01,true,\n"
                          "CH-2,1500,0.333333,2027-01-02,false,\n")
    assert out("tsv").splitlines()[1] == "桌子-01\t5\t12.50\t2026-12-01\ttrue\t"


def test_json_keeps_money_as_strings():
    assert json.loads(out("json"))[0] == {"sku": "桌子-01", "qty": 5, "price": "12.50", "due": "2026-12-01",
                                          "late": True, "x": None}
    assert [json.loads(line)["qty"] for line in out("jsonl").splitlines()] == [5, 1500]
    assert out("json", rows=[]) == "[]\n"


def test_plain_table_aligns_chinese_by_display_width():
    lines = plain_table(ROWS, COLS).splitlines()
    # 桌子-01 is 7 display columns wide (two double-width characters); the next column starts
    # at the same display position on every line.
    from wcwidth import wcswidth
    starts = {wcswidth(line[:line.index(v)]) for line, v in zip(lines[2:], ["5 ", "1500"])}
    assert len(starts) == 1


def test_markdown_escapes_pipes():
    text = out("markdown", rows=[dict(ROWS[0], sku="a|b")])
    assert text.splitlines()[0].startswith("| sku")
    assert "a\\|b" in text


def test_formula_guard():
    assert guard_formula("=SUM(A1)") == "'=SUM(A1)"
    assert guard_formula("-5") == "'-5"
    assert guard_formula("@x") == "'@x" and guard_formula("+1") == "'+1"
    assert guard_formula("ok") == "ok"
    assert "'=1+1" in out("csv", rows=[dict(ROWS[0], sku="=1+1")], guard=True)


def test_plain_when_piped_or_no_color(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    assert not wants_rich(io.StringIO())
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert wants_rich(Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_rich(Tty())
    assert "\x1b[" not in out("table")


def test_fast_plain_table_is_tabulate_simple():
    """plain_table writes tabulate's "simple" text itself; it must stay byte-identical (with
    invisible characters escaped first, as every table shows them)."""
    from hypothesis import given, settings, strategies as st
    from tabulate import tabulate
    from gendan.output import plain_table, visible
    text = st.text(alphabet=st.sampled_from(list("aZ 0-_.,;'\"éü实木书柜家具ｱ€\u00a0\u200b/|") + ["😀"]), max_size=12)

    @settings(max_examples=examples(300), deadline=None)
    @given(st.lists(st.lists(text, min_size=3, max_size=3), max_size=6),
           st.lists(st.sampled_from(["order", "sku", "x", "qty_open", "reason"]), min_size=3, max_size=3, unique=True))
    def check(body, headers):
        rows = [dict(zip(headers, r)) for r in body]
        expected = tabulate([[visible(c.strip()) for c in r] for r in body], headers=headers, tablefmt="simple",
                            disable_numparse=True)
        assert plain_table(rows, headers) == expected
    check()
