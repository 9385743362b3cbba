"""The command line: global options, error handling, and the command groups."""
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
        if standalone_mode:
            sys.exit(code)
        return code


def _error(message: str) -> None:
    print(f"gendan: error: {message}", file=sys.stderr)


app = typer.Typer(cls=GendanGroup, no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode=None,
                  help="gendan (跟单): customer orders, POs and chasing, inspections, shipping and "
                       "reconciliation, in one SQLite file.\n\nExample: gendan demo --db demo.db && gendan --db demo.db today")


def _version(value: bool) -> None:
    if value:
        print(f"gendan {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[Optional[str], typer.Option("--db", envvar="GENDAN_DB", help="database file (default: under the user data directory)")] = None,
    today: Annotated[Optional[str], typer.Option("--today", envvar="GENDAN_TODAY", help="the date reports treat as today")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version")] = False,
) -> None:
    """Global options; they go before the command."""
    _common.state.db = db
    _common.state.today_text = today


from gendan.cli import (data, inspect, order, party, pay, po, progress,  # noqa: E402
                        reconcile, ship, today)

for _module in (party, order, po, progress, inspect, ship, pay, reconcile, today, data):
    _module.register(app)


def main() -> None:
    app()
