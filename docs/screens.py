"""Make the README's screenshots (docs/*.svg) from gendan's real output: each command runs in
a pseudo-terminal of the stated width against the demo database, and what it wrote there —
colours included — is drawn by rich as SVG. Run from the repository: `python docs/screens.py`.
tests/terminal/test_screenshots.py checks that the SVGs still hold what the commands print."""
import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-12-06"
SCREENS = {"today": (("today",), 100), "po-chase": (("po", "chase"), 80), "progress": (("progress",), 120)}


def demo(path: Path) -> None:
    subprocess.run([sys.executable, "-m", "gendan", "--today", TODAY, "demo", "--db", str(path)],
                   check=True, capture_output=True)


def svg(db: Path, words: tuple, width: int) -> str:
    """The screen of `gendan WORDS` at `width` columns as SVG (stdout and stderr, as a person sees them)."""
    from rich.console import Console
    from rich.text import Text
    sys.path.insert(0, str(ROOT))
    from tests.terminal.screen import pty_bytes
    raw, _ = pty_bytes(["--db", str(db), "--today", TODAY, *words], width)
    console = Console(record=True, width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    console.print(Text.from_ansi(raw.decode().replace("\r\n", "\n").rstrip("\n")), soft_wrap=True)
    return console.export_svg(title="gendan " + " ".join(words))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        demo(db)
        for name, (words, width) in SCREENS.items():
            (ROOT / "docs" / f"{name}.svg").write_text(svg(db, words, width), encoding="utf-8")
            print(f"docs/{name}.svg", file=sys.stderr)


if __name__ == "__main__":
    main()
