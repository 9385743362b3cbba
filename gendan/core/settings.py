"""The tunable numbers of the house rules, with the contract's defaults.

Stored overrides live in the `settings` table (`gendan settings KEY VALUE`); every reader
asks the store, which falls back to these defaults, so a default is written down once.
"""
from gendan.errors import UsageError

DEFAULTS: dict[str, tuple[int, str]] = {
    "chase_window": (3, "days ahead that make a PO line 'due-soon' on the chase list and the morning report"),
    "buffer_days": (7, "inspection-and-shipping buffer: a PO line or production expected after due minus this puts the order at risk"),
    "unconfirmed_days": (2, "days after placing a PO before an unconfirmed PO is chased"),
    "date_tolerance": (3, "days apart a statement line may be and still match ours by amount"),
    "over_tolerance_pct": (5, "% a production report may exceed the order quantity by"),
}


def check(key: str, value: str) -> int:
    """A known key and a whole number of zero or more."""
    if key not in DEFAULTS:
        raise UsageError(f"unknown setting {key!r} (use one of {', '.join(DEFAULTS)})")
    text = (value or "").strip()
    if not text.isdigit():
        raise UsageError(f"bad value {value!r} for {key}: use a whole number, 0 or more")
    return int(text)
