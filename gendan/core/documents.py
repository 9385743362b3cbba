"""Products and the shipment's documents (出货资料): the product master's packing data, the
packing list (装箱单), the commercial invoice (发票), the shipping notice (出货通知) and the
bill of lading's states (提单). Pure functions over literal values: the store reads, the CLI
renders.

Packing rules, as a forwarder reads them:
- cartons per SKU = ⌈qty ÷ pieces per carton⌉; every carton but the last is full, and a
  partial last carton gets its own row so the carton count on the boxes matches the list;
- carton numbers run on across the SKUs of the shipment (1-125, 126-126, 127-176 …);
- net weight is the goods: pieces × (N.W. per carton ÷ pieces per carton), so a partial
  carton weighs what it holds; gross weight adds each carton's tare (G.W. − N.W. per carton);
- volume is cartons × L × W × H (cm → m³): a partial carton takes a whole box;
- kilograms are shown to 2 places and cubic metres to 3, each row rounded half-up and the
  totals the sum of the rows, so the printed columns add up.
"""
import math
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from gendan.core.money import ZERO, fmt_price, line_amount
from gendan.errors import GendanError, UsageError

MODES = ("sea", "air", "truck", "courier")
# The usual load of each container type in m³ (what a forwarder plans with; the inside volume
# is larger — 33, 67, 76 and 86 m³ — but cartons never fill it). Figures from the CLI contract.
CONTAINER_LOAD = {"20GP": Decimal(28), "40GP": Decimal(58), "40HQ": Decimal(68), "45HQ": Decimal(78)}
BL_STATES = ("copy_sent", "original_received", "released")
KG = Decimal("0.01")
CBM = Decimal("0.001")
MAX_CM = Decimal(1000)        # 10 m: no carton is larger; a bigger number is a typing slip
MAX_KG = Decimal(10000)
MAX_PACK = 1_000_000

PRODUCT_FIELDS = ["sku", "description", "hs", "pack", "carton", "nw", "gw", "cbm"]
PACKING_FIELDS = ["carton_from", "carton_to", "sku", "description", "cartons", "per_carton", "qty", "nw", "gw", "cbm"]
INVOICE_FIELDS = ["sku", "description", "hs", "qty", "unit_price", "amount"]
# What a narrow terminal keeps longest (the rest is left out and said so; -f csv has everything).
PACKING_PRIORITY = ["carton_from", "carton_to", "sku", "cartons", "qty", "gw", "cbm", "nw", "per_carton", "description"]
INVOICE_PRIORITY = ["sku", "qty", "unit_price", "amount", "hs", "description"]


class Product(NamedTuple):
    """A SKU's master data. `carton` is (length, width, height) in cm; `nw`/`gw` are kg per
    full carton; None where not known."""
    sku: str
    description: str = ""
    hs: str = ""
    pack: int | None = None
    carton: tuple[Decimal, Decimal, Decimal] | None = None
    nw: Decimal | None = None
    gw: Decimal | None = None

    @property
    def carton_cbm(self) -> Decimal | None:
        """One carton's volume in m³, unrounded."""
        if self.carton is None:
            return None
        length, width, height = self.carton
        return length * width * height / Decimal(1_000_000)

    def missing(self) -> list[str]:
        """What the packing list needs and this product lacks."""
        need = {"--pack": self.pack, "--carton": self.carton, "--nw": self.nw, "--gw": self.gw}
        return [name for name, value in need.items() if value is None]

    def row(self) -> dict:
        """The product as a listing row."""
        cbm = self.carton_cbm
        return {"sku": self.sku, "description": self.description, "hs": self.hs, "pack": self.pack,
                "carton": carton_text(self.carton), "nw": self.nw, "gw": self.gw,
                "cbm": None if cbm is None else cbm.quantize(CBM, ROUND_HALF_UP)}


# --- parsing what is typed -------------------------------------------------------------------

_DIMS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[xX×*]\s*(\d+(?:\.\d+)?)\s*[xX×*]\s*(\d+(?:\.\d+)?)\s*(?:cm)?\s*$")
_HS = re.compile(r"^\d{4}(?:\.?\d{2}){0,3}$")


def parse_carton(text: str) -> tuple[Decimal, Decimal, Decimal]:
    """'60x50x45' (cm; x, X, × or *) → (60, 50, 45). Each side more than 0 and at most 1000 cm."""
    m = _DIMS.match((text or "").replace("，", ",").replace(",", "."))
    if not m:
        raise UsageError(f"bad carton size {text!r} (write length x width x height in cm, e.g. 60x50x45)")
    sides = tuple(Decimal(v) for v in m.groups())
    if any(s <= 0 or s > MAX_CM for s in sides):
        raise UsageError(f"bad carton size {text!r} (each side more than 0 and at most {MAX_CM} cm)")
    return sides


def parse_kg(text: str, what: str) -> Decimal:
    """A weight per carton in kg: more than 0, at most 3 decimals."""
    s = (text or "").strip().lower().removesuffix("kg").strip()
    if not re.fullmatch(r"\d{1,6}(?:\.\d{1,3})?", s) or Decimal(s) <= 0 or Decimal(s) > MAX_KG:
        raise UsageError(f"bad {what} {text!r} (kg per carton, more than 0, e.g. 18.5)")
    return Decimal(s)


def parse_hs(text: str) -> str:
    """An HS code as customs writes it: 4 to 10 digits, dots allowed ('9401.61', '9401610000')."""
    s = (text or "").strip()
    if not _HS.match(s):
        raise UsageError(f"bad HS code {text!r} (4 to 10 digits, e.g. 9401.61 or 94016100)")
    return s


def parse_pack(value: int) -> int:
    if not 1 <= value <= MAX_PACK:
        raise UsageError(f"bad pieces per carton {value} (a whole number from 1 to {MAX_PACK:,})")
    return value


def parse_mode(text: str) -> str:
    s = (text or "").strip().lower()
    if s not in MODES:
        raise UsageError(f"bad transport mode {text!r} (use one of {', '.join(MODES)})")
    return s


def parse_container_type(text: str) -> str:
    s = (text or "").strip().upper().replace(" ", "").replace("'", "")
    s = {"20": "20GP", "40": "40GP", "20DC": "20GP", "40DC": "40GP", "40HC": "40HQ", "45HC": "45HQ"}.get(s, s)
    if s not in CONTAINER_LOAD:
        raise UsageError(f"bad container type {text!r} (use one of {', '.join(CONTAINER_LOAD)})")
    return s


def carton_text(carton: tuple[Decimal, Decimal, Decimal] | None) -> str:
    return "" if carton is None else "x".join(fmt_price(s) for s in carton)


def check_weights(product: Product) -> None:
    """Gross weight includes the goods: G.W. below N.W. is a typing slip."""
    if product.nw is not None and product.gw is not None and product.gw < product.nw:
        raise GendanError(f"gross weight {product.gw} kg is less than net weight {product.nw} kg for "
                          f"{product.sku} (G.W. = goods + carton; check --nw and --gw)")


# --- the packing list ------------------------------------------------------------------------

class Shipped(NamedTuple):
    """One line of a shipment as the documents need it."""
    sku: str
    description: str
    qty: int
    price: Decimal


def _kg(value: Decimal) -> Decimal:
    return value.quantize(KG, ROUND_HALF_UP)


def _cbm(value: Decimal) -> Decimal:
    return value.quantize(CBM, ROUND_HALF_UP)


def unpackable(lines: list[Shipped], products: dict[str, Product]) -> list[str]:
    """One sentence per SKU the packing list cannot be made for, naming what is missing."""
    out = []
    for sku in dict.fromkeys(ln.sku for ln in lines):
        p = products.get(sku)
        if p is None:
            out.append(f"{sku}: no product data (add it with 'gendan product add {sku} --desc … --pack N "
                       f"--carton LxWxH --nw KG --gw KG')")
        elif missing := p.missing():
            out.append(f"{sku}: no {', '.join(missing)} (set it with 'gendan product edit {sku} "
                       f"{' '.join(m + ' …' for m in missing)}')")
    return out


def packing_rows(lines: list[Shipped], products: dict[str, Product]) -> list[dict]:
    """The packing list's rows, cartons numbered on across SKUs; a partial last carton is a row
    of its own. Refuses (naming every SKU) when a product lacks packing data."""
    if problems := unpackable(lines, products):
        raise GendanError(f"no packing list: {len(problems)} SKU{'s' * (len(problems) != 1)} lack packing data: "
                          + "; ".join(problems))
    rows, next_carton = [], 1
    for ln in lines:
        p = products[ln.sku]
        full, rest = divmod(ln.qty, p.pack)
        for cartons, per in ((full, p.pack), (1 if rest else 0, rest)):
            if cartons:
                rows.append(_packing_row(next_carton, cartons, per, ln, p))
                next_carton += cartons
    return rows


def _packing_row(first: int, cartons: int, per: int, ln: Shipped, p: Product) -> dict:
    qty = cartons * per
    nw = p.nw * qty / p.pack
    tare = p.gw - p.nw
    return {"carton_from": first, "carton_to": first + cartons - 1, "sku": ln.sku,
            "description": ln.description or p.description, "cartons": cartons, "per_carton": per, "qty": qty,
            "nw": _kg(nw), "gw": _kg(nw + tare * cartons), "cbm": _cbm(p.carton_cbm * cartons),
            "partial": per < p.pack}


def packing_totals(rows: list[dict]) -> dict:
    """Cartons, pieces, kg and m³ of the whole shipment: the sums of the printed rows."""
    return {"cartons": sum(r["cartons"] for r in rows), "qty": sum(r["qty"] for r in rows),
            "nw": sum((r["nw"] for r in rows), ZERO), "gw": sum((r["gw"] for r in rows), ZERO),
            "cbm": sum((r["cbm"] for r in rows), ZERO)}


def load_warning(cbm: Decimal, container_type: str) -> str | None:
    """A sentence when the volume exceeds the container type's usual load, else None."""
    load = CONTAINER_LOAD.get(container_type or "")
    if load is None or cbm <= load:
        return None
    return (f"{cbm} m³ exceeds the usual load of a {container_type} ({load} m³): check the container "
            f"type or split the shipment")


# --- the invoice -----------------------------------------------------------------------------

def invoice_rows(lines: list[Shipped], products: dict[str, Product], currency: str) -> list[dict]:
    """One row per shipment line at the price it shipped at: qty × price, rounded half-up."""
    rows = []
    for ln in lines:
        p = products.get(ln.sku) or Product(ln.sku)
        rows.append({"sku": ln.sku, "description": ln.description or p.description, "hs": p.hs, "qty": ln.qty,
                     "unit_price": _price(ln.price), "amount": line_amount(ln.qty, ln.price, currency)})
    return rows


def _price(price: Decimal) -> Decimal:
    """A unit price as an invoice prints it: at least 2 decimals (45 → 45.00), more when it has them."""
    return price.quantize(Decimal("0.01")) if price.as_tuple().exponent > -2 else price


def invoice_total(rows: list[dict]) -> Decimal:
    return sum((r["amount"] for r in rows), ZERO)


# --- the bill of lading ----------------------------------------------------------------------

def bl_step(state: dict[str, date | None], step: str, on: date, shipped_on: date) -> None:
    """Refuse a B/L step that is already recorded or dated before the shipment."""
    label = step.replace("_", " ")
    if state.get(step):
        raise GendanError(f"B/L {label} is already recorded on {state[step]} (see 'gendan log')")
    if on < shipped_on:
        raise GendanError(f"B/L {label} on {on} is before the shipment ({shipped_on}) (check --date)")


# --- the shipping notice (出货通知) -----------------------------------------------------------

class Notice(NamedTuple):
    """What the shipping notice says; empty strings are printed as 'to be confirmed'."""
    order: str
    customer: str
    customer_name: str
    lines: list[Shipped]
    products: dict[str, Product]
    etd: date | None = None
    pol: str = ""
    pod: str = ""
    mode: str = ""
    container_type: str = ""
    container: str = ""


_WORDS = {
    "zh": {"title": "出货通知", "order": "订单号", "customer": "客户", "etd": "预计开船日 (ETD)",
           "pol": "起运港", "pod": "目的港", "mode": "运输方式", "container": "柜型/柜号", "goods": "货物",
           "cartons": "箱", "pcs": "件", "total": "合计", "marks": "唛头", "tbc": "待定",
           "no_pack": "箱数待定（无装箱资料）", "closing": "请按以上资料安排生产包装及订舱，如有问题请即回复。",
           "modes": {"sea": "海运", "air": "空运", "truck": "陆运", "courier": "快递"}},
    "en": {"title": "Shipping notice", "order": "Order", "customer": "Customer", "etd": "ETD",
           "pol": "Port of loading", "pod": "Port of discharge", "mode": "Mode", "container": "Container",
           "goods": "Goods", "cartons": "ctns", "pcs": "pcs", "total": "Total", "marks": "Shipping marks",
           "tbc": "to be confirmed", "no_pack": "cartons to be confirmed (no packing data)",
           "closing": "Please pack and book accordingly, and reply at once with any question.",
           "modes": {"sea": "sea", "air": "air", "truck": "truck", "courier": "courier"}},
}


def notice_text(n: Notice, lang: str = "zh") -> str:
    """The notice to the factory and the forwarder, as plain text ready to paste into a
    message: order, goods with cartons, marks, ETD, ports, mode, container."""
    if lang not in _WORDS:
        raise UsageError(f"bad language {lang!r} (use zh or en)")
    w = _WORDS[lang]
    tbc = w["tbc"]
    box = " / ".join(x for x in (n.container_type, n.container) if x) or tbc
    out = [f"{w['title']} — {n.order}", "",
           f"{w['order']}: {n.order}", f"{w['customer']}: {n.customer_name or n.customer}",
           f"{w['etd']}: {n.etd or tbc}", f"{w['pol']}: {n.pol or tbc}", f"{w['pod']}: {n.pod or tbc}",
           f"{w['mode']}: {w['modes'].get(n.mode, n.mode) or tbc}", f"{w['container']}: {box}", "",
           f"{w['goods']}:"]
    cartons_total, packable = 0, True
    for ln in n.lines:
        p = n.products.get(ln.sku)
        desc = ln.description or (p.description if p else "")
        if p is not None and p.pack:
            cartons = math.ceil(ln.qty / p.pack)
            cartons_total += cartons
            count = f"{cartons} {w['cartons']}"
        else:
            packable, count = False, w["no_pack"]
        out.append(f"  {ln.sku}  {desc}  {ln.qty} {w['pcs']}, {count}".replace("  ,", ","))
    qty = sum(ln.qty for ln in n.lines)
    cartons_word = f", {cartons_total} {w['cartons']}" if packable and n.lines else ""
    out += [f"{w['total']}: {qty} {w['pcs']}{cartons_word}", "", f"{w['marks']}:",
            f"  {n.customer}", f"  {n.order}", f"  {n.pod or tbc}",
            f"  C/NO. 1-{cartons_total if packable and cartons_total else '…'}", "  MADE IN CHINA", "",
            w["closing"]]
    return "\n".join(out) + "\n"

