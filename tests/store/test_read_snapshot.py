"""Every read command reads one snapshot, `show` commands included: a payment another process
records between two of its queries is seen by all of them or by none."""
import json
import sqlite3
from decimal import Decimal

import pytest


@pytest.fixture
def desk(parties):
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "+20", "--item", "CH-01=500@12.50")
    parties.ok("pay", "in", "ACME", "--amount", "84.00", "--order", "SO-1", "--ref", "TT 1")
    parties.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "+10", "--item", "CH-01=500@6.20")
    parties.ok("po", "receive", "PO-1", "--item", "CH-01=100")
    return parties


def _write_when(monkeypatch, db, marker: str, sql: str) -> list:
    """When the command's store first runs a query containing `marker`, another connection
    commits `sql` just before it."""
    from gendan.cli import _common
    real = _common.open_db
    fired = []

    def open_db(*args, **kw):
        store = real(*args, **kw)
        other = sqlite3.connect(db, isolation_level=None)

        def between(statement: str) -> None:
            if marker in statement and not fired:
                fired.append(statement)
                other.execute(sql)
        store.conn.set_trace_callback(between)
        return store
    monkeypatch.setattr(_common, "open_db", open_db)
    return fired


def test_order_show_is_one_snapshot(desk, monkeypatch):
    fired = _write_when(monkeypatch, desk.db, "FROM payments WHERE order_no",
                        "INSERT INTO payments (direction, party, amount, currency, date, order_no, po_no, ref) "
                        "VALUES ('in', 'ACME', '1.00', 'USD', '2026-11-20', 'SO-1', NULL, 'TT 2')")
    view = json.loads(desk.ok("order", "show", "SO-1", "-f", "json"))
    assert fired
    listed = sum(Decimal(p["amount"]) for p in view["payments"])
    assert Decimal(view["paid"]) == listed == Decimal("84.00"), view


def test_po_show_is_one_snapshot(desk, monkeypatch):
    fired = _write_when(monkeypatch, desk.db, "FROM receipts WHERE po_no",
                        "INSERT INTO receipts (po_no, line, qty, rejected, date, ref, note) "
                        "VALUES ('PO-1', 1, 50, 0, '2026-11-20', '', 'between')")
    view = json.loads(desk.ok("po", "show", "PO-1", "-f", "json"))
    assert fired
    received = sum(r["qty"] for r in view["receipts"])
    assert view["lines"][0]["qty_open"] == 500 - received == 400, view
