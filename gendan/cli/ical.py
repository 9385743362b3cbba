"""`gendan calendar`: the calendar entries of core.calendar written as iCalendar with `icalendar`."""
from datetime import date, datetime, timedelta, timezone

from gendan.core import calendar


def build(store, today: date) -> str:
    """The whole .ics text: open order lines, open PO lines, inspections due, samples expected,
    complaints to answer."""
    from icalendar import Calendar, Event
    from gendan.store import aftersales, export, samples
    lines = export.calendar_lines(store, today)
    entries = calendar.order_entries(lines["orders"]) + calendar.po_entries(lines["pos"]) + \
        calendar.inspection_entries(_inspections_due(store, today)) + \
        calendar.sample_entries(samples.calendar_rows(store, today)) + \
        calendar.complaint_entries(aftersales.complaints(store, open_on=today), today)
    ical = Calendar()
    ical.add("prodid", "-//gendan//跟单//EN")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", "gendan")
    stamp = datetime(today.year, today.month, today.day, tzinfo=timezone.utc)  # reproducible output
    for e in entries:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("dtstart", e.day)
        ev.add("dtend", e.day + timedelta(days=1))
        ev.add("summary", e.summary)
        ev.add("description", e.description)
        ev.add("transp", "TRANSPARENT")
        ical.add_component(ev)
    return ical.to_ical().decode("utf-8").replace("\r\n", "\n").replace("\n", "\r\n")


def _inspections_due(store, today: date, window: int = 90) -> list[dict]:
    """Inspections due in the next `window` days (from `inspect due`), once that area is on main."""
    try:
        from gendan.store.inspection import due_rows
    except ImportError:
        return []
    return [r for r in due_rows(store, today, window) if r.get("due")]
