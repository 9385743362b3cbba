"""The typer application: global options, click's errors, and the command groups, each
registered only when the command line needs it. Loaded only when typer parses the line
(the morning's read-only commands need not: see cli/quick.py)."""
import sys
from typing import Annotated, Optional

import click
import typer
from typer.core import TyperGroup

from gendan import __version__
from gendan.cli import _common, exits, quick


class GendanGroup(TyperGroup):
    """Maps click's errors to one line on stderr and the contract's exit code; the rest
    through `exits.guarded`, as the quick path does."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        _common.reset()
        args = quick.hoist_globals(list(sys.argv[1:] if args is None else args))
        if (bad := exits.undecodable(args)) is not None:
            exits.report_error(f"argument {bad} is not valid UTF-8 text (set your terminal to UTF-8 and type it again)")
            code = 2
        elif (code := quick.run(args)) is None:
            code = exits.guarded(lambda: self._click_main(args, complete_var, **extra))
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx):
        """click turns a closed pipe into exit 1; the contract says 0 (cli/exits.reader_gone)."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise click.exceptions.Exit(exits.reader_gone()) from None

    def _click_main(self, args, complete_var, **extra) -> int:
        from gendan.cli import completion
        if completion.wanted():     # the shell asks for completions (cli/completion.py)
            completion.attach(self)
        try:
            rv = super().main(args=args, prog_name="gendan", complete_var=complete_var,
                              standalone_mode=False, **extra)
            if rv == exits.INTERRUPTED:   # typer turns a Ctrl-C into 130 (and no command returns it)
                _no_output()              # an interrupted listing leaves -o FILE as it was
                return exits.interrupted()
            return rv if isinstance(rv, int) else 0
        except click.exceptions.Exit as e:
            return e.exit_code
        except click.exceptions.Abort:
            _no_output()
            exits.report_error("aborted")
            return 1
        except click.ClickException as e:
            _no_output()
            # `ship record` is the hidden name of `ship ORDER …` (cli/ship.py): point to what people type
            path = e.ctx.command_path.replace("ship record", "ship") if getattr(e, "ctx", None) else ""
            hint = f" (see '{path} --help')" if path else ""
            exits.report_error(e.format_message().replace("\n", " ") + hint)
            return e.exit_code


def _no_output() -> None:
    """A line click refused writes no -o FILE (its callback may have run before the error)."""
    if (output_file := sys.modules.get("gendan.cli.output_file")) is not None:
        output_file.discard()


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
    """Global options; they may go before or after the command words."""
    _common.state.db = db
    _common.state.today_text = today


# Command groups and the module that registers each.
_MODULES = ("party", "product", "order", "po", "progress", "inspect", "ship", "pay", "receipt", "reconcile", "today",
            "sample", "complaint", "materials", "database", "log", "import_export", "demo", "reports", "holiday")
_GROUP_MODULE = {"customer": "party", "supplier": ("party", "reports"), "product": "product", "order": "order",
                 "po": "po", "progress": "progress", "report": ("progress", "reports"), "inspect": "inspect", "ship": "ship",
                 "pay": "pay", "receipt": "receipt", "reconcile": "reconcile", "check": "reconcile", "today": "today",
                 "sample": "sample", "complaint": "complaint", "bom": "materials", "materials": "materials",
                 "where": "database", "backup": "database", "settings": "database", "log": "log",
                 "import": "import_export", "export": "import_export", "calendar": "import_export", "demo": "demo",
                 "holiday": "holiday"}
# --help lists these commands after the other single commands, in this order (the groups follow).
_HELP_ORDER = ("materials", "where", "log", "demo", "import", "export", "calendar", "backup", "settings")
_registered: set[str] = set()


def _register(modules) -> typer.Typer:
    import importlib
    for name in modules:
        if name not in _registered:
            importlib.import_module(f"gendan.cli.{name}").register(_app)
            _registered.add(name)
    _app.registered_commands.sort(key=lambda cmd: _HELP_ORDER.index(cmd.name) if cmd.name in _HELP_ORDER else -1)
    return _app


def whole_app() -> typer.Typer:
    """The whole application, every command group registered (tests, the demo, --help)."""
    return _register(_MODULES)


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
            named = _GROUP_MODULE[arg]
            return named if isinstance(named, tuple) else (named,)
        else:
            break
    return _MODULES


def run(args: list[str]) -> None:
    """Parse and run a command line with typer; exits."""
    _register(modules_for(args))(args)
