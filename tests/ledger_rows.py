"""TEST HELPER ONLY: writes shipments, receipts and payments straight into a test database.

The CLI tests use the real commands (`ship`, `pay in|out`, `po add|receive`) wherever they can.
This helper remains for what no command may do: a receipt with a delivery-note `ref` (`po
receive` has no `--ref`; only `import receipts` sets it), deliberately inconsistent rows for
the integrity checks (`sql`, a payment allocated to another customer's order), and the
store-level hypothesis test, which needs hundreds of rows fast. Never use it outside tests.
"""
from datetime import date
from decimal import Decimal

from gendan.store.db import open_store


def _tx(db, fn):
    store = open_store(db)
    try:
        with store.transaction():
            return fn(store)
    finally:
        store.close()


def add_po(db, no: str, supplier: str, items: list[tuple[str, int, str]], ordered: str = "2026-09-01",
           due: str = "2026-10-01", currency: str | None = None) -> None:
    from gendan.core.purchasing import new_po
    from gendan.store import parties, purchasing

    def go(store):
        sup = parties.get_supplier(store, supplier)
        po = new_po(no, sup, date.fromisoformat(ordered), date.fromisoformat(due),
                    [(s, q, Decimal(p)) for s, q, p in items], currency)
        purchasing.insert_po(store, po)
    _tx(db, go)


def receive(db, po: str, items: dict[str, int], on: str, rejected: dict[str, int] | None = None, ref: str = "") -> None:
    from gendan.store import purchasing
    _tx(db, lambda store: purchasing.receive(store, po, items, rejected or {}, date.fromisoformat(on), ref=ref))


def ship(db, order: str, lines: dict[int, int], on: str, forced: bool = False, container: str = "", bl: str = "") -> int:
    """A shipment of `lines` (order line → qty); returns its id (SH-%05d)."""
    def go(store):
        cur = store.execute("INSERT INTO shipments (order_no, date, container, bl, forced) VALUES (?,?,?,?,?)",
                            (order, on, container, bl, int(forced)))
        price = dict(store.conn.execute("SELECT line, price FROM order_lines WHERE order_no = ?", (order,)).fetchall())
        store.executemany("INSERT INTO shipment_lines (shipment_id, order_no, line, qty, price) VALUES (?,?,?,?,?)",
                          [(cur.lastrowid, order, line, qty, price[line]) for line, qty in lines.items()])
        from gendan.store.orders import refresh_closed
        refresh_closed(store, order)
        store.event("shipment", f"SH-{cur.lastrowid:05d}", None, {"order": order, "lines": lines})
        return cur.lastrowid
    return _tx(db, go)


def pay(db, direction: str, party: str, amount: str, on: str, currency: str, order: str | None = None,
        po: str | None = None, ref: str = "") -> int:
    def go(store):
        cur = store.execute("INSERT INTO payments (direction, party, amount, currency, date, order_no, po_no, ref) "
                            "VALUES (?,?,?,?,?,?,?,?)", (direction, party, amount, currency, on, order, po, ref))
        store.event("payment", f"PAY-{cur.lastrowid:05d}", None, {"party": party, "amount": amount})
        return cur.lastrowid
    return _tx(db, go)


def sql(db, statement: str, params=()) -> None:
    """Raw SQL for corrupting a test database on purpose (integrity-check tests)."""
    import sqlite3
    conn = sqlite3.connect(db)
    try:
        conn.execute(statement, params)
        conn.commit()
    finally:
        conn.close()
