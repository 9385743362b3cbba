"""Recording an inspection (`inspect log`): what it is about, the history each switching scope
replays, and writing a lot, a concession or a resume.

The switching state is never stored: it is replayed from `inspections` (plus the `--resume` rows
in `inspection_resumes`) every time it is needed.
"""
from dataclasses import dataclass
from datetime import date

from gendan.core import aql
from gendan.core import inspection_log as core
from gendan.core.models import Inspection
from gendan.core.quality import ref_kind_for
from gendan.errors import GendanError, NotFound
from gendan.store.quality import COLUMNS, load


# --- what an inspection is about ----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The order or PO an inspection is recorded on, with its SKUs and default lot sizes."""
    kind: str                 # order | po
    ref: str
    lots: dict                # sku → default lot: the order line's qty, or the PO line's latest receipt
    supplier: str = ""
    for_order: str | None = None

    def scope(self, sku: str) -> tuple[str, str]:
        """(resume scope key, label) of the switching scope: supplier+SKU or order+SKU."""
        if self.kind == "po":
            return f"supplier:{self.supplier}", f"supplier {self.supplier} / {sku}"
        return f"order:{self.ref}", f"order {self.ref} / {sku}"


def target(store, ref: str, stage: str) -> Target:
    """Find REF as the kind of document the stage is recorded on; refuse the other kind clearly."""
    want = ref_kind_for(stage)
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
        rows = store.query("SELECT l.sku, COALESCE((SELECT r.qty FROM receipts r WHERE r.po_no = l.po_no AND "
                           "r.line = l.line ORDER BY r.date DESC, r.id DESC LIMIT 1), 0) AS received "
                           "FROM po_lines l WHERE l.po_no = ? ORDER BY l.line", (ref,))
        return Target("po", ref, {r["sku"]: r["received"] for r in rows}, po["supplier"], po["for_order"])
    if order["cancelled"]:
        raise GendanError(f"order {ref} is cancelled (nothing to inspect on it)")
    rows = store.query("SELECT sku, qty FROM order_lines WHERE order_no = ? ORDER BY line", (ref,))
    return Target("order", ref, {r["sku"]: r["qty"] for r in rows})


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
    switching: core.Switching
    last: date | None


def scope_state(store, t: Target, sku: str) -> ScopeState:
    """The switching state of one scope, replayed from its history."""
    key, label = t.scope(sku)
    lots = scope_lots(store, t, sku)
    sw = core.replay(lots, scope_resumes(store, key, sku))
    return ScopeState(label, sw, max((i.date for i in lots), default=None))


def supplier_state(store, supplier: str, sku: str) -> ScopeState:
    """For `inspect plan --supplier S --sku X`: the severity incoming inspection is at now."""
    if not store.scalar("SELECT 1 FROM suppliers WHERE code = ?", (supplier,)):
        raise NotFound(f"unknown supplier {supplier!r} (see 'gendan supplier list')")
    return scope_state(store, Target("po", "", {}, supplier), sku)


def order_state(store, order_no: str, sku: str) -> ScopeState:
    """For `inspect plan --order O --sku X`: the severity final inspection is at now."""
    t = target(store, order_no, "final")
    core.pick_sku(sku, list(t.lots), order_no, True)
    return scope_state(store, t, sku)


# --- writing ------------------------------------------------------------------------------------


def insert(store, insp: Inspection) -> int:
    values = (insp.ref_kind, insp.ref, insp.stage, insp.sku, insp.date.isoformat(), insp.lot, insp.level, insp.aql,
              insp.minor_aql, insp.severity, insp.code_letter, insp.sample_size, insp.ac, insp.re, insp.minor_ac,
              insp.minor_re, insp.critical, insp.major, insp.minor, insp.result, int(insp.waived), insp.reason,
              insp.inspector, insp.note, str(insp.packed_pct) if insp.packed_pct is not None else None)
    cur = store.execute(f"INSERT INTO inspections ({COLUMNS}) VALUES ({','.join('?' * len(values))})", values)
    store.event("inspection", insp.ref, None, core.to_dict(insp) | {"id": cur.lastrowid},
                insp.reason if insp.waived else "")
    return cur.lastrowid


@dataclass(frozen=True)
class Logged:
    """What `inspect log` did: the record written (if any), the switch it caused, a resume."""
    record: Inspection | None = None
    verdict: core.Verdict | None = None
    switch: str | None = None
    resumed: str | None = None
    waived_existing: bool = False


def log_inspection(store, req: core.LogRequest, today: date) -> Logged:
    """Record one `inspect log`: a lot (judged, if sampled, at the severity its history gives),
    a concession on the latest rejected lot, or a resume after discontinued inspection.
    Runs inside the caller's transaction; everything is checked before the first write."""
    core.check_request(req)
    if req.on > today:
        raise GendanError(f"inspection date {req.on} is after today ({today}) (record inspections once done)")
    t = target(store, req.ref, req.stage)
    sampled = req.stage in core.SAMPLED
    sku = core.pick_sku(req.sku, list(t.lots), req.ref, sampled and not req.waive_only)
    if req.waive_only:
        return Logged(record=_waive_latest(store, t, req, sku), waived_existing=True)
    if not sampled:
        insp = core.plain_record(req, t.kind, sku)
        return Logged(record=_with_id(insp, insert(store, insp)))
    state = scope_state(store, t, sku)
    core.check_in_order(state.last, req.on, state.label)
    resumed = None
    sw_state = state.switching.state
    if req.resume:
        if not sw_state.discontinued:
            raise GendanError(f"inspection of {state.label} is not discontinued (there is nothing to resume)")
        sw_state = aql.resume(sw_state)
        resumed = f"{state.label}: discontinued → tightened (resumed)"
    if req.resume and not req.has_lot:
        _add_resume(store, t, sku, req)
        return Logged(resumed=resumed)
    aql.check_not_discontinued(sw_state, f"inspect {state.label}")
    lot = req.lot if req.lot is not None else _default_lot(t, sku)
    insp, v = core.sampled_record(req, t.kind, sku, lot, sw_state.severity)
    _new_state, switch = aql.next_state(sw_state, *core.outcome(insp))
    if req.resume:
        _add_resume(store, t, sku, req)
    return Logged(record=_with_id(insp, insert(store, insp)), verdict=v, switch=switch, resumed=resumed)


def _default_lot(t: Target, sku: str) -> int:
    lot = t.lots.get(sku, 0)
    if lot <= 0:
        raise GendanError(f"nothing of {sku} has been received on PO {t.ref} yet (record it with 'gendan po receive', "
                          "or give --lot N for the lot inspected)")
    return lot


def _add_resume(store, t: Target, sku: str, req: core.LogRequest) -> None:
    key, label = t.scope(sku)
    cur = store.execute("INSERT INTO inspection_resumes (scope, sku, date, reason) VALUES (?,?,?,?)",
                        (key, sku, req.on.isoformat(), req.reason.strip()))
    store.event("inspection_resume", req.ref, None,
                {"id": cur.lastrowid, "scope": key, "sku": sku, "date": req.on.isoformat()}, req.reason.strip())


def _waive_latest(store, t: Target, req: core.LogRequest, sku: str) -> Inspection:
    """A concession (让步接受) on the latest rejected lot at this stage, audited before → after."""
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
    after = core.with_waiver(before, req.reason.strip())
    store.execute("UPDATE inspections SET waived = 1, reason = ? WHERE id = ?", (after.reason, after.id))
    store.event("inspection", t.ref, core.to_dict(before), core.to_dict(after), after.reason)
    return after


def _with_id(insp: Inspection, new_id: int) -> Inspection:
    from dataclasses import replace
    return replace(insp, id=new_id)
