"""The store: migrations, the pinned schema, transactions and the audit trail."""
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from gendan.errors import StoreError
from gendan.store import migrations
from gendan.store.store import open_store

SCHEMA = Path(__file__).with_name("schema.sql")


def schema_text(path) -> str:
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY type, name").fetchall()
    conn.close()
    return "\n".join(f"-- {t} {n}\n{sql};" for t, n, sql in rows) + "\n"


def test_whole_schema_is_pinned(db):
    """Any schema change must come as a new migration and update tests/store/schema.sql."""
    open_store(db).close()
    assert schema_text(db) == SCHEMA.read_text()


def test_migrations_on_empty_file_then_reopen_is_a_no_op(db):
    store = open_store(db)
    applied = store.query("SELECT name, applied_at FROM _sqlite_migrations")
    assert [r["name"] for r in applied] == list(migrations.NAMES)
    store.close()
    before = db.read_bytes()
    store = open_store(db)
    assert [tuple(r) for r in store.query("SELECT name, applied_at FROM _sqlite_migrations")] == \
        [tuple(r) for r in applied]
    store.close()
    assert db.read_bytes() == before


def test_pragmas(db):
    store = open_store(db)
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1
    assert store.scalar("PRAGMA busy_timeout") > 0


def test_new_database_is_private(db):
    open_store(db).close()
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600


def test_database_from_newer_gendan_is_refused_untouched(db):
    open_store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('gendan', 'm999_future', 'x')")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer gendan"):
        open_store(db)
    assert db.read_bytes() == before


def test_not_a_database_and_missing_directory(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a gendan database"):
        open_store(junk)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "x.db")


def test_transaction_writes_events_or_nothing(db):
    store = open_store(db)
    with store.transaction():
        store.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        store.event("setting", "a", None, {"value": 1}, "test")
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
            store.event("setting", "b", None, {"value": 2})
            raise RuntimeError("crash mid-command")
    assert store.scalar("SELECT group_concat(key) FROM settings") == "a"
    assert [tuple(r)[4:] for r in store.query("SELECT * FROM events")] == [("setting", "a", None, '{"value": 1}', "test")]


def test_writes_outside_a_transaction_are_refused(db):
    store = open_store(db)
    with pytest.raises(RuntimeError):
        store.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
