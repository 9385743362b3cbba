"""The floor for `gendan po chase -f csv`: the same SQL queries (four, on each of two indexes) and the same rules, with
nothing but Python's sqlite3 and csv, writing the same CSV. No gendan, no typer, no classes.

    python bench/floor_chase.py DB TODAY [WINDOW]
bench/run.py checks that its output is byte-identical to gendan's before timing either.
"""
import csv
import sqlite3
import sys
from datetime import date, timedelta

# As of TODAY (rule 8): the lines open then, from the open index and from the index of lines
# closed after TODAY; nothing placed, received, promised, confirmed, chased or cancelled later.
# Only the lines that can be listed are built (gendan's _LISTABLE): expected by the horizon,
# for an order or complaint, unconfirmed too long, or with a promise.
SOURCES = [("po_lines l INDEXED BY po_lines_open_by_due", "l.open = 1"),
           ("po_lines l INDEXED BY po_lines_closed_after", "l.open = 0 AND l.closed_on > :day")]
LINES = """SELECT l.po_no, l.line, l.sku, l.qty, l.due, p.supplier, p.ordered,
                  CASE WHEN p.confirmed <= :day THEN p.confirmed END, 0, p.for_order, o.due
           FROM {src} CROSS JOIN pos p ON p.po_no = l.po_no LEFT JOIN orders o ON o.order_no = p.for_order
           WHERE {open} AND p.ordered <= :day AND (p.cancelled = 0 OR p.cancelled_on > :day)
           AND (l.due <= :horizon OR p.for_order IS NOT NULL OR p.complaint IS NOT NULL
                OR ((p.confirmed IS NULL OR p.confirmed > :day) AND p.ordered < :unconfirmed_before)
                OR EXISTS (SELECT 1 FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line))"""
RECEIPTS = """SELECT l.po_no, l.line, SUM(r.qty), SUM(r.rejected) FROM {src}
              CROSS JOIN receipts r ON r.po_no = l.po_no AND r.line = l.line
              WHERE {open} AND r.date <= :day GROUP BY l.po_no, l.line"""
PROMISES = """SELECT l.po_no, l.line, pr.promised, MAX(pr.id) FROM {src}
              CROSS JOIN promises pr ON pr.po_no = l.po_no AND pr.line = l.line
              WHERE {open} AND pr.recorded <= :day GROUP BY l.po_no, l.line"""
CHASES = """SELECT c.po_no, COUNT(*), MAX(c.date) FROM (SELECT DISTINCT po_no FROM {src} WHERE {open}) op
            CROSS JOIN chases c ON c.po_no = op.po_no WHERE c.date <= :day GROUP BY c.po_no"""


def both(conn, sql: str, params: dict) -> list:
    """One query over each source of lines, the rows of both."""
    return [row for src, cond in SOURCES for row in conn.execute(sql.format(src=src, open=cond), params)]


FIELDS = ["po", "line", "sku", "supplier", "for_order", "qty_open", "due", "promised", "days_late",
          "last_chased", "chases", "order_due", "at_risk", "reason", "remark"]


def main(db: str, today_text: str, window: int = 3) -> None:
    today = date.fromisoformat(today_text)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    setting = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    buffer = timedelta(days=int(setting.get("buffer_days", 7)))
    unconfirmed = int(setting.get("unconfirmed_days", 2))
    window = int(setting.get("chase_window", window))
    params = {"day": today_text, "horizon": (today + timedelta(days=window)).isoformat(),
              "unconfirmed_before": (today - timedelta(days=unconfirmed)).isoformat()}
    got = {(r[0], r[1]): (r[2], r[3]) for r in both(conn, RECEIPTS, params)}
    promised = {(r[0], r[1]): r[2] for r in both(conn, PROMISES, params)}
    chased = {r[0]: (r[1], r[2]) for r in both(conn, CHASES, params)}
    lines = both(conn, LINES, params)
    conn.execute("COMMIT")
    rows = []
    for po, line, sku, qty, due, sup, ordered, confirmed, _cancelled, for_order, order_due in lines:
        received, rejected = got.get((po, line), (0, 0))
        qty_open = max(qty - (received - rejected), 0)
        if qty_open <= 0:
            continue
        prom = promised.get((po, line))
        n, last = chased.get(po, (0, None))
        expected = date.fromisoformat(prom or due)
        late = (today - expected).days
        risk = order_due is not None and max(expected, today) > date.fromisoformat(order_due) - buffer
        if late > 0:
            reason = "overdue"
        elif risk:
            reason = "promise-after-order-due"
        elif confirmed is None and (today - date.fromisoformat(ordered)).days > unconfirmed:
            reason = "unconfirmed"
        elif -window <= late <= 0:
            reason = "due-soon"
        else:
            continue
        remark = ""
        if rejected:
            remark = f"reject: replacement due ({rejected} rejected)" if received >= qty else f"{rejected} rejected"
        rows.append([po, line, sku, sup, for_order or "", qty_open, due, prom or "", late, last or "", n,
                     order_due or "", "true" if risk else "false", reason, remark])
    today_iso = today.isoformat()
    rows.sort(key=lambda r: (r[9] == today_iso, r[13] != "overdue", -r[8], r[0], r[1]))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(FIELDS)
    out.writerows(rows)


if __name__ == "__main__":
    main(*sys.argv[1:3], *(int(x) for x in sys.argv[3:4]))
