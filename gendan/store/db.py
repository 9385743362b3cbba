"""The SQL plumbing every store module uses: opening the database (pragmas, migrations),
transactions with their audit events, and the helpers for `IN (...)` chunks and WHERE clauses.

Every write goes through `Store.transaction()`: one `BEGIN IMMEDIATE` transaction per command,
with the audit events written inside it, so a command lands whole or not at all. The
transaction keeps the ledger cuts true (store/ledger_cuts.py, imported here at the top): that
module and the ledger entries it reads (store/ledger.py) therefore do not import this one.
"""
import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import date, datetime, timezone
from functools import cached_property
from pathlib import Path

from gendan.errors import GendanError, StoreError
from gendan.store import ledger_cuts, migrations

BUSY_TIMEOUT_MS = 30_000
WRITE_CACHE_KIB = 64 * 1024


def default_path() -> Path:
    """The database under the user's data directory (XDG on Linux). A relative XDG_DATA_HOME
    or an empty HOME would put it somewhere that depends on the current directory (or at
    /.local): refused, so no command silently uses another database than yesterday's."""
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        if not os.path.isabs(xdg):
            raise StoreError(f"XDG_DATA_HOME is the relative path {xdg!r}",
                             "set it to an absolute path, or give --db FILE")
        return Path(xdg) / "gendan" / "gendan.db"
    home = os.environ.get("HOME", os.path.expanduser("~"))
    if not home or not os.path.isabs(home):
        raise StoreError(f"HOME is {'empty' if not home else repr(home)}, so there is no data directory",
                         "set HOME or XDG_DATA_HOME, or give --db FILE")
    return Path(home) / ".local" / "share" / "gendan" / "gendan.db"


def open_store(path: str | os.PathLike, create_dirs: bool = False) -> "Store":
    """Open (creating if needed) the database at `path` and bring its schema up to date."""
    path = Path(path)
    if create_dirs:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as e:
            raise StoreError(f"cannot create the data directory {str(path.parent)!r}: {e.strerror}",
                             "check XDG_DATA_HOME and its permissions, or give --db FILE") from None
    if not path.parent.is_dir():
        raise StoreError(f"directory {str(path.parent)!r} does not exist (create it, or choose another --db)")
    if path.is_dir():
        raise StoreError(f"{str(path)!r} is a directory (give --db a file path)")
    if not path.exists():
        _create_private(path)
    elif path.stat().st_size == 0:
        _make_private(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        store = _first_open(conn, path)
        store.saved = False   # the migrations' commit is not the command's
        conn.execute("PRAGMA foreign_keys = ON")
        return store
    except sqlite3.OperationalError as e:
        if str(e).startswith(("no such table", "no such column")):   # dropped by hand: migrations cannot run
            raise StoreError(f"cannot bring database {str(path)!r} up to date: {e} (a table or column was removed "
                             f"outside gendan: restore the latest backup over it)") from None
        raise StoreError(f"cannot use database {str(path)!r}: {e} (check the file and its permissions)") from None


def _first_open(conn: sqlite3.Connection, path: Path, patience: float = 10.0) -> "Store":
    """Check the file and bring its schema up to date. When several processes open a new
    database at once, SQLite can answer "database is locked" without waiting its busy timeout
    (switching the journal to WAL needs the file to itself; a reader may meet another's WAL
    recovery): 1 process in 60 in tests/test_first_use.py's slow run. The steps are idempotent,
    so they are tried again, for up to `patience` seconds."""
    import time
    deadline = time.monotonic() + patience
    while True:
        try:
            _check_is_database(conn, path)
            store = Store(conn, path)
            store.migrate()
            return store
        except sqlite3.OperationalError as e:   # migrate has rolled its transaction back
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _create_private(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (SQLite keeps the mode)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        pass   # another gendan created it a moment ago: it migrates it, this one waits
    except OSError as e:
        raise StoreError(f"cannot create database {str(path)!r}: {e.strerror} (check the directory's permissions)") from None


def _make_private(path: Path) -> None:
    """A 0-byte file (made by `touch`, or by a gendan stopped before its first commit) becomes
    the database: readable and writable by its owner only, as one gendan creates."""
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass   # not ours to change: SQLite reports what it cannot do


def _check_is_database(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that is not SQLite, and an SQLite file of another program (untouched:
    migrating it would write gendan's tables into someone else's data)."""
    try:
        entries = conn.execute("SELECT name FROM sqlite_master").fetchall()
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    except sqlite3.OperationalError:
        raise  # locked, unreadable, read-only directory: reported with the permissions hint
    except sqlite3.DatabaseError as e:
        if "malformed" in str(e):   # an SQLite file whose pages are damaged: a backup brings it back
            from gendan.store.validity import RESTORE
            raise StoreError(RESTORE.format(error=e, path=path)) from None
        raise StoreError(f"{str(path)!r} is not a gendan database (choose another --db)") from None
    names = {t[0] for t in entries}
    if names and "_sqlite_migrations" not in names:
        raise StoreError(f"{str(path)!r} is a database of another program (choose another --db)")
    if not names and pages:   # gendan's own new file stays 0 bytes until its schema commits
        raise StoreError(f"{str(path)!r} is an SQLite database of another program, with no tables yet "
                         f"(choose another --db)")


class Store:
    """A connection with the house rules: WAL, foreign keys, audited transactions."""

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self.command = ""
        self.today = None   # the business date in force (`--today`), stamped on audit events
        self._events: list[tuple] | None = None
        self._tracking = False
        self.saved = False   # a command transaction has committed: from then on it has succeeded
        self._reading = False   # in the read snapshot of read_snapshot()

    @cached_property
    def actor(self) -> str:
        """Who is writing, for the audit log: the login name, looked up at the first write
        (reading commands skip the getpass import)."""
        import getpass
        try:
            return getpass.getuser()
        except Exception:  # no login name in some containers
            return ""

    def migrate(self) -> None:
        """Apply pending steps; refuse a database written by a newer gendan, untouched.

        The steps run in one `BEGIN IMMEDIATE` transaction, under the write lock and busy
        timeout every write waits on: when several processes open a new database at once,
        the first migrates it and the others wait, then find the steps applied."""
        applied = self._applied()
        self._refuse_newer(applied)
        if len(applied) == len(migrations.NAMES):
            return
        self.conn.execute("PRAGMA foreign_keys = OFF")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            applied = self._applied()
            self._refuse_newer(applied)
            if len(applied) < len(migrations.NAMES):
                migrations.apply_pending(self.conn)   # each step a savepoint inside this transaction
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self._rollback()
            raise
        # WAL only now: switching writes the file's header, and a new file must stay 0 bytes
        # until its schema commits (a non-empty file without tables is another program's).
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode = WAL")
        with self.transaction():   # a step may mark accounts dirty (m002): settle them now
            pass

    def _refuse_newer(self, applied: list[str]) -> None:
        unknown = [name for name in applied if name not in migrations.NAMES]
        if unknown:
            raise StoreError(f"database {str(self.path)!r} was written by a newer gendan "
                             f"(unknown migration {unknown[0]}; upgrade gendan)")

    def _applied(self) -> list[str]:
        try:
            rows = self.conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                                     (migrations.MIGRATION_SET,)).fetchall()
        except sqlite3.OperationalError:
            return []
        return [r[0] for r in rows]

    # -- reading -------------------------------------------------------------------------
    def query(self, sql: str, params=()) -> list[sqlite3.Row]:
        cur = self.conn.execute(sql, params)
        cur.row_factory = sqlite3.Row
        return cur.fetchall()

    def one(self, sql: str, params=()) -> sqlite3.Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params=()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def existing(self, table: str, column: str, keys) -> set[str]:
        """Which of `keys` are already in `table.column` (asked in chunks, not row by row)."""
        return {r[0] for r in select_in(self.conn, f"SELECT {column} FROM {table} WHERE {column} IN {KEYS}", keys)}

    def read_snapshot(self) -> None:
        """Read everything this command reads from one snapshot, until it ends: a `show`
        gathers a document from a dozen queries, and a payment recorded between two of them
        would show a total that disagrees with the payments listed. (SQLite's deferred BEGIN:
        the snapshot is taken at the first read; writers are never blocked.)"""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            self._reading = True

    def _end_reading(self) -> None:
        if self._reading:
            self._reading = False
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self):
        """A read transaction: a report sees one consistent state even while others write.
        Inside a transaction already, that transaction is the snapshot."""
        if self.conn.in_transaction:
            yield self
            return
        self.conn.execute("BEGIN")
        try:
            yield self
        finally:
            self.conn.execute("COMMIT")

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE … COMMIT; events recorded with `event()` are written inside it."""
        if self._events is not None:
            raise RuntimeError("nested transaction")
        self._end_reading()   # a command that read first writes from the newest state
        try:
            # A big write (an import) keeps its pages in memory rather than spilling them to the
            # WAL mid-way: 100,000 PO lines 3.2 → 2.0 s. Only pages used are allocated, and
            # reads keep the default cache, so exports still stream in little memory.
            self.conn.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
            self._track_derived()
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            hint = ("another command is writing to it (an import?): run this one again when it is done"
                    if "locked" in str(e) or "busy" in str(e) else "check permissions, or retry")
            raise StoreError(f"cannot write to {str(self.path)!r}: {e} ({hint})") from None
        self._events = []
        committing = False
        try:
            self._start_derived()
            yield self
            self._refresh_derived()
            self._flush_events()
            committing = True
            self.conn.execute("COMMIT")
            self.saved = True
        except BaseException as e:
            if self.conn.in_transaction:
                self._rollback()
            elif committing and isinstance(e, KeyboardInterrupt):
                # Ctrl-C landed just as COMMIT returned: everything is written, so the command
                # has succeeded; reporting a failure would make the user record it twice.
                self.saved = True
                return
            if isinstance(e, sqlite3.OperationalError):
                raise _write_error(e, self.path) from None
            raise
        finally:
            self._events = None

    def _rollback(self) -> None:
        """Undo an open transaction. A failed ROLLBACK (the disk gone) must not hide the error
        that caused it: SQLite undoes the transaction from its journal at the next open."""
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def execute(self, sql: str, params=()) -> sqlite3.Cursor:
        self._require_tx()
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows) -> sqlite3.Cursor:
        self._require_tx()
        return self.conn.executemany(sql, rows)

    def event(self, entity: str, key: str, before=None, after=None, reason: str = "", day=None) -> None:
        """Record one change (before → after, JSON) in this transaction's audit trail, with the
        wall-clock time and the business date it is about: `day` (the document's own date), else
        the `today` in force."""
        self._require_tx()
        self._events.append((_now(), self.day_text(day), self.actor, self.command, entity, key,
                             _json(before), _json(after), reason or ""))

    def events(self, entity: str, changes, reason: str = "", encoded: bool = False) -> None:
        """Record many new records at once (imports): `changes` yields (key, after) pairs, or
        (key, after, day) with the business date each is about (else today), all stamped with
        one time; `encoded` when `after` is already JSON text."""
        self._require_tx()
        ts, actor, command = _now(), self.actor, self.command
        enc = (lambda v: v) if encoded else _json
        self._events.extend((ts, self.day_text(day[0] if day else None), actor, command, entity, key, None,
                             enc(after), reason) for key, after, *day in changes)

    def day_text(self, day=None) -> str:
        """An event's business date as text: the one given, else today (else the local clock's,
        as the CLI's today)."""
        day = day or self.today or date.today()
        return day if isinstance(day, str) else day.isoformat()

    def _track_derived(self) -> None:
        """Once per connection, before its first write: the temporary triggers that tell the
        ledger cuts what a write changed (store.ledger_cuts.track_changes)."""
        if not self._tracking:
            ledger_cuts.track_changes(self)
            self._tracking = True

    def _start_derived(self) -> None:
        """Inside the transaction, before the command's writes (store.ledger_cuts.start_tracking)."""
        ledger_cuts.start_tracking(self)

    def _refresh_derived(self) -> None:
        """Recompute the ledger cuts of accounts this transaction changed (see m002)."""
        if self.conn.execute("SELECT 1 FROM ledger_dirty LIMIT 1").fetchone():
            ledger_cuts.refresh_cuts(self)

    def flush_events(self) -> None:
        """Write the audit events recorded so far, still inside the transaction: a streamed
        import calls it after each batch, so its memory does not grow with the file."""
        self._require_tx()
        self._flush_events()
        self._events.clear()

    def _flush_events(self) -> None:
        if self._events:
            self.conn.executemany(
                "INSERT INTO events (ts, day, actor, command, entity, key, before, after, reason) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self._events)

    def _require_tx(self) -> None:
        if self._events is None:
            raise RuntimeError("writes must run inside Store.transaction()")

    def setting(self, key: str, default: int | None = None) -> int | str:
        """A tunable number: the stored override, else the default in core/settings.py (the
        PO number pattern is the one text)."""
        value = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        from gendan.core.settings import DEFAULTS, check, unusable
        if value is not None:
            why = unusable(key, value)
            if why:   # edited outside gendan: say what to run, not "internal error"
                raise StoreError(f"setting {key} {why}")
            return check(key, str(value))
        return DEFAULTS[key][0] if default is None else default

    def set_setting(self, key: str, value: int | str) -> None:
        before = self.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        self.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, str(value)))
        self.event("setting", key, None if before is None else {"value": before if isinstance(value, str) else int(before)},
                   {"value": value})

    def close(self) -> None:
        self.conn.close()


def _write_error(e: sqlite3.OperationalError, path: Path) -> Exception:
    """The error a person reads for a write SQLite refused; the transaction is undone."""
    text = str(e)
    if "readonly" in text:
        return StoreError(f"cannot write to {str(path)!r}: the file is read-only "
                          f"(check its permissions, or work on a copy)")
    if "disk is full" in text or "disk I/O error" in text:
        return StoreError(f"cannot write to {str(path)!r}: {text}; nothing was written "
                          f"(free some disk space, then run the command again)")
    return e


def not_found(store, what: str, typed: str, table: str, column: str, hint: str):
    """The NotFound error for a reference nobody has: with the existing one it most likely
    meant (`unknown order 'so-5001' (did you mean SO-5001?)`), else with `hint`."""
    from gendan.core.suggest import unknown
    from gendan.errors import NotFound
    known = [r[0] for r in store.conn.execute(f"SELECT {column} FROM {table}")]
    return NotFound(*unknown(what, typed, known, hint))


def chunks(items: list, size: int = 500):
    """`items` in slices of `size`: one `IN (?, …)` query per slice stays under SQLite's
    parameter limit however many numbers a report or an import asks about."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


KEYS = "{keys}"   # where select_in puts a chunk's placeholders: f"... WHERE order_no IN {KEYS}"


def select_in(conn, sql: str, keys, before=(), after=(), rows: bool = False) -> list:
    """The rows of `sql` for every key, asked in chunks (see `chunks`): `sql` has one `IN {KEYS}`,
    `before` and `after` are the parameters on either side of it. Tuples, or sqlite3.Row
    (by name and position) with `rows`; in chunk order."""
    out = []
    for chunk in chunks(list(keys)):
        cur = conn.execute(sql.replace(KEYS, f"({','.join('?' * len(chunk))})"), [*before, *chunk, *after])
        if rows:
            cur.row_factory = sqlite3.Row
        out.extend(cur)
    return out


def where(*conditions: tuple[str, object], prefix: str = "WHERE") -> tuple[str, list]:
    """`prefix` and the conditions joined by AND, with their parameters, for the
    (condition, value) pairs whose value is not None: ("WHERE a = ? AND b <= ?", [1, "2026-11-20"]).
    A condition with a value of True takes no parameter. ("", []) when none applies."""
    clauses, params = [], []
    for condition, value in conditions:
        if value is None or value is False:
            continue
        clauses.append(condition)
        if value is not True:
            params.append(value)
    return (f"{prefix} " + " AND ".join(clauses) if clauses else ""), params


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, default=str)


def _json(value) -> str | None:
    """Audit JSON; one shared encoder, as json.dumps builds a new one per call with options."""
    if value is None:
        return None
    return _ENCODER.encode(value)
