"""`gendan import`: read the file's rows lazily, check them, write them in one transaction.

The row source (csv_rows for CSV, gendan.xlsx_in for an Excel sheet; any reader that yields
`(line number, cells)` will do)
feeds import_rows, which checks rows in `core.importing` against facts loaded once (known
parties) or in chunks for the numbers the file names (existing orders and POs, open PO
lines), never one query per row. Orders and POs are streamed: checked and written a batch at
a time, so a file of a million lines runs in the memory of one batch. Any problem refuses
the whole file (the transaction is rolled back), every bad row reported.
"""
import csv
import os
import sys
from datetime import date
from typing import Iterator

from gendan.core import importing
from gendan.errors import Blocked, GendanError

PROGRESS_MIN_BYTES = 256 * 1024   # about 4,000 rows: smaller files finish before a bar helps
PROGRESS_MIN_ROWS = 4_000         # the same for a workbook's sheet
MAX_LINE = 1 << 20   # characters in one line of a CSV file: a field is at most 128 KiB (csv's limit)


def run(store, kind: str, path: str, today: date, dry_run: bool, sheet: str | None = None) -> str:
    """Import `path` into `store`; return the one-line summary for stderr. The garbage
    collector is paused meanwhile (hundreds of thousands of small acyclic objects)."""
    from gendan.cli import _common
    with _common.gc_paused():
        if sheet is not None or _workbook(path):
            return _run_workbook(store, kind, path, today, dry_run, sheet)
        return _run(store, kind, path, today, dry_run)


def _workbook(path: str) -> bool:
    """An Excel (or .ods) file, by its name or, for stdin, its first bytes."""
    from gendan.xlsx_in import is_workbook, is_workbook_file
    if path == "-":
        peek = getattr(sys.stdin.buffer, "peek", None)
        return is_workbook("", peek(8)[:8]) if peek else False
    return is_workbook_file(path)


def _run_workbook(store, kind: str, path: str, today: date, dry_run: bool, sheet: str | None) -> str:
    """A sheet's rows through import_rows, as a CSV file's; problems are located as
    `sheet Orders, row 7: …` (Excel's own row numbers)."""
    import io
    from gendan.cli import _common
    from gendan.xlsx_in import open_sheet
    source = io.BytesIO(sys.stdin.buffer.read()) if path == "-" else path
    found = open_sheet(source, sheet, importing.DATE_COLUMNS, importing.MONEY_COLUMNS, label=path)
    if not found.header:
        return f"{path}: sheet {found.name} is empty, nothing to import"
    rows = found.rows()
    if found.height > PROGRESS_MIN_ROWS and sys.stderr.isatty() and os.environ.get("TERM") != "dumb":
        rows = _progress(rows, path, found.height)
    try:
        return f"{path}: {import_rows(store, kind, found.header, rows, today, dry_run, found.first_row)}"
    except Blocked as e:
        raise _common.relabel_lines(e, lambda n: f"sheet {found.name}, row {n}") from None


def _run(store, kind: str, path: str, today: date, dry_run: bool) -> str:
    """A CSV file's rows through import_rows (its text and quoting are checked as read: `_lines`, `_numbered`)."""
    with _open(path) as f:
        header, rows = csv_rows(f, path)
        if header is None:
            return f"{path}: empty file, nothing to import"
        if _wants_progress(f, path):
            rows = _progress(rows, path)
        return f"{path}: {import_rows(store, kind, header, rows, today, dry_run)}"


def csv_rows(f, path: str) -> tuple[list[str] | None, Iterator[tuple[int, list[str]]]]:
    """The header (None for an empty file) and an iterator of the rows after it, each
    `(line number, cells)`, read from `f` as they are asked for: a row source for import_rows."""
    reader = csv.reader(_lines(f, path), strict=True)   # strict: a quote never closed is an error, not the rest of the file
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise _csv_error(e, 1) from None
    return header, _numbered(reader)


def _csv_error(e: csv.Error, line: int) -> GendanError:
    """A CSV syntax error on the record that starts at `line`, as one line."""
    hint = ("a quote opened here is never closed (check for a stray \" in the cell)" if "end of data" in str(e)
            else f"{e} (check the quotes of this row)")
    return GendanError(f"line {line}: {hint}")


def import_rows(store, kind: str, header: list[str], rows: Iterator[tuple[int, list[str]]], today: date,
                dry_run: bool, header_line: int = 1) -> str:
    """Check and write one file's rows, whatever format they were read from: `header` is the
    cells of the file's line `header_line`, `rows` yields `(line number, cells)` lazily. All or nothing, in one
    transaction: any problem refuses the whole file, every bad row reported. A dry run reads
    one snapshot and writes nothing, keeping in memory what the batches before would have
    written. Returns what was imported, for the summary line."""
    try:
        cols = importing.header_index(kind, header, header_line)
    except importing.ImportRefused as e:
        raise Blocked(e.problems[0], e.problems + [_summary(len(e.problems), "the header")]) from None
    if dry_run:   # a snapshot: checked as the import would be, never holding the write lock
        with store.snapshot():
            parsed = _import(store, kind, cols, rows, today, write=False)
        return f"{_counts(kind, parsed)} would be imported (dry run: nothing written)"
    with store.transaction():
        parsed = _import(store, kind, cols, rows, today, write=True)
    return f"imported {_counts(kind, parsed)}"


BATCH = 2_000   # orders or POs checked and written at a time (~10,000 lines): the import's memory
ROWS = 5_000    # rows of the other files (receipts, parties, products …) checked and written at a time


def _import(store, kind: str, cols, rows, today: date, write: bool) -> importing.Parsed:
    """Every kind of file is read lazily and (when `write`) written a batch at a time inside
    the caller's transaction, so memory holds one batch whatever the file's length; a bill of
    materials, a few rows a SKU, is read whole. Raises Blocked listing every bad row."""
    if kind in ("orders", "pos"):
        out = _documents(store, kind, cols, rows, today, write)
    elif kind == "receipts":
        out = _receipts(store, cols, rows, today, write)
    elif kind == "bom":
        out = _boms(store, cols, rows, write)
    else:
        out = _per_row(store, kind, cols, rows, today, write)
    _refuse(out)
    return out


def _documents(store, kind: str, cols, rows, today: date, write: bool) -> importing.Parsed:
    """Orders or POs, checked against the database a batch at a time; while no problem is
    found each batch is written, so memory holds one batch whatever the file's length. Once a
    problem is found nothing more is written, the rest is still read for its problems, and
    Blocked undoes it all."""
    from gendan.store import orders, parties, purchasing
    out = importing.Parsed()
    if kind == "orders":
        docs = importing.iter_orders(rows, cols, parties.customer_map(store), today, out)
        existing, insert, what = orders.existing_orders, orders.insert_orders, "order"
    else:
        docs = importing.iter_pos(rows, cols, parties.supplier_map(store), today, out)
        existing, insert, what = purchasing.existing_pos, purchasing.insert_pos, "PO"
    reported: set[str] = set()
    for batch in importing.batched(docs, BATCH):
        batch = importing.drop_existing(batch, existing(store, [importing.number_of(d) for d in batch]), out, what)
        if kind == "pos":
            named = {po.for_order for po in batch if po.for_order}
            importing.unknown_refs_of(batch, orders.existing_orders(store, named) if named else set(), out, reported)
        out.count += len(batch)
        if write and not out.problems:
            insert(store, batch, "import")
            store.flush_events()
    return out


def _receipts(store, cols, rows, today: date, write: bool) -> importing.Parsed:
    """A receiving list, `ROWS` rows at a time, each batch matched to the PO lines as the
    database holds them. Written as it goes (whatever problems came before), a later row is
    checked against what the earlier good rows accepted, as if the file were read whole; a dry
    run keeps those quantities in memory instead. A row repeating a receipt recorded before
    the import (same PO line, date, ref and quantities) is refused. One audit event per PO
    per batch. `first_line` collects every PO named (the summary counts them)."""
    from gendan.store import purchasing
    out = importing.Parsed()
    before = purchasing.last_receipt_id(store)
    taken: dict = {}   # a dry run's accepted quantities, across batches
    for chunk in importing.batched(rows, ROWS):
        part = importing.parse_receipts(chunk, cols, today)
        matched = importing.match_receipts(part, purchasing.open_lines_for(store, part.first_line),
                                           purchasing.receipts_with_refs(store, part.first_line, before),
                                           None if write else taken)
        if write:
            purchasing.receive_rows(store, matched, "import")
            store.flush_events()
        out.problems += part.problems
        out.lines += part.lines
        for po, n in part.first_line.items():
            out.first_line.setdefault(po, n)
    return out


def _boms(store, cols, rows, write: bool) -> importing.Parsed:
    from gendan.store import materials, parties
    out = importing.parse_boms(rows, cols, set(parties.supplier_map(store)))
    importing.known_boms(out, materials.known_skus(store, list(out.first_line)))
    if write and not out.problems:
        materials.set_many(store, out.docs, "import")
    out.count = len(out.docs)
    return out


def _per_row(store, kind: str, cols, rows, today: date, write: bool) -> importing.Parsed:
    """Files of one record a row (customers, suppliers, products, samples, complaints), `ROWS`
    rows at a time: each batch parsed, its numbers checked against the batches before it and
    the database, and written while no problem is found. Only the numbers seen are kept."""
    parse, check, insert, what, number = _ROW_KINDS[kind]
    out = importing.Parsed()
    seen = out.first_line
    for chunk in importing.batched(rows, ROWS):
        part = parse(store, kind, chunk, cols, today)
        again = [no for no in part.first_line if no in seen]
        for no in again:
            part.problems.append((part.first_line.pop(no), f"duplicate {what} {no} (already on line {seen[no]})"))
        if again:
            part.docs = [d for d in part.docs if getattr(d, number) in part.first_line]
        docs = check(store, kind, part)
        seen.update(part.first_line)
        out.problems += part.problems
        out.lines += part.lines
        out.count += len(docs)
        if write and not out.problems:
            insert(store, kind, docs)
            store.flush_events()
    return out


def _parse_parties(store, kind, rows, cols, today):
    return importing.parse_parties(kind, rows, cols)


def _check_parties(store, kind, part):
    table = "customers" if kind == "customers" else "suppliers"
    importing.known_parties(part, store.existing(table, "code", part.first_line), kind)
    return part.docs


def _write_parties(store, kind, docs):
    from gendan.store import parties
    parties.add_parties(store, kind, docs, "import")


def _parse_products(store, kind, rows, cols, today):
    return importing.parse_products(rows, cols)


def _check_products(store, kind, part):
    importing.known_products(part, store.existing("products", "sku", part.first_line))
    return part.docs


def _write_products(store, kind, docs):
    from gendan.store import products
    products.add_products(store, docs, "import")


def _parse_samples(store, kind, rows, cols, today):
    return importing.parse_samples(rows, cols, today)


def _check_samples(store, kind, part):
    from gendan.store import samples
    part.docs = samples.check_import(store, part)
    return part.docs


def _write_samples(store, kind, docs):
    from gendan.store import samples
    samples.add_many(store, docs, "import")


def _parse_complaints(store, kind, rows, cols, today):
    """Complaints are checked in core.aftersales against the parties and the orders the rows name."""
    from gendan.core.aftersales import parse_rows
    from gendan.store import orders, parties
    out = importing.Parsed()
    rows = list(importing.full_rows(rows, cols, out))
    named = {cells[cols["order"]].strip() for _, cells in rows if "order" in cols and cells[cols["order"]].strip()}
    out.docs, out.first_line, problems = parse_rows(
        rows, cols, set(parties.customer_map(store)), set(parties.supplier_map(store)),
        orders.customers_of(store, named), today, store.setting("complaint_reply_days"))
    out.problems += problems
    return out


def _check_complaints(store, kind, part):
    for no in store.existing("complaints", "complaint_no", part.first_line):
        part.problems.append((part.first_line[no], f"complaint {no} already exists (remove it from the file, "
                                                   f"or give it a new number)"))
    return part.docs


def _write_complaints(store, kind, docs):
    from gendan.store import aftersales
    aftersales.insert_many(store, docs, "import")


# kind → (parse a batch of rows, check it against the database, write it, the record in
# messages, the field that holds its number)
_ROW_KINDS = {
    "customers": (_parse_parties, _check_parties, _write_parties, "customer", "code"),
    "suppliers": (_parse_parties, _check_parties, _write_parties, "supplier", "code"),
    "products": (_parse_products, _check_products, _write_products, "product", "sku"),
    "samples": (_parse_samples, _check_samples, _write_samples, "sample", "sample"),
    "complaints": (_parse_complaints, _check_complaints, _write_complaints, "complaint", "complaint"),
}


def _refuse(parsed) -> None:
    if parsed.problems:
        lines = importing.report(parsed.problems)
        raise Blocked(lines[0], lines + [_summary(len(lines), "bad rows")])


def _summary(n: int, what: str) -> str:
    return f"{n} problem{'s' * (n != 1)} found; nothing imported (fix {what} and run the import again)"


def _counts(kind: str, parsed) -> str:
    n = parsed.count
    if kind in ("orders", "pos"):
        return f"{n} {'order' if kind == 'orders' else 'PO'}{'s' * (n != 1)} ({parsed.lines} lines)"
    if kind == "bom":
        return f"{n} BOM{'s' * (n != 1)} ({parsed.lines} parts)"
    if kind == "receipts":
        pos = len(parsed.first_line)
        return f"{parsed.lines} receipt row{'s' * (parsed.lines != 1)} on {pos} PO{'s' * (pos != 1)}"
    return f"{n} {kind if n != 1 else kind[:-1]}"  # customers, suppliers, products, samples, complaints


def _lines(f, path: str):
    """The file's lines, each read with a bound: a line longer than MAX_LINE (a file with no
    newline in sight, /dev/zero) is refused before it fills the memory, and so is a NUL,
    which no text cell holds (a binary file, or a cell pasted from one)."""
    readline = f.readline
    n = 0
    while True:
        try:
            line = readline(MAX_LINE + 1)
        except UnicodeDecodeError as e:
            where = _first_bad_line(path)   # text is decoded a buffer ahead of the lines read
            raise GendanError(f"{path} is not UTF-8 text{f' (line {where:,})' if where else ''}: {e.reason} "
                              f"(save it as 'CSV UTF-8')") from None
        if not line:
            return
        n += 1
        if len(line) > MAX_LINE:
            raise GendanError(f"{path}: line {n} is longer than {MAX_LINE:,} characters "
                              f"(is it a CSV file? save it from the spreadsheet as CSV UTF-8)")
        if "\0" in line:
            raise GendanError(f"{path}: line {n} holds a NUL character (is it a CSV file? save it "
                              f"from the spreadsheet as CSV UTF-8)")
        yield line


def _first_bad_line(path: str) -> int | None:
    """The number of the first line of the file that is not UTF-8 (None for stdin)."""
    if path == "-":
        return None
    try:
        with open(path, "rb") as raw:
            for n, line in enumerate(raw, 1):
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    return n
    except OSError:
        pass
    return None


class _open:
    """The file (or stdin for '-') as UTF-8 text; a BOM, as Excel writes, is dropped."""

    def __init__(self, path: str):
        self.path = path

    def __enter__(self):
        if self.path == "-":   # through stdin's buffer, which holds what _workbook peeked at
            import io
            self.f = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", newline="")
        else:
            try:
                self.f = open(self.path, encoding="utf-8-sig", newline="")
            except FileNotFoundError:
                raise GendanError(f"no such file {self.path!r} (check the path)") from None
            except IsADirectoryError:
                raise GendanError(f"{self.path!r} is a directory (give a CSV file)") from None
            except PermissionError:
                raise GendanError(f"cannot read {self.path!r} (check its permissions)") from None
        return self.f

    def __exit__(self, *exc):
        if self.path == "-":
            self.f.detach()   # stdin stays open
        else:
            self.f.close()


def _numbered(reader):
    """(first line of the record, cells): a quoted field may span lines."""
    last = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise _csv_error(e, last + 1) from None
        yield last + 1, cells
        last = reader.line_num


def _wants_progress(f, path: str) -> bool:
    if path == "-" or not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        return False
    try:
        return os.path.getsize(path) > PROGRESS_MIN_BYTES
    except OSError:
        return False


def _progress(rows, path: str, total: int | None = None):
    """A rich progress bar on stderr, by line count (counted once from the raw bytes, unless
    the `total` is known: a sheet's rows)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
    if total is None:
        with open(path, "rb") as raw:
            total = sum(chunk.count(b"\n") for chunk in iter(lambda: raw.read(1 << 20), b"")) - 1
    with Progress(TextColumn("checking {task.description}"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,}"),
                  TimeRemainingColumn(), transient=True, console=_stderr_console()) as bar:
        task = bar.add_task(os.path.basename(path), total=max(total, 1))
        n = 0
        for item in rows:
            yield item
            n += 1
            if n % 2000 == 0:
                bar.update(task, completed=n)
        bar.update(task, completed=n)


def _stderr_console():
    from rich.console import Console
    return Console(file=sys.stderr)
