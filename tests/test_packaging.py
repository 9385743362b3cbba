"""What `pip install .` puts in the package: the demo must run from any install, not only
from the source folder (a regular install has no examples/ beside it)."""
import tomllib
from pathlib import Path

from gendan.cli import demo

ROOT = Path(__file__).resolve().parents[1]


def test_the_demo_data_is_package_data():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["gendan"]
    shipped = {p for g in globs for p in (ROOT / "gendan").glob(g)}
    assert demo.EXAMPLES == ROOT / "gendan" / "examples"
    assert {demo.EXAMPLES / f"{kind}.csv" for kind in demo.BASE} <= shipped
