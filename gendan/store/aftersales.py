"""After-sales (客诉/补件): complaints and their steps, credit and debit notes, replacement POs
and replacement shipments, rows ↔ aftersales.aftersales values. The rules are in aftersales.aftersales."""
from datetime import date, timedelta
from decimal import Decimal

from gendan.core import aftersales
from gendan.core.aftersales import Action, Complaint
from gendan.core.money import parse_amount, round_money
from gendan.core.numbers import note_no, shipment_no
from gendan.errors import Blocked, Conflict, GendanError, NotFound, Reason, UsageError
from gendan.store import db, parties
from gendan.store.live import live

_COLS = ("complaint_no, customer, kind, description, order_no, sku, qty, supplier, received, reply_by, replied, "
         "reply_note, due, closed, cause, close_note")
NOTE_FIELDS = ["note", "complaint", "date", "direction", "party", "amount", "currency", "order", "void"]
SHOW_ACTION_FIELDS = ["date", "action", "sku", "qty", "po", "doc", "amount", "currency", "note"]


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _complaint(r, actions: tuple[Action, ...]) -> Complaint:
    return Complaint(complaint=r[0], customer=r[1], kind=r[2], desc=r[3], order=r[4], sku=r[5], qty=r[6],
                     supplier=r[7], received=date.fromisoformat(r[8]), reply_by=date.fromisoformat(r[9]),
                     replied=_d(r[10]), reply_note=r[11], due=_d(r[12]), closed=_d(r[13]), cause=r[14],
                     close_note=r[15], actions=actions)


def _actions(store, nos: list[str] | None) -> dict[str, list[Action]]:
    where, params = "", []
    if nos is not None:
        if not nos:
            return {}
        where, params = f"WHERE a.complaint_no IN ({','.join('?' * len(nos))})", nos
    out: dict[str, list[Action]] = {}
    for r in store.conn.execute(
            "SELECT a.complaint_no, a.kind, a.date, a.sku, a.qty, a.po_no, a.note, n.id, n.direction, n.amount, "
            f"n.currency, n.voided FROM complaint_actions a LEFT JOIN credit_notes n ON n.id = a.credit_note {where} "
            "ORDER BY a.date, a.id", params):
        out.setdefault(r[0], []).append(Action(
            kind=r[1], date=date.fromisoformat(r[2]), sku=r[3], qty=r[4], po=r[5], note=r[6],
            amount=Decimal(r[9]) if r[9] is not None else None, currency=r[10] or "",
            doc=note_no(r[8], r[7]) if r[7] else "", void=r[11] is not None, voided=_d(r[11])))
    return out


def get(store, no: str) -> Complaint:
    row = store.conn.execute(f"SELECT {_COLS} FROM complaints WHERE complaint_no = ?", (no,)).fetchone()
    if row is None:
        raise db.not_found(store, "complaint", no, "complaints", "complaint_no", "see 'gendan complaint list --all'")
    return _complaint(row, tuple(_actions(store, [no]).get(no, [])))


def complaints(store, open_on: date | None = None, customer: str | None = None,
               supplier: str | None = None) -> list[Complaint]:
    """Complaints with their actions; with `open_on`, only those not closed on that day."""
    clauses, params = [], []
    if open_on is not None:
        clauses.append("(closed IS NULL OR closed > ?)")
        params.append(open_on.isoformat())
    for col, val in (("customer", customer), ("supplier", supplier)):
        if val:
            clauses.append(f"{col} = ?")
            params.append(val)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = store.conn.execute(f"SELECT {_COLS} FROM complaints {where} ORDER BY received, complaint_no",
                              params).fetchall()
    acts = _actions(store, None if len(rows) > 400 else [r[0] for r in rows])
    return [_complaint(r, tuple(acts.get(r[0], ()))) for r in rows]


# -- writes (inside the caller's transaction) --------------------------------------------------

def add(store, no: str, customer: str, kind: str, desc: str, received: date, today: date,
        reply_by: date | None = None, order: str | None = None, sku: str = "", qty: int | None = None,
        supplier: str | None = None) -> Complaint:
    """Register a complaint (客诉登记)."""
    from gendan.core.orders import check_code
    no = check_code(no, "complaint number")
    sku = check_code(sku, "--sku") if (sku or "").strip() else ""
    if not (desc or "").strip():
        raise UsageError("--desc is empty (say what the customer reports)")
    aftersales.check_new(kind, received, reply_by, qty, today)
    cust = parties.get_customer(store, customer)
    if supplier is not None:
        supplier = parties.get_supplier(store, supplier).code
    if order is not None:
        row = store.conn.execute("SELECT customer FROM orders WHERE order_no = ?", (order,)).fetchone()
        if row is None:
            raise NotFound(f"unknown order {order!r} (see 'gendan order list --all')")
        if row[0] != cust.code:
            raise GendanError(f"order {order} is {row[0]}'s, not {cust.code}'s (check --order or --customer)")
    if store.conn.execute("SELECT 1 FROM complaints WHERE complaint_no = ?", (no,)).fetchone():
        raise Conflict(f"complaint {no!r} already exists (choose another number, or see 'gendan complaint show {no}')")
    if reply_by is None:
        reply_by = aftersales.reply_by_default(received, store.setting("complaint_reply_days"))
    c = Complaint(no, cust.code, kind, desc.strip(), received, reply_by, order, (sku or "").strip(), qty, supplier)
    store.execute(f"INSERT INTO complaints ({_COLS}) VALUES ({','.join('?' * 16)})",
                  (no, c.customer, kind, c.desc, order, c.sku, qty, supplier, received.isoformat(),
                   reply_by.isoformat(), None, "", None, None, "", ""))
    store.event("complaint", no, None, _audit(c))
    return c


def insert_many(store, docs: list[Complaint], reason: str = "") -> None:
    """`gendan import complaints`: rows checked by core.aftersales.parse_rows, numbers already
    in the database refused by the importer (cli/importer.py) before this is called."""
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    store.executemany(f"INSERT INTO complaints ({_COLS}) VALUES ({','.join('?' * 16)})",
                      [(c.complaint, c.customer, c.kind, c.desc, c.order, c.sku, c.qty, c.supplier, iso(c.received),
                        iso(c.reply_by), iso(c.replied), c.reply_note, None, iso(c.closed), c.cause, c.close_note)
                       for c in docs])
    store.events("complaint", ((c.complaint, _audit(c) | {"replied": iso(c.replied), "closed": iso(c.closed),
                                                          "cause": c.cause}) for c in docs), reason)


def _audit(c: Complaint) -> dict:
    return {"complaint": c.complaint, "customer": c.customer, "kind": c.kind, "desc": c.desc, "order": c.order,
            "sku": c.sku, "qty": c.qty, "supplier": c.supplier, "received": c.received.isoformat(),
            "reply_by": c.reply_by.isoformat()}


def reply(store, no: str, on: date, note: str, today: date) -> Complaint:
    """The first answer to the customer (初步处理)."""
    if not (note or "").strip():
        raise UsageError("--note is empty (say what was answered)")
    c = get(store, no)
    aftersales.check_step(c, "reply", on, today)
    store.execute("UPDATE complaints SET replied = ?, reply_note = ? WHERE complaint_no = ?",
                  (on.isoformat(), note.strip(), no))
    store.event("complaint reply", no, {"replied": None}, {"replied": on.isoformat(), "note": note.strip()})
    return c


def close(store, no: str, on: date, cause: str, note: str, today: date) -> Complaint:
    """Close a complaint with its cause (处理结果)."""
    aftersales.check_cause(cause)
    if not (note or "").strip():
        raise UsageError("--note is empty (say how it ended)")
    c = get(store, no)
    aftersales.check_step(c, "close", on, today)
    store.execute("UPDATE complaints SET closed = ?, cause = ?, close_note = ? WHERE complaint_no = ?",
                  (on.isoformat(), cause, note.strip(), no))
    store.event("complaint close", no, {"closed": None},
                {"closed": on.isoformat(), "cause": cause, "note": note.strip(), "days_open": (on - c.received).days})
    return c


def _action_row(store, no: str, kind: str, on: date, sku: str = "", qty: int | None = None, po: str | None = None,
                note: str = "", credit_note: int | None = None) -> int:
    return store.execute("INSERT INTO complaint_actions (complaint_no, kind, date, sku, qty, po_no, note, credit_note) "
                         "VALUES (?,?,?,?,?,?,?,?)",
                         (no, kind, on.isoformat(), sku, qty, po, note, credit_note)).lastrowid


def rework(store, no: str, on: date, text: str, today: date) -> str:
    if not (text or "").strip():
        raise UsageError("--rework is empty (say what is reworked, e.g. \"re-glue the legs at the customer's\")")
    c = get(store, no)
    aftersales.check_step(c, "action", on, today)
    _action_row(store, no, "rework", on, note=text.strip())
    store.event("complaint action", no, None, {"action": "rework", "date": on.isoformat(), "note": text.strip()})
    return f"rework: {text.strip()}"


def responsible(store, c: Complaint, supplier: str | None) -> Complaint:
    """The complaint with its responsible supplier: `supplier` (from `complaint action --supplier`)
    is recorded when the complaint named none, and must agree when it did."""
    if supplier is None:
        return c
    code = parties.get_supplier(store, supplier).code
    if c.supplier and c.supplier != code:
        raise GendanError(f"complaint {c.complaint} names {c.supplier} as responsible, not {code} (drop --supplier)")
    if not c.supplier:
        store.execute("UPDATE complaints SET supplier = ? WHERE complaint_no = ?", (code, c.complaint))
        store.event("complaint", c.complaint, {"supplier": None}, {"supplier": code})
    from dataclasses import replace as with_
    return with_(c, supplier=code)


def money(store, no: str, kind: str, amount_text: str, on: date, today: date, currency: str | None = None,
          supplier: str | None = None) -> str:
    """A credit note to the customer (`credit`) or a debit note to the responsible supplier
    (`chargeback`): lowers that party's balance in its statement and aging, as a payment does.
    A credit note on a complaint about an order settles that order's goods first."""
    c = get(store, no)
    aftersales.check_step(c, "action", on, today)
    if kind == "chargeback":
        c = responsible(store, c, supplier)
    if kind == "credit":
        direction, party = "in", c.customer
        default = (store.scalar("SELECT currency FROM orders WHERE order_no = ?", (c.order,)) if c.order
                   else parties.get_customer(store, c.customer).currency)
        order = c.order
    else:
        if not c.supplier:
            raise GendanError(f"complaint {no} names no supplier to charge (give --supplier CODE)")
        direction, party, order = "out", c.supplier, None
        default = parties.get_supplier(store, c.supplier).currency
    cur = default if currency is None else currency
    if c.order and kind == "credit" and cur != default:
        raise GendanError(f"order {c.order} is in {default}, not {cur} (a credit note on it is in {default}; omit --currency)")
    amount = parse_amount(amount_text, cur)
    if amount <= 0:
        raise UsageError(f"bad amount {amount_text!r}: must be positive")
    nid = store.execute("INSERT INTO credit_notes (direction, party, amount, currency, date, complaint_no, order_no, ref) "
                        "VALUES (?,?,?,?,?,?,?,?)",
                        (direction, party, str(round_money(amount, cur)), cur, on.isoformat(), no, order, no)).lastrowid
    _action_row(store, no, kind, on, credit_note=nid)
    doc = note_no(direction, nid)
    store.event("complaint action", no, None, {"action": kind, "note": doc, "party": party, "amount": str(amount),
                                               "currency": cur, "date": on.isoformat(), "order": order})
    return f"{kind} {amount} {cur} to {party} ({doc})"


def replace(store, no: str, sku: str, qty: int, price: Decimal, on: date, today: date, po_no: str | None = None,
            due: date | None = None, supplier: str | None = None) -> str:
    """Replacement goods (补件): place a PO with the responsible supplier for the complaint, or
    link an existing one (`po_no`). The PO is chased like any other, its `for_order` on the
    chase list the complaint, at risk when expected later than the complaint's due date
    (the PO's due date + the inspection-and-shipping buffer)."""
    from gendan.store import purchasing
    c = get(store, no)
    aftersales.check_step(c, "action", on, today)
    c = responsible(store, c, supplier)
    buffer = store.setting("buffer_days")
    if po_no is not None:
        po = purchasing.get_po(store, po_no)
        linked = store.scalar("SELECT complaint FROM pos WHERE po_no = ?", (po_no,))
        if po.cancelled:
            raise GendanError(f"PO {po_no} is cancelled (link an open PO, or omit --po to place one)")
        if linked and linked != no:
            raise Conflict(f"PO {po_no} is already the replacement for complaint {linked} (place a new one: omit --po)")
        if c.supplier and po.supplier != c.supplier:
            raise GendanError(f"PO {po_no} is {po.supplier}'s, but complaint {no} names {c.supplier} (check --po)")
        lines = [ln for ln in po.lines if ln.sku == sku]
        if not lines:
            raise GendanError(f"PO {po_no} has no {sku} (its SKUs: {', '.join(sorted({ln.sku for ln in po.lines}))})")
        if sum(ln.qty for ln in lines) < qty:
            raise GendanError(f"PO {po_no} orders {sum(ln.qty for ln in lines)} {sku}, fewer than the {qty} to replace "
                              f"(change the PO first with 'gendan po change', or omit --po)")
        c = responsible(store, c, po.supplier)
        supplier = po.supplier
        expected = max(ln.promised or ln.due for ln in lines)
        store.execute("UPDATE pos SET complaint = ? WHERE po_no = ?", (no, po_no))
        placed = False
    else:
        if not c.supplier:
            raise GendanError(f"complaint {no} names no supplier to make the replacement "
                              f"(give --supplier CODE, or --po NO of a PO already placed)")
        sup = parties.get_supplier(store, c.supplier)
        supplier = sup.code
        expected = due or on + timedelta(days=sup.lead_days or 7)
        if expected < on:
            raise GendanError(f"--due {expected} is before the action date {on} (give a later date)")
        po_no = _new_po_number(store, no)
        from gendan.core.models import PoLine, PurchaseOrder
        po = PurchaseOrder(po=po_no, supplier=supplier, ordered=on, due=expected, currency=sup.currency,
                           lines=(PoLine(1, sku, qty, price, expected, f"replacement for complaint {no}"),))
        purchasing.insert_po(store, po)
        store.execute("UPDATE pos SET complaint = ? WHERE po_no = ?", (no, po_no))
        placed = True
    new_due = expected + timedelta(days=buffer)
    if c.due is None or new_due > c.due:
        store.execute("UPDATE complaints SET due = ? WHERE complaint_no = ?", (new_due.isoformat(), no))
    _action_row(store, no, "replace", on, sku=sku, qty=qty, po=po_no)
    store.event("complaint action", no, None, {"action": "replace", "sku": sku, "qty": qty, "po": po_no,
                                               "placed": placed, "supplier": supplier, "date": on.isoformat(),
                                               "due": new_due.isoformat()})
    return f"replace {sku} × {qty}: {'placed' if placed else 'linked'} {po_no} with {supplier}, due {expected}"


def _new_po_number(store, no: str) -> str:
    n = 1
    while store.conn.execute("SELECT 1 FROM pos WHERE po_no = ?", (f"{no}-R{n}",)).fetchone():
        n += 1
    return f"{no}-R{n}"


# -- replacement shipments -----------------------------------------------------------------------

def replacement_due(store, no: str) -> dict[str, int]:
    """SKU → pieces still to send the customer for a complaint: replaced minus sent."""
    left: dict[str, int] = {}
    for sku, qty in store.conn.execute("SELECT sku, qty FROM complaint_actions WHERE complaint_no = ? "
                                       "AND kind = 'replace'", (no,)):
        left[sku] = left.get(sku, 0) + qty
    for sku, qty in store.conn.execute("SELECT l.sku, l.qty FROM replacement_lines l JOIN shipments s "
                                       f"ON s.id = l.shipment_id WHERE s.complaint = ? AND {live('shipments', 's')}",
                                       (no,)):
        left[sku] = left.get(sku, 0) - qty
    return left


def ship_replacement(store, order_no: str, no: str, items: dict[str, int], on: date, today: date,
                     container: str = "", seal: str = "", bl: str = "", vessel: str = "",
                     force: bool = False, reason: str = "") -> tuple[str, list[str]]:
    """Send replacement goods for a complaint on its order: not invoiced (no debit on the
    customer's statement, no money gates) and not counted as shipped on the order; the
    final-inspection gate applies (`force` ships past it, audited)."""
    from gendan.core import shipping as ship_core
    from gendan.store.shipping import final_inspections
    from gendan.store.orders import get_order
    c = get(store, no)
    if c.order != order_no:
        raise GendanError(f"complaint {no} is about {c.order or 'no order'}, not {order_no} "
                          f"(ship it against {c.order}, or record the order on the complaint)" if c.order else
                          f"complaint {no} names no order (replacement goods ship against the complaint's order)")
    if on > today:
        raise GendanError(f"--date {on} is after today {today} (record the shipment when it leaves)")
    if on < c.received:
        raise GendanError(f"--date {on} is before complaint {no} was received on {c.received} (check --date)")
    left = replacement_due(store, no)
    if not left:
        raise GendanError(f"complaint {no} has no replacement to send (record one with "
                          f"'gendan complaint action {no} --replace SKU=QTY')")
    over = [f"{sku}: sending {q} but {max(left.get(sku, 0), 0)} remain to replace on {no} "
            f"(send at most {max(left.get(sku, 0), 0)})" for sku, q in items.items() if q > left.get(sku, 0)]
    if over:
        raise Blocked(f"replacement shipment on {no} is refused", over)
    order = get_order(store, order_no)
    # The replacement goods are new goods: only a final inspection since the complaint came in covers them.
    finals = [i for i in final_inspections(store, order_no) if i.date >= c.received]
    gate = ship_core.final_inspection_gate(order, finals, sorted(items), on)
    reasons = [Reason(r.text.replace(" covers it", f" since complaint {no} came in ({c.received}) covers it", 1),
                      r.hint) for r in gate.reasons]
    if reasons and not force:
        raise Blocked(f"replacement shipment on {order_no} is blocked", reasons)
    sid = store.execute("INSERT INTO shipments (order_no, date, container, seal, bl, vessel, forced, reason, complaint) "
                        "VALUES (?,?,?,?,?,?,?,?,?)",
                        (order_no, on.isoformat(), container, seal, bl, vessel, int(bool(reasons)), reason, no)).lastrowid
    store.executemany("INSERT INTO replacement_lines (shipment_id, line, sku, qty) VALUES (?,?,?,?)",
                      [(sid, i, sku, q) for i, (sku, q) in enumerate(sorted(items.items()), 1)])
    shipno = shipment_no(sid)
    after = {"shipment": shipno, "order": order_no, "complaint": no, "date": on.isoformat(), "container": container,
             "seal": seal, "bl": bl, "vessel": vessel, "forced": bool(reasons),
             "lines": [{"sku": sku, "qty": q} for sku, q in sorted(items.items())]}
    if reasons:
        after["overridden"] = [str(r) for r in reasons]
    store.event("shipment", no, None, after, reason)
    return shipno, reasons


def replacement_states(store) -> dict[str, tuple[int, int, date | None]]:
    """complaint → (pieces to replace, pieces sent, latest expected date of its open PO lines),
    for the open complaints with a replacement (the morning report)."""
    out: dict[str, list] = {}
    for no, qty in store.conn.execute(
            "SELECT a.complaint_no, SUM(a.qty) FROM complaint_actions a JOIN complaints c ON c.complaint_no = "
            "a.complaint_no WHERE c.closed IS NULL AND a.kind = 'replace' GROUP BY a.complaint_no"):
        out[no] = [qty, 0, None]
    if not out:
        return {}
    for no, qty in store.conn.execute(
            "SELECT s.complaint, SUM(l.qty) FROM shipments s JOIN replacement_lines l ON l.shipment_id = s.id "
            f"WHERE s.complaint IS NOT NULL AND {live('shipments', 's')} GROUP BY s.complaint"):
        if no in out:
            out[no][1] = qty
    for no, due, promised in store.conn.execute(
            "SELECT p.complaint, l.due, (SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no "
            "AND pr.line = l.line ORDER BY pr.id DESC LIMIT 1) FROM pos p JOIN po_lines l ON l.po_no = p.po_no "
            "WHERE p.complaint IS NOT NULL AND l.open = 1 AND p.cancelled = 0"):
        if no in out:
            when = date.fromisoformat(promised or due)
            out[no][2] = when if out[no][2] is None else max(out[no][2], when)
    return {k: tuple(v) for k, v in out.items()}


# -- reading for show, the ledger and the other areas ------------------------------------------

def view(store, no: str, today: date) -> dict:
    """`complaint show`: the list row, the description and notes, every step, the replacement
    POs and shipments."""
    c = get(store, no)
    steps = [{"date": c.received, "action": "received", "sku": c.sku, "qty": c.qty, "po": None, "doc": "",
              "amount": None, "currency": "", "note": c.desc}]
    if c.replied and c.replied <= today:
        steps.append({"date": c.replied, "action": "reply", "sku": "", "qty": None, "po": None, "doc": "",
                      "amount": None, "currency": "", "note": c.reply_note})
    for a in aftersales.actions_on(c, today):
        steps.append({"date": a.date, "action": a.kind + (" (void)" if a.void_on(today) else ""), "sku": a.sku, "qty": a.qty,
                      "po": a.po, "doc": a.doc, "amount": a.amount, "currency": a.currency, "note": a.note})
    for r in store.conn.execute("SELECT s.id, s.date, l.sku, l.qty, s.container FROM shipments s JOIN "
                                "replacement_lines l ON l.shipment_id = s.id WHERE s.complaint = ? AND s.date <= ? "
                                f"AND {live('shipments', 's')} ORDER BY s.date, s.id, l.line", (no, today.isoformat())):
        steps.append({"date": date.fromisoformat(r[1]), "action": "shipped", "sku": r[2], "qty": r[3], "po": None,
                      "doc": shipment_no(r[0]), "amount": None, "currency": "",
                      "note": f"container {r[4]}" if r[4] else ""})
    if c.closed and c.closed <= today:
        steps.append({"date": c.closed, "action": "close", "sku": "", "qty": None, "po": None, "doc": "",
                      "amount": None, "currency": "", "note": f"{c.cause}: {c.close_note}"})
    steps.sort(key=lambda s: s["date"])
    return aftersales.row(c, today) | {"desc": c.desc, "due": c.due, "steps": steps}


def void_note(store, text: str, reason: str, today: date) -> str:
    """`complaint void CN-00001 --reason …`: a credit or debit note entered by mistake stops
    counting from the void's date (today, or the note's own date when later), as a voided
    payment does (store.corrections); the statement shows the note and its reversal. The reason
    is kept on the note and in the audit log under the complaint."""
    from gendan.core import numbers
    from gendan.core.corrections import void_date
    nid = numbers.parse(numbers.CREDIT_NOTE, text) or numbers.parse(numbers.DEBIT_NOTE, text)
    if nid is None:
        raise UsageError(f"bad note number {text!r} (write it as listed, e.g. CN-00001 or DN-00002)")
    row = store.one("SELECT * FROM credit_notes WHERE id = ?", (nid,))
    if row is None:
        raise NotFound(f"unknown note {text!r} (see 'gendan complaint show NO')")
    doc = note_no(row["direction"], nid)
    if not text.strip().upper().startswith(doc[:3]) and not text.strip().isdecimal():
        raise NotFound(f"unknown note {text!r}: {nid} is {doc} (write {doc})")
    if row["voided"] is not None:
        raise GendanError(f"{doc} is already void (voided on {row['voided']}; see 'gendan log {row['complaint_no']}')")
    on = void_date(date.fromisoformat(row["date"]), today)
    store.execute("UPDATE credit_notes SET voided = ?, void_reason = ? WHERE id = ?", (on.isoformat(), reason, nid))
    store.event("void", row["complaint_no"], {"note": doc, "party": row["party"], "amount": row["amount"],
                                              "currency": row["currency"], "voided": False},
                {"note": doc, "date": on.isoformat(), "voided": True}, reason)
    return f"{doc} void from {on}: {row['amount']} {row['currency']} to {row['party']} no longer counts"
