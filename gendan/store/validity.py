"""Is the database as gendan writes it? Its schema complete, every number a number, every date
in the one form the reports read (YYYY-MM-DD). A file edited by hand (sqlite3, a spreadsheet
tool, a half-restored copy) can break these; `gendan check` finds it and says how to repair
each finding, and a report that crashes on such data points at `check` (cli/exits.py).

The expected schema is the one the migrations build, made afresh in memory, so a new
migration is covered without a list to keep here. Each function returns findings as values.
"""
import sqlite3
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# TEXT columns that hold a decimal number (money, percentages, measurements) …
DECIMAL_COLUMNS = frozenset({"price", "amount", "deposit_pct", "settled", "carton_l", "carton_w", "carton_h",
                             "nw", "gw", "packed_pct", "qty_per", "scrap_pct"})
# … and those that hold a business date, YYYY-MM-DD (NULL where the column allows it;
# ledger_cuts.through is '' for an account with nothing settled, so it is not listed).
DATE_COLUMNS = frozenset({"date", "due", "ordered", "confirmed", "promised", "recorded", "received", "reply_by",
                          "replied", "closed", "voided", "start", "finish", "requested", "sent", "feedback_date",
                          "sealed", "etd", "bl_copy_sent", "bl_original_received", "bl_released", "day",
                          "cancelled_on", "closed_on", "planned", "first", "last"})
LISTED = 20   # findings of one kind in one column: the rest are counted, not listed


def finding(check: str, ref: str, message: str) -> dict:
    return {"check": check, "ref": ref, "message": message}


@lru_cache(maxsize=1)
def expected_schema() -> dict[str, dict]:
    """name → {type, table, sql, columns: {name: declared type}} of every table, index and
    trigger the migrations create (built once, in memory)."""
    from gendan.store import migrations
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations.apply_pending(conn)
        return _schema(conn)
    finally:
        conn.close()


def _schema(conn) -> dict[str, dict]:
    out = {}
    for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"):
        cols = {}
        if kind == "table":
            cols = {r[1]: r[2].upper() for r in conn.execute(f'PRAGMA table_info("{name}")')}
        out[name] = {"type": kind, "table": table, "sql": sql, "columns": cols}
    return out


def schema_complete(store) -> list[dict]:
    """Every table, column, index and trigger of the migrations is there. A missing table's
    records are lost: only a backup brings them back; an index or trigger can be recreated."""
    want, have = expected_schema(), _schema(store.conn)
    out = []
    for name, item in want.items():
        got = have.get(name)
        if item["type"] == "table":
            if got is None:
                out.append(finding("schema", name, f"table {name} is missing (its records are lost: restore the "
                                                   f"latest backup over the database; without one, recreate it empty: "
                                                   f"{sqlite3_command(store, item['sql'])})"))
                continue
            for col, decl in item["columns"].items():
                if col not in got["columns"]:
                    out.append(finding("schema", f"{name}.{col}", f"column {col} of table {name} is missing (restore "
                                                                  f"the latest backup over the database)"))
        elif got is None:
            out.append(finding("schema", name, f"{item['type']} {name} on {item['table']} is missing (recreate it: "
                                               f"{sqlite3_command(store, item['sql'])})"))
    return out


def sqlite3_command(store, statement: str) -> str:
    """A repair as one shell command on the database, the statement on one line (a schema's
    SQL spans several) as one shell word."""
    import shlex
    return f"sqlite3 {shlex.quote(str(store.path))} {shell_word(' '.join(statement.split()))}"


def shell_word(text: str) -> str:
    """Text as one shell word: in double quotes, as people write them, unless it holds a
    character the shell reads inside them."""
    import shlex
    if any(c in text for c in '"$`\\!') or not text.isprintable():
        return shlex.quote(text)
    return f'"{text}"'



def column_values(store) -> list[dict]:
    """Whole numbers in INTEGER columns, decimals in money columns, YYYY-MM-DD in date columns:
    what the reports read without asking. Tables or columns that are missing are
    schema_complete's findings, not these."""
    have = _schema(store.conn)
    out = []
    for table, item in expected_schema().items():
        if item["type"] != "table" or table not in have or table.startswith("_"):
            continue
        present = have[table]["columns"]
        for col, decl in item["columns"].items():
            if col not in present:
                continue
            if decl.startswith("INT"):
                out += _bad(store, table, col, f'typeof("{col}") NOT IN (\'integer\', \'null\')', "a whole number",
                            None)
            elif col in DECIMAL_COLUMNS:
                out += _bad(store, table, col, f'"{col}" IS NOT NULL AND (typeof("{col}") NOT IN (\'text\', '
                                               f'\'integer\') OR "{col}" = \'\' OR "{col}" GLOB \'*[^0-9.-]*\')',
                            "a decimal number", lambda v: isinstance(v, (str, int)) and _is_decimal(v))
            elif col in DATE_COLUMNS:   # SQLite's date() takes 02-30: days past 28 are checked in Python
                out += _bad(store, table, col, f'"{col}" IS NOT NULL AND (typeof("{col}") <> \'text\' OR "{col}" '
                                               f'NOT GLOB \'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\' OR '
                                               f'date("{col}") IS NOT "{col}" OR substr("{col}", 9) > \'28\')',
                            "a date YYYY-MM-DD", _is_date)
    return out


def _is_date(value) -> bool:
    from datetime import date
    try:
        return isinstance(value, str) and len(value) == 10 and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _is_decimal(value) -> bool:
    """A decimal the reports can add (the SQL filter lets through only what might not be)."""
    try:
        return Decimal(str(value)).is_finite()
    except (InvalidOperation, ValueError):
        return False


def _bad(store, table: str, col: str, where: str, what: str, recheck) -> list[dict]:
    """Findings for the rows of `table` whose `col` matches `where` (and fails `recheck`,
    when given): one line each, with the SQL that repairs it."""
    keys = "".join(f', "{k}"' for k in _key(store, table))
    rows = store.conn.execute(f'SELECT rowid, "{col}"{keys} FROM "{table}" WHERE {where} ORDER BY rowid').fetchall()
    if recheck is not None:
        rows = [r for r in rows if not recheck(r[1])]
    out = []
    for rowid, value, *key in rows[:LISTED]:
        ref = f"{table} {'/'.join(map(str, key))}" if key else f"{table} row {rowid}"
        out.append(finding("value", ref, f"{col} holds {value!r}, not {what} (it was changed "
                                                        f"outside gendan; {_repair(store, table, col, rowid, value, what)})"))
    if len(rows) > LISTED:
        out.append(finding("value", f"{table}.{col}", f"… and {len(rows) - LISTED:,} more rows whose {col} is "
                                                      f"not {what} (repair them the same way, or restore a backup)"))
    return out


def _key(store, table: str) -> list[str]:
    """The columns of the table's primary key, when it has one of its own (not the rowid)."""
    info = store.conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    pk = sorted((r[5], r[1]) for r in info if r[5])
    return [] if len(pk) == 1 and info[[r[1] for r in info].index(pk[0][1])][2].upper() == "INTEGER" \
        else [name for _, name in pk]


def _repair(store, table: str, col: str, rowid: int, value, what: str) -> str:
    """The repair as one command: the value as gendan would have written it when it can be
    read (a date in another form), else a placeholder for the right value."""
    fixed = _as_iso_date(value) if what.startswith("a date") else _as_number(value, what)
    new = f"'{fixed}'" if fixed is not None and what.startswith("a date") else fixed if fixed is not None else "<value>"
    return f"put back the right value: {sqlite3_command(store, f'UPDATE {table} SET {col} = {new} WHERE rowid = {rowid}')}"


def _as_iso_date(value):
    from datetime import date

    from gendan.core.dates import parse_date
    from gendan.errors import GendanError
    text = str(value).strip()
    if not text or text[:1] in "+-" or text.isalpha():   # relative forms depend on a day we do not know
        return None
    try:
        return parse_date(text, date(2000, 1, 1), "date").isoformat()
    except (GendanError, ValueError, OverflowError):
        return None


def _as_number(value, what: str):
    text = str(value).strip().replace(",", "")
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    if what == "a whole number":
        return str(int(d)) if d == d.to_integral_value() else None
    return f"'{d}'"


def damaged(error: Exception) -> bool:
    """True for SQLite's word that the file itself is broken (a page, not a value)."""
    text = str(error).lower()
    return isinstance(error, sqlite3.DatabaseError) and ("malformed" in text or "not a database" in text
                                                         or "corrupt" in text)


RESTORE = ("the database file is damaged ({error}): restore the latest backup over it (copy the file made by "
           "'gendan backup' to {path}); 'gendan check' cannot repair a damaged file")
