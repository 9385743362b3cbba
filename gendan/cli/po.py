"""`gendan po …`: purchase orders, receipts, and the daily chase list (跟催)."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import DateOpt, FormatOpt, OutputOpt, ReasonOpt

po_app = typer.Typer(no_args_is_help=True, help="Purchase orders (采购单), receipts and chasing (跟催).")

LIST_FIELDS = ["po", "supplier", "ordered", "due", "for_order", "lines", "qty", "qty_accepted", "qty_rejected",
               "qty_open", "amount", "currency", "confirmed", "status"]
LINE_FIELDS = ["line", "sku", "description", "qty", "price", "amount", "due", "first_promised", "promised",
               "received", "rejected", "accepted", "qty_open"]

LineOpt = Annotated[Optional[int], typer.Option("--line", min=1, max=9999, help="only this line (default: every open line)")]


def register(app: typer.Typer) -> None:
    app.add_typer(po_app, name="po")


@po_app.command("add")
def po_add(
    no: Annotated[Optional[str], typer.Argument(help="PO number (with --from-bom: numbered by the pattern setting, or --no)")] = None,
    supplier: Annotated[Optional[str], typer.Option(help="supplier code (with --from-bom: for parts without a usual supplier)")] = None,
    due: Annotated[Optional[str], typer.Option(help="requested delivery date (交期)")] = None,
    item: Annotated[Optional[list[str]], typer.Option("--item", help="SKU=QTY@PRICE, repeatable")] = None,
    for_: Annotated[Optional[str], typer.Option("--for", help="the customer order this PO serves")] = None,
    ordered: DateOpt = None,
    currency: Annotated[Optional[str], typer.Option(help="default: the supplier's")] = None,
    from_bom: Annotated[bool, typer.Option("--from-bom", help="order what the --for order's BOMs need and no PO holds yet, one PO per supplier")] = False,
    number: Annotated[Optional[list[str]], typer.Option("--no", help="with --from-bom: SUPPLIER=PO-NO, repeatable")] = None,
    price: Annotated[Optional[list[str]], typer.Option("--price", help="with --from-bom: PART=PRICE (default: the supplier's last price)")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Place a purchase order. Example: gendan po add PO-7 --supplier HX --due +20 --item CH-01=600@85 --for SO-1001
    Order what an order's BOMs still need: gendan po add --for SO-1001 --from-bom --due +10"""
    from gendan.core.money import parse_currency
    from gendan.core.orders import parse_priced_item
    from gendan.core.purchasing import new_po
    from gendan.errors import UsageError
    from gendan.store import parties, purchasing
    if from_bom:
        return _add_from_bom(no, supplier, due, item, for_, ordered, currency, number, price, fmt)
    for given, what in ((number, "--no"), (price, "--price")):
        if given:
            raise UsageError(f"{what} goes with --from-bom (or give the PO number and --item SKU=QTY@PRICE)")
    for value, what in ((no, "argument 'NO'"), (supplier, "option '--supplier'"), (due, "option '--due'")):
        if value is None:
            raise UsageError(f"Missing {what} (see 'gendan po add --help')")
    items = [parse_priced_item(i) for i in item or []]
    if not items:
        raise UsageError("a PO needs at least one --item SKU=QTY@PRICE")
    due_d = _common.date_arg(due, "--due")
    ordered_d = _common.date_arg(ordered, "--ordered", _common.today())
    cur = parse_currency(currency) if currency else None
    store = _common.open_db("po add")
    with store.transaction():
        sup = parties.get_supplier(store, supplier)
        po = new_po(no, sup, ordered_d, due_d, items, cur, for_)
        purchasing.insert_po(store, po)
        if for_:
            _warn_if_closed(store, po.po, for_)
    qty = sum(ln.qty for ln in po.lines)
    _say(store, po.po, f"{po.po} placed with {sup.code}: {_common.plural(len(po.lines), 'line')}, {qty} pcs, "
                       f"due {po.due}" + (f", for {po.for_order}" if po.for_order else ""), fmt)


def _add_from_bom(no, supplier, due, item, for_, ordered, currency, number, price, fmt) -> None:
    """`po add --for ORDER --from-bom`: the parts not yet (fully) ordered, one PO per supplier,
    in one transaction (all or nothing)."""
    from gendan.cli.materials import print_placed
    from gendan.core.money import parse_price
    from gendan.core.orders import check_code
    from gendan.errors import UsageError
    from gendan.store import materials
    for value, what in ((no, "PO number"), (item, "--item"), (currency, "--currency")):
        if value:
            raise UsageError(f"--from-bom takes no {what} (it orders the BOMs' parts; number POs with --no SUPPLIER=PO-NO)")
    if not for_:
        raise UsageError("--from-bom needs --for ORDER (the order whose BOMs say what to buy)")
    if due is None:
        raise UsageError("--from-bom needs --due DATE (when the parts must arrive)")
    numbers = {}
    for text in number or []:
        code, sep, po_no = text.partition("=")
        if not sep:
            raise UsageError(f"bad --no {text!r} (write SUPPLIER=PO-NO, e.g. MF=PO-MF-210)")
        code, po_no = check_code(code, "supplier code"), check_code(po_no, "PO number")
        if code in numbers:
            raise UsageError(f"--no gives {code} two numbers ({numbers[code]}, {po_no}): one PO per supplier")
        if po_no in numbers.values():
            raise UsageError(f"--no gives {po_no} to two suppliers (each PO needs its own number)")
        numbers[code] = po_no
    prices = {}
    for text in price or []:
        part, sep, value = text.rpartition("=")
        if not sep or not part:
            raise UsageError(f"bad --price {text!r} (write PART=PRICE, e.g. HW-01=0.35)")
        part = check_code(part, "part")
        if part in prices:
            raise UsageError(f"SKU {part} is given twice in --price (give each SKU once)")
        prices[part] = parse_price(value)
    due_d = _common.date_arg(due, "--due")
    if ordered is not None:
        raise UsageError("--from-bom places the POs today (drop --ordered, or run it with --today DATE)")
    store = _common.open_db("po add")
    with store.transaction():
        pos = materials.place_from_bom(store, for_, _common.today(), due_d, supplier, numbers, prices)
        _warn_if_closed(store, pos[0].po, for_)
    print_placed(pos, fmt)


def _warn_if_closed(store, po_no: str, order_no: str) -> None:
    """A PO placed for an order that has shipped in full is most likely a slip of the order
    number: it is kept (a replacement may be meant), with a warning. (A cancelled order is
    refused before this.)"""
    from gendan.core.orders import status
    from gendan.store import orders
    order = orders.get_order(store, order_no)
    state = status(order, orders.shipped_by_line(store, [order_no]).get(order_no, {}))
    if state == "shipped":
        _common.info(f"gendan: warning: {po_no} is for {order_no}, which is {state} (check --for)")


def _say(store, no: str, line: str, fmt: str, record: dict | None = None) -> None:
    """What a PO write says: the line, or with -f json the PO as `po show -f json` gives it."""
    from gendan.store import purchasing
    _common.wrote(line, record if record is not None else (purchasing.po_view(store, no, _common.today()) if fmt in ("json", "jsonl") else {}), fmt)


@po_app.command("confirm")
def po_confirm(
    no: str,
    promised: Annotated[Optional[str], typer.Option(help="the date the supplier promises")] = None,
    line: LineOpt = None,
    date: Annotated[Optional[str], typer.Option(help="when the countersigned PO came back (default: today)")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """The supplier countersigned the PO (回传确认), optionally with a promised date.
    Example: gendan po confirm PO-7 --promised 2026-12-05"""
    from gendan.store import purchasing
    on = _common.date_arg(date, "--date", _common.today())
    promised_d = _common.date_arg(promised, "--promised")
    store = _common.open_db("po confirm")
    with store.transaction():
        purchasing.confirm(store, no, on, promised_d, line)
    _say(store, no, f"{no} confirmed" + (f" line {line}" if line else "") + (f", promised {promised_d}" if promised_d else ""),
         fmt)


@po_app.command("receive")
def po_receive(
    no: str,
    item: Annotated[list[str], typer.Option("--item", help="SKU=QTY received, repeatable")],
    rejected: Annotated[Optional[list[str]], typer.Option("--rejected", help="SKU=QTY of the received that failed")] = None,
    date: DateOpt = None,
    note: Annotated[str, typer.Option(help="free text")] = "",
    ref: Annotated[str, typer.Option(help="the supplier's delivery note number (送货单号); statements match on it")] = "",
    allow_over: Annotated[bool, typer.Option("--allow-over", help="accept more than the line still needs")] = False,
    fmt: FormatOpt = "table",
) -> None:
    """Record goods received (来料), part of which may be rejected (不合格).
    Example: gendan po receive PO-7 --item CH-01=300 --rejected CH-01=12 --ref GRN-1101"""
    from gendan.core.orders import merge_items, parse_item
    from gendan.store import purchasing
    got = merge_items([parse_item(i) for i in item])
    bad = merge_items([parse_item(i, allow_zero=True) for i in rejected or []], "--rejected")
    on = _common.date_arg(date, "--date", _common.today())
    store = _common.open_db("po receive")
    with store.transaction():
        written = purchasing.receive(store, no, got, bad, on, note=note, ref=ref.strip(), allow_over=allow_over)
    goods = ", ".join(f"{r['sku']} ×{r['qty']}" + (f" ({r['rejected']} rejected)" if r["rejected"] else "")
                      for r in written)
    _say(store, no, f"{no} received on {on}: {goods}", fmt, {"po": no, "date": on, "receipts": written})


@po_app.command("cancel")
def po_cancel(no: str, reason: ReasonOpt = None) -> None:
    """Cancel a PO, or what is still open of it; its lines leave the chase list.
    Example: gendan po cancel PO-7 --reason "supplier cannot make it; moved to PO-9" """
    from gendan.store import purchasing
    why = _common.need_reason(reason, "po cancel")
    store = _common.open_db("po cancel")
    with store.transaction():
        purchasing.cancel(store, no, why)


@po_app.command("change")
def po_change(
    no: str,
    due: Annotated[Optional[str], typer.Option(help="new due date: of the PO's open lines, or of --line N")] = None,
    item: Annotated[Optional[list[str]], typer.Option(
        "--item", help="SKU=QTY[@PRICE]: raise or lower a line (never below what was accepted; the price stays "
                       "unless typed and applies to what is still to come), or add one with its price")] = None,
    line: Annotated[Optional[int], typer.Option("--line", min=1, max=9999, help="with --due: move only this line")] = None,
    reason: ReasonOpt = None,
) -> None:
    """Amend a PO, by the rules of `order change`; the earlier values stay in the audit log.
    Example: gendan po change PO-7 --item CH-01=650 --line 1 --due 2026-12-08 --reason "buyer added 50" """
    from gendan.core.orders import parse_item_price_optional
    from gendan.errors import UsageError
    from gendan.store import purchasing
    why = _common.need_reason(reason, "po change")
    items = [parse_item_price_optional(i) for i in item or []]
    due_d = _common.date_arg(due, "--due")
    if line is not None and due_d is None:
        raise UsageError("--line goes with --due (e.g. --line 2 --due 2026-12-08)")
    store = _common.open_db("po change")
    with store.transaction():
        purchasing.change(store, no, None if line else due_d, items, {line: due_d} if line else {}, why)
    _common.wrote(f"{no} changed ({why})", {})


@po_app.command("list")
def po_list(
    all_: Annotated[bool, typer.Option("--all", help="include fully received and cancelled POs")] = False,
    supplier: Annotated[Optional[str], typer.Option(help="only this supplier")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """POs with open lines, by due date. Example: gendan po list --supplier HX -f csv"""
    from gendan.store import purchasing
    store = _common.open_db()
    if supplier:
        from gendan.store.parties import get_supplier
        get_supplier(store, supplier)
    _common.emit(purchasing.po_rows(store, _common.today(), all_, supplier), fmt, LIST_FIELDS, empty="no open POs")


@po_app.command("show")
def po_show(no: str, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """One PO: lines with received, rejected and open quantities, promise history, receipts, chases.
    Example: gendan po show PO-7 -f json"""
    from gendan.store import purchasing
    store = _common.open_db()
    view = purchasing.po_view(store, no, _common.today())
    if fmt == "json":
        from gendan.output import dumps
        sys.stdout.write(dumps(view) + "\n")
        return
    if fmt in ("csv", "tsv", "jsonl"):
        _common.emit(view["lines"], fmt, LINE_FIELDS)
        return
    head = {k: view[k] for k in ("po", "supplier", "ordered", "due", "for_order", "currency", "amount",
                                 "confirmed", "cancelled", "qty_open")}
    _common.emit([{"field": k, "value": v} for k, v in head.items()], fmt, ["field", "value"])
    for section in ("lines", "promises", "receipts", "chases", "inspections", "events"):
        rows = view[section]
        if rows:
            print(f"\n{section}:")
            sys.stdout.flush()
            _common.emit(rows, fmt, LINE_FIELDS if section == "lines" else list(rows[0].keys()))


@po_app.command("chase")
def po_chase(
    no: Annotated[Optional[str], typer.Argument(help="record a chase of this PO (without: print the chase list)")] = None,
    window: Annotated[Optional[int], typer.Option(min=0, max=3650, help="days ahead that count as due soon (default 3)")] = None,
    supplier: Annotated[Optional[str], typer.Option(help="only this supplier's lines")] = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="exit 1 when any line is overdue")] = False,
    message: Annotated[bool, typer.Option("--message", help="print a ready-to-send text per supplier")] = False,
    lang: Annotated[str, typer.Option(help="language of --message: zh or en")] = "zh",
    via: Annotated[Optional[str], typer.Option(help="phone, email, wechat, fax or visit (default phone)")] = None,
    note: Annotated[Optional[str], typer.Option(help="what was said")] = None,
    promised: Annotated[Optional[str], typer.Option(help="the date the supplier now promises")] = None,
    line: LineOpt = None,
    date: Annotated[Optional[str], typer.Option(help="when the chase happened (default: today)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """The chase list (跟催): open PO lines that are overdue, at risk, unconfirmed or due soon —
    or, with a PO number, record a chase.
    Examples: gendan po chase --exit-code -f csv;  gendan po chase PO-7 --via wechat --note "说周五发" --promised fri"""
    from gendan.errors import UsageError
    if no is None:
        given = [o for o, v in (("--via", via), ("--note", note), ("--promised", promised), ("--line", line),
                                ("--date", date)) if v is not None]
        if given:
            raise UsageError(f"{given[0]} records a chase and needs a PO number (gendan po chase PO-NO {given[0]} …)")
        if lang not in ("zh", "en"):
            raise UsageError(f"bad --lang {lang!r} (use zh or en)")
        from gendan.cli.chase import chase_list
        if chase_list(window, supplier, exit_code, message, lang, fmt):
            raise typer.Exit(1)
        return
    given = [o for o, v in (("--window", window), ("--supplier", supplier), ("--exit-code", exit_code or None),
                            ("--message", message or None)) if v is not None]
    if given:
        raise UsageError(f"{given[0]} is for the chase list, not for recording a chase of {no} (drop the PO number)")
    _chase_record(no, via or "phone", note or "", promised, line, date)


def _chase_record(no: str, via: str, note: str, promised: str | None, line: int | None, date: str | None) -> None:
    from gendan.store import purchasing
    on = _common.date_arg(date, "--date", _common.today())
    promised_d = _common.date_arg(promised, "--promised")
    store = _common.open_db("po chase")
    with store.transaction():
        purchasing.record_chase(store, no, on, via, note, promised_d, line)
    _common.wrote(f"{no} chased {on} by {via}" + (f", promised {promised_d}" if promised_d else "")
                  + (f": {note}" if note else ""), {})
