"""Shipments (出货): reading what the gates need, recording a shipment, listing shipments, and
the per-order money state the morning report reads. The rules are in core.shipping."""
from datetime import date
from decimal import Decimal

from gendan.core import shipping
from gendan.core.models import Inspection
from gendan.core.money import ZERO, line_amount, round_money
from gendan.core.numbers import shipment_no
from gendan.errors import Blocked, GendanError
from gendan.store import asof, db, orders
from gendan.store.payments import paid_on_orders
from gendan.store.db import KEYS, select_in
from gendan.store.live import live

LIST_FIELDS = ["shipment", "order", "date", "sku", "qty", "container", "seal", "bl", "amount", "currency", "void"]
CHECK_FIELDS = ["order", "gate", "state", "detail"]
DETAIL_FIELDS = ("etd", "pol", "pod", "mode", "container_type")


def final_inspections(store, order_no: str, day: date | None = None) -> list[Inspection]:
    """The final inspections recorded on an order (written by `inspect log`; read-only here)."""
    return final_inspections_of(store, [order_no], day).get(order_no, [])


def final_inspections_of(store, nos: list[str], day: date | None = None) -> dict[str, list[Inspection]]:
    """order → its final inspections, oldest first, for many orders in a few queries (those
    dated on or before `day`, when given)."""
    out: dict[str, list[Inspection]] = {}
    dated = f" AND {asof.in_force('inspections')}" if day else ""
    rows = select_in(store.conn, f"SELECT id, ref, ref_kind, stage, sku, date, result, waived, reason FROM inspections "
                                 f"WHERE ref IN {KEYS} AND ref_kind = 'order' AND stage = 'final' "
                                 f"AND {live('inspections')}{dated} ORDER BY date, id", nos,
                     after=[day.isoformat()] if day else [], rows=True)
    for r in rows:
        out.setdefault(r["ref"], []).append(Inspection(
            ref=r["ref"], ref_kind=r["ref_kind"], stage=r["stage"], date=date.fromisoformat(r["date"]),
            result=r["result"], sku=r["sku"], waived=bool(r["waived"]), reason=r["reason"], id=r["id"]))
    return out


def gates(store, order_no: str, on: date, items: dict[str, int] | None = None, day: date | None = None) -> tuple:
    """(order, line → qty to ship or None, gates) for shipping `items` (or everything left);
    as of `day` when given (`ship --check`), else with everything recorded (`ship`)."""
    order = orders.get_order(store, order_no, day)
    shipped = orders.shipped_by_line(store, [order_no], day).get(order_no, {})
    by_line = shipping.plan_lines(order, items) if items is not None else None
    if by_line is None and order.cancelled:
        raise GendanError(f"order {order_no} is cancelled (nothing can ship on it)")
    paid = paid_on_orders(store, [order_no], day).get(order_no, ZERO)
    value = shipped_values(store, [order_no], day).get(order_no, ZERO)
    return order, by_line, shipping.gate_state(order, shipped, value, paid, final_inspections(store, order_no, day), on,
                                           by_line)


def shipped_values(store, nos: list[str], day: date | None = None) -> dict[str, Decimal]:
    """order → value shipped: Σ over shipment lines of qty × the price it shipped at, each rounded
    (core.shipping.shipment_value), the same debits as the customer statement (on or before
    `day`, when given)."""
    out: dict[str, Decimal] = {}
    dated = (f"JOIN shipments s ON s.id = l.shipment_id AND {asof.in_force('shipments', 's')} " if day else "")
    for order_no, qty, price, currency in select_in(
            store.conn, f"SELECT l.order_no, l.qty, l.price, o.currency FROM shipment_lines l {dated}"
                        f"JOIN orders o ON o.order_no = l.order_no WHERE l.order_no IN {KEYS} "
                        f"AND {live('shipment_lines', 'l')}", nos, before=[day.isoformat()] if day else []):
        out[order_no] = out.get(order_no, ZERO) + line_amount(qty, Decimal(price), currency)
    return out


def check_rows(store, order_no: str, on: date, items: dict[str, int] | None = None,
               day: date | None = None) -> list[dict]:
    """`ship --check`: one row per gate with its state and why, as of `day` (today)."""
    _, _, gs = gates(store, order_no, on, items, day)
    return [{"order": order_no, "gate": g.gate, "state": g.state, "detail": g.detail} for g in gs]


def gates_of(store, states: list[shipping.OrderMoney], on: date) -> dict[str, list]:
    """order → the gates for shipping everything that remains of it on `on` (`ship --check`
    without items), for many orders at once (the morning report): from their money states
    (`money_states`: shipped, paid, value shipped) and their final inspections."""
    live = [s for s in states if not s.order.cancelled]
    finals = final_inspections_of(store, [s.order.order for s in live], on)
    return {s.order.order: shipping.gate_state(s.order, s.shipped, s.value_shipped, s.paid, finals.get(s.order.order, []), on)
            for s in live}


def rest_of(store, order_no: str) -> dict[str, int]:
    """SKU → what remains to ship on the order (`ship ORDER --rest`)."""
    order = orders.get_order(store, order_no)
    return shipping.rest_items(order, orders.shipped_by_line(store, [order_no]).get(order_no, {}))


def ship(store, order_no: str, items: dict[str, int], on: date, container: str = "", seal: str = "",
         bl: str = "", vessel: str = "", force: bool = False, reason: str = "",
         details: dict | None = None) -> tuple[str, list[str]]:
    """Record a shipment (inside the caller's transaction) after every gate passes, or past the
    blocking ones with `force` (the override and its reasons go to the audit log). `details`:
    the documents' fields (DETAIL_FIELDS: etd, ports, mode, container type), when typed.
    Returns (shipment number, the reasons that were overridden)."""
    order, by_line, gs = gates(store, order_no, on, items)
    if on < order.ordered:
        raise GendanError(f"shipment date {on} is before order {order_no} was placed ({order.ordered}) (check --date)")
    reasons = shipping.blocking(gs)
    if reasons and not force:
        raise Blocked(f"shipment on {order_no} is blocked", reasons)
    forced = bool(reasons)
    extra = {k: v for k, v in (details or {}).items() if v and k in DETAIL_FIELDS}
    cur = store.execute(f"INSERT INTO shipments (order_no, date, container, seal, bl, vessel, forced, reason"
                        f"{''.join(', ' + k for k in extra)}) VALUES (?,?,?,?,?,?,?,?{',?' * len(extra)})",
                        (order_no, on.isoformat(), container, seal, bl, vessel, int(forced), reason, *extra.values()))
    sid = cur.lastrowid
    price_of = {ln.line: str(ln.price) for ln in order.lines}
    store.executemany("INSERT INTO shipment_lines (shipment_id, order_no, line, qty, price) VALUES (?,?,?,?,?)",
                      [(sid, order_no, line, qty, price_of[line]) for line, qty in sorted(by_line.items())])
    no = shipment_no(sid)
    sku_of = {ln.line: ln.sku for ln in order.lines}
    after = {"shipment": no, "order": order_no, "date": on.isoformat(), "container": container, "seal": seal,
             "bl": bl, "vessel": vessel, "forced": forced, **extra,
             "lines": [{"line": line, "sku": sku_of[line], "qty": qty, "price": price_of[line]}
                       for line, qty in sorted(by_line.items())]}
    if forced:
        after["overridden"] = [str(r) for r in reasons]
    store.event("shipment", order_no, None, after, reason, day=on)
    orders.refresh_closed(store, order_no)
    return no, reasons


def shipment_rows(store, since: date | None = None, order_no: str | None = None,
                  until: date | None = None) -> list[dict]:
    """`ship` listing: one row per shipment and SKU, by date (to `until`, today); amount = qty ×
    the price it shipped at, rounded (0 for replacement goods, which are not invoiced). Voided
    shipments are listed too, marked `void` (nothing is deleted)."""
    where, params = db.where((asof.in_force("shipments", "s"), until and until.isoformat()),
                             ("s.order_no = ?", order_no or None), ("s.date >= ?", since and since.isoformat()))
    # Replacement goods for a complaint (store.aftersales) ship on the order at no charge.
    rows = store.query(
        f"SELECT s.id, s.order_no, s.date, s.container, s.seal, s.bl, l.line, l.qty, ol.sku, l.price, o.currency, s.voided "
        f"FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id "
        f"JOIN order_lines ol ON ol.order_no = l.order_no AND ol.line = l.line "
        f"JOIN orders o ON o.order_no = s.order_no {where} "
        f"UNION ALL SELECT s.id, s.order_no, s.date, s.container, s.seal, s.bl, l.line, l.qty, l.sku, '0', o.currency, "
        f"s.voided "
        f"FROM shipments s JOIN replacement_lines l ON l.shipment_id = s.id "
        f"JOIN orders o ON o.order_no = s.order_no {where} ORDER BY 3, 1, 7", params * 2)
    return [{"shipment": shipment_no(r["id"]), "order": r["order_no"], "date": r["date"], "sku": r["sku"],
             "qty": r["qty"], "container": r["container"], "seal": r["seal"], "bl": r["bl"],
             "amount": line_amount(r["qty"], Decimal(r["price"]), r["currency"]), "currency": r["currency"],
             "void": r["voided"] is not None, "_id": r["id"]} for r in rows]


def money_states(store, day: date, order_nos: list[str] | None = None,
                 open_orders: list | None = None) -> list[shipping.OrderMoney]:
    """Per-order money facts (shipped, paid, forced shipments) as of `day` for open orders
    (`open_orders` when already loaded) and for any other order with a forced shipment; or
    for the orders given."""
    iso = day.isoformat()
    if order_nos is not None:
        wanted = [orders.get_order(store, no, day) for no in order_nos]
    else:
        forced = orders.load_orders(
            store, f"WHERE o.order_no NOT IN ({orders.OPEN_ON}) AND o.order_no IN "
                   f"(SELECT order_no FROM shipments s WHERE forced = 1 AND {asof.in_force('shipments', 's')} "
                   f"AND {live('shipments', 's')})", (iso, iso), day)
        opened = orders.open_orders(store, day) if open_orders is None else open_orders
        wanted = sorted([*(o for o in opened if not o.cancelled), *(o for o in forced if not o.cancelled)],
                        key=lambda o: (o.due, o.order))
    nos = [o.order for o in wanted]
    shipped = orders.shipped_by_line(store, nos, day)
    paid = paid_on_orders(store, nos, day)
    values = shipped_values(store, nos, day)
    forced: dict[str, list[str]] = {}
    for r in store.query(f"SELECT id, order_no FROM shipments s WHERE forced = 1 AND {asof.in_force('shipments', 's')} "
                         f"AND {live('shipments', 's')} ORDER BY id", (iso,)):
        forced.setdefault(r["order_no"], []).append(shipment_no(r["id"]))
    return [shipping.OrderMoney(o, shipped.get(o.order, {}), paid.get(o.order, ZERO), values.get(o.order, ZERO),
                            tuple(forced.get(o.order, ()))) for o in wanted]


def money_lists(store, today: date, within: int | None = None) -> dict[str, list[dict]]:
    """The morning report's shipping-money sections, each a list of rows (see the core
    functions for fields): deposits_missing, balances_to_collect (orders due within `within`
    days, when given), forced_unpaid."""
    states = money_states(store, today)
    return {"deposits_missing": shipping.deposits_missing(states, today),
            "balances_to_collect": shipping.balances_to_collect(states, today, within),
            "forced_unpaid": shipping.forced_unpaid(states)}


def balance_summary(store, order_no: str, day: date | None = None) -> dict:
    """`order show`: order value, shipped value, deposit due, paid, balance (all in the order's
    currency), as of `day` when given."""
    order = orders.get_order(store, order_no, day)
    paid = paid_on_orders(store, [order_no], day).get(order_no, ZERO)
    value = shipped_values(store, [order_no], day).get(order_no, ZERO)
    cur = order.currency
    return {"order_value": order.value, "shipped_value": round_money(value, cur),
            "deposit_due": shipping.deposit_due(order), "paid": round_money(paid, cur),
            "balance": round_money(shipping.balance(value, paid), cur)}
