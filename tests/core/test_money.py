from decimal import Decimal as D

import pytest
from hypothesis import given, strategies as st

from gendan.core.money import (fmt, fmt_price, line_amount, parse_amount, parse_currency, parse_price,
                               round_money)
from gendan.errors import UsageError


def test_half_up_rounding_to_minor_unit():
    assert round_money(D("0.005"), "USD") == D("0.01")
    assert round_money(D("0.0049999"), "USD") == D("0.00")
    assert round_money(D("2.5"), "JPY") == D("3")
    assert round_money(D("-0.005"), "USD") == D("-0.01")  # half away from zero
    assert round_money(D("1.0005"), "KWD") == D("1.001")


def test_line_amount_rounds_once():
    assert line_amount(3, D("0.333333"), "USD") == D("1.00")
    assert line_amount(7, D("12.345678"), "USD") == D("86.42")
    assert line_amount(500, D("12.50"), "USD") == D("6250.00")
    assert line_amount(3, D("0.335"), "JPY") == D("1")


def test_sums_of_rounded_lines_are_exact():
    lines = [line_amount(q, p, "USD") for q, p in [(1, D("0.1")), (2, D("0.2")), (3, D("0.3"))]]
    assert sum(lines, D(0)) == D("1.40")


@pytest.mark.parametrize("text, value", [("12.50", D("12.50")), ("0", D("0")), ("0.123456", D("0.123456")),
                                         ("3", D("3")), (".5", D(".5"))])
def test_prices(text, value):
    assert parse_price(text) == value


@pytest.mark.parametrize("text", ["-1", "abc", "1.2345678", "1e3", "", "NaN", "1,000"])
def test_bad_prices(text):
    with pytest.raises(UsageError):
        parse_price(text)


def test_amounts_and_currencies():
    assert parse_amount("100.5", "USD") == D("100.50")
    with pytest.raises(UsageError):
        parse_amount("1.005", "USD")
    with pytest.raises(UsageError):
        parse_amount("-5", "USD")
    assert parse_currency("usd") == "USD"
    with pytest.raises(UsageError):
        parse_currency("dollars")


def test_formatting():
    assert fmt(D("1234.5"), "USD") == "1234.50"
    assert fmt(D("1234.5"), "JPY") == "1235"
    assert fmt_price(D("12.500000")) == "12.5"
    assert fmt_price(D("3")) == "3"


@given(st.integers(1, 10**6), st.decimals(0, 10**4, places=6, allow_nan=False))
def test_line_amount_is_within_half_a_cent(qty, price):
    exact = qty * price
    assert abs(line_amount(qty, price, "USD") - exact) <= D("0.005")
