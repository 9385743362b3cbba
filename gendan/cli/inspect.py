"""`gendan inspect …`: ISO 2859-1 sampling plans, inspection records at every stage, what is due."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import MAX_PIECES, FormatOpt, OutputOpt, WindowOpt

inspect_app = typer.Typer(no_args_is_help=True, help="Inspections (验货): sampling plans, records, what is due.")

PLAN_FIELDS = ["lot", "level", "aql", "severity", "code_letter", "sample_size", "ac", "re", "inspect_all"]
LIST_FIELDS = ["id", "date", "ref", "ref_kind", "stage", "sku", "lot", "level", "aql", "minor_aql", "severity",
               "code_letter", "sample_size", "ac", "re", "minor_ac", "minor_re", "critical", "major", "minor",
               "result", "waived", "reason", "packed_pct", "inspector", "note", "void", "minor_sample_size"]
LIST_TABLE = ["id", "date", "ref", "stage", "sku", "lot", "severity", "code_letter", "sample_size", "ac", "re",
              "critical", "major", "minor", "result", "waived", "inspector", "void"]
LOG_FIELDS = ["id", "date", "ref", "stage", "sku", "lot", "severity", "code_letter", "sample_size", "ac", "re",
              "minor_ac", "minor_re", "critical", "major", "minor", "result", "waived", "switch", "minor_sample_size"]
DUE_FIELDS = ["ref", "stage", "sku", "due", "days_left", "reason", "detail"]
DUE_PRIORITY = ["ref", "stage", "sku", "due", "days_left", "reason"]   # what a narrow terminal keeps longest

CountOpt = Annotated[Optional[int], typer.Option(max=MAX_PIECES, help="defects of this class found in the sample")]


def register(app: typer.Typer) -> None:
    app.add_typer(inspect_app, name="inspect")


@inspect_app.command("plan")
def inspect_plan(
    lot: Annotated[int, typer.Option(max=MAX_PIECES, help="lot size: pieces in the lot presented")],
    aql_: Annotated[str, typer.Option("--aql", help="AQL column of the standard (major defects)")] = "2.5",
    level: Annotated[str, typer.Option(help="inspection level: S-1..S-4, I, II, III")] = "II",
    severity: Annotated[Optional[str], typer.Option(help="normal, tightened or reduced (default: from the "
                                                         "switching history with --supplier/--order, else normal)")] = None,
    supplier: Annotated[Optional[str], typer.Option(help="supplier: severity from its incoming lots of --sku")] = None,
    order: Annotated[Optional[str], typer.Option(help="customer order: severity from its final lots of --sku")] = None,
    sku: Annotated[Optional[str], typer.Option(help="SKU, with --supplier or --order")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """The ISO 2859-1 single sampling plan for a lot: code letter, sample size, Ac and Re.
    Example: gendan inspect plan --lot 3200 --aql 2.5   (K: inspect 125, accept ≤7, reject ≥8)"""
    from gendan.core.inspection import sampling
    from gendan.errors import UsageError
    a, lv = sampling.parse_aql(aql_), sampling.parse_level(level)
    sev = sampling.parse_severity(severity) if severity is not None else None
    if lot < 1:
        raise UsageError(f"lot size {lot} is too small (a lot has at least 1 unit)")
    if supplier and order:
        raise UsageError("give --supplier (incoming) or --order (final), not both")
    if (supplier or order) and not sku:
        raise UsageError(f"--{'supplier' if supplier else 'order'} needs --sku (switching is tracked per SKU)")
    if sku and not (supplier or order):
        raise UsageError("--sku goes with --supplier S or --order O (whose switching history to follow)")
    if sev and (supplier or order):
        raise UsageError("--severity is taken from the switching history with --supplier/--order (drop one)")
    source = None
    if supplier or order:
        from gendan.store import inspection
        store = _common.open_db()
        scope = inspection.supplier_state(store, supplier, sku) if supplier else inspection.order_state(store, order, sku)
        sampling.check_not_discontinued(scope.switching.state, f"plan inspection of {scope.label}")
        sev, source = scope.switching.state.severity, scope
    plan = sampling.sampling_plan(lot, a, lv, sev or "normal")
    if fmt in ("table", "markdown"):
        _common.emit(_readable_plan(plan, source), fmt, ["field", "value"])
    elif fmt == "json":     # one record: one object, as every show command gives
        from gendan.output import dumps
        sys.stdout.write(dumps({f: getattr(plan, f) for f in PLAN_FIELDS}) + "\n")
    else:
        _common.emit([{f: getattr(plan, f) for f in PLAN_FIELDS}], fmt, PLAN_FIELDS)


def _readable_plan(plan, source) -> list[dict]:
    """The plan as an inspector reads it: the standard, the letter, n, Ac, Re and what to do."""
    from gendan.core.inspection import sampling
    from gendan.core.inspection.verdict import what_to_do
    severity = plan.severity
    if source is not None:
        severity += f" (switching history of {source.label}" + _score_note(source.switching.state) + ")"
    rows = [("standard", f"{sampling.STANDARD}, single sampling"), ("lot", f"{plan.lot:,}"),
            ("level", plan.level), ("aql", plan.aql), ("severity", severity), ("code_letter", plan.code_letter)]
    if plan.plan_letter and plan.plan_letter != plan.code_letter:
        rows.append(("plan_letter", f"{plan.plan_letter} (the table's arrow leads from {plan.code_letter} to "
                                    f"the plan of {plan.plan_letter})"))
    rows += [("sample_size", f"{plan.sample_size:,}" + (" (the whole lot)" if plan.inspect_all else "")),
             ("ac", plan.ac), ("re", plan.re), ("what_to_do", what_to_do(plan))]
    return [{"field": k, "value": v} for k, v in rows]


def _score_note(state) -> str:
    if state.severity == "normal":
        return f"; switching score {state.score} of 30 for reduced"
    if state.severity == "tightened":
        return f"; {state.tightened_rejects} of 5 lots not accepted before inspection stops"
    return ""


def _check_optional_format(value: str | None) -> str | None:
    from gendan.output import FORMATS
    if value is not None and value not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}")
    return value


@inspect_app.command("log")
def inspect_log(
    ref: Annotated[str, typer.Argument(help="order number, or PO number for --stage incoming")],
    stage: Annotated[str, typer.Option(help="incoming, pps, first-article, inline or final")],
    sku: Annotated[Optional[str], typer.Option(help="the SKU inspected (needed when REF has several)")] = None,
    lot: Annotated[Optional[int], typer.Option(max=MAX_PIECES, help="lot size (default: the order line's qty, or the PO line's "
                                                    "latest receipt)")] = None,
    aql_: Annotated[str, typer.Option("--aql", help="AQL for major defects")] = "2.5",
    minor_aql: Annotated[str, typer.Option(help="AQL for minor defects")] = "4.0",
    level: Annotated[str, typer.Option(help="inspection level: S-1..S-4, I, II, III")] = "II",
    critical: CountOpt = None,
    major: CountOpt = None,
    minor: CountOpt = None,
    result: Annotated[Optional[str], typer.Option(help="pass or fail, for pps, first-article and inline")] = None,
    waive: Annotated[bool, typer.Option("--waive", help="accept a rejected lot by concession (让步接受); "
                                                        "alone: the latest rejected lot")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="resume discontinued inspection (on tightened)")] = False,
    reason: Annotated[Optional[str], typer.Option(help="why, with --waive or --resume (audited)")] = None,
    packed: Annotated[Optional[str], typer.Option(help="with --stage inline: percent of the order packed")] = None,
    on: Annotated[Optional[str], typer.Option("--date", help="inspection date (default today): YYYY-MM-DD, "
                                                             "today, -2, mon …")] = None,
    inspector: Annotated[str, typer.Option(help="who inspected")] = "",
    note: Annotated[str, typer.Option(help="free text")] = "",
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", callback=_check_optional_format,
                                               help="also print the record: table, csv, tsv, json, jsonl or markdown")] = None,
) -> None:
    """Record an inspection; incoming and final lots are judged against their sampling plans.
    Example: gendan inspect log SO-1001 --stage final --lot 3200 --major 3 --minor 5 --inspector Li"""
    from gendan.core.inspection import due, sampling
    from gendan.core.inspection.verdict import LogRequest
    from gendan.core.orders import check_code
    from gendan.store.inspection import log_inspection
    if lot is not None and lot < 1:
        from gendan.errors import UsageError
        raise UsageError(f"lot size {lot} is too small (a lot has at least 1 unit)")
    req = LogRequest(
        ref=ref, stage=due.parse_stage(stage), on=_common.date_arg(on, "--date", _common.today()),
        sku=check_code(sku, "SKU") if sku is not None else None, lot=lot, aql=sampling.parse_aql(aql_),
        minor_aql=sampling.parse_aql(minor_aql), level=sampling.parse_level(level), critical=critical, major=major,
        minor=minor, result=result.strip().lower() if result is not None else None, waive=waive, resume=resume,
        reason=reason or "", packed=due.parse_pct(packed) if packed is not None else None,
        inspector=inspector, note=note)
    store = _common.open_db("inspect log")
    with store.transaction():
        done = log_inspection(store, req, _common.today())
    _report(done, fmt)
    _sealed_samples(store, done.record)


def _sealed_samples(store, record) -> None:
    """After a final inspection, where the sealed sample (封样) of each SKU is kept: the goods
    are compared with it (对照封样)."""
    if record is None or record.stage != "final":
        return
    from gendan.store.samples import sealed_for_order
    from gendan.output import visible
    for s in sealed_for_order(store, record.ref, record.sku, _common.today()):
        other = f", sealed for {s.order}" if s.order and s.order != record.ref else ""
        _common.info(visible(f"compare with sealed sample {s.sample} ({s.sku}) kept at {s.location}{other}"))


def _report(done, fmt: str | None) -> None:
    """One line for the person on stderr for a sampled lot (the verdict, the severity applied, any
    switch) or anything rejected or waived; a plain pass is quiet. The record goes to stdout when a
    --format is asked for, so scripts can read it."""
    if done.resumed:
        _common.info(done.resumed)
    if done.record is None:
        return
    from gendan.store.inspection import row
    r = done.record
    if r.severity or r.result == "fail" or r.waived or done.waived_existing:
        _common.info(_summary(done))
    if fmt is not None:
        _common.emit([row(done.record) | {"switch": done.switch or ""}], fmt, LOG_FIELDS)


def _summary(done) -> str:
    """e.g. `#5 SO-2403 final CH-01: lot 300, normal, H n=50 major 3/4 minor 5/6: fail (4 major ≥ Re 4 at AQL 2.5)`."""
    r = done.record
    head = f"#{r.id} {r.ref} {r.stage}" + (f" {r.sku}" if r.sku else "")
    if done.waived_existing:
        return f"{head} of {r.date}: rejected lot accepted by concession (让步接受): {r.reason}"
    minor_n = r.minor_sample_size or r.sample_size
    plan = (f" lot {r.lot:,}, {r.severity} inspection, {r.code_letter} n={r.sample_size} major Ac {r.ac}/Re {r.re}"
            f" minor{f' n={minor_n}' if minor_n != r.sample_size else ''} Ac {r.minor_ac}/Re {r.minor_re}:"
            if r.severity else "")
    text = f"{head}:{plan} {r.result}"
    if done.verdict and done.verdict.reasons:
        text += f" ({'; '.join(done.verdict.reasons)})"
    if r.waived:
        text += f", accepted by concession (让步接受): {r.reason}"
    if done.switch:
        text += f"; switch: {done.switch}"
    return text


@inspect_app.command("list")
def inspect_list(
    ref: Annotated[Optional[str], typer.Argument(help="an order or PO number (default: all)")] = None,
    stage: Annotated[Optional[str], typer.Option(help="only this stage")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Inspections recorded, oldest first. Example: gendan inspect list SO-1001 -f csv"""
    from gendan.core.inspection.due import parse_stage
    from gendan.store import inspection
    st = parse_stage(stage) if stage is not None else None
    rows = inspection.list_rows(_common.open_db(), _common.today(), ref, st)
    _common.emit(rows, fmt, LIST_TABLE if fmt == "table" else LIST_FIELDS, style=_red_if_rejected,
           empty="no inspections recorded")


def _red_if_rejected(row: dict) -> str | None:
    if row["result"] == "fail":
        return "yellow" if row["waived"] else "red"
    return None


@inspect_app.command("due")
def inspect_due(window: WindowOpt = None, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """Inspections owed: finals on orders due within the window or 80% packed, inline reports short of
    the count rule, PPS and first article not approved in production, receipts not inspected.
    Example: gendan inspect due --window 14"""
    from gendan.store import inspection
    store = _common.open_db()
    days = window if window is not None else store.setting("buffer_days")
    rows = inspection.due_rows(store, _common.today(), days)
    _common.emit(rows, fmt, DUE_FIELDS, style=_common.urgency("days_left"), empty="no inspections due", priority=DUE_PRIORITY)


@inspect_app.command("void")
def inspect_void(
    number: Annotated[str, typer.Argument(help="the inspection's id (see 'gendan inspect list')")],
    reason: Annotated[Optional[str], typer.Option(help="why (kept in the audit log)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Void an inspection logged by mistake: gates, what is due and the switching rules are
    replayed without it. Example: gendan inspect void 12 --reason "logged on the wrong PO" """
    from gendan.cli.corrections import void
    void("inspection", number, reason, fmt)


@inspect_app.command("skip")
def inspect_skip(
    order: Annotated[str, typer.Argument(help="the customer order")],
    stage: Annotated[str, typer.Option(help="pps, first-article or inline")],
    sku: Annotated[Optional[str], typer.Option(help="one SKU (default: every SKU of the order)")] = None,
    reason: Annotated[Optional[str], typer.Option(help="why the stage is not required (kept in the audit log)")] = None,
) -> None:
    """Record that an order does not need a stage (a repeat order without PPS, a buyer's
    waiver); it leaves `inspect due` and the morning report.
    Example: gendan inspect skip SO-1001 --stage pps --reason "repeat order, PPS approved on SO-0930" """
    from gendan.core.inspection.due import parse_stage
    from gendan.store import inspection
    why = _common.need_reason(reason, "inspect skip")
    st = parse_stage(stage)
    store = _common.open_db("inspect skip")
    with store.transaction():
        done = inspection.skip(store, order, st, sku.strip() if sku else None, _common.today(), why)
    _common.wrote(f"{done['order']} {done['stage']}{' ' + done['sku'] if done['sku'] else ''} skipped: {why}", {})
