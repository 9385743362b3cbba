"""Import files (orders, POs, receipts, customers, suppliers): validating rows, pure.

A parser takes the rows of a CSV file as `(line_number, cells)` pairs plus the few facts it
checks against (known customers, suppliers, open PO lines), and returns the documents to
write and the problems found, each `(line, what)`. A file is all-or-nothing: the CLI writes
only when no problem is found. Nothing here touches the database or the clock.

Speed matters (100,000 lines a second is the goal): each field is checked with a fast path
for the usual spelling, and values that repeat (dates, prices) are parsed once per file.
"""
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable, Iterator

from gendan.core.dates import parse_date
from gendan.core.models import Customer, Order, OrderLine, PoLine, PurchaseOrder, Supplier
from gendan.core.money import parse_currency, parse_decimal, parse_price, price_places
from gendan.core.orders import check_code, check_pct, parse_qty
from gendan.core.text import HIDDEN
from gendan.errors import GendanError

Problem = tuple[int, str]
Rows = Iterable[tuple[int, list[str]]]

# kind → (required columns, optional columns), in the order `export` writes them.
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "orders": (("order", "customer", "due", "sku", "qty", "price"),
               ("description", "ordered", "currency", "deposit_pct", "balance_before_ship", "credit_days",
                "note", "cancelled")),
    "pos": (("po", "supplier", "due", "sku", "qty", "price"),
            ("for_order", "description", "ordered", "currency", "confirmed", "cancelled")),
    "receipts": (("po", "sku", "qty"), ("rejected", "date", "ref", "note")),
    "customers": (("code", "name"), ("currency", "deposit_pct", "balance_before_ship", "credit_days",
                                     "contact", "phone", "email")),
    "suppliers": (("code", "name"), ("currency", "credit_days", "lead_days", "contact", "phone", "email")),
    "products": (("sku",), ("description", "hs", "pack", "carton", "nw", "gw")),
    "samples": (("sample", "customer", "sku", "kind"),
                ("order", "supplier", "qty", "requested", "due", "received", "sent", "courier", "awb", "feedback",
                 "feedback_date", "comments", "sealed", "location", "note")),
    "bom": (("sku", "part", "qty_per"), ("scrap", "supplier")),
    "complaints": (("complaint", "customer", "kind", "desc", "received"),   # parsed in core.aftersales
                   ("order", "sku", "qty", "supplier", "reply_by", "replied", "answer", "closed", "cause", "outcome")),
}
KINDS = tuple(COLUMNS)
# Columns that hold dates: a workbook's serial numbers there are dates (gendan.xlsx_in).
DATE_COLUMNS = frozenset({"due", "ordered", "date", "confirmed", "requested", "received", "sent", "feedback_date",
                          "reply_by", "replied", "closed"})
# Columns that hold money: a workbook's numbers there read with at least two decimals (18.50).
MONEY_COLUMNS = frozenset({"price"})
_CODE = re.compile(f"[^\\s,;'\"{HIDDEN}]{{1,64}}")
_PRICE = re.compile(r"\d{1,12}(?:\.\d{1,6})?")   # the usual spelling; anything else goes to parse_price
_TRUE = {"true": True, "1": True, "yes": True, "y": True, "false": False, "0": False, "no": False, "n": False, "": None}


def header_index(kind: str, header: list[str], line: int = 1) -> dict[str, int]:
    """Column name → position; refuse missing required columns and unknown ones (typos),
    each on the header's `line` (a sheet's header may sit below row 1)."""
    required, optional = COLUMNS[kind]
    names = [h.strip().lower() for h in header]
    problems = []
    for col in required:
        if col not in names:
            problems.append(f"line {line}: missing column {col!r} (a {kind} file needs {', '.join(required)})")
    seen: set[str] = set()
    unknown, twice = [], []
    for name in names:
        if name not in required and name not in optional:
            unknown.append(name)
        elif name in seen:
            twice.append(name)
        seen.add(name)
    accepted = f"accepted: {', '.join(required + optional)}"
    if len(unknown) == 1:
        problems.append(f"line {line}: unknown column {_shown(unknown[0])} ({accepted})")
    elif unknown:
        problems.append(f"line {line}: {len(unknown):,} unknown columns: {listed(unknown)} ({accepted})")
    if twice:
        problems.append(f"line {line}: column{'s' * (len(twice) > 1)} {listed(twice)} appear{'s' * (len(twice) == 1)} "
                        f"twice (keep one)")
    if problems:
        raise ImportRefused(problems)
    return {name: i for i, name in enumerate(names)}


SHOWN = 20   # names listed in one message: a junk header of 100,000 columns is one line, not 100,000


def listed(names: list[str], shown: int = SHOWN) -> str:
    """'a', 'b' … and N more: the first `shown` names, then how many were left out — a person
    reads the first few and fixes the file; the rest would only scroll them away."""
    text = ", ".join(_shown(n) for n in names[:shown])
    return text + (f" … and {len(names) - shown:,} more" if len(names) > shown else "")


def _shown(name: str) -> str:
    """A column name as a message quotes it: a long one is cut (a binary file's first line)."""
    return repr(name) if len(name) <= 60 else repr(name[:57] + "…")


class ImportRefused(GendanError):
    """The file has problems; `problems` holds one `line N: what` text each."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0] if problems else "import refused")
        self.problems = problems


def report(problems: list[Problem]) -> list[str]:
    """`line N: what`, in file order."""
    return [f"line {n}: {what}" for n, what in sorted(problems, key=lambda p: p[0])]


class _Fields:
    """Field parsers with per-file caches; each raises GendanError with a message for people."""

    def __init__(self, today: date):
        self.today = today
        self._dates: dict[str, date] = {}
        self._prices: dict[str, Decimal] = {}

    def date(self, text: str, what: str) -> date:
        d = self._dates.get(text)
        if d is None:
            d = self._dates[text] = parse_date(text, self.today, what)
        return d

    def opt_date(self, text: str, what: str, default):
        return self.date(text, what) if text.strip() else default

    def price(self, text: str) -> Decimal:
        p = self._prices.get(text)
        if p is None:
            p = self._prices[text] = price_places(Decimal(text)) if _PRICE.fullmatch(text) else parse_price(text)
        return p

    @staticmethod
    def qty(text: str, what: str = "quantity", allow_zero: bool = False) -> int:
        if text.isascii() and text.isdigit() and text[0] != "0" and len(text) < 10:
            return int(text)   # 1 … 999,999,999: within MAX_QTY
        return parse_qty(text, what, allow_zero)

    @staticmethod
    def code(text: str, what: str) -> str:
        if _CODE.fullmatch(text):
            return text
        return check_code(text, what)

    @staticmethod
    def flag(text: str, what: str, default: bool) -> bool:
        value = _TRUE.get(text.strip().lower(), "?")
        if value == "?":
            raise GendanError(f"bad {what} {text!r} (use true or false)")
        return default if value is None else value

    @staticmethod
    def days(text: str, what: str, default: int) -> int:
        return default if not text.strip() else parse_qty(text, what, allow_zero=True)


def _clash(names, here, first) -> str | None:
    """The first document field this row gives differently from the document's first row;
    a blank cell repeats the value above (spreadsheets often fill only the first row)."""
    for name, a, b in zip(names, here, first):
        if a != b and a.strip() and a.strip() != b.strip():
            return name
    return None


def _cell(cells: list[str], cols: dict[str, int], name: str) -> str:
    i = cols.get(name)
    return cells[i].strip() if i is not None else ""


def full_rows(rows: Rows, cols: dict[str, int], out: "Parsed") -> Iterator[tuple[int, list[str]]]:
    """Skip blank rows (empty lines, or only commas); refuse rows whose field count differs
    from the header's; count the rest."""
    width = len(cols)
    count = 0
    try:
        for n, cells in rows:
            if not any(c.strip() for c in cells):   # a blank line, or a blank row as Excel saves it: ",,,"
                continue
            if len(cells) != width:
                out.problems.append((n, f"has {len(cells)} fields, the header has {width} "
                                        f"(check for a stray comma or quote)"))
                continue
            count += 1
            yield n, cells
    finally:
        out.lines += count


@dataclass
class Parsed:
    """What a parser found: the documents, where each starts, and the problems."""
    docs: list = field(default_factory=list)
    first_line: dict[str, int] = field(default_factory=dict)
    refs: dict[str, int] = field(default_factory=dict)      # for_order → first line naming it
    problems: list[Problem] = field(default_factory=list)
    lines: int = 0
    count: int = 0   # documents read, where they are streamed and not kept in `docs`


class Document:
    """A document being read from consecutive rows: its number, the line it starts on, the
    raw cells of its own fields (as first given), its parsed fields (None when they are bad or
    the number repeats), and its lines so far with the line each SKU came from."""
    __slots__ = ("no", "start", "head", "fields", "lines", "skus")

    def __init__(self, no: str, start: int, head):
        self.no, self.start, self.head = no, start, head
        self.fields = None
        self.lines: list = []
        self.skus: dict[str, int] = {}


def documents(numbered: Iterator[tuple[int, list[str]]], out: Parsed, what: str, i_no: int, head_of,
              head_cols: list[str], cols: dict[str, int], read_head,
              keep: bool = True) -> Iterator[tuple[Document, list]]:
    """Group consecutive rows with the same number (column `i_no`) into documents; yield each
    document with its rows to read as lines, (line, cells) each, once its last row is seen.

    A new number starts a `Document` in `out.docs`; its fields are `read_head(cells, no)` (a
    GendanError is reported on that line and leaves the fields None). A number seen before is
    a duplicate (rows of one document must be consecutive): reported, its first row skipped,
    its other rows still read as lines so their own problems are reported. A later row that
    gives a document field differently (see `_clash`) is reported and skipped. `what` names the
    document in messages: "order", "PO". (Problems are not in line order: `report` sorts them.)

    Yielding per document, not per row, keeps the grouping's per-row cost to a list append.
    Measured on 100,000 lines with the collector paused, as `gendan import` runs: iter_pos
    0.274 s CPU before this helper, 0.287 s with it (about 1 % of `import pos`, within the
    noise of this machine); iter_orders 0.314 s both.

    With `keep` False the documents are not collected in `out.docs`: the caller builds each
    one as it is yielded and lets it go (a streamed import of a million lines)."""
    first_line = out.first_line
    doc, lines = None, []
    for item in numbered:
        n, cells = item
        no = cells[i_no].strip()
        head = head_of(cells)
        if doc is None or no != doc.no:
            if doc is not None:
                yield doc, lines
            doc, lines = Document(no, n, head), []
            if no in first_line:
                out.problems.append((n, f"duplicate {what} {no} (already on line {first_line[no]}; "
                                        f"rows of one {what} must be consecutive)"))
                continue
            first_line[no] = n
            if keep:
                out.docs.append(doc)
            try:
                doc.fields = read_head(cells, no)
            except GendanError as e:
                out.problems.append((n, str(e)))
        elif head != doc.head and (col := _clash(head_cols, head, doc.head)):
            out.problems.append((n, f"{what} {no} has {col} {_cell(cells, cols, col)!r} here but "
                                    f"{doc.head[head_cols.index(col)].strip()!r} on line {doc.start} "
                                    f"(one value per {what})"))
            continue
        lines.append(item)
    if doc is not None:
        yield doc, lines


def _complete(out: Parsed, build) -> None:
    """Replace the documents read by what `build(doc)` makes of each one whose fields are
    good and that has at least one good line."""
    out.docs = [build(doc) for doc in out.docs if doc.fields is not None and doc.lines]


def iter_orders(rows: Rows, cols: dict[str, int], customers: dict[str, Customer], today: date,
                out: Parsed) -> Iterator[Order]:
    """The orders of `rows` (one row per order line; rows of one order are consecutive and
    agree on the order's fields), each yielded once its last row is read; problems, first
    lines and the line count go to `out`. Lazy: a file of any length is read in the memory
    of one order."""
    from operator import itemgetter
    f, heads = _Fields(today), {}
    head_cols = [c for c in ("customer", "due", "ordered", "currency", "deposit_pct", "balance_before_ship",
                             "credit_days", "note", "cancelled") if c in cols]
    head_of = itemgetter(*[cols[c] for c in head_cols], cols["customer"])  # always a tuple
    i_sku, i_qty, i_price = cols["sku"], cols["qty"], cols["price"]
    i_desc = cols.get("description")

    def read_head(cells, no):
        key = head_of(cells)
        fields = heads.get(key)
        if fields is None:
            fields = heads[key] = _order_head(cells, cols, customers, f)
        f.code(no, "order number")
        return fields

    for doc, rows_of_doc in documents(full_rows(rows, cols, out), out, "order", cols["order"], head_of, head_cols,
                                      cols, read_head, keep=False):
        no, lines, skus = doc.no, doc.lines, doc.skus
        for n, cells in rows_of_doc:
            try:
                sku = f.code(cells[i_sku].strip(), "SKU")
                if sku in skus:
                    raise GendanError(f"duplicate line: SKU {sku} of order {no} is also on line {skus[sku]} "
                                      f"(give each SKU once per order)")
                skus[sku] = n
                lines.append(OrderLine(len(lines) + 1, sku, f.qty(cells[i_qty].strip()), f.price(cells[i_price]),
                                       cells[i_desc].strip() if i_desc is not None else ""))
            except GendanError as e:
                out.problems.append((n, str(e)))
        if doc.fields is not None and doc.lines:
            yield Order(doc.no, lines=tuple(doc.lines), **doc.fields)


def _order_head(cells, cols, customers: dict[str, Customer], f: _Fields) -> dict:
    """The order's own fields from its first row (the same text always gives the same fields)."""
    code = _cell(cells, cols, "customer")
    cust = customers.get(code)
    if cust is None:
        raise GendanError(f"unknown customer {code!r} (add it with 'gendan customer add' or 'gendan import customers')")
    due = f.date(_cell(cells, cols, "due"), "due date")
    ordered = f.opt_date(_cell(cells, cols, "ordered"), "ordered date", f.today)
    if due < ordered:
        raise GendanError(f"due date {due} is before the order date {ordered} (check due and ordered)")
    currency = _cell(cells, cols, "currency")
    dep = _cell(cells, cols, "deposit_pct")
    return dict(customer=code, ordered=ordered, due=due,
                currency=parse_currency(currency) if currency else cust.currency,
                deposit_pct=check_pct(parse_decimal(dep, "deposit %")) if dep else cust.deposit_pct,
                balance_before_ship=f.flag(_cell(cells, cols, "balance_before_ship"), "balance_before_ship",
                                           cust.balance_before_ship),
                credit_days=f.days(_cell(cells, cols, "credit_days"), "credit days", cust.credit_days),
                note=_cell(cells, cols, "note"),
                cancelled=f.flag(_cell(cells, cols, "cancelled"), "cancelled", False))


def iter_pos(rows: Rows, cols: dict[str, int], suppliers: dict[str, Supplier], today: date,
             out: Parsed) -> Iterator[PurchaseOrder]:
    """The POs of `rows` (one row per PO line, each with its own due date; the PO's due date is
    its earliest line's), each yielded once its last row is read; problems, first lines, the
    orders named (`out.refs`) and the line count go to `out`. Lazy: a file of any length is
    read in the memory of one PO.

    The hot loop of a large import: the PO's own fields are parsed once per distinct spelling
    (most POs share supplier, dates and currency), and each line's cells are checked inline
    against caches of the spellings already seen (dates, prices, SKUs)."""
    from operator import itemgetter
    f, heads = _Fields(today), {}
    head_cols = [c for c in ("supplier", "for_order", "ordered", "currency", "confirmed", "cancelled") if c in cols]
    head_of = itemgetter(*[cols[c] for c in head_cols], cols["supplier"])  # always a tuple
    i_sku, i_qty, i_price, i_due = cols["sku"], cols["qty"], cols["price"], cols["due"]
    i_desc = cols.get("description")
    problems = out.problems
    code_ok, code, to_date, qty_of, price_of = _CODE.fullmatch, f.code, f.date, f.qty, f.price
    known_date, known_price = f._dates.get, f._prices.get   # the caches first: no call per cell
    good_skus: set[str] = set()   # a file repeats a few hundred SKUs: check each spelling once

    def read_head(cells, no):
        key = head_of(cells)
        fields = heads.get(key)
        if fields is None:
            fields = heads[key] = _po_head(cells, cols, suppliers, f)
        if not code_ok(no):
            code(no, "PO number")
        return fields

    refs = out.refs
    for doc, rows_of_doc in documents(full_rows(rows, cols, out), out, "PO", cols["po"], head_of, head_cols, cols,
                                      read_head, keep=False):
        no, lines, skus, fields = doc.no, doc.lines, doc.skus, doc.fields
        for n, cells in rows_of_doc:
            try:
                sku = cells[i_sku].strip()
                if sku not in good_skus:
                    if not code_ok(sku):
                        code(sku, "SKU")
                    good_skus.add(sku)
                if sku in skus:
                    raise GendanError(f"duplicate line: SKU {sku} of PO {no} is also on line {skus[sku]} "
                                      f"(give each SKU once per PO)")
                skus[sku] = n
                due = known_date(cells[i_due]) or to_date(cells[i_due], "due date")
                if fields is not None and due < fields[1]:
                    raise GendanError(f"due date {due} is before the PO date {fields[1]} (check due and ordered)")
                q = cells[i_qty].strip()   # the usual spelling inline (see _Fields.qty)
                qty = int(q) if q.isdigit() and q.isascii() and q[0] != "0" and len(q) < 10 else qty_of(q)
                lines.append(PoLine(len(lines) + 1, sku, qty, known_price(cells[i_price]) or price_of(cells[i_price]),
                                    due, cells[i_desc].strip() if i_desc is not None else ""))
            except GendanError as e:
                problems.append((n, str(e)))
        if fields is not None and lines:
            if fields[3]:   # the order the PO is for, where it is first named
                refs.setdefault(fields[3], doc.start)
            yield _po(no, fields, lines)


def _po_head(cells, cols, suppliers: dict[str, Supplier], f: _Fields) -> tuple:
    """The PO's own fields from its first row: (supplier, ordered, currency, for_order,
    confirmed, cancelled). The same text always gives the same fields, so it is cached."""
    code = _cell(cells, cols, "supplier")
    sup = suppliers.get(code)
    if sup is None:
        raise GendanError(f"unknown supplier {code!r} (add it with 'gendan supplier add' or 'gendan import suppliers')")
    for_order = _cell(cells, cols, "for_order")
    currency = _cell(cells, cols, "currency")
    return (code, f.opt_date(_cell(cells, cols, "ordered"), "ordered date", f.today),
            parse_currency(currency) if currency else sup.currency,
            f.code(for_order, "for_order") if for_order else None,
            f.opt_date(_cell(cells, cols, "confirmed"), "confirmed date", None),
            f.flag(_cell(cells, cols, "cancelled"), "cancelled", False))


def _po(no: str, fields: tuple, lines: list[PoLine]) -> PurchaseOrder:
    supplier, ordered, currency, for_order, confirmed, cancelled = fields
    due = lines[0].due if len(lines) == 1 else min(ln.due for ln in lines)
    return PurchaseOrder(no, supplier, ordered, due, currency, tuple(lines), for_order, confirmed, cancelled)


def number_of(doc) -> str:
    return doc.order if isinstance(doc, Order) else doc.po


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to `size` items, lazily (itertools.batched is Python 3.12)."""
    from itertools import islice
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def drop_existing(batch: list, existing: set[str], out: Parsed, what: str) -> list:
    """A streamed batch's documents without those whose numbers are already in the database,
    each of which is reported on the line where it starts."""
    if not existing:
        return batch
    for no in sorted(existing, key=out.first_line.__getitem__):
        out.problems.append((out.first_line[no], f"{what} {no} already exists (remove it from the file, "
                                                 f"or give it a new number)"))
    return [d for d in batch if number_of(d) not in existing]


def unknown_refs_of(batch: list, known: set[str], out: Parsed, reported: set[str]) -> None:
    """Refuse POs of a streamed batch `for_order` an order that does not exist, once per
    order, on the line where the file first names it."""
    for po in batch:
        ref = po.for_order
        if ref and ref not in known and ref not in reported:
            reported.add(ref)
            out.problems.append((out.refs.get(ref, out.first_line[po.po]),
                                 f"unknown order {ref!r} in for_order (import the orders first, or leave "
                                 f"for_order empty)"))


@dataclass(frozen=True)
class ReceiptRow:
    """One row of a receiving list, matched to its PO line."""
    line_no: int      # line of the file
    po: str
    sku: str
    qty: int
    rejected: int
    date: date
    ref: str = ""
    note: str = ""
    po_line: int = 0


def parse_receipts(rows: Rows, cols: dict[str, int], today: date) -> Parsed:
    """Rows of a warehouse receiving list; several rows may add to one PO line."""
    out, f = Parsed(), _Fields(today)
    i_po, i_sku, i_qty = cols["po"], cols["sku"], cols["qty"]
    for n, cells in full_rows(rows, cols, out):
        try:
            po = f.code(cells[i_po].strip(), "PO number")
            qty = f.qty(cells[i_qty].strip(), "quantity", allow_zero=True)
            bad = _cell(cells, cols, "rejected")
            rejected = f.qty(bad, "rejected", allow_zero=True) if bad else 0
            if rejected > qty:
                raise GendanError(f"rejected {rejected} is more than the {qty} received (rejected is part of qty)")
            if qty == 0:
                raise GendanError("quantity 0 (a receipt needs goods; remove the row)")
            out.docs.append(ReceiptRow(n, po, f.code(cells[i_sku].strip(), "SKU"), qty, rejected,
                                       f.opt_date(_cell(cells, cols, "date"), "date", today),
                                       _cell(cells, cols, "ref"), _cell(cells, cols, "note")))
            out.first_line.setdefault(po, n)
        except GendanError as e:
            out.problems.append((n, str(e)))
    return out


@dataclass(frozen=True)
class ReceivableLine:
    """A PO line as the database holds it: what a receipt is checked against."""
    line: int
    qty: int
    accepted: int
    placed: str = ""   # the PO's date (YYYY-MM-DD): nothing is received before it


def match_receipts(parsed: Parsed, pos: dict[str, tuple[bool, dict[str, ReceivableLine]]],
                   earlier: dict[tuple, int] | None = None, taken: dict | None = None) -> list[ReceiptRow]:
    """Attach each row to its PO line; refuse unknown POs and SKUs, cancelled POs, a row that
    repeats a receipt recorded before the import (`earlier`, see `_repeat`), and accepting
    more than a line still needs, counting the rows before it in `taken` ((po, sku) → accepted:
    pass one dict for every batch when the batches are not written as they go)."""
    from dataclasses import replace
    taken = {} if taken is None else taken
    out = []
    for r in parsed.docs:
        found = pos.get(r.po)
        if found is None:
            parsed.problems.append((r.line_no, f"unknown PO {r.po!r} (see 'gendan po list --all')"))
            continue
        cancelled, lines = found
        ln = lines.get(r.sku)
        if cancelled:
            parsed.problems.append((r.line_no, f"PO {r.po} is cancelled (nothing can be received on it)"))
        elif ln is None:
            parsed.problems.append((r.line_no, f"SKU {r.sku} is not on PO {r.po} (its SKUs: {', '.join(lines)})"))
        elif r.date.isoformat() < ln.placed:
            parsed.problems.append((r.line_no, f"receipt date {r.date} is before PO {r.po} was placed on {ln.placed} "
                                               f"(check the date)"))
        elif (repeat := _repeat(r, ln.line, earlier)) is not None:
            parsed.problems.append((r.line_no, repeat))
        else:
            key = (r.po, r.sku)
            before = taken.get(key, 0)
            still = max(ln.qty - ln.accepted - before, 0)
            if r.qty - r.rejected > still:
                parsed.problems.append((r.line_no, f"{r.sku}: accepting {r.qty - r.rejected} would exceed the {still} "
                                                   f"still open on PO {r.po} line {ln.line} (check the quantity)"))
                continue
            taken[key] = before + r.qty - r.rejected
            out.append(replace(r, po_line=ln.line))
    return out


def _repeat(r: ReceiptRow, line: int, earlier: dict[tuple, int] | None) -> str | None:
    """Why the row repeats a receipt recorded before this import — the same PO line, date,
    delivery-note ref and quantities: a receiving list imported twice. Rows without a ref are
    not compared (two like deliveries on a day are possible)."""
    rid = earlier.get((r.po, line, r.date.isoformat(), r.ref, r.qty, r.rejected)) if earlier and r.ref else None
    if rid is None:
        return None
    from gendan.core.numbers import receipt_no
    return (f"{r.po} {r.sku} {r.qty} of {r.date} ({r.ref}) is already received as {receipt_no(rid)} "
            f"(was this list imported before? remove the row)")


def parse_parties(kind: str, rows: Rows, cols: dict[str, int]) -> Parsed:
    """Customers or suppliers, one per row, with the same defaults as `customer add`/`supplier add`."""
    out, f = Parsed(), _Fields(date(2000, 1, 1))
    for n, cells in full_rows(rows, cols, out):
        g = lambda name: _cell(cells, cols, name)  # noqa: E731
        try:
            code = f.code(g("code"), f"{kind[:-1]} code")
            if code in out.first_line:
                raise GendanError(f"duplicate {kind[:-1]} {code} (already on line {out.first_line[code]})")
            out.first_line[code] = n
            if not g("name"):
                raise GendanError("name is empty (give the party's full name)")
            common = dict(code=code, name=g("name"), credit_days=f.days(g("credit_days"), "credit days", 0),
                          contact=g("contact"), phone=g("phone"), email=g("email"))
            if kind == "customers":
                dep = g("deposit_pct")
                out.docs.append(Customer(currency=parse_currency(g("currency") or "USD"),
                                         deposit_pct=check_pct(parse_decimal(dep, "deposit %")) if dep else Decimal(0),
                                         balance_before_ship=f.flag(g("balance_before_ship"), "balance_before_ship", True),
                                         **common))
            else:
                out.docs.append(Supplier(currency=parse_currency(g("currency") or "CNY"),
                                         lead_days=f.days(g("lead_days"), "lead days", 0), **common))
        except GendanError as e:
            out.problems.append((n, str(e)))
    return out


def known_parties(parsed: Parsed, existing: set[str], kind: str) -> None:
    for code in existing:
        parsed.problems.append((parsed.first_line[code], f"{kind[:-1]} {code} already exists (remove the row)"))



def parse_products(rows: Rows, cols: dict[str, int]) -> Parsed:
    """Products, one per row, checked as `product add` checks them (core.documents)."""
    from gendan.core import documents
    out = Parsed()
    for n, cells in full_rows(rows, cols, out):
        g = lambda name: _cell(cells, cols, name)  # noqa: E731
        try:
            sku = check_code(g("sku"), "SKU")
            if sku in out.first_line:
                raise GendanError(f"duplicate product {sku} (already on line {out.first_line[sku]})")
            out.first_line[sku] = n
            pack = g("pack")
            p = documents.Product(
                sku=sku, description=g("description"), hs=documents.parse_hs(g("hs")) if g("hs") else "",
                pack=documents.parse_pack(parse_qty(pack, "pieces per carton")) if pack else None,
                carton=documents.parse_carton(g("carton")) if g("carton") else None,
                nw=documents.parse_kg(g("nw"), "nw") if g("nw") else None,
                gw=documents.parse_kg(g("gw"), "gw") if g("gw") else None)
            documents.check_weights(p)
            out.docs.append(p)
        except GendanError as e:
            out.problems.append((n, str(e)))
    return out


def known_products(parsed: Parsed, existing: set[str]) -> None:
    for sku in existing:
        parsed.problems.append((parsed.first_line[sku], f"product {sku} already exists (remove the row, or change "
                                                        f"it with 'gendan product edit {sku}')"))


def parse_boms(rows: Rows, cols: dict[str, int], suppliers: set[str]) -> Parsed:
    """Bills of materials, one row per part; the rows of one SKU are consecutive and agree on
    its scrap (a blank repeats it). Each BOM is checked as `bom set` checks it (core.materials);
    the SKUs gendan knows are checked by the caller (`known_boms`)."""
    from gendan.core import materials
    out = Parsed()
    head_cols = [c for c in ("scrap",) if c in cols]
    head_of = (lambda cells: (cells[cols["scrap"]],)) if head_cols else (lambda cells: ())

    def read_head(cells, no):
        scrap = _cell(cells, cols, "scrap")
        return (_Fields.code(no, "SKU"), materials.parse_scrap(scrap) if scrap else Decimal(0))

    for doc, rows_of_doc in documents(full_rows(rows, cols, out), out, "SKU", cols["sku"], head_of, head_cols, cols,
                                      read_head):
        for n, cells in rows_of_doc:
            try:
                part, qty = materials.part_qty(_cell(cells, cols, 'part'), _cell(cells, cols, 'qty_per'))
                if part in doc.skus:
                    raise GendanError(f"duplicate part {part} of {doc.no} (also on line {doc.skus[part]})")
                code = _cell(cells, cols, "supplier")
                if code and code not in suppliers:
                    raise GendanError(f"unknown supplier {code!r} for {part} (add it with 'gendan supplier add')")
                doc.skus[part] = n
                doc.lines.append((part, qty, code or None))
            except GendanError as e:
                out.problems.append((n, str(e)))
    _complete(out, lambda doc: materials.build_bom(
        doc.no, [(p, q) for p, q, _ in doc.lines], doc.fields[1], {p: s for p, _, s in doc.lines if s}))
    return out


def known_boms(parsed: Parsed, known: set[str]) -> None:
    """Every SKU given a BOM is one gendan knows (a product, or on an order or PO)."""
    for sku, n in parsed.first_line.items():
        if sku not in known:
            parsed.problems.append((n, f"unknown SKU {sku} (add it first: gendan product add {sku} --desc TEXT)"))


def parse_samples(rows: Rows, cols: dict[str, int], today: date) -> Parsed:
    """Samples, one per row, each taken through its steps as the `sample` commands would (a
    row with `sent` and no `received` went straight from the factory); `requested` defaults
    to today. The parties and orders named are checked against the database by the caller."""
    from gendan.core import samples
    out, f = Parsed(), _Fields(today)
    for n, cells in full_rows(rows, cols, out):
        g = lambda name: _cell(cells, cols, name)  # noqa: E731
        try:
            no = f.code(g("sample"), "sample number")
            if no in out.first_line:
                raise GendanError(f"duplicate sample {no} (already on line {out.first_line[no]})")
            out.first_line[no] = n
            s = samples.check_new(samples.Sample(
                sample=no, customer=f.code(g("customer"), "customer") if g("customer") else "",
                sku=f.code(g("sku"), "SKU"), kind=samples.parse_kind(g("kind")),
                requested=f.opt_date(g("requested"), "requested", today), order=g("order") or None,
                supplier=g("supplier") or None, qty=f.qty(g("qty"), "qty") if g("qty") else 1,
                due=f.opt_date(g("due"), "due", None), note=g("note")))
            out.docs.append(_sample_steps(s, g, f))
        except GendanError as e:
            out.problems.append((n, str(e)))
    return out


def _sample_steps(s, g, f: _Fields):
    """Replay the steps a row records, so an import obeys the rules the commands do."""
    from gendan.core import samples
    if g("received"):
        s = samples.receive(s, f.date(g("received"), "received"))
    if g("sent") or g("courier") or g("awb"):
        s = samples.send(s, g("courier"), g("awb"), f.date(g("sent"), "sent") if g("sent") else f.today)
    if g("feedback") or g("feedback_date"):
        verdict = g("feedback").lower()
        if verdict not in ("approved", "rejected"):
            raise GendanError(f"bad feedback {g('feedback')!r} (use approved or rejected, with feedback_date and comments)")
        s = samples.feedback(s, verdict == "approved", g("comments"),
                           f.date(g("feedback_date"), "feedback_date") if g("feedback_date") else f.today)
    if g("sealed") or g("location"):
        s = samples.seal(s, g("location"), f.date(g("sealed"), "sealed") if g("sealed") else f.today)
    return s
