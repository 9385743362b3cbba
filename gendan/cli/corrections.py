"""The void commands' shared body (`pay void`, `receipt void`, `ship void`, `inspect void`):
parse, one transaction, one line saying what was voided."""
import sys

from gendan.cli import _common


def void(kind: str, number: str, reason: str | None, fmt: str = "table") -> None:
    """Void one record (a delivery note: each of its receipts); print `PAY-00003 voided …`
    for each (or the records in the format asked)."""
    from gendan.store import corrections
    why = _common.need_reason(reason, f"{kind} void")
    store = _common.open_db(f"{_GROUP[kind]} void")
    with store.transaction():
        done = getattr(corrections, f"void_{kind}")(store, number, why, _common.today())
        warning = corrections.unpaid_after_void(store, done[0]["order"]) if kind == "payment" else None
    if warning:
        _common.info(f"gendan: warning: {warning}")
    if fmt != "table":
        _common.emit(done, fmt, list(done[0]))
        return
    for d in done:
        sys.stdout.write(f"{d[kind]} voided on {d['voided']}: {_what(kind, d)} ({why})\n")


_GROUP = {"payment": "pay", "receipt": "receipt", "shipment": "ship", "inspection": "inspect"}


def _what(kind: str, d: dict) -> str:
    if kind == "payment":
        way = f"from {d['party']}" if d["direction"] == "in" else f"to {d['party']}"
        return f"{d['amount']} {d['currency']} {way}" + (f" for {d['order'] or d['po']}" if d["order"] or d["po"] else "")
    if kind == "receipt":
        return f"{d['po']} {d['sku']} ×{d['qty']} received {d['date']} (the line reopens)"
    if kind == "shipment":
        return f"{d['order']} " + ", ".join(f"{ln['sku']} ×{ln['qty']}" for ln in d["lines"]) + f" shipped {d['date']}"
    return f"{d['stage']} inspection of {d['ref']}" + (f" {d['sku']}" if d["sku"] else "") + f" ({d['result']}, {d['date']})"
