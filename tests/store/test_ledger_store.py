"""Ledger entries read from a real database: random shipments, receipts and payments always
give statements that balance and aging buckets that add up to the closing balance."""
import itertools
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from gendan.core import ledger
from gendan.store import ledger as db, ledger_cuts
from gendan.store.db import open_store
from tests import ledger_rows as rows
from tests.profiles import examples

START = date(2026, 9, 1)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One database with a customer order and a supplier PO, copied for every example."""
    from tests.conftest import Gendan
    path = tmp_path_factory.mktemp("ledger") / "template.db"
    g = Gendan(path)
    g.ok("customer", "add", "ACME", "--name", "Acme", "--no-balance-before-ship", "--credit-days", "20")
    g.ok("supplier", "add", "HX", "--name", "恒兴", "--credit-days", "30")
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--ordered", "2026-08-01", "--due", "2026-12-31",
         "--item", "A=100000@1.005", "--item", "B=100000@0.333333")
    rows.add_po(path, "PO-1", "HX", [("A", 100000, "0.125"), ("B", 100000, "7.77")])
    return path


_serial = itertools.count()


def _copy(src, dst) -> None:
    """Copy with SQLite's backup API: the template may still hold pages in its WAL file."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()


_day = st.integers(min_value=0, max_value=90)
_ship = st.tuples(_day, st.integers(1, 500), st.integers(0, 500))
_recv = st.tuples(_day, st.integers(1, 500), st.integers(0, 500))
_pay = st.tuples(_day, st.integers(1, 10**6), st.booleans(), st.booleans())


def _round(x: D) -> D:
    return x.quantize(D("0.01"), rounding=ROUND_HALF_UP)


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_ship, max_size=5), st.lists(_recv, max_size=5), st.lists(_pay, max_size=6), _day, _day)
def test_statement_and_aging_from_the_store(template, tmp_path, ships, recvs, pays, a, b):
    path = tmp_path / f"t{next(_serial)}.db"
    _copy(template, path)
    day = lambda n: (START + timedelta(days=n)).isoformat()  # noqa: E731
    expected = {"ACME": D(0), "HX": D(0)}
    end = START + timedelta(days=max(a, b))
    for n, qa, qb in ships:
        rows.ship(path, "SO-1", {1: qa} | ({2: qb} if qb else {}), day(n))
        if START + timedelta(days=n) <= end:
            expected["ACME"] += _round(qa * D("1.005")) + _round(qb * D("0.333333"))
    for n, qa, bad in recvs:
        rows.receive(path, "PO-1", {"A": qa, "B": 7}, day(n), rejected={"A": min(bad, qa)})
        if START + timedelta(days=n) <= end:
            expected["HX"] += _round((qa - min(bad, qa)) * D("0.125")) + _round(7 * D("7.77"))
    for n, cents, inbound, allocated in pays:
        amount = D(cents).scaleb(-2)
        party, ref = ("ACME", {"order": "SO-1"}) if inbound else ("HX", {"po": "PO-1"})
        rows.pay(path, "in" if inbound else "out", party, str(amount), day(n), "USD" if inbound else "CNY",
                 **(ref if allocated else {}))
        if START + timedelta(days=n) <= end:
            expected[party] -= amount
    start = START + timedelta(days=min(a, b))
    with closing(open_store(path)) as store:
        for party, read, cur in (("ACME", db.customer_entries, "USD"), ("HX", db.supplier_entries, "CNY")):
            entries = read(store, party, until=end)
            stmt = ledger.statement(entries, cur, start, end)
            opening, last = stmt[0], stmt[-1]
            assert last["balance"] == opening["balance"] + last["debit"] - last["credit"]
            assert last["balance"] == expected[party]
            aged = ledger.aging(read(store, until=end), end, (30, 60, 90))
            total = aged[0]["total"] if aged else D(0)
            assert total == expected[party]
            if aged:
                assert sum(aged[0][k] for k in ("current", "d1_30", "d31_60", "d61_90", "over_90")) == total
        _report_reads_the_same_open_items(store, (end, START + timedelta(days=90)))


def _report_reads_the_same_open_items(store, days):
    """The shortcut past settled history (morning report, aging) changes no open item and no
    aging row, and the cuts the triggers kept agree with a recomputation (gendan check)."""
    from gendan.store import checks
    assert checks.ledger_cuts(store) == []
    for day in days:
        for direction, read in (("in", db.customer_entries), ("out", db.supplier_entries)):
            folded, whole = db.report_entries(store, direction, day), \
                read(store, until=day, **({"lean": True} if direction == "out" else {}))
            assert ledger.all_open_items(folded, day) == ledger.all_open_items(whole, day)
            assert ledger.aging(folded, day, (30, 60, 90)) == ledger.aging(whole, day, (30, 60, 90))   # reconcile aging


def test_the_report_skips_settled_history_and_a_backdated_receipt_reopens_it(template, tmp_path):
    path = tmp_path / "cut.db"
    _copy(template, path)
    rows.add_po(path, "PO-2", "HX", [("C", 1000, "2.50")])
    rows.receive(path, "PO-1", {"A": 800}, "2026-09-05")                  # 100.00
    rows.pay(path, "out", "HX", "100.00", "2026-09-30", "CNY")
    rows.receive(path, "PO-2", {"C": 10}, "2026-10-05")                    # 25.00, open
    with closing(open_store(path)) as store:
        cut = store.conn.execute("SELECT through, settled FROM ledger_cuts WHERE party = 'HX'").fetchall()
        assert cut == [("2026-09-05", "100.00")]
        day = date(2026, 11, 1)
        folded = db.report_entries(store, "out", day)
        assert sorted(e.doc for e in folded if e.debit) == ["PO-2", "settled through 2026-09-05"]
        _report_reads_the_same_open_items(store, (day,))
    rows.receive(path, "PO-2", {"C": 4}, "2026-09-01")                     # back-dated: the pool moves
    with closing(open_store(path)) as store:
        assert store.conn.execute("SELECT through FROM ledger_cuts WHERE party = 'HX'").fetchall() == [("2026-09-01",)]
        _report_reads_the_same_open_items(store, (date(2026, 11, 1),))


def test_check_finds_a_cut_that_disagrees_with_the_documents(template, tmp_path):
    from tests.conftest import Gendan
    path = tmp_path / "bad.db"
    _copy(template, path)
    rows.receive(path, "PO-1", {"A": 800}, "2026-09-05")
    rows.pay(path, "out", "HX", "100.00", "2026-09-30", "CNY")
    g = Gendan(path)
    assert g("check").exit_code == 0
    for edit in ("UPDATE ledger_cuts SET settled = '99.00' WHERE party = 'HX'", "DELETE FROM ledger_cuts"):
        rows.sql(path, edit)
        result = g("check")
        assert result.exit_code == 1 and "ledger_cut" in result.stdout and "HX" in result.stdout, result.stdout



def test_a_cut_deleted_by_hand_makes_the_report_read_everything(template, tmp_path):
    from tests.conftest import Gendan
    path = tmp_path / "nocut.db"
    _copy(template, path)
    Gendan(path).ok("supplier", "add", "QQ", "--name", "Qiqi", "--credit-days", "30")
    rows.add_po(path, "PO-2", "QQ", [("C", 1000, "2.50")])
    rows.receive(path, "PO-1", {"A": 800}, "2026-09-05")
    rows.pay(path, "out", "HX", "100.00", "2026-09-30", "CNY")
    rows.receive(path, "PO-2", {"C": 10}, "2026-10-05")
    rows.sql(path, "DELETE FROM ledger_cuts WHERE party = 'QQ'")
    with closing(open_store(path)) as store:
        day = date(2026, 11, 1)
        entries = db.report_entries(store, "out", day)
        assert not any(e.kind == "opening" for e in entries)     # the whole history, no shortcut
        assert ledger.all_open_items(entries, day) == \
            ledger.all_open_items(db.supplier_entries(store, until=day, lean=True), day)


# -- cuts carried forward: a write after a long paid history does not read it again ---------

_POS = ["PO-1", "PO-2", "PO-3", "PO-4", "PO-5", "PO-6"]
_ORDERS = ["SO-1", "SO-2", "SO-3", "SO-4", "SO-5", "SO-6"]


@pytest.fixture(scope="module")
def three_each(template, tmp_path_factory):
    """The template with six POs for HX and six orders for ACME."""
    from tests.conftest import Gendan
    path = tmp_path_factory.mktemp("carry") / "six.db"
    _copy(template, path)
    g = Gendan(path)
    for no in _ORDERS[1:]:
        g.ok("order", "add", no, "--customer", "ACME", "--ordered", "2026-08-01", "--due", "2026-12-31",
             "--item", "A=100000@2.50")
    for no in _POS[1:]:
        rows.add_po(path, no, "HX", [("C", 100000, "3.25")])
    return path


_step = st.integers(-10, 20)     # days after the write before: mostly forward, sometimes back-dated
_write = st.one_of(
    st.tuples(st.just("receive"), st.sampled_from(_POS), _step, st.integers(1, 400)),
    st.tuples(st.just("ship"), st.sampled_from(_ORDERS), _step, st.integers(1, 400)),
    st.tuples(st.just("pay out"), st.sampled_from([None, *_POS]), _step, st.integers(1, 200000),
              st.sampled_from(["CNY", "CNY", "USD"])),     # a second currency: a second account
    st.tuples(st.just("pay in"), st.sampled_from([None, *_ORDERS]), _step,
              st.one_of(st.integers(1, 200000), st.integers(1, 400).map(lambda q: q * 250))))  # often a shipment's worth


def _apply(path, write, on: str) -> None:
    kind, ref, _step, amount, *currency = write
    if kind == "receive":
        rows.receive(path, ref, {"A" if ref == "PO-1" else "C": amount}, on)
    elif kind == "ship":
        rows.ship(path, ref, {1: amount}, on)
    elif kind == "pay out":
        rows.pay(path, "out", "HX", str(D(amount).scaleb(-2)), on, currency[0], po=ref)
    else:
        rows.pay(path, "in", "ACME", str(D(amount).scaleb(-2)), on, "USD", order=ref)


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_write, min_size=1, max_size=16))
def test_cuts_kept_write_by_write_equal_a_recomputation(three_each, tmp_path, writes):
    """Receipts, shipments and payments, one transaction each, mostly in date order: after
    every write the stored cuts are those of the whole history (gendan check's comparison),
    whether they were carried forward or recomputed."""
    path = tmp_path / f"w{next(_serial)}.db"
    _copy(three_each, path)
    from gendan.store import checks
    day = START
    for write in writes:
        day = max(START, day + timedelta(days=write[2]))
        _apply(path, write, day.isoformat())
        with closing(open_store(path)) as store:
            assert checks.ledger_cuts(store) == [], write
    with closing(open_store(path)) as store:     # deposits on some orders, goods of others past the cut
        _report_reads_the_same_open_items(store, (day, day + timedelta(days=30)))


def _settled_hx(path):
    """HX: a delivery paid in full, so its account has a cut on 2026-09-05."""
    rows.receive(path, "PO-1", {"A": 800}, "2026-09-05")                  # 100.00
    rows.pay(path, "out", "HX", "100.00", "2026-09-30", "CNY")


def test_a_later_delivery_carries_the_cut_without_reading_the_history(three_each, tmp_path, monkeypatch):
    path = tmp_path / "carry.db"
    _copy(three_each, path)
    _settled_hx(path)
    rows.pay(path, "out", "HX", "65.00", "2026-10-02", "CNY")
    monkeypatch.setattr(ledger_cuts, "expected_cuts", lambda *a: pytest.fail("read the whole history"))
    rows.receive(path, "PO-2", {"C": 20}, "2026-10-01")                     # 65.00, paid the next day
    monkeypatch.undo()
    with closing(open_store(path)) as store:
        assert store.conn.execute("SELECT through, settled FROM ledger_cuts WHERE party = 'HX'").fetchall() == \
            [("2026-10-01", "165.00")]
        _report_reads_the_same_open_items(store, (date(2026, 11, 1),))


@pytest.mark.parametrize("later", [
    ("PO-2", "2026-09-04"),    # dated on or before the cut
    ("PO-1", "2026-10-01"),    # for a PO with a delivery before the cut
])
def test_a_write_that_may_move_old_money_reads_the_whole_history(three_each, tmp_path, monkeypatch, later):
    path = tmp_path / "whole.db"
    _copy(three_each, path)
    _settled_hx(path)
    read = []
    monkeypatch.setattr(ledger_cuts, "expected_cuts", lambda *a, _f=ledger_cuts.expected_cuts: read.append(a[1:]) or _f(*a))
    po, on = later
    rows.receive(path, po, {"A" if po == "PO-1" else "C": 20}, on)
    assert read == [("out", "HX")]
    monkeypatch.undo()
    with closing(open_store(path)) as store:
        _report_reads_the_same_open_items(store, (date(2026, 11, 1),))


def test_a_change_made_by_another_program_is_read_whole_at_the_next_write(three_each, tmp_path):
    """Another program's write is marked by m002's triggers only: the next gendan write
    must not carry a cut past it."""
    path = tmp_path / "other.db"
    _copy(three_each, path)
    _settled_hx(path)
    rows.sql(path, "INSERT INTO receipts (po_no, line, qty, date) VALUES ('PO-2', 1, 40, '2026-09-01')")
    rows.receive(path, "PO-3", {"C": 20}, "2026-10-01")
    with closing(open_store(path)) as store:
        _report_reads_the_same_open_items(store, (date(2026, 11, 1),))


def test_a_post_dated_payment_makes_only_its_own_account_read_whole(three_each, tmp_path):
    """A payment dated next week (a TT booked ahead) must not make every morning report read
    every account's whole history until that day: only its party's."""
    from tests.conftest import Gendan
    path = tmp_path / "ahead.db"
    _copy(three_each, path)
    Gendan(path).ok("supplier", "add", "QQ", "--name", "Qiqi", "--credit-days", "30")
    rows.add_po(path, "PO-9", "QQ", [("C", 1000, "2.50")])
    _settled_hx(path)                                                      # HX settled through 2026-09-05
    rows.receive(path, "PO-9", {"C": 10}, "2026-09-03")                    # QQ: 25.00 ...
    rows.pay(path, "out", "QQ", "25.00", "2026-09-20", "CNY")              # ... paid: cut 2026-09-03
    rows.pay(path, "out", "QQ", "40.00", "2026-11-08", "CNY")              # booked ahead
    with closing(open_store(path)) as store:
        day = date(2026, 11, 1)
        openings = {e.party for e in db.report_entries(store, "out", day) if e.kind == "opening"}
        assert openings == {"HX"}                                          # QQ read whole, HX folded
        assert {e.party for e in db.report_entries(store, "out", date(2026, 11, 8)) if e.kind == "opening"} == \
            {"HX", "QQ"}
        _report_reads_the_same_open_items(store, (day, date(2026, 9, 10), date(2026, 11, 8)))


def test_what_the_report_and_the_writes_ask_first_is_read_from_indexes(three_each):
    """Which parties have entries after the day, and whether a PO/order has one on or before a
    cut: index searches, whatever the history's length."""
    with closing(open_store(three_each)) as store:
        asked = []
        store.conn.set_trace_callback(asked.append)
        for direction in ("in", "out"):
            db._parties_after(store, direction, date(2026, 11, 1))
        ledger_cuts._debit_through(store, "out", "PO-1", "2026-09-05")
        ledger_cuts._debit_through(store, "in", "SO-1", "2026-09-05")
        store.conn.set_trace_callback(None)
        plans = [" ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql)) for sql in asked]
        assert [p for p in plans if "SCAN" in p] == []
        expected = ("shipments_by_date", "payments_by_party", "receipts_by_date", "payments_by_party",
                    "receipts_by_line", "shipments_by_order",
                    "shipments_voided", "receipts_voided", "payments_voided")   # voids after the day (m006)
        assert all(index in " ".join(plans) for index in expected), plans


def test_aging_reads_past_the_settled_history(three_each, tmp_path, monkeypatch):
    """`reconcile aging` ages only what is open, without reading the paid years."""
    from tests.conftest import Gendan
    path = tmp_path / "aging.db"
    _copy(three_each, path)
    _settled_hx(path)                                                      # 100.00, paid
    rows.receive(path, "PO-2", {"C": 20}, "2026-10-01")                    # 65.00, due 2026-10-31
    read = []
    def receipt_debits(store, party=None, until=None, since=None, lean=False, _f=db.receipt_debits):
        read.append(since)
        return _f(store, party, until, since, lean)
    monkeypatch.setattr(db, "receipt_debits", receipt_debits)
    out = Gendan(path).ok("reconcile", "aging", "--suppliers", "--as-of", "2026-11-20", "-f", "csv")
    assert out.splitlines() == ["party,currency,current,d1_30,d31_60,d61_90,over_90,total",
                                "HX,CNY,0.00,65.00,0.00,0.00,0.00,65.00"]
    assert read == ["2026-09-05"]                                          # receipts after the cut only


def test_the_credits_read_past_a_cut_ask_their_orders_through_indexes(three_each):
    """Whether a payment's order/PO has goods on or before its account's cut: one index search
    of the cut, the order's shipments / the PO's receipts and the order / PO, per credit."""
    with closing(open_store(three_each)) as store:
        asked = []
        store.conn.set_trace_callback(asked.append)
        for direction in ("in", "out"):
            db.credit_entries(store, direction, until=date(2026, 11, 1), lean=True, folded={("ACME", "USD")})
        store.conn.set_trace_callback(None)
        plans = " ".join(r[3] for sql in asked for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "SCAN" not in plans
        for index in ("shipments_by_order", "receipts_by_line", "sqlite_autoindex_ledger_cuts_1"):
            assert index in plans, plans
