"""Production plans and daily reports: rows ↔ models, and the batch reads behind
`gendan progress`, which orders are at risk (forecasts and late PO lines), `order show`, the delay report and the
packed share the final inspection waits for.
"""
from dataclasses import replace
from datetime import date
from typing import NamedTuple

from gendan.core import production
from gendan.core.materials import UNORDERED, worst
from gendan.core.orders import at_risk
from gendan.core.models import Order, ProductionPlan, ProgressReport
from gendan.errors import GendanError, NotFound
from gendan.store import asof, orders, workdays
from gendan.store.db import KEYS, chunks, select_in
from gendan.store.materials import open_needs
from gendan.store.live import live


def _plan(row, days_off: workdays.Calendar) -> ProductionPlan:
    """A plan with its days off: public holidays and its factory's shutdowns (store.workdays)."""
    holidays = tuple(date.fromisoformat(h) for h in row["holidays"].split(",") if h)
    start, finish = date.fromisoformat(row["start"]), date.fromisoformat(row["finish"])
    return ProductionPlan(order=row["order_no"], start=start, finish=finish, factory=row["factory"],
                          workdays=production.parse_workdays(row["workdays"]), holidays=holidays, daily=row["daily"],
                          days_off=days_off.days_off(row["factory"], start, finish))


def _report(row) -> ProgressReport:
    return ProgressReport(order=row["order_no"], date=date.fromisoformat(row["date"]), produced=row["produced"],
                          packed=row["packed"], cause=row["cause"], note=row["note"])


def get_plan(store, no: str, day: date | None = None) -> ProductionPlan | None:
    """The order's plan (None if it has none, or none yet on `day`)."""
    row = store.one("SELECT * FROM production_plans WHERE order_no = ?", (no,))
    return _plan(row, workdays.Calendar(store)) if row and (day is None or row["planned"] <= day.isoformat()) else None


def plan_meta(store, no: str) -> dict:
    """Whether the plan was forced past the buffer, and why (for `order show`)."""
    row = store.one("SELECT forced, reason FROM production_plans WHERE order_no = ?", (no,))
    return {"forced": bool(row["forced"]), "reason": row["reason"]} if row else {}


def reports(store, no: str, day: date | None = None) -> list[ProgressReport]:
    """The order's progress reports, oldest first (those dated by `day`, when given)."""
    return [_report(r) for r in store.query(
        f"SELECT * FROM progress_reports r WHERE order_no = ? AND {asof.in_force('progress_reports', 'r')} "
        "ORDER BY date, id", (no, (day or date.max).isoformat()))]


def save_plan(store, order: Order, plan: ProductionPlan, buffer_days: int, force: bool, reason: str) -> bool:
    """Write (or replace) the plan after the due-date check; returns whether it was forced."""
    if order.cancelled:
        raise GendanError(f"order {order.order} is cancelled (it cannot be planned)")
    forced = False
    try:
        production.check_plan_in_time(plan, order.qty, order.due, buffer_days)
    except GendanError:
        if not force:
            raise
        forced = True
    before = get_plan(store, order.order)
    row = (plan.start.isoformat(), plan.finish.isoformat(), plan.daily, plan.factory,
           production.format_workdays(plan.workdays), ",".join(h.isoformat() for h in plan.holidays), int(forced), reason)
    # In force from today, or from its start when back-filled after it (rule 8).
    planned = min(plan.start, store.today or plan.start).isoformat()
    store.execute("INSERT INTO production_plans (start, finish, daily, factory, workdays, holidays, forced, reason, "
                  "planned, order_no) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (order_no) DO UPDATE SET "
                  "start = excluded.start, finish = excluded.finish, daily = excluded.daily, factory = excluded.factory, "
                  "workdays = excluded.workdays, holidays = excluded.holidays, forced = excluded.forced, "
                  "reason = excluded.reason, planned = excluded.planned", row + (planned, order.order))
    after = production.plan_dict(plan) | {"forced": forced}
    store.event("production_plan", order.order, production.plan_dict(before) if before else None, after, reason,
                day=planned)
    return forced


def follow_quantity(store, order: Order, reason: str) -> None:
    """After `order change` changed the quantity: recompute a `--daily` plan's finish from
    its rate (core.production.replan_for_qty), audited with the change's reason."""
    plan = get_plan(store, order.order)
    if plan is None:
        return
    new = production.replan_for_qty(plan, order.qty)
    if new == plan:
        return
    store.execute("UPDATE production_plans SET finish = ? WHERE order_no = ?", (new.finish.isoformat(), order.order))
    store.event("production_plan", order.order, production.plan_dict(plan), production.plan_dict(new), reason)


def add_report(store, no: str, report: ProgressReport, today: date, keep_packed: bool = False) -> ProgressReport | None:
    """Record a daily report (checked against the reports around it); a report for a date
    already reported replaces it, and the replaced one is returned. `keep_packed`: packing
    was not reported, so it stays as the latest report before this date had it."""
    order = orders.get_order(store, no)
    if order.cancelled:
        raise GendanError(f"order {no} is cancelled (no production to report)")
    if get_plan(store, no) is None:
        raise GendanError(f"order {no} has no production plan (add one first: "
                          f"gendan order plan {no} --start DATE --finish DATE)")
    tolerance = store.setting("over_tolerance_pct")
    existing = reports(store, no)
    if keep_packed:
        report = replace(report, packed=production.packed_before(existing, report.date))
    replaced = production.check_report(existing, report, order.qty, today, tolerance)
    if replaced:
        store.execute("DELETE FROM progress_reports WHERE order_no = ? AND date = ?", (no, report.date.isoformat()))
    store.execute("INSERT INTO progress_reports (order_no, date, produced, packed, cause, note) VALUES (?,?,?,?,?,?)",
                  (no, report.date.isoformat(), report.produced, report.packed, report.cause, report.note))
    store.event("progress", no, production.report_dict(replaced) if replaced else None, production.report_dict(report),
                day=report.date)
    return replaced


# -- batch reads ---------------------------------------------------------------------------

def plans_for(store, nos: list[str], day: date) -> dict[str, ProductionPlan]:
    """order → its plan, of those in force on `day`. The calendar (and with it the holidays
    package) is read only when a plan is found: a morning report without plans never loads it."""
    out, cal = {}, None
    for r in select_in(store.conn, f"SELECT * FROM production_plans p WHERE order_no IN {KEYS} "
                                   f"AND {asof.in_force('production_plans', 'p')}", nos, after=[day.isoformat()],
                       rows=True):
        cal = cal or workdays.Calendar(store)
        out[r["order_no"]] = _plan(r, cal)
    return out


def recent_reports(store, nos: list[str], today: date, last: int = production.RUN_RATE_REPORTS + 1) -> dict[str, list[ProgressReport]]:
    """order → its last `last` reports up to `today`, oldest first: all a status needs, read
    a few rows per order from the (order, date) index however long the history grows."""
    out: dict[str, list[ProgressReport]] = {}
    rows = select_in(
        store.conn,
        f"SELECT r.* FROM orders o JOIN progress_reports r ON r.id IN (SELECT x.id FROM progress_reports x "
        f"WHERE x.order_no = o.order_no AND x.date <= ? ORDER BY x.date DESC, x.id DESC LIMIT ?) "
        f"WHERE o.order_no IN {KEYS} ORDER BY r.order_no, r.date", nos, before=(today.isoformat(), last), rows=True)
    for r in rows:
        out.setdefault(r["order_no"], []).append(_report(r))
    return out


def first_done(store, no: str, qty: int, today: date) -> ProgressReport | None:
    """The first report that reached the order quantity (the finish of a finished order)."""
    row = store.one("SELECT * FROM progress_reports WHERE order_no = ? AND produced >= ? AND date <= ? "
                    "ORDER BY date LIMIT 1", (no, qty, today.isoformat()))
    return _report(row) if row else None


def _with_first_done(store, order, recent: list[ProgressReport], today: date) -> list[ProgressReport]:
    """Recent reports, plus the one that finished the order when it is older than them."""
    if len(recent) <= production.RUN_RATE_REPORTS or recent[0].produced < order.qty:
        return recent
    done = first_done(store, order.order, order.qty, today)
    return [done, *recent] if done and done.date < recent[0].date else recent


def material_lines(store, nos: list[str], day: date) -> dict[str, list[production.MaterialLine]]:
    """order → its linked PO lines (placed and not cancelled on `day`) with accepted quantity
    and current promise then."""
    out: dict[str, list[production.MaterialLine]] = {}
    iso = day.isoformat()
    rows = select_in(
        store.conn,
        "SELECT p.for_order, l.po_no, l.line, l.sku, l.qty, l.due, "
        "(SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line "
        f"AND {asof.in_force('receipts', 'r')} AND {live('receipts', 'r')}) AS accepted, "
        "(SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line "
        f"AND {asof.in_force('promises', 'pr')} ORDER BY pr.id DESC LIMIT 1) AS promised "
        f"FROM pos p JOIN po_lines l ON l.po_no = p.po_no WHERE p.for_order IN {KEYS} "
        f"AND {asof.in_force('pos', 'p')} AND {asof.not_cancelled('p')} "
        "ORDER BY l.po_no, l.line", nos, before=[iso, iso], after=[iso, iso], rows=True)
    for r in rows:
        out.setdefault(r["for_order"], []).append(production.MaterialLine(
            r["po_no"], r["line"], r["sku"], r["qty"], r["accepted"], date.fromisoformat(r["due"]),
            date.fromisoformat(r["promised"]) if r["promised"] else None))
    return out


class Head(NamedTuple):
    """What a status needs of an order besides its plan and reports."""
    order: str
    qty: int
    due: date
    customer: str


def heads(store, where: str, params=()) -> list[Head]:
    """Orders (as `o`) matching `where`, with their total quantity, without loading lines."""
    rows = store.query(f"SELECT o.order_no, o.due, o.customer, (SELECT COALESCE(SUM(l.qty), 0) FROM order_lines l "
                       f"WHERE l.order_no = o.order_no) AS qty FROM orders o {where}", params)
    return [Head(r["order_no"], r["qty"], date.fromisoformat(r["due"]), r["customer"]) for r in rows]


def statuses(store, heads_: list[Head], today: date, materials: bool = True,
             plans: dict[str, ProductionPlan] | None = None) -> dict[str, production.Status]:
    """order → where it stands against its plan, for the planned ones among `orders`."""
    if plans is None:
        plans = plans_for(store, [o.order for o in heads_], today)
    planned = [o for o in heads_ if o.order in plans]
    if not planned:
        return {}
    recent = recent_reports(store, [o.order for o in planned], today)
    mats = material_lines(store, [o.order for o in planned], today) if materials else {}
    unordered = unordered_parts(store, [o.order for o in planned], today) if materials else {}
    buffer = store.setting("buffer_days")
    return {o.order: production.status(plans[o.order], o.qty, o.due, _with_first_done(store, o, recent.get(o.order, []), today),
                                 today, buffer, mats.get(o.order, []), o.customer, unordered.get(o.order, ()))
            for o in planned}


def unordered_parts(store, nos: list[str], today: date) -> dict[str, tuple[production.Missing, ...]]:
    """order → the parts its BOMs need that its POs do not hold yet (store.materials), as
    missing material."""
    return {no: tuple(production.Missing("", 0, n.part, n.short, n.expected, False, n.status)
                      for n in needs if n.status in UNORDERED)
            for no, needs in open_needs(store, today, nos).items()}


def progress_rows(store, today: date, behind: bool = False, factory: str | None = None,
                  attention: bool = False) -> list[dict]:
    """The rows of `gendan progress`: every open planned order, most behind first.
    `behind` keeps those behind plan; `attention` those behind or at risk (morning report)."""
    iso = today.isoformat()
    opened = heads(store, f"WHERE o.order_no IN ({orders.OPEN_ON}) AND {asof.not_cancelled('o')} "
                          f"AND o.order_no IN (SELECT order_no FROM production_plans p "
                          f"WHERE {asof.in_force('production_plans', 'p')})", (iso, iso, iso))
    found = list(statuses(store, opened, today).values())
    if factory is not None:
        found = [s for s in found if s.factory == factory]
    if behind:
        found = [s for s in found if production.is_behind(s)]
    if attention:
        found = [s for s in found if production.needs_attention(s)]
    return [s.row() for s in sorted(found, key=production.sort_key)]


def behind_plan(store, today: date) -> list[dict]:
    """The morning report's "production behind plan" section: open planned orders behind
    plan or forecast too late, most behind first, in core.PROGRESS_FIELDS."""
    return progress_rows(store, today, attention=True)


def forecasts(store, nos: list[str], today: date) -> dict[str, date]:
    """order → forecast finish of unfinished production; `date.max` ("never, at this rate")
    where the forecast is unknown after the start, so `order list` counts it at risk. A
    finished order has no forecast: its production puts nothing at risk."""
    plans = plans_for(store, nos, today)
    planned = [h for chunk in chunks(list(plans)) for h in heads(
        store, f"WHERE o.order_no IN ({','.join('?' * len(chunk))}) AND {asof.not_cancelled('o')}",
        (*chunk, today.isoformat()))]
    found = statuses(store, planned, today, materials=False, plans=plans)
    return {no: s.forecast_finish or date.max for no, s in found.items() if not production.is_finished(s)}


def risk_flags(store, loaded: list[Order], today: date, expected: dict | None = None) -> dict[str, bool]:
    """order → at_risk: a linked PO line or production (its forecast finish) expected too late
    for the due date, or a part its BOMs need not yet ordered that would come, ordered today,
    after the order needs it (core.materials.Need.at_risk).
    `expected`: order → (po, line, expected date) of its open PO lines, when already known."""
    nos = [o.order for o in loaded]
    if expected is None:
        expected = orders.expected_po_lines(store, nos, today)
    finish = forecasts(store, nos, today)
    buffer = store.setting("buffer_days")
    parts = open_needs(store, today, nos)
    return {o.order: not o.cancelled and (at_risk(o.due, [e[2] for e in expected.get(o.order, ())], buffer,
                                                  finish.get(o.order), today=today)
                                          or worst(parts.get(o.order, ())) is not None)
            for o in loaded}


def order_production(store, order: Order, today: date) -> dict | None:
    """`order show`'s production section: the plan, where it stands, reports, missing material."""
    plan = get_plan(store, order.order, today)
    if plan is None:
        return None
    every = reports(store, order.order, today)
    s = production.status(plan, order.qty, order.due, every, today, store.setting("buffer_days"),
                    material_lines(store, [order.order], today).get(order.order, []), order.customer,
                    unordered_parts(store, [order.order], today).get(order.order, ()))
    head = {"workdays": production.format_workdays(plan.workdays), "holidays": ", ".join(h.isoformat() for h in plan.holidays),
            "daily": plan.daily} | plan_meta(store, order.order)
    return {"status": s.row() | head,
            "reports": production.report_rows(plan, order.qty, every),
            "material_missing": [{"po": m.po, "line": m.line or None, "sku": m.sku, "qty_short": m.qty_short,
                                  "expected": m.expected, "promised": m.promised, "status": m.unordered or "ordered"}
                                 for m in s.missing]}


def order_reports(store, no: str, day: date) -> list[dict]:
    """`gendan progress NO`: one order's reports to `day` with what the plan expected (REPORT_FIELDS)."""
    order = orders.get_order(store, no, day)
    plan = get_plan(store, no, day)
    if plan is None:
        raise NotFound(f"order {no} has no production plan (add one: gendan order plan {no} --start DATE --finish DATE)")
    return production.report_rows(plan, order.qty, reports(store, no, day))


def delay_rows(store, first: date, last: date) -> list[dict]:
    """`gendan report delays`: reports in [first, last] by cause, factory and customer."""
    nos = [r["order_no"] for r in store.query(
        "SELECT DISTINCT order_no FROM progress_reports WHERE date BETWEEN ? AND ?", (first.isoformat(), last.isoformat()))]
    if not nos:
        return []
    by_no = {o.order: o for chunk in chunks(nos) for o in orders.load_orders(
        store, f"WHERE o.order_no IN ({','.join('?' * len(chunk))})", chunk)}
    plans = plans_for(store, nos, last)
    every: dict[str, list[ProgressReport]] = {}
    for r in select_in(store.conn, f"SELECT * FROM progress_reports WHERE order_no IN {KEYS} AND date <= ? "
                                   f"ORDER BY order_no, date", nos, after=(last.isoformat(),), rows=True):
        every.setdefault(r["order_no"], []).append(_report(r))
    planned = [production.PlannedOrder(plans[no], by_no[no].qty, by_no[no].customer, tuple(every.get(no, ())))
               for no in nos if no in plans]
    return production.delay_summary(planned, first, last)


def latest_packed_pct(store, order_no: str, today: date | None = None):
    """Share of the order packed per its latest production report (percent, one decimal place),
    or None when no report exists. The final inspection is due once this reaches
    core.FINAL_INSPECTION_PACKED_PCT (80)."""
    return packed_pcts(store, [order_no], today).get(order_no)


def packed_pcts(store, nos: list[str], today: date | None = None) -> dict:
    """order → packed percent per its latest report (dated up to `today`, if given)."""
    qty = dict(select_in(store.conn, f"SELECT order_no, SUM(qty) FROM order_lines WHERE order_no IN {KEYS} "
                                     f"GROUP BY order_no", nos))
    latest = select_in(store.conn, f"SELECT order_no, packed FROM (SELECT order_no, packed, ROW_NUMBER() OVER "
                                   f"(PARTITION BY order_no ORDER BY date DESC, id DESC) AS n FROM progress_reports "
                                   f"WHERE order_no IN {KEYS} AND date <= ?) WHERE n = 1",
                       nos, after=((today or date.max).isoformat(),))
    return {order_no: production.packed_share(packed, qty.get(order_no, 0)) for order_no, packed in latest}
