"""Exact money: Decimal amounts, half-up rounding to the currency's minor unit, no floats.

Unit prices keep up to 6 decimal places; a line amount is qty × price rounded half-up to
the currency's minor unit; sums of rounded amounts are exact. There is no conversion:
every total is per currency.
"""
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from gendan.errors import UsageError

# ISO 4217 minor units of the currencies a merchandiser meets; others default to 2.
_MINOR_UNITS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "KWD": 3, "BHD": 3, "OMR": 3}
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
PRICE_PLACES = 6
# Up to 999,999,999,999: qty (≤ 10^9) × price then still fits Decimal's 28 digits when rounded
# to cents, so no amount can make a listing fail later.
MAX_INTEGER_DIGITS = 12
ZERO = Decimal(0)


def quantum(currency: str) -> Decimal:
    """The smallest amount of `currency`: 0.01 for most, 1 for JPY (looked up once per
    currency: reports round thousands of amounts)."""
    q = _QUANTA.get(currency)
    if q is None:
        q = _QUANTA[currency] = Decimal(1).scaleb(-_MINOR_UNITS.get(currency, 2))
    return q


_QUANTA: dict[str, Decimal] = {}


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's minor unit."""
    return amount.quantize(quantum(currency), rounding=ROUND_HALF_UP)


def line_amount(qty: int, price: Decimal, currency: str) -> Decimal:
    """qty × unit price, rounded once, half-up."""
    return round_money(Decimal(qty) * price, currency)


def parse_decimal(text: str, what: str) -> Decimal:
    """A decimal number as typed (no exponent, no thousands separators)."""
    s = (text or "").strip().replace("，", ",")
    if not _DECIMAL.match(s):
        raise UsageError(f"bad {what} {text!r}: not a number (write it like 12.50)")
    try:
        value = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regex already guards
        raise UsageError(f"bad {what} {text!r}: not a number") from None
    if value.adjusted() >= MAX_INTEGER_DIGITS:
        raise UsageError(f"bad {what} {text!r}: too large (at most {MAX_INTEGER_DIGITS} digits before the point)")
    return value


def parse_price(text: str) -> Decimal:
    """A unit price: non-negative, at most 6 decimal places."""
    value = parse_decimal(text, "price")
    if value < 0:
        raise UsageError(f"bad price {text!r}: must not be negative")
    if -value.as_tuple().exponent > PRICE_PLACES:
        raise UsageError(f"bad price {text!r}: at most {PRICE_PLACES} decimal places")
    return price_places(value)


_CENTS = Decimal("0.01")


def price_places(price: Decimal) -> Decimal:
    """A price with at least two decimal places (3 → 3.00, 1.5 → 1.50, 0.125 kept): money reads
    the same in every table and file, however it was typed."""
    return price.quantize(_CENTS) if price.as_tuple().exponent > -2 else price


def parse_amount(text: str, currency: str, allow_negative: bool = False) -> Decimal:
    """A money amount in `currency`: no more places than its minor unit allows."""
    value = parse_decimal(text, "amount")
    if value < 0 and not allow_negative:
        raise UsageError(f"bad amount {text!r}: must be positive")
    if value != round_money(value, currency):
        raise UsageError(f"bad amount {text!r}: {currency} has {-quantum(currency).as_tuple().exponent} decimal places")
    return round_money(value, currency)


def parse_currency(text: str) -> str:
    """A three-letter ISO 4217 code, upper-cased."""
    code = (text or "").strip().upper()
    if not _CURRENCY.match(code):
        raise UsageError(f"bad currency {text!r} (use a three-letter code like USD, EUR, CNY)")
    return code


def fmt(amount: Decimal, currency: str) -> str:
    """The amount as a plain decimal string with the currency's places: '1234.50'."""
    return str(round_money(amount, currency))


def fmt_price(price: Decimal) -> str:
    """A unit price without trailing noise: '12.5', '0.123456', '3'."""
    s = format(price, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s
