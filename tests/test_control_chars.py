"""Control characters from the data never reach a terminal: codes and numbers refuse them;
free text keeps them as stored and every table, message and mailed report shows them
escaped (a visible `\\x1b`), so a description cannot set the window title, clear the screen
or forge lines in the morning report."""
import json

import pytest

# An OSC title, a bell, a screen clear, a forged report line, a bidi override, a zero-width space.
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\nPOs to chase: 0 (forged)\r\u202eevil\u200b"
RAW = ("\x1b", "\x07", "\r", "\u202e", "\u200b")
HIDDEN = ["\x01", "\x1b", "\x7f", "\x85", "\u202e", "\u200b", "\u2066", "\ufeff"]


def _clean(text: str) -> None:
    for ch in RAW:
        assert ch not in text, (ch, text[:400])
    for line in text.splitlines():
        assert not line.startswith("POs to chase: 0 (forged)"), text


@pytest.mark.parametrize("ch", HIDDEN, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("argv", [
    ["customer", "add", "AC{}ME", "--name", "Acme"],
    ["supplier", "add", "H{}X", "--name", "hx"],
    ["order", "add", "SO{}1", "--customer", "ACME", "--due", "+9", "--item", "CH-01=5@1"],
    ["order", "add", "SO-9", "--customer", "ACME", "--due", "+9", "--item", "CH{}01=5@1"],
    ["po", "add", "PO{}1", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1"],
    ["ship", "SO-1", "--item", "CH-01=1", "--seal", "88{}4120", "--force", "--reason", "r"],
    ["ship", "SO-1", "--item", "CH-01=1", "--bl", "COSU{}62", "--force", "--reason", "r"],
], ids=lambda a: " ".join(a[:2]))
def test_codes_and_numbers_refuse_hidden_characters(parties, argv, ch):
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "+9", "--item", "CH-01=5@1")
    result = parties.refused(*[a.replace("{}", ch) for a in argv], code=2, message="invisible character")
    assert ch not in result.stderr
    assert ascii(ch)[1:-1] in result.stderr


@pytest.fixture
def hostile(parties, tmp_path):
    """Every free-text field holds HOSTILE."""
    g = parties
    g.ok("customer", "add", "EVIL", "--name", "Evil" + HOSTILE, "--contact", HOSTILE, "--phone", HOSTILE,
         "--email", HOSTILE)
    g.ok("supplier", "add", "BAD", "--name", "Bad" + HOSTILE, "--contact", HOSTILE, "--phone", HOSTILE,
         "--email", HOSTILE)
    g.ok("order", "add", "SO-1", "--customer", "EVIL", "--due", "+3", "--item", "CH-01=500@2", "--note", HOSTILE)
    csv_file = tmp_path / "pos.csv"
    csv_file.write_text('po,supplier,due,sku,qty,price,for_order,ordered,description\n'
                        f'PO-1,BAD,-2,CH-01,500,1,SO-1,-10,"{HOSTILE}"\n', encoding="utf-8")
    g.ok("import", "pos", str(csv_file))
    g.ok("po", "receive", "PO-1", "--item", "CH-01=100", "--note", HOSTILE)
    g.ok("po", "chase", "PO-1", "--note", HOSTILE, "--promised", "+1")
    g.ok("inspect", "log", "SO-1", "--stage", "final", "--lot", "500", "--inspector", HOSTILE, "--note", HOSTILE)
    g.ok("pay", "in", "EVIL", "--amount", "10", "--order", "SO-1", "--ref", HOSTILE)
    g.ok("pay", "out", "BAD", "--amount", "10", "--po", "PO-1", "--ref", HOSTILE)
    return g


READS = [
    ["customer", "list"], ["customer", "show", "EVIL"], ["supplier", "list"], ["supplier", "show", "BAD"],
    ["order", "list"], ["order", "show", "SO-1"], ["po", "list"], ["po", "show", "PO-1"], ["po", "chase"],
    ["po", "chase", "--message"], ["today"], ["inspect", "list"], ["pay", "list"], ["log"],
    ["reconcile", "customer", "EVIL", "--month", "2026-11"], ["reconcile", "supplier", "BAD", "--month", "2026-11"],
]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_free_text_prints_escaped_in_every_table(hostile, fmt):
    for argv in READS:
        args = [*argv] if argv[-1] == "--message" else [*argv, "-f", fmt]
        result = hostile(*args)
        assert result.exit_code == 0, (argv, result.stderr)
        _clean(result.stdout)
        _clean(result.stderr)
    assert "\\x1b]0;pwned\\x07\\x1b[2J\\nPOs to chase" in hostile.ok("po", "show", "PO-1")


def test_free_text_is_stored_as_given(hostile):
    view = json.loads(hostile.ok("order", "show", "SO-1", "-f", "json"))
    assert view["note"] == HOSTILE
    assert json.loads(hostile.ok("customer", "show", "EVIL", "-f", "json"))["contact"] == HOSTILE


def test_messages_escape_what_they_quote(hostile):
    result = hostile("order", "show", "SO" + HOSTILE)
    assert result.exit_code in (1, 2)
    _clean(result.stderr)
    assert result.stderr.count("\n") == 1


def test_a_nul_in_a_csv_cell_is_refused(parties, tmp_path):
    f = tmp_path / "nul.csv"
    f.write_text("po,supplier,due,sku,qty,price,description\nPO-1,HX,+5,CH-01,5,1,x\x00y\n", encoding="utf-8")
    parties.refused("import", "pos", str(f), message="line 2 holds a NUL character")
