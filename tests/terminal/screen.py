"""A real pseudo-terminal for tests: run gendan in it at a given size and read the screen
as a person sees it, through the pyte terminal emulator (no tmux: CI is a fresh machine)."""
import fcntl
import os
import re
import struct
import subprocess
import sys
import termios

import pyte


def run_in_pty(args: list[str], columns: int, env: dict | None = None, lines: int = 2000) -> tuple[list[str], int]:
    """The screen's lines (trailing blank ones dropped) after `python -m gendan ARGS` ran in a
    pseudo-terminal `columns` wide, stdout and stderr both on it as in a shell; and the exit code."""
    data, code = pty_bytes(args, columns, env)
    screen = pyte.Screen(columns, lines)
    pyte.ByteStream(screen).feed(data)   # the pty's line discipline already turned \n into \r\n
    shown = [line.rstrip() for line in screen.display]
    while shown and not shown[-1]:
        shown.pop()
    return shown, code


def pty_bytes(args: list[str], columns: int, env: dict | None = None) -> tuple[bytes, int]:
    """What gendan wrote to a terminal `columns` wide, escape sequences and all, and its exit code."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    environ.update({"TERM": "xterm-256color", **(env or {})})
    proc = subprocess.Popen([sys.executable, "-m", "gendan", *args], stdin=slave, stdout=slave, stderr=slave,
                            env=environ, close_fds=True)
    os.close(slave)
    data = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:          # EIO: every end of the terminal's other side is closed
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    return bytes(data), proc.wait(timeout=60)


def paragraphs(lines: list[str]) -> list[list[str]]:
    """The lines in blocks separated by blank lines (a report's sections)."""
    parts, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            parts.append(current)
            current = []
    return parts + [current] if current else parts


def words_on_screen(lines: list[str]) -> set[str]:
    """Every whitespace-separated word on the screen, the headers drawn on two lines joined
    (`days_` above `late` is the column days_late, and neither half counts alone)."""
    tokens = [list(re.finditer(r"\S+", line)) for line in lines]
    words, halves = set(), set()
    for i in range(len(lines) - 1):
        starts = {m.start(): m for m in tokens[i + 1]}
        ends = {m.end(): m for m in tokens[i + 1]}
        for m in tokens[i]:             # left-aligned or right-aligned under its upper half
            rest = starts.get(m.start()) or ends.get(m.end()) if m.group().endswith("_") else None
            if rest is not None:
                words.add(m.group() + rest.group())
                halves.update({(i, m.start()), (i + 1, rest.start())})
    return words | {m.group() for i, ms in enumerate(tokens) for m in ms if (i, m.start()) not in halves}


def appears_whole(value: str, text: str) -> bool:
    """`value` occurs in `text` not as a piece of a longer token."""
    return re.search(r"(?<![\w.\-/])" + re.escape(value) + r"(?![\w.\-/])", text) is not None
