"""Excel workbooks in (.xlsx, also .xlsm, .xls and .ods): one sheet as the rows of text an
import checks, exactly as if the sheet had been saved as CSV.

python-calamine (Rust's calamine) reads the sheet: 100,000 PO lines in 1.2 s where openpyxl's
read_only mode took 18 s (bench/RESULTS.md), and it reads .xls and .ods as well. It holds one
sheet's cells in memory (~95 MiB for those 100,000 lines); the rows are then handed on one at
a time, converted as they go. Imported only when a workbook is read.

Cells become the text a person would have typed: a date cell `2026-12-01`, a whole number
`500` (never `500.0`), a decimal `12.5`, TRUE `true`. In the columns named as dates, a serial
number (45991, a date cell that lost its format) is the date it stands for; in the columns
named as money, a number has at least two decimals (`18.50`, as a 0.00 format shows it, and
as gendan writes prices: so export -> import through a workbook gives the same text back).
"""
from decimal import Decimal
from datetime import date, datetime, timedelta

from gendan.errors import GendanError, UsageError

_EPOCH = date(1899, 12, 30)       # Excel's day 0 in the 1900 date system
_LAST_SERIAL = 2958465            # 9999-12-31
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")   # zip (xlsx, ods), OLE (xls)


def is_workbook(path: str, head: bytes = b"") -> bool:
    """A workbook by its name, or by its first bytes (a zip or an old .xls) when given."""
    return path.lower().endswith(SUFFIXES) or head.startswith(_MAGIC)


def is_workbook_file(path: str) -> bool:
    """The file at `path` is a workbook: by its name, else by its first bytes — of a regular
    file only: bytes read ahead from a pipe (`<(…)`, /dev/stdin, a FIFO) would be lost to the
    CSV reader that opens it next."""
    import os
    import stat
    if is_workbook(path):
        return True
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as f:
            return is_workbook("", f.read(8))
    except OSError:
        return False


def as_csv(path: str, date_names: frozenset[str], money_names: frozenset[str]) -> tuple[str, str, int]:
    """A workbook's first sheet as CSV text, for readers of CSV: (text, sheet name, Excel row
    of the text's line 1). Empty rows stay as empty lines, so line N is row N + that - 1."""
    import csv
    import io
    sheet = open_sheet(path, None, date_names, money_names, label=path)
    out = io.StringIO()
    write = csv.writer(out, lineterminator="\n").writerow
    write(sheet.header)
    line = sheet.first_row
    for n, cells in sheet.rows():
        out.write("\n" * (n - line - 1))
        write(cells)
        line = n
    return out.getvalue(), sheet.name, sheet.first_row


class Sheet:
    """One sheet of a workbook: its name, the header row's text, and `rows()`: the
    following rows as (Excel row number, [cell text …]), empty rows left out."""

    def __init__(self, name: str, header: list[str], rows, date_columns: set[int], money_columns: set[int]):
        self.name = name
        self.header = header
        self._rows = rows
        self._kinds = {i: "date" for i in date_columns} | {i: "money" for i in money_columns}
        self._convert: list[_Converter] = []
        self.height = 0
        self.first_row = 1   # the header's row number

    def rows(self):
        """The rows after the header, a batch at a time converted column by column: most
        columns hold one type (quantities, dates, prices), whose repeated values are looked
        up in one C-level map instead of a call per cell."""
        from itertools import islice
        width = len(self.header)
        rows = iter(self._rows)
        while batch := list(islice(rows, BATCH)):
            values = [v for _, v in batch]
            wide = max(map(len, values))
            if any(len(v) != wide for v in values):
                values = [list(v) + [""] * (wide - len(v)) for v in values]
            while len(self._convert) < wide:
                self._convert.append(_Converter(self._kinds.get(len(self._convert))))
            cols = [conv.column(col) for conv, col in zip(self._convert, zip(*values))]
            for (n, _), cells in zip(batch, map(list, zip(*cols))):
                if len(cells) > width:   # cells right of the header: only empty ones go
                    while len(cells) > width and not cells[-1].strip():
                        cells.pop()
                elif len(cells) < width:
                    cells.extend([""] * (width - len(cells)))
                if any(cells):
                    yield n, cells


def open_sheet(source, sheet: str | None = None, date_names: frozenset[str] = frozenset(),
               money_names: frozenset[str] = frozenset(), label: str = "") -> Sheet:
    """The sheet named `sheet` (exactly, else ignoring case), or the first worksheet, of the
    workbook at `source` (a path, or a binary file object); `date_names` are the header
    names whose numbers are date serials, `money_names` those whose numbers have at least two
    decimals. `label` names the file in errors."""
    from python_calamine import CalamineWorkbook
    label = label or str(source)
    if isinstance(source, str):
        import os
        if not os.path.exists(source):
            raise GendanError(f"no such file {label!r} (check the path)")
        if os.path.isdir(source):
            raise GendanError(f"{label!r} is a directory (give a workbook or a CSV file)")
        if not os.access(source, os.R_OK):
            raise GendanError(f"cannot read {label!r} (check its permissions)")
    _refuse_sparse_giants(source, label)
    try:
        book = CalamineWorkbook.from_object(source)
    except Exception as e:   # calamine's errors: not a zip, a broken or encrypted workbook …
        raise GendanError(f"{label} is not a readable workbook ({_why(e)}; save it again from the spreadsheet "
                          f"as .xlsx, or as CSV UTF-8)") from None
    name = _choose(book, sheet, label)
    try:
        found = book.get_sheet_by_name(name)
    except Exception as e:
        raise GendanError(f"{label}: sheet {name!r} cannot be read ({_why(e)})") from None
    numbered = _numbered_rows(found)
    header_row = next(numbered, None)
    while header_row is not None and not any(_text(v, None).strip() for v in header_row[1]):
        header_row = next(numbered, None)   # empty rows above the table
    if header_row is None:
        return Sheet(name, [], iter(()), set(), set())
    header = [_text(v, None).strip() for v in header_row[1]]
    while header and not header[-1]:
        header.pop()
    dates = {i for i, h in enumerate(header) if h.lower() in date_names}
    money = {i for i, h in enumerate(header) if h.lower() in money_names}
    result = Sheet(name, header, numbered, dates, money)
    result.height = max(found.height - 1, 0)
    result.first_row = header_row[0]
    return result


def _numbered_rows(found):
    """(Excel row number, cells) of every row calamine gives. Its used range starts at the
    first row holding a value (`start`); some versions iterate from there, others from row 1
    with the rows above it empty — told apart by that first row: empty only when padded."""
    top = (found.start or (0, 0))[0]
    values = iter(found.iter_rows())
    first = next(values, None)
    if first is None:
        return iter(())
    padded = top > 0 and not any(v not in ("", None) for v in first)
    import itertools
    return enumerate(itertools.chain([first], values), 1 if padded else top + 1)


MAX_CELLS = 20_000_000   # rows × columns calamine may lay out: ~32 bytes each in memory


def _refuse_sparse_giants(source, label: str) -> None:
    """Refuse a workbook whose sheets span more than MAX_CELLS: calamine lays a sheet out as
    one dense block from its first cell to its last, so a 1.5 KB file with a cell at XFD1048576
    asked for 512 GiB and aborted the process. The sheets' XML is read as it is decompressed
    for the highest row and column a cell names; the searches look only for what is rare in a
    real sheet (two-letter columns, rows past 99,999), so 100,000 lines cost ~0.15 s."""
    import zipfile
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        return   # not a zip (an .xls, .ods or a broken file): calamine says what it is
    with archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                with archive.open(info) as xml:
                    rows, cols = _span(xml)
                if rows * cols > MAX_CELLS:
                    raise GendanError(f"{label}: a sheet spans {rows:,} rows × {cols:,} columns, more than "
                                      f"{MAX_CELLS:,} cells (copy the data to a new sheet, or save it as CSV UTF-8)")
    if hasattr(source, "seek"):
        source.seek(0)


def _span(xml) -> tuple[int, int]:
    """(highest row, highest column) named by a sheet's rows and cells; a single-letter column
    counts as Z unless that bound matters."""
    import re
    row_attr = re.compile(rb'<row r="([0-9]{1,7})"')
    far_row = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{6,7})"')
    wide = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')
    rows, letters, singles, tail = 0, set(), set(), b""
    while chunk := xml.read(1 << 22):
        text = tail + chunk
        rows = max(rows, *map(int, row_attr.findall(text) or [0]), *map(int, far_row.findall(text) or [0]))
        letters.update(wide.findall(text))
        if not letters and rows * 26 > MAX_CELLS:   # only then is the exact single letter worth finding
            singles.update(c for c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ" if b'<c r="%c' % c in text)
        tail = chunk[-40:]
    cols = max((_column_number(c) for c in letters), default=0) or (max(singles) - 64 if singles else 26)
    return rows, cols


def _column_number(letters: bytes) -> int:
    """b"A" → 1, b"XFD" → 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _choose(book, sheet: str | None, label: str) -> str:
    names = list(book.sheet_names)
    if sheet is None:
        from python_calamine import SheetTypeEnum
        kinds = {m.name: m.typ for m in book.sheets_metadata}
        first = next((n for n in names if kinds.get(n) == SheetTypeEnum.WorkSheet), names[0] if names else None)
        if first is None:
            raise GendanError(f"{label} has no sheets (is it a workbook?)")
        return first
    if sheet in names:
        return sheet
    same = [n for n in names if n.casefold() == sheet.casefold()]
    if len(same) == 1:
        return same[0]
    raise UsageError(f"{label} has no sheet {sheet!r}", f"its sheets: {', '.join(names)}")


class _Converter:
    """`_text` for one column, each distinct value converted once (dates, quantities and
    prices repeat down a sheet)."""

    def __init__(self, column: str | None):
        self.kind = column
        self.cache: dict = {}

    def column(self, col: tuple) -> list[str] | tuple:
        types = set(map(type, col))
        if str in types:
            if len(types) == 1:
                return self._serials(col) if self.kind == "date" else col
            col = [v if type(v) is str else self.one(v) for v in col]
            return self._serials(col) if self.kind == "date" else col
        if bool in types:   # True == 1: booleans never share the cache with numbers
            return [self.one(v) for v in col]
        out = list(map(self.cache.get, col))
        if None in out:
            out = [t if t is not None else self.one(v) for t, v in zip(out, col)]
        return out

    def one(self, v) -> str:
        if type(v) is bool:
            return "true" if v else "false"
        text = self.cache.get(v)
        if text is None:
            text = _text(v, self.kind)
            if len(self.cache) < CACHE_MAX:
                self.cache[v] = text
        return text

    @staticmethod
    def _serials(col) -> list[str]:
        """A date column's 5-digit text (a serial number stored as text) as its date."""
        return [_serial_date(int(c), c) if len(c) == 5 and c.isdigit() else c for c in col]


BATCH = 1000
CACHE_MAX = 50_000


def _text(v, column: str | None) -> str:
    """A cell as the text a person would have typed (see the module's docstring); `column`
    is "date", "money" or None."""
    kind = type(v)
    is_date = column == "date"
    if kind is str:
        return v
    if kind is float or kind is int:
        if is_date and (kind is int or v.is_integer()):
            return _serial_date(int(v), None)
        if column == "money" and v == v and v not in (_INF, -_INF):
            return _money(v)
        if kind is int or v.is_integer():
            return str(int(v))
        return repr(v)
    if kind is bool:
        return "true" if v else "false"
    if kind is datetime:
        if is_date or (v.hour, v.minute, v.second, v.microsecond) == (0, 0, 0, 0):
            return v.date().isoformat()
        return v.isoformat(sep=" ", timespec="minutes" if not v.second else "seconds")
    if kind is date:
        return v.isoformat()
    if kind is timedelta:
        return str(v)
    if v is None:
        return ""
    return str(v)


_INF = float("inf")
_CENT = Decimal("0.01")


def _money(v: float | int) -> str:
    """A number as money text: its shortest exact form, with at least two decimals."""
    d = Decimal(repr(v)) if type(v) is float else Decimal(v)
    if d.as_tuple().exponent > -2:
        d = d.quantize(_CENT)
    return format(d, "f")


def _serial_date(n: int, text: str | None) -> str:
    """Excel's day number `n` as an ISO date; out of Excel's range, the number as it was."""
    if 1 <= n <= _LAST_SERIAL:
        return (_EPOCH + timedelta(days=n)).isoformat()
    return text if text is not None else str(n)


def _why(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:200]
