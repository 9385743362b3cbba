"""Fuzz every write command with what a user might type (or paste): no traceback, ever.

For each generated command line: the exit code is 0, 1 or 2; a refusal is one
`gendan: error:` line and leaves the database byte-for-byte unchanged; after a success the
listings still render. Text is stored and printed back as typed (names lose only their
surrounding whitespace).

The database is shared across the examples of one test on purpose: state accumulates the
way it does on a real desk, and each example is checked against the state before it.
"""
import csv
import io
import itertools
import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gendan.core.text import HIDDEN
from tests.reliability import has_command
from tests.profiles import examples

pytestmark = pytest.mark.slow   # minutes with full examples: .ci/run runs it, `pytest -m slow` too

FUZZ = settings(max_examples=examples(150), deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

# What people paste: SQL, format strings, spreadsheet formulas, scripts, bidi controls, huge text.
HOSTILE = [
    "'; DROP TABLE orders; --", "Robert'); DROP TABLE customers;--", "\" OR 1=1 --", "%s%s%n", "{0}{1}",
    "\\", "=HYPERLINK(\"http://x\",\"y\")", "=1+2", "+1", "-1", "@SUM(A1)", "中文名称有限公司", "Müller & Söhne",
    "🚢📦", "\u202e\u202dabc", "\t", "a\r\nb", "  padded  ", "x" * 100_000, "", " ", "--help", "-f", "NULL",
    "0", "-0", "1e9", "١٢٣", "１２３", "\u3000全角空格\u3000", "ﾊﾝｶｸ", "a,b;c", "<script>alert(1)</script>",
]
TEXT = st.one_of(st.sampled_from(HOSTILE),
                 st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                         max_size=40))


def mostly(valid, *edges):
    """Valid values seven times in eight, so most examples get past parsing to the store and
    the listings (a command line fails at its first bad field); edge cases the rest."""
    return st.one_of(*[valid] * 7, st.one_of(*edges))


CODE = mostly(st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,9}", fullmatch=True),
              st.sampled_from(HOSTILE), TEXT, st.just("X" * 65), st.just("X" * 64), st.just("订单-１"))
DATE = mostly(
    st.one_of(st.sampled_from(["today", "tomorrow", "+3", "-3", "+0", "fri", "11-30", "2026-12-24"]),
              st.dates(min_value=__import__("datetime").date(2020, 1, 1),
                       max_value=__import__("datetime").date(2030, 12, 31)).map(lambda d: d.isoformat())),
    st.sampled_from(["yesterday", "friday", "mo", "02-29", "2026-02-29", "2024-02-29", "0001-01-01",
                     "0001-01-02", "9999-12-31", "9999-12-25", "+9999", "-9999", "+9999w", "-9999w", "+9999m",
                     "-9999m", "13-45", "2026-13-01", "2026-1-1", "2026/12/01", "+99999", "1e3", "２０２６-１２-０１"]),
    st.dates().map(lambda d: d.isoformat()), TEXT)
QTY = mostly(st.integers(1, 5000).map(str),
             st.integers(-10, 10 ** 12).map(str),
             st.sampled_from(["1.5", "0", "-0", "+5", "1,000", "١٠", " 7 ", "9" * 30, "1000000000", "1000000001"]),
             TEXT)
PRICE = mostly(st.from_regex(r"\d{1,4}(\.\d{1,2})?", fullmatch=True),
               st.integers(0, 10 ** 40).map(str), st.from_regex(r"\d{1,30}\.\d{0,10}", fullmatch=True),
               st.sampled_from(["0", "-1", "NaN", "Infinity", "1e5", "1,5", "0.1234567", "，", ".5", "5.",
                                "9" * 29, "9" * 40 + ".999999", "0.000001"]),
               TEXT)
ITEM = mostly(st.builds(lambda s, q, p: f"{s}={q}@{p}", CODE, QTY, PRICE), TEXT)
QTY_ITEM = mostly(st.builds(lambda s, q: f"{s}={q}", st.sampled_from(["CH-01", "TB-02", "SF-10", "HW-9"]), QTY),
                  st.builds(lambda s, q: f"{s}={q}", CODE, QTY), TEXT)
INT = mostly(st.integers(0, 400).map(str), st.integers(-5, 10 ** 25).map(str),
             st.sampled_from(["9223372036854775807", "9223372036854775808", "99999999999999999999", "-1"]), TEXT)
CURRENCY = mostly(st.sampled_from(["USD", "EUR", "CNY"]),
                  st.sampled_from(["usd", "JPY", "KWD", "XXX", "US", "美元"]), TEXT)
PCT = mostly(st.sampled_from(["0", "30", "100", "33.333333", "12.5"]),
             st.sampled_from(["100.01", "-5", "1e2", "9" * 40, "0." + "0" * 40 + "1"]), st.decimals().map(str), TEXT)

CUSTOMERS = ("ACME", "NORD")
SUPPLIERS = ("HX", "MF")
_serial = itertools.count(1)


def options(**strategies) -> st.SearchStrategy[list[str]]:
    """Any subset of the given options, flattened into argv (`credit_days` → `--credit-days`)."""
    keyed = {"--" + k.rstrip("_").replace("_", "-"): v for k, v in strategies.items()}
    return st.fixed_dictionaries({}, optional=keyed).map(
        lambda d: [x for k, v in d.items() for x in ([k] + (v if isinstance(v, list) else [v]))])


def repeated(flag: str, strategy, max_size: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(strategy, max_size=max_size).map(lambda xs: [a for x in xs for a in (flag, x)])


def ref(known, codes=CODE):
    return st.one_of(st.sampled_from(known), codes)


# -- every write command, as a user might type it --------------------------------------------
WRITES = {
    ("customer", "add"): st.tuples(CODE, TEXT, options(currency=CURRENCY, deposit=PCT, credit_days=INT,
                                                       contact=TEXT, phone=TEXT, email=TEXT)).map(
        lambda t: [t[0], "--name", t[1], *t[2]]),
    ("supplier", "add"): st.tuples(CODE, TEXT, options(currency=CURRENCY, credit_days=INT, lead_days=INT,
                                                       contact=TEXT, phone=TEXT, email=TEXT)).map(
        lambda t: [t[0], "--name", t[1], *t[2]]),
    ("order", "add"): st.tuples(CODE, ref(CUSTOMERS), DATE, repeated("--item", ITEM),
                                options(ordered=DATE, currency=CURRENCY, deposit=PCT, note=TEXT)).map(
        lambda t: [t[0], "--customer", t[1], "--due", t[2], *t[3], *t[4]]),
    ("order", "change"): st.tuples(ref(("SO-1", "SO-2")), repeated("--item", ITEM, 2),
                                   options(due=DATE, reason=TEXT)).map(lambda t: [t[0], *t[1], *t[2]]),
    ("order", "cancel"): st.tuples(ref(("SO-1", "SO-2")), options(reason=TEXT)).map(lambda t: [t[0], *t[1]]),
    ("po", "add"): st.tuples(CODE, ref(SUPPLIERS), DATE, repeated("--item", ITEM),
                             options(for_=ref(("SO-1", "SO-2")), ordered=DATE, currency=CURRENCY)).map(
        lambda t: [t[0], "--supplier", t[1], "--due", t[2], *t[3], *t[4]]),
    ("po", "confirm"): st.tuples(ref(("PO-1", "PO-2")), options(promised=DATE)).map(lambda t: [t[0], *t[1]]),
    ("po", "receive"): st.tuples(ref(("PO-1", "PO-2")), repeated("--item", QTY_ITEM, 2),
                                 repeated("--rejected", QTY_ITEM, 1), options(date=DATE, note=TEXT)).map(
        lambda t: [t[0], *t[1], *t[2], *t[3]]),
    ("po", "chase"): st.tuples(ref(("PO-1", "PO-2")), options(
        via=st.one_of(st.sampled_from(["phone", "email", "wechat", "fax", "visit"]), TEXT),
        note=TEXT, promised=DATE)).map(lambda t: [t[0], *t[1]]),
    ("pay", "in"): st.tuples(ref(CUSTOMERS), options(amount=PCT, order=ref(("SO-1",)), currency=CURRENCY,
                                                     date=DATE, ref=TEXT)).map(lambda t: [t[0], *t[1]]),
    ("pay", "out"): st.tuples(ref(SUPPLIERS), options(amount=PCT, po=ref(("PO-1",)), currency=CURRENCY,
                                                      date=DATE, ref=TEXT)).map(lambda t: [t[0], *t[1]]),
    ("ship",): st.tuples(ref(("SO-1", "SO-2")), repeated("--item", QTY_ITEM, 2),
                         options(container=st.one_of(st.just("CSQU3054383"), TEXT), seal=TEXT, bl=TEXT,
                                 vessel=TEXT, date=DATE)).map(lambda t: [t[0], *t[1], *t[2]]),
    ("inspect", "log"): st.tuples(ref(("SO-1", "PO-1")), st.one_of(
        st.sampled_from(["incoming", "pps", "first-article", "inline", "final"]), TEXT),
        options(lot=INT, critical=INT, major=INT, minor=INT, aql=PCT, date=DATE, inspector=TEXT, note=TEXT,
                result=st.one_of(st.sampled_from(["pass", "fail"]), TEXT))).map(
        lambda t: [t[0], "--stage", t[1], *t[2]]),
    ("progress",): st.tuples(ref(("SO-1", "SO-2")), INT, options(packed=INT, date=DATE, note=TEXT,
                             cause=st.one_of(st.sampled_from(["plan", "machine", "material"]), TEXT))).map(
        lambda t: [t[0], "--produced", t[1], *t[2]]),
    ("complaint", "add"): st.tuples(CODE, ref(CUSTOMERS), st.one_of(st.sampled_from(["quality", "packing"]), TEXT),
                                    TEXT, options(order=ref(("SO-1", "SO-2")), sku=CODE, qty=INT,
                                                  supplier=ref(SUPPLIERS), received=DATE, reply_by=DATE)).map(
        lambda t: [t[0], "--customer", t[1], "--kind", t[2], "--desc", t[3], *t[4]]),
    ("complaint", "reply"): st.tuples(ref(("C-1",)), TEXT, options(date=DATE)).map(
        lambda t: [t[0], "--note", t[1], *t[2]]),
    ("complaint", "action"): st.tuples(ref(("C-1",)), st.one_of(
        st.tuples(st.just("--replace"), st.one_of(QTY_ITEM, ITEM)), st.tuples(st.just("--rework"), TEXT),
        st.tuples(st.just("--credit"), PCT), st.tuples(st.just("--chargeback"), PCT)),
        options(po=ref(("PO-1", "PO-2")), due=DATE, currency=CURRENCY, supplier=ref(SUPPLIERS), date=DATE)).map(
        lambda t: [t[0], *t[1], *t[2]]),
    ("complaint", "close"): st.tuples(ref(("C-1",)), st.one_of(st.sampled_from(["material", "packing"]), TEXT),
                                      TEXT, options(date=DATE)).map(
        lambda t: [t[0], "--cause", t[1], "--note", t[2], *t[3]]),
    ("order", "plan"): st.tuples(ref(("SO-1", "SO-2")), DATE, options(finish=DATE, daily=INT, factory=TEXT,
                                                                      workdays=TEXT)).map(
        lambda t: [t[0], "--start", t[1], *t[2]]),
    # corrections (the desk has no payments, receipts or shipments: most are refused as unknown)
    ("pay", "void"): st.tuples(st.one_of(st.sampled_from(["PAY-00001", "1", "PAY-0"]), TEXT),
                               options(reason=TEXT)).map(lambda t: [t[0], *t[1]]),
    ("receipt", "void"): st.tuples(st.one_of(st.sampled_from(["GRN-00001", "GRN-1"]), TEXT),
                                   options(reason=TEXT)).map(lambda t: [t[0], *t[1]]),
    ("inspect", "void"): st.tuples(st.one_of(st.sampled_from(["1", "0", "-1"]), TEXT),
                                   options(reason=TEXT)).map(lambda t: [t[0], *t[1]]),
    ("po", "change"): st.tuples(ref(("PO-1", "PO-2")), repeated("--item", st.one_of(ITEM, QTY_ITEM), 2),
                                options(due=DATE, line=INT, reason=TEXT)).map(lambda t: [t[0], *t[1], *t[2]]),
    ("customer", "edit"): st.tuples(ref(CUSTOMERS), options(name=TEXT, currency=CURRENCY, deposit=PCT,
                                                            credit_days=INT, contact=TEXT, phone=TEXT,
                                                            email=TEXT)).map(lambda t: [t[0], *t[1]]),
    ("supplier", "edit"): st.tuples(ref(SUPPLIERS), options(name=TEXT, currency=CURRENCY, credit_days=INT,
                                                            lead_days=INT, contact=TEXT, phone=TEXT,
                                                            email=TEXT)).map(lambda t: [t[0], *t[1]]),
}

# Listings that must still render after any accepted write (present ones only).
READS = [("customer", "list", "-f", "json"), ("supplier", "list", "-f", "json"),
         ("order", "list", "--all", "-f", "json"), ("order", "list"), ("order", "show", "SO-1", "-f", "json"),
         ("po", "chase", "-f", "csv"), ("po", "list", "--all"), ("today",), ("today", "-f", "json"),
         ("log", "-f", "csv"), ("complaint", "list", "--all", "-f", "json"), ("report", "complaints", "-f", "csv")]


@pytest.fixture
def desk(parties):
    """Two customers, two suppliers, two orders and (once `po` exists) two POs."""
    parties.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "+30", "--item", "CH-01=500@12.50",
               "--item", "TB-02=20@45")
    parties.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "+60", "--item", "SF-10=200@129.90")
    if has_command("po", "add"):
        parties.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "+10", "--item", "CH-01=500@6.20", "--for", "SO-1")
        parties.ok("po", "add", "PO-2", "--supplier", "MF", "--due", "-2", "--ordered", "-20", "--item", "HW-9=1000@0.35")
    if has_command("complaint", "add"):
        parties.ok("complaint", "add", "C-1", "--customer", "ACME", "--kind", "quality", "--desc", "legs wobble",
                   "--order", "SO-1", "--sku", "CH-01", "--qty", "20", "--supplier", "HX", "--received", "-3")
    return parties


def check(g, argv: list[str]) -> int:
    """Run one command line and hold it to the contract; return its exit code."""
    before = g.dump()
    result = g(*argv)
    assert result.exit_code in (0, 1, 2), (argv, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (argv, result.stderr)
    if result.exit_code:
        assert result.stderr.startswith("gendan: error: "), (argv, result.stderr)
        assert g.dump() == before, f"refused {argv[:3]} changed the database"
        return result.exit_code
    for read in READS:
        if has_command(*read[:2]) or has_command(read[0]):
            out = g(*read)
            assert out.exit_code in (0, 1) and "Traceback" not in out.stderr, (argv, read, out.stderr)
            assert out.exit_code == 0 or out.stderr.startswith("gendan: error: "), (read, out.stderr)
    return 0


def _fuzz_params():
    for path in WRITES:
        yield pytest.param(path, id=" ".join(path))


@pytest.mark.parametrize("path", list(_fuzz_params()))
@FUZZ
@given(data=st.data())
def test_write_commands_never_crash_and_refusals_change_nothing(desk, path, data):
    assert has_command(*path), f"gendan {' '.join(path)} is missing"
    args = data.draw(WRITES[path])
    check(desk, [*path, *args])


NAME = TEXT.filter(lambda s: s.strip() != "" and len(s) < 5000)


@FUZZ
@given(name=NAME, contact=TEXT, phone=TEXT, email=TEXT)
def test_party_text_is_stored_and_printed_back_verbatim(gendan, name, contact, phone, email):
    code = f"C{next(_serial)}"
    gendan.ok("customer", "add", code, "--name", name, "--contact", contact, "--phone", phone, "--email", email)
    shown = json.loads(gendan.ok("customer", "show", code, "-f", "json"))
    assert (shown["name"], shown["contact"], shown["phone"], shown["email"]) == (name.strip(), contact, phone, email)
    raw = gendan("customer", "show", code, "-f", "csv").stdout_bytes.decode()  # .stdout folds \r\n
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert rows[0]["name"] == name.strip() and rows[0]["contact"] == contact
    code = f"S{next(_serial)}"
    gendan.ok("supplier", "add", code, "--name", name, "--contact", contact)
    shown = json.loads(gendan.ok("supplier", "show", code, "-f", "json"))
    assert (shown["name"], shown["contact"]) == (name.strip(), contact)


@FUZZ
@given(note=TEXT, sku=st.from_regex(f"[^\\s,;'\"={HIDDEN}]{{1,20}}", fullmatch=True))
def test_order_note_and_sku_round_trip(parties, note, sku):
    assume(sku.strip() == sku)
    no = f"SO-{next(_serial)}"
    parties.ok("order", "add", no, "--customer", "ACME", "--due", "+9", "--item", f"{sku}=3@1.5", "--note", note)
    view = json.loads(parties.ok("order", "show", no, "-f", "json"))
    assert view["note"] == note
    assert [ln["sku"] for ln in view["lines"]] == [sku]


# Found by the fuzzer (or by reading it): each once crashed with a traceback, in the command or
# in the listing after it. They stay here as plain regression cases.
EDGES = [
    ["customer", "add", "BIG", "--name", "x", "--credit-days", "99999999999999999999"],
    ["supplier", "add", "BIG", "--name", "x", "--lead-days", "9223372036854775808"],
    ["order", "add", "SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=1@12345678901234567890123456789"],
    ["order", "add", "SO-9", "--customer", "ACME", "--due", "+3", "--item", "A=1000000000@" + "9" * 20 + ".99"],
    ["order", "add", "SO-9", "--customer", "ACME", "--ordered", "0001-01-01", "--due", "0001-01-02", "--item", "A=1@1"],
    ["order", "add", "SO-9", "--customer", "ACME", "--due", "9999-12-31", "--item", "A=1@1"],
    ["order", "add", "SO-9", "--customer", "ACME", "--due", "+9999w", "--item", "A=1@1"],
    ["order", "add", "SO-9", "--customer", "ACME", "--due", "+3", "--deposit", "0." + "0" * 40 + "1", "--item", "A=1@1"],
    ["order", "change", "SO-1", "--due", "9999-12-31", "--reason", "x"],
    ["order", "change", "SO-1", "--item", "CH-01=1@" + "9" * 40, "--reason", "x"],
]


@pytest.mark.parametrize("argv", EDGES, ids=lambda a: " ".join(a[:2]) + " " + a[-1][:24])
def test_known_edge_cases_never_crash(desk, argv):
    check(desk, argv)


def test_undecodable_argument_is_a_usage_error(tmp_path):
    """Text typed in a GBK terminal reaches Python as surrogates: refuse it, don't crash."""
    from tests.reliability import assert_one_error_line, run
    db = tmp_path / "t.db"
    run(db, "customer", "add", "ACME", "--name", "Acme", check=True)
    before = db.read_bytes()
    proc = run(db, "customer", "add", "GBK", "--name", "中文".encode("gbk"))
    assert_one_error_line(proc, code=2, contains="UTF-8")
    assert db.read_bytes() == before


# Listings and reports take numbers and dates too; they must refuse, never crash.
READ_COMMANDS = {
    ("order", "list"): options(due_within=INT, customer=CODE, all_=st.just([])),
    ("po", "chase"): options(window=INT, supplier=CODE),
    ("po", "list"): options(supplier=CODE),
    ("today",): options(window=INT),
    ("inspect", "due"): options(window=INT),
    ("inspect", "plan"): options(lot=INT, aql=PCT, level=TEXT, severity=TEXT),
    ("supplier", "score"): options(since=DATE),
    ("log",): options(since=DATE),
    ("ship",): options(since=DATE, order=CODE),
    ("progress",): st.just([]),
    ("reconcile", "aging"): options(as_of=DATE, buckets=st.one_of(st.just("30,60,90"), TEXT, INT)),
    ("reconcile", "customer"): st.tuples(ref(CUSTOMERS), options(month=st.one_of(st.just("2026-11"), TEXT),
                                                                 from_=DATE, to=DATE)).map(lambda t: [t[0], *t[1]]),
    ("calendar",): st.just([]),
    ("receipt", "list"): st.one_of(st.just([]), ref(("PO-1",)).map(lambda p: [p])),
    ("pay", "list"): options(direction=TEXT, since=DATE),
    ("complaint", "list"): options(customer=CODE, supplier=CODE, all_=st.just([])),
    ("complaint", "show"): st.tuples(ref(("C-1",))).map(list),
    ("report", "complaints"): options(month=st.one_of(st.just("2026-11"), TEXT), quarter=st.one_of(
        st.just("2026Q4"), TEXT), from_=DATE, to=DATE, by=st.one_of(st.sampled_from(["cause", "sku"]), TEXT)),
}


@pytest.mark.parametrize("path", list(READ_COMMANDS), ids=lambda p: " ".join(p))
@settings(max_examples=examples(60), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_read_commands_never_crash_and_never_write(desk, path, data):
    assert has_command(*path), f"gendan {' '.join(path)} is missing"
    args = data.draw(READ_COMMANDS[path])
    before = desk.dump()
    result = desk(*path, *args)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (args, result.stderr)
    if result.exit_code:
        assert result.stderr.startswith("gendan: error: "), (args, result.stderr)
    assert desk.dump() == before, f"gendan {' '.join(path)} wrote to the database"


@pytest.mark.parametrize("value", ["3651", "99999999", "99999999999999999999999", "²"])
def test_settings_refuse_values_that_would_break_the_reports(desk, value):
    assert has_command("settings"), "gendan settings is missing"
    for key in ("buffer_days", "chase_window", "unconfirmed_days"):
        desk.refused("settings", key, value, code=2)
    desk.ok("settings", "buffer_days", "3650")
    for read in (("order", "list"), ("po", "chase"), ("today",)):
        if has_command(*read):
            desk.ok(*read)
