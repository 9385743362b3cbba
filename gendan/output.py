"""Rendering rows as table / csv / tsv / json / jsonl / markdown. Knows no domain types.

Rows are dicts of plain values (str, int, bool, Decimal, date, None). Money and other
Decimals are written as decimal strings, dates as ISO, in every format. `table` is rich on a
terminal (gendan.terminal: fitted to its width) and a plain, unwrapped, colourless table when piped or when NO_COLOR is set.
"""
import csv
import json
import os
import sys
from datetime import date
from decimal import Decimal
from itertools import chain, repeat
from typing import Callable, Iterable, TextIO

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown", "xlsx")   # xlsx: cli/output_file.py


def cell(value) -> str:
    """The text of one value in csv/tsv/table/markdown."""
    kind = type(value)
    if kind is str:        # fast paths first: the chase list renders ~100k cells
        return value
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# Characters that move the cursor, ring, set titles, clear screens, reorder text (bidi) or
# hide (zero width) rather than print: control (Cc), format (Cf), line/paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """`text` with every control, format or bidi character written as an escape (`\\x1b`,
    `\\u202e`, `\\n`): data typed or imported by anyone reaches a terminal, a mailed report
    or an error line as visible text, never as an instruction to the terminal."""
    if text.isprintable():
        return text
    import unicodedata
    out = []
    for ch in text:
        if ch.isprintable() or unicodedata.category(ch) not in _HIDDEN:
            out.append(ch)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        else:
            o = ord(ch)
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}")
    return "".join(out)


def json_value(value):
    """The JSON form of one value: Decimals as strings, dates ISO, others as they are."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def dumps(value) -> str:
    return json.dumps(json_value(value), ensure_ascii=False)


def wants_rich(stream: TextIO) -> bool:
    """Rich only for a person at a terminal; cron, pipes and NO_COLOR get plain text."""
    if os.environ.get("NO_COLOR") is not None or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def render(rows: Iterable[dict], fmt: str, columns: list[str], stream: TextIO | None = None,
           style: Callable[[dict], str | None] | None = None, title: str | None = None,
           empty: str = "nothing to show", guard: bool = False, priority: list[str] | None = None,
           see: str = "-f csv", header_alone: bool = False) -> int:
    """Write `rows` to `stream` in `fmt`; return how many rows were written.

    `style(row)` may name a rich style ('red', 'yellow') for a row, used on terminals only.
    `guard` protects csv/tsv cells against formula injection (for spreadsheets).
    `priority` names the columns a terminal keeps longest, most important first; `see` says
    how to see the ones it leaves out (gendan.terminal).
    A listing with no rows writes nothing on stdout (CLI.md: streams): no bare CSV header,
    unless `header_alone` (`export`: an empty table's CSV still has its header); json's
    answer stays `[]`, the empty array a JSON reader expects.
    """
    stream = stream or sys.stdout
    if fmt in ("csv", "tsv") and not header_alone:
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        rows = chain((first,), rows)
    if fmt in ("csv", "tsv"):
        return _delimited(rows, columns, stream, "," if fmt == "csv" else "\t", guard)
    if fmt == "jsonl":
        n = 0
        for row in rows:
            stream.write(dumps({c: row.get(c) for c in columns}) + "\n")
            n += 1
        return n
    if fmt == "json":
        return _json_array(rows, columns, stream)
    rows = list(rows)
    if not rows:
        print(empty, file=sys.stderr)
        return 0
    if fmt == "markdown":
        stream.write(markdown_table(rows, columns) + "\n")
    elif wants_rich(stream):
        print_tables([(title, rows)], columns, stream, style, priority, see)
    else:
        if title:
            stream.write(visible(title) + "\n")
        write_plain_table(rows, columns, stream)
    return len(rows)


def print_tables(tables, columns, stream, style=None, priority=None, see: str = "-f csv") -> list[str]:
    """Tables for a person at a terminal, fitted to its width (gendan.terminal); several
    titled tables with the same columns share one layout and one note of what was left out.
    Control characters from the data are shown escaped (`visible`), as in plain tables."""
    from gendan.terminal import print_tables as fitted
    titled = [(visible(title) if title else title, rows) for title, rows in tables]
    return fitted(titled, columns, stream, style, priority, see, text=lambda value: visible(cell(value)))


def _delimited(rows, columns, stream, delimiter, guard) -> int:
    """CSV/TSV a batch of rows at a time (rows may stream from a generator, as `export` does),
    each batch turned into text column by column before the csv module writes it."""
    from itertools import islice
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    n = 0
    rows = iter(rows)
    while batch := list(islice(rows, CSV_BATCH)):
        cols = [_cells(list(map(dict.get, batch, repeat(c, len(batch))))) for c in columns]
        if guard:
            cols = [list(map(guard_formula, col)) for col in cols]
        writer.writerows(zip(*cols))
        n += len(batch)
    return n


CSV_BATCH = 2000


def _json_array(rows, columns, stream) -> int:
    stream.write("[")
    n = 0
    for row in rows:
        stream.write(("," if n else "") + "\n" + dumps({c: row.get(c) for c in columns}))
        n += 1
    stream.write("\n]\n" if n else "]\n")
    return n


def guard_formula(text: str) -> str:
    """Prefix a quote to cells a spreadsheet would run as a formula (= + - @, tab, CR)."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


# Types whose str() is their cell text (a plain date's str() is its ISO form): no call to cell().
_STR_IS_CELL = frozenset({int, Decimal, date})
# Where equal values always have equal text, so a column converts each distinct value once (not
# Decimal: 1.5 == 1.50; bools apart from ints, as True == 1 would make them one dict key).
_NONE = type(None)
_REPEATING = frozenset({int, date, _NONE})
_FLAGS = frozenset({bool, _NONE})
_EMPTY_FOR_NONE = {None: ""}


def plain_table(rows: list[dict], columns: list[str]) -> str:
    """A plain text table aligned by display width (Chinese characters count double).

    The same text as tabulate's "simple" format, written directly when every cell is one line
    of printable text: tabulate infers a type for every cell, which made an 8,000-row morning
    report spend most of its time here. Anything unusual (newlines, tabs, control characters)
    still goes through tabulate."""
    return "\n".join(_plain_lines(rows, columns))


CHUNK_LINES = 500


def write_plain_table(rows: list[dict], columns: list[str], stream: TextIO) -> None:
    """`plain_table` and a newline, written a few hundred lines at a time: one string of a
    whole 8,000-row table (and its encoded copy) costs more in fresh memory than in joining."""
    lines = _plain_lines(rows, columns)
    for i in range(0, len(lines), CHUNK_LINES):
        stream.write("\n".join(lines[i:i + CHUNK_LINES]) + "\n")


def _plain_lines(rows: list[dict], columns: list[str]) -> list[str]:
    cols = [_cells(list(map(dict.get, rows, repeat(c, len(rows)))), strip=True) for c in columns]
    cols = [col if "".join(col).isprintable() else list(map(visible, col)) for col in cols]
    fast = _simple_table(cols, [str(c) for c in columns])
    if fast is not None:
        return fast
    from tabulate import tabulate
    return tabulate(list(zip(*cols)), headers=columns, tablefmt="simple", disable_numparse=True).split("\n")


def _cells(values: list, strip: bool = False) -> list[str]:
    """`cell()` of one column's values (a table strips the spaces around strings, as tabulate
    does), converted column by column: most columns hold one type, and a C-level map per
    column is several times faster than a test per cell."""
    kinds = set(map(type, values))
    if kinds <= _REPEATING or kinds <= _FLAGS:   # dates, counts, flags repeat: each one converted once
        text = {v: cell(v) for v in set(values)}
        return list(map(text.__getitem__, values))
    if _NONE in kinds:          # None is an empty cell: map it to "" without a test per cell
        kinds.discard(_NONE)
        values = list(map(_EMPTY_FOR_NONE.get, values, values))
    if kinds <= _STR_IS_CELL:
        return list(map(str, values))
    if kinds == {str}:
        return list(map(str.strip, values)) if strip else values
    if strip:
        return [v.strip() if type(v) is str else cell(v) for v in values]
    return list(map(cell, values))


def _simple_table(cols: list[list[str]], headers: list[str]) -> list[str] | None:
    """Column by column: an all-ASCII column (the usual case) is measured and padded with
    C-level string methods, a column with wide characters cell by cell."""
    if not all(h.isascii() and h.isprintable() for h in headers):
        return None
    widths, cell_widths = [], []
    for header, col in zip(headers, cols):
        joined = "".join(col)
        if joined.isascii():
            if not joined.isprintable():
                return None
            per = None
            w = max(map(len, col), default=0)
        else:
            per = []
            for text in col:
                n = len(text) if text.isascii() and text.isprintable() else _display_width(text)
                if n is None:
                    return None
                per.append(n)
            w = max(per, default=0)
        widths.append(max(len(header) + 2, w))   # tabulate's minimum padding around headers
        cell_widths.append(per)
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    if all(per is None for per in cell_widths):
        line = "  ".join(f"%-{w}s" for w in widths)   # one % call pads a whole row
        lines.extend(map(str.rstrip, map(line.__mod__, zip(*cols))))
    else:
        for j, row in enumerate(zip(*cols)):
            lines.append("  ".join(t.ljust(w) if per is None else t + " " * (w - per[j])
                                   for t, w, per in zip(row, widths, cell_widths)).rstrip())
    return lines


def _display_width(text: str) -> int | None:
    """Columns a terminal gives `text` (CJK count two), or None when wcwidth cannot tell."""
    if not text.isprintable():
        return None
    from wcwidth import wcswidth
    w = wcswidth(text)
    return w if w >= 0 else None


def markdown_table(rows: list[dict], columns: list[str]) -> str:
    from tabulate import tabulate
    body = [[visible(cell(r.get(c))).replace("|", "\\|") for c in columns] for r in rows]
    return tabulate(body, headers=columns, tablefmt="github", disable_numparse=True)
