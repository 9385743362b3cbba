"""The command line: main(), the console script.

The typer application lives in cli/app.py and is imported only when typer parses the line;
the morning's read-only commands take a shorter way (cli/quick.py). How errors become exit
codes is cli/exits.py, shared by both.
"""
import sys


def main() -> None:
    """The console script: the quick path when it takes the line, else typer.

    The cyclic garbage collector is off: a command is one short process whose rows and
    models live until it exits, and the collector's passes over them free nothing (they
    cost ~10 % of the chase list and the morning report; `import` pauses it for the same
    reason when run in-process). Reference counting still frees everything else."""
    import gc
    gc.disable()
    args = sys.argv[1:]
    from gendan.cli import quick
    if (code := quick.run(args)) is not None:
        sys.exit(code)
    from gendan.cli.app import run
    run(args)
