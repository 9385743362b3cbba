"""The tunable numbers of the house rules, with the contract's defaults.

Stored overrides live in the `settings` table (`gendan settings KEY VALUE`); every reader
asks the store, which falls back to these defaults, so a default is written down once.
"""
from gendan.errors import GendanError, UsageError

DEFAULTS: dict[str, tuple[int, str]] = {
    "chase_window": (3, "days ahead that make a PO line 'due-soon' on the chase list and the morning report"),
    "buffer_days": (7, "inspection-and-shipping buffer: a PO line or production expected after due minus this puts the order at risk"),
    "unconfirmed_days": (2, "days after placing a PO before an unconfirmed PO is chased"),
    "date_tolerance": (3, "days apart a statement line may be and still match ours by amount"),
    "over_tolerance_pct": (5, "% a production report may exceed the order quantity by"),
    "sample_feedback_days": (3, "working days (Monday–Saturday) after a sample is sent before the customer's feedback is due"),
    "sample_send_days": (2, "days a sample received from the factory may wait before it is sent to the customer"),
    "complaint_reply_days": (1, "days after a complaint comes in by which the customer expects an answer (reply_by)"),
    "production_days": (14, "days an order without a production plan is taken to need in the factory: its materials are needed by due minus the buffer minus this"),
    "po_number_pattern": ("PO-{supplier}-{order}", "how po add --from-bom numbers the POs it places ({supplier}, {order}; -2, -3 … when taken)"),
}

# Every setting is a number of days (or a percent) added to dates: bounded so no stored value
# can push a report's date arithmetic out of range (10 years is more than any desk needs).
MAX_VALUE = 3650


def check(key: str, value: str) -> int | str:
    """A known key and a whole number of zero or more (a text for the one pattern setting)."""
    if key not in DEFAULTS:
        raise UsageError(f"unknown setting {key!r} (use one of {', '.join(DEFAULTS)})")
    if isinstance(DEFAULTS[key][0], str):
        from gendan.core.materials import check_pattern
        return check_pattern(value)
    text = (value or "").strip()
    if not text.isdecimal():
        raise UsageError(f"bad value {value!r} for {key}: use a whole number, 0 or more")
    if int(text) > MAX_VALUE:  # isdecimal, not isdigit: int("²") fails
        raise UsageError(f"bad value {value!r} for {key}: at most {MAX_VALUE} (these are days or percents)")
    return int(text)


def unusable(key: str, value) -> str | None:
    """Why a stored value (written outside gendan) cannot be used, and how to set it again;
    None when it can. One wording for `gendan check` and for a report that meets it."""
    try:
        check(key, str(value))
        return None
    except GendanError:
        what = "a PO number pattern" if isinstance(DEFAULTS[key][0], str) else f"a whole number of 0 to {MAX_VALUE}"
        return f"holds {str(value)!r}, not {what} (set it again: gendan settings {key} {DEFAULTS[key][0]})"
