"""Which characters a code or a number may hold: none that is invisible or moves the cursor.

Codes and document numbers are typed again, matched and printed in every report: a control
character (C0, DEL, C1), a bidi override or a zero-width character in one makes two numbers
that look alike (`SO` and `SO\\x01`) or text that rewrites the terminal. Free text may hold
them (it is stored as given and printed escaped, see output.visible).
"""
import re

# C0 and DEL, C1, zero-width and bidi marks, bidi embeddings/overrides/isolates, word joiners,
# the BOM (zero-width no-break space), line and paragraph separators.
HIDDEN = "\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_HIDDEN_RE = re.compile(f"[{HIDDEN}]")


def hidden_char(text: str) -> str | None:
    """The first hidden character of `text` as an escape (`\\x01`), or None."""
    m = _HIDDEN_RE.search(text or "")
    return None if m is None else ascii(m.group())[1:-1]


def check_visible(text: str, what: str) -> str:
    """`text` unchanged, or a refusal naming the hidden character."""
    if (bad := hidden_char(text)) is not None:
        from gendan.errors import UsageError
        raise UsageError(f"bad {what} {ascii(text)}: it holds the invisible character {bad} "
                         f"(type it again without it)")
    return text
