"""Rule 8, the proof: a random month of commands typed day by day (each with `--today` that
day), the four morning outputs saved every evening; after the whole month, asking again for
each past day gives byte-identical output. Whatever was written later (receipts, shipments,
payments, chases, promises, cancellations, plans, progress, inspections, new orders and POs)
must not leak into an earlier day.

Edits that rewrite a record in place (`order change`, re-planning) are left out: they keep
their earlier values in the audit log only (see README, "As of a date")."""
import os
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Gendan

START = date(2026, 11, 2)        # a Monday
READS = (("today", "-f", "json"), ("order", "list", "-f", "json"), ("po", "chase", "-f", "csv"),
         ("reconcile", "aging", "-f", "json"))
SKUS = ("CH-01", "TB-02")
# A month takes ~10-30 s: marked slow (run by .ci/run and `pytest -m slow`), five random
# months a run; GENDAN_REPLAY_EXAMPLES=N for a longer search.
EXAMPLES = int(os.environ.get("GENDAN_REPLAY_EXAMPLES", "5"))


class Desk:
    """What the test knows of the month so far, to type commands that mostly make sense
    (gendan refuses the rest, which must change nothing either)."""

    def __init__(self):
        self.orders: dict[str, tuple[str, list[str]]] = {}      # order → (customer, SKUs)
        self.pos: dict[str, tuple[str, str, str]] = {}          # PO → (supplier, SKU, order)
        self.planned: set[str] = set()
        self.produced: dict[str, int] = {}

    def command(self, rnd, day: date) -> list[str]:
        kinds = ["order"] + (["po"] + ["order-life"] * 3 if self.orders else []) + (["po-life"] * 3 if self.pos else [])
        return getattr(self, "_" + rnd.choice(kinds).replace("-", "_"))(rnd, lambda n: (day + timedelta(days=n)).isoformat())

    def _order(self, rnd, d) -> list[str]:
        no, customer, skus = f"SO-{len(self.orders) + 1}", rnd.choice(["ACME", "NORD"]), rnd.sample(SKUS, rnd.randint(1, 2))
        self.orders[no] = (customer, skus)
        items = [f"--item={sku}={rnd.randint(1, 40) * 10}@{rnd.choice(['12.50', '45', '8.75'])}" for sku in skus]
        return ["order", "add", no, "--customer", customer, "--due", d(rnd.randint(5, 40)), *items]

    def _po(self, rnd, d) -> list[str]:
        no, order = f"PO-{len(self.pos) + 1}", rnd.choice(list(self.orders))
        supplier, sku = rnd.choice(["HX", "MF"]), rnd.choice(self.orders[order][1])
        self.pos[no] = (supplier, sku, order)
        return ["po", "add", no, "--supplier", supplier, "--due", d(rnd.randint(1, 20)), "--for", order,
                f"--item={sku}={rnd.randint(1, 30) * 10}@{rnd.choice(['60', '3.1'])}"]

    def _po_life(self, rnd, d) -> list[str]:
        po = rnd.choice(list(self.pos))
        supplier, sku, _ = self.pos[po]
        rejected = [f"--rejected={sku}={rnd.randint(1, 5)}"] if rnd.random() < 0.3 else []
        promised = ["--promised", d(rnd.randint(0, 15))] if rnd.random() < 0.6 else []
        return rnd.choice([
            ["po", "confirm", po, *promised],
            ["po", "chase", po, "--via", "phone", *promised],
            ["po", "receive", po, f"--item={sku}={rnd.randint(1, 20) * 10}", *rejected],
            ["po", "receive", po, f"--item={sku}={rnd.randint(1, 20) * 10}", *rejected],
            ["inspect", "log", po, "--stage", "incoming", "--major", str(rnd.randint(0, 3))],
            ["pay", "out", supplier, "--po", po, "--amount", str(rnd.randint(1, 90) * 100)],
            ["po", "cancel", po, "--reason", "test"] if rnd.random() < 0.2 else ["po", "show", po],
        ])

    def _order_life(self, rnd, d) -> list[str]:
        order = rnd.choice(list(self.orders))
        customer, skus = self.orders[order]
        sku = rnd.choice(skus)
        choices = [
            ["pay", "in", customer, "--order", order, "--amount", str(rnd.randint(1, 60) * 50)],
            ["ship", order, f"--item={sku}={rnd.randint(1, 20) * 10}", "--force", "--reason", "test"],
            ["ship", order, f"--item={sku}={rnd.randint(1, 20) * 10}"],
            ["inspect", "log", order, "--stage", "final", "--sku", sku, "--major", str(rnd.randint(0, 2))],
            ["order", "cancel", order, "--reason", "test"] if rnd.random() < 0.1 else ["order", "show", order],
        ]
        if order not in self.planned:
            self.planned.add(order)
            choices.append(["order", "plan", order, "--start", d(0), "--finish", d(rnd.randint(3, 20)),
                            "--force", "--reason", "test"])
        else:
            self.produced[order] = self.produced.get(order, 0) + rnd.randint(0, 80)
            choices.append(["progress", order, "--produced", str(self.produced[order])])
        return rnd.choice(choices)


def _run(g: Gendan, day: date, args) -> None:
    result = g(*args, today=day.isoformat())
    assert result.exit_code in (0, 1, 2), (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, (args, result.stderr)


def _reads(g: Gendan, day: date) -> list[tuple[int, str]]:
    out = []
    for args in READS:
        r = g(*args, today=day.isoformat())
        assert "Traceback" not in r.stderr and r.exit_code in (0, 1), (day, args, r.stdout, r.stderr)
        out.append((r.exit_code, r.stdout))
    return out


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(rnd=st.randoms(use_true_random=False), days=st.integers(20, 31))
def test_a_replayed_month_reads_the_same_for_every_past_day(tmp_path_factory, rnd, days):
    g = Gendan(tmp_path_factory.mktemp("replay") / "month.db")
    for args in (("customer", "add", "ACME", "--name", "Acme", "--deposit", "30"),
                 ("customer", "add", "NORD", "--name", "Nordhaus", "--currency", "EUR", "--credit-days", "30",
                  "--no-balance-before-ship"),
                 ("supplier", "add", "HX", "--name", "恒兴", "--credit-days", "30"),
                 ("supplier", "add", "MF", "--name", "明发")):
        _run(g, START - timedelta(days=1), args)
    desk, saved = Desk(), {}
    for n in range(days):
        day = START + timedelta(days=n)
        for _ in range(rnd.randint(0, 4)):
            _run(g, day, desk.command(rnd, day))
        saved[day] = _reads(g, day)
    for day, outputs in saved.items():
        again = _reads(g, day)
        for args, before, after in zip(READS, outputs, again):
            assert after == before, f"{' '.join(args)} as of {day} changed after the month"
