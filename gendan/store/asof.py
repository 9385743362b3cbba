"""Rule 8, as of a date: which rows exist on a given day. One place per table says how.

Every record has its business date: the day it happened (a receipt's, shipment's, payment's
date; the day an order or PO was placed; the day a promise was recorded), and a report for
a day reads only what is dated on or before it. `in_force(table, alias)` is the one condition
a read adds for a table; it takes one `?` parameter, the day. Voids are the other rule on
the same rows and stay apart (store/live.py): a void counts whatever the day (a record voided
was a mistake, not an event), and listings read voided rows on purpose, marked void.
"""
from gendan.store.live import live

# table → its business-date column
DATED = {
    "orders": "ordered",
    "pos": "ordered",
    "promises": "recorded",
    "receipts": "date",
    "chases": "date",
    "inspections": "date",
    "inspection_resumes": "date",
    "progress_reports": "date",
    "production_plans": "planned",
    "shipments": "date",
    "payments": "date",
    "events": "day",
    "samples": "requested",
}


def in_force(table: str, alias: str | None = None) -> str:
    """SQL true for a row of `table` (as `alias`) that exists on the day bound to its `?`."""
    return f"{alias or table}.{DATED[table]} <= ?"


def not_cancelled(alias: str) -> str:
    """SQL true for an order or PO (as `alias`) not cancelled on the day bound to its `?`."""
    return f"({alias}.cancelled = 0 OR {alias}.cancelled_on > ?)"


# The PO lines open on a day (one `?`): open now, or closed after it, each read from its own
# partial index, so a past day reads what was open then and never the closed history.
PO_LINES_OPEN_ON = ("SELECT po_no, line FROM po_lines INDEXED BY po_lines_open_by_due WHERE open = 1 UNION ALL "
                    "SELECT po_no, line FROM po_lines INDEXED BY po_lines_closed_after WHERE open = 0 AND closed_on > ?")


# A PO line stops being open on `closed_on` (its receipts accepted all of it, or its PO was
# cancelled): the earliest of the day the accepted quantity reached the ordered quantity and
# the day of the cancellation (receipts in force: a void, m006, reopens it). Kept beside
# `open` by refresh_open, checked by `gendan check`.
LINE_CLOSED_ON = """(SELECT MIN(x) FROM (SELECT (SELECT MIN(d) FROM (SELECT r.date AS d,
        SUM(r.qty - r.rejected) OVER (ORDER BY r.date, r.id) AS got FROM receipts r
        WHERE r.po_no = po_lines.po_no AND r.line = po_lines.line AND """ + live("receipts", "r") + """)
        WHERE got >= po_lines.qty) AS x
    UNION ALL SELECT cancelled_on FROM pos WHERE pos.po_no = po_lines.po_no AND cancelled = 1))"""

# An order closes on the day its last line was fully shipped (NULL while one is not), or the
# day it was cancelled.
ORDER_CLOSED_ON = """(SELECT MIN(x) FROM (SELECT (SELECT CASE WHEN COUNT(done) = COUNT(*) THEN MAX(done) END
        FROM (SELECT (SELECT MIN(d) FROM
        (SELECT s.date AS d, SUM(sl.qty) OVER (ORDER BY s.date, s.id) AS got FROM shipment_lines sl
         JOIN shipments s ON s.id = sl.shipment_id WHERE sl.order_no = ol.order_no AND sl.line = ol.line
         AND """ + live("shipments", "s") + """)
        WHERE got >= ol.qty) AS done FROM order_lines ol WHERE ol.order_no = orders.order_no)) AS x
    UNION ALL SELECT orders.cancelled_on WHERE orders.cancelled = 1))"""
