"""The morning's read-only commands — the chase list and `today` — parsed without typer.

Cron and the merchandiser run these first thing, and importing typer and click is ~70 ms, a
fifth of the chase list on 10,000 open lines (bench goal 1). So their plain spellings are
parsed here: `[--db X] [--today D] po chase|today [OPTION VALUE | --OPTION=VALUE | FLAG]…`.
Anything else — --help, a PO number (recording a chase), an unknown or repeated option, an
empty value, one starting with '-', a number or choice typer would check — returns None and
typer parses the whole line as usual, so its messages and the contract stay the one truth.
tests/cli/test_quick.py holds these tables against typer's and compares both paths' output.
"""
import os

from gendan.cli import exits

FLAG = object()
WINDOW_MAX = 3650   # the `today` window's upper bound in typer (cli/_options.WindowOpt)


class _Unusual(Exception):
    """Not a plain spelling: let typer parse the line."""


def _text(value: str) -> str:
    if not value or value.startswith("-"):
        raise _Unusual
    return value


def _count(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) > WINDOW_MAX:
        raise _Unusual
    return int(value)


def _choice(*allowed: str):
    def check(value: str) -> str:
        if value not in allowed:
            raise _Unusual
        return value
    return check


def _formats(value: str) -> str:
    from gendan.output import FORMATS
    return _choice(*FORMATS)(value)


GLOBAL = {"--db": _text, "--today": _text}
SHORT = {"-f": "--format", "-o": "--output"}
COMMANDS = {
    ("po", "chase"): {"--window": _count, "--supplier": _text, "--exit-code": FLAG, "--message": FLAG,
                      "--lang": _choice("zh", "en"), "--format": _formats, "--output": _text},
    ("today",): {"--window": _count, "--exit-code": FLAG, "--format": _formats, "--output": _text},
}


def hoist_globals(args: list[str]) -> list[str]:
    """The line with the global options moved before the command words, so that
    `gendan po chase --db month.db` means `gendan --db month.db po chase` (CLI.md: option
    placement). Nothing after `--` moves."""
    front, rest, i = [], [], 0
    while i < len(args):
        token = args[i]
        if token == "--":
            rest.extend(args[i:])
            break
        if token in GLOBAL and i + 1 < len(args):
            front += args[i:i + 2]
            i += 2
            continue
        (front if token.partition("=")[0] in GLOBAL and "=" in token else rest).append(token)
        i += 1
    return front + rest


def run(args: list[str]) -> int | None:
    """The exit code of a line the quick path takes, or None: typer parses it."""
    if exits.undecodable(args) is not None or (command := parse(args)) is None:
        return None
    from gendan.cli import _common
    _common.reset()
    return exits.guarded(command)


def parse(args: list[str]):
    """A function running the command line, or None when typer must parse it."""
    try:
        i, given = _options(args, 0, GLOBAL, stop_at_word=True)
        words = next((w for w in COMMANDS if tuple(args[i:i + len(w)]) == w), None)
        if words is None:
            return None
        _, opts = _options(args, i + len(words), COMMANDS[words], stop_at_word=False)
    except _Unusual:
        return None
    return lambda: _run(words, given, opts)


def _options(args: list[str], i: int, spec: dict, stop_at_word: bool) -> tuple[int, dict]:
    """Options from args[i:] up to the first word (or the end); (where they stopped, {name: value})."""
    found = {}
    while i < len(args):
        token = args[i]
        if not token.startswith("-"):
            if stop_at_word:
                break
            raise _Unusual
        name, eq, value = token.partition("=")
        name = SHORT.get(name, name) if not eq else name
        kind = spec.get(name)
        if kind is None or name in found or (eq and kind is FLAG):
            raise _Unusual
        if kind is FLAG:
            found[name], i = True, i + 1
            continue
        if not eq:
            if i + 1 == len(args):
                raise _Unusual
            value, i = args[i + 1], i + 1
        found[name], i = kind(value), i + 1
    return i, found


def _run(words: tuple, given: dict, opts: dict):
    """Set the global options as typer's root callback does, then run the command's body."""
    from gendan.cli import _common
    _common.state.db = given.get("--db") or os.environ.get("GENDAN_DB") or None
    _common.state.today_text = given.get("--today") or os.environ.get("GENDAN_TODAY") or None
    fmt = opts.get("--format", "table")
    if fmt == "xlsx" or "--output" in opts:
        from gendan.cli import output_file
        output_file.state.name = " ".join(words)
        output_file.set_format(fmt)
        output_file.set_output(opts.get("--output"), _common.database_or_none())
    with _common.gc_paused():
        if words == ("today",):
            from gendan.cli.today import run
            return run(opts.get("--window"), opts.get("--exit-code", False), fmt)
        from gendan.cli.chase import chase_list
        return chase_list(opts.get("--window"), opts.get("--supplier"), opts.get("--exit-code", False),
                          opts.get("--message", False), opts.get("--lang", "zh"), fmt)
