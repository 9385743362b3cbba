"""Did you mean: the known reference nearest to one typed wrong (case, a missing dash, a
slipped character), for the one-line error of an unknown order, PO, party or SKU."""
import difflib

CUTOFF = 0.8   # difflib's similarity ratio; SO-5001 vs SO-5010 is 0.86, SO-5001 vs PO-HX-101 0.5


def closest(typed: str, known) -> str | None:
    """The known value meant by `typed`: the same ignoring case, dashes and spaces, else the
    most similar one ignoring case when it is similar enough; None when nothing is close."""
    by_fold = {}
    for k in known:
        by_fold.setdefault(_fold(k), k)
    t = _fold(typed)
    if not t:
        return None
    if t in by_fold:
        return by_fold[t]
    near = difflib.get_close_matches(t, list(by_fold), n=1, cutoff=CUTOFF)
    return by_fold[near[0]] if near else None


def unknown(what: str, typed: str, known, hint: str) -> tuple[str, str]:
    """(message, hint): `unknown order 'so-5001'` and `did you mean SO-5001?`, or `hint` when
    nothing is close."""
    meant = closest(typed, known)
    return f"unknown {what} {typed!r}", f"did you mean {meant}?" if meant else hint


def _fold(text: str) -> str:
    return "".join(ch for ch in str(text).casefold() if ch not in "-_ ./")
