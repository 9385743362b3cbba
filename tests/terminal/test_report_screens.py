"""The boss's reports as a person sees them on the demo, in a real pseudo-terminal at 80, 120
and 200 columns: every date and number of a column on screen appears whole, each section is
its own block, what does not fit is left out and said so."""
import re

import pytest

from tests.terminal.screen import appears_whole, paragraphs, run_in_pty, words_on_screen
from tests.terminal.test_screens import TODAY, demo, facts, gendan_json  # noqa: F401 (demo: a fixture)

MONTH_OR_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
MULTI = [("report", "daily", "--date", "2026-12-04"), ("report", "month", "2026-11")]
SINGLE = [("report", "sales", "--quarter", "2026Q4", "--by", "month"), ("report", "purchases", "--by", "sku"),
          ("supplier", "prices")]


def _check(part: list[str], want: list, left_out_said: bool = True) -> int:
    table = [line for line in part if not line.startswith("left out: ")]
    visible, block = words_on_screen(table), "\n".join(part)
    shown = [(k, v) for k, v in want if k in visible]
    missing = [(k, v) for k, v in shown if not appears_whole(v, block)]
    assert not missing, (missing, block)
    hidden = {k for k, _ in want} - visible
    if hidden and left_out_said:
        assert part[-1].startswith("left out: "), (hidden, block)
    return len(shown)


def _screen(demo, words, columns):  # noqa: F811
    lines, code = run_in_pty(["--db", str(demo), "--today", TODAY, *words], columns)
    assert code == 0, lines
    text = "\n".join(lines)
    assert all(len(line) <= columns for line in lines)
    assert "…" not in text
    # every date or month that starts on screen is whole: 2026-11 or 2026-11-30, never 2026-1
    broken = [t for t in re.findall(r"(?<![\d-])\d{4}-[\d-]*", text) if not MONTH_OR_DATE.fullmatch(t)]
    assert not broken, text
    return lines


@pytest.mark.parametrize("columns", [80, 120, 200])
@pytest.mark.parametrize("words", MULTI, ids=" ".join)
def test_each_section_of_the_day_and_the_month_reads_whole(demo, words, columns):  # noqa: F811
    doc = gendan_json(demo, words)
    sections = [rows for rows in doc.values() if rows]           # text leaves out the empty ones
    lines = _screen(demo, words, columns)
    parts = paragraphs(lines[2:])   # the sections after the title line
    assert len(parts) == len(sections), "\n".join(lines)
    checked = sum(_check(part, sorted(set(facts(rows)))) for part, rows in zip(parts, sections))
    assert checked >= 10


@pytest.mark.parametrize("columns", [80, 120, 200])
@pytest.mark.parametrize("words", SINGLE, ids=" ".join)
def test_the_summaries_read_whole(demo, words, columns):  # noqa: F811
    lines = _screen(demo, words, columns)
    assert _check(lines, sorted(set(facts(gendan_json(demo, words))))) >= 5


def test_a_narrow_terminal_keeps_what_the_boss_reads_first(demo):  # noqa: F811
    seen = words_on_screen(_screen(demo, ("report", "month", "2026-11"), 80))
    assert {"customer", "shipped_value", "on_time_rate", "supplier", "avg_price", "price_change_pct",
            "quality_rate"} <= seen
