"""Bills of materials and what orders need (rows ↔ core.materials): `bom set/show`, the
facts behind `order materials`, `materials`, progress's missing material, the orders' risk,
`today`'s materials_unordered, and the POs `po add --from-bom` places."""
from datetime import date
from decimal import Decimal

from gendan.core import materials
from gendan.core.materials import Bom, BomPart, Need, PoFact
from gendan.core.orders import MAX_QTY
from gendan.errors import GendanError, NotFound
from gendan.store import asof, orders, parties, purchasing
from gendan.store.db import KEYS, select_in
from gendan.store.live import live


# -- BOMs ----------------------------------------------------------------------------------

def boms_for(store, skus) -> dict[str, Bom]:
    """sku → its BOM, for those of `skus` that have one."""
    skus = sorted(set(skus))
    if not skus:
        return {}
    scrap = dict(select_in(store.conn, f"SELECT sku, scrap_pct FROM boms WHERE sku IN {KEYS}", skus))
    parts: dict[str, list[BomPart]] = {}
    for sku, part, qty_per, supplier in select_in(
            store.conn, f"SELECT sku, part, qty_per, supplier FROM bom_parts WHERE sku IN {KEYS} ORDER BY sku, seq", skus):
        parts.setdefault(sku, []).append(BomPart(part, Decimal(qty_per), supplier))
    return {sku: Bom(sku, tuple(parts.get(sku, ())), Decimal(s)) for sku, s in scrap.items()}


def all_boms(store) -> list[Bom]:
    """Every BOM, by SKU (`export bom`)."""
    skus = [r[0] for r in store.conn.execute("SELECT sku FROM boms ORDER BY sku")]
    found = boms_for(store, skus)
    return [found[s] for s in skus]


def get_bom(store, sku: str) -> Bom:
    found = boms_for(store, [sku])
    if sku not in found:
        hint = (f"add one: gendan bom set {sku} --part PART=QTY_PER" if known_skus(store, [sku])
                else "see 'gendan product list'")
        raise NotFound(f"no BOM for {sku}", hint)
    return found[sku]


def known_skus(store, skus) -> set[str]:
    """Which of `skus` gendan knows: a product, or on an order or a PO."""
    out: set[str] = set()
    for table in ("products", "order_lines", "po_lines"):
        out.update(r[0] for r in select_in(store.conn, f"SELECT DISTINCT sku FROM {table} WHERE sku IN {KEYS}", skus))
    return out


def check_bom(store, bom: Bom, suppliers: set[str] | None = None) -> list[str]:
    """What is wrong with a BOM against the database: an unknown product, an unknown supplier."""
    problems = []
    if bom.sku not in known_skus(store, [bom.sku]):
        problems.append(f"unknown SKU {bom.sku} (add it first: gendan product add {bom.sku} --desc TEXT)")
    if suppliers is None:
        suppliers = set(parties.supplier_map(store))
    for p in bom.parts:
        if p.supplier and p.supplier not in suppliers:
            problems.append(f"unknown supplier {p.supplier!r} for {p.part} (see 'gendan supplier list')")
    return problems


def set_bom(store, bom: Bom, reason: str = "") -> Bom | None:
    """Write (or replace) a product's BOM, audited before → after; the one replaced is returned."""
    problems = check_bom(store, bom)
    if problems:
        raise GendanError(problems[0])
    before = boms_for(store, [bom.sku]).get(bom.sku)
    _write(store, bom)
    store.event("bom", bom.sku, materials.to_dict(before), materials.to_dict(bom), reason)
    return before


def _write(store, bom: Bom) -> None:
    store.execute("DELETE FROM bom_parts WHERE sku = ?", (bom.sku,))
    store.execute("INSERT INTO boms (sku, scrap_pct) VALUES (?, ?) ON CONFLICT (sku) DO UPDATE SET "
                  "scrap_pct = excluded.scrap_pct", (bom.sku, str(bom.scrap)))
    store.executemany("INSERT INTO bom_parts (sku, seq, part, qty_per, supplier) VALUES (?,?,?,?,?)",
                      [(bom.sku, i, p.part, str(p.qty_per), p.supplier) for i, p in enumerate(bom.parts, 1)])


def set_many(store, boms: list[Bom], reason: str = "") -> int:
    """Write many BOMs (an import, already checked); returns how many replaced one."""
    before = boms_for(store, [b.sku for b in boms])
    for bom in boms:
        _write(store, bom)
        store.event("bom", bom.sku, materials.to_dict(before.get(bom.sku)), materials.to_dict(bom), reason)
    return len(before)


# -- what orders need ------------------------------------------------------------------------

def _order_heads(store, where: str, params=()) -> list[tuple]:
    """(order, due, customer) of the orders matching `where` on `orders o`."""
    return [(r[0], date.fromisoformat(r[1]), r[2]) for r in store.conn.execute(
        f"SELECT o.order_no, o.due, o.customer FROM orders o {where}", params)]


def _lines(store, nos: list[str]) -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for no, sku, qty in select_in(store.conn, f"SELECT order_no, sku, qty FROM order_lines WHERE order_no IN {KEYS} "
                                              f"ORDER BY order_no, line", nos):
        out.setdefault(no, []).append((sku, qty))
    return out


def po_facts(store, nos: list[str], today: date) -> dict[str, list[PoFact]]:
    """order → its linked PO lines as of `today`: POs placed by then (cancelled only if by
    then), receipts in force dated by then, the latest promise recorded by then (else the
    line's due date)."""
    day = today.isoformat()
    out: dict[str, list[PoFact]] = {}
    rows = select_in(
        store.conn,
        f"SELECT p.for_order, l.po_no, l.line, l.sku, p.supplier, l.qty, "
        f"p.cancelled = 1 AND NOT {asof.not_cancelled('p').replace('?', '?1')} AS cancelled, "
        "(SELECT COALESCE(SUM(r.qty - r.rejected), 0) FROM receipts r WHERE r.po_no = l.po_no AND r.line = l.line "
        f"AND {live('receipts', 'r')} AND r.date <= ?1) AS accepted, "
        "COALESCE((SELECT pr.promised FROM promises pr WHERE pr.po_no = l.po_no AND pr.line = l.line "
        "AND pr.recorded <= ?1 ORDER BY pr.id DESC LIMIT 1), l.due) AS expected "
        f"FROM pos p JOIN po_lines l ON l.po_no = p.po_no WHERE p.for_order IN {KEYS} AND p.ordered <= ?1 "
        "ORDER BY l.po_no, l.line", nos, before=(day,), rows=True)
    for r in rows:
        out.setdefault(r["for_order"], []).append(PoFact(
            r["po_no"], r["line"], r["sku"], r["supplier"], r["qty"], r["accepted"],
            date.fromisoformat(r["expected"]), bool(r["cancelled"])))
    return out


def _plan_starts(store, nos: list[str]) -> dict[str, date]:
    return {no: date.fromisoformat(start) for no, start in select_in(
        store.conn, f"SELECT order_no, start FROM production_plans WHERE order_no IN {KEYS}", nos)}


def _lead_days(store) -> dict[str, int]:
    return dict(store.conn.execute("SELECT code, lead_days FROM suppliers"))


def needs_of(store, heads: list[tuple], today: date) -> tuple[dict[str, list[Need]], dict[str, list[str]]]:
    """(order → its parts' standing, order → its SKUs without a BOM) for `heads`
    (order, due, customer); orders whose SKUs have no BOM at all have no parts."""
    nos = [h[0] for h in heads]
    lines = _lines(store, nos)
    boms = boms_for(store, {sku for ls in lines.values() for sku, _ in ls})
    with_bom = [h for h in heads if any(sku in boms for sku, _ in lines.get(h[0], ()))]
    facts = po_facts(store, [h[0] for h in with_bom], today) if with_bom else {}
    starts = _plan_starts(store, [h[0] for h in with_bom]) if with_bom else {}
    lead = _lead_days(store) if with_bom else {}
    buffer, days = store.setting("buffer_days"), store.setting("production_days")
    needs: dict[str, list[Need]] = {}
    for no, due, customer in with_bom:
        needed = materials.need_by(due, buffer, starts.get(no), days)
        needs[no] = materials.order_needs(no, lines[no], boms, facts.get(no, []), needed, today, lead, customer)
    missing = {no: [sku for sku, _ in lines.get(no, ()) if sku not in boms] for no in nos}
    return needs, {no: skus for no, skus in missing.items() if skus}


def order_materials(store, no: str, today: date) -> tuple[list[Need], list[str]]:
    """`order materials NO`: (its parts' standing, its SKUs without a BOM)."""
    orders.get_order(store, no, today)      # unknown before it was placed (as of --today)
    needs, missing = needs_of(store, _order_heads(store, "WHERE o.order_no = ?", (no,)), today)
    return needs.get(no, []), missing.get(no, [])


# The orders open on a day (two `?`: the day) that use a BOM: placed by then, not yet closed
# (shipped or cancelled) on it.
_OPEN = (f"WHERE o.order_no IN ({orders.OPEN_ON}) AND {asof.in_force('orders', 'o')} AND EXISTS (SELECT 1 "
         "FROM order_lines l JOIN boms b ON b.sku = l.sku WHERE l.order_no = o.order_no)")
FEW = 20   # orders asked about one by one (order show, a few rows); more read every open order once


def open_needs(store, today: date, nos: list[str] | None = None) -> dict[str, list[Need]]:
    """order → its parts' standing, for the open orders placed by `today` that use a BOM
    (or only those of `nos`). Without BOMs this is one lookup. The morning report asks four
    times (materials_unordered, production, the orders' risk and its cause): every open
    order is read once per state of the database and kept on the store."""
    if store.conn.execute("SELECT 1 FROM boms LIMIT 1").fetchone() is None:
        return {}
    if nos is not None and len(nos) <= FEW:
        if not nos:
            return {}
        heads = _order_heads(store, f"{_OPEN} AND o.order_no IN ({','.join('?' * len(nos))})",
                             (today.isoformat(), today.isoformat(), *nos))
        return needs_of(store, heads, today)[0] if heads else {}
    every = _every_open_need(store, today)
    return every if nos is None else {no: every[no] for no in nos if no in every}


def _every_open_need(store, today: date) -> dict[str, list[Need]]:
    key = (today, store.conn.total_changes, store.conn.execute("PRAGMA data_version").fetchone()[0])
    cached = getattr(store, "_open_needs", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    heads = _order_heads(store, _OPEN + " ORDER BY o.due, o.order_no", (today.isoformat(),) * 2)
    found = needs_of(store, heads, today)[0] if heads else {}
    store._open_needs = (key, found)
    return found


def schedule(store, today: date, within: int | None = None, supplier: str | None = None) -> list[Need]:
    """`gendan materials`: every part of every open order, the not-ordered and late first."""
    if supplier is not None:
        parties.get_supplier(store, supplier)
    every = [n for needs in open_needs(store, today).values() for n in needs]
    return materials.schedule(every, today, within, supplier)


def need_by_of(store, nos: list[str]) -> dict[str, date]:
    """order → when its materials are needed (for the chase message)."""
    if not nos:
        return {}
    heads = [(no, date.fromisoformat(due), customer) for no, due, customer in select_in(
        store.conn, f"SELECT order_no, due, customer FROM orders WHERE order_no IN {KEYS}", nos)]
    starts = _plan_starts(store, [h[0] for h in heads])
    buffer, days = store.setting("buffer_days"), store.setting("production_days")
    return {no: materials.need_by(due, buffer, starts.get(no), days) for no, due, _ in heads}


# -- ordering what is missing ----------------------------------------------------------------

def last_price(store, supplier: str, part: str, currency: str):
    """The price of `part` on the supplier's latest PO in `currency` (None when never bought
    so): not a free replacement for a complaint (price 0), nor a cancelled PO."""
    row = store.one("SELECT l.price FROM pos p JOIN po_lines l ON l.po_no = p.po_no WHERE p.supplier = ? "
                    "AND l.sku = ? AND p.currency = ? AND p.complaint IS NULL AND p.cancelled = 0 "
                    "ORDER BY p.ordered DESC, p.po_no DESC, l.line DESC LIMIT 1", (supplier, part, currency))
    return Decimal(row["price"]) if row else None


def place_from_bom(store, no: str, today: date, due: date, fallback: str | None,
                   numbers: dict[str, str], prices: dict[str, Decimal]) -> list:
    """Place the not-yet-ordered quantities of order `no` as POs, one per supplier (the
    part's usual one, else `fallback`), numbered `numbers[supplier]` or by the pattern
    setting; each line at `prices[part]`, else the supplier's last price for it."""
    from gendan.core.purchasing import new_po
    order = orders.get_order(store, no)
    if order.cancelled:
        raise GendanError(f"order {no} is cancelled (nothing to order for it)")
    needs, missing = order_materials(store, no, today)
    if not needs:
        raise GendanError(f"order {no} has no BOM for {', '.join(missing)} (add one: gendan bom set "
                          f"{missing[0]} --part PART=QTY_PER)")
    if fallback is not None:
        parties.get_supplier(store, fallback)
    lines = [(ln.sku, ln.qty) for ln in order.lines]
    boms = boms_for(store, [s for s, _ in lines])
    owners = {p.part: sku for sku in reversed([s for s, _ in lines]) if sku in boms for p in boms[sku].parts}
    groups = materials.to_order(needs, materials.usual_suppliers(lines, boms), fallback, owners)
    for code in numbers:
        if code not in groups:
            raise GendanError(f"--no names supplier {code}, which has nothing to order for {no} "
                              f"(suppliers: {', '.join(groups)})")
    pattern, taken, placed = store.setting("po_number_pattern"), set(), []
    known = {(code, n.part): prices[n.part] if n.part in prices
             else last_price(store, code, n.part, parties.get_supplier(store, code).currency)
             for code, group in groups.items() for n in group}
    unknown = [f"{part} from {code}" for (code, part), price in known.items() if price is None]
    if unknown:   # every part at once: one run to fix them all
        raise GendanError(f"no price known for {', '.join(unknown)} in the supplier's currency "
                          f"(give them: {' '.join(f'--price {p.split()[0]}=PRICE' for p in unknown)})")
    for code, group in groups.items():
        sup = parties.get_supplier(store, code)
        items = []
        for n in group:
            price = known[code, n.part]
            if n.short > MAX_QTY:
                raise GendanError(f"{n.part}: {n.short:,} pieces to order is more than {MAX_QTY:,} "
                                  f"(check the BOM's quantity per piece and scrap: gendan bom show)")
            items.append((n.part, n.short, price))
        po_no = numbers.get(code) or materials.po_number(
            pattern, no, code, _Taken(store, taken))
        taken.add(po_no)
        po = new_po(po_no, sup, today, due, items, None, no)
        purchasing.insert_po(store, po)
        placed.append(po)
    return placed


class _Taken:
    """`in` asks the database (and this command's own new numbers) whether a PO number is used."""

    def __init__(self, store, mine: set[str]):
        self.store, self.mine = store, mine

    def __contains__(self, no: str) -> bool:
        return no in self.mine or purchasing.po_exists(self.store, no)
