"""The command line: global options, error handling, and the command groups."""
import csv
import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from typer.core import TyperGroup

from gendan import __version__
from gendan.cli import _common
from gendan.errors import Blocked, GendanError


class GendanGroup(TyperGroup):
    """Maps every error to one line on stderr and the contract's exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        _common.reset()
        args = list(sys.argv[1:] if args is None else args)
        if (bad := _undecodable(args)) is not None:
            _error(f"argument {bad} is not valid UTF-8 text (set your terminal to UTF-8 and type it again)")
            code = 2
            if standalone_mode:
                sys.exit(code)
            return code
        try:
            rv = super().main(args=args, prog_name="gendan", complete_var=complete_var,
                              standalone_mode=False, **extra)
            code = rv if isinstance(rv, int) else 0
        except click.exceptions.Exit as e:
            code = e.exit_code
        except click.exceptions.Abort:
            _error("aborted")
            code = 1
        except click.ClickException as e:
            hint = f" (see '{e.ctx.command_path} --help')" if getattr(e, "ctx", None) else ""
            _error(e.format_message().replace("\n", " ") + hint)
            code = e.exit_code
        except Blocked as e:
            for reason in e.reasons or [str(e)]:
                _error(reason)
            code = e.exit_code
        except GendanError as e:
            _error(str(e))
            code = e.exit_code
        except sqlite3.Error as e:
            _error(f"database error: {e} (run 'gendan check'; retry if another gendan was writing)")
            code = 1
        except BrokenPipeError:
            code = 0
        except UnicodeDecodeError as e:  # a file read as UTF-8 that is not: never a user's bug
            _error(f"a file is not UTF-8 text ({e.reason} at byte {e.start}; save it as 'CSV UTF-8')")
            code = 1
        except csv.Error as e:  # a CSV the csv module cannot read (a field over its limit ...)
            _error(f"a CSV file could not be read ({e}; save it from the spreadsheet as CSV UTF-8)")
            code = 1
        except Exception as e:  # a bug in gendan: still one line for the person, never a traceback
            if os.environ.get("GENDAN_DEBUG"):
                raise
            _error(f"internal error: {type(e).__name__}: {e} (a bug in gendan: please report it; "
                   f"the command's transaction was rolled back; GENDAN_DEBUG=1 shows the traceback)")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


def _error(message: str) -> None:
    print(f"gendan: error: {message}", file=sys.stderr)


def _undecodable(args: list[str]) -> int | None:
    """The 1-based position of an argument that was not UTF-8 (Python gives it surrogates,
    which SQLite and stdout refuse mid-command), or None."""
    for i, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return i
    return None


_app = typer.Typer(cls=GendanGroup, no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode=None,
                  help="gendan (跟单): customer orders, POs and chasing, inspections, shipping and "
                       "reconciliation, in one SQLite file.\n\nExample: gendan demo --db demo.db && gendan --db demo.db today")


def _version(value: bool) -> None:
    if value:
        print(f"gendan {__version__}")
        raise typer.Exit()


@_app.callback()
def root(
    db: Annotated[Optional[str], typer.Option("--db", envvar="GENDAN_DB", help="database file (default: under the user data directory)")] = None,
    today: Annotated[Optional[str], typer.Option("--today", envvar="GENDAN_TODAY", help="the date reports treat as today")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version")] = False,
) -> None:
    """Global options; they go before the command."""
    _common.state.db = db
    _common.state.today_text = today


# Command groups and the module that registers each; anything else is in `data`.
_MODULES = ("party", "order", "po", "progress", "inspect", "ship", "pay", "reconcile", "today", "data")
_GROUP_MODULE = {"customer": "party", "supplier": "party", "order": "order", "po": "po",
                 "progress": "progress", "report": "progress", "inspect": "inspect", "ship": "ship",
                 "pay": "pay", "reconcile": "reconcile", "check": "reconcile", "today": "today",
                 **{cmd: "data" for cmd in ("where", "log", "demo", "settings", "import", "export",
                                            "calendar", "backup")}}
_registered: set[str] = set()


def _register(modules) -> typer.Typer:
    import importlib
    for name in modules:
        if name not in _registered:
            importlib.import_module(f"gendan.cli.{name}").register(_app)
            _registered.add(name)
    return _app


def __getattr__(name: str):
    """`gendan.cli.app`: the whole application, every command group registered."""
    if name == "app":
        return _register(_MODULES)
    raise AttributeError(name)


def modules_for(args: list[str]) -> tuple[str, ...]:
    """The one module the command line needs (start-up time is a performance goal: the
    morning's hot commands should not import eight command groups they don't use);
    everything for --help, --version or anything unrecognised."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("--db", "--today"):
            i += 2
        elif arg.startswith(("--db=", "--today=")):
            i += 1
        elif arg in _GROUP_MODULE:
            return (_GROUP_MODULE[arg],)
        else:
            break
    return _MODULES


def main() -> None:
    _register(modules_for(sys.argv[1:]))()
