"""Payments (收款/付款): money in from customers and out to suppliers, optionally against an
order or a PO. A payment without a document is unallocated and kept per party (statements
read it); only payments against an order count toward its deposit and balance gates."""
from datetime import date
from decimal import Decimal

from gendan.core.money import ZERO, round_money
from gendan.core.shipping import check_payment
from gendan.errors import NotFound
from gendan.store import asof, db, parties
from gendan.store.db import KEYS, not_found, select_in
from gendan.store.live import live

LIST_FIELDS = ["payment", "date", "direction", "party", "amount", "currency", "order", "po", "ref", "void"]


def pay_in(store, customer: str, amount: Decimal, on: date, currency: str | None = None,
           order_no: str | None = None, ref: str = "") -> int:
    """Record money received from a customer (inside the caller's transaction)."""
    cust = parties.get_customer(store, customer)
    doc_party = doc_currency = None
    if order_no is not None:
        row = store.one("SELECT customer, currency FROM orders WHERE order_no = ?", (order_no,))
        if row is None:
            raise not_found(store, "order", order_no, "orders", "order_no", "see 'gendan order list --all'")
        doc_party, doc_currency = row["customer"], row["currency"]
    cur = check_payment(cust.code, amount, currency, order_no, "order", doc_party, doc_currency, cust.currency)
    return _insert(store, "in", cust.code, amount, cur, on, order_no, None, ref)


def pay_out(store, supplier: str, amount: Decimal, on: date, currency: str | None = None,
            po_no: str | None = None, ref: str = "") -> int:
    """Record money paid to a supplier (inside the caller's transaction)."""
    sup = parties.get_supplier(store, supplier)
    doc_party = doc_currency = None
    if po_no is not None:
        row = store.one("SELECT supplier, currency FROM pos WHERE po_no = ?", (po_no,))
        if row is None:
            raise not_found(store, "PO", po_no, "pos", "po_no", "see 'gendan po list --all'")
        doc_party, doc_currency = row["supplier"], row["currency"]
    cur = check_payment(sup.code, amount, currency, po_no, "PO", doc_party, doc_currency, sup.currency)
    return _insert(store, "out", sup.code, amount, cur, on, None, po_no, ref)


def _insert(store, direction: str, party: str, amount: Decimal, currency: str, on: date,
            order_no: str | None, po_no: str | None, ref: str) -> int:
    amount = round_money(amount, currency)  # '5355' is stored as '5355.00'
    cur = store.execute("INSERT INTO payments (direction, party, amount, currency, date, order_no, po_no, ref) "
                        "VALUES (?,?,?,?,?,?,?,?)",
                        (direction, party, str(amount), currency, on.isoformat(), order_no, po_no, ref))
    row = {"payment": cur.lastrowid, "direction": direction, "party": party, "amount": str(amount),
           "currency": currency, "date": on.isoformat(), "order": order_no, "po": po_no, "ref": ref}
    # Keyed by the document when there is one, so `order show` / `gendan log SO-1` show it.
    store.event("payment", order_no or po_no or party, None, row, day=on)
    return cur.lastrowid


def paid_on_orders(store, nos: list[str], day: date | None = None) -> dict[str, Decimal]:
    """order → payments received against it (exact Decimal sum of the stored strings), those
    dated on or before `day` when given."""
    out: dict[str, Decimal] = {}
    dated = f" AND {asof.in_force('payments')}" if day else ""
    for order_no, amount in select_in(store.conn, f"SELECT order_no, amount FROM payments WHERE direction = 'in' "
                                      f"AND order_no IN {KEYS} AND {live('payments')}{dated}", nos,
                                      after=[day.isoformat()] if day else []):
        out[order_no] = out.get(order_no, ZERO) + Decimal(amount)
    return out


def payment_rows(store, direction: str | None = None, party: str | None = None,
                 since: date | None = None, until: date | None = None) -> list[dict]:
    """`pay list`: payments by date (to `until`, today), optionally one direction, one party,
    from a date."""
    where, params = db.where((asof.in_force("payments"), (until or date.max).isoformat()),
                             ("direction = ?", direction or None), ("party = ?", party or None),
                             ("date >= ?", since and since.isoformat()))
    from gendan.core.corrections import number
    return [{"payment": number("payment", r["id"]), "date": r["date"], "direction": r["direction"], "party": r["party"],
             "amount": Decimal(r["amount"]), "currency": r["currency"], "order": r["order_no"], "po": r["po_no"],
             "ref": r["ref"], "void": r["voided"] is not None}
            for r in store.query(f"SELECT * FROM payments {where} ORDER BY date, id", params)]
