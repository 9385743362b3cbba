"""Customers and suppliers: rows ↔ models."""
from dataclasses import asdict
from decimal import Decimal

from gendan.core.models import Customer, Supplier
from gendan.errors import Conflict
from gendan.store.db import not_found


def _customer(row) -> Customer:
    return Customer(code=row["code"], name=row["name"], currency=row["currency"],
                    deposit_pct=Decimal(row["deposit_pct"]), balance_before_ship=bool(row["balance_before_ship"]),
                    credit_days=row["credit_days"], contact=row["contact"], phone=row["phone"], email=row["email"])


def _supplier(row) -> Supplier:
    return Supplier(code=row["code"], name=row["name"], currency=row["currency"], credit_days=row["credit_days"],
                    lead_days=row["lead_days"], contact=row["contact"], phone=row["phone"], email=row["email"])


def get_customer(store, code: str) -> Customer:
    row = store.one("SELECT * FROM customers WHERE code = ?", (code,))
    if row is None:
        raise not_found(store, "customer", code, "customers", "code",
                           "see 'gendan customer list', or add it with 'gendan customer add'")
    return _customer(row)


def get_supplier(store, code: str) -> Supplier:
    row = store.one("SELECT * FROM suppliers WHERE code = ?", (code,))
    if row is None:
        raise not_found(store, "supplier", code, "suppliers", "code",
                           "see 'gendan supplier list', or add it with 'gendan supplier add'")
    return _supplier(row)


def list_customers(store) -> list[Customer]:
    return [_customer(r) for r in store.query("SELECT * FROM customers ORDER BY code")]


def list_suppliers(store) -> list[Supplier]:
    return [_supplier(r) for r in store.query("SELECT * FROM suppliers ORDER BY code")]


def add_customer(store, c: Customer) -> None:
    if store.scalar("SELECT 1 FROM customers WHERE code = ?", (c.code,)):
        raise Conflict(f"customer {c.code!r} already exists (choose another code, or see 'gendan customer show {c.code}')")
    row = asdict(c) | {"deposit_pct": str(c.deposit_pct), "balance_before_ship": int(c.balance_before_ship)}
    _insert(store, "customers", row)
    store.event("customer", c.code, None, asdict(c))


def add_supplier(store, s: Supplier) -> None:
    if store.scalar("SELECT 1 FROM suppliers WHERE code = ?", (s.code,)):
        raise Conflict(f"supplier {s.code!r} already exists (choose another code, or see 'gendan supplier show {s.code}')")
    _insert(store, "suppliers", asdict(s))
    store.event("supplier", s.code, None, asdict(s))


def edit_customer(store, code: str, changes: dict) -> Customer:
    """Change a customer's fields; audited before → after. Terms were copied onto each order
    when it was placed, so orders already placed keep theirs; new orders take the new ones."""
    return _edit(store, "customer", get_customer(store, code), changes)


def edit_supplier(store, code: str, changes: dict) -> Supplier:
    """Change a supplier's fields; audited before → after."""
    return _edit(store, "supplier", get_supplier(store, code), changes)


def _edit(store, entity: str, before, changes: dict):
    from dataclasses import replace
    from gendan.errors import UsageError
    if not changes:
        raise UsageError(f"nothing to change (give any option of 'gendan {entity} add', e.g. --phone)")
    after = replace(before, **changes)
    was, now = asdict(before), asdict(after)
    diff = {k for k in now if now[k] != was[k]}
    if not diff:
        return after
    row = {k: now[k] for k in sorted(diff)}
    row = {k: (str(v) if k == "deposit_pct" else int(v) if k == "balance_before_ship" else v) for k, v in row.items()}
    store.execute(f"UPDATE {entity}s SET {', '.join(f'{k} = ?' for k in row)} WHERE code = ?",
                  (*row.values(), before.code))
    store.event(entity, before.code, {k: was[k] for k in sorted(diff)}, {k: now[k] for k in sorted(diff)})
    return after


def _insert(store, table: str, row: dict) -> None:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    store.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))


# -- bulk (gendan import) ---------------------------------------------------------------
def customer_map(store) -> dict[str, Customer]:
    return {c.code: c for c in list_customers(store)}


def supplier_map(store) -> dict[str, Supplier]:
    return {s.code: s for s in list_suppliers(store)}


def add_parties(store, kind: str, parties: list, reason: str = "") -> None:
    """Insert many new customers or suppliers (codes already checked), one event each."""
    table = "customers" if kind == "customers" else "suppliers"
    rows = [asdict(p) for p in parties]
    for row in rows:
        if "deposit_pct" in row:
            row["deposit_pct"], row["balance_before_ship"] = str(row["deposit_pct"]), int(row["balance_before_ship"])
    if rows:
        cols = list(rows[0])
        store.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                          [tuple(r[c] for c in cols) for r in rows])
    store.events(kind[:-1], ((p.code, asdict(p), None) for p in parties), reason)
