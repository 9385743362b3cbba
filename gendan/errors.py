"""Errors a user can cause, each with the exit code the CLI turns it into.

Imports nothing of gendan, so every layer may raise these.
"""


class GendanError(Exception):
    """An expected failure: bad data, an unknown reference, a gate that blocks.

    The message says what is wrong and, in parentheses, how to fix it. The CLI prints it
    as one line `gendan: error: <message>` and exits with `exit_code`.
    """

    exit_code = 1


class UsageError(GendanError):
    """A malformed argument: a date, item or number the user typed wrongly (exit 2)."""

    exit_code = 2


class NotFound(GendanError):
    """A reference (customer, order, PO ...) that does not exist."""


class Conflict(GendanError):
    """The operation clashes with what is recorded: a duplicate number, over-receipt."""


class Blocked(GendanError):
    """A gate refuses the operation; `reasons` lists every blocking reason, one line each."""

    def __init__(self, message: str, reasons: list[str] | None = None):
        super().__init__(message)
        self.reasons = list(reasons or [])


class StoreError(GendanError):
    """The database cannot be used: read-only, from a newer gendan, missing directory."""
