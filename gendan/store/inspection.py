"""Inspections (验货) in the database: rows ↔ models, listing them, the facts `inspect due` and
the morning report need, and recording a lot, a concession or a resume (`inspect log`).

The rules are in core/inspection/. The switching state is never stored: it is replayed from
`inspections` (plus the `--resume` rows in `inspection_resumes`) every time it is needed.

The morning report reads the due list from here: the recording half imports the sampling
tables (core/inspection/sampling.py, verdict.py) inside its functions, so the report does
not load them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from gendan.core.inspection import due
from gendan.core.models import Inspection
from gendan.errors import Conflict, GendanError, NotFound, UsageError
from gendan.store import asof, db, orders
from gendan.store.live import live

if TYPE_CHECKING:
    from gendan.core.inspection.verdict import LogRequest, Switching, Verdict

COLUMNS = ("ref_kind, ref, stage, sku, date, lot, level, aql, minor_aql, severity, code_letter, sample_size, ac, re, "
           "minor_ac, minor_re, critical, major, minor, result, waived, reason, inspector, note, packed_pct, "
           "minor_sample_size")


def _insp(r) -> Inspection:
    return Inspection(ref=r["ref"], ref_kind=r["ref_kind"], stage=r["stage"], date=date.fromisoformat(r["date"]),
                      result=r["result"], sku=r["sku"], lot=r["lot"], level=r["level"], aql=r["aql"],
                      minor_aql=r["minor_aql"], severity=r["severity"], code_letter=r["code_letter"],
                      sample_size=r["sample_size"], ac=r["ac"], re=r["re"], minor_ac=r["minor_ac"],
                      minor_re=r["minor_re"], critical=r["critical"], major=r["major"], minor=r["minor"],
                      waived=bool(r["waived"]), reason=r["reason"], inspector=r["inspector"], note=r["note"],
                      packed_pct=Decimal(r["packed_pct"]) if r["packed_pct"] is not None else None, id=r["id"],
                      void=r["voided"] is not None, minor_sample_size=r["minor_sample_size"])


def load(store, where: str = "", params=(), voided: bool = False) -> list[Inspection]:
    """Inspections matching a WHERE clause on `inspections i`, in date order (then as recorded):
    those in force, or with `voided` also the voided ones (listings, marked void)."""
    if not voided:
        where = f"{where} {'AND' if 'WHERE' in where.upper() else 'WHERE'} {live('inspections', 'i')}"
    return [_insp(r) for r in store.query(f"SELECT i.* FROM inspections i {where} ORDER BY i.date, i.id", params)]


def for_ref(store, ref_kind: str, ref: str, voided: bool = False) -> list[Inspection]:
    return load(store, "WHERE i.ref = ? AND i.ref_kind = ?", (ref, ref_kind), voided)


# --- listing ------------------------------------------------------------------------------------


def row(insp: Inspection) -> dict:
    """One inspection as a listing row (`inspect list`, `order show`, `po show`)."""
    return {"id": insp.id, "date": insp.date, "ref": insp.ref, "ref_kind": insp.ref_kind, "stage": insp.stage,
            "sku": insp.sku, "lot": insp.lot, "level": insp.level, "aql": insp.aql, "minor_aql": insp.minor_aql,
            "severity": insp.severity, "code_letter": insp.code_letter, "sample_size": insp.sample_size,
            "ac": insp.ac, "re": insp.re, "minor_sample_size": insp.minor_sample_size,
            "minor_ac": insp.minor_ac, "minor_re": insp.minor_re,
            "critical": insp.critical, "major": insp.major, "minor": insp.minor, "result": insp.result,
            "waived": insp.waived, "reason": insp.reason, "packed_pct": insp.packed_pct,
            "inspector": insp.inspector, "note": insp.note, "void": insp.void}


def list_rows(store, today: date, ref: str | None = None, stage: str | None = None) -> list[dict]:
    """`inspect list [REF]`: every inspection (of one order or PO) dated by `today`, oldest
    first. A REF that is both an order and a PO number lists both."""
    if ref is not None:
        known = store.scalar("SELECT 1 FROM orders WHERE order_no = ? UNION SELECT 1 FROM pos WHERE po_no = ?", (ref, ref))
        if not known:
            raise NotFound(f"unknown order or PO {ref!r} (see 'gendan order list --all' or 'gendan po list --all')")
    where, params = db.where((asof.in_force("inspections", "i"), today.isoformat()), ("i.ref = ?", ref),
                             ("i.stage = ?", stage))
    return [row(i) for i in load(store, where, params, voided=True)]


def ref_rows(store, ref_kind: str, ref: str, day: date) -> list[dict]:
    """The inspections of one order (`order show`) or PO (`po show`) dated by `day`, voided
    ones too (marked void)."""
    return [row(i) for i in load(store, f"WHERE i.ref = ? AND i.ref_kind = ? AND {asof.in_force('inspections', 'i')}",
                                 (ref, ref_kind, day.isoformat()), voided=True)]


# --- what is due ----------------------------------------------------------------------------------


def due_items(store, today: date, window: int, open_orders: list | None = None) -> list[due.DueItem]:
    """The `inspect due` list and the morning report's "inspections due" section (which passes
    the open orders it has loaded already)."""
    facts = _order_facts(store, orders.open_orders(store, today) if open_orders is None else open_orders, today)
    records: dict[str, list[Inspection]] = {}
    iso = today.isoformat()
    for insp in load(store, f"WHERE i.ref IN ({orders.OPEN_ON}) AND i.ref_kind = 'order' "
                            f"AND {asof.in_force('inspections', 'i')}", (iso, iso)):
        records.setdefault(insp.ref, []).append(insp)
    since = today - timedelta(days=due.INCOMING_LOOKBACK_DAYS)
    from gendan.store import samples
    return due.due_items(facts, records, _uninspected_receipts(store, since, today), today, window,
                         samples.pps_verdicts(store, today))


def due_rows(store, today: date, window: int, open_orders: list | None = None) -> list[dict]:
    return [item._asdict() for item in due_items(store, today, window, open_orders)]


def _order_facts(store, opened: list, today: date) -> list[due.OrderFacts]:
    """What the due list needs of each open order: its quantity and SKUs (from the order),
    whether production has begun, and how much is packed (as of `today`)."""
    rows = store.conn.execute(
        "SELECT o.order_no, "
        f"(EXISTS (SELECT 1 FROM production_plans p WHERE p.order_no = o.order_no AND {asof.in_force('production_plans', 'p')}) "
        f" OR EXISTS (SELECT 1 FROM progress_reports r WHERE r.order_no = o.order_no AND {asof.in_force('progress_reports', 'r')})), "
        "(SELECT r.packed FROM progress_reports r WHERE r.order_no = o.order_no "
        f" AND {asof.in_force('progress_reports', 'r')} ORDER BY r.date DESC, r.id DESC LIMIT 1), "
        "(SELECT i.packed_pct FROM inspections i WHERE i.ref = o.order_no AND i.ref_kind = 'order' "
        " AND i.stage = 'inline' AND i.packed_pct IS NOT NULL "
        f" AND {asof.in_force('inspections', 'i')} AND {live('inspections', 'i')} ORDER BY i.date DESC, i.id DESC LIMIT 1), "
        f"(SELECT p.start FROM production_plans p WHERE p.order_no = o.order_no AND {asof.in_force('production_plans', 'p')}) "
        f"FROM orders o WHERE o.order_no IN ({orders.OPEN_ON})", (today.isoformat(),) * 6)
    facts = {no: (bool(busy), packed, inline, start) for no, busy, packed, inline, start in rows}
    skipped: dict[str, list[tuple[str, str]]] = {}
    for no, stage, sku in store.conn.execute("SELECT k.order_no, k.stage, k.sku FROM inspection_skips k "
                                             f"WHERE k.date <= ? AND k.order_no IN ({orders.OPEN_ON})",
                                             (today.isoformat(),) * 2):
        skipped.setdefault(no, []).append((stage, sku))
    out = []
    for o in opened:
        if o.cancelled or o.order not in facts:
            continue
        busy, packed, inline, start = facts[o.order]
        qty = o.qty
        pct = due.packed_for_final(qty, packed, Decimal(inline) if inline is not None else None)
        out.append(due.OrderFacts(o.order, o.due, qty, tuple(ln.sku for ln in o.lines), busy, pct,
                                  date.fromisoformat(start) if start else None, tuple(skipped.get(o.order, ()))))
    return out


def skip(store, order_no: str, stage: str, sku: str | None, on: date, reason: str) -> dict:
    """`inspect skip`: record that an order does not need a stage (for one SKU, or all),
    audited with its reason; it leaves `inspect due` and the morning report."""
    if stage not in due.SKIPPABLE:
        raise GendanError(f"an {stage} inspection cannot be skipped (skip one of {', '.join(due.SKIPPABLE)}; "
                          "a shipment without a final needs 'ship --force --reason')")
    order = orders.get_order(store, order_no, on)      # not before it was placed
    if order.cancelled:
        raise GendanError(f"order {order_no} is cancelled (nothing to inspect on it)")
    skus = [ln.sku for ln in order.lines]
    if sku and sku not in skus:
        raise GendanError(f"SKU {sku} is not on {order_no} (its SKUs: {', '.join(skus)})")
    if stage == "inline" and sku:
        raise UsageError("inline reports are per order (drop --sku)")
    if store.scalar("SELECT 1 FROM inspection_skips WHERE order_no = ? AND stage = ? AND sku IN ('', ?)",
                    (order_no, stage, sku or "")):
        raise Conflict(f"{stage} is already skipped for {order_no}" + (f" {sku}" if sku else ""),
                       f"see 'gendan log {order_no}'")
    record = {"order": order_no, "stage": stage, "sku": sku or "", "date": on.isoformat()}
    cur = store.execute("INSERT INTO inspection_skips (order_no, stage, sku, date, reason) VALUES (?,?,?,?,?)",
                        (order_no, stage, sku or "", on.isoformat(), reason))
    store.event("inspection_skip", order_no, None, record | {"id": cur.lastrowid}, reason)
    return record


def _uninspected_receipts(store, since: date, today: date) -> list[due.ReceivedLine]:
    """PO lines with goods received from `since` to `today` and no incoming inspection of that
    SKU on that PO by `today` (read from the receipts-by-date index, so old history costs nothing)."""
    iso = today.isoformat()
    rows = store.query(
        "SELECT p.po_no, p.supplier, l.sku, SUM(r.qty) AS received, MIN(r.date) AS first "
        "FROM receipts r JOIN po_lines l ON l.po_no = r.po_no AND l.line = r.line JOIN pos p ON p.po_no = r.po_no "
        f"WHERE r.date >= ? AND {asof.in_force('receipts', 'r')} AND {asof.not_cancelled('p')} "
        f"AND {live('receipts', 'r')} AND NOT EXISTS (SELECT 1 FROM inspections i "
        f"WHERE {live('inspections', 'i')} AND i.ref = p.po_no "
        "AND i.ref_kind = 'po' AND i.stage = 'incoming' AND (i.sku = l.sku OR i.sku = '') "
        f"AND {asof.in_force('inspections', 'i')}) "
        "GROUP BY p.po_no, l.line HAVING SUM(r.qty) > 0 ORDER BY first, p.po_no, l.line", (since.isoformat(), iso, iso, iso))
    return [due.ReceivedLine(r["po_no"], r["sku"], r["supplier"], r["received"], date.fromisoformat(r["first"]))
            for r in rows]


def final_uncleared(store, order_no: str) -> list[str]:
    """SKUs of an order without a passed or waived latest final inspection (for the shipping gate)."""
    skus = tuple(r[0] for r in store.conn.execute("SELECT sku FROM order_lines WHERE order_no = ? ORDER BY line",
                                                   (order_no,)))
    cleared = due.cleared_skus(skus, for_ref(store, "order", order_no), "final")
    return [s for s in skus if s not in cleared]


# --- what an inspection is about ----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The order or PO an inspection is recorded on, with its SKUs and default lot sizes."""
    kind: str                 # order | po
    ref: str
    lots: dict                # sku → default lot: what remains to ship on the order line (final), or what
                              # was received on the PO line and not yet inspected (incoming)
    supplier: str = ""
    for_order: str | None = None

    def scope(self, sku: str) -> tuple[str, str]:
        """(resume scope key, label) of the switching scope: supplier+SKU or order+SKU."""
        if self.kind == "po":
            return f"supplier:{self.supplier}", f"supplier {self.supplier} / {sku}"
        return f"order:{self.ref}", f"order {self.ref} / {sku}"


def target(store, ref: str, stage: str) -> Target:
    """Find REF as the kind of document the stage is recorded on; refuse the other kind clearly."""
    from gendan.core.inspection.verdict import uninspected
    want = due.ref_kind_for(stage)
    order = store.one("SELECT order_no, cancelled FROM orders WHERE order_no = ?", (ref,))
    po = store.one("SELECT po_no, supplier, for_order, cancelled FROM pos WHERE po_no = ?", (ref,))
    if want == "po" and po is None:
        if order is not None:
            raise GendanError(f"{ref} is a customer order; incoming inspection is recorded on a PO "
                              f"(give the PO number{_pos_hint(store, ref)})")
        raise NotFound(f"unknown PO {ref!r} (see 'gendan po list --all')")
    if want == "order" and order is None:
        if po is not None:
            hint = f"; {ref} is for order {po['for_order']}" if po["for_order"] else ""
            raise GendanError(f"{ref} is a PO; {stage} inspection is recorded on a customer order "
                              f"(give the order number{hint}, or use --stage incoming)")
        raise NotFound(f"unknown order {ref!r} (see 'gendan order list --all')")
    if want == "po":
        if po["cancelled"]:
            raise GendanError(f"PO {ref} is cancelled (nothing to inspect on it)")
        rows = store.query("SELECT l.sku, (SELECT COALESCE(SUM(r.qty), 0) FROM receipts r WHERE r.po_no = l.po_no "
                           f"AND r.line = l.line AND {live('receipts', 'r')}) AS received, "
                           "(SELECT COALESCE(SUM(i.lot), 0) FROM inspections i "
                           "WHERE i.ref = l.po_no AND i.ref_kind = 'po' AND i.stage = 'incoming' AND i.sku = l.sku "
                           f"AND {live('inspections', 'i')}) "
                           "AS inspected FROM po_lines l WHERE l.po_no = ? ORDER BY l.line", (ref,))
        return Target("po", ref, {r["sku"]: uninspected(r["received"], r["inspected"]) for r in rows},
                      po["supplier"], po["for_order"])
    if order["cancelled"]:
        raise GendanError(f"order {ref} is cancelled (nothing to inspect on it)")
    shipped = orders.shipped_by_line(store, [ref]).get(ref, {})
    rows = store.query("SELECT line, sku, qty FROM order_lines WHERE order_no = ? ORDER BY line", (ref,))
    return Target("order", ref, {r["sku"]: max(r["qty"] - shipped.get(r["line"], 0), 0) for r in rows})


def _pos_hint(store, order_no: str) -> str:
    pos = [r[0] for r in store.conn.execute("SELECT po_no FROM pos WHERE for_order = ? ORDER BY po_no", (order_no,))]
    return f"; its POs: {', '.join(pos)}" if pos else ""


# --- switching scopes ----------------------------------------------------------------------------


def scope_lots(store, t: Target, sku: str) -> list[Inspection]:
    """The lots one switching scope replays: incoming lots of this supplier's SKU across all its
    POs, or final lots of this order's SKU."""
    if t.kind == "po":
        return load(store, "JOIN pos p ON p.po_no = i.ref WHERE i.ref_kind = 'po' AND i.stage = 'incoming' "
                           "AND i.sku = ? AND p.supplier = ?", (sku, t.supplier))
    return load(store, "WHERE i.ref = ? AND i.ref_kind = 'order' AND i.stage = 'final' AND i.sku = ?", (t.ref, sku))


def scope_resumes(store, key: str, sku: str) -> list[date]:
    rows = store.query("SELECT date FROM inspection_resumes WHERE scope = ? AND sku = ? ORDER BY date, id", (key, sku))
    return [date.fromisoformat(r["date"]) for r in rows]


@dataclass(frozen=True)
class ScopeState:
    """Where one switching scope (a supplier's SKU, or an order's SKU) stands after its lots."""
    label: str
    switching: Switching
    last: date | None


def scope_state(store, t: Target, sku: str) -> ScopeState:
    """The switching state of one scope, replayed from its history."""
    from gendan.core.inspection import verdict
    key, label = t.scope(sku)
    lots = scope_lots(store, t, sku)
    sw = verdict.replay(lots, scope_resumes(store, key, sku))
    return ScopeState(label, sw, max((i.date for i in lots), default=None))


def supplier_state(store, supplier: str, sku: str) -> ScopeState:
    """For `inspect plan --supplier S --sku X`: the severity incoming inspection is at now."""
    if not store.scalar("SELECT 1 FROM suppliers WHERE code = ?", (supplier,)):
        raise NotFound(f"unknown supplier {supplier!r} (see 'gendan supplier list')")
    return scope_state(store, Target("po", "", {}, supplier), sku)


def order_state(store, order_no: str, sku: str) -> ScopeState:
    """For `inspect plan --order O --sku X`: the severity final inspection is at now."""
    from gendan.core.inspection import verdict
    t = target(store, order_no, "final")
    verdict.pick_sku(sku, list(t.lots), order_no, True)
    return scope_state(store, t, sku)


# --- writing ------------------------------------------------------------------------------------


def insert(store, insp: Inspection) -> int:
    """Write one inspection with its audit event; its new id."""
    from gendan.core.inspection import verdict
    values = (insp.ref_kind, insp.ref, insp.stage, insp.sku, insp.date.isoformat(), insp.lot, insp.level, insp.aql,
              insp.minor_aql, insp.severity, insp.code_letter, insp.sample_size, insp.ac, insp.re, insp.minor_ac,
              insp.minor_re, insp.critical, insp.major, insp.minor, insp.result, int(insp.waived), insp.reason,
              insp.inspector, insp.note, str(insp.packed_pct) if insp.packed_pct is not None else None,
              insp.minor_sample_size)
    cur = store.execute(f"INSERT INTO inspections ({COLUMNS}) VALUES ({','.join('?' * len(values))})", values)
    store.event("inspection", insp.ref, None, verdict.to_dict(insp) | {"id": cur.lastrowid},
                insp.reason if insp.waived else "", day=insp.date)
    return cur.lastrowid


@dataclass(frozen=True)
class Logged:
    """What `inspect log` did: the record written (if any), the switch it caused, a resume."""
    record: Inspection | None = None
    verdict: Verdict | None = None
    switch: str | None = None
    resumed: str | None = None
    waived_existing: bool = False


def log_inspection(store, req: LogRequest, today: date) -> Logged:
    """Record one `inspect log`: a lot (judged, if sampled, at the severity its history gives),
    a concession on the latest rejected lot, or a resume after discontinued inspection.
    Runs inside the caller's transaction; everything is checked before the first write."""
    from gendan.core.inspection import sampling, verdict
    verdict.check_request(req)
    if req.on > today:
        raise GendanError(f"inspection date {req.on} is after today ({today}) (record inspections once done)")
    t = target(store, req.ref, req.stage)
    sampled = req.stage in verdict.SAMPLED
    sku = verdict.pick_sku(req.sku, list(t.lots), req.ref, sampled and not req.waive_only)
    if req.waive_only:
        return Logged(record=_waive_latest(store, t, req, sku), waived_existing=True)
    if not sampled:
        insp = verdict.plain_record(req, t.kind, sku)
        return Logged(record=_with_id(insp, insert(store, insp)))
    state = scope_state(store, t, sku)
    verdict.check_in_order(state.last, req.on, state.label)
    resumed = None
    sw_state = state.switching.state
    if req.resume:
        if not sw_state.discontinued:
            raise GendanError(f"inspection of {state.label} is not discontinued (there is nothing to resume)")
        sw_state = sampling.resume(sw_state)
        resumed = f"{state.label}: discontinued → tightened (resumed)"
    if req.resume and not req.has_lot:
        _add_resume(store, t, sku, req)
        return Logged(resumed=resumed)
    sampling.check_not_discontinued(sw_state, f"inspect {state.label}")
    if t.kind == "order" and req.stage == "final":
        verdict.check_final_lot(req.lot if req.lot is not None else t.lots[sku], t.lots[sku], sku, t.ref)
    lot = req.lot if req.lot is not None else _default_lot(t, sku)
    insp, v = verdict.sampled_record(req, t.kind, sku, lot, sw_state.severity)
    _new_state, switch = sampling.next_state(sw_state, *verdict.outcome(insp))
    if req.resume:
        _add_resume(store, t, sku, req)
    return Logged(record=_with_id(insp, insert(store, insp)), verdict=v, switch=switch, resumed=resumed)


def _default_lot(t: Target, sku: str) -> int:
    lot = t.lots.get(sku, 0)
    if lot <= 0:
        raise GendanError(f"nothing of {sku} received on {t.ref} is left uninspected (record a delivery with "
                          "'gendan po receive', or give --lot N for the lot inspected)")
    return lot


def _add_resume(store, t: Target, sku: str, req: LogRequest) -> None:
    key, label = t.scope(sku)
    cur = store.execute("INSERT INTO inspection_resumes (scope, sku, date, reason) VALUES (?,?,?,?)",
                        (key, sku, req.on.isoformat(), req.reason.strip()))
    store.event("inspection_resume", req.ref, None,
                {"id": cur.lastrowid, "scope": key, "sku": sku, "date": req.on.isoformat()}, req.reason.strip(),
                day=req.on)


def _waive_latest(store, t: Target, req: LogRequest, sku: str) -> Inspection:
    """A concession (让步接受) on the latest rejected lot at this stage, audited before → after."""
    from gendan.core.inspection import verdict
    where = "WHERE i.ref = ? AND i.ref_kind = ? AND i.stage = ?"
    params = [t.ref, t.kind, req.stage]
    if sku:
        where += " AND i.sku = ?"
        params.append(sku)
    records = load(store, where, params)
    if not records or records[-1].result != "fail":
        what = f"{req.stage} inspection of {t.ref}" + (f" / {sku}" if sku else "")
        raise GendanError(f"no rejected lot to waive: the latest {what} "
                          f"{'passed' if records else 'does not exist'} (see 'gendan inspect list {t.ref}')")
    before = records[-1]
    after = verdict.with_waiver(before, req.reason.strip())
    store.execute("UPDATE inspections SET waived = 1, reason = ? WHERE id = ?", (after.reason, after.id))
    store.event("inspection", t.ref, verdict.to_dict(before), verdict.to_dict(after), after.reason, day=before.date)
    return after


def _with_id(insp: Inspection, new_id: int) -> Inspection:
    from dataclasses import replace
    return replace(insp, id=new_id)
