"""Shipping gates, balances and container numbers, with literal values and no database."""
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from itertools import combinations

import pytest

from gendan.core import shipping as s
from gendan.core.models import Inspection, Order, OrderLine
from gendan.errors import GendanError, UsageError

DAY = date(2026, 11, 20)


def order(deposit="30", before_ship=True, lines=None, currency="USD", no="SO-1") -> Order:
    # 500 × 12.50 + 100 × 45.00 = 10750.00; 30 % deposit = 3225.00
    lines = lines or (OrderLine(1, "CH-01", 500, D("12.50")), OrderLine(2, "TB-02", 100, D("45.00")))
    return Order(order=no, customer="ACME", ordered=date(2026, 10, 1), due=date(2026, 12, 10), currency=currency,
                 deposit_pct=D(deposit), balance_before_ship=before_ship, credit_days=0 if before_ship else 45,
                 lines=tuple(lines))


def final(result="pass", sku="", on=date(2026, 11, 18), waived=False, id=1) -> Inspection:
    return Inspection(ref="SO-1", ref_kind="order", stage="final", date=on, result=result, sku=sku,
                      waived=waived, id=id)


def states(gates) -> dict[str, str]:
    return {g.gate: g.state for g in gates}


# --- ISO 6346 ---------------------------------------------------------------------------------
# Valid numbers: CSQU3054383 is the worked example of the Wikipedia article "ISO 6346"
# (sum 6185, 6185 mod 11 = 3); TCNU7200794, TOLU4734787 and GYOU4047990 are the valid numbers
# in python-stdnum's tests/test_iso6346.doctest (GYOU404799 leaves remainder 10, written 0);
# ZEPU0037255 is the example in the README of langerheiko/Calc-ILU-check-digit.
VALID = ["CSQU3054383", "TCNU7200794", "TOLU4734787", "GYOU4047990", "ZEPU0037255"]
# Invalid: CSQU3054384 (stdnum's wrong-checksum case), and each valid number with its last
# digit changed.
INVALID = ["CSQU3054384", "TCNU7200795", "TOLU4734780", "GYOU4047991", "ZEPU0037254"]


@pytest.mark.parametrize("number", VALID)
def test_iso6346_valid_public_examples(number):
    assert s.is_valid_container(number)
    assert s.container_check_digit(number[:10]) == int(number[10])
    assert s.parse_container(number) == number


@pytest.mark.parametrize("number", INVALID)
def test_iso6346_wrong_check_digit_refused(number):
    assert not s.is_valid_container(number)
    with pytest.raises(GendanError, match="fails the ISO 6346 check digit") as e:
        s.parse_container(number)
    assert not isinstance(e.value, UsageError)


def test_iso6346_remainder_ten_is_written_zero():
    assert s.container_check_digit("GYOU404799") == 0


def test_iso6346_typed_forms_are_normalized():
    assert s.parse_container("csqu 305438-3") == "CSQU3054383"


def test_full_width_container_numbers_are_stored_in_ascii():
    """Typed with a Chinese input method: full-width letters, digits and hyphen (NFKC)."""
    assert s.parse_container("ＣＳＱＵ３０５４３８－３") == "CSQU3054383"
    assert s.parse_container("ｃｓｑｕ\u3000３０５４３８３") == "CSQU3054383"
    with pytest.raises(GendanError, match="check digit"):
        s.parse_container("ＣＳＱＵ３０５４３８４")


@pytest.mark.parametrize("bad", ["CSQU305438", "CSQU3054Z83", "CSQX3054383", "1SQU3054383", "", "CSQU30543833"])
def test_iso6346_malformed_is_a_usage_error(bad):
    assert not s.is_valid_container(bad)
    with pytest.raises(UsageError, match="bad container number"):
        s.parse_container(bad)


# --- values -----------------------------------------------------------------------------------

def test_order_value_sums_each_line_rounded_half_up_and_is_kept():
    assert order().value == D("10750.00")
    # each line 1 × 0.005 → 0.01 (half up), so 0.02; rounding the sum (0.010) would give 0.01
    odd = order(lines=(OrderLine(1, "A", 1, D("0.005")), OrderLine(2, "B", 1, D("0.005"))))
    assert odd.value == D("0.02")
    assert "value" in odd.__dict__ and odd == order(lines=odd.lines)   # cached, and not part of equality


def test_deposit_due_is_pct_of_order_value_rounded_half_up():
    assert s.deposit_due(order()) == D("3225.00")
    # 12.5 % of 0.04 = 0.005 → 0.01 (half up)
    tiny = order(deposit="12.5", lines=(OrderLine(1, "A", 4, D("0.01")),))
    assert s.deposit_due(tiny) == D("0.01")
    assert s.deposit_due(order(deposit="0")) == D("0.00")


def test_balance_exact_to_the_cent_with_six_place_prices():
    o = order(deposit="30", lines=(OrderLine(1, "A", 3, D("12.345678")), OrderLine(2, "B", 999, D("0.000001")),
                                   OrderLine(3, "C", 1, D("1.005"))))
    # order value: 37.037034 → 37.04; 0.000999 → 0.00; 1.005 → 1.01 (half up) = 38.05
    assert s.deposit_due(o) == D("11.42")            # 30 % of 38.05 = 11.415 → 11.42
    assert s.shipment_value(o, {1: 1}) == D("12.35")  # 12.345678
    assert s.shipment_value(o, {1: 2}) == D("24.69")  # 24.691356
    assert s.shipment_value(o, {1: 3, 2: 999, 3: 1}) == D("38.05")
    # shipped 1 then 2 pieces of A: 12.35 + 24.69 = 37.04, as the order line (37.037034)
    assert s.shipped_value(o, [{1: 1}, {1: 2}]) == D("37.04")
    assert s.balance(s.shipped_value(o, [{1: 2}]), D("11.42")) == D("13.27")
    assert s.balance(s.shipped_value(o, [{1: 1}, {1: 2, 2: 999}, {3: 1}]), D("38.05")) == D("0.00")
    assert s.balance(D("38.05"), D("40")) == D("-1.95")


def test_shipment_values_are_rounded_per_shipment_line_like_invoices():
    o = order(lines=(OrderLine(1, "A", 3, D("0.333333")), OrderLine(2, "B", 2, D("0.005"))))
    # order value: 0.999999 → 1.00, 0.01 → 0.01 = 1.01
    one_by_one = [{1: 1}, {1: 1}, {1: 1, 2: 1}, {2: 1}]
    # 0.33 + 0.33 + (0.33 + 0.01) + 0.01 = 1.01: the sub-cent remainders go their own way
    assert [s.shipment_value(o, sh) for sh in one_by_one] == [D("0.33"), D("0.33"), D("0.34"), D("0.01")]
    assert s.shipped_value(o, one_by_one) == D("1.01")
    assert s.shipped_value(o, [{1: 1}, {1: 1}, {1: 1}]) == D("0.99")  # one cent under round(3 × 0.333333)


def test_partial_shipments_to_the_last_piece():
    o = order(deposit="0", before_ship=False, lines=(OrderLine(1, "A", 5, D("1.10")), OrderLine(2, "B", 2, D("3")),))
    shipped: dict[int, int] = {}
    value = D(0)
    plan = [{"A": 2}, {"A": 1, "B": 1}, {"A": 1}, {"B": 1}, {"A": 1}]
    for items in plan:
        by_line = s.plan_lines(o, items)
        assert s.blocking(s.gate_state(o, shipped, value, D(0), [final()], DAY, by_line)) == []
        shipped = s.add_lines(shipped, by_line)
        value += s.shipment_value(o, by_line)
        assert all(q >= 0 for q in s.remaining(o, shipped).values())
    assert s.remaining(o, shipped) == {1: 0, 2: 0}
    assert value == D("11.50")  # 2.20 + 1.10 + 3 + 1.10 + 3 + 1.10
    # one more piece is refused, and the checklist says nothing remains
    gates = s.gate_state(o, shipped, value, D(0), [final()], DAY, s.plan_lines(o, {"A": 1}))
    assert list(map(str, s.blocking(gates))) == ["A: shipping 1 but 0 remain on SO-1 (5 ordered, 5 shipped; "
                                 "ship at most 0, or --force --reason)"]
    assert states(s.gate_state(o, shipped, value, D(0), [final()], DAY))["quantity"] == "blocked"


def test_unknown_sku_and_cancelled_order_are_not_gates():
    with pytest.raises(GendanError, match="SKU XX not on order SO-1"):
        s.plan_lines(order(), {"XX": 1})
    with pytest.raises(GendanError, match="cancelled"):
        s.plan_lines(replace(order(), cancelled=True), {"CH-01": 1})


# --- gates alone and in combination ------------------------------------------------------------

def scenario(blocked: set[str]):
    """Order, paid, finals and line → qty that block exactly the gates named in `blocked`."""
    o = order(deposit="30", before_ship="balance" in blocked)
    # ship 300 CH-01 (3750.00), or 501 (6262.50) — one more than ordered
    by_line = {1: 501 if "quantity" in blocked else 300}
    finals = [] if "final-inspection" in blocked else [final()]
    # paid 0 leaves the deposit (3225.00) unpaid; 3225.00 meets it but not the value shipped
    paid = D("0") if "deposit" in blocked else D("3225.00")
    return o, paid, finals, by_line


@pytest.mark.parametrize("blocked", [set(c) for n in range(5) for c in combinations(s.GATES, n)],
                         ids=lambda b: "+".join(sorted(b)) or "none")
def test_every_gate_alone_and_in_combination(blocked):
    o, paid, finals, by_line = scenario(blocked)
    gates = s.gate_state(o, {}, D(0), paid, finals, DAY, by_line)
    assert [g.gate for g in gates] == list(s.GATES)
    assert {g.gate for g in gates if not g.ready} == blocked
    reasons = s.blocking(gates)
    assert len(reasons) == len(blocked)
    assert all(r.text and r.hint and "\n" not in str(r) for r in reasons)


def test_gate_messages_say_what_and_how():
    o, paid, finals, by_line = scenario(set(s.GATES))
    assert list(map(str, s.blocking(s.gate_state(o, {}, D(0), paid, finals, DAY, by_line)))) == [
        "CH-01: shipping 501 but 500 remain on SO-1 (500 ordered, 0 shipped; ship at most 500, or --force --reason)",
        "CH-01: no final inspection on SO-1 covers it (log one with 'gendan inspect log SO-1 --stage final', "
        "or --force --reason)",
        "deposit unpaid on SO-1: 3225.00 USD due (30% of 10750.00), 0.00 received, 3225.00 missing "
        "(record it with 'gendan pay in ACME --order SO-1 --amount 3225.00', or --force --reason)",
        "balance unpaid on SO-1: 6262.50 USD shipped counting this shipment, 0.00 received, 6262.50 to collect "
        "before shipping (record it with 'gendan pay in ACME --order SO-1 --amount 6262.50', or --force --reason)",
    ]


def test_deposit_gate_edges():
    o = order(deposit="30", before_ship=False)
    assert not s.deposit_gate(o, D("3224.99")).ready
    assert s.deposit_gate(o, D("3225.00")).ready
    assert s.deposit_gate(order(deposit="0"), D("0")).detail == "no deposit in the terms"


def test_balance_gate_counts_what_shipped_before():
    o = order(deposit="0")
    # 200 shipped earlier (2500.00) + 100 now (1250.00) = 3750.00
    gates = lambda paid: s.gate_state(o, {1: 200}, D("2500.00"), paid, [final()], DAY, {1: 100})  # noqa: E731
    assert not gates(D("3749.99"))[3].ready
    assert gates(D("3750.00"))[3].ready
    assert s.balance_gate(order(before_ship=False), D("6250.00"), D("0")).ready


def test_final_inspection_coverage_per_sku():
    o = order()
    skus = ["CH-01", "TB-02"]
    on = DAY
    assert s.final_inspection_gate(o, [final(sku="")], skus, on).ready          # whole order
    only_ch = s.final_inspection_gate(o, [final(sku="CH-01")], skus, on)
    assert tuple(map(str, only_ch.reasons)) == ("TB-02: no final inspection on SO-1 covers it (log one with "
                               "'gendan inspect log SO-1 --stage final', or --force --reason)",)
    assert s.final_inspection_gate(o, [final(sku="CH-01"), final(sku="TB-02", id=2)], skus, on).ready


def test_final_inspection_latest_decides_and_waiver_counts():
    o = order()
    fail = final(result="fail", on=date(2026, 11, 15), id=1)
    again = final(result="pass", on=date(2026, 11, 17), id=2)
    assert not s.final_inspection_gate(o, [fail], ["CH-01"], DAY).ready
    assert s.final_inspection_gate(o, [fail, again], ["CH-01"], DAY).ready
    refail = final(result="fail", sku="CH-01", on=date(2026, 11, 19), id=3)
    g = s.final_inspection_gate(o, [fail, again, refail], ["CH-01", "TB-02"], DAY)
    assert tuple(map(str, g.reasons)) == ("CH-01: the last final inspection on SO-1 (2026-11-19) failed "
                         "(re-inspect, waive it with --waive --reason, or --force --reason)",)
    waived = final(result="fail", waived=True, on=date(2026, 11, 16))
    assert s.final_inspection_gate(o, [waived], ["CH-01"], DAY).ready


def test_final_inspection_after_the_shipment_date_does_not_cover_it():
    o = order()
    assert not s.final_inspection_gate(o, [final(on=date(2026, 11, 21))], ["CH-01"], DAY).ready
    assert s.final_inspection_gate(o, [final(on=DAY)], ["CH-01"], DAY).ready


def test_other_stages_do_not_open_the_final_gate():
    inline = replace(final(), stage="inline")
    assert not s.final_inspection_gate(order(), [inline], ["CH-01"], DAY).ready


def test_check_without_items_checks_everything_that_remains():
    o = order(deposit="0")
    gates = s.gate_state(o, {1: 500}, D("6250.00"), D("0"), [final(sku="TB-02")], DAY)
    assert states(gates) == {"quantity": "ready", "final-inspection": "ready", "deposit": "ready",
                             "balance": "blocked"}
    # the balance counts the whole order once the rest ships: 10750.00
    assert "10750.00 USD shipped counting this shipment" in gates[3].detail


# --- payments ---------------------------------------------------------------------------------

def test_payment_against_another_partys_order_refused():
    with pytest.raises(GendanError, match="order SO-1 belongs to NORD, not ACME"):
        s.check_payment("ACME", D("10"), None, "SO-1", "order", "NORD", "EUR", "USD")


def test_payment_in_another_currency_refused():
    with pytest.raises(GendanError, match="order SO-1 is in USD, not EUR"):
        s.check_payment("ACME", D("10"), "EUR", "SO-1", "order", "ACME", "USD", "USD")


def test_payment_currency_defaults():
    assert s.check_payment("ACME", D("10"), None, "SO-1", "order", "ACME", "EUR", "USD") == "EUR"
    assert s.check_payment("ACME", D("10"), None, None, "order", None, None, "USD") == "USD"
    assert s.check_payment("ACME", D("10"), "JPY", None, "order", None, None, "USD") == "JPY"


@pytest.mark.parametrize("amount,currency", [("0", "USD"), ("-5", "USD"), ("1.005", "USD"), ("10.5", "JPY")])
def test_payment_amount_refused(amount, currency):
    with pytest.raises(UsageError):
        s.check_payment("ACME", D(amount), currency, None, "order", None, None, "USD")


# --- money lists for the morning report --------------------------------------------------------

def test_money_lists():
    M = s.OrderMoney  # noqa: N806
    a = M(order(no="SO-A"), {}, D("1000.00"))                                    # deposit 3225.00, 2225.00 missing
    b = M(order(no="SO-B"), {1: 500}, D("6250.00"), D("6250.00"))                # deposit met; 4500.00 to collect
    c = M(order(no="SO-C", before_ship=False), {1: 500, 2: 100}, D("3225.00"), D("10750.00"), ("SH-00003",))
    done = M(order(no="SO-D"), {1: 500, 2: 100}, D("0"), D("10750.00"))          # shipped in full, unpaid: listed
    paid_up = M(order(no="SO-E"), {1: 100}, D("1250.00"), D("1250.00"), ("SH-00009",))
    today = date(2026, 11, 20)
    assert s.deposits_missing([a, b, c, done, paid_up], today) == [
        {"order": "SO-A", "customer": "ACME", "due": date(2026, 12, 10), "days_left": 20,
         "deposit_due": D("3225.00"), "paid": D("1000.00"), "missing": D("2225.00"), "currency": "USD"},
        {"order": "SO-E", "customer": "ACME", "due": date(2026, 12, 10), "days_left": 20,
         "deposit_due": D("3225.00"), "paid": D("1250.00"), "missing": D("1975.00"), "currency": "USD"}]
    assert [(r["order"], r["to_collect"]) for r in s.balances_to_collect([a, b, c, done, paid_up], today)] == [
        ("SO-A", D("9750.00")), ("SO-B", D("4500.00")), ("SO-D", D("10750.00")), ("SO-E", D("9500.00"))]
    paid_done = done._replace(paid=D("10750.00"))                              # the balance arrived: gone
    assert s.balances_to_collect([paid_done], today) == []
    assert len(s.balances_to_collect([done], today, within=1)) == 1    # owed now, whatever its due date
    assert s.balances_to_collect([a], today, within=19) == []          # due in 20 days
    assert len(s.balances_to_collect([a], today, within=20)) == 1
    assert s.forced_unpaid([a, b, c, done, paid_up]) == [
        {"order": "SO-C", "customer": "ACME", "shipments": "SH-00003", "shipped_value": D("10750.00"),
         "paid": D("3225.00"), "balance": D("7525.00"), "currency": "USD"}]


def test_iso6346_letter_values_skip_multiples_of_eleven():
    # the table of the Wikipedia article "ISO 6346": A=10, B=12 … K=21, L=23 … U=32, V=34 … Z=38
    from gendan.core.shipping import _LETTER_VALUE
    assert [_LETTER_VALUE[c] for c in "ABKLUVZ"] == [10, 12, 21, 23, 32, 34, 38]
