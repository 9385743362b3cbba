"""Excel workbooks out (.xlsx): typed cells, a bold frozen header with autofilter, column widths
that fit Chinese text, one sheet per table, native charts. Knows no domain types.

Rows are dicts of plain values, as for gendan.output. A value's type decides its cell:

    str      text (never a formula: `=1+1` stays text)     int      an integer
    Decimal  a number shown with two decimals (0.00), more when it has them (a price 1.125)
    float    a number with two decimals; in a column named *_rate(_*) a percentage (0.0%)
    date     an Excel date (yyyy-mm-dd)                    datetime an Excel date and time
    bool     TRUE/FALSE                                     None, "" an empty cell

Values that come as text from SQLite (`export`) can be typed by column: `kinds={"due": "date",
"price": "money", "nw": "number"}` turns ISO dates and decimal strings into dates, money (0.00)
and plain numbers; text that is not one stays text.

XlsxWriter writes the workbook (styles, the zip, charts), in constant_memory mode so that a
sheet of a million rows costs the memory of one row. Cells are rendered here as sheet XML, a
batch of rows at a time, into the worksheet's row file, the file XlsxWriter's own cell writes
go to in that mode: its per-cell API costs ~6 µs a cell on this machine (write_number,
write_string), 5.8 s for 100,000 PO lines against 0.85 s for the same export as CSV, and the
goal is 3×. This uses three of its internals (`row_data_fh`, `dim_*`, `_get_xf_index`), so the
version is pinned below 4 in pyproject.toml and tests/test_xlsx_out.py reads every kind of cell back.

    book = Workbook("month.xlsx")
    sheet = book.add_sheet("sales", rows, ["customer", "shipped_value", "on_time_rate"])
    book.add_chart(sheet, "column", category="customer", values=["shipped_value"], title="Sales")
    book.close()
"""
import re
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Iterable

BATCH = 2000                   # rows rendered at a time
MAX_WIDTH = 60                 # a column never wider than this many characters
MAX_TEXT = 32767               # Excel's limit for one cell's text
cut_cells = 0                  # cells cut to MAX_TEXT in the workbook being written (close warns)
CHART_KINDS = ("column", "bar", "line", "pie")
_EPOCH = date(1899, 12, 30)    # Excel's day 0 (1900 date system, its leap-year bug included)
_NUMBER = re.compile(r"-?\d{1,15}(?:\.\d{1,10})?")
_TEXT_ESCAPES = re.compile(r"[&<>]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")          # not allowed in XML 1.0, even as &#..;
_NONCHARACTERS = re.compile("[\ufffe\uffff]")          # nor these, which no text means
_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_NONE = type(None)
CACHE_MAX = 20_000             # dates remembered (a column of distinct texts must not grow without end)
_BOOL = {True: ' t="b"><v>1</v>', False: ' t="b"><v>0</v>', None: ""}


class Sheet:
    """A written sheet: where its columns are, for charts over it."""

    def __init__(self, worksheet, name: str, columns: list[str], rows: int):
        self.worksheet = worksheet
        self.name = name
        self.columns = columns
        self.rows = rows          # data rows, the header not counted
        self.charts = 0           # charts placed on it so far


class Workbook:
    """One .xlsx file being written. `target` is a path (or a binary file object); the
    file is complete only after close()."""

    def __init__(self, target):
        import xlsxwriter
        global cut_cells
        cut_cells = 0   # counted for this workbook (a command writes one)
        options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                   "strings_to_numbers": False}
        self._book = xlsxwriter.Workbook(target, options)
        fmt = self._book.add_format
        self._styles = {"header": fmt({"bold": True}), "money": fmt({"num_format": "0.00"}),
                        "price": fmt({"num_format": "0.00####"}), "percent": fmt({"num_format": "0.0%"}),
                        "date": fmt({"num_format": "yyyy-mm-dd"}),
                        "datetime": fmt({"num_format": "yyyy-mm-dd hh:mm"})}
        self._names: set[str] = set()
        self.sheets: list[Sheet] = []

    def add_sheet(self, name: str, rows: Iterable[dict], columns: list[str],
                  kinds: dict[str, str] | None = None) -> Sheet:
        """Write one sheet: the header, then `rows` (streamed), each a dict with the
        `columns`; return it for add_chart. The sheet name is made valid and unique for
        Excel (31 characters, none of []:*?/\\)."""
        name = self._unique(name)
        ws = self._book.add_worksheet(name)
        if not getattr(ws, "constant_memory", False) or getattr(ws, "row_data_fh", None) is None:
            raise RuntimeError("this XlsxWriter has no constant_memory row file (gendan needs XlsxWriter 3.x)")
        columns = list(columns)
        writer = _Rows(ws, columns, guess_kinds(columns, kinds), {k: f._get_xf_index() for k, f in self._styles.items()})
        n = writer.write(rows)
        last = max(len(columns) - 1, 0)
        ws.dim_rowmin, ws.dim_rowmax, ws.dim_colmin, ws.dim_colmax = 0, n, 0, last
        for i, width in enumerate(writer.widths):
            ws.set_column(i, i, width)
        if columns:
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, n, last)
        sheet = Sheet(ws, name, columns, n)
        self.sheets.append(sheet)
        return sheet

    def add_chart(self, sheet: Sheet, kind: str, category: str, values: list[str] | str,
                  title: str | None = None, anchor: str | None = None, percent: bool = False) -> None:
        """A native Excel chart over `sheet`'s rows: one series per column in `values`,
        labelled by the `category` column, placed to the right of the table unless
        `anchor` (a cell like "H2") says where. A sheet without rows gets no chart."""
        if kind not in CHART_KINDS:
            raise ValueError(f"chart kind {kind!r}: use one of {', '.join(CHART_KINDS)}")
        if sheet.rows == 0:
            return
        from xlsxwriter.utility import xl_rowcol_to_cell
        chart = self._book.add_chart({"type": kind})
        cat = sheet.columns.index(category)
        for col in [values] if isinstance(values, str) else values:
            i = sheet.columns.index(col)
            chart.add_series({"name": [sheet.name, 0, i], "categories": [sheet.name, 1, cat, sheet.rows, cat],
                              "values": [sheet.name, 1, i, sheet.rows, i]})
        if title:
            chart.set_title({"name": title})
        if percent and kind != "pie":
            axis = chart.set_x_axis if kind == "bar" else chart.set_y_axis
            axis({"num_format": "0%"})
        if kind == "pie" or len(chart.series) == 1:
            chart.set_legend({"none": kind != "pie"})
        below = 16 * sheet.charts   # a chart is 15 rows high: the next goes under it
        sheet.worksheet.insert_chart(anchor or xl_rowcol_to_cell(1 + below, len(sheet.columns) + 1), chart)
        sheet.charts += 1

    def close(self) -> None:
        """Write the file. A workbook needs a sheet: an empty one is added when none was.

        The zip is deflated at level 1, not zlib's default 6: compressing the sheet XML was
        the largest single cost of a big export (0.97 of 4.4 s profiled for 110,000 lines),
        and level 1 takes a quarter of that for a file about a fifth larger. XlsxWriter has no
        option for it, so its ZipFile is given the level while it writes."""
        if not self.sheets:
            self.add_sheet("Sheet1", [], [])
        if cut_cells:   # never silently: importing this workbook would not give the text back
            import sys
            print(f"gendan: warning: {cut_cells:,} cell(s) longer than Excel's {MAX_TEXT:,} characters "
                  "were cut (use -f csv to keep them whole)", file=sys.stderr)
        import functools
        import xlsxwriter.workbook as packaging
        zip_file = packaging.ZipFile
        packaging.ZipFile = functools.partial(zip_file, compresslevel=1)
        try:
            self._book.close()
        finally:
            packaging.ZipFile = zip_file

    def discard(self) -> None:
        """Give up the workbook (the command failed): its sheets' temporary row files go."""
        import os
        for ws in self._book.worksheets():
            fh = getattr(ws, "row_data_fh", None)
            if fh is not None and not fh.closed:
                fh.close()
            if getattr(ws, "row_data_filename", None):
                try:
                    os.unlink(ws.row_data_filename)
                except OSError:
                    pass
        self._book.fileclosed = True   # its __del__ must not write the file after all

    def _unique(self, name: str) -> str:
        name = "".join(ch for ch in name or "" if ch.isprintable())   # no control characters in a name
        base = _SHEET_BAD.sub("_", name).strip().strip("'")[:31] or "Sheet"
        candidate, n = base, 2
        while candidate.lower() in self._names:
            suffix = f" ({n})"
            candidate, n = base[:31 - len(suffix)].rstrip() + suffix, n + 1
        self._names.add(candidate.lower())
        return candidate


# Columns whose text values are ISO dates wherever gendan lists them (rows from SQLite carry
# dates as text): typed as Excel dates unless `kinds` says otherwise. A value that is not an
# ISO date stays text.
DATE_COLUMNS = frozenset({
    "due", "ordered", "date", "promised", "confirmed", "received", "sent", "requested", "replied", "closed",
    "reply_by", "voided", "last_chased", "order_due", "feedback_due", "feedback_date", "forecast_finish",
    "expected", "oldest_due", "copy_sent", "original_received", "released", "etd", "start", "finish",
    "placed", "shipped", "first_due", "first_promised", "recorded", "day", "need_by", "last_report"})
# Columns whose decimal text is money (a show command's sections carry amounts as text).
MONEY_COLUMNS = frozenset({"amount", "price", "paid", "balance", "outstanding", "deposit_due", "missing",
                           "to_collect", "order_value", "shipped_value", "value"})


def guess_kinds(columns: list[str], kinds: dict[str, str] | None = None) -> dict[str, str]:
    """`kinds` with the date columns (DATE_COLUMNS, or named *_date / *_on) and the money
    columns (MONEY_COLUMNS; text that is not a number stays text) added."""
    guessed = {c: "date" for c in columns if c in DATE_COLUMNS or c.endswith(("_date", "_on"))}
    guessed |= {c: "money" for c in columns if c in MONEY_COLUMNS}
    return guessed | (kinds or {})


def display_width(text: str) -> int:
    """Columns the text takes in a spreadsheet's default font: east-asian wide and full-width
    characters count two."""
    if text.isascii():
        return len(text)
    from unicodedata import east_asian_width
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_name_for(title: str) -> str:
    """A section heading such as `POs to chase (3)` as a sheet name: without the count."""
    return re.sub(r"\s*\(\d+\)\s*$", "", title or "").strip()


class _Rows:
    """Renders rows as <row> elements into the worksheet's constant_memory row file, and
    measures the columns on the way."""

    def __init__(self, ws, columns: list[str], kinds: dict[str, str], xf: dict[str, int]):
        from xlsxwriter.utility import xl_col_to_name
        self.ws = ws
        self.columns = columns
        self.kinds = [kinds.get(c) for c in columns]
        self.letters = [xl_col_to_name(i) for i in range(len(columns))]
        self.xf = xf
        self.percent = [c.endswith("_rate") or "_rate_" in c for c in columns]   # on_time_rate_current
        self.widths = [display_width(str(c)) + 3 for c in columns]   # room for the filter button
        self._dates: dict[str, str] = {}   # ISO text → its cell (dates repeat)

    def write(self, rows: Iterable[dict]) -> int:
        out = self.ws.row_data_fh
        if not self.columns:
            return 0
        head = "".join(f'<c r="{L}1" s="{self.xf["header"]}" t="inlineStr"><is><t{_space(c)}>{_text(c)}</t></is></c>'
                       for L, c in zip(self.letters, map(str, self.columns)))
        out.write(f'<row r="1">{head}</row>')
        n = 0
        rows = iter(rows)
        while batch := list(islice(rows, BATCH)):
            first = n + 2
            cols = [self._column([row.get(c) for row in batch], i, first) for i, c in enumerate(self.columns)]
            out.write("".join(f'<row r="{r}">{"".join(cells)}</row>'
                              for r, cells in enumerate(zip(*cols), first)))
            n += len(batch)
        return n

    def _column(self, values: list, i: int, first: int) -> list[str]:
        """The <c> elements of one column of a batch ('' for an empty cell). A column of one
        type (the usual case) is rendered by one list comprehension; mixed ones cell by cell."""
        L = self.letters[i]
        types = set(map(type, values))
        types.discard(_NONE)
        kind = next(iter(types)) if len(types) == 1 else None
        if kind is str:
            frags = self._texts(values, i)
        elif kind is int:
            frags = [f"><v>{v}</v>" if v is not None else "" for v in values]
            present = [v for v in values if v is not None]
            self._widen(i, max(len(str(max(present))), len(str(min(present)))))
        elif kind is bool:
            frags = [_BOOL[v] for v in values]
            self._widen(i, 5)
        elif kind is date:
            serial = self._serial
            xf = self.xf["date"]
            frags = [f' s="{xf}"><v>{serial(v)}</v>' if v is not None else "" for v in values]
            self._widen(i, 10)
        else:
            frags = [self._fragment(v, i) for v in values]
        return [f'<c r="{L}{r}"{f}</c>' if f else "" for r, f in enumerate(frags, first)]

    def _texts(self, values: list, i: int) -> list[str]:
        """A column of text: dates or money when `kinds` says so and the text is one, else
        inline strings (escaped only when a value needs it)."""
        typed = self.kinds[i]
        if typed == "date":
            return [self._date_text(v, i) if v else "" for v in values]
        if typed in ("money", "number"):
            return self._money_texts(values, i, typed == "number")
        present = [v for v in values if v]
        self._measure_text(present, i)
        joined = "".join(present)
        if (joined.isprintable() and "&" not in joined and "<" not in joined and ">" not in joined
                and "_x" not in joined and all(v == v.strip() for v in present)
                and max(map(len, present), default=0) <= MAX_TEXT):
            return [f' t="inlineStr"><is><t>{v}</t></is>' if v else "" for v in values]
        return [f' t="inlineStr"><is><t{_space(v)}>{_text(v)}</t></is>' if v else "" for v in values]

    def _date_text(self, v: str, i: int) -> str:
        f = self._dates.get(v)
        if f is None:
            try:
                d = date.fromisoformat(v) if len(v) == 10 else None
            except ValueError:
                d = None
            f = self._fragment(d if d is not None else v, i)
            if len(self._dates) < CACHE_MAX:
                self._dates[v] = f
        return f

    def _money_texts(self, values: list, i: int, plain: bool) -> list[str]:
        """A column of decimal text (`export`'s prices): one regex pass over the batch, then
        one f-string a cell; any value that is not a plain number goes cell by cell."""
        present = [v for v in values if v]
        if not all(map(_NUMBER.fullmatch, present)):
            return [self._money_text(v, i, plain) if v else "" for v in values]
        self._widen(i, max(map(len, present), default=0) + (0 if plain else 3))
        if plain:
            return [f"><v>{v}</v>" if v else "" for v in values]
        money, price = self.xf["money"], self.xf["price"]
        return [f' s="{price if (dot := v.find(".")) >= 0 and len(v) - dot > 3 else money}"><v>{v}</v>' if v else ""
                for v in values]

    def _money_text(self, v: str, i: int, plain: bool = False) -> str:
        if not _NUMBER.fullmatch(v):
            return self._fragment(v, i)
        if plain:
            self._widen(i, len(v))
            return f"><v>{v}</v>"
        dot = v.find(".")
        places = 0 if dot < 0 else len(v) - dot - 1
        if len(v) + 3 > self.widths[i]:
            self._widen(i, len(v) + max(0, 2 - places) + (places == 0))
        return f' s="{self.xf["price"] if places > 2 else self.xf["money"]}"><v>{v}</v>'

    def _serial(self, d: date) -> int:
        return (d - _EPOCH).days

    def _fragment(self, v, i: int) -> str:
        """A cell's attributes and content after `<c r="A1"`; '' for an empty cell."""
        kind = type(v)
        if v is None or v == "":
            return ""
        if kind is str:
            typed = self.kinds[i]
            if typed == "date" and len(v) == 10:
                try:
                    return self._fragment(date.fromisoformat(v), i)
                except ValueError:
                    pass
            elif typed in ("money", "number") and _NUMBER.fullmatch(v):
                return self._money_text(v, i, typed == "number")
            self._widen(i, display_width(v))
            return f' t="inlineStr"><is><t{_space(v)}>{_text(v)}</t></is>'
        if kind is bool:
            self._widen(i, 5)
            return f' t="b"><v>{int(v)}</v>'
        if kind is int:
            self._widen(i, len(str(v)))
            return f'><v>{v}</v>'
        if kind is Decimal:
            if not v.is_finite():
                return self._fragment(str(v), i)
            text = format(v, "f")
            places = -v.as_tuple().exponent
            style = self.xf["price"] if places > 2 else self.xf["money"]
            self._widen(i, len(text) + max(0, 2 - places) + (places <= 0))
            return f' s="{style}"><v>{text}</v>'
        if kind is float:
            if v != v or v in (float("inf"), float("-inf")):
                return self._fragment(str(v), i)
            pct = self.percent[i]
            self._widen(i, 7 if pct else len(f"{v:.2f}"))
            return f' s="{self.xf["percent" if pct else "money"]}"><v>{v!r}</v>'
        if isinstance(v, datetime):
            self._widen(i, 16)
            serial = (v.replace(tzinfo=None) - datetime(1899, 12, 30)).total_seconds() / 86400
            return f' s="{self.xf["datetime"]}"><v>{serial!r}</v>'
        if isinstance(v, date):
            self._widen(i, 10)
            return f' s="{self.xf["date"]}"><v>{(v - _EPOCH).days}</v>'
        if isinstance(v, (bool, int)):   # an IntEnum, a bool subclass
            return self._fragment(int(v), i)
        return self._fragment(str(v), i)

    def _measure_text(self, values: list[str], i: int) -> None:
        if "".join(values).isascii():
            self._widen(i, max(map(len, values), default=0))
        else:
            self._widen(i, max(map(display_width, values), default=0))

    def _widen(self, i: int, width: int) -> None:
        width = min(width + 2, MAX_WIDTH)
        if width > self.widths[i]:
            self.widths[i] = width


def _text(s: str) -> str:
    """Text as XML character data: & < > escaped, control characters (which XML forbids: Excel
    would call the file corrupt) as Excel's _xHHHH_ (and a literal _xHHHH_ in the data kept
    literal), the noncharacters U+FFFE/U+FFFF as U+FFFD (readers do not decode their escape),
    at most Excel's 32,767 characters."""
    if len(s) > MAX_TEXT:
        global cut_cells
        cut_cells += 1
        s = s[:MAX_TEXT]
    if _TEXT_ESCAPES.search(s):
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in s:
        s = _LITERAL_ESCAPE.sub(r"_x005F\1", s)
    if not s.isprintable():
        if _CONTROL.search(s):
            s = _CONTROL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", s)
        s = _NONCHARACTERS.sub("\ufffd", s)
    return s


def _space(s: str) -> str:
    """xml:space="preserve" for text with spaces at either end (else a reader drops them)."""
    return ' xml:space="preserve"' if s and (s[0] in " \t\n" or s[-1] in " \t\n") else ""
