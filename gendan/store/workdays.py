"""The factory calendar in the database: shutdowns (`gendan holiday add/list`) and the country
whose public holidays production plans skip (`gendan holiday country`, stored in `settings`).
The rules and the holidays package are in core/workdays.py."""
from datetime import date

from gendan.core import workdays

COUNTRY_KEY = "holiday_country"


def country(store) -> str:
    """The country whose public holidays plans skip: CN unless set; '' when switched off."""
    value = store.scalar("SELECT value FROM settings WHERE key = ?", (COUNTRY_KEY,))
    if value is None:
        return workdays.DEFAULT_COUNTRY
    if value and not workdays.known_country(value):   # written by hand or another program
        from gendan.errors import GendanError
        raise GendanError(f"setting {COUNTRY_KEY} holds {value!r}, not a country with known public holidays "
                          "(set it again: gendan holiday country CN, or none)")
    return value


def set_country(store, code: str) -> None:
    store.set_setting(COUNTRY_KEY, code)   # audited as any setting


def shutdowns(store) -> list[workdays.Shutdown]:
    """Every recorded shutdown, earliest first (a desk records a few a year)."""
    return [workdays.Shutdown(date.fromisoformat(r["first"]), date.fromisoformat(r["last"]), r["factory"], r["reason"], r["id"])
            for r in store.query("SELECT * FROM shutdowns ORDER BY first, id")]


def add_shutdown(store, first: date, last: date, factory: str, reason: str) -> workdays.Shutdown:
    """Record a shutdown, audited; plans through it move from the next read on. One that
    overlaps a shutdown of the same factory is refused (a second entry for the same days is a
    slip, and two overlapping ones are hard to correct)."""
    clash = store.one("SELECT first, last, reason FROM shutdowns WHERE factory = ? AND first <= ? AND last >= ?",
                      (factory, last.isoformat(), first.isoformat()))
    if clash is not None:
        from gendan.errors import Conflict
        raise Conflict(f"{first}..{last} overlaps the shutdown {clash['first']}..{clash['last']} at "
                       f"{factory or 'every factory'} ({clash['reason']})", "see 'gendan holiday list'")
    cur = store.execute("INSERT INTO shutdowns (first, last, factory, reason) VALUES (?,?,?,?)",
                        (first.isoformat(), last.isoformat(), factory, reason))
    store.event("shutdown", factory or "*", None, {"id": cur.lastrowid, "first": first.isoformat(),
                                                   "last": last.isoformat(), "factory": factory}, reason)
    return workdays.Shutdown(first, last, factory, reason, cur.lastrowid)


def remove_shutdown(store, first: date, last: date, factory: str, reason: str) -> workdays.Shutdown:
    """Take back a shutdown recorded by mistake, audited with what it was: the one at `factory`
    that holds `first` (and ends on `last` when a range is given). Like adding one, it moves
    the plans made from now on; a stored finish stays until the plan is made again."""
    from gendan.errors import NotFound
    every = shutdowns(store)
    found = [s for s in every if s.factory == factory and s.first <= first <= s.last]
    if not found or (last != first and (found[0].first, found[0].last) != (first, last)):
        at = [f"{s.first}..{s.last}" for s in every if s.factory == factory]
        where = factory or "every factory"
        elsewhere = [f"{s.first}..{s.last} at {s.factory or 'every factory'}" for s in every
                     if s.factory != factory and s.first <= first <= s.last]
        what = f"holds {first}" if last == first else f"is {first}..{last} (give one day of it, or its exact range)"
        raise NotFound(f"no shutdown at {where} {what}"
                       + (f" (its shutdowns: {', '.join(at)})" if at else f" (none is recorded at {where})")
                       + (f"; {first} is in {', '.join(elsewhere)}: "
                          + ("leave out --factory" if any(s.factory == "" and s.first <= first <= s.last for s in every)
                             else "give its --factory") if elsewhere else "; see 'gendan holiday list'"))
    s = found[0]
    store.execute("DELETE FROM shutdowns WHERE id = ?", (s.id,))
    store.event("shutdown", factory or "*", {"id": s.id, "first": s.first.isoformat(), "last": s.last.isoformat(),
                                             "factory": factory, "reason": s.reason}, None, reason)
    return s


def plan_factories(store) -> list[str]:
    """The factories production plans name, as written."""
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT factory FROM production_plans WHERE factory != '' ORDER BY factory")]


class Calendar:
    """The days off of every factory, read once per command (country and shutdowns)."""

    def __init__(self, store):
        self.country = country(store)
        self.shutdowns = shutdowns(store)

    def days_off(self, factory: str, start: date, finish: date) -> tuple[date, ...]:
        """Public holidays and this factory's shutdowns over a plan's horizon."""
        first, last = workdays.horizon(start, finish)
        return workdays.days_off(self.country, self.shutdowns, factory, first, last)
