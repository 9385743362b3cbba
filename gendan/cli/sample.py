"""`gendan sample …`: sample requests, courier, the customer's verdict and the sealed-sample
register (样品/船样/封样)."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import DateOpt, FormatOpt, OutputOpt, NoteOpt

sample_app = typer.Typer(no_args_is_help=True,
                         help="Samples (样品/船样/封样): requests, courier, customer approval, the sealed register.")

SEALED_FIELDS = ["sample", "sku", "order", "customer", "kind", "sealed", "location", "status"]
# A table on a screen shows what the merchandiser acts on, most important first; csv, json and
# the other formats carry every field of the contract.
TABLE_FIELDS = ["sample", "sku", "kind", "customer", "status", "days_late", "due", "feedback_due", "order",
                "supplier", "courier", "awb", "location"]


def register(app: typer.Typer) -> None:
    app.add_typer(sample_app, name="sample")


@sample_app.command("add")
def sample_add(
    no: Annotated[str, typer.Argument(help="sample number, e.g. S-2612-01")],
    sku: Annotated[str, typer.Option(help="the SKU sampled")],
    kind: Annotated[str, typer.Option(help="proto, pps, salesman, shipping (船样) or other")],
    customer: Annotated[Optional[str], typer.Option(help="customer code (default: the --order's customer)")] = None,
    order: Annotated[Optional[str], typer.Option(help="the customer order it is for (a pps sample approves its pps stage)")] = None,
    supplier: Annotated[Optional[str], typer.Option(help="the factory making it")] = None,
    qty: Annotated[str, typer.Option(help="pieces")] = "1",
    due: Annotated[Optional[str], typer.Option(help="when the factory is to deliver it")] = None,
    date: Annotated[Optional[str], typer.Option(help="when it was asked for (default: today)")] = None,
    note: NoteOpt = "",
    fmt: FormatOpt = "table",
) -> None:
    """Ask a factory for a sample (下达试样通知).
    Example: gendan sample add S-1 --customer ACME --order SO-1001 --sku CH-01 --kind pps --supplier HX --due +5"""
    from gendan.core.samples import Sample, check_new, need_text, parse_kind
    from gendan.core.orders import parse_qty
    from gendan.store import samples
    requested = _common.date_arg(date, "--date", _common.today())
    new = check_new(Sample(
        sample=_number(no), customer=(customer or "").strip(), sku=need_text(sku, "--sku"),
        kind=parse_kind(kind), requested=requested, order=order, supplier=supplier,
        qty=parse_qty(qty, "--qty"), due=_common.date_arg(due, "--due"), note=note.strip()))
    store = _common.open_db("sample add")
    with store.transaction():
        s = samples.add(store, new)
    _wrote(s, fmt, f"{s.sample} requested: {s.kind} {s.sku} ×{s.qty} for {s.customer}"
           + (f" {s.order}" if s.order else "") + (f" from {s.supplier}" if s.supplier else "")
           + (f", due {s.due}" if s.due else ""))


@sample_app.command("receive")
def sample_receive(no: str, date: DateOpt = None, fmt: FormatOpt = "table") -> None:
    """The sample arrived from the factory. Example: gendan sample receive S-1"""
    from gendan.core.samples import expected, receive
    from gendan.store import samples
    on = _common.date_arg(date, "--date", _common.today())
    store = _common.open_db("sample receive")
    with store.transaction():
        _, s = samples.change(store, no, receive, on)
        send_by = expected(s, samples.settings(store))[0]
    _wrote(s, fmt, f"{s.sample} received {on}: {s.kind} {s.sku} for {s.customer}, to send by {send_by}")


@sample_app.command("send")
def sample_send(
    no: str,
    courier: Annotated[str, typer.Option(help="DHL, FedEx, SF …")],
    awb: Annotated[str, typer.Option(help="the air waybill (tracking) number")],
    date: DateOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """The sample went to the customer; their feedback falls due 3 working days later.
    Example: gendan sample send S-1 --courier DHL --awb 1234567890"""
    from gendan.core.samples import feedback_due, send
    from gendan.store import samples
    on = _common.date_arg(date, "--date", _common.today())
    store = _common.open_db("sample send")
    with store.transaction():
        _, s = samples.change(store, no, send, courier, awb, on)
        fb = feedback_due(on, samples.settings(store))
    _wrote(s, fmt, f"{s.sample} sent {on} to {s.customer} by {s.courier} {s.awb}: feedback due {fb}")


@sample_app.command("feedback")
def sample_feedback(
    no: str,
    approved: Annotated[bool, typer.Option("--approved", help="the customer approved it")] = False,
    rejected: Annotated[bool, typer.Option("--rejected", help="the customer rejected it")] = False,
    note: Annotated[Optional[str], typer.Option(help="the customer's comments")] = None,
    date: DateOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """The customer's verdict with their comments (客户确认). An approved pps sample approves its
    order's pps stage for the SKU. Example: gendan sample feedback S-1 --approved --note "OK, go ahead" """
    from gendan.core.samples import feedback
    from gendan.errors import UsageError
    from gendan.store import samples
    if approved == rejected:
        raise UsageError("give --approved or --rejected (one of them) with --note TEXT")
    on = _common.date_arg(date, "--date", _common.today())
    store = _common.open_db("sample feedback")
    with store.transaction():
        _, s = samples.change(store, no, feedback, approved, note, on)
    text = f"{s.sample} {s.verdict} {on} by {s.customer}: {s.comments}"
    if s.kind == "pps" and s.order:
        text += f" ({s.order} pps stage {'approved' if approved else 'stays open'} for {s.sku})"
    _wrote(s, fmt, text)


@sample_app.command("seal")
def sample_seal(
    no: str,
    location: Annotated[str, typer.Option(help="where the sealed sample is kept, e.g. 'QC room shelf 2'")],
    date: DateOpt = None,
    fmt: FormatOpt = "table",
) -> None:
    """Seal an approved sample (封样) and say where it is kept; sealing again records a move.
    Example: gendan sample seal S-1 --location "QC room shelf 2" """
    from gendan.core.samples import seal
    from gendan.store import samples
    on = _common.date_arg(date, "--date", _common.today())
    store = _common.open_db("sample seal")
    with store.transaction():
        before, s = samples.change(store, no, seal, location, on)
    moved = f" (moved from {before.location})" if before.location and before.location != s.location else ""
    _wrote(s, fmt, f"{s.sample} sealed: {s.sku} kept at {s.location}{moved}")


@sample_app.command("list")
def sample_list(
    all_: Annotated[bool, typer.Option("--all", help="answered samples too")] = False,
    customer: Annotated[Optional[str], typer.Option(help="only this customer's")] = None,
    order: Annotated[Optional[str], typer.Option(help="only this order's")] = None,
    sealed: Annotated[bool, typer.Option("--sealed", help="the sealed-sample register (封样): SKU, location, order")] = False,
    sku: Annotated[Optional[str], typer.Option(help="only this SKU's")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Samples awaiting the factory, us or the customer, most late first (--all: every one).
    Example: gendan sample list --sealed"""
    from gendan.core.samples import FIELDS
    from gendan.store import samples
    store = _common.open_db()
    with store.snapshot():
        rows = samples.list_rows(store, _common.today(), all_, customer, order, sealed, sku)
    if sealed:
        columns = SEALED_FIELDS if fmt in ("table", "markdown") else list(FIELDS)
        _common.emit(rows, fmt, columns, empty="no sealed samples")
        return
    columns = TABLE_FIELDS if fmt in ("table", "markdown") else list(FIELDS)
    _common.emit(rows, fmt, columns, style=_common.urgency("days_late", late_when_negative=False),
           empty="no samples" if all_ else "no samples awaiting anything (see --all)")


@sample_app.command("show")
def sample_show(no: str, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """One sample: every field, the customer's comments and its history. Example: gendan sample show S-1"""
    from gendan.core.samples import as_of, row
    from gendan.store import samples
    store = _common.open_db()
    with store.snapshot():
        s = as_of(samples.get(store, no), _common.today())
        if s is None:
            from gendan.errors import NotFound
            raise NotFound(f"sample {no} was requested after {_common.today()} (see it with a later --today)")
        view = row(s, _common.today(), samples.settings(store)) | {
            "requested": s.requested, "verdict_date": s.verdict_date, "comments": s.comments,
            "sealed_on": s.sealed, "note": s.note}
        events = [dict(r) for r in store.query(
            "SELECT id, ts, command, before, after FROM events WHERE entity = 'sample' AND key = ? ORDER BY id", (no,))]
    if fmt == "json":
        from gendan.output import dumps
        sys.stdout.write(dumps(view | {"events": events}) + "\n")
        return
    _common.emit([{"field": k, "value": v} for k, v in view.items()], fmt, ["field", "value"])


def _number(no: str) -> str:
    from gendan.errors import UsageError
    value = (no or "").strip()
    if not value or any(ch.isspace() or not ch.isprintable() for ch in value) or len(value) > 40:
        raise UsageError(f"bad sample number {no!r} (use letters, digits and dashes, e.g. S-2612-01)")
    return value


def _wrote(s, fmt: str, line: str) -> None:
    """What a write says: one line starting with the number, or the record with -f json."""
    if fmt == "json":
        from gendan.output import dumps
        from gendan.store.samples import record
        sys.stdout.write(dumps(record(s)) + "\n")
    else:
        from gendan.output import visible   # typed or imported text never reaches the terminal raw
        print(visible(line))
