"""Materials, pure: requirements with scrap, where a part stands, the schedule's order, what
`po add --from-bom` would place. Literal values, no database."""
from datetime import date
from decimal import Decimal

import pytest

from gendan.core import materials as m
from gendan.errors import GendanError, UsageError

TODAY = date(2026, 11, 20)
D = Decimal


def bom(sku, *parts, scrap="0"):
    return m.Bom(sku, tuple(m.BomPart(p, D(q), s) for p, q, s in parts), D(scrap))


def test_requirement_rounds_up_with_scrap_exactly():
    assert m.requirement(500, D(8), D(3)) == 4120            # exact: no rounding needed
    assert m.requirement(333, D("0.3"), D("2.5")) == 103     # 102.3975 → 103
    assert m.requirement(100, D(1), D("0.01")) == 101        # 100.01 → 101, never 100
    assert m.requirement(7, D("0.142857"), D(0)) == 1        # 0.999999 → 1
    assert m.requirement(1, D("0.1"), D(0)) == 1


def test_a_part_used_by_two_skus_of_one_order_is_summed_then_rounded_once():
    boms = {"CH": bom("CH", ("HW", "0.5", None), scrap="10"), "TB": bom("TB", ("HW", "0.5", None))}
    need, missing = m.requirements([("CH", 3), ("TB", 3), ("XX", 1)], boms)
    assert need == {"HW": 4}          # 1.65 + 1.5 = 3.15 → 4 (rounding each would give 2 + 2)
    assert missing == ["XX"]


def fact(po, qty, accepted, day, part="HW", cancelled=False, supplier="MF"):
    return m.PoFact(po, 1, part, supplier, qty, accepted, day, cancelled)


NEED_BY = date(2026, 12, 10)


@pytest.mark.parametrize("facts, status, on_po, expected", [
    ([], "not-ordered", 0, date(2026, 11, 30)),                                    # today + MF's 10 lead days
    ([fact("P1", 60, 0, date(2026, 12, 1))], "short-ordered", 60, date(2026, 12, 1)),
    ([fact("P1", 60, 0, date(2026, 11, 25))], "short-ordered", 60, date(2026, 11, 30)),
    ([fact("P1", 100, 0, date(2026, 12, 11))], "late", 100, date(2026, 12, 11)),
    ([fact("P1", 100, 40, date(2026, 11, 18))], "late", 100, TODAY),              # overdue: expected today
    ([fact("P1", 100, 0, date(2026, 12, 5))], "open", 100, date(2026, 12, 5)),
    ([fact("P1", 100, 100, date(2026, 12, 5))], "ready", 100, None),
    ([fact("P1", 100, 30, date(2026, 12, 5), cancelled=True)], "short-ordered", 30, date(2026, 11, 30)),
])
def test_part_status(facts, status, on_po, expected):
    n = m.part_need("SO-1", "HW", 100, facts, NEED_BY, TODAY, "MF", 10)
    assert (n.status, n.on_po, n.expected) == (status, on_po, expected)


def test_rejected_goods_stay_open_on_the_po():
    n = m.part_need("SO-1", "HW", 100, [fact("P1", 100, 90, date(2026, 12, 1))], NEED_BY, TODAY, "MF", 0)
    assert (n.accepted, n.open, n.on_po, n.status) == (90, 10, 100, "open")


def test_not_ordered_is_at_risk_when_the_lead_time_passes_need_by():
    late = m.part_need("SO-1", "HW", 10, [], date(2026, 11, 25), TODAY, "MF", 10)
    in_time = m.part_need("SO-1", "HW", 10, [], date(2026, 12, 25), TODAY, "MF", 10)
    unknown = m.part_need("SO-1", "HW", 10, [], date(2026, 11, 20), TODAY, None, None)
    assert late.at_risk and late.cause() == "HW not ordered, needed by 2026-11-25"
    assert not in_time.at_risk
    assert not unknown.at_risk and unknown.expected == TODAY      # no supplier: expected today


def test_need_by_is_the_plan_start_else_due_minus_buffer_and_production_days():
    assert m.need_by(date(2026, 12, 31), 7, date(2026, 12, 1), 14) == date(2026, 12, 1)
    assert m.need_by(date(2026, 12, 31), 7, None, 14) == date(2026, 12, 10)


def test_schedule_puts_not_ordered_and_late_first_then_need_by():
    def need(order, part, status, day):
        return m.Need(order, part, 1, 0, 0, 0, None, status, day, "MF")
    rows = [need("A", "x", "open", date(2026, 11, 21)), need("B", "y", "late", date(2026, 12, 5)),
            need("C", "z", "not-ordered", date(2026, 12, 1)), need("D", "w", "short-ordered", date(2026, 11, 22))]
    assert [n.order for n in m.schedule(rows, TODAY)] == ["C", "B", "A", "D"]
    assert [n.order for n in m.schedule(rows, TODAY, within=2)] == ["A", "D"]
    assert [n.order for n in m.unordered_soon(rows, TODAY, 3)] == ["D"]


def test_to_order_groups_by_usual_supplier_and_refuses_orphans():
    needs = [m.Need("SO-1", p, 10, on, 0, on, None, st, NEED_BY, "") for p, on, st in
             (("A", 0, "not-ordered"), ("B", 4, "short-ordered"), ("C", 10, "open"), ("D", 0, "not-ordered"))]
    groups = m.to_order(needs, {"A": "MF", "B": "HX", "D": "MF"}, None)
    assert {k: [(n.part, n.short) for n in v] for k, v in groups.items()} == {"MF": [("A", 10), ("D", 10)],
                                                                            "HX": [("B", 6)]}
    with pytest.raises(GendanError, match="no usual supplier for D"):
        m.to_order(needs, {"A": "MF", "B": "HX"}, None)
    assert list(m.to_order(needs, {"A": "MF", "B": "HX"}, "JL")) == ["MF", "HX", "JL"]
    with pytest.raises(GendanError, match="nothing to order"):
        m.to_order(needs[2:3], {}, None)


def test_po_number_pattern():
    assert m.po_number("PO-{supplier}-{order}", "SO-1", "MF", set()) == "PO-MF-SO-1"
    assert m.po_number("PO-{supplier}-{order}", "SO-1", "MF", {"PO-MF-SO-1", "PO-MF-SO-1-2"}) == "PO-MF-SO-1-3"
    assert m.check_pattern("{order}/{supplier}".replace("/", "-")) == "{order}-{supplier}"
    for bad in ("PO-{order}", "PO {supplier}", "PO-{supplier}-{n}"):
        with pytest.raises(UsageError):
            m.check_pattern(bad)


@pytest.mark.parametrize("text, message", [("0", "more than zero"), ("-1", "more than zero"), ("abc", "not a number"),
                                           ("0.0000001", "6 decimal places")])
def test_bad_qty_per(text, message):
    with pytest.raises(GendanError, match=message):
        m.parse_part(f"HW={text}")


@pytest.mark.parametrize("text", ["100", "-1", "250", "1.005"])
def test_bad_scrap(text):
    with pytest.raises(GendanError, match="--scrap"):
        m.parse_scrap(text)


def test_build_bom_refuses_a_part_twice_and_a_stray_supplier():
    assert m.build_bom("CH", [("CH", D(1))]).parts[0].part == "CH"     # bought finished from a factory
    with pytest.raises(UsageError, match="twice"):
        m.build_bom("CH", [("HW", D(1)), ("HW", D(2))])
    with pytest.raises(UsageError, match="not a --part"):
        m.build_bom("CH", [("HW", D(1))], suppliers={"LEG": "MF"})
    assert m.parse_scrap("2.5%") == D("2.5")


from hypothesis import given, strategies as st  # noqa: E402


@given(qty=st.integers(1, 10**9), per=st.decimals(min_value=D("0.000001"), max_value=D(10**6), places=6),
       scrap=st.decimals(min_value=D(0), max_value=D("99.99"), places=2))
def test_requirement_is_the_least_whole_number_covering_the_exact_need(qty, per, scrap):
    exact = D(qty) * per * (1 + scrap / 100)
    got = m.requirement(qty, per, scrap)
    assert got >= exact > got - 1


def test_chase_message_names_the_order_and_its_need_by():
    from gendan.core.purchasing import chase_message
    row = {"po": "PO-1", "line": 2, "sku": "FELT-01", "qty_open": 600, "due": date(2026, 11, 25), "promised": None,
           "days_late": -5, "remark": "", "for_order": "SO-2401", "need_by": date(2026, 11, 23)}
    assert chase_message("明发", "李厂长", [row], "zh").splitlines()[2] == \
        "- PO-1 第2行 FELT-01：未交 600 件，要求交期 2026-11-25（用于 SO-2401，2026-11-23 前须到料）"
    assert chase_message("MF", "", [row], "en").splitlines()[3] == \
        "- PO-1 line 2 FELT-01: 600 pcs open, due 2026-11-25; for SO-2401, needed by 2026-11-23"
    no_date = row | {"for_order": "C-2610-01", "need_by": None}     # a complaint's replacement
    assert chase_message("MF", "", [no_date], "en").splitlines()[3].endswith("due 2026-11-25; for C-2610-01")
