"""The command line: main(), the console script.

The typer application lives in cli/app.py and is imported only when typer parses the line;
the morning's read-only commands take a shorter way (cli/quick.py). How errors become exit
codes is cli/exits.py, shared by both.
"""
import os
import sys


def main() -> None:
    """The console script: the quick path when it takes the line, else typer. (The morning
    commands and `import` pause the garbage collector themselves: see _common.gc_paused.)

    A Ctrl-C is exit 130 wherever it lands, never a traceback: while modules load, in a
    callback Python cannot raise from, or once the command is over (see exits.interrupted)."""
    sys.unraisablehook = _unraisable
    _closed_streams()
    code = 0
    try:
        from gendan.cli import quick
        args = quick.hoist_globals(sys.argv[1:])
        if (code := quick.run(args)) is not None:
            sys.exit(code)
        from gendan.cli.app import run
        run(args)
    except KeyboardInterrupt:   # Ctrl-C while modules load, before a command runs: no traceback
        from gendan.cli.exits import interrupted
        code = interrupted()
    except SystemExit as e:
        code = e.code
    # The command is over: a Ctrl-C while Python shuts down (where it would kill the process
    # by the signal, an exit that reads as a failure) can no longer change its outcome.
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(_flushed(code))


def _closed_streams() -> None:
    """A stream closed by the caller (`gendan today >&-`) is None to Python: errors would then
    go to stdout and mix into the data, and a write to stdout would be an internal error.
    stderr becomes /dev/null (the exit code still tells); stdout refuses the first write
    with the one line saying so, so commands that print nothing still work."""
    import os
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")
    if sys.stdout is None:
        sys.stdout = _Closed()


class _Closed:
    """Standard output that was closed: any write is an OSError the CLI reports in one line."""

    def write(self, text: str) -> int:
        import errno
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _flushed(code):
    """Flush stdout before Python does at exit, where a full disk (`> /dev/full`) would print
    "Exception ignored … OSError" and exit 120: say it in one line and exit 1 instead."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:   # the reader stopped early (`| head -1`): a success, quietly
        from gendan.cli.exits import reader_gone
        reader_gone()
        return code
    except OSError as e:
        from gendan.cli.exits import report_output_error
        report_output_error(e)
        import os
        devnull = os.open(os.devnull, os.O_WRONLY)   # what is still buffered goes nowhere
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return code


def _unraisable(info) -> None:
    """A Ctrl-C that lands in a callback Python cannot raise from (importlib's module locks,
    while modules load) would print "Exception ignored … Traceback" and be lost: exit as
    for any Ctrl-C instead. An open transaction is undone by SQLite at the next open, as
    after a crash."""
    if isinstance(info.exc_value, KeyboardInterrupt):
        from gendan.cli.exits import interrupted
        sys.stdout.flush()
        os._exit(interrupted())
    sys.__unraisablehook__(info)
