"""Where a command's output goes: stdout, or the file of `-o FILE`, and the workbook of `-f xlsx`.

`-o FILE` (CLI.md: output file) swaps stdout for a stand-in while the command runs; what the
command prints goes to a temporary file beside FILE, renamed over FILE only when the command
has run to its end (os.replace: a reader sees the old file or the new one, never half of
one). A command that fails, is interrupted or killed leaves FILE as it was (a kill -9 may
leave the hidden temporary file). `-f xlsx` collects every table the command emits as a
sheet of one workbook (gendan.xlsx_out), written at the end to FILE, or to stdout when that
is not a terminal; whatever text the command prints besides goes to stderr.

The option callbacks (`-o`, `-f`) only record what was asked; exits.guarded calls finish()
once the command is over. Nothing here is imported by a command that uses neither option.
"""
import os
import sys
import tempfile

from gendan.errors import GendanError, UsageError


class _State:
    path: str | None = None      # -o FILE
    fmt: str | None = None       # -f
    name: str = ""               # the command's words: the default sheet name
    stdout = None                # the real stdout while the stand-in is in place
    stand_in = None
    book = None                  # gendan.xlsx_out.Workbook of -f xlsx
    book_tmp: str | None = None
    dropped = False              # the command failed after all: write nothing


state = _State()


def reset() -> None:
    """Forget the previous command line (tests run many in one process)."""
    discard()
    global state
    state = _State()


def set_output(path: str | None, database=None) -> None:
    """`-o FILE`: the command's output goes to FILE (never the `database` file itself);
    `-o -` is stdout, as for most tools."""
    if path is None or path == "-":
        return
    if not path.strip():
        raise UsageError("-o is empty", "give the file to write, or leave -o out for stdout")
    if os.path.islink(path):   # write where the link points, keep the link
        path = os.path.realpath(path)
    if database is not None and _is_database(path, str(database)):   # a listing would replace it
        raise UsageError(f"-o {path!r} is the database itself or one of its files (-wal, -shm, -journal)",
                         "write the output to another file")
    state.path = path
    _stand_in()


def _is_database(path: str, database: str) -> bool:
    """Whether `path` is the database or a companion file SQLite keeps beside it (replacing
    the -wal file loses committed changes), by name and by inode, existing or not."""
    companions = [database + suffix for suffix in ("", "-wal", "-shm", "-journal")]
    real = os.path.realpath(path)
    if real in {os.path.realpath(c) for c in companions}:
        return True
    return os.path.exists(path) and any(os.path.exists(c) and os.path.samefile(path, c) for c in companions)


def set_format(fmt: str) -> None:
    """`-f FMT`: remembered, since xlsx is collected as a workbook rather than printed."""
    state.fmt = fmt
    if fmt == "xlsx":
        state.name = state.name or _command_name()   # while click's context is there
        _stand_in()


def active() -> bool:
    return state.stand_in is not None or state.book is not None


def sheet(title: str | None, rows, columns: list[str], kinds: dict | None = None) -> int:
    """Write one table as a sheet of the command's workbook; the number of rows written."""
    from gendan.xlsx_out import sheet_name_for
    name = sheet_name_for(title) if title else (_heading() or state.name or _command_name())
    return book().add_sheet(name, rows, columns, kinds).rows


def _heading() -> str | None:
    """A heading the command printed just before this table (`order show`'s "lines:") names
    its sheet instead of reaching stderr."""
    stand_in = state.stand_in
    if stand_in is None or not stand_in.kept:
        return None
    lines = "".join(stand_in.kept).strip().splitlines()
    if len(lines) == 1 and lines[0].endswith(":") and len(lines[0]) <= 40:
        stand_in.kept.clear()
        return lines[0][:-1].strip()
    return None


def book():
    """The command's workbook, opened at its first sheet (for charts: gendan.xlsx_out)."""
    if state.book is None:
        _stand_in()
        _open_book()
    return state.book


def _open_book() -> None:
    """The workbook's temporary file: beside FILE, or anywhere for stdout (not a terminal)."""
    if state.book is None:
        target_dir = None
        if state.path is None:
            if _real_stdout().isatty():
                raise UsageError("-f xlsx writes an Excel workbook, not text for a terminal",
                                 "add -o FILE.xlsx, or redirect stdout: > FILE.xlsx")
        else:
            target_dir = _directory(state.path)
        fd, state.book_tmp = _temp(target_dir, ".xlsx")
        os.close(fd)
        from gendan.xlsx_out import Workbook
        state.book = Workbook(state.book_tmp)


def discard() -> None:
    """The command failed: nothing is written, the temporary files go."""
    state.dropped = True
    stand_in = _restore()
    if stand_in is not None:
        stand_in.drop()
    if state.book is not None:
        state.book.discard()
        state.book = None
    if state.book_tmp:
        _unlink(state.book_tmp)
        state.book_tmp = None


def finish() -> None:
    """The command ran to its end: put what it wrote in place (FILE, or stdout for xlsx)."""
    if state.dropped:
        return discard()
    stand_in = _restore()
    if state.fmt == "xlsx" or state.book is not None:
        if stand_in is not None:
            sys.stderr.write(stand_in.text())   # what the command said besides its tables
            stand_in.drop()
        _open_book()   # (the stand-in stays gone: stdout is the real one again)
        workbook = state.book
        if not workbook.sheets:   # nothing to list: one empty sheet, named after the command
            workbook.add_sheet(state.name or "Sheet1", [], [])
        workbook.close()
        state.book = None
        tmp, state.book_tmp = state.book_tmp, None
        if state.path is None:
            _copy_out(tmp)
        else:
            _replace(tmp, state.path)
    elif stand_in is not None and state.path is not None:
        _replace(stand_in.close(), state.path)


def _copy_out(tmp: str) -> None:
    """The workbook to stdout (a pipe or a file), then its temporary file goes."""
    try:
        with open(tmp, "rb") as f:
            out = sys.stdout.buffer
            while chunk := f.read(1 << 20):
                out.write(chunk)
            out.flush()
    finally:
        _unlink(tmp)


class _StandIn:
    """stdout while -o or -f xlsx is in force: text goes to the temporary file beside FILE
    (created at the first write), or is kept for stderr when the output is a workbook."""
    encoding = "utf-8"
    errors = "strict"

    def __init__(self):
        self.tmp = None
        self.file = None
        self.kept: list[str] = []

    def write(self, text: str) -> int:
        if state.fmt == "xlsx":
            self.kept.append(text)
            return len(text)
        if self.file is None:
            fd, self.tmp = _temp(_directory(state.path), "")
            self.file = open(fd, "w", encoding="utf-8", newline="")
        return self.file.write(text)

    def text(self) -> str:
        return "".join(self.kept)

    def close(self) -> str:
        """The finished temporary file's path (an empty one when nothing was printed)."""
        if self.file is None:
            fd, self.tmp = _temp(_directory(state.path), "")
            self.file = open(fd, "w", encoding="utf-8")
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        return self.tmp

    def drop(self) -> None:
        if self.file is not None:
            self.file.close()
        if self.tmp:
            _unlink(self.tmp)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def isatty(self) -> bool:
        return False

    def reconfigure(self, **kw) -> None:   # _common.utf8_stdout: this is UTF-8 already
        pass

    def fileno(self) -> int:
        import io
        raise io.UnsupportedOperation("fileno")


def _stand_in() -> None:
    if state.stand_in is None:
        state.stdout = sys.stdout
        state.stand_in = _StandIn()
        sys.stdout = state.stand_in


def _restore():
    """The real stdout back; the stand-in that was in place (or None)."""
    stand_in, state.stand_in = state.stand_in, None
    if stand_in is not None and sys.stdout is stand_in:
        sys.stdout = state.stdout
    return stand_in


def _real_stdout():
    return state.stdout if state.stdout is not None else sys.stdout


def _command_name() -> str:
    """`po list`: the command's words, from click when it parsed the line."""
    click = sys.modules.get("click")
    ctx = click.get_current_context(silent=True) if click else None
    if ctx is not None:
        return ctx.command_path.removeprefix("gendan").strip().replace("ship record", "ship")
    return "Sheet1"


def _directory(path: str) -> str:
    """The folder FILE goes in, which must exist (a temporary file is made there)."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UsageError(f"-o {path!r} is a directory", "give a file name")
    if not os.path.isdir(folder):
        raise GendanError(f"cannot write {path!r}: no folder {folder!r}", "create it, or check the path")
    return folder



def _temp(folder: str | None, suffix: str) -> tuple[int, str]:
    """A temporary file, beside FILE so that the rename is atomic, with the permissions a new
    file gets (mkstemp makes it private)."""
    prefix = "." + os.path.basename(state.path) + "." if state.path else "gendan-"
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix + ".tmp", dir=folder)
    except PermissionError:
        raise GendanError(f"cannot write in {folder!r}", "check its permissions, or write elsewhere") from None
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, tmp


def _replace(tmp: str, path: str) -> None:
    if os.path.exists(path) and not os.path.isfile(path):   # -o /dev/stdout, a fifo: write into it
        with open(tmp, "rb") as src, open(path, "wb") as dst:
            while chunk := src.read(1 << 20):
                dst.write(chunk)
        _unlink(tmp)
        return
    os.replace(tmp, path)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
