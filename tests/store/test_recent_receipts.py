"""A supplier's receipts after a day (what a write's settled cut reads) come the same by either
path: through the date index (few recent receipts) or through the supplier's POs (issue 21,
item 12: with a million receipts in history, `po receive` read every recent receipt's row)."""
from contextlib import closing

import pytest

from gendan.store import ledger
from gendan.store.db import open_store


@pytest.fixture
def desk(parties):
    """Two suppliers, three POs each, received on different days, one with a rejection."""
    for i in range(6):
        supplier = "HX" if i % 2 else "MF"
        parties.ok("po", "add", f"PO-R{i}", "--supplier", supplier, "--due", "+30",
                   "--item", "CH-01=10@1.50", "--item", "TB-02=5@2.25", today="2026-10-01")
        parties.ok("po", "receive", f"PO-R{i}", "--item", "CH-01=4", "--date", f"2026-10-{10 + i:02d}",
                   today="2026-10-20")
        parties.ok("po", "receive", f"PO-R{i}", "--item", "TB-02=5", "--rejected", "TB-02=1",
                   "--date", f"2026-11-{1 + i:02d}", today="2026-11-20")
    return parties


@pytest.mark.parametrize("since", [None, "2026-10-12", "2026-11-02", "2026-11-30"])
@pytest.mark.parametrize("party", ["HX", "MF"])
def test_both_paths_read_the_same_entries(desk, monkeypatch, party, since):
    with closing(open_store(desk.db)) as store:
        found = {}
        for by_date in (True, False):
            monkeypatch.setattr(ledger, "_few_since", lambda *a, _b=by_date: _b)
            found[by_date] = ledger.receipt_debits(store, party, since=since, lean=True)
    assert found[True] == found[False]
    days = {"MF": ["2026-10-10", "2026-10-12", "2026-10-14", "2026-11-01", "2026-11-03", "2026-11-05"],
            "HX": ["2026-10-11", "2026-10-13", "2026-10-15", "2026-11-02", "2026-11-04", "2026-11-06"]}[party]
    assert [e.date.isoformat() for e in found[True]] == [d for d in days if since is None or d > since]


def test_the_date_path_passes_other_suppliers_in_the_indexes(desk):
    """EXPLAIN QUERY PLAN: the recent receipts from the date index, the party's POs from the
    supplier index alone (m007), no table scanned."""
    with closing(open_store(desk.db)) as store:
        asked = []
        store.conn.set_trace_callback(asked.append)
        assert ledger._few_since(store, "receipts", "2026-11-02", "pos", "supplier", "HX", 50)
        ledger.receipt_debits(store, "HX", since="2026-11-02", lean=True)
        store.conn.set_trace_callback(None)
        sql = next(s for s in asked if s.startswith("SELECT r.po_no"))
        plan = " / ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql))   # values inline
    assert plan.startswith("SEARCH r USING INDEX receipts_by_date (date>?)"), plan   # other tables after it
    assert "SEARCH pos USING COVERING INDEX pos_supplier (supplier=?)" in plan, plan
    assert "SCAN" not in plan.replace("SCAN CONSTANT", ""), plan


def test_many_recent_receipts_read_by_the_party(desk):
    """With recent receipts fifty times the party's POs or more, its POs are the shorter way."""
    with closing(open_store(desk.db)) as store:
        assert ledger._few_since(store, "receipts", "2026-10-01", "pos", "supplier", "HX", 50)
        assert not ledger._few_since(store, "receipts", "2026-10-01", "pos", "supplier", "HX", 3)
        assert not ledger._few_since(store, "receipts", None, "pos", "supplier", "HX", 50)
