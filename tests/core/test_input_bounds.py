"""Bounds on what users type, so no accepted value can break a later computation."""
from datetime import date
from decimal import Decimal

import pytest

from gendan.core.dates import parse_date
from gendan.core.money import line_amount, parse_decimal, parse_price
from gendan.errors import UsageError

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_dates_outside_the_years_a_merchandiser_means_are_refused(text):
    with pytest.raises(UsageError, match="out of range"):
        parse_date(text, TODAY)


@pytest.mark.parametrize("text, expected", [("1900-01-01", date(1900, 1, 1)), ("2999-12-31", date(2999, 12, 31)),
                                            ("+52w", date(2027, 11, 19)), ("-9999m", date(1193, 8, 20))])
def test_date_bounds_are_inclusive_and_relative_forms_are_checked_too(text, expected):
    if date(1900, 1, 1) <= expected <= date(2999, 12, 31):
        assert parse_date(text, TODAY) == expected
    else:
        with pytest.raises(UsageError, match="out of range"):
            parse_date(text, TODAY)


def test_relative_dates_that_leave_the_calendar_are_refused_not_crashed():
    with pytest.raises(UsageError):
        parse_date("+9999m", date(9000, 1, 1))
    with pytest.raises(UsageError):
        parse_date("-9999w", date(1, 1, 1))


def test_numbers_with_more_than_twelve_integer_digits_are_refused():
    assert parse_decimal("999999999999.5", "price") == Decimal("999999999999.5")
    with pytest.raises(UsageError, match="too large"):
        parse_decimal("1000000000000", "price")


def test_the_largest_accepted_line_still_rounds_to_cents():
    price = parse_price("999999999999.999999")
    assert line_amount(1_000_000_000, price, "USD") == Decimal("999999999999999999000.00")
