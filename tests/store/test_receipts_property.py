"""Hypothesis: whatever sequence of receipts arrives, the quantities stay consistent and the
chase list never shows a fully accepted line."""
from datetime import date, timedelta

from hypothesis import given, settings, strategies as st

from gendan.core.models import Supplier
from gendan.core.purchasing import LineState, check_receipt, new_po
from gendan.errors import GendanError
from gendan.store import purchasing as db
from gendan.store.db import open_store
from tests.profiles import examples

TODAY = date(2026, 11, 20)
SKUS = ("A", "B")

receipt = st.tuples(st.sampled_from(SKUS), st.integers(1, 60), st.integers(0, 60), st.booleans())


@settings(max_examples=examples(40), deadline=None)
@given(qty_a=st.integers(1, 100), qty_b=st.integers(1, 100), receipts=st.lists(receipt, max_size=8))
def test_receipts_keep_quantities_consistent(tmp_path_factory, qty_a, qty_b, receipts):
    store = open_store(tmp_path_factory.mktemp("h") / "h.db")
    ordered = {"A": qty_a, "B": qty_b}
    with store.transaction():
        store.execute("INSERT INTO suppliers (code, name, currency) VALUES ('HX', 'x', 'CNY')")
        db.insert_po(store, new_po("PO-1", Supplier("HX", "x"), TODAY - timedelta(days=30), TODAY - timedelta(days=1),
                                   [("A", qty_a, 1), ("B", qty_b, 1)]))
    over_allowed = set()
    for sku, qty, bad, allow_over in receipts:
        try:
            with store.transaction():
                db.receive(store, "PO-1", {sku: qty}, {sku: bad} if bad else {}, TODAY, allow_over=allow_over)
            if allow_over:
                over_allowed.add(sku)
        except GendanError:
            pass   # refused receipts must leave nothing behind: checked by the sums below
    states = {s.sku: s for s in db.line_states(store, "PO-1")}
    listed = {(r["po"], r["sku"]) for r in db.chase_list(store, TODAY, window=3)}
    open_flags = dict(store.conn.execute("SELECT sku, open FROM po_lines").fetchall())
    for sku, s in states.items():
        assert 0 <= s.rejected <= s.received
        assert s.accepted <= s.received
        if sku not in over_allowed:
            assert s.accepted <= ordered[sku]
        assert s.open_qty == max(ordered[sku] - s.accepted, 0) >= 0
        assert open_flags[sku] == int(s.accepted < ordered[sku])
        if s.accepted >= ordered[sku]:
            assert ("PO-1", sku) not in listed
        else:
            assert ("PO-1", sku) in listed          # due yesterday: overdue while open
    store.close()


@given(qty=st.integers(1, 50), received=st.integers(0, 50), rejected=st.integers(0, 50),
       new=st.integers(1, 80), new_bad=st.integers(0, 80))
def test_check_receipt_never_accepts_beyond_the_open_quantity(qty, received, rejected, new, new_bad):
    rejected = min(rejected, received)
    line = LineState(1, "A", qty, received, rejected)
    try:
        [(ln, got, bad)] = check_receipt("PO-1", False, [line], {"A": new}, {"A": new_bad} if new_bad else {})
    except GendanError:
        assert new_bad > new or new - new_bad > line.open_qty
        return
    assert bad <= got and got - bad <= line.open_qty
