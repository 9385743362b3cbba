"""`gendan product …`: the product master (description, HS code, packing data per SKU) that the
packing list, invoice and shipping notice read."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import FormatOpt, OutputOpt

product_app = typer.Typer(no_args_is_help=True, help="Products: description, HS code and packing data per SKU.")

Desc = Annotated[Optional[str], typer.Option("--desc", help="description as the invoice prints it")]
Hs = Annotated[Optional[str], typer.Option("--hs", help="HS code (海关编码), e.g. 9401.61")]
Pack = Annotated[Optional[int], typer.Option("--pack", help="pieces per carton")]
Carton = Annotated[Optional[str], typer.Option("--carton", help="carton size LxWxH in cm, e.g. 60x50x45")]
Nw = Annotated[Optional[str], typer.Option("--nw", help="net weight per full carton, kg")]
Gw = Annotated[Optional[str], typer.Option("--gw", help="gross weight per full carton, kg")]


def register(app: typer.Typer) -> None:
    app.add_typer(product_app, name="product")


def _changed(p, desc, hs, pack, carton, nw, gw):
    """`p` with the options that were typed, each checked (core.documents)."""
    from gendan.core import documents
    fields = {}
    if desc is not None:
        fields["description"] = desc.strip()
    if hs is not None:
        fields["hs"] = documents.parse_hs(hs) if hs.strip() else ""
    if pack is not None:
        fields["pack"] = documents.parse_pack(pack)
    if carton is not None:
        fields["carton"] = documents.parse_carton(carton)
    if nw is not None:
        fields["nw"] = documents.parse_kg(nw, "--nw")
    if gw is not None:
        fields["gw"] = documents.parse_kg(gw, "--gw")
    out = p._replace(**fields)
    documents.check_weights(out)
    return out


@product_app.command("add")
def product_add(sku: str, desc: Desc = None, hs: Hs = None, pack: Pack = None, carton: Carton = None,
                nw: Nw = None, gw: Gw = None) -> None:
    """Add a product. Example: gendan product add CH-01 --desc "Oak dining chair" --hs 9401.61 --pack 4
    --carton 60x50x45 --nw 18 --gw 20"""
    from gendan.core.documents import Product
    from gendan.core.orders import check_code
    from gendan.store import products
    p = _changed(Product(check_code(sku, "SKU")), desc, hs, pack, carton, nw, gw)
    store = _common.open_db("product add")
    with store.transaction():
        products.add_product(store, p)
    print(visible(f"{p.sku} added: {_summary(p)}"))


@product_app.command("edit")
def product_edit(sku: str, desc: Desc = None, hs: Hs = None, pack: Pack = None, carton: Carton = None,
                 nw: Nw = None, gw: Gw = None) -> None:
    """Change a product's data (audited, before → after). Documents printed later use the new
    data; shipments keep their quantities. Example: gendan product edit CH-01 --gw 21.5"""
    from gendan.store import products
    store = _common.open_db("product edit")
    with store.transaction():
        before = products.get_product(store, sku)
        after = _changed(before, desc, hs, pack, carton, nw, gw)
        changed = products.edit_product(store, before, after)
    print(visible(f"{after.sku} {'changed' if changed else 'unchanged'}: {_summary(after)}"))


def visible(text: str) -> str:
    """Descriptions are free text: control characters are shown escaped, never sent to the terminal."""
    from gendan.output import visible as escaped
    return escaped(text)


def _summary(p) -> str:
    from gendan.core.documents import carton_text
    parts = [p.description, p.hs and f"HS {p.hs}", p.pack and f"{p.pack} pcs/ctn",
             p.carton and f"{carton_text(p.carton)} cm", p.nw is not None and f"N.W. {p.nw} kg",
             p.gw is not None and f"G.W. {p.gw} kg"]
    return ", ".join(x for x in parts if x) or "no data yet"


@product_app.command("list")
def product_list(fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """List products with their packing data (cbm: one carton's volume, m³).
    Example: gendan product list -f csv"""
    from gendan.core.documents import PRODUCT_FIELDS
    from gendan.store import products
    store = _common.open_db()
    _common.emit([p.row() for p in products.list_products(store)], fmt, PRODUCT_FIELDS, empty="no products yet")


@product_app.command("show")
def product_show(sku: str, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """Show one product. Example: gendan product show CH-01 -f json"""
    from gendan.core.documents import PRODUCT_FIELDS
    from gendan.store import products
    store = _common.open_db()
    row = products.get_product(store, sku).row()
    if fmt == "json":
        from gendan.output import dumps
        sys.stdout.write(dumps(row) + "\n")
        return
    _common.emit([{"field": k, "value": row[k]} for k in PRODUCT_FIELDS], fmt, ["field", "value"])
