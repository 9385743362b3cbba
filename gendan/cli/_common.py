"""What every command needs: the database and `today` from the global options, rendering."""
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from gendan.core.dates import parse_date
from gendan.errors import GendanError, UsageError


class State:
    """The global options of this command line (set by typer's root callback or cli/quick.py).
    A plain class: the chase list's start-up does without the dataclasses module."""
    db: str | None = None
    today_text: str | None = None
    store = None   # the store this command opened (has its write been saved?)


state = State()
_today: date | None = None


def today() -> date:
    """`--today` / GENDAN_TODAY, else the real clock: the only place the CLI reads it."""
    global _today
    if _today is None:
        real = date.today()
        if state.today_text is not None and not state.today_text.strip():   # `--today "$D"`, D unset
            raise UsageError("--today is empty", "give a date such as 2026-11-20, or leave --today out")
        _today = parse_date(state.today_text, real, "--today") if state.today_text else real
    return _today


def reset() -> None:
    """Forget the parsed date (each CliRunner invocation is a new process to us)."""
    global _today
    _today = None
    state.store = None
    if (output_file := sys.modules.get("gendan.cli.output_file")) is not None:
        output_file.reset()


def saved() -> bool:
    """True once this command's write has committed: an interrupt after that is no failure."""
    return bool(state.store is not None and state.store.saved)


def db_path() -> Path:
    from gendan.store.db import default_path
    if state.db is None:
        return default_path()
    if not state.db.strip():   # `--db "$DB"` with DB unset: never silently the default database
        raise UsageError("--db is empty", "give the database file's path; is a variable in the script unset?")
    return Path(state.db)


def database_or_none() -> Path | None:
    """The database's path, or None when the options do not name a usable one yet."""
    try:
        return db_path()
    except GendanError:
        return None


def open_db(command: str = ""):
    """Open the store for this command; `command` labels its audit events. A command that
    names none only reads: it reads one snapshot from start to end."""
    from gendan.store.db import open_store
    store = open_store(db_path(), create_dirs=state.db is None)
    store.command = command or " ".join(sys.argv[1:3]) or "gendan"
    store.today = today()
    if not command:
        store.read_snapshot()
    state.store = store
    return store


def date_arg(text: str | None, what: str, default: date | None = None) -> date | None:
    """Parse an optional date option against today."""
    if text is None:
        return default
    return parse_date(text, today(), what)


def need_reason(reason: str | None, what: str) -> str:
    if reason is None or not reason.strip():
        raise UsageError(f"{what} needs --reason TEXT (it is kept in the audit log)")
    return reason.strip()


def emit(rows, fmt: str, columns: list[str], **kw) -> int:
    """Write a listing in `fmt`; with -f xlsx each call is one sheet of the command's
    workbook, named after `title` (or `sheet`), else after the command. `kinds` types
    columns that hold text (see gendan.xlsx_out)."""
    if fmt == "xlsx":
        from gendan.cli import output_file
        return output_file.sheet(kw.get("sheet") or kw.get("title"), rows, columns, kw.get("kinds"))
    kw.pop("sheet", None)
    kw.pop("kinds", None)
    from gendan.output import render
    return render(rows, fmt, columns, sys.stdout, **kw)


def utf8_stdout():
    """stdout as UTF-8 whatever the locale: exports carry Chinese names."""
    try:
        sys.stdout.reconfigure(encoding="utf-8")
    except (AttributeError, ValueError):
        pass
    return sys.stdout


@contextmanager
def gc_paused():
    """The cyclic garbage collector off for a command that builds many small acyclic objects
    that live until it ends, so the collector's passes free nothing. Measured (bench/RESULTS.md):
    ~10 % of the chase list and the morning report, a third of an import. Only those pause it;
    reference counting still frees everything else, and the collector is back on after."""
    import gc
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def wrote(line: str, record: dict, fmt: str = "table") -> None:
    """What a write says (CLI.md): one line on stdout that starts with the number it gave or
    touched, so a script can take it with `cut -d' ' -f1`; with -f json the written record."""
    from gendan.output import dumps, visible
    if fmt == "xlsx":   # the written record as a one-row sheet
        emit([record], fmt, list(record))
        return
    text = dumps(record) if fmt in ("json", "jsonl") else visible(line)   # typed text never drives the terminal
    try:
        sys.stdout.write(text + "\n")
    except OSError:   # stdout closed or gone: the write has committed all the same, a success
        pass


def plural(n: int, word: str) -> str:
    """`1 day`, `2 days`."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def info(message: str) -> None:
    """A message for the person, on stderr (stdout is data); characters from the data that a
    terminal would obey are escaped, line by line."""
    if not message.isprintable():
        from gendan.output import visible
        message = "\n".join(map(visible, message.split("\n")))
    print(message, file=sys.stderr)


def urgency(days_key: str, late_when_negative: bool = True):
    """A row style: red when late, yellow when due within 3 days (terminals only)."""
    def style(row: dict) -> str | None:
        value = row.get(days_key)
        if value is None:
            return None
        late = value < 0 if late_when_negative else value > 0
        if late:
            return "red"
        soon = value <= 3 if late_when_negative else value >= -3
        return "yellow" if soon else None
    return style


def relabel_lines(e, where):
    """The Blocked error `e` with each reason's leading `line N:` said as `where(N):` (a
    workbook's `sheet Orders, row 7:`)."""
    import re
    from gendan.errors import Blocked
    reasons = [re.sub(r"^line (\d+):", lambda m: where(int(m.group(1))) + ":", r) if isinstance(r, str) else r
               for r in e.reasons]
    return Blocked(reasons[0], reasons)
