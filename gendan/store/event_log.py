"""The audit trail as read back: `gendan log` and the events of one document (`order show`).
Events are written by the transaction in store/db.py."""
from collections.abc import Iterator
from datetime import date

from gendan.store import asof, db


def events(store, key: str, day: date) -> list[dict]:
    """Every event about one key (an order, a PO, a party) dated by `day`, oldest first."""
    rows = store.query(f"SELECT * FROM events WHERE key = ? AND {asof.in_force('events')} ORDER BY id",
                       (key, day.isoformat()))
    return [event_row(r) for r in rows]


def event_log(store, key: str | None = None, since: date | None = None,
              until: date | None = None) -> Iterator[dict]:
    """`gendan log`: the audit trail, oldest first, of one key and/or business dates from
    `since` to `until`; streamed from a cursor, as years of events are written out
    (400,000 events: 600 → 20 MiB)."""
    where, params = db.where(("key = ?", key or None), ("day >= ?", since and since.isoformat()),
                             (asof.in_force("events"), until and until.isoformat()))
    cur = store.conn.execute(f"SELECT {', '.join(_EVENT_FIELDS)} FROM events {where} ORDER BY id", params)
    return (dict(zip(_EVENT_FIELDS, values)) for values in cur)


_EVENT_FIELDS = ("id", "ts", "day", "actor", "command", "entity", "key", "before", "after", "reason")


def event_row(r) -> dict:
    return {"id": r["id"], "ts": r["ts"], "day": r["day"], "actor": r["actor"], "command": r["command"], "entity": r["entity"],
            "key": r["key"], "before": r["before"], "after": r["after"], "reason": r["reason"]}
