"""The README's screenshots (docs/*.svg, made by docs/screens.py) are gendan's real output:
the text drawn in each SVG is what the command shows today in a terminal of that width.
When a change alters a screen, run `python docs/screens.py` and commit the new pictures."""
import html
import importlib.util
import re
from pathlib import Path

import pytest
from wcwidth import wcswidth

from tests.terminal.screen import run_in_pty

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("screens", ROOT / "docs" / "screens.py")
screens = importlib.util.module_from_spec(spec)
spec.loader.exec_module(screens)
TEXT = re.compile(r'<text class="[^"]*-r\d+" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def svg_lines(svg: str) -> list[str]:
    """The terminal text an SVG from rich draws, line by line (each piece placed at its x)."""
    pieces = [(float(y), float(x), html.unescape(t).replace("\xa0", " ")) for x, y, t in TEXT.findall(svg)]
    cell = min(float(w) / len(html.unescape(t))      # the width of one column, from an ASCII piece
               for w, t in re.findall(r'textLength="([\d.]+)"[^>]*>([^<]+)</text>', svg) if html.unescape(t).isascii())
    rows: dict[float, str] = {}
    for y, x, text in sorted(pieces):
        line = rows.get(y, "")
        col = round(x / cell)
        rows[y] = line + " " * max(0, col - wcswidth(line)) + text
    return [rows[y].rstrip() for y in sorted(rows)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("shots") / "demo.db"
    screens.demo(path)
    return path


@pytest.mark.parametrize("name", sorted(screens.SCREENS))
def test_the_screenshot_is_what_the_command_shows(demo, name):
    words, width = screens.SCREENS[name]
    picture = svg_lines((ROOT / "docs" / f"{name}.svg").read_text(encoding="utf-8"))
    lines, _ = run_in_pty(["--db", str(demo), "--today", screens.TODAY, *words], width)
    while picture and not picture[-1]:
        picture.pop()
    assert picture == lines
