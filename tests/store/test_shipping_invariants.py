"""Invariants of shipping under any sequence of shipments (hypothesis)."""
import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from gendan.errors import Blocked, GendanError
from gendan.store import orders as orders_db, shipping
from gendan.store.db import open_store
from tests.profiles import examples

_counter = itertools.count()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One database for the module; each example works on a fresh order in it."""
    from gendan.core.models import Customer
    from gendan.store import parties
    s = open_store(tmp_path_factory.mktemp("inv") / "inv.db")
    with s.transaction():
        parties.add_customer(s, Customer("C", "C", deposit_pct=Decimal("30")))
    yield s
    s.close()


def _new_order(store, qtys, prices):
    from gendan.core.models import Customer
    from gendan.core.orders import new_order
    no = f"SO-{next(_counter)}"
    items = [(f"S{i}", q, p) for i, (q, p) in enumerate(zip(qtys, prices))]
    with store.transaction():
        orders_db.insert_order(store, new_order(no, Customer("C", "C", deposit_pct=Decimal("30")),
                                                date(2026, 11, 1), date(2026, 12, 1), items))
        # the gates other than quantity are opened: a passed final inspection and payments
        store.execute("INSERT INTO inspections (ref_kind, ref, stage, date, result) "
                      "VALUES ('order', ?, 'final', '2026-11-10', 'pass')", (no,))
    return no


prices = st.decimals(min_value=Decimal("0"), max_value=Decimal("99.999999"), places=6)
line_qtys = st.lists(st.integers(1, 20), min_size=1, max_size=3)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(qtys=line_qtys, data=st.data())
def test_shipped_never_exceeds_ordered_without_force(store, qtys, data):
    ps = data.draw(st.lists(prices, min_size=len(qtys), max_size=len(qtys)))
    no = _new_order(store, qtys, ps)
    pays = data.draw(st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2),
                              max_size=4))
    steps = data.draw(st.lists(st.dictionaries(st.sampled_from([f"S{i}" for i in range(len(qtys))]),
                                               st.integers(1, 25), min_size=1), max_size=8))
    from gendan.store import payments
    for i, items in enumerate(steps):
        if i < len(pays):
            with store.transaction():
                payments.pay_in(store, "C", pays[i], date(2026, 11, 15), order_no=no)
        before = orders_db.shipped_by_line(store, [no]).get(no, {})
        try:
            with store.transaction():
                shipping.ship(store, no, items, date(2026, 11, 20))
        except Blocked as e:
            assert e.reasons  # refused with at least one reason, and nothing written
            assert orders_db.shipped_by_line(store, [no]).get(no, {}) == before
        except GendanError:  # pragma: no cover - no other refusal is expected here
            raise
        order = orders_db.get_order(store, no)
        shipped = orders_db.shipped_by_line(store, [no]).get(no, {})
        assert all(shipped.get(ln.line, 0) <= ln.qty for ln in order.lines)
        # the balance gate held: whatever shipped is paid for (balance before shipment terms)
        summary = shipping.balance_summary(store, no)
        assert summary["balance"] <= 0 or not shipped
        closed = store.scalar("SELECT closed FROM orders WHERE order_no = ?", (no,))
        assert bool(closed) == all(shipped.get(ln.line, 0) >= ln.qty for ln in order.lines)
