"""Calendar entries for due, promised and inspection dates: one all-day event per open line.

Pure: takes rows (dicts) and returns event descriptions; the CLI writes them as iCalendar.
UIDs depend only on the document and line, so a phone that re-imports the file updates the
events instead of duplicating them.
"""
from dataclasses import dataclass
from datetime import date

UID_DOMAIN = "gendan.local"


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event of the calendar feed."""
    uid: str
    day: date
    summary: str
    description: str


def _iso(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def order_entries(rows: list[dict]) -> list[CalendarEvent]:
    """Open customer order lines on their due date (交期)."""
    return [CalendarEvent(f"order-{r['order_no']}-{r['line']}@{UID_DOMAIN}", _iso(r["due"]),
                  f"Due: order {r['order_no']} {r['sku']} ×{r['qty'] - r['shipped']} ({r['customer']})",
                  f"Customer order {r['order_no']} line {r['line']}: {r['sku']}, {r['qty']} ordered, "
                  f"{r['shipped']} shipped. Customer {r['customer']}.")
            for r in rows]


def po_entries(rows: list[dict]) -> list[CalendarEvent]:
    """Open PO lines on the date the goods are expected: the supplier's promise, else the due date."""
    out = []
    for r in rows:
        open_qty = max(r["qty"] - r["accepted"], 0)
        expected = r["promised"] or r["due"]
        kind = "Promised" if r["promised"] else "PO due"
        text = f"PO {r['po_no']} line {r['line']}: {r['sku']}, {open_qty} of {r['qty']} open from {r['supplier']}. " \
               f"Due {r['due']}" + (f", promised {r['promised']}" if r["promised"] else ", no promise yet") + "." + \
               (f" For order {r['for_order']}." if r["for_order"] else "")
        out.append(CalendarEvent(f"po-{r['po_no']}-{r['line']}@{UID_DOMAIN}", _iso(expected),
                         f"{kind}: PO {r['po_no']} {r['sku']} ×{open_qty} ({r['supplier']})", text))
    return out


def inspection_entries(rows: list[dict]) -> list[CalendarEvent]:
    """Inspections due (`inspect due` rows: ref, stage, sku, due, reason, detail)."""
    return [CalendarEvent(f"inspect-{r['ref']}-{r['stage']}-{r.get('sku') or 'all'}@{UID_DOMAIN}", _iso(r["due"]),
                  f"Inspect: {r['stage']} {r['ref']}" + (f" {r['sku']}" if r.get("sku") else ""),
                  f"{r['stage']} inspection of {r['ref']} due {_iso(r['due']).isoformat()}"
                  + (f": {r['reason']}" if r.get("reason") else "") + (f" ({r['detail']})" if r.get("detail") else "")
                  + ".")
            for r in rows]


def sample_entries(rows: list[dict]) -> list[CalendarEvent]:
    """Samples on the date expected: from the factory (its due date) or the customer's
    feedback (feedback due). One UID per sample: the event moves as the sample goes on."""
    out = []
    for r in rows:
        if r["whose"] == "factory":
            summary = f"Sample due: {r['sample']} {r['sku']} {r['kind']}" + (f" ({r['supplier']})" if r["supplier"] else "")
            text = f"Sample {r['sample']} ({r['kind']}, {r['sku']}) for {r['customer']} due from " \
                   f"{r['supplier'] or 'the factory'}."
        else:
            summary = f"Sample feedback due: {r['sample']} {r['sku']} ({r['customer']})"
            text = f"Sample {r['sample']} ({r['kind']}, {r['sku']}) sent by {r['courier']} {r['awb']}; " \
                   f"feedback from {r['customer']} due."
        text += f" Order {r['order']}." if r["order"] else ""
        out.append(CalendarEvent(f"sample-{r['sample']}@{UID_DOMAIN}", _iso(r["date"]), summary, text))
    return out


def complaint_entries(complaints, today: date) -> list[CalendarEvent]:
    """Complaints not yet answered on their reply-by date (core.aftersales.Complaint values;
    closed ones and those answered by `today` are left out)."""
    out = []
    for c in complaints:
        if c.received > today or (c.closed and c.closed <= today) or (c.replied and c.replied <= today):
            continue
        what = " ".join(x for x in (c.kind, c.order or "", c.sku, f"×{c.qty}" if c.qty else "") if x)
        out.append(CalendarEvent(f"complaint-{c.complaint}@{UID_DOMAIN}", c.reply_by,
                         f"Reply to complaint {c.complaint} ({c.customer})",
                         f"Complaint {c.complaint} from {c.customer}, received {c.received.isoformat()}: {what}. "
                         f"{c.desc}"))
    return out
