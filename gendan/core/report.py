"""The morning report (每日跟单日报): sections built from the other areas' rows, most urgent first.

Each builder takes rows already computed by its area (the chase list, order rows …) and
returns a `Section`, or None when there is nothing to say, so an empty section is simply
left out. Nothing here reads the database or the clock. `Section` is a NamedTuple, like the
other areas' per-row values the report reads (DueItem, Entry, Gate …): the report makes
thousands of them, and a NamedTuple is created ~3× faster than a frozen dataclass.
"""
from datetime import date
from typing import NamedTuple

# The order sections appear in: what is late or blocks a shipment first, money last.
ORDER = ("pos_to_chase", "orders_at_risk", "materials_unordered", "production_behind", "inspections_due", "samples_due",
         "shipments_due", "complaints_open", "deposits_missing", "balances_to_collect", "bl_to_release",
         "receivables_overdue", "receivables_due", "payables_due")

TITLES = {
    "pos_to_chase": "POs to chase",
    "orders_at_risk": "Customer orders at risk",
    "materials_unordered": "Materials not yet ordered",
    "production_behind": "Production behind plan",
    "inspections_due": "Inspections due",
    "samples_due": "Samples due",
    "shipments_due": "Shipments due",
    "complaints_open": "Complaints needing you",
    "deposits_missing": "Deposits missing",
    "balances_to_collect": "Balances to collect before shipping",
    "bl_to_release": "B/L to release (balance paid)",
    "receivables_overdue": "Receivables overdue",
    "receivables_due": "Receivables due within 7 days",
    "payables_due": "Payables due within 7 days",
    # the day's report (core/daily.py)
    "new_orders": "New customer orders", "new_pos": "New POs", "receipts": "Goods received",
    "inspections": "Inspections", "progress": "Production reports", "shipments": "Shipments",
    "payments_in": "Money received", "payments_out": "Money paid", "chases": "Chases",
    "complaints_new": "Complaints received", "voids": "Corrections (voids)",
    # the month's report (core/month.py)
    "sales": "Sales by customer", "sales_by_month": "Sales by month", "purchases": "Purchases by supplier",
    "supplier_scores": "Supplier scores", "delays": "Delays by cause", "complaints": "Complaints by cause",
    "receivables_aging": "Receivables aging", "payables": "Payables aging",
}


class Section(NamedTuple):
    """One part of the report: its rows, the columns to show, and how many are overdue."""
    key: str
    columns: tuple[str, ...]
    rows: tuple[dict, ...]
    overdue: int = 0
    note: str = ""
    overdue_word: str = "overdue"

    @property
    def title(self) -> str:
        return TITLES.get(self.key, self.key.replace("_", " ").capitalize())

    @property
    def heading(self) -> str:
        """`POs to chase: 4 (2 overdue; HX 3, MF 1)` — the count and a one-line summary."""
        parts = ([f"{self.overdue} {self.overdue_word}"] if self.overdue else []) + ([self.note] if self.note else [])
        return f"{self.title}: {len(self.rows)}" + (f" ({'; '.join(parts)})" if parts else "")


def compose(sections) -> list[Section]:
    """Drop the empty sections; put the rest in the report's order."""
    present = [s for s in sections if s is not None and s.rows]
    rank = {k: i for i, k in enumerate(ORDER)}
    return sorted(present, key=lambda s: rank.get(s.key, len(ORDER)))


def any_overdue(sections: list[Section]) -> bool:
    """Anything past its date (for `--exit-code`): overdue or late rows; "at risk" is not overdue."""
    return any(s.overdue for s in sections if s.overdue_word in ("overdue", "late"))


def section(key: str, rows: list[dict], columns, overdue: int = 0, note: str = "",
            overdue_word: str = "overdue") -> Section | None:
    """A plain section from another area's rows; None when there are none."""
    if not rows:
        return None
    return Section(key, tuple(columns), tuple(rows), overdue, note, overdue_word)


MAX_NAMED = 6   # suppliers named in the heading; the rest are counted
CHASE_COLUMNS = ("supplier", "po", "line", "sku", "qty_open", "due", "promised", "days_late", "reason",
                 "last_chased", "for_order")


def pos_to_chase(rows: list[dict]) -> Section | None:
    """The chase list grouped by supplier (one phone call each), suppliers in the order of
    their most urgent line; within a supplier the chase list's own order is kept."""
    if not rows:
        return None
    groups: dict[str, list[dict]] = {}   # suppliers in the order of their first (most urgent) line
    for r in rows:
        groups.setdefault(r["supplier"], []).append(r)
    counts = [f"{s} {len(g)}" for s, g in list(groups.items())[:MAX_NAMED]]
    if len(groups) > MAX_NAMED:
        counts.append(f"{len(groups) - MAX_NAMED} more suppliers")
    overdue = sum(1 for r in rows if r.get("reason") == "overdue")
    return Section("pos_to_chase", CHASE_COLUMNS, tuple(r for g in groups.values() for r in g), overdue,
                   ", ".join(counts))


SAMPLE_COLUMNS = ("sample", "kind", "sku", "customer", "order", "supplier", "expected", "days_late", "reason", "detail")


def samples_due(rows: list[dict]) -> Section | None:
    """Samples to chase (core.samples.due_samples rows, most late first): every row is late;
    the heading counts them by reason (`factory-late 1, feedback-overdue 2`)."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["reason"]] = counts.get(r["reason"], 0) + 1
    return section("samples_due", rows, SAMPLE_COLUMNS, len(rows), ", ".join(f"{k} {n}" for k, n in counts.items()),
                   overdue_word="late")


RISK_COLUMNS = ("order", "customer", "due", "days_left", "qty", "qty_shipped", "status", "cause")


def orders_at_risk(order_rows: list[dict], causes: dict[str, str]) -> Section | None:
    """Open orders that are late or at risk, most late first, each with what puts it at risk
    (`causes`: order → text such as 'PO-7 line 1 expected 2026-12-10')."""
    rows = []
    for r in order_rows:
        if r["status"] in ("shipped", "cancelled"):
            continue
        late = r["days_left"] < 0
        if not (late or r["at_risk"]):
            continue
        cause = causes.get(r["order"], "")
        if late:
            cause = f"late {-r['days_left']} day{'s' * (r['days_left'] != -1)}" + (f"; {cause}" if cause else "")
        rows.append({k: r[k] for k in RISK_COLUMNS if k in r} | {"cause": cause})
    rows.sort(key=lambda r: (r["days_left"], r["order"]))
    return section("orders_at_risk", rows, RISK_COLUMNS, sum(1 for r in rows if r["days_left"] < 0), overdue_word="late")


def risk_cause(due: date, expected: list[tuple[str, int, date]], buffer_days: int,
               forecast_finish: date | None = None, *, today: date, part: str = "") -> str:
    """What puts an order at risk, as text: `part` first (a part not ordered in time, from
    core.materials.Need.cause), then the linked PO line expected latest past the due date
    minus the buffer, else production forecast to finish past it."""
    other = _po_or_production(due, expected, buffer_days, forecast_finish, today)
    return "; ".join(x for x in (part, other) if x)


def _po_or_production(due: date, expected: list[tuple[str, int, date]], buffer_days: int,
                      forecast_finish: date | None, today: date) -> str:
    """An open line whose date has passed is expected today at the earliest (core.orders.at_risk),
    and is named as overdue with the date it was expected."""
    from datetime import timedelta
    limit = due - timedelta(days=buffer_days)
    late = [e for e in expected if max(e[2], today) > limit]
    if late:
        po, line, when = max(late, key=lambda e: (max(e[2], today), -e[2].toordinal(), e[0], e[1]))
        more = f" (+{len(late) - 1} more)" if len(late) > 1 else ""
        if when < today:
            return f"{po} line {line} overdue since {when.isoformat()}{more}"
        return f"{po} line {line} expected {when.isoformat()}{more}"
    if forecast_finish is not None and max(forecast_finish, today) > limit:
        if forecast_finish == date.max:
            return "production: no forecast (no output reported)"
        return f"production forecast to finish {max(forecast_finish, today).isoformat()}"
    return ""


def to_json(sections: list[Section]) -> dict:
    """One object keyed by section, each a list of rows in its columns."""
    return {s.key: [{c: r.get(c) for c in s.columns} for r in s.rows] for s in sections}


def title_line(today: date) -> str:
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return f"gendan morning report {today.isoformat()} ({days[today.weekday()]})"


MONEY_COLUMNS = ("party", "currency", "outstanding", "documents", "oldest_due", "days_left")
RECEIVABLE_COLUMNS = PAYABLE_COLUMNS = MONEY_COLUMNS     # one set of names for money in and out
MAX_DOCS = 3   # documents named per party; the rest are counted


def receivables_overdue(items, today: date) -> Section | None:
    """Customers owing money past its due date, one row per customer and currency, the
    longest overdue first. `items` are the ledger's open items: (entry with party, doc, date,
    due, currency; amount left). `days_left` is for the oldest, negative (overdue), as in
    the payables."""
    due = [(e, left) for e, left in items if left > 0 and (e.due or e.date) < today]
    rows = _by_party(due, "days_left", lambda d: (d - today).days)
    rows.sort(key=lambda r: (r["days_left"], r["party"], r["currency"]))
    return section("receivables_overdue", rows, RECEIVABLE_COLUMNS, len(rows), _totals(rows))


def receivables_due(items, today: date, window: int) -> Section | None:
    """Customers' money falling due within `window` days, not yet overdue (today included):
    the merchandiser reminds the customer before the due date. Soonest first."""
    from datetime import timedelta
    limit = today + timedelta(days=window)
    due = [(e, left) for e, left in items if left > 0 and today <= (e.due or e.date) <= limit]
    rows = _by_party(due, "days_left", lambda d: (d - today).days)
    rows.sort(key=lambda r: (r["days_left"], r["party"], r["currency"]))
    return section("receivables_due", rows, RECEIVABLE_COLUMNS, 0, _totals(rows))


def payables_due(items, today: date, window: int) -> Section | None:
    """Suppliers we owe money falling due within `window` days (overdue included), one row
    per supplier and currency, soonest first; `days_left` is for the oldest (negative when
    overdue), as in the other sections."""
    from datetime import timedelta
    limit = today + timedelta(days=window)
    due = [(e, left) for e, left in items if left > 0 and (e.due or e.date) <= limit]
    rows = _by_party(due, "days_left", lambda d: (d - today).days)
    rows.sort(key=lambda r: (r["days_left"], r["party"], r["currency"]))
    return section("payables_due", rows, PAYABLE_COLUMNS, sum(1 for r in rows if r["days_left"] < 0), _totals(rows))


def _by_party(items, days_key: str, days_of) -> list[dict]:
    groups: dict[tuple[str, str], list] = {}
    for e, left in items:
        groups.setdefault((e.party, e.currency), []).append((e.due or e.date, e.doc, left))
    rows = []
    for (party, currency), docs in groups.items():
        docs.sort()
        names = [d[1] for d in docs[:MAX_DOCS]] + ([f"+{len(docs) - MAX_DOCS} more"] if len(docs) > MAX_DOCS else [])
        rows.append({"party": party, "currency": currency, "outstanding": sum(d[2] for d in docs),
                     "documents": ", ".join(names), "oldest_due": docs[0][0], days_key: days_of(docs[0][0])})
    return rows


def _totals(rows: list[dict]) -> str:
    """`USD 1234.50, EUR 200.00`: one total per currency, never added across currencies."""
    sums: dict[str, object] = {}
    for r in rows:
        sums[r["currency"]] = sums.get(r["currency"], 0) + r["outstanding"]
    return ", ".join(f"{cur} {amount}" for cur, amount in sums.items())


SHIPMENT_COLUMNS = ("order", "customer", "due", "days_left", "qty", "qty_shipped", "gate", "blocked_by")


def shipments_due(order_rows: list[dict], gates: dict, due_by: date) -> Section | None:
    """Open orders (`order list` rows) due by `due_by`, late ones included, each ready to ship
    or blocked, and why (what blocks, without the hints on how to clear it)."""
    from gendan.core.shipping import blocking
    rows = []
    for r in (r for r in order_rows if r["due"] <= due_by):
        reasons = [reason.text for reason in blocking(gates[r["order"]])]
        rows.append({k: r[k] for k in SHIPMENT_COLUMNS if k in r} |
                    {"gate": "blocked" if reasons else "ready", "blocked_by": "; ".join(reasons)})
    return section("shipments_due", rows, SHIPMENT_COLUMNS, sum(1 for r in rows if r["days_left"] < 0),
                   note=f"{sum(1 for r in rows if r['gate'] == 'ready')} ready", overdue_word="late")
