from datetime import date

import pytest

from gendan.core.dates import parse_date, parse_month
from gendan.errors import UsageError

FRI = date(2026, 11, 20)


@pytest.mark.parametrize("text, expected", [
    ("2026-12-01", date(2026, 12, 1)),
    ("2026-2-3", date(2026, 2, 3)),
    ("today", FRI), ("TODAY", FRI), ("tomorrow", date(2026, 11, 21)), ("yesterday", date(2026, 11, 19)),
    ("+3", date(2026, 11, 23)), ("-3", date(2026, 11, 17)), ("+0", FRI),
    ("+2w", date(2026, 12, 4)), ("-1w", date(2026, 11, 13)),
    ("+1m", date(2026, 12, 20)), ("+3m", date(2027, 2, 20)), ("-11m", date(2025, 12, 20)),
    ("fri", date(2026, 11, 27)), ("friday", date(2026, 11, 27)),  # the next one after today
    ("mon", date(2026, 11, 23)), ("sat", date(2026, 11, 21)), ("thursday", date(2026, 11, 26)),
    ("12-24", date(2026, 12, 24)),
    # as people type them (CLI.md "dates in"): slashes, dots, no separators
    ("2026/12/20", date(2026, 12, 20)), ("2026.12.20", date(2026, 12, 20)), ("20261220", date(2026, 12, 20)),
    ("12/20", date(2026, 12, 20)), ("2026/1/5", date(2026, 1, 5)),
    # MM-DD is the such date nearest to today: in late November, January is next year's
    ("1-5", date(2027, 1, 5)), ("1/15", date(2027, 1, 15)), ("11-2", date(2026, 11, 2)), ("6-1", date(2026, 6, 1)), ("5-1", date(2027, 5, 1)),
])
def test_accepted_forms(text, expected):
    assert parse_date(text, FRI) == expected


def test_month_day_nearest_to_today_across_the_new_year():
    assert parse_date("1-15", date(2026, 11, 30)) == date(2027, 1, 15)    # not a refused 2026-01-15
    assert parse_date("12-28", date(2027, 1, 3)) == date(2026, 12, 28)   # last week, not next December
    assert parse_date("2-29", date(2027, 12, 1)) == date(2028, 2, 29)     # the leap year that is near
    with pytest.raises(UsageError):
        parse_date("2-29", date(2026, 6, 1))                               # none of 2025-2027 has one


def test_month_arithmetic_clamps_to_month_end():
    assert parse_date("+1m", date(2026, 1, 31)) == date(2026, 2, 28)


@pytest.mark.parametrize("text", ["", "2026-13-01", "2026-02-30", "13-01", "next week", "fr", "+3x", "3",
                                  "2026/12-01", "2026122", "+99999", "12-32", "2026-12-01T10:00"])
def test_refusals_list_the_accepted_forms(text):
    with pytest.raises(UsageError) as e:
        parse_date(text, FRI, "--due")
    assert "--due" in str(e.value)
    assert "YYYY-MM-DD" in str(e.value) and "+Nw" in str(e.value)


def test_parse_month():
    assert parse_month("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert parse_month("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    with pytest.raises(UsageError):
        parse_month("2026-13")
