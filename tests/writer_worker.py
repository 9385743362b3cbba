"""A process that records N commands in a row, as a busy desk does (used by the concurrency test).

Each command runs through gendan's own entry point with a fresh connection, exactly as a new
`gendan` process would, without paying interpreter start-up 200 times.
Usage: python -m tests.writer_worker DB TODAY KIND IDENT N   (KIND: order | chase)
Prints the number of failed commands last; failures' messages go to stderr.
"""
import contextlib
import io
import sys


def argv(kind: str, ident: str, i: int) -> list[str]:
    if kind == "order":
        # Two lines of 1 + 2 pieces: a listing showing qty 3 proves the order landed whole.
        return ["order", "add", f"{ident}-{i:04d}", "--customer", "ACME", "--due", "+30",
                "--item", "A=1@1", "--item", "B=2@1"]
    # A chase with its promise: a promise of +i+1 days with i+1 chases recorded proves the
    # chase and its promise landed together.
    return ["po", "chase", ident, "--via", "phone", "--note", f"{ident} chase {i + 1}", "--promised", f"+{i + 1}"]


def main() -> None:
    from typer.main import get_command
    from gendan.cli.app import whole_app
    app = whole_app()
    db, today, kind, ident, n = sys.argv[1:6]
    cmd = get_command(app)
    failed = 0
    for i in range(int(n)):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cmd.main(args=["--db", db, "--today", today, *argv(kind, ident, i)], standalone_mode=False)
        if code:
            failed += 1
            print(f"command {i} exit {code}", file=sys.stderr)
    print(failed)


if __name__ == "__main__":
    main()
