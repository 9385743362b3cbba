"""A void undoes: for each kind of record, entering it and voiding it leaves every report as
it reads in a database where it was never entered (except the statement's two void rows),
after random sequences of payments, receipts, inspections and shipments (back-dated too).
"""
import json
import sqlite3

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings, strategies as st

from tests.conftest import Gendan

DAYS = st.integers(min_value=2, max_value=20).map(lambda d: f"2026-11-{d:02d}")
ORDERS = {"SO-1": ("ACME", ("CH-01", "TB-02")), "SO-2": ("NORD", ("SF-10",))}
POS = {"PO-1": ("HX", ("CH-01", "TB-02")), "PO-2": ("MF", ("HW-KIT",))}

pay_in = st.tuples(st.just("pay_in"), st.sampled_from(["SO-1", "SO-2", None]), st.integers(1, 4000), DAYS)
pay_out = st.tuples(st.just("pay_out"), st.sampled_from(["PO-1", "PO-2", None]), st.integers(1, 9000), DAYS)
receive = st.tuples(st.just("receive"), st.sampled_from([("PO-1", "CH-01"), ("PO-1", "TB-02"), ("PO-2", "HW-KIT")]),
                    st.integers(1, 400), st.integers(0, 30), DAYS)
inspect = st.tuples(st.just("inspect"), st.sampled_from([("SO-1", "CH-01"), ("SO-1", "TB-02"), ("SO-2", "SF-10"),
                                                         ("PO-1", "CH-01"), ("PO-2", "HW-KIT")]),
                    st.sampled_from([0, 0, 9]), DAYS)
ship = st.tuples(st.just("ship"), st.sampled_from([("SO-1", "CH-01"), ("SO-1", "TB-02"), ("SO-2", "SF-10")]),
                 st.integers(1, 200), DAYS)
OPS = st.one_of(pay_in, pay_out, receive, inspect, ship)
MISTAKE = {"payment": st.one_of(pay_in, pay_out), "receipt": receive, "shipment": ship, "inspection": inspect}


def command(op) -> list[str]:
    """One operation as a command line (gates forced: the sequence is about what is recorded)."""
    kind, *args = op
    if kind == "pay_in":
        doc, amount, day = args
        party = ORDERS[doc][0] if doc else "ACME"
        return ["pay", "in", party, "--amount", str(amount), "--date", day, "--ref", f"TT {day}",
                *(["--order", doc] if doc else [])]
    if kind == "pay_out":
        doc, amount, day = args
        party = POS[doc][0] if doc else "HX"
        return ["pay", "out", party, "--amount", str(amount), "--date", day, "--ref", f"TT {day}",
                *(["--po", doc] if doc else [])]
    if kind == "receive":
        (po, sku), qty, bad, day = args
        return ["po", "receive", po, "--item", f"{sku}={qty}", "--rejected", f"{sku}={min(bad, qty)}",
                "--date", day, "--ref", f"DN {day}", "--allow-over"]
    if kind == "inspect":
        (ref, sku), major, day = args
        stage = "incoming" if ref.startswith("PO") else "final"
        return ["inspect", "log", ref, "--stage", stage, "--sku", sku, "--major", str(major), "--date", day]
    (order, sku), qty, day = args
    return ["ship", order, "--item", f"{sku}={qty}", "--date", day, "--force", "--reason", "test"]


def mistake(op) -> list[str]:
    """The record entered by mistake: its own delivery note / reference, so the statement
    shows it as a line of its own."""
    line = command(op)
    if op[0] in ("pay_in", "pay_out", "receive"):
        line[line.index("--ref") + 1] = "MISTAKE"
    return line


REPORTS = [
    ["today", "-f", "json"], ["po", "chase", "-f", "json"], ["po", "list", "--all", "-f", "json"],
    ["order", "list", "--all", "-f", "json"], ["supplier", "score", "-f", "json"],
    ["reconcile", "aging", "-f", "json"], ["reconcile", "aging", "--suppliers", "-f", "json"],
    ["inspect", "due", "-f", "json"], ["export", "po_lines", "-f", "json"], ["ship", "--check", "SO-1", "-f", "json"],
    ["inspect", "plan", "--lot", "500", "--supplier", "HX", "--sku", "CH-01", "-f", "json"],
]
STATEMENTS = [["reconcile", "customer", "ACME"], ["reconcile", "customer", "NORD"],
              ["reconcile", "supplier", "HX"], ["reconcile", "supplier", "MF"]]


def reports(g: Gendan) -> dict:
    out = {}
    for args in REPORTS:
        r = g(*args)
        out[" ".join(args)] = (r.exit_code, r.stdout)
    for args in STATEMENTS:
        out[" ".join(args)] = without_voids(json.loads(g.ok(*args, "--from", "2026-11-01", "--to", "2026-11-30",
                                                            "-f", "json")))
    conn = sqlite3.connect(g.db)
    out["ledger_cuts"] = conn.execute("SELECT * FROM ledger_cuts ORDER BY 1, 2, 3").fetchall()
    out["orders.closed"] = conn.execute("SELECT order_no, closed FROM orders ORDER BY 1").fetchall()
    conn.close()
    return out


def without_voids(rows: list[dict]) -> tuple[list[dict], dict]:
    """A statement without the voided record and its reversal: its lines without running
    balances (they differ between the two dates by the voided amount), and the closing
    balance per currency (the period's totals count the pair, so they are left out)."""
    voided = {r["doc"] for r in rows if r["kind"] == "void"}
    lines = [{k: v for k, v in r.items() if k != "balance"} for r in rows
             if r["doc"] not in voided and r["kind"] not in ("opening", "closing")]
    closing = {r["currency"]: r["balance"] for r in rows if r["kind"] == "closing" and r["balance"] != "0.00"}
    return lines, closing


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """Parties, two orders and two POs: copied into each example's databases."""
    g = Gendan(tmp_path_factory.mktemp("voids") / "base.db")
    g.ok("customer", "add", "ACME", "--name", "Acme", "--deposit", "30")
    g.ok("customer", "add", "NORD", "--name", "Nordhaus", "--currency", "EUR", "--credit-days", "45",
         "--no-balance-before-ship")
    g.ok("supplier", "add", "HX", "--name", "恒兴", "--credit-days", "30")
    g.ok("supplier", "add", "MF", "--name", "明发")
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-10", "--ordered", "2026-11-01",
         "--item", "CH-01=500@12.50", "--item", "TB-02=100@45")
    g.ok("order", "add", "SO-2", "--customer", "NORD", "--due", "2026-11-28", "--ordered", "2026-11-01",
         "--item", "SF-10=300@129.90")
    g.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-11-18", "--ordered", "2026-11-01", "--for", "SO-1",
         "--item", "CH-01=600@62", "--item", "TB-02=100@300")
    g.ok("po", "add", "PO-2", "--supplier", "MF", "--due", "2026-11-22", "--ordered", "2026-11-01",
         "--item", "HW-KIT=300@3.1")
    return g.db


def copy(src, dst) -> None:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def number_of(g: Gendan, kind: str) -> str:
    """The number the last record of `kind` got, as its listing shows it."""
    listing = {"payment": ["pay", "list"], "receipt": ["receipt", "list"], "shipment": ["ship"],
               "inspection": ["inspect", "list"]}[kind]
    rows = json.loads(g.ok(*listing, "-f", "json"))
    key = {"payment": "payment", "receipt": "receipt", "shipment": "shipment", "inspection": "id"}[kind]
    return str(max(rows, key=lambda r: int(str(r[key]).rsplit("-", 1)[-1]))[key])


def check_void_undoes(kind: str, base, tmp_path, ops, wrong) -> None:
    entered, never = Gendan(tmp_path / "entered.db"), Gendan(tmp_path / "never.db")
    for p in (entered.db, never.db):
        p.unlink(missing_ok=True)
    copy(base, entered.db)
    for op in ops:
        entered(*command(op))            # refusals are part of the sequence
    copy(entered.db, never.db)
    assume(entered(*mistake(wrong)).exit_code == 0)
    void = entered({"payment": "pay", "receipt": "receipt", "shipment": "ship", "inspection": "inspect"}[kind],
                   "void", number_of(entered, kind), "--reason", "entered by mistake")
    if void.exit_code != 0:              # a later record depends on it: refused, saying which
        assert kind in ("receipt", "inspection") and "void it first" in void.stderr + void.stdout, void.stderr
        assume(False)
    assert reports(entered) == reports(never)
    assert entered.ok("check") == ""


# Each example runs ~40 commands: a few examples per kind, and no shrinking (it can take minutes).
SETTINGS = settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["payment", "receipt", "shipment", "inspection"])
def test_enter_then_void_reads_as_never_entered(kind, base, tmp_path):
    @SETTINGS
    @given(ops=st.lists(OPS, max_size=6), wrong=MISTAKE[kind])
    def run(ops, wrong):
        check_void_undoes(kind, base, tmp_path, ops, wrong)
    run()
