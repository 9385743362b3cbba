"""The command line: main(), the console script.

The typer application lives in cli/app.py and is imported only when typer parses the line;
the morning's read-only commands take a shorter way (cli/quick.py). How errors become exit
codes is cli/exits.py, shared by both.
"""
import sys


def main() -> None:
    """The console script: the quick path when it takes the line, else typer. (The morning
    commands and `import` pause the garbage collector themselves: see _common.gc_paused.)"""
    args = sys.argv[1:]
    from gendan.cli import quick
    if (code := quick.run(args)) is not None:
        sys.exit(code)
    from gendan.cli.app import run
    run(args)
