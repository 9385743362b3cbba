"""Reading the accounts: shipments, accepted receipts and payments as ledger entries.

Nothing here is stored: every entry is rebuilt from the documents on each call, so a balance
can never disagree with the shipments, receipts and payments behind it.
"""
from datetime import date
from decimal import Decimal

from gendan.core.ledger import Entry, customer_due, supplier_due
from gendan.core.money import ZERO, line_amount
from gendan.store.views import shipment_no


def _party_clause(column: str, party: str | None, until: date | None, date_col: str) -> tuple[str, list]:
    clauses, params = [], []
    if party is not None:
        clauses.append(f"{column} = ?")
        params.append(party)
    if until is not None:
        clauses.append(f"{date_col} <= ?")
        params.append(until.isoformat())
    return (" AND " + " AND ".join(clauses)) if clauses else "", params


def customer_entries(store, party: str | None = None, until: date | None = None) -> list[Entry]:
    """A customer's account (or every customer's): debits for goods shipped, credits for
    money received."""
    where, params = _party_clause("o.customer", party, until, "s.date")
    rows = store.query(
        "SELECT s.id, s.date, s.container, s.bl, o.order_no, o.customer, o.currency, o.balance_before_ship, "
        "o.credit_days, ol.sku, ol.price, l.qty FROM shipments s "
        "JOIN shipment_lines l ON l.shipment_id = s.id "
        "JOIN order_lines ol ON ol.order_no = l.order_no AND ol.line = l.line "
        f"JOIN orders o ON o.order_no = s.order_no WHERE 1 = 1{where} ORDER BY s.id, l.line", params)
    groups: dict[int, list] = {}
    for r in rows:
        groups.setdefault(r["id"], []).append(r)
    out = [_shipment_entry(lines) for lines in groups.values()]
    return out + payment_entries(store, "in", party, until)


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


def supplier_entries(store, party: str | None = None, until: date | None = None, lean: bool = False) -> list[Entry]:
    """A supplier's account (or every supplier's): debits for goods accepted (rejected goods
    are not owed), one per delivery (PO, date, delivery note); credits for money paid.
    `lean` leaves out the descriptions and matching keys, for reports that only need amounts
    and dates (the morning report reads every supplier's whole history)."""
    where, params = _party_clause("p.supplier", party, until, "r.date")
    rows = store.query(
        "SELECT r.po_no, r.date, r.ref, r.qty, r.rejected, l.sku, l.price, p.supplier, p.currency, "
        "s.credit_days FROM receipts r JOIN po_lines l ON l.po_no = r.po_no AND l.line = r.line "
        "JOIN pos p ON p.po_no = r.po_no JOIN suppliers s ON s.code = p.supplier "
        f"WHERE r.qty > r.rejected{where} ORDER BY r.date, r.po_no, r.ref, r.line", params)
    groups: dict[tuple, list] = {}
    for r in rows:
        groups.setdefault((r["po_no"], r["date"], r["ref"]), []).append(r)
    if lean:
        return [_lean_receipt(lines) for lines in groups.values()] + payment_entries(store, "out", party, until)
    out = [_receipt_entry(lines) for lines in groups.values()]
    return out + payment_entries(store, "out", party, until)


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


def payment_entries(store, direction: str, party: str | None = None, until: date | None = None) -> list[Entry]:
    """Payments as credits: money in from customers, or out to suppliers."""
    where, params = _party_clause("party", party, until, "date")
    rows = store.query(f"SELECT * FROM payments WHERE direction = ?{where} ORDER BY date, id", [direction, *params])
    out = []
    for r in rows:
        alloc = r["order_no"] if direction == "in" else r["po_no"]
        pay_no = f"PAY-{r['id']:05d}"
        what = ("received" if direction == "in" else "paid") + (f" for {alloc}" if alloc else " on account")
        out.append(Entry(r["party"], r["currency"], date.fromisoformat(r["date"]), r["ref"] or pay_no, "payment",
                         what, credit=Decimal(r["amount"]), ref=alloc,
                         keys=tuple(k for k in (pay_no, r["ref"], alloc) if k)))
    return out
