"""`gendan bom …` (bills of materials) and `gendan materials` (the material arrival schedule,
到料时间表): what each order needs of each part and where it stands."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import FormatOpt, OutputOpt

bom_app = typer.Typer(no_args_is_help=True, help="Bills of materials (BOM): the parts of each product.")

BOM_FIELDS = ["sku", "part", "qty_per", "scrap", "supplier"]
# What a terminal keeps longest when the schedule does not fit (gendan.terminal).
SCHEDULE_PRIORITY = ["order", "part", "status", "need_by", "expected", "required", "on_po", "supplier", "open",
                     "accepted", "customer"]
ORDER_PRIORITY = ["part", "status", "required", "on_po", "need_by", "expected", "supplier", "open", "accepted"]


def register(app: typer.Typer) -> None:
    app.add_typer(bom_app, name="bom")
    app.command("materials")(materials_schedule)


@bom_app.command("set")
def bom_set(
    sku: Annotated[str, typer.Argument(help="the product's SKU")],
    part: Annotated[list[str], typer.Option("--part", help="PART=QTY_PER: pieces of the part per piece, repeatable")],
    scrap: Annotated[Optional[str], typer.Option(help="scrap allowance in percent, 0 to under 100 (default 0)")] = None,
    supplier: Annotated[Optional[list[str]], typer.Option(
        "--supplier", help="PART=CODE: the part's usual supplier, repeatable")] = None,
    reason: Annotated[str, typer.Option(help="why (kept in the audit log)")] = "",
    fmt: FormatOpt = "table",
) -> None:
    """Set (or replace) a product's bill of materials.
    Example: gendan bom set CH-01 --part SEAT-01=1 --part HW-01=8 --scrap 3 --supplier HW-01=MF"""
    from decimal import Decimal

    from gendan.core import materials
    from gendan.core.orders import merge_items
    from gendan.store import materials as store_materials
    parts = [materials.parse_part(p) for p in part]
    links = merge_items([materials.parse_part_supplier(s) for s in supplier or []], "--supplier")
    bom = materials.build_bom(sku, parts, materials.parse_scrap(scrap) if scrap is not None else Decimal(0), links)
    store = _common.open_db("bom set")
    with store.transaction():
        before = store_materials.set_bom(store, bom, reason.strip())
    verb = "replaced" if before else "set"
    _common.wrote(f"{bom.sku} BOM {verb}: {_common.plural(len(bom.parts), 'part')}"
                  + (f", scrap {bom.scrap}%" if bom.scrap else ""), {"bom": materials.bom_rows(bom)}, fmt)


@bom_app.command("show")
def bom_show(sku: str, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """One product's BOM, a part a row. Example: gendan bom show CH-01 -f csv"""
    from gendan.core.materials import bom_rows
    from gendan.store import materials
    store = _common.open_db()
    _common.emit(bom_rows(materials.get_bom(store, sku)), fmt, BOM_FIELDS)


@bom_app.command("list")
def bom_list(fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """Every BOM, a part a row (the shape `import bom` reads). Example: gendan bom list -f csv"""
    from gendan.core.materials import bom_rows
    from gendan.store import materials
    store = _common.open_db()
    _common.emit([r for b in materials.all_boms(store) for r in bom_rows(b)], fmt, BOM_FIELDS, empty="no BOMs yet")


def materials_schedule(
    within: Annotated[Optional[int], typer.Option(min=0, max=3650, help="only parts needed within this many days")] = None,
    supplier: Annotated[Optional[str], typer.Option(help="only parts from this supplier")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """The material arrival schedule (到料时间表): every part of every open order with a BOM,
    the not-ordered and late first, then by the date it is needed.
    Example: gendan materials --within 14 -f csv"""
    from gendan.core.materials import SCHEDULE_FIELDS
    from gendan.store import materials
    store = _common.open_db()
    rows = [n.row() for n in materials.schedule(store, _common.today(), within, supplier)]
    _common.emit(rows, fmt, SCHEDULE_FIELDS, empty="no materials to follow (no open order uses a BOM)",
                 style=style, priority=SCHEDULE_PRIORITY)


def order_materials(no: str, fmt: str) -> None:
    """`gendan order materials NO`: each part the order needs and where it stands; a SKU
    without a BOM is said on one line (stderr)."""
    from gendan.core.materials import FIELDS
    from gendan.store import materials
    store = _common.open_db()
    needs, missing = materials.order_materials(store, no, _common.today())
    if missing:
        _common.info(f"{no}: no BOM for {', '.join(missing)} (add one: gendan bom set {missing[0]} --part PART=QTY_PER)")
    if needs or not missing:
        _common.emit([n.row() for n in needs], fmt, FIELDS, empty=f"{no} needs no parts", style=style,
                     priority=ORDER_PRIORITY)


def style(row: dict) -> str | None:
    """Red for what is not ordered or late, yellow for short-ordered (terminals only)."""
    if row.get("status") in ("not-ordered", "late"):
        return "red"
    return "yellow" if row.get("status") == "short-ordered" else None


def print_placed(pos, fmt: str) -> None:
    """What `po add --from-bom` says: one line per PO placed (or the POs with -f json)."""
    from gendan.output import dumps
    if fmt in ("json", "jsonl"):
        from gendan.core.purchasing import to_dict
        sys.stdout.write(dumps([to_dict(po) for po in pos]) + "\n")
        return
    for po in pos:
        qty = sum(ln.qty for ln in po.lines)
        sys.stdout.write(f"{po.po} placed with {po.supplier}: {_common.plural(len(po.lines), 'line')}, {qty} pcs, "
                         f"due {po.due}, for {po.for_order}\n")
