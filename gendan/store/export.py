"""Reading whole tables out, row by row (export, calendar), and copying the database (backup).

Each export is one SELECT iterated on its cursor, so a million rows cost constant memory.
`orders`, `pos` and `receipts` come out in the shape `gendan import` reads (one row per
line, `order`/`po` instead of `order_no`/`po_no`), so export → import → export round-trips.
"""
import os
import sqlite3
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from gendan.core import numbers
from gendan.store import asof
from gendan.store.live import live

# table → SELECT with the field names as aliases. Boolean columns are listed in BOOLS.
EXPORTS: dict[str, str] = {
    "customers": "SELECT code, name, currency, deposit_pct, balance_before_ship, credit_days, contact, phone, email "
                 "FROM customers ORDER BY code",
    "suppliers": "SELECT code, name, currency, credit_days, lead_days, contact, phone, email "
                 "FROM suppliers ORDER BY code",
    "products": "SELECT sku, description, hs, pack, CASE WHEN carton_l IS NULL THEN '' "
                "ELSE carton_l || 'x' || carton_w || 'x' || carton_h END AS carton, nw, gw FROM products ORDER BY sku",
    "orders": 'SELECT o.order_no AS "order", o.customer, o.due, l.sku, l.qty, l.price, l.description, o.ordered, '
              "o.currency, o.deposit_pct, o.balance_before_ship, o.credit_days, o.note, o.cancelled "
              "FROM orders o JOIN order_lines l ON l.order_no = o.order_no ORDER BY o.order_no, l.line",
    "order_lines": 'SELECT order_no AS "order", line, sku, qty, price, description FROM order_lines '
                   "ORDER BY order_no, line",
    "pos": "SELECT p.po_no AS po, p.supplier, l.due, l.sku, l.qty, l.price, p.for_order, l.description, p.ordered, "
           "p.currency, p.confirmed, p.cancelled "
           "FROM pos p JOIN po_lines l ON l.po_no = p.po_no ORDER BY p.po_no, l.line",
    "po_lines": "SELECT po_no AS po, line, sku, qty, price, due, description, open FROM po_lines ORDER BY po_no, line",
    "receipts": "SELECT r.po_no AS po, l.sku, r.qty, r.rejected, r.date, r.ref, r.note "
                # the import file: what is in force (a voided receipt would count again)
                "FROM receipts r JOIN po_lines l ON l.po_no = r.po_no AND l.line = r.line "
                f"WHERE {live('receipts', 'r')} ORDER BY r.id",
    "chases": "SELECT id, po_no AS po, date, via, note, promised FROM chases ORDER BY id",
    "inspections": "SELECT id, ref_kind, ref, stage, sku, date, lot, level, aql, minor_aql, severity, code_letter, "
                   'sample_size, ac, re, minor_ac, minor_re, critical, major, minor, result, waived, reason, '
                   "inspector, note, packed_pct, voided FROM inspections ORDER BY id",
    "shipments": f"SELECT printf('{numbers.sqlite_printf(numbers.SHIPMENT)}', s.id) AS shipment, s.order_no AS \"order\", s.date, l.line, ol.sku, l.qty, l.price, "
                 "s.container, s.seal, s.bl, s.vessel, s.forced, s.reason, s.voided "
                 "FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id "
                 "JOIN order_lines ol ON ol.order_no = l.order_no AND ol.line = l.line ORDER BY s.id, l.line",
    "payments": 'SELECT id, direction, party, amount, currency, date, order_no AS "order", po_no AS po, ref, voided '
                "FROM payments ORDER BY id",
    "samples": 'SELECT sample_no AS sample, customer, order_no AS "order", sku, kind, supplier, qty, requested, due, '
               "received, sent, courier, awb, feedback, feedback_date, comments, sealed, location, note "
               "FROM samples ORDER BY sample_no",
    # The import file's shape (core.importing COLUMNS["bom"]): one row per part, in the BOM's order.
    "bom": "SELECT b.sku, p.part, p.qty_per, b.scrap_pct AS scrap, COALESCE(p.supplier, '') AS supplier "
           "FROM boms b JOIN bom_parts p ON p.sku = b.sku ORDER BY b.sku, p.seq",
    "events": "SELECT id, ts, day, actor, command, entity, key, before, after, reason FROM events ORDER BY id",
    # The import file's columns (core.importing COLUMNS["complaints"]); actions are their own table.
    "complaints": "SELECT complaint_no AS complaint, customer, kind, description AS desc, received, "
                  'order_no AS "order", sku, qty, supplier, reply_by, replied, reply_note AS answer, closed, cause, close_note AS outcome '
                  "FROM complaints ORDER BY received, complaint_no",
    "complaint_actions": "SELECT a.id, a.complaint_no AS complaint, a.kind, a.date, a.sku, a.qty, a.po_no AS po, "
                         "a.note, CASE n.direction WHEN 'in' THEN printf('CN-%05d', n.id) "
                         "WHEN 'out' THEN printf('DN-%05d', n.id) END AS doc, n.party, n.amount, n.currency "
                         "FROM complaint_actions a LEFT JOIN credit_notes n ON n.id = a.credit_note ORDER BY a.id",
}
TABLES = tuple(EXPORTS)
# `export --as-of DAY`: the rows that exist on DAY (rule 8), by each table's business date
# (store/asof.DATED; an export keeps the date column's name), and for complaints the day they
# came in; lines go with their document. Parties, products and BOMs have no date: all exported.
AS_OF = {t: f'"{asof.DATED[t]}" <= ?' for t in ("orders", "pos", "receipts", "chases", "inspections",
                                                 "shipments", "payments", "samples", "events")}
AS_OF |= {"order_lines": f'"order" IN (SELECT order_no FROM orders WHERE {asof.in_force("orders")})',
          "po_lines": f"po IN (SELECT po_no FROM pos WHERE {asof.in_force('pos')})",
          "complaints": "received <= ?",
          "complaint_actions": "date <= ?"}
BOOLS = {"balance_before_ship", "cancelled", "open", "waived", "forced"}
# Decimal text that a workbook types as a plain number; dates and money it finds by their
# column names (gendan.xlsx_out.guess_kinds), as for every other workbook gendan writes.
NUMBERS = {"deposit_pct", "nw", "gw", "aql", "minor_aql", "packed_pct"}


def columns(store, table: str) -> list[str]:
    """The field names of an export, without reading any rows."""
    cur = store.conn.execute(f"SELECT * FROM ({EXPORTS[table]}) LIMIT 0")
    return [d[0] for d in cur.description]


def kinds(store, table: str) -> dict[str, str]:
    """The columns of an export a workbook types as plain numbers: {"deposit_pct": "number"}."""
    return {c: "number" for c in columns(store, table) if c in NUMBERS}


def rows(store, table: str, as_of=None) -> Iterator[dict]:
    """The rows of one export as dicts, streamed from the cursor (those that exist on the
    date `as_of`, when given)."""
    if as_of is not None and table in AS_OF:
        cur = store.conn.execute(f"SELECT * FROM ({EXPORTS[table]}) WHERE {AS_OF[table]}", (as_of.isoformat(),))
    else:
        cur = store.conn.execute(EXPORTS[table])
    names = [d[0] for d in cur.description]
    bools = [i for i, n in enumerate(names) if n in BOOLS]
    for values in cur:
        if bools:
            values = list(values)
            for i in bools:
                values[i] = bool(values[i])
        yield dict(zip(names, values))


def calendar_lines(store, day) -> dict[str, list[dict]]:
    """Order lines and PO lines open on `day` with their dates then, for `gendan calendar`."""
    from gendan.store import asof
    from gendan.store.orders import OPEN_ON
    iso = day.isoformat()
    orders = store.query(
        "SELECT o.order_no, o.customer, o.due, l.line, l.sku, l.qty, "
        "COALESCE((SELECT SUM(s.qty) FROM shipment_lines s JOIN shipments h ON h.id = s.shipment_id "
        f"WHERE s.order_no = l.order_no AND s.line = l.line AND {asof.in_force('shipments', 'h')} "
        f"AND {live('shipments', 'h')}), 0) "
        "AS shipped FROM orders o JOIN order_lines l ON l.order_no = o.order_no "
        f"WHERE o.order_no IN ({OPEN_ON}) AND {asof.in_force('orders', 'o')} AND {asof.not_cancelled('o')} "
        "ORDER BY o.due, o.order_no, l.line", (iso,) * 4)
    pos = store.query(
        "SELECT l.po_no, p.supplier, p.for_order, l.line, l.sku, l.qty, l.due, "
        "(SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line "
        f"AND {asof.in_force('receipts', 'r')} AND {live('receipts', 'r')}) AS accepted, "
        "(SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line "
        f"AND {asof.in_force('promises', 'pr')} ORDER BY pr.id DESC LIMIT 1) AS promised "
        f"FROM ({asof.PO_LINES_OPEN_ON}) ol CROSS JOIN po_lines l ON l.po_no = ol.po_no AND l.line = ol.line "
        f"JOIN pos p ON p.po_no = l.po_no WHERE {asof.in_force('pos', 'p')} AND {asof.not_cancelled('p')} "
        "ORDER BY l.due, l.po_no, l.line", (iso,) * 5)
    return {"orders": [dict(r) for r in orders if r["shipped"] < r["qty"]], "pos": [dict(r) for r in pos]}


COMPANIONS = ("", "-wal", "-shm", "-journal")   # the database and the files SQLite keeps beside it
TEMP_PREFIX = ".gendan-backup-"


def backup(store, target: Path, force: bool = False, day=None) -> Path:
    """Copy the database with SQLite's online backup API (safe while others write), through
    a temporary file in the target's folder, so the target is complete or untouched. A
    directory gets `gendan-<day>.db` inside it. Returns the file written."""
    from gendan.errors import Conflict, StoreError
    target = Path(target)
    if target.is_dir():
        target = target / f"gendan-{day.isoformat()}.db"
    if not target.parent.is_dir():
        raise StoreError(f"directory {str(target.parent)!r} does not exist (create it first)")
    _refuse_the_database(store, target)
    if os.path.exists(target) and not stat.S_ISREG(os.stat(target).st_mode):
        raise Conflict(f"{str(target)!r} is not a regular file (give backup a file name or a directory)")
    if os.path.lexists(target):
        if not force:
            raise Conflict(f"{str(target)!r} already exists (choose another name, or add --force to overwrite it)")
    _remove_leftovers(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", dir=target.parent)
    os.close(fd)
    try:
        dest = sqlite3.connect(tmp)
        try:
            store.conn.backup(dest)
        finally:
            dest.close()
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


def _refuse_the_database(store, target: Path) -> None:
    """Overwriting the database or its -wal/-shm file destroys committed data: refuse them
    by resolved path and by inode (a symbolic or hard link is the same file)."""
    from gendan.errors import Conflict
    db = Path(store.path).resolve()
    resolved = target.resolve()
    same = [str(db) + suffix for suffix in COMPANIONS]
    if str(resolved) in same:
        raise Conflict(f"{str(target)!r} is the database or one of its own files (choose another name)")
    if not os.path.exists(target):
        return
    mine = os.stat(target)
    for path in same:
        try:
            st = os.stat(path)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino):
            raise Conflict(f"{str(target)!r} is the database or one of its own files (choose another name)")


def _remove_leftovers(folder: Path) -> None:
    """Temporary files of backups that were killed (their process is gone): a backup is as big
    as the database, and nothing else would ever remove them."""
    for path in folder.glob(f"{TEMP_PREFIX}*"):
        pid = path.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            try:
                path.unlink()
            except OSError:
                pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
