"""The demo's most-used screens as a person sees them: run in a real pseudo-terminal at 80, 120
and 200 columns and read back through a terminal emulator. Every date and number that the
JSON output holds for a column on screen must appear whole (never `2026-1` / `2-02`); columns
left out are said so on a line of their own."""
import json
import re
import subprocess
import sys

import pytest

from tests.terminal.screen import appears_whole, paragraphs, run_in_pty, words_on_screen

TODAY = "2026-12-06"
SCREENS = [("po", "chase"), ("today",), ("order", "list"), ("progress",), ("inspect", "due"),
           ("order", "show", "SO-2401")]
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"-?\d+(\.\d+)?")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo database, built once for the module (the screens only read it)."""
    path = tmp_path_factory.mktemp("screens") / "demo.db"
    subprocess.run([sys.executable, "-m", "gendan", "--today", TODAY, "demo", "--db", str(path)],
                   check=True, capture_output=True)
    return path


def gendan_json(db, words):
    out = subprocess.run([sys.executable, "-m", "gendan", "--db", str(db), "--today", TODAY, *words, "-f", "json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def facts(value, key=None):
    """(field, text) for every date and number in a JSON document, at any depth."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from facts(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from facts(v, key)
    elif value is not None and not isinstance(value, bool) and key is not None:
        text = str(value)
        if DATE.fullmatch(text) or NUMBER.fullmatch(text):
            yield key, text


@pytest.fixture(scope="module")
def expected(demo):
    """The facts of each screen, as a list of parts: the morning report's sections and the
    sections of `order show` are separate tables with their own columns, each checked against
    its own block of the screen."""
    return {words: parts_of(words, gendan_json(demo, words)) for words in SCREENS}


def parts_of(words, doc) -> list:
    if words == ("today",):
        return [sorted(set(facts(p))) for p in doc.values()]
    if words[:2] == ("order", "show"):
        head = {k: v for k, v in doc.items() if not isinstance(v, (list, dict))}
        prod = doc["production"]
        parts = [head] + [doc[k] for k in ("lines", "purchase_orders")]
        parts += [prod["status"], prod["material_missing"], prod["reports"]]
        parts += [doc[k] for k in ("inspections", "shipments", "payments", "events") if doc[k]]
        return [sorted(set(facts(p))) for p in parts]
    return [sorted(set(facts(doc)))]


def blocks(lines: list[str], words) -> list[list[str]]:
    """The screen in the parts `expected` has: blocks separated by blank lines (after the
    morning report's title); any other screen is one part."""
    if words[0] not in ("today", "order") or words == ("order", "list"):
        return [lines]
    return paragraphs(lines[2:] if words == ("today",) else lines)


@pytest.mark.parametrize("columns", [80, 120, 200])
@pytest.mark.parametrize("words", SCREENS, ids=" ".join)
def test_every_date_and_number_on_screen_is_whole(demo, expected, words, columns):
    lines, code = run_in_pty(["--db", str(demo), "--today", TODAY, *words], columns)
    assert code == 0, lines
    text = "\n".join(lines)
    assert all(len(line) <= columns for line in lines)
    assert "…" not in text                      # nothing squeezed with an ellipsis
    # every date-looking start on screen is a whole date: no `2026-1` at a line's end
    assert len(re.findall(r"(?<![\d-])\d{4}-\d", text)) == len(DATE.findall(text)), text
    parts = blocks(lines, words)
    assert len(parts) == len(expected[words]), text
    checked = 0
    for part, want in zip(parts, expected[words]):
        table = [line for line in part if not line.startswith("left out: ")]   # the note names columns not shown
        visible, block = words_on_screen(table), "\n".join(part)
        shown = [(k, v) for k, v in want if k in visible]
        missing = [(k, v) for k, v in shown if not appears_whole(v, block)]
        assert not missing, (missing, block)
        checked += len(shown)
        hidden = {k for k, _ in want} - visible
        if hidden and words[:2] != ("order", "show"):   # show narrows some sections on purpose (json has all)
            assert part[-1].startswith("left out: "), (hidden, block)
    assert checked >= 5


def test_the_chase_list_keeps_its_key_columns_at_80_and_shows_all_at_200(demo):
    narrow, _ = run_in_pty(["--db", str(demo), "--today", TODAY, "po", "chase"], 80)
    seen = words_on_screen(narrow)
    assert {"po", "line", "sku", "qty_open", "days_late", "reason"} <= seen
    note = [line for line in narrow if line.startswith("left out: ")]
    assert len(note) == 1 and "-f csv" in note[0] and len(note[0]) < 80
    wide, _ = run_in_pty(["--db", str(demo), "--today", TODAY, "po", "chase"], 200)
    assert not any(line.startswith("left out: ") for line in wide)
    assert {"for_order", "promised", "last_chased", "order_due", "at_risk", "remark"} <= words_on_screen(wide)


def test_chinese_text_lines_up(demo):
    """Double-width characters count as two: the column after a Chinese SKU starts at the same
    screen column in every row of the table."""
    lines, _ = run_in_pty(["--db", str(demo), "--today", TODAY, "order", "show", "SO-2404"], 120)
    rows = [line for line in lines if "实木书柜-BK3" in line or "CH-02" in line]
    rows = [r for r in rows if r.lstrip().startswith(("1 ", "2 "))]     # the order's lines table
    assert len(rows) == 2 and "实木书柜-BK3" in rows[0], rows
    starts = {_screen_col(r, r.index(word)) for r, word in zip(rows, ("实木书柜 三门", "Beech"))}
    assert len(starts) == 1, rows


def _screen_col(line: str, index: int) -> int:
    from wcwidth import wcswidth
    return wcswidth(line[:index])


def test_colours_mean_the_same_and_no_color_turns_them_off(demo):
    """Late rows red, due-soon yellow on a terminal; NO_COLOR gives text without escapes."""
    from tests.terminal.screen import pty_bytes
    raw, _ = pty_bytes(["--db", str(demo), "--today", TODAY, "po", "chase"], 120)
    red = [l for l in raw.decode().splitlines() if "\x1b[31m" in l]
    yellow = [l for l in raw.decode().splitlines() if "\x1b[33m" in l]
    assert red and all("overdue" in l for l in red)
    assert yellow and all("due-soon" in l or "promise-after-order-due" in l for l in yellow)
    plain, _ = pty_bytes(["--db", str(demo), "--today", TODAY, "po", "chase"], 120, env={"NO_COLOR": "1"})
    assert b"\x1b[" not in plain and b"PO-HX-101" in plain
