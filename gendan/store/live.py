"""What is in force: per table, the one SQL condition that says a record counts.

Every read of payments, receipts, shipments (and their lines) and inspections that feeds a
number — open quantities, gates, balances, scores, switching rules — filters with `live()`,
so a void (m006) is honoured everywhere by changing this file alone. Listings that show
voided records (marked void) read them on purpose and say so.
"""

# `{a}` is the alias the query gives the table.
IN_FORCE = {
    "payments": "{a}.voided IS NULL",
    "receipts": "{a}.voided IS NULL",
    "shipments": "{a}.voided IS NULL",
    "inspections": "{a}.voided IS NULL",
}
# A shipment line counts while its shipment does.
IN_FORCE["shipment_lines"] = ("EXISTS (SELECT 1 FROM shipments live_s WHERE live_s.id = {a}.shipment_id AND "
                              + IN_FORCE["shipments"].format(a="live_s") + ")")


def live(table: str, alias: str | None = None) -> str:
    """The condition under which a row of `table` (as `alias`) is in force."""
    return "(" + IN_FORCE[table].format(a=alias or table) + ")"
