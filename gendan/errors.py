"""Errors a user can cause, each with the exit code the CLI turns it into.

Imports nothing of gendan, so every layer may raise these.
"""
from typing import NamedTuple


def with_hint(text: str, hint: str) -> str:
    """How a message and its hint read on one line: `what is wrong (how to fix it)`."""
    return f"{text} ({hint})" if hint else text


class GendanError(Exception):
    """An expected failure: bad data, an unknown reference, a gate that blocks.

    `message` says what is wrong, `hint` how to fix it. The CLI prints them as one line
    `gendan: error: <message> (<hint>)` and exits with `exit_code`; a report that lists
    problems shows the message alone. (Older messages still carry their hint in parentheses
    in `message`, with an empty `hint`.)
    """

    exit_code = 1

    def __init__(self, message: str = "", hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return with_hint(self.message, self.hint)


class Reason(NamedTuple):
    """One blocking reason of a gate: what blocks, and how to clear it (or override it)."""
    text: str
    hint: str = ""

    def __str__(self) -> str:
        return with_hint(self.text, self.hint)


class UsageError(GendanError):
    """A malformed argument: a date, item or number the user typed wrongly (exit 2)."""

    exit_code = 2


class NotFound(GendanError):
    """A reference (customer, order, PO ...) that does not exist."""


class Conflict(GendanError):
    """The operation clashes with what is recorded: a duplicate number, over-receipt."""


class Blocked(GendanError):
    """A gate refuses the operation; `reasons` lists every blocking reason, one line each
    (text, or a `Reason` with its hint)."""

    def __init__(self, message: str, reasons: list | None = None):
        super().__init__(message)
        self.reasons = list(reasons or [])


class StoreError(GendanError):
    """The database cannot be used: read-only, from a newer gendan, missing directory."""
