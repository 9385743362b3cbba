"""Store-level reads for shipping: indexes used, gate rows for the morning report."""
from datetime import date
from decimal import Decimal

from gendan.core.models import Customer
from gendan.core.orders import new_order
from gendan.store import orders as orders_db, parties, shipping
from gendan.store.store import open_store


def _store(tmp_path):
    store = open_store(tmp_path / "s.db")
    cust = Customer("ACME", "Acme", deposit_pct=Decimal("30"))
    with store.transaction():
        parties.add_customer(store, cust)
        orders_db.insert_order(store, new_order("SO-1", cust, date(2026, 11, 1), date(2026, 12, 1),
                                                [("CH-01", 10, Decimal("2.50"))]))
    return store


def _plan(store, sql, params):
    return " ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall())


def test_gate_reads_use_indexes(tmp_path):
    store = _store(tmp_path)
    assert "payments_by_order" in _plan(store, "SELECT order_no, amount FROM payments WHERE direction = 'in' "
                                               "AND order_no IN (?)", ("SO-1",))
    assert "inspections_by_ref" in _plan(store, "SELECT id FROM inspections WHERE ref = ? AND ref_kind = 'order' "
                                                "AND stage = 'final'", ("SO-1",))
    assert "shipments_by_order" in _plan(store, "SELECT id FROM shipments WHERE order_no = ?", ("SO-1",))


def test_gate_rows(tmp_path):
    store = _store(tmp_path)
    [row] = shipping.gate_rows(store, ["SO-1"], date(2026, 11, 20))
    assert row["order"] == "SO-1" and row["ready"] is False
    assert row["blocked_by"] == ["final-inspection", "deposit", "balance"]
    assert len(row["reasons"]) == 3
