"""Store-level reads for shipping: indexes used, gate rows for the morning report."""
from datetime import date
from decimal import Decimal

from gendan.core.models import Customer
from gendan.core.shipping import blocking as core_blocking
from gendan.core.orders import new_order
from gendan.store import orders as orders_db, parties, shipping
from gendan.store.db import open_store


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


def test_gates_of(tmp_path):
    store = _store(tmp_path)
    gates = shipping.gates_of(store, shipping.money_states(store, date(2026, 11, 20), ["SO-1"]), date(2026, 11, 20))["SO-1"]
    assert [g.gate for g in gates if not g.ready] == ["final-inspection", "deposit", "balance"]
    assert len(core_blocking(gates)) == 3


def test_gates_of_many_orders_are_each_orders_gates(tmp_path):
    """The morning report checks every order due soon in a few queries; each order's gates
    must be exactly what `ship --check` computes for it alone."""
    from gendan.cli import demo
    from gendan.store import orders
    demo.build(str(tmp_path / "demo.db"), date(2026, 11, 20))
    store = open_store(tmp_path / "demo.db")
    opened = orders.open_orders(store, date(2026, 11, 20))
    day = date(2026, 11, 20)
    many = shipping.gates_of(store, shipping.money_states(store, day, [o.order for o in opened]), day)
    assert len(many) == len(opened) > 3
    assert {no: shipping.gates(store, no, date(2026, 11, 20))[2] for no in many} == many
    assert any(g.ready for gs in many.values() for g in gs) and any(not g.ready for gs in many.values() for g in gs)
