"""`gendan reconcile customer|supplier|aging|check` and `gendan check`: statements of
account, matching the other side's statement, aging, integrity checks (对账)."""
import sys
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import FormatOpt, OutputOpt
from gendan.core.ledger import AGING_BUCKETS

reconcile_app = typer.Typer(no_args_is_help=True, help="Reconciliation (对账): statements, aging, integrity checks.")

Month = Annotated[Optional[str], typer.Option("--month", help="YYYY-MM: that calendar month")]
From = Annotated[Optional[str], typer.Option("--from", help="first day of the period")]
To = Annotated[Optional[str], typer.Option("--to", help="last day of the period (default: today)")]
Statement = Annotated[Optional[str], typer.Option("--statement", help="their statement as CSV or .xlsx: date, doc, "
                                                  "amount (+ goods/invoices, - payments)")]
Currency = Annotated[Optional[str], typer.Option(help="only this currency (with --statement default: the party's)")]
Tolerance = Annotated[Optional[int], typer.Option(min=0, max=3650, help="days a date may differ when matching by amount "
                                                  "(default: setting date_tolerance, 3)")]


def register(app: typer.Typer) -> None:
    app.add_typer(reconcile_app, name="reconcile")
    app.command("check", help="Run the integrity checks (same as 'gendan reconcile check').")(check)


@reconcile_app.command("customer")
def customer(code: str, month: Month = None, from_: From = None, to: To = None, statement: Statement = None,
             currency: Currency = None, tolerance: Tolerance = None, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """A customer's statement: opening balance, shipments (debit), payments received (credit),
    running and closing balance; one per currency. Default period: this month to date.
    Example: gendan reconcile customer ACME --month 2026-10 -f markdown"""
    _account("customer", code, month, from_, to, statement, currency, tolerance, fmt)


@reconcile_app.command("supplier")
def supplier(code: str, month: Month = None, from_: From = None, to: To = None, statement: Statement = None,
             currency: Currency = None, tolerance: Tolerance = None, fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """A supplier's statement: accepted goods (debit), payments made (credit). With --statement,
    match theirs line by line (exit 1 when anything differs); without a period, everything to date.
    Example: gendan reconcile supplier HX --statement examples/statement-HX.csv"""
    _account("supplier", code, month, from_, to, statement, currency, tolerance, fmt)


def _account(kind, code, month, from_, to, statement, currency, tolerance, fmt) -> None:
    from gendan.core import ledger
    from gendan.core.money import parse_currency
    from gendan.store import parties
    from gendan.store.ledger import customer_entries, supplier_entries
    start, end = _period(month, from_, to, whole_history=statement is not None)
    end = min(end, _common.today())   # rule 8: nothing dated after today exists yet
    cur = parse_currency(currency) if currency else None
    text, where = _read_statement(statement) if statement else (None, None)
    store = _common.open_db(f"reconcile {kind}")
    with store.snapshot():
        party = (parties.get_customer if kind == "customer" else parties.get_supplier)(store, code)
        # A statement shows voided records and their reversals; matching leaves both out.
        entries = (customer_entries if kind == "customer" else supplier_entries)(
            store, code, until=end, reversals=text is None)
        days = tolerance if tolerance is not None else store.setting("date_tolerance")
    if text is None:
        rows = ledger.account_statement(entries, start, end, cur)
        if fmt == "markdown":
            sys.stdout.write(_markdown(rows, f"{party.name} ({party.code})", start, end))
        else:
            _common.emit(rows, fmt, ledger.STATEMENT_FIELDS, empty=f"nothing recorded for {code} in the period")
        return
    cur = cur or party.currency
    result = ledger.reconcile(entries, _their_lines(text, cur, where), cur, start, days)
    if result.other_currencies:
        others = result.other_currencies
        _common.info(f"matching the {cur} lines only; {code} also has {', '.join(others)} lines "
                     f"(match them with --currency {others[0]})")
    _common.emit(result.rows, fmt, ledger.MATCH_FIELDS, style=_status_style)
    if result.mismatched:
        statuses = ", ".join(sorted({r["status"] for r in result.mismatched}))
        _common.info(f"{len(result.mismatched)} line(s) do not match ({statuses})")
        raise typer.Exit(1)


def _status_style(row: dict) -> str | None:
    return {"matched": None, "bridge": "bold"}.get(row["status"], "red")


def _period(month, from_, to, whole_history: bool):
    """(start, end) from --month or --from/--to. Default: this month to date, or with a
    statement to match, everything to date (start None: no opening balance)."""
    from datetime import date
    from gendan.core.dates import parse_month
    from gendan.errors import UsageError
    if month and (from_ or to):
        raise UsageError("give either --month or --from/--to, not both")
    if month:
        return parse_month(month)
    end = _common.date_arg(to, "--to", _common.today())
    if from_:
        start = _common.date_arg(from_, "--from")
    else:
        start = None if whole_history and not to else date(end.year, end.month, 1)
    if start and start > end:
        raise UsageError(f"--from {start} is after --to {end} (swap them)")
    return start, end


def _their_lines(text: str, currency: str, where):
    """Their statement's lines; problems in a workbook's lines named by sheet and row."""
    from gendan.core import ledger
    from gendan.errors import Blocked
    try:
        return ledger.parse_their_statement(text, currency)
    except Blocked as e:
        if where is None:
            raise
        raise _common.relabel_lines(e, where) from None


def _read_statement(path: str):
    """(the statement as CSV text, None) for a CSV file; for a workbook, its first sheet as CSV
    text and how to name line N of it (`sheet Sheet1, row 7`)."""
    from gendan.errors import GendanError
    from gendan.xlsx_in import as_csv, is_workbook_file
    if is_workbook_file(path):
        text, name, top = as_csv(path, frozenset({"date"}), frozenset({"amount"}))
        return text, lambda n: f"sheet {name}, row {n + top - 1}"
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read(), None
    except FileNotFoundError:
        raise GendanError(f"no such file {path!r} (give the path of their statement CSV)") from None
    except UnicodeDecodeError:
        raise GendanError(f"{path} is not UTF-8 text (save it from the spreadsheet as CSV UTF-8)") from None
    except OSError as e:
        raise GendanError(f"cannot read {path!r}: {e.strerror} (check the path)") from None


def _markdown(rows: list[dict], title: str, start, end) -> str:
    """A statement to paste into an e-mail: a heading, one table per currency, the totals."""
    from gendan.output import markdown_table, visible
    period = f"{start} to {end}" if start else f"up to {end}"
    parts = [f"## Statement of account: {visible(title)}", "", f"Period: {period}."]
    by_cur: dict[str, list[dict]] = {}
    for r in rows:
        by_cur.setdefault(r["currency"], []).append(r)
    for cur, cur_rows in by_cur.items():
        opening, closing = cur_rows[0], cur_rows[-1]
        parts += ["", f"### {cur}", "", markdown_table(cur_rows, ["date", "doc", "description", "debit", "credit",
                                                                  "balance"]), "",
                  f"Opening balance {cur} {opening['balance']}, debits {closing['debit']}, credits {closing['credit']}: "
                  f"**closing balance {cur} {closing['balance']}**."]
    if not by_cur:
        parts += ["", "Nothing recorded for this period."]
    return "\n".join(parts) + "\n"


@reconcile_app.command("aging")
def aging(
    suppliers: Annotated[bool, typer.Option("--suppliers", help="what we owe suppliers (default: customers owe us)")] = False,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="the date to age at (default: today)")] = None,
    buckets: Annotated[str, typer.Option(help="bucket edges in days past due")] = AGING_BUCKETS,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Outstanding balances by days past due (账龄), per party and currency. Payments pay the
    oldest goods first unless allocated to an order/PO. Example: gendan reconcile aging --buckets 30,60,90"""
    from gendan.core import ledger
    from gendan.store.ledger import report_entries
    edges = ledger.parse_buckets(buckets)
    when = _common.date_arg(as_of, "--as-of", _common.today())
    store = _common.open_db()
    with store.snapshot():   # each account's paid history folded at its settled cut: same open items
        entries = report_entries(store, "out" if suppliers else "in", min(when, _common.today()))
    rows = ledger.aging(entries, when, edges)
    _common.emit(rows, fmt, ["party", "currency", *ledger.bucket_names(edges), "total"], empty="nothing outstanding")


@reconcile_app.command("check")
def check(fmt: FormatOpt = "table", output: OutputOpt = None) -> None:
    """Integrity checks: quantities, payment allocations, audit keys, index flags, the SQLite
    file itself. Exit 1 with one line per finding. Example: gendan check"""
    from gendan.store import checks
    store = _common.open_db()
    with store.snapshot():
        findings = checks.run_all(store)
    if not findings:
        _common.info(f"no problems found ({len(checks.CHECKS)} checks)")
        return
    if fmt == "table":
        for f in findings:
            print(f"{f['check']}: {f['ref']}: {f['message']}")
    else:
        _common.emit(findings, fmt, checks.FIELDS)
    _common.info(f"{len(findings)} problem(s) found")
    raise typer.Exit(1)
