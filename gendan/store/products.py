"""The product master: packing data per SKU (rows ↔ core.documents.Product), added, edited
(audited before → after) and read for the shipment's documents."""
from decimal import Decimal

from gendan.core.documents import Product, carton_text
from gendan.errors import Conflict, NotFound
from gendan.store.db import chunks

_COLUMNS = "sku, description, hs, pack, carton_l, carton_w, carton_h, nw, gw"


def _product(row) -> Product:
    carton = None
    if row["carton_l"] is not None:
        carton = (Decimal(row["carton_l"]), Decimal(row["carton_w"]), Decimal(row["carton_h"]))
    return Product(sku=row["sku"], description=row["description"], hs=row["hs"], pack=row["pack"], carton=carton,
                   nw=None if row["nw"] is None else Decimal(row["nw"]),
                   gw=None if row["gw"] is None else Decimal(row["gw"]))


def _values(p: Product) -> tuple:
    l, w, h = p.carton or (None, None, None)
    text = lambda v: None if v is None else str(v)  # noqa: E731
    return (p.sku, p.description, p.hs, p.pack, text(l), text(w), text(h), text(p.nw), text(p.gw))


def audit_record(p: Product) -> dict:
    """The product as the audit log keeps it (plain JSON values)."""
    return {"sku": p.sku, "description": p.description, "hs": p.hs, "pack": p.pack, "carton": carton_text(p.carton),
            "nw": None if p.nw is None else str(p.nw), "gw": None if p.gw is None else str(p.gw)}


def get_product(store, sku: str) -> Product:
    row = store.one(f"SELECT {_COLUMNS} FROM products WHERE sku = ?", (sku,))
    if row is None:
        raise NotFound(f"unknown product {sku!r} (see 'gendan product list', or add it with 'gendan product add')")
    return _product(row)


def list_products(store) -> list[Product]:
    return [_product(r) for r in store.query(f"SELECT {_COLUMNS} FROM products ORDER BY sku")]


def products_for(store, skus) -> dict[str, Product]:
    """sku → Product for those of `skus` that are in the master."""
    out = {}
    for chunk in chunks(list(dict.fromkeys(skus))):
        rows = store.query(f"SELECT {_COLUMNS} FROM products WHERE sku IN ({','.join('?' * len(chunk))})", chunk)
        out.update((r["sku"], _product(r)) for r in rows)
    return out


def descriptions(store, skus) -> dict[str, str]:
    """sku → the product's description, for order and PO lines that have none of their own."""
    return {sku: p.description for sku, p in products_for(store, skus).items() if p.description}


def add_product(store, p: Product, reason: str = "") -> None:
    if store.scalar("SELECT 1 FROM products WHERE sku = ?", (p.sku,)):
        raise Conflict(f"product {p.sku!r} already exists (change it with 'gendan product edit {p.sku} …')")
    store.execute(f"INSERT INTO products ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)", _values(p))
    store.event("product", p.sku, None, audit_record(p), reason)


def edit_product(store, before: Product, after: Product) -> bool:
    """Write the edited product; False (and nothing written) when nothing changed."""
    if before == after:
        return False
    store.execute("UPDATE products SET description=?, hs=?, pack=?, carton_l=?, carton_w=?, carton_h=?, nw=?, gw=? "
                  "WHERE sku = ?", (*_values(after)[1:], after.sku))
    old, new = audit_record(before), audit_record(after)
    changed = [k for k in old if old[k] != new[k]]
    store.event("product", after.sku, {k: old[k] for k in changed}, {k: new[k] for k in changed})
    return True


def add_products(store, products: list[Product], reason: str = "import") -> None:
    """Insert many products (an import, already checked for clashes)."""
    store.executemany(f"INSERT INTO products ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                      [_values(p) for p in products])
    store.events("product", [(p.sku, audit_record(p)) for p in products], reason)
