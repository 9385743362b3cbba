"""ISO 2859-1:1999 / GB/T 2828.1-2012 single sampling tables and the clause 9 switching rules.

Expected values are literals read from the standard's tables (GB/T 2828.1-2012 transcription,
cross-checked against AQLSchemes; see the comments in gendan/core/inspection/sampling.py), not computed.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gendan.core.inspection import sampling
from gendan.core.inspection.sampling import SwitchState, next_state, replay_outcomes, resume
from gendan.errors import GendanError, UsageError
from tests.profiles import examples

LETTERS = "ABCDEFGHJKLMNPQR"

# --- Table I -------------------------------------------------------------------------------------

TABLE_I = [
    # lot from, lot to, S-1 S-2 S-3 S-4 I II III
    (2, 8, "AAAAAAB"),
    (9, 15, "AAAAABC"),
    (16, 25, "AABBBCD"),
    (26, 50, "ABBCCDE"),
    (51, 90, "BBCCCEF"),
    (91, 150, "BBCDDFG"),
    (151, 280, "BCDEEGH"),
    (281, 500, "BCDEFHJ"),
    (501, 1200, "CCEFGJK"),
    (1201, 3200, "CDEGHKL"),
    (3201, 10000, "CDFGJLM"),
    (10001, 35000, "CDFHKMN"),
    (35001, 150000, "DEGJLNP"),
    (150001, 500000, "DEGJMPQ"),
    (500001, 10**9, "DEHKNQR"),
]


@pytest.mark.parametrize(("low", "high", "letters"), TABLE_I)
def test_table_i_every_row_every_level_at_both_ends(low, high, letters):
    for level, letter in zip(sampling.LEVELS, letters):
        assert sampling.code_letter(low, level) == letter, (low, level)
        assert sampling.code_letter(high, level) == letter, (high, level)


def test_table_i_lot_of_one_uses_the_first_row_and_is_inspected_whole():
    assert sampling.code_letter(1) == "A"
    plan = sampling.sampling_plan(1)
    assert (plan.inspect_all, plan.sample_size) == (True, 1)


def test_code_letter_defaults_to_level_ii_and_accepts_typed_levels():
    assert sampling.code_letter(3200) == "K"
    assert sampling.code_letter(3200, "iii") == "L"
    assert sampling.code_letter(3200, "s4") == "G"


# --- Tables II-A, II-B, II-C at the AQLs merchandisers use ------------------------------------------

EXPECTED = {
    # Table II-A, normal: printed cells A..R, then the plan used (letter/n/Ac/Re) A..R.
    'normal': {
        '0.65': (
            '↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22',
            'F/20/0/1 F/20/0/1 F/20/0/1 F/20/0/1 F/20/0/1 F/20/0/1 F/20/0/1 J/80/1/2',
            'J/80/1/2 K/125/2/3 L/200/3/4 M/315/5/6 N/500/7/8 P/800/10/11 Q/1250/14/15 R/2000/21/22',
        ),
        '1.0': (
            '↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑',
            'E/13/0/1 E/13/0/1 E/13/0/1 E/13/0/1 E/13/0/1 E/13/0/1 H/50/1/2 H/50/1/2',
            'J/80/2/3 K/125/3/4 L/200/5/6 M/315/7/8 N/500/10/11 P/800/14/15 Q/1250/21/22 Q/1250/21/22',
        ),
        '1.5': (
            '↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑',
            'D/8/0/1 D/8/0/1 D/8/0/1 D/8/0/1 D/8/0/1 G/32/1/2 G/32/1/2 H/50/2/3',
            'J/80/3/4 K/125/5/6 L/200/7/8 M/315/10/11 N/500/14/15 P/800/21/22 P/800/21/22 P/800/21/22',
        ),
        '2.5': (
            '↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑',
            'C/5/0/1 C/5/0/1 C/5/0/1 C/5/0/1 F/20/1/2 F/20/1/2 G/32/2/3 H/50/3/4',
            'J/80/5/6 K/125/7/8 L/200/10/11 M/315/14/15 N/500/21/22 N/500/21/22 N/500/21/22 N/500/21/22',
        ),
        '4.0': (
            '↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑',
            'B/3/0/1 B/3/0/1 B/3/0/1 E/13/1/2 E/13/1/2 F/20/2/3 G/32/3/4 H/50/5/6',
            'J/80/7/8 K/125/10/11 L/200/14/15 M/315/21/22 M/315/21/22 M/315/21/22 M/315/21/22 M/315/21/22',
        ),
        '6.5': (
            '0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑',
            'A/2/0/1 A/2/0/1 D/8/1/2 D/8/1/2 E/13/2/3 F/20/3/4 G/32/5/6 H/50/7/8',
            'J/80/10/11 K/125/14/15 L/200/21/22 L/200/21/22 L/200/21/22 L/200/21/22 L/200/21/22 L/200/21/22',
        ),
    },
    # Table II-B, tightened: printed cells A..R, then the plan used (letter/n/Ac/Re) A..R.
    'tightened': {
        '0.65': (
            '↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19',
            'G/32/0/1 G/32/0/1 G/32/0/1 G/32/0/1 G/32/0/1 G/32/0/1 G/32/0/1 K/125/1/2',
            'K/125/1/2 K/125/1/2 L/200/2/3 M/315/3/4 N/500/5/6 P/800/8/9 Q/1250/12/13 R/2000/18/19',
        ),
        '1.0': (
            '↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑',
            'F/20/0/1 F/20/0/1 F/20/0/1 F/20/0/1 F/20/0/1 F/20/0/1 J/80/1/2 J/80/1/2',
            'J/80/1/2 K/125/2/3 L/200/3/4 M/315/5/6 N/500/8/9 P/800/12/13 Q/1250/18/19 Q/1250/18/19',
        ),
        '1.5': (
            '↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑',
            'E/13/0/1 E/13/0/1 E/13/0/1 E/13/0/1 E/13/0/1 H/50/1/2 H/50/1/2 H/50/1/2',
            'J/80/2/3 K/125/3/4 L/200/5/6 M/315/8/9 N/500/12/13 P/800/18/19 P/800/18/19 P/800/18/19',
        ),
        '2.5': (
            '↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑',
            'D/8/0/1 D/8/0/1 D/8/0/1 D/8/0/1 G/32/1/2 G/32/1/2 G/32/1/2 H/50/2/3',
            'J/80/3/4 K/125/5/6 L/200/8/9 M/315/12/13 N/500/18/19 N/500/18/19 N/500/18/19 N/500/18/19',
        ),
        '4.0': (
            '↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑',
            'C/5/0/1 C/5/0/1 C/5/0/1 F/20/1/2 F/20/1/2 F/20/1/2 G/32/2/3 H/50/3/4',
            'J/80/5/6 K/125/8/9 L/200/12/13 M/315/18/19 M/315/18/19 M/315/18/19 M/315/18/19 M/315/18/19',
        ),
        '6.5': (
            '↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑',
            'B/3/0/1 B/3/0/1 E/13/1/2 E/13/1/2 E/13/1/2 F/20/2/3 G/32/3/4 H/50/5/6',
            'J/80/8/9 K/125/12/13 L/200/18/19 L/200/18/19 L/200/18/19 L/200/18/19 L/200/18/19 L/200/18/19',
        ),
    },
    # Table II-C, reduced: printed cells A..R, then the plan used (letter/n/Ac/Re) A..R.
    'reduced': {
        '0.65': (
            '↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11',
            'F/8/0/1 F/8/0/1 F/8/0/1 F/8/0/1 F/8/0/1 F/8/0/1 F/8/0/1 K/50/1/2',
            'K/50/1/2 K/50/1/2 L/80/2/3 M/125/3/4 N/200/5/6 P/315/6/7 Q/500/8/9 R/800/10/11',
        ),
        '1.0': (
            '↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑',
            'E/5/0/1 E/5/0/1 E/5/0/1 E/5/0/1 E/5/0/1 E/5/0/1 J/32/1/2 J/32/1/2',
            'J/32/1/2 K/50/2/3 L/80/3/4 M/125/5/6 N/200/6/7 P/315/8/9 Q/500/10/11 Q/500/10/11',
        ),
        '1.5': (
            '↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑',
            'D/3/0/1 D/3/0/1 D/3/0/1 D/3/0/1 D/3/0/1 H/20/1/2 H/20/1/2 H/20/1/2',
            'J/32/2/3 K/50/3/4 L/80/5/6 M/125/6/7 N/200/8/9 P/315/10/11 P/315/10/11 P/315/10/11',
        ),
        '2.5': (
            '↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑',
            'C/2/0/1 C/2/0/1 C/2/0/1 C/2/0/1 G/13/1/2 G/13/1/2 G/13/1/2 H/20/2/3',
            'J/32/3/4 K/50/5/6 L/80/6/7 M/125/8/9 N/200/10/11 N/200/10/11 N/200/10/11 N/200/10/11',
        ),
        '4.0': (
            '↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑',
            'B/2/0/1 B/2/0/1 B/2/0/1 F/8/1/2 F/8/1/2 F/8/1/2 G/13/2/3 H/20/3/4',
            'J/32/5/6 K/50/6/7 L/80/8/9 M/125/10/11 M/125/10/11 M/125/10/11 M/125/10/11 M/125/10/11',
        ),
        '6.5': (
            '0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑',
            'A/2/0/1 A/2/0/1 E/5/1/2 E/5/1/2 E/5/1/2 F/8/2/3 G/13/3/4 H/20/5/6',
            'J/32/6/7 K/50/8/9 L/80/10/11 L/80/10/11 L/80/10/11 L/80/10/11 L/80/10/11 L/80/10/11',
        ),
    },
}

CASES = [(sev, col) for sev, cols in EXPECTED.items() for col in cols]


@pytest.mark.parametrize(("severity", "column"), CASES)
def test_master_table_cells_as_printed(severity, column):
    printed = EXPECTED[severity][column][0].split()
    assert [sampling.cell(letter, column, severity) for letter in LETTERS] == printed


@pytest.mark.parametrize(("severity", "column"), CASES)
def test_master_table_every_code_letter_resolves_to_the_plan_used(severity, column):
    expected = " ".join(EXPECTED[severity][column][1:]).split()
    got = ["{}/{}/{}/{}".format(*sampling.lookup(letter, column, severity)) for letter in LETTERS]
    assert got == expected


ARROWS = [
    (sev, col, letter, plan)
    for sev, cols in EXPECTED.items()
    for col, (printed, *plans) in cols.items()
    for letter, cell, plan in zip(LETTERS, printed.split(), " ".join(plans).split())
    if cell in ("↓", "↑")
]


@pytest.mark.parametrize(("severity", "column", "letter", "plan"), ARROWS)
def test_arrow_cells_take_the_letter_and_sample_size_of_the_plan_they_point_to(severity, column, letter, plan):
    plan_letter, n, ac, re = plan.split("/")
    cell = sampling.cell(letter, column, severity)
    assert (plan_letter > letter) if cell == "↓" else (plan_letter < letter)
    assert sampling.lookup(letter, column, severity) == (plan_letter, int(n), int(ac), int(re))


def test_reduced_table_is_the_iso_1999_one_without_acceptance_gaps():
    for letter in LETTERS:
        for column in sampling.AQLS:
            _plan, _n, ac, re = sampling.lookup(letter, column, "reduced")
            assert re == ac + 1
    assert sampling.lookup("K", "2.5", "reduced") == ("K", 50, 5, 6)  # ANSI/ASQ Z1.4 would say 3/6
    assert sampling.lookup("K", "4.0", "reduced") == ("K", 50, 6, 7)


def test_tightened_has_row_s_only_at_0_025():
    assert sampling.lookup("Q", "0.025", "tightened") == ("S", 3150, 1, 2)
    assert sampling.cell("S", "0.025", "tightened") == "1/2"
    assert sampling.cell("S", "0.040", "tightened") == "-"
    assert sampling.lookup("R", "0.015", "tightened") == ("Q", 1250, 0, 1)


# --- worked cases through sampling_plan() ------------------------------------------------------------


def plan_tuple(plan):
    return (plan.code_letter, plan.plan_letter, plan.sample_size, plan.ac, plan.re, plan.inspect_all)


def test_lot_3200_level_ii_aql_2_5_normal():
    plan = sampling.sampling_plan(3200, "2.5", "II", "normal")
    assert plan == sampling.SamplingPlan(lot=3200, level="II", aql="2.5", severity="normal", code_letter="K",
                                    sample_size=125, ac=7, re=8, inspect_all=False, plan_letter="K")


def test_lot_3201_moves_to_letter_l():
    assert plan_tuple(sampling.sampling_plan(3201)) == ("L", "L", 200, 10, 11, False)


@pytest.mark.parametrize(("lot", "aql_text", "level", "severity", "expected"), [
    # letter A at 2.5: ↓ to C, so n=5 (not A's 2), 0/1
    (8, "2.5", "II", "normal", ("A", "C", 5, 0, 1, False)),
    # letter D at 2.5: ↑ to C, the sample shrinks from 8 to 5
    (50, "2.5", "II", "normal", ("D", "C", 5, 0, 1, False)),
    # letter E at 0.65: ↓ to F, n=20
    (90, "0.65", "II", "normal", ("E", "F", 20, 0, 1, False)),
    # letter A at 10 normal: row A cannot point up, ↓ to C 1/2
    (8, "10", "II", "normal", ("A", "C", 5, 1, 2, False)),
    # letter P at 2.5 normal: ↑ to N, 500 and 21/22
    (150001, "2.5", "II", "normal", ("P", "N", 500, 21, 22, False)),
    (500001, "0.65", "III", "normal", ("R", "R", 2000, 21, 22, False)),
    (3200, "1000", "II", "normal", ("K", "B", 3, 44, 45, False)),
    (3200, "2.5", "II", "tightened", ("K", "K", 125, 5, 6, False)),
    (500001, "0.025", "III", "tightened", ("R", "S", 3150, 1, 2, False)),
    (5, "10", "II", "tightened", ("A", "A", 2, 0, 1, False)),
    (3200, "2.5", "II", "reduced", ("K", "K", 50, 5, 6, False)),
    (500001, "0.025", "II", "reduced", ("Q", "N", 200, 0, 1, False)),
])
def test_worked_plans(lot, aql_text, level, severity, expected):
    assert plan_tuple(sampling.sampling_plan(lot, aql_text, level, severity)) == expected


@pytest.mark.parametrize(("lot", "aql_text", "severity", "expected"), [
    # lot 10 is letter B; 0.65 points down to F whose n=20 exceeds the lot: inspect all 10
    (10, "0.65", "normal", ("B", "F", 10, 0, 1, True)),
    (20, "0.65", "normal", ("C", "F", 20, 0, 1, True)),  # n equal to the lot counts too
    (21, "0.65", "normal", ("C", "F", 20, 0, 1, False)),
    (8, "1.0", "normal", ("A", "E", 8, 0, 1, True)),
    (2, "2.5", "normal", ("A", "C", 2, 0, 1, True)),
    (3, "6.5", "tightened", ("A", "B", 3, 0, 1, True)),
    (2, "10", "reduced", ("A", "D", 2, 1, 2, True)),
])
def test_sample_not_smaller_than_lot_means_inspect_all_with_the_plan_ac_re(lot, aql_text, severity, expected):
    assert plan_tuple(sampling.sampling_plan(lot, aql_text, "II", severity)) == expected


def test_sampling_plan_canonicalises_what_was_typed():
    plan = sampling.sampling_plan(3200, "0.01", "ii", "Normal")
    assert (plan.aql, plan.level, plan.severity) == ("0.010", "II", "normal")


# --- parsing and bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "column"), [
    ("2.5", "2.5"), ("0.01", "0.010"), ("0.010", "0.010"), ("1", "1.0"), ("1.00", "1.0"),
    ("10.0", "10"), ("10", "10"), (" 4 ", "4.0"), ("2.5%", "2.5"), (".65", "0.65"), ("1000", "1000"),
])
def test_parse_aql_gives_the_canonical_column(typed, column):
    assert sampling.parse_aql(typed) == column


@pytest.mark.parametrize("typed", ["3", "0", "-2.5", "abc", "", "nan", "inf", "2.50001", "1e9"])
def test_parse_aql_refuses_values_between_or_outside_columns(typed):
    with pytest.raises(UsageError) as err:
        sampling.parse_aql(typed)
    assert "0.010, 0.015" in str(err.value) and "650, 1000" in str(err.value)


@pytest.mark.parametrize(("typed", "level"), [
    ("II", "II"), ("ii", "II"), ("i", "I"), ("III", "III"), ("s1", "S-1"), ("S-1", "S-1"),
    ("s-4", "S-4"), ("S 3", "S-3"), ("G2", "II"),
])
def test_parse_level(typed, level):
    assert sampling.parse_level(typed) == level


def test_bad_level_lists_the_levels():
    with pytest.raises(UsageError, match=r"'IV' is unknown \(use one of S-1, S-2, S-3, S-4, I, II, III\)"):
        sampling.sampling_plan(100, level="IV")


def test_bad_severity_lists_the_severities():
    with pytest.raises(UsageError, match=r"'loose' is unknown \(use one of normal, tightened, reduced\)"):
        sampling.sampling_plan(100, severity="loose")


def test_bad_aql_is_a_usage_error():
    with pytest.raises(UsageError, match=r"AQL '3' is not a column"):
        sampling.sampling_plan(100, aql="3")


@pytest.mark.parametrize("lot", [0, -1, -3200])
def test_lot_below_one_is_refused(lot):
    with pytest.raises(UsageError, match="too small"):
        sampling.sampling_plan(lot)
    with pytest.raises(UsageError, match="too small"):
        sampling.code_letter(lot)


@pytest.mark.parametrize("lot", [2.5, "3200", True, None])
def test_lot_must_be_a_whole_number(lot):
    with pytest.raises(UsageError, match="not a whole number"):
        sampling.sampling_plan(lot)


def test_unknown_code_letter_in_lookup():
    with pytest.raises(UsageError, match="code letter 'S' is not in Table II-A"):
        sampling.lookup("S", "2.5")
    with pytest.raises(UsageError, match="code letter 'I'"):
        sampling.cell("I", "2.5")


def test_usage_error_exit_code_is_two():
    with pytest.raises(UsageError) as err:
        sampling.parse_aql("3")
    assert err.value.exit_code == 2


# --- helpers for the switching score ---------------------------------------------------------------


@pytest.mark.parametrize(("column", "tighter"), [
    ("2.5", "1.5"), ("0.015", "0.010"), ("0.010", None), ("15", "10"), ("1000", "650"), ("1", "0.65"),
])
def test_tighter_aql(column, tighter):
    assert sampling.tighter_aql(column) == tighter


def test_tighter_ac_reads_the_same_row_one_column_tighter():
    assert sampling.tighter_ac(sampling.sampling_plan(3200, "2.5")) == 5  # K: 7/8 at 2.5, 5/6 at 1.5
    assert sampling.tighter_ac(sampling.sampling_plan(3201, "15")) == 14  # J (↑ from L): 21/22 at 15, 14/15 at 10
    assert sampling.tighter_ac(sampling.sampling_plan(8, "2.5")) is None  # C 0/1; at 1.5 C points to D, another n
    assert sampling.tighter_ac(sampling.sampling_plan(3200, "0.010")) is None
    assert sampling.tighter_ac(sampling.sampling_plan(3200, "2.5", severity="tightened")) is None


def test_tighter_ac_exists_for_every_normal_plan_with_ac_two_or_more():
    for letter in LETTERS:
        for column in sampling.AQLS:
            plan_letter, n, ac, re = sampling.lookup(letter, column)
            plan = sampling.SamplingPlan(10**9, "II", column, "normal", letter, n, ac, re, False, plan_letter)
            if ac >= 2:
                assert sampling.tighter_ac(plan) is not None, (letter, column)


def test_accepts_up_to_ac():
    plan = sampling.sampling_plan(3200)
    assert sampling.accepts(plan, 7) is True
    assert sampling.accepts(plan, 8) is False
    with pytest.raises(UsageError):
        sampling.accepts(plan, -1)


def test_standard_constant():
    assert sampling.STANDARD == "ISO 2859-1:1999 / GB/T 2828.1-2012"
    assert len(sampling.AQLS) == 26 and sampling.AQLS[0] == "0.010" and sampling.AQLS[-1] == "1000"


# --- switching rules (clause 9) -------------------------------------------------------------------

OK = (True, True, 3)  # accepted, also at one AQL step tighter, plan Ac 3
OK_NOT_TIGHTER = (True, False, 3)
BAD = (False, False, 3)


def test_normal_to_tightened_on_two_rejects_within_five_lots():
    state, log = replay_outcomes([OK, BAD, OK, OK, BAD])
    assert state == SwitchState(severity="tightened")
    assert log == ["normal → tightened (2 of the last 4 lots not accepted)"]
    assert replay_outcomes([BAD, OK, OK, OK, BAD])[1] == ["normal → tightened (2 of the last 5 lots not accepted)"]
    assert replay_outcomes([BAD, BAD])[1] == ["normal → tightened (2 of the last 2 lots not accepted)"]


def test_two_rejects_six_lots_apart_stay_normal():
    state = _state_after([BAD, OK, OK, OK, OK, BAD])
    assert state.severity == "normal"
    assert state.recent == (True, True, True, True, False)


def test_tightened_to_normal_after_five_consecutive_accepted():
    state, log = replay_outcomes([BAD, BAD, OK, BAD, OK, OK, OK, OK])
    assert state.severity == "tightened" and state.tightened_rejects == 1
    state, text = next_state(state, True, True, 3)
    assert (state, text) == (SwitchState(), "tightened → normal (5 consecutive lots accepted)")


def test_discontinue_after_five_rejects_on_tightened_then_resume_on_tightened():
    history = [BAD, BAD] + [BAD, BAD, OK, BAD, OK, BAD, BAD]  # two to tighten, then 5 rejects
    state, log = replay_outcomes(history)
    assert state.discontinued and state.severity == "tightened" and state.tightened_rejects == 5
    assert log[-1] == "tightened → discontinued (5 lots not accepted on tightened inspection)"
    with pytest.raises(GendanError, match="--resume"):
        next_state(state, True, True, 3)
    with pytest.raises(GendanError, match="discontinued.*--resume"):
        sampling.check_not_discontinued(state, "plan the next lot")
    assert resume(state) == SwitchState(severity="tightened")
    assert _state_after(history + [None]) == SwitchState(severity="tightened")
    assert replay_outcomes(history + [None])[1][-1] == "discontinued → tightened (resumed)"


def test_resume_refuses_when_not_discontinued():
    with pytest.raises(GendanError, match="not discontinued"):
        resume(SwitchState())
    sampling.check_not_discontinued(SwitchState(), "plan the next lot")  # no error


def test_normal_to_reduced_when_score_reaches_30_with_ac_two_or_more():
    state, log = replay_outcomes([OK] * 9)
    assert (state.severity, state.score) == ("normal", 27)
    state, text = next_state(state, True, True, 3)
    assert state == SwitchState(severity="reduced")
    assert text == "normal → reduced (switching score 30 reached 30; steady production and approval assumed)"


def test_score_plus_two_for_small_acceptance_numbers():
    state = _state_after([(True, False, 0)] * 14)
    assert (state.severity, state.score) == ("normal", 28)
    assert next_state(state, True, False, 1)[0].severity == "reduced"


def test_score_resets_when_the_tighter_aql_would_not_accept_or_a_lot_fails():
    assert _state_after([OK] * 9 + [OK_NOT_TIGHTER]).score == 0
    assert _state_after([OK] * 5 + [(False, True, 3)]).score == 0  # not accepted: tighter flag ignored
    assert _state_after([(True, False, 1)] * 3 + [(False, False, 1)]).score == 0


def test_reduced_back_to_normal_on_a_rejected_lot():
    state, log = replay_outcomes([OK] * 10 + [OK, OK, BAD])
    assert state == SwitchState()
    assert log == [
        "normal → reduced (switching score 30 reached 30; steady production and approval assumed)",
        "reduced → normal (a lot was not accepted)",
    ]


def test_a_full_story_through_every_transition():
    history = [OK] * 10 + [BAD] + [BAD, BAD] + [OK] * 5 + [BAD, BAD] + [BAD, BAD, BAD, BAD, BAD] + [None] + [OK] * 5
    state, log = replay_outcomes(history)
    assert log == [
        "normal → reduced (switching score 30 reached 30; steady production and approval assumed)",
        "reduced → normal (a lot was not accepted)",
        "normal → tightened (2 of the last 2 lots not accepted)",
        "tightened → normal (5 consecutive lots accepted)",
        "normal → tightened (2 of the last 2 lots not accepted)",
        "tightened → discontinued (5 lots not accepted on tightened inspection)",
        "discontinued → tightened (resumed)",
        "tightened → normal (5 consecutive lots accepted)",
    ]
    assert state == SwitchState()


outcomes = st.tuples(st.booleans(), st.booleans(), st.integers(min_value=0, max_value=44))


@settings(max_examples=examples(300))
@given(st.lists(outcomes, max_size=200))
def test_switching_state_invariants(history):
    state = SwitchState()
    for accepted, tighter, ac in history:
        if state.discontinued:
            state = resume(state)
        state, _text = next_state(state, accepted, tighter, ac)
        assert state.severity in sampling.SEVERITIES
        assert state.tightened_rejects >= 0 and state.score >= 0
        assert len(state.recent) <= 5
        assert state.score < 30
        assert state.score == 0 or state.severity == "normal"
        assert state.tightened_rejects == 0 or state.severity == "tightened"
        assert state.tightened_rejects < 5 or state.discontinued
        assert not state.discontinued or state.severity == "tightened"


def _state_after(outcomes) -> SwitchState:
    return replay_outcomes(outcomes)[0]
