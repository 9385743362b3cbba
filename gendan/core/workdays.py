"""The factory calendar: public holidays (from the `holidays` package, China by default) and
the shutdowns the merchandiser records (`gendan holiday add`), as the days off that
production plans, `behind_days` and forecasts skip.

The `holidays` package costs ~40 ms to import and ~15 ms to build a year on a quiet machine
(several times that under load), so it is imported here, inside `public_holidays`, and only when a plan's working
days are computed: `po chase`, and a `today` or `order list` without production plans, never
load it. Pure otherwise: the shutdowns come in as values, the country is a parameter.
"""
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from gendan.errors import UsageError

DEFAULT_COUNTRY = "CN"
MAX_SHUTDOWN_DAYS = 366      # a shutdown longer than a year is a typing mistake


class Shutdown(NamedTuple):
    """A factory closure (停工, e.g. 春节放假) from `first` to `last`, both included; a blank
    factory closes every factory."""
    first: date
    last: date
    factory: str
    reason: str
    id: int | None = None

    def covers(self, factory: str) -> bool:
        return not self.factory or self.factory == factory

    def days(self) -> tuple[date, ...]:
        return tuple(self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1))


def parse_range(text: str, parse_date) -> tuple[date, date]:
    """`2027-02-03..2027-02-21` (or one date) → (first, last); `parse_date` reads each side
    as the CLI reads dates (so `+3`, `02-03` work too)."""
    first_text, dots, last_text = (text or "").strip().partition("..")
    first = parse_date(first_text.strip())
    last = parse_date(last_text.strip()) if dots else first
    if last < first:
        raise UsageError(f"bad range {text!r}: {last} is before {first} (write FIRST..LAST)")
    if (last - first).days >= MAX_SHUTDOWN_DAYS:
        raise UsageError(f"bad range {text!r}: longer than a year (write FIRST..LAST of one shutdown)")
    return first, last


def known_country(code: str) -> bool:
    """Whether the holidays package has public holidays for this ISO 3166 code."""
    import holidays
    return code in holidays.list_supported_countries()


def check_country(code: str) -> str:
    """An ISO 3166 country code the holidays package knows (CN, HK, TW, VN, ...)."""
    c = (code or "").strip().upper()
    if not known_country(c):
        raise UsageError(f"unknown country {code!r} for public holidays (use an ISO code such as CN, VN, HK)")
    return c


def public_holidays(country: str, first_year: int, last_year: int) -> tuple[date, ...]:
    """The country's public holidays in the years given (observed days included), sorted.
    Imports the holidays package on first use; each year is built once per process."""
    if not country:
        return ()
    return tuple(d for y in range(first_year, last_year + 1) for d in _year(country, y))


def holiday_names(country: str, year: int) -> list[tuple[date, str]]:
    """(day, name) of the country's public holidays in `year`, for `holiday list`."""
    return list(_named(country, year)) if country else []


@lru_cache(maxsize=256)
def _named(country: str, year: int) -> tuple[tuple[date, str], ...]:
    import holidays
    return tuple(sorted(holidays.country_holidays(country, years=year).items()))


def _year(country: str, year: int) -> tuple[date, ...]:
    return tuple(d for d, _ in _named(country, year))


def days_off(country: str, shutdowns: list[Shutdown], factory: str, first: date, last: date) -> tuple[date, ...]:
    """Public holidays and the shutdowns of `factory` (or of every factory) from `first` to
    `last`: what a plan running over those dates does not work. The caller adds the weekly
    rest days (ProductionPlan.workdays)."""
    off = {d for d in public_holidays(country, first.year, last.year) if first <= d <= last}
    for s in shutdowns:
        if s.covers(factory) and s.first <= last and s.last >= first:
            off.update(d for d in s.days() if first <= d <= last)
    return tuple(sorted(off))


HORIZON_DAYS = 366


def horizon(start: date, finish: date) -> tuple[date, date]:
    """The dates a plan's working days are counted over: from its start to a year past its
    finish (a forecast for an order far behind runs past the finish)."""
    return start, finish + timedelta(days=HORIZON_DAYS)
