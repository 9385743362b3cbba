"""The morning report's facts (`gendan today`): each section read from the area that owns it,
in as few queries as the report allows (the open PO lines and open orders are read once and
shared), and shaped by core/report.py. Imports stay inside the functions: `today` runs on
the quick path, and each section loads only what it needs.
"""


def gather(store, day, window: int, inspect_window: int | None = None) -> list:
    """Every section builder, in no particular order (compose sorts them). Inspections look
    as far ahead as `inspect due` does (the buffer) unless --window is given."""
    from gendan.core.purchasing import expected_by_order
    from gendan.store.order_status import rows_of
    from gendan.store.orders import open_orders
    from gendan.store.purchasing import open_lines
    from gendan.store.shipping import money_states
    lines = open_lines(store, day)     # the open PO lines, read once for the chase list and the orders' risk
    expected = expected_by_order(lines)
    out = [_pos_to_chase(store, day, window, lines)]
    del lines                     # 10,000 of them: their memory serves the sections below
    opened = open_orders(store, day)   # the open orders, read once for three sections
    orders = rows_of(store, opened, day, expected)
    states = money_states(store, day, open_orders=opened)   # shipped and paid: the gates' and the money's facts
    out += [_orders_at_risk(store, day, orders, expected), _materials_unordered(store, day, window),
            _production_behind(store, day, window),
            _shipments_due(store, day, window, orders, states)]
    out.append(_inspections_due(store, day, inspect_window if inspect_window is not None
                                else store.setting("buffer_days"), opened))
    out.append(_samples_due(store, day))
    out.extend(_money(store, day, window, states))
    out.append(_bl_to_release(store, day))
    out.append(_complaints_open(store, day))
    return out


BL_COLUMNS = ("shipment", "order", "customer", "date", "bl", "copy_sent", "original_received")


def _bl_to_release(store, day):
    """Bills of lading whose original can go to the customer: the balance is paid (`ship bl`)."""
    from gendan.core import report
    from gendan.store.documents import bl_to_release
    return report.section("bl_to_release", bl_to_release(store, day), BL_COLUMNS)


def _complaints_open(store, day):
    """Complaints whose reply is overdue, whose replacement is late, or open past 30 days
    (core.aftersales), from the complaints still open that day."""
    from gendan.core import aftersales, report
    from gendan.store.aftersales import complaints, replacement_states
    rows = aftersales.today_rows(complaints(store, open_on=day), day, replacement_states(store))
    late = sum(1 for r in rows if r["reason"] in ("reply-overdue", "replacement-late"))
    return report.section("complaints_open", rows, aftersales.TODAY_FIELDS, late)


def _pos_to_chase(store, day, window, lines):
    """POs to chase, grouped by supplier (from the chase list of `po chase`)."""
    from gendan.core import report
    from gendan.store.purchasing import chase_list
    return report.pos_to_chase(chase_list(store, day, window, lines=lines))


def _orders_at_risk(store, day, orders, expected):
    """Open orders late or at risk, with what puts them at risk: a part not ordered in time
    (store.materials), the PO line expected latest, production's forecast."""
    from gendan.core import report
    from gendan.store.order_status import risk_causes
    rows = [r for r in orders if r["at_risk"] or (r["days_left"] is not None and r["days_left"] < 0)]
    if not rows:
        return None
    return report.orders_at_risk(rows, risk_causes(store, day, rows, expected))


def _materials_unordered(store, day, window):
    """Parts not ordered or short-ordered for orders in production or starting within the
    window (from `gendan materials`); those needed before today count as late."""
    from gendan.core import materials, report
    from gendan.store.materials import open_needs
    needs = [n for ns in open_needs(store, day).values() for n in ns]
    rows = materials.unordered_rows(materials.unordered_soon(needs, day, window), day)
    return report.section("materials_unordered", rows, materials.UNORDERED_FIELDS,
                          sum(1 for r in rows if r["days_left"] < 0), overdue_word="late")


INSPECTION_COLUMNS = ("ref", "stage", "sku", "due", "days_left", "reason", "detail")


def _inspections_due(store, day, window, opened):
    """Inspections owed within the window (from `inspect due`), late ones first."""
    from gendan.core import report
    from gendan.store.inspection import due_rows
    rows = sorted(due_rows(store, day, window, opened), key=lambda r: (r["days_left"], str(r["ref"])))
    return report.section("inspections_due", rows, INSPECTION_COLUMNS, sum(1 for r in rows if r["days_left"] < 0))


def _samples_due(store, day):
    """Samples late at the factory, waiting here to be sent, or past their feedback date
    (from `sample list`): core.report.samples_due."""
    from gendan.core import report
    from gendan.store.samples import due_rows
    return report.samples_due(due_rows(store, day))


def _shipments_due(store, day, window, orders, states):
    """Open orders due within the window (late ones included) with their shipping gates
    (from `ship`'s pre-shipment check): core.report.shipments_due."""
    from datetime import timedelta
    from gendan.core import report
    from gendan.store.shipping import gates_of
    due_by = day + timedelta(days=window)
    gates = gates_of(store, [s for s in states if s.order.due <= due_by], day)
    return report.shipments_due(orders, gates, due_by)


PRODUCTION_COLUMNS = ("order", "factory", "qty", "produced", "planned_to_date", "behind_qty", "behind_days",
                      "run_rate", "forecast_finish", "due", "at_risk", "material_missing")


def _production_behind(store, day, window):
    """Orders in production behind plan or forecast too late (from `gendan progress`)."""
    from gendan.core import report
    from gendan.store.production import behind_plan
    rows = behind_plan(store, day)
    return report.section("production_behind", rows, PRODUCTION_COLUMNS, sum(1 for r in rows if r.get("at_risk")),
                          overdue_word="at risk")


def _money(store, day, window, states) -> list:
    """Deposits missing and balances to collect before shipping (shipping area, from the open
    orders' money states), receivables overdue and payables due (ledger area)."""
    from gendan.core import report
    from gendan.core.shipping import balances_to_collect, deposits_missing
    return [report.section("deposits_missing", deposits_missing(states, day),
                           ("order", "customer", "due", "days_left", "deposit_due", "paid", "missing", "currency")),
            report.section("balances_to_collect", balances_to_collect(states, day, window),
                           ("order", "customer", "due", "days_left", "order_value", "paid", "to_collect", "currency")),
            *_ledger(store, day)]


PAYABLES_DAYS = 7   # "payables due this week", and receivables coming due (to remind the customer)


def _ledger(store, day) -> list:
    """Receivables overdue, receivables and payables due within a week, from the ledger's open items
    (what is left of each shipment or receipt after payments), per party and currency."""
    from gendan.core import report
    from gendan.core.ledger import all_open_items
    from gendan.store.ledger import report_entries
    receivable = all_open_items(report_entries(store, "in", day), day)
    return [report.receivables_overdue(receivable, day), report.receivables_due(receivable, day, PAYABLES_DAYS),
            report.payables_due(all_open_items(report_entries(store, "out", day), day), day, PAYABLES_DAYS)]
