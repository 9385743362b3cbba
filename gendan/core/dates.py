"""Parsing the date forms a merchandiser types, relative to a given `today`.

Accepted: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD; today/tomorrow/yesterday; +N/-N days,
+Nw weeks, +Nm months; a weekday name (the next one after today); MM-DD or MM/DD (the such
date nearest to today: typed in late November, 1-15 is next January).
"""
import re
from datetime import date, timedelta

from gendan.errors import UsageError

ACCEPTED = ("YYYY-MM-DD (or YYYY/MM/DD, YYYYMMDD), today, tomorrow, yesterday, +N/-N (days), +Nw (weeks), "
            "+Nm (months), a weekday like fri or friday, MM-DD or MM/DD")

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE = re.compile(r"^([+-])(\d{1,4})([dwm]?)$")
_ISO = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")       # 2026-12-20, 2026/12/20, 2026.12.20
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")                  # 20261220
_MONTH_DAY = re.compile(r"^(\d{1,2})[-/](\d{1,2})$")               # 12-20, 12/20
# Dates a merchandiser can mean. The bounds keep every later `date ± days` (buffers, windows,
# weeks ahead) inside Python's date range, so no report can fail on a stored date.
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2999, 12, 31)


def parse_date(text: str, today: date, what: str = "date") -> date:
    """Turn what the user typed into a date, or refuse with the accepted forms."""
    value = _parse(text, today, what)
    if not MIN_DATE <= value <= MAX_DATE:
        raise UsageError(f"bad {what} {text!r}: out of range (use a date from {MIN_DATE} to {MAX_DATE})")
    return value


def _parse(text: str, today: date, what: str) -> date:
    s = (text or "").strip().lower()
    named = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if s in named:
        return today + timedelta(days=named[s])
    if m := _RELATIVE.match(s):
        return _relative(today, m.group(1), int(m.group(2)), m.group(3), text, what)
    if m := _ISO.match(s):
        return _build(int(m.group(1)), int(m.group(3)), int(m.group(4)), text, what)
    if m := _COMPACT.match(s):
        return _build(int(m.group(1)), int(m.group(2)), int(m.group(3)), text, what)
    if m := _MONTH_DAY.match(s):
        return nearest_month_day(int(m.group(1)), int(m.group(2)), today, text, what)
    day = _weekday(s)
    if day is not None:
        ahead = (day - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    raise UsageError(f"bad {what} {text!r} (use {ACCEPTED})")


def _weekday(s: str) -> int | None:
    """Index of a weekday given by its full name or an abbreviation of 3+ letters."""
    if len(s) < 3:
        return None
    for i, name in enumerate(_WEEKDAYS):
        if name.startswith(s):
            return i
    return None


def _relative(today: date, sign: str, n: int, unit: str, text: str, what: str) -> date:
    n = -n if sign == "-" else n
    try:
        if unit == "w":
            return today + timedelta(weeks=n)
        if unit == "m":
            from dateutil.relativedelta import relativedelta  # only this path needs it
            return today + relativedelta(months=n)
        return today + timedelta(days=n)
    except (OverflowError, ValueError):
        raise UsageError(f"bad {what} {text!r}: out of range (use {ACCEPTED})") from None


def nearest_month_day(month: int, day: int, today: date, text: str = "", what: str = "date") -> date:
    """The date with this month and day nearest to `today` (last, this or next year): typed on
    2026-11-30, 1-15 means 2027-01-15 and 11-20 means 2026-11-20. A tie goes forward."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:    # no such day in any of them: _build says why
        return _build(today.year, month, day, text, what)
    return min(candidates, key=lambda d: (abs((d - today).days), d < today))


def _build(y: int, m: int, d: int, text: str, what: str) -> date:
    try:
        return date(y, m, d)
    except ValueError as e:
        raise UsageError(f"bad {what} {text!r}: {e} (use {ACCEPTED})") from None


def parse_iso(text: str) -> date:
    """Dates as stored: strict ISO, for rows read back from the database."""
    return date.fromisoformat(text)


def parse_month(text: str) -> tuple[date, date]:
    """`YYYY-MM` → (first day, last day) of that month."""
    m = re.match(r"^(\d{4})-(\d{1,2})$", (text or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise UsageError(f"bad month {text!r} (use YYYY-MM, e.g. 2026-10)")
    y, mo = int(m.group(1)), int(m.group(2))
    first = date(y, mo, 1)
    nxt = date(y + (mo == 12), mo % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def parse_quarter(text: str) -> tuple[date, date]:
    """`YYYYQN` (also `YYYY-QN`, lower case q) → (first day, last day) of that quarter."""
    m = re.match(r"^(\d{4})-?[qQ]([1-4])$", (text or "").strip())
    if not m:
        raise UsageError(f"bad quarter {text!r} (use YYYYQN, e.g. 2026Q4)")
    y, q = int(m.group(1)), int(m.group(2))
    first = date(y, 3 * q - 2, 1)
    nxt = date(y + (q == 4), (3 * q) % 12 + 1, 1)
    return first, nxt - timedelta(days=1)
