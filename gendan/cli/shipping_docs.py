"""`gendan ship docs | notice | bl`: a shipment's packing list and invoice, the shipping notice
for the factory and forwarder, and the bill of lading's steps (出货资料, 出货通知, 提单)."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import DateOpt, FormatOpt, OutputOpt, ReasonOpt

Text = lambda h: Annotated[str, typer.Option(help=h)]  # noqa: E731


def register(app: typer.Typer) -> None:
    app.command("docs")(docs)
    app.command("notice")(notice)
    app.command("bl")(bl)


def docs(
    shipment: Annotated[str, typer.Argument(help="shipment number, e.g. SH-00005")],
    packing_list: Annotated[bool, typer.Option("--packing-list", help="the packing list (装箱单)")] = False,
    invoice: Annotated[bool, typer.Option("--invoice", help="the commercial invoice (发票)")] = False,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """A shipment's packing list or invoice.

    Example: gendan ship docs SH-00005 --packing-list; gendan ship docs SH-00005 --invoice -f csv"""
    from gendan.errors import UsageError
    if packing_list == invoice:
        raise UsageError("choose one document: --packing-list or --invoice")
    from gendan.store import documents as store_docs
    store = _common.open_db()
    with store.snapshot():
        head, lines, products = store_docs.shipment_documents(store, shipment)
    (_packing_list if packing_list else _invoice)(head, lines, products, fmt)


def _packing_list(head, lines, products, fmt) -> None:
    from gendan.core import documents
    rows = documents.packing_rows(lines, products)
    totals = documents.packing_totals(rows)
    warnings = [w for w in [documents.load_warning(totals["cbm"], head["container_type"])] if w]
    partial = [f"carton {r['carton_from']} ({r['sku']}) is a partial carton: {r['per_carton']} of "
               f"{products[r['sku']].pack} pieces" for r in rows if r["partial"]]
    _document(head, rows, documents.PACKING_FIELDS, documents.PACKING_PRIORITY, totals, fmt, "Packing list",
              partial, warnings,
              f"total: {totals['cartons']} cartons, {totals['qty']} pcs, N.W. {totals['nw']} kg, "
              f"G.W. {totals['gw']} kg, {totals['cbm']} m³")


def _invoice(head, lines, products, fmt) -> None:
    from gendan.core import documents
    from gendan.core.money import fmt as money
    rows = documents.invoice_rows(lines, products, head["currency"])
    total = documents.invoice_total(rows)
    _document(head, rows, documents.INVOICE_FIELDS, documents.INVOICE_PRIORITY,
              {"amount": total, "currency": head["currency"], "qty": sum(r["qty"] for r in rows)},
              fmt, "Invoice", [], [], f"total: {head['currency']} {money(total, head['currency'])} "
                                      f"({sum(r['qty'] for r in rows)} pcs)")


def _heading(head: dict) -> dict:
    """The header fields a document prints above its table."""
    keys = ("shipment", "order", "customer", "customer_name", "date", "etd", "pol", "pod", "mode", "vessel",
            "container", "container_type", "seal", "bl", "currency")
    return {k: head.get("order_no" if k == "order" else k) or ("" if k != "etd" else None) for k in keys}


def _document(head, rows, fields, priority, totals, fmt, title, notes, warnings, total_line) -> None:
    """Print a document: header lines, the table and its total (table, markdown); the rows only
    (csv, tsv, jsonl); one object with header, lines and totals (json)."""
    from gendan.output import dumps
    for w in warnings:
        _common.info(f"gendan: warning: {w}")
    if fmt == "json":
        sys.stdout.write(dumps(_heading(head) | {"lines": [{k: r[k] for k in fields} for r in rows],
                                                 "totals": totals, "notes": notes, "warnings": warnings}) + "\n")
        return
    if fmt in ("csv", "tsv", "jsonl"):
        _common.emit(rows, fmt, fields)
        return
    if fmt == "xlsx":   # the table with its total row, then the shipment's particulars
        total = {fields[0]: "total"} | {k: v for k, v in totals.items() if k in fields}
        _common.emit([*rows, total], fmt, fields, sheet=title)
        details = [{"field": k, "value": v} for k, v in _heading(head).items() if v not in (None, "")]
        details += [{"field": "note", "value": n} for n in [*notes, *warnings]]
        _common.emit(details, fmt, ["field", "value"], sheet=f"{title} {head['shipment']}")
        return
    h = _heading(head)
    ports = " → ".join(p for p in (h["pol"], h["pod"]) if p)
    route = (f"date {h['date']}", h["etd"] and f"ETD {h['etd']}", ports, h["mode"], h["vessel"])
    load = (h["container"] and f"container {h['container']} {h['container_type']}".strip(),
            h["seal"] and f"seal {h['seal']}", h["bl"] and f"B/L {h['bl']}")
    lines = [f"{title} {h['shipment']} — order {h['order']}, {h['customer_name'] or h['customer']}",
             *("  ".join(x for x in part if x) for part in (route, load) if any(part))]
    from gendan.output import visible
    sys.stdout.write("\n".join(visible(x) for x in lines) + "\n\n")
    sys.stdout.flush()
    _common.emit(rows, fmt, fields, priority=priority)
    sys.stdout.write("\n" + "\n".join([total_line, *notes]) + "\n")


def notice(
    order: Annotated[str, typer.Argument(help="customer order, e.g. SO-2403")],
    lang: Annotated[str, typer.Option(help="zh (中文) or en")] = "zh",
    etd: Annotated[Optional[str], typer.Option(help="ETD (default: the order's last shipment's)")] = None,
    pol: Text("port of loading (default: the last shipment's)") = "",
    pod: Text("port of discharge (default: the last shipment's)") = "",
    mode: Text("sea, air, truck or courier (default: the last shipment's)") = "",
    container_type: Annotated[str, typer.Option("--container-type", help="20GP, 40GP, 40HQ or 45HQ")] = "",
) -> None:
    """The shipping notice (出货通知) for the factory and forwarder: what remains to ship on the
    order, cartons, shipping marks, ETD, ports, mode and container, as text to paste.

    Example: gendan ship notice SO-2403 --lang en --etd 12-20 --pol Ningbo --pod "Los Angeles" """
    from gendan.core import documents
    from gendan.store import documents as store_docs, orders, parties, products
    if lang not in ("zh", "en"):
        from gendan.errors import UsageError
        raise UsageError(f"bad --lang {lang!r} (use zh or en)")
    etd_d = _common.date_arg(etd, "--etd")
    mode = documents.parse_mode(mode) if mode else ""
    container_type = documents.parse_container_type(container_type) if container_type else ""
    store = _common.open_db()
    with store.snapshot():
        o = orders.get_order(store, order)
        lines = store_docs.notice_lines(store, order)
        last = store_docs.last_shipment(store, order) or {}
        name = parties.get_customer(store, o.customer).name
        prods = products.products_for(store, [ln.sku for ln in lines])
    if not lines:
        _common.info(f"{order}: nothing remains to ship (every line has shipped)")
        return
    from datetime import date as _date
    n = documents.Notice(order=order, customer=o.customer, customer_name=name, lines=lines, products=prods,
                         etd=etd_d or (_date.fromisoformat(last["etd"]) if last.get("etd") else None),
                         pol=pol.strip() or last.get("pol", ""), pod=pod.strip() or last.get("pod", ""),
                         mode=mode or last.get("mode", ""),
                         container_type=container_type or last.get("container_type", ""))
    from gendan.output import visible   # names and ports are free text: no control characters reach the terminal
    sys.stdout.write("".join(visible(x) + "\n" for x in documents.notice_text(n, lang).splitlines()))


def bl(
    shipment: Annotated[str, typer.Argument(help="shipment number, e.g. SH-00005")],
    copy_sent: Annotated[bool, typer.Option("--copy-sent", help="the B/L copy was sent to the customer")] = False,
    original_received: Annotated[bool, typer.Option("--original-received",
                                                    help="the original B/L arrived from the forwarder")] = False,
    released: Annotated[bool, typer.Option("--released", help="the original B/L went to the customer")] = False,
    date: DateOpt = None,
    force: Annotated[bool, typer.Option("--force", help="release before the balance is paid (needs --reason)")] = False,
    reason: ReasonOpt = None,
) -> None:
    """Record a step of the bill of lading (提单): copy sent, original received, released.
    Releasing the original is refused while the order owes money for goods shipped.

    Example: gendan ship bl SH-00005 --copy-sent; gendan ship bl SH-00005 --released"""
    from gendan.errors import UsageError
    steps = [s for s, on in (("copy_sent", copy_sent), ("original_received", original_received),
                             ("released", released)) if on]
    if len(steps) != 1:
        raise UsageError("give one step: --copy-sent, --original-received or --released")
    if force and not released:
        raise UsageError("--force only goes with --released")
    why = _common.need_reason(reason, "--force") if force else (reason or "").strip()
    on = _common.date_arg(date, "--date", _common.today())
    from gendan.store import documents as store_docs
    store = _common.open_db("ship bl")
    with store.transaction():
        head = store_docs.record_bl(store, shipment, steps[0], on, force, why)
    print(f"{', '.join(head['shipments'])} B/L {head['bl'] or '(no number)'} {steps[0].replace('_', ' ')} {on} "
          f"({head['order_no']})")
