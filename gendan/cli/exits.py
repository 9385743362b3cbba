"""How every error becomes one line on stderr and an exit code, for both ways a line is run
(the typer application in cli/app.py and the quick path in cli/quick.py)."""
import csv
import os
import sqlite3
import sys

from gendan.errors import Blocked, GendanError, Reason, with_hint

INTERRUPTED = 130   # 128 + SIGINT, as a shell reports a Ctrl-C


def guarded(command) -> int:
    """Run `command()` and return its exit code; any error is one line on stderr, never a
    traceback (the store has rolled the command's transaction back by then). The output of
    `-o FILE` or `-f xlsx` is put in place when the command ran to its end, dropped when it
    failed (cli/output_file.py)."""
    ran = []
    code = _guarded(lambda: (command(), ran.append(True))[0])
    output_file = sys.modules.get("gendan.cli.output_file")
    if output_file is None or not output_file.active():
        return code
    if not ran:
        output_file.discard()
        return code
    failed = _guarded(output_file.finish)
    if failed and _common_saved():   # the write committed: a success, whatever became of FILE
        print("gendan: the changes were saved (do not run the command again)", file=sys.stderr)
        return code
    return failed or code


def _common_saved() -> bool:
    from gendan.cli import _common
    return _common.saved()


def _guarded(command) -> int:
    try:
        rv = command()
        return rv if isinstance(rv, int) else 0
    except Blocked as e:
        for reason in e.reasons or [e]:
            report_error(_line(reason))
        return e.exit_code
    except GendanError as e:
        report_error(_line(e))
        return e.exit_code
    except sqlite3.Error as e:
        report_error(_database_error(e))
        return 1
    except BrokenPipeError:
        return reader_gone()
    except KeyboardInterrupt:   # Ctrl-C: 128 + SIGINT and no traceback, as typer does
        return interrupted()
    except UnicodeEncodeError as e:   # the output's encoding (the locale) cannot show the data
        report_error(f"the output's encoding ({e.encoding}) cannot show {e.object[e.start:e.end]!a} "
                     f"(use a UTF-8 locale, e.g. LC_ALL=C.UTF-8, or set PYTHONIOENCODING=utf-8)")
        return 1
    except OSError as e:   # the environment, not the user's input: one line all the same
        if e.filename is None:
            report_output_error(e)
        else:
            report_error(f"cannot use {e.filename!r}: {e.strerror} (check the path and its permissions)")
        return 1
    except UnicodeDecodeError as e:  # a file read as UTF-8 that is not: never a user's bug
        report_error(f"a file is not UTF-8 text ({e.reason} at byte {e.start}; save it as 'CSV UTF-8')")
        return 1
    except csv.Error as e:  # a CSV the csv module cannot read (a field over its limit ...)
        report_error(f"a CSV file could not be read ({e}; save it from the spreadsheet as CSV UTF-8)")
        return 1
    except Exception as e:  # a bug in gendan, or data it did not write: one line, never a traceback
        if os.environ.get("GENDAN_DEBUG"):
            raise
        report_error(_unreadable_data() or f"internal error: {type(e).__name__}: {e} (a bug in gendan: please "
                     f"report it; the command's transaction was rolled back; GENDAN_DEBUG=1 shows the traceback)")
        return 1


def _database_error(e: sqlite3.Error) -> str:
    """A damaged file is restored from a backup (check cannot mend it); anything else SQLite
    refuses (a missing table, a lock held too long) is named by `gendan check`."""
    from gendan.store import validity
    if validity.damaged(e):
        from gendan.cli import _common
        store = _common.state.store
        return validity.RESTORE.format(error=e, path=store.path if store is not None else "the database's path")
    return f"database error: {e} (run 'gendan check'; retry if another gendan was writing)"


def _unreadable_data() -> str | None:
    """When a command fails on a value of the wrong type (a text in a number column, a date in
    another form, a dropped table), the data is to blame, not gendan: say so, with the first
    such finding, and point at `gendan check`, which lists them all with their repair. Run
    only after a failure, so the morning commands pay nothing for it."""
    from gendan.cli import _common
    store = _common.state.store
    if store is None:
        return None
    try:
        from gendan.store import validity
        if store.conn.in_transaction:
            store.conn.rollback()
        found = validity.schema_complete(store) or validity.column_values(store)
    except Exception:   # the file cannot even be read for this: report the failure as it was
        return None
    if not found:
        return None
    more = f" and {len(found) - 1} more" if len(found) > 1 else ""
    return (f"the database holds data gendan did not write: {found[0]['ref']}: {found[0]['message'].split(' (')[0]}"
            f"{more} (run 'gendan check': it lists each one and how to repair it)")


def _line(problem) -> str:
    """An error or blocking reason as the person reads it: the message, then the hint in
    parentheses (see errors.with_hint); plain text as it is."""
    if isinstance(problem, GendanError):
        return with_hint(problem.message, problem.hint)
    if isinstance(problem, Reason):
        return with_hint(problem.text, problem.hint)
    return str(problem)


def interrupted() -> int:
    """The exit code of a Ctrl-C: 130, or 0 when the command's write had already committed
    (it succeeded; a failure would make the user run it again and record it twice)."""
    from gendan.cli import _common
    if _common.saved():
        print("gendan: interrupted after the changes were saved (do not run the command again)",
              file=sys.stderr)
        return 0
    return INTERRUPTED


def report_output_error(e: OSError) -> None:
    """Writing the output failed: stdout closed, or the disk it goes to full."""
    report_error(f"cannot write the output: {e.strerror or e} (check where standard output goes)")


def reader_gone() -> int:
    """The reader of stdout closed the pipe (`gendan export events | head -1`): that is a
    success, as for any Unix filter, and quiet. stdout is pointed at /dev/null so that the
    interpreter's last flush does not fail again (which would print a warning and exit 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 0


def report_error(message: str) -> None:
    """One line on stderr; characters from the data that a terminal would obey are escaped."""
    if not message.isprintable():
        from gendan.output import visible
        message = visible(message)
    print(f"gendan: error: {_once(message)}", file=sys.stderr)


_PO_TWICE = None


def _once(message: str) -> str:
    """`PO PO-7 is cancelled` reads `PO-7 is cancelled`: messages say "PO {number}", and most
    PO numbers already begin with PO (a number like 4711 keeps its word)."""
    global _PO_TWICE
    if "PO PO" not in message and "PO po" not in message:
        return message
    import re
    _PO_TWICE = _PO_TWICE or re.compile(r"\bPO (?=PO\b|PO[-_\w])", re.IGNORECASE)
    return _PO_TWICE.sub("", message)


def undecodable(args: list[str]) -> int | None:
    """The 1-based position of an argument that was not UTF-8 (Python gives it surrogates,
    which SQLite and stdout refuse mid-command), or None."""
    for i, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return i
    return None
