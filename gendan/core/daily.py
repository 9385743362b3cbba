"""The day's report (日报, `report daily`): what happened on one day, one section each for
orders and POs placed, receipts, inspections, production reports, shipments, complaints
received, payments, chases and the corrections (voids) made. Built from rows the store read for that day; the bad news of each section first
(rejects, failed inspections, delay causes). Sections are core/report.py's, so the morning
report's rendering serves this one too."""
from datetime import date

from gendan.core import report

NEW_ORDER_COLUMNS = ("order", "customer", "due", "lines", "qty", "value", "currency")
NEW_PO_COLUMNS = ("po", "supplier", "for_order", "due", "lines", "qty", "value", "currency")
RECEIPT_COLUMNS = ("receipt", "po", "supplier", "sku", "qty", "rejected", "ref", "note")
INSPECTION_COLUMNS = ("inspection", "ref", "stage", "sku", "result", "critical", "major", "minor", "waived",
                      "inspector", "note")
PROGRESS_COLUMNS = ("order", "factory", "produced_today", "produced", "packed", "cause", "note")
SHIPMENT_COLUMNS = ("shipment", "order", "customer", "qty", "value", "currency", "container", "forced", "complaint")
COMPLAINT_COLUMNS = ("complaint", "customer", "kind", "order", "sku", "qty", "supplier", "description")
PAYMENT_COLUMNS = ("payment", "party", "amount", "currency", "for", "ref")
CHASE_COLUMNS = ("po", "supplier", "via", "promised", "note")
VOID_COLUMNS = ("kind", "record", "reason")

def title_line(day: date) -> str:
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return f"gendan daily report {day.isoformat()} ({days[day.weekday()]})"


def sections(new_orders, new_pos, receipts, inspections, progress, shipments, complaints, paid_in, paid_out, chases,
             voids=()) -> list:
    """Every section of the day, in the report's order, the empty ones left out. Replacement
    shipments for complaints are shipments too, at no value (`complaint` names theirs)."""
    built = [report.section("new_orders", new_orders, NEW_ORDER_COLUMNS, note=totals(new_orders, "value")),
             report.section("new_pos", new_pos, NEW_PO_COLUMNS, note=totals(new_pos, "value")),
             received(receipts), inspected(inspections), produced(progress),
             report.section("shipments", shipments, SHIPMENT_COLUMNS, note=totals(shipments, "value")),
             report.section("complaints_new", complaints, COMPLAINT_COLUMNS),
             report.section("payments_in", paid_in, PAYMENT_COLUMNS, note=totals(paid_in, "amount")),
             report.section("payments_out", paid_out, PAYMENT_COLUMNS, note=totals(paid_out, "amount")),
             report.section("chases", chases, CHASE_COLUMNS),
             report.section("voids", list(voids), VOID_COLUMNS)]
    return [s for s in built if s is not None]


def received(rows: list[dict]):
    """Receipts, those with rejected goods first (most rejected first)."""
    rows = sorted(rows, key=lambda r: (-r["rejected"], r["po"], r["receipt"]))
    bad = sum(1 for r in rows if r["rejected"])
    return report.section("receipts", rows, RECEIPT_COLUMNS, bad, overdue_word="with rejects")


def inspected(rows: list[dict]):
    """Inspections, failed ones first."""
    rows = sorted(rows, key=lambda r: (r["result"] != "fail", r["inspection"]))
    return report.section("inspections", rows, INSPECTION_COLUMNS, sum(1 for r in rows if r["result"] == "fail"),
                          overdue_word="failed")


def produced(rows: list[dict]):
    """Production reports, those giving a delay cause first; `produced_today` is the day's
    output (the cumulative count less the report before)."""
    rows = sorted(rows, key=lambda r: (not r["cause"], r["order"]))
    return report.section("progress", rows, PROGRESS_COLUMNS, sum(1 for r in rows if r["cause"]),
                          overdue_word="with a delay cause")


def totals(rows: list[dict], field: str) -> str:
    """`USD 1234.50, EUR 200.00`: one total per currency, never added across currencies."""
    sums: dict[str, object] = {}
    for r in rows:
        sums[r["currency"]] = sums.get(r["currency"], 0) + r[field]
    return ", ".join(f"{cur} {amount}" for cur, amount in sums.items())
