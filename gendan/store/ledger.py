"""Reading the accounts: shipments, accepted receipts and payments as ledger entries.

Nothing here is stored: every entry is rebuilt from the documents on each call, so a balance
can never disagree with the shipments, receipts and payments behind it. This module and
store/ledger_cuts.py do not import store/db.py: the transaction there keeps the cuts.

A voided record (m006) counts until its void's date. A statement (`reversals=True`) shows it
on its own date and its reversal on the void's date, as an accountant writes a correction;
every other reader (aging, the morning report, the settled cuts, statement matching) leaves
out a record voided by the day it reads, so the pair never skews which goods a payment paid.
"""
from datetime import date
from decimal import Decimal

from gendan.core.ledger import Entry, customer_due, settled_debit, supplier_due
from gendan.core.money import ZERO, line_amount
from gendan.core.numbers import note_no, payment_no, receipt_no, shipment_no
from gendan.store.live import live


def _party_clause(column: str, party: str | None, until: date | None, date_col: str,
                  since: str | None = None, by_date: bool = False) -> tuple[str, list]:
    """The WHERE clause of an account's entries. `by_date` keeps SQLite from reading the
    party's whole history through its index (the unary + makes the party test a filter),
    so the date index finds the few entries after `since` instead."""
    clauses, params = [], []
    if party is not None:
        clauses.append(f"{'+' if by_date else ''}{column} = ?")
        params.append(party)
    if until is not None:
        clauses.append(f"{date_col} <= ?")
        params.append(until.isoformat())
    if since is not None:
        clauses.append(f"{date_col} > ?")
        params.append(since)
    return (" AND " + " AND ".join(clauses)) if clauses else "", params


COUNT_CAP = 50_000   # index entries counted, at most, to choose how to read an account's recent entries


def _few_since(store, table: str, since: str | None, docs: str, party_col: str, party: str, ratio: int) -> bool:
    """Is reading every party's `table` rows dated after `since` (by the date index) shorter
    than reading this party's whole history (its `docs` by their party index, then each one's
    rows)? A write's settled cut looks only past the last settled day, usually a few weeks
    of entries, while an old supplier has years of POs. The date path wins while it has
    fewer than `ratio` times as many rows as the party has documents (see the callers).
    Both counts stop early, so asking costs at most COUNT_CAP index entries."""
    if since is None:
        return False
    conn = store.conn
    after = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE date > ? LIMIT {COUNT_CAP})",
                         (since,)).fetchone()[0]
    if after >= COUNT_CAP:
        return False
    mine = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {docs} WHERE {party_col} = ? "
                        f"LIMIT {after // ratio + 1})", (party,)).fetchone()[0]
    return after < ratio * mine


def _void_applies(voided: str | None, until: date | None) -> bool:
    """Is a record voided on `voided` (None: in force) void as of `until` (None: ever)?"""
    return voided is not None and (until is None or voided <= until.isoformat())


def _reversal(e: Entry, voided: str, what: str) -> Entry:
    """The other side of a voided entry, on the void's date (a statement row)."""
    return Entry(e.party, e.currency, date.fromisoformat(voided), e.doc, "void", f"void of {what}",
                 debit=e.credit, credit=e.debit, ref=e.ref, keys=e.keys)


def customer_entries(store, party: str | None = None, until: date | None = None,
                     reversals: bool = False) -> list[Entry]:
    """A customer's account (or every customer's): debits for goods shipped, credits for
    money received; with `reversals`, voided records and their reversals (a statement)."""
    return (shipment_debits(store, party, until, reversals=reversals)
            + credit_entries(store, "in", party, until, reversals=reversals))


def shipment_debits(store, party: str | None = None, until: date | None = None, since: str | None = None,
                    reversals: bool = False) -> list[Entry]:
    """One debit per shipment (dated after `since` when given)."""
    # By date when there are fewer than twice as many recent shipments as the party has orders
    # (each path costs about three look-ups a row, the party's about two an order and one a row).
    by_date = party is not None and _few_since(store, "shipments", since, "orders", "customer", party, 2)
    where, params = _party_clause("o.customer", party, until, "s.date", since, by_date)
    rows = store.query(
        "SELECT s.id, s.date, s.container, s.bl, o.order_no, o.customer, o.currency, o.balance_before_ship, "
        "o.credit_days, ol.sku, l.price, l.qty, s.voided FROM shipments s "
        "JOIN shipment_lines l ON l.shipment_id = s.id "
        "JOIN order_lines ol ON ol.order_no = l.order_no AND ol.line = l.line "
        f"JOIN orders o ON o.order_no = s.order_no WHERE 1 = 1{where} ORDER BY s.id, l.line", params)
    groups: dict[int, list] = {}
    for r in rows:
        groups.setdefault(r["id"], []).append(r)
    out = []
    for lines in groups.values():
        voided = lines[0]["voided"]
        if _void_applies(voided, until) and not reversals:
            continue
        out.append(_shipment_entry(lines))
        if _void_applies(voided, until):
            out.append(_reversal(out[-1], voided, shipment_no(lines[0]["id"])))
    return out


def _shipment_entry(lines) -> Entry:
    head = lines[0]
    when, cur = date.fromisoformat(head["date"]), head["currency"]
    amount = sum((line_amount(r["qty"], Decimal(r["price"]), cur) for r in lines), ZERO)
    no = shipment_no(head["id"])
    what = ", ".join(f"{r['sku']} × {r['qty']}" for r in lines)
    if head["container"]:
        what += f" (container {head['container']})"
    return Entry(head["customer"], cur, when, f"{no}/{head['order_no']}", "shipment", what, debit=amount,
                 ref=head["order_no"], due=customer_due(when, bool(head["balance_before_ship"]), head["credit_days"]),
                 keys=tuple(k for k in (no, head["order_no"], head["bl"], head["container"]) if k))


def supplier_entries(store, party: str | None = None, until: date | None = None, lean: bool = False,
                     reversals: bool = False) -> list[Entry]:
    """A supplier's account (or every supplier's): debits for goods accepted (rejected goods
    are not owed), one per delivery (PO, date, delivery note); credits for money paid.
    `lean` leaves out the descriptions and matching keys, for reports that only need amounts
    and dates (the morning report); `reversals` as for customer_entries."""
    return (receipt_debits(store, party, until, lean=lean, reversals=reversals)
            + credit_entries(store, "out", party, until, reversals=reversals))


def receipt_debits(store, party: str | None = None, until: date | None = None, since: str | None = None,
                   lean: bool = False, reversals: bool = False) -> list[Entry]:
    """One debit per delivery (dated after `since` when given), at the price each receipt
    came in at (a PO line's later price applies to what is still to come)."""
    # By date (m007), the receipts after `since` are read in the date index, which carries each
    # one's PO, and kept when the PO is among the supplier's (an IN list from the supplier
    # index): other suppliers' receipts cost a few index bytes, not a row each. That path reads
    # index entries in order where the other reads the party's POs one by one, so it wins
    # until there are 50 times more recent receipts than the party has POs.
    by_date = party is not None and _few_since(store, "receipts", since, "pos", "supplier", party, 50)
    where, params = _party_clause("p.supplier", party, until, "r.date", since, by_date)
    if by_date:
        mine, join = " AND +r.po_no IN (SELECT po_no FROM pos WHERE supplier = ?)", "CROSS JOIN"
        params = [party, *params]
    else:
        mine, join = "", "JOIN"
    rows = store.query(
        "SELECT r.po_no, r.date, r.ref, r.qty, r.rejected, l.sku, COALESCE(r.price, l.price) AS price, "
        "p.supplier, p.currency, s.credit_days, r.id, r.voided "
        f"FROM receipts r {join} po_lines l ON l.po_no = r.po_no AND l.line = r.line "
        f"{join} pos p ON p.po_no = r.po_no JOIN suppliers s ON s.code = p.supplier "
        f"WHERE 1 = 1{mine} AND r.qty > r.rejected{where} ORDER BY r.date, r.po_no, r.ref, r.line", params)
    groups: dict[tuple, list] = {}
    for r in rows:
        if reversals or not _void_applies(r["voided"], until):
            groups.setdefault((r["po_no"], r["date"], r["ref"]), []).append(r)
    build = _lean_receipt if lean else _receipt_entry
    out = []
    for lines in groups.values():
        out.append(build(lines))
        out += [_reversal(build([r]), r["voided"], receipt_no(r["id"])) for r in lines
                if _void_applies(r["voided"], until)]
    return out


def _delivery_amount(lines) -> Decimal:
    cur = lines[0]["currency"]
    return sum((line_amount(r["qty"] - r["rejected"], Decimal(r["price"]), cur) for r in lines), ZERO)


def _lean_receipt(lines) -> Entry:
    head = lines[0]
    when = date.fromisoformat(head["date"])
    return Entry(head["supplier"], head["currency"], when, head["ref"] or head["po_no"], "receipt",
                 debit=_delivery_amount(lines), ref=head["po_no"], due=supplier_due(when, head["credit_days"]))


def _receipt_entry(lines) -> Entry:
    head = lines[0]
    when, cur = date.fromisoformat(head["date"]), head["currency"]
    amount = _delivery_amount(lines)
    what = ", ".join(f"{r['sku']} × {r['qty'] - r['rejected']}" + (f" ({r['rejected']} rejected)" if r["rejected"] else "")
                     for r in lines)
    return Entry(head["supplier"], cur, when, head["ref"] or head["po_no"], "receipt", f"{head['po_no']}: {what}",
                 debit=amount, ref=head["po_no"], due=supplier_due(when, head["credit_days"]),
                 keys=tuple(k for k in (head["po_no"], head["ref"]) if k))


# Is this credit's order/PO one with a debit (shipment / accepted delivery, not voided) on or
# before its account's settled cut? Then it paid that history only (core.ledger.settled_cut),
# and a reader past the cut takes it as unallocated (core.ledger.fold). One search of the
# cut by its key and of the order's shipments / the PO's receipts by their index, per credit.
_SETTLED_ORDER = {
    "in": "{t}.order_no IS NOT NULL AND EXISTS (SELECT 1 FROM shipments s JOIN orders o ON o.order_no = s.order_no "
          "WHERE s.order_no = {t}.order_no AND " + live("shipments", "s") + " AND o.customer = {t}.party "
          "AND o.currency = {t}.currency AND s.date <= (SELECT c.through FROM ledger_cuts c "
          "WHERE c.direction = 'in' AND c.party = {t}.party AND c.currency = {t}.currency))",
    "out": "{t}.po_no IS NOT NULL AND EXISTS (SELECT 1 FROM receipts r JOIN pos p ON p.po_no = r.po_no "
           "WHERE r.po_no = {t}.po_no AND r.qty > r.rejected AND " + live("receipts", "r") + " AND p.supplier = {t}.party "
           "AND p.currency = {t}.currency AND r.date <= (SELECT c.through FROM ledger_cuts c "
           "WHERE c.direction = 'out' AND c.party = {t}.party AND c.currency = {t}.currency))",
}


def _settled_column(direction: str, table: str, folded) -> str:
    """The SELECT column that marks a credit of `_SETTLED_ORDER` (0 when nothing is folded)."""
    if not folded:
        return "0"
    if table == "credit_notes":   # debit notes to suppliers name no PO
        return _SETTLED_ORDER["in"].format(t=table) if direction == "in" else "0"
    return _SETTLED_ORDER[direction].format(t=table)


def payment_entries(store, direction: str, party: str | None = None, until: date | None = None,
                    lean: bool = False, reversals: bool = False, folded=None) -> list[Entry]:
    """Payments as credits: money in from customers, or out to suppliers. `lean` leaves out
    the descriptions and matching keys, as for receipts; `reversals` as for customer_entries.
    `folded`: the accounts (party, currency) read past their settled cut, whose payments for
    an order/PO with a debit on or before the cut come unallocated (core.ledger.fold)."""
    where, params = _party_clause("party", party, until, "date")
    alloc_col = "order_no" if direction == "in" else "po_no"
    rows = store.conn.execute(f"SELECT id, party, currency, date, ref, amount, {alloc_col}, voided, "
                              f"{_settled_column(direction, 'payments', folded)} FROM payments "
                              f"WHERE direction = ?{where} ORDER BY date, id", [direction, *params])
    out = []
    verb = "received" if direction == "in" else "paid"
    for pay_id, party_, currency, when, ref, amount, alloc, voided, settled in rows:
        if settled and (party_, currency) in folded:
            alloc = None
        pay_no = payment_no(pay_id)
        if voided is not None and _void_applies(voided, until):
            if reversals:
                e = Entry(party_, currency, date.fromisoformat(when), ref or pay_no, "payment",
                          verb + (f" for {alloc}" if alloc else " on account"), credit=Decimal(amount), ref=alloc,
                          keys=tuple(k for k in (pay_no, ref, alloc) if k))
                out += [e, _reversal(e, voided, pay_no)]
            continue
        if lean:
            out.append(Entry(party_, currency, date.fromisoformat(when), ref or pay_no, "payment",
                             credit=Decimal(amount), ref=alloc))
            continue
        what = verb + (f" for {alloc}" if alloc else " on account")
        out.append(Entry(party_, currency, date.fromisoformat(when), ref or pay_no, "payment", what,
                         credit=Decimal(amount), ref=alloc, keys=tuple(k for k in (pay_no, ref, alloc) if k)))
    return out


def credit_entries(store, direction: str, party: str | None = None, until: date | None = None,
                   lean: bool = False, reversals: bool = False, folded=None) -> list[Entry]:
    """Everything that lowers a balance: payments, and the credit notes to customers / debit
    notes to suppliers of after-sales (complaint action --credit/--chargeback), which the ledger
    treats alike, voids included. `folded` as for payment_entries."""
    return (payment_entries(store, direction, party, until, lean, reversals, folded)
            + note_entries(store, direction, party, until, lean, reversals, folded))


def note_entries(store, direction: str, party: str | None = None, until: date | None = None,
                 lean: bool = False, reversals: bool = False, folded=None) -> list[Entry]:
    """Credit notes (customers) or debit notes (suppliers) as ledger credits: they lower the
    balance as a payment does. `doc` is the note number, `ref` the order a credit note settles.
    A voided note (`complaint void`) is read as a voided payment is: gone from its void's date,
    and with `reversals` shown with its reversal (a statement)."""
    where, params = _party_clause("party", party, until, "date")
    kind = "credit-note" if direction == "in" else "debit-note"
    out = []
    for nid, party_, cur, when, amount, complaint, order, voided, settled in store.conn.execute(
            "SELECT id, party, currency, date, amount, complaint_no, order_no, voided, "
            f"{_settled_column(direction, 'credit_notes', folded)} FROM credit_notes "
            f"WHERE direction = ?{where} ORDER BY date, id", [direction, *params]):
        doc = note_no(direction, nid)
        void = voided is not None and _void_applies(voided, until)
        if void and not reversals:
            continue
        what = "" if lean and not void else (f"{'credit' if direction == 'in' else 'charge-back'} for complaint "
                                             f"{complaint}" + (f" on {order}" if order else ""))
        keys = () if lean and not void else tuple(k for k in (doc, complaint, order) if k)
        ref = None if settled and (party_, cur) in folded else order
        e = Entry(party_, cur, date.fromisoformat(when), doc, kind, what, credit=Decimal(amount), ref=ref, keys=keys)
        out += [e, _reversal(e, voided, doc)] if void else [e]
    return out


# -- settled cuts: the morning report reads only what is not yet paid -------------------------
# (the cuts are kept by store/ledger_cuts.py, at the end of every write)

def debits(store, direction: str, party=None, until=None, since=None) -> list[Entry]:
    if direction == "in":
        return shipment_debits(store, party, until, since)
    return receipt_debits(store, party, until, since, lean=True)


def report_entries(store, direction: str, until: date) -> list[Entry]:
    """Every party's entries for open items on `until` (the morning report's money, `reconcile
    aging`), each account's settled history folded into one paid debit
    (core.ledger.settled_cut, kept by store/ledger_cuts.py), so paid years are not read; their
    orders' payments come unallocated, to pay that debit (core.ledger.fold). A party with
    anything dated after `until` (a post-dated payment, a report for a past day) is read whole:
    its cut counts that entry. Everything is read whole while a recomputation is pending.

    Every account with entries has a row in `ledger_cuts` (m002 marked them all, triggers mark
    every later change), as every PO line has its `open` flag; `gendan check` verifies both
    (a row deleted by hand can hide an old account from this report until then)."""
    if store.conn.execute("SELECT 1 FROM ledger_dirty LIMIT 1").fetchone():
        return _everything(store, direction, until)
    cuts = {(r[0], r[1]): (date.fromisoformat(r[2]) if r[2] else None, Decimal(r[3])) for r in store.conn.execute(
        "SELECT party, currency, through, settled FROM ledger_cuts WHERE direction = ?", (direction,))}
    late = _parties_after(store, direction, until)
    whole = {key for key, (through, _) in cuts.items() if through is None or key[0] in late}
    out = [e for party in sorted({p for p, _ in whole}) for e in debits(store, direction, party, until)
           if (e.party, e.currency) in whole]
    dates = [through for key, (through, _) in cuts.items() if key not in whole]
    for e in debits(store, direction, until=until, since=min(dates).isoformat()) if dates else ():
        key = (e.party, e.currency)
        if key not in cuts:   # ledger_cuts edited by hand: read everything rather than fail
            return _everything(store, direction, until)
        if key not in whole and e.date > cuts[key][0]:
            out.append(e)
    folded = {key for key in cuts if key not in whole}
    out += [settled_debit(*key, cut) for key, cut in cuts.items() if key in folded]
    return out + credit_entries(store, direction, until=until, lean=True, folded=folded)


def _everything(store, direction: str, until: date) -> list[Entry]:
    return debits(store, direction, until=until) + credit_entries(store, direction, until=until, lean=True)


def _parties_after(store, direction: str, until: date) -> set[str]:
    """Parties with a shipment or receipt, or a payment, dated after `until` (date indexes)."""
    day = until.isoformat()
    debits = ("SELECT o.customer FROM shipments s JOIN orders o ON o.order_no = s.order_no WHERE s.date > ?"
              if direction == "in" else
              "SELECT p.supplier FROM receipts r JOIN pos p ON p.po_no = r.po_no WHERE r.date > ?")
    # A void dated after `until` (m006's partial indexes): the record still counts that day.
    voids = ("SELECT o.customer FROM shipments s JOIN orders o ON o.order_no = s.order_no WHERE s.voided > ?"
             if direction == "in" else
             "SELECT p.supplier FROM receipts r JOIN pos p ON p.po_no = r.po_no WHERE r.voided > ?")
    return {r[0] for r in store.conn.execute(
        f"{debits} UNION {voids} UNION SELECT party FROM payments WHERE direction = ? AND date > ? "
        "UNION SELECT party FROM payments WHERE +direction = ? AND voided > ? "   # + : the voids' index
        "UNION SELECT party FROM credit_notes WHERE direction = ? AND (date > ? OR voided > ?)",
        (day, day, direction, day, direction, day, direction, day, day))}
