"""Tables for a person at a terminal (rich), fitted to its width. Knows no domain types.

A value is never broken across lines: a cell without spaces (a date, number, amount, code
or SKU) keeps its whole width, and only free text (cells with spaces) wraps, at spaces.
Headers go on two lines at an underscore (`days_` / `late`) only when that is needed to
fit. When the columns still do not fit, the least important are left out (each listing
names its columns most important first; the rest go right to left) and one line on stderr
says which and how to see them: a number is never squeezed into a misreading.
Widths are counted in screen columns (Chinese characters count two).
"""
import re
import sys
from typing import Callable, TextIO

SEE = "-f csv"    # how to see the columns a table leaves out, for the note below it
TEXT_MIN = 16    # free text is not wrapped narrower than this (unless all of it is shorter)
GAP = 2          # screen columns between two table columns (rich's collapsed padding)
_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")


def print_tables(tables: list[tuple[str | None, list[dict]]], columns: list[str], stream: TextIO,
                 style: Callable[[dict], str | None] | None = None, priority: list[str] | None = None,
                 see: str = SEE, width: int | None = None, text: Callable = str) -> list[str]:
    """One or more titled tables with the same columns (a listing grouped by supplier ...),
    all laid out alike, with one note of what they left out; returns the columns left out.
    `style(row)` names a rich style for the row ('red' late, 'yellow' due soon); `text(value)`
    is a cell's text (output.cell: this module knows no formats)."""
    from rich.console import Console
    from rich.text import Text
    console = Console(file=stream, highlight=False, width=width)
    texts = [[[text(r.get(c)).strip() for c in columns] for r in rows] for _, rows in tables]
    every_row = [row for t in texts for row in t]
    plan = fit_columns(columns, every_row, console.width, priority)
    keep = [columns.index(c) for c in plan]
    for i, ((title, rows), body) in enumerate(zip(tables, texts)):
        if i:
            console.print()
        if title:   # above the table, not in it: a title wider than the table wraps at the screen
            console.print(Text(title, style="bold"))
        table = _table(plan.values(), header=columns != KEY_VALUE)
        for row, cells in zip(rows, body):   # Text, not str: data is never read as rich markup
            table.add_row(*[Text(cells[k]) for k in keep], style=style(row) if style else None)
        console.print(table)
    left_out = [c for c in columns if c not in plan]
    if left_out:
        whole = fit_columns(columns, every_row, 10 ** 9).values()
        need = sum(f.desired for f in whole) + GAP * (len(columns) - 1)
        print(left_out_note(left_out, see, need, console.width), file=sys.stderr)
    return left_out


def left_out_note(left_out: list[str], see: str, need: int, width: int) -> str:
    """One line, within `width` when it can be: the columns left out (as many names as fit,
    then how many more), and how to see them."""
    tail = f" (see {see}, or widen to {need} columns)"
    for k in range(len(left_out), 0, -1):
        more = f", +{len(left_out) - k} more" if k < len(left_out) else ""
        line = f"left out: {', '.join(left_out[:k])}{more}{tail}"
        if len(line) < width:
            return line
    return f"left out: {len(left_out)} columns{tail}"


KEY_VALUE = ["field", "value"]   # one record as rows of field and value: drawn without a header


def _table(fits, header: bool = True):
    """A table drawn as the plain one is: a bold header over a rule, two spaces between
    columns; fixed columns exactly as wide as their widest value, free text from its longest
    word up to its longest line."""
    from rich import box
    from rich.table import Table
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True,
                  header_style="bold", show_header=header)
    for f in fits:
        if f.wraps:
            table.add_column(f.header, min_width=f.minimum, overflow="fold")
        else:
            table.add_column(f.header, no_wrap=True, width=f.minimum, justify="right" if f.numeric else "left")
    return table


class Fit:
    """How one column is drawn: its header, the width it cannot go below (its widest value,
    or its longest word for free text) and the width it would like; `split()` puts the header
    on two lines at an underscore when that makes the column narrower."""
    __slots__ = ("name", "header", "widest", "minimum", "desired", "wraps", "numeric")

    def __init__(self, name: str, cells: list[str]):
        from rich.cells import cell_len
        self.name = self.header = name
        self.wraps = any(" " in t or "\n" in t for t in cells)
        words = [w for t in cells for w in t.split()] if self.wraps else cells
        self.widest = max(map(cell_len, words), default=0)
        self.desired = max([cell_len(line) for t in cells for line in t.split("\n")] + [self.widest, len(name)])
        if self.wraps:   # free text narrower than a few words is hard to read
            self.widest = max(self.widest, min(self.desired, TEXT_MIN))
        self.minimum = max(self.widest, len(name))
        self.numeric = not self.wraps and any(cells) and all(map(_NUMBER.fullmatch, filter(None, cells)))

    def split(self) -> None:
        self.header, head = _header(self.name, self.widest)
        self.minimum = max(self.widest, head)


def _header(name: str, room: int) -> tuple[str, int]:
    """The header as drawn and its width: whole when the values are at least as wide, else
    on two lines at the underscore that makes it narrowest: never cut inside a word."""
    if len(name) <= room or "_" not in name:
        return name, len(name)
    cuts = [i + 1 for i, ch in enumerate(name) if ch == "_"]
    best = min(cuts, key=lambda i: max(i, len(name) - i))
    return name[:best] + "\n" + name[best:], max(best, len(name) - best)


def fit_columns(columns: list[str], rows: list[list[str]], width: int,
                priority: list[str] | None = None) -> dict[str, Fit]:
    """The columns that fit `width`, in their own order, each with its Fit: headers on one
    line when everything fits so, else on two where that helps; then the least important
    columns are left out until the rest fit at their minimum widths."""
    fits = {c: Fit(c, [r[i] for r in rows]) for i, c in enumerate(columns)}
    ranked = [c for c in priority or () if c in fits]
    ranked += [c for c in columns if c not in ranked]

    def total() -> int:
        return sum(fits[c].minimum for c in ranked) + GAP * (len(ranked) - 1)

    if total() > width:
        for fit in fits.values():
            fit.split()
    while len(ranked) > 1 and total() > width:
        ranked.pop()
    return {c: fits[c] for c in columns if c in ranked}
