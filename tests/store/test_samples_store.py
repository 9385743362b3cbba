"""The samples store: the morning report's read finds waiting samples through the index
(answered history is not read), and every read is as of the day asked."""
from datetime import date

import pytest

from gendan.core.samples import Sample
from gendan.store import db, samples

D = date(2026, 11, 20)


@pytest.fixture
def store(tmp_path):
    s = db.open_store(tmp_path / "s.db")
    with s.transaction():
        s.execute("INSERT INTO customers (code, name, currency) VALUES ('ACME', 'Acme', 'USD')")
        samples.add(s, Sample("S-1", "ACME", "CH-01", "proto", date(2026, 11, 1), due=date(2026, 11, 10)))
        samples.add(s, Sample("S-2", "ACME", "CH-01", "proto", date(2026, 11, 1), sent=date(2026, 11, 2),
                              courier="DHL", awb="1", verdict="approved", verdict_date=date(2026, 11, 25),
                              comments="ok"))
        samples.add(s, Sample("S-3", "ACME", "CH-01", "proto", date(2026, 11, 1), sent=date(2026, 11, 2),
                              courier="DHL", awb="2", verdict="rejected", verdict_date=date(2026, 11, 5),
                              comments="no"))
        samples.add(s, Sample("S-4", "ACME", "CH-01", "proto", date(2026, 11, 21)))
    yield s
    s.close()


def test_waiting_reads_the_feedback_index_not_the_table(store):
    statements = []
    store.conn.set_trace_callback(statements.append)
    samples.waiting(store, D)
    store.conn.set_trace_callback(None)
    sql = next(s for s in statements if "FROM samples" in s)
    details = [r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
    assert any("USING INDEX samples_by_feedback" in d for d in details), details
    assert not any(d.startswith("SCAN s") for d in details), details


def test_reads_are_as_of_the_day_asked(store):
    # S-2 was answered after the 20th, so it still awaited feedback then; S-3 was answered
    # before; S-4 was not yet requested.
    assert [s.sample for s in samples.waiting(store, D)] == ["S-1", "S-2"]
    assert [s.sample for s in samples.waiting(store, date(2026, 11, 25))] == ["S-1", "S-4"]
    assert [d.sample for d in samples.due(store, D)] == ["S-2", "S-1"]   # feedback due 11-05, factory due 11-10


def test_a_step_is_saved_with_only_what_it_changed_in_the_audit_log(store):
    from gendan.core import samples as rules
    with store.transaction():
        samples.change(store, "S-1", rules.receive, D)
    before, after = store.conn.execute(
        "SELECT before, after FROM events WHERE key = 'S-1' ORDER BY id DESC LIMIT 1").fetchone()
    assert (before, after) == ('{"received": null}', '{"received": "2026-11-20"}')
    assert samples.get(store, "S-1").received == D
