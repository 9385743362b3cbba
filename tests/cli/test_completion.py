"""Shell completion as bash and zsh ask for it: order and PO numbers, party codes and SKUs
from the database in use (--db on the line, else GENDAN_DB), never creating one."""
import os
import subprocess
import sys

import pytest


@pytest.fixture
def filled(parties):
    parties.ok("order", "add", "SO-2401", "--customer", "ACME", "--due", "+20", "--item", "CH-01=5@1", "--item", "CH-02=1@1")
    parties.ok("order", "add", "SO-2402", "--customer", "NORD", "--due", "+20", "--item", "TB-02=5@1")
    parties.ok("po", "add", "PO-HX-101", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1")
    return parties


def complete(words: str, env: dict | None = None, shell: str = "bash") -> list[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("GENDAN_DB", "GENDAN_TODAY")}
    if shell == "bash":
        base.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)),
                    _GENDAN_COMPLETE="complete_bash")
    else:
        base.update(_TYPER_COMPLETE_ARGS=words, _GENDAN_COMPLETE="complete_zsh")
    out = subprocess.run([sys.executable, "-m", "gendan"], env=base | (env or {}), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_order_po_party_and_sku_names_complete(filled):
    db = f"--db {filled.db}"
    assert complete(f"gendan {db} order show SO-") == ["SO-2401", "SO-2402"]
    assert complete(f"gendan {db} ship SO-24") == ["SO-2401", "SO-2402"]
    assert complete(f"gendan {db} po confirm PO") == ["PO-HX-101"]
    assert complete(f"gendan {db} pay in A") == ["ACME"]
    assert complete(f"gendan {db} po add PO-9 --supplier M") == ["MF"]
    assert complete(f"gendan {db} ship SO-2401 --item CH") == ["CH-01=", "CH-02="]
    assert complete("gendan order show so-2401", env={"GENDAN_DB": str(filled.db)}) == ["SO-2401"]


def test_zsh_gets_the_same_names(filled):
    out = complete("gendan customer show N", env={"GENDAN_DB": str(filled.db)}, shell="zsh")
    assert any("NORD" in w for w in out) and not any("ACME" in w for w in out)


def test_no_database_no_names_and_none_created(tmp_path):
    missing = tmp_path / "none.db"
    assert complete(f"gendan --db {missing} order show S") == []
    assert not missing.exists()


def test_the_install_scripts_are_printed():
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef")):
        out = subprocess.run([sys.executable, "-m", "gendan"], capture_output=True, text=True,
                             env=dict(os.environ, _GENDAN_COMPLETE=f"source_{shell}"))
        assert marker in out.stdout and "_GENDAN_COMPLETE=complete_" + shell in out.stdout
