"""After-sales (客诉/补件): customer complaints, their status, what the morning report says
about them, and the quarterly analysis (季度分析报表).

A complaint is received, answered (reply_by: by default the day after it came in, since the
customer expects an answer within a day), acted on (replacement goods, rework, a credit to the
customer, a charge-back to the supplier) and closed with a cause. Its status is derived from
those dates as of `today`, never stored, so a report for a past day reads as it did that day.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from gendan.core.money import ZERO, round_money
from gendan.errors import GendanError, UsageError

KINDS = ("quality", "quantity", "packing", "delivery", "documents", "other")
CAUSES = ("material", "workmanship", "packing", "design", "transport", "documents", "other")
STATUSES = ("open", "replied", "in-action", "closed")
ACTIONS = ("replace", "rework", "credit", "chargeback")
REPORT_BY = ("cause", "supplier", "sku", "customer")
LIST_FIELDS = ["complaint", "customer", "order", "sku", "qty", "kind", "supplier", "received", "reply_by",
               "replied", "status", "days_open", "action", "cause"]
REPORT_MONEY = ("credit", "credit_currency", "chargeback", "chargeback_currency")
OPEN_TOO_LONG = 30          # days: a complaint open longer is listed every morning
TODAY_FIELDS = ("complaint", "customer", "supplier", "received", "reply_by", "status", "days_open", "reason", "detail")


@dataclass(frozen=True)
class Action:
    """One thing done about a complaint: replacement goods (with the PO that makes them),
    rework, or money (a credit note to the customer, a debit note to the supplier)."""
    kind: str
    date: date
    sku: str = ""
    qty: int | None = None
    po: str | None = None
    note: str = ""
    amount: Decimal | None = None
    currency: str = ""
    doc: str = ""            # CN-00001 / DN-00001 for money
    void: bool = False       # the note was voided (`complaint void`) …
    voided: date | None = None   # … on this date

    def void_on(self, today: date) -> bool:
        """Voided by `today` (a report for an earlier day still counts the note)."""
        return self.void and (self.voided is None or self.voided <= today)

    def text(self) -> str:
        """`replace CH-01 × 20 (PO-R1)`, `credit 150.00 USD (CN-00001)`: the list's `action` cell."""
        if self.kind == "replace":
            return f"replace {self.sku} × {self.qty}" + (f" ({self.po})" if self.po else "")
        if self.kind == "rework":
            return f"rework: {self.note}"
        return f"{self.kind} {self.amount} {self.currency} ({self.doc})" + (" void" if self.void else "")

    def text_on(self, today: date) -> str:
        return self.text() if self.void_on(today) or not self.void else self.text().removesuffix(" void")


@dataclass(frozen=True)
class Complaint:
    """A customer complaint (客诉) with what has happened to it. Dates after the `today` a
    report asks about are treated as not yet happened."""
    complaint: str
    customer: str
    kind: str
    desc: str
    received: date
    reply_by: date
    order: str | None = None
    sku: str = ""
    qty: int | None = None
    supplier: str | None = None
    replied: date | None = None
    reply_note: str = ""
    closed: date | None = None
    cause: str = ""
    close_note: str = ""
    due: date | None = None          # when the customer expects the replacement goods
    actions: tuple[Action, ...] = ()


def reply_by_default(received: date, reply_days: int) -> date:
    """The customer expects an answer within `reply_days` (setting `complaint_reply_days`, 1)."""
    return received + timedelta(days=reply_days)


def _on(d: date | None, today: date) -> date | None:
    return d if d is not None and d <= today else None


def actions_on(c: Complaint, today: date) -> tuple[Action, ...]:
    return tuple(a for a in c.actions if a.date <= today)


def status(c: Complaint, today: date) -> str:
    """open → replied → in-action → closed, from what has happened by `today`."""
    if _on(c.closed, today):
        return "closed"
    if actions_on(c, today):
        return "in-action"
    if _on(c.replied, today):
        return "replied"
    return "open"


def days_open(c: Complaint, today: date) -> int:
    """Days from receipt to closing, or to today while it is open."""
    end = _on(c.closed, today) or today
    return (end - c.received).days


def row(c: Complaint, today: date) -> dict:
    """The list row (LIST_FIELDS)."""
    acts = actions_on(c, today)
    return {"complaint": c.complaint, "customer": c.customer, "order": c.order, "sku": c.sku, "qty": c.qty,
            "kind": c.kind, "supplier": c.supplier, "received": c.received, "reply_by": c.reply_by,
            "replied": _on(c.replied, today), "status": status(c, today), "days_open": days_open(c, today),
            "action": "; ".join(a.text_on(today) for a in acts), "cause": c.cause if _on(c.closed, today) else ""}


def listing(complaints, today: date, include_closed: bool = False) -> list[dict]:
    """Complaints received by `today`, open ones only unless `include_closed`; oldest first."""
    rows = [row(c, today) for c in complaints if c.received <= today]
    if not include_closed:
        rows = [r for r in rows if r["status"] != "closed"]
    return sorted(rows, key=lambda r: (r["received"], r["complaint"]))


# -- checks before a write: each refusal names what to do instead ----------------------------

def check_new(kind: str, received: date, reply_by: date | None, qty: int | None, today: date) -> None:
    if kind not in KINDS:
        raise UsageError(f"bad --kind {kind!r} (use one of {', '.join(KINDS)})")
    if received > today:
        raise GendanError(f"--received {received} is after today {today} (a complaint is recorded when it comes in)")
    if reply_by is not None and reply_by < received:
        raise GendanError(f"--reply-by {reply_by} is before --received {received} (give a later date)")
    if qty is not None and qty <= 0:
        raise UsageError(f"bad --qty {qty} (a whole number of pieces above 0)")


def check_step(c: Complaint, step: str, on: date, today: date) -> None:
    """A reply, action or closing dated `on`: not after today, not before the complaint
    came in (or its last step), and never on a closed complaint."""
    if on > today:
        raise GendanError(f"--date {on} is after today {today} (record it when it happens)")
    if c.closed is not None:
        raise GendanError(f"complaint {c.complaint} was closed on {c.closed} (open a new complaint for a new problem)")
    if on < c.received:
        raise GendanError(f"--date {on} is before complaint {c.complaint} was received on {c.received} (check --date)")
    if step == "reply" and c.replied is not None:
        raise GendanError(f"complaint {c.complaint} was replied to on {c.replied} "
                          f"(record what happens next with 'gendan complaint action')")
    if step == "close":
        latest = max([a.date for a in c.actions] + ([c.replied] if c.replied else []), default=c.received)
        if on < latest:
            raise GendanError(f"--date {on} is before the complaint's last step on {latest} (close it on or after that day)")


def check_cause(cause: str) -> str:
    if cause not in CAUSES:
        raise UsageError(f"bad --cause {cause!r} (use one of {', '.join(CAUSES)})")
    return cause


def parse_replace(text: str) -> tuple[str, int, Decimal]:
    """`SKU=QTY` or `SKU=QTY@PRICE` → (sku, qty, price); replacement goods are usually free of
    charge (the supplier's fault), so the price defaults to 0."""
    sku, sep, rest = (text or "").partition("=")
    qty_text, _, price_text = rest.partition("@")
    sku = sku.strip()
    if not sep or not sku or not qty_text.strip().isdecimal() or int(qty_text) <= 0:
        raise UsageError(f"bad --replace {text!r} (use SKU=QTY, e.g. CH-01=20, or SKU=QTY@PRICE)")
    from gendan.core.money import parse_price
    from gendan.core.orders import check_code, parse_qty
    return (check_code(sku, "SKU"), parse_qty(qty_text, "quantity"),
            parse_price(price_text) if price_text.strip() else ZERO)


# -- the morning report ----------------------------------------------------------------------

def open_findings(c: Complaint, today: date, replacement: tuple[int, int, date | None] | None = None) -> list[tuple[str, str]]:
    """Why an open complaint needs attention today, most pressing first: (reason, detail).
    `replacement` is (qty ordered for it, qty shipped to the customer, the latest expected date
    of its open PO lines) when a replacement was ordered."""
    if c.received > today or status(c, today) == "closed":
        return []
    out = []
    if _on(c.replied, today) is None and c.reply_by < today:
        late = (today - c.reply_by).days
        out.append(("reply-overdue", f"reply was due {c.reply_by} ({late} day{'s' * (late != 1)} ago)"))
    if replacement is not None:
        ordered, shipped, expected = replacement
        if shipped < ordered:
            if c.due is not None and c.due < today:
                out.append(("replacement-late", f"{ordered - shipped} of {ordered} not sent; due to the customer {c.due}"))
            elif expected is not None and expected < today:
                out.append(("replacement-late", f"replacement PO expected {expected}"))
    age = days_open(c, today)
    if age > OPEN_TOO_LONG:
        out.append(("open-30-days", f"open {age} days"))
    return out


def today_rows(complaints, today: date, replacements: dict[str, tuple[int, int, date | None]]) -> list[dict]:
    """The morning report's `complaints_open` rows: one per complaint that needs attention,
    with its first reason (and the others in `detail`): replies overdue first, then late
    replacements, then those open too long; oldest reply date first within each."""
    rows = []
    for c in complaints:
        found = open_findings(c, today, replacements.get(c.complaint))
        if not found:
            continue
        rows.append({"complaint": c.complaint, "customer": c.customer, "supplier": c.supplier,
                     "received": c.received, "reply_by": c.reply_by, "status": status(c, today),
                     "days_open": days_open(c, today), "reason": found[0][0],
                     "detail": "; ".join(d for _, d in found)})
    rank = {"reply-overdue": 0, "replacement-late": 1, "open-30-days": 2}
    return sorted(rows, key=lambda r: (rank[r["reason"]], r["reply_by"], r["complaint"]))


# -- the quarterly analysis ------------------------------------------------------------------

def key_of(c: Complaint, by: str) -> str:
    return {"cause": c.cause, "supplier": c.supplier or "", "sku": c.sku, "customer": c.customer}[by]


def report(complaints, by: str, start: date, end: date, today: date) -> list[dict]:
    """Complaints received from `start` to `end` (and by today), grouped by `by`: how many,
    the quantity complained of, credits and charge-backs (not void; dated by today; each total
    in one currency — a group with money in several currencies gets one more row per extra
    currency, its counts left empty) and the average days from receipt to closing of those
    closed by today. A complaint's cause counts only once it is closed; open ones fall under
    an empty cause."""
    if by not in REPORT_BY:
        raise UsageError(f"bad --by {by!r} (use one of {', '.join(REPORT_BY)})")
    groups: dict[str, list[Complaint]] = {}
    for c in complaints:
        if start <= c.received <= end and c.received <= today:
            key = key_of(c, by) if (by != "cause" or _on(c.closed, today)) else ""
            groups.setdefault(key, []).append(c)
    rows = []
    for key in sorted(groups):
        members = groups[key]
        credits = _money(members, "credit", today)
        charges = _money(members, "chargeback", today)
        closed = [(c.closed - c.received).days for c in members if _on(c.closed, today)]
        avg = round(Decimal(sum(closed)) / len(closed), 1) if closed else None
        first = {by: key, "complaints": len(members), "qty": sum(c.qty or 0 for c in members),
                 "avg_days_to_close": avg}
        extra = max(len(credits), len(charges), 1)
        for i in range(extra):
            r = first if i == 0 else {by: key, "complaints": None, "qty": None, "avg_days_to_close": None}
            cr = credits[i] if i < len(credits) else (None, "")
            cb = charges[i] if i < len(charges) else (None, "")
            rows.append(r | {"credit": cr[0], "credit_currency": cr[1], "chargeback": cb[0],
                             "chargeback_currency": cb[1]})
    return rows


def report_fields(by: str) -> list[str]:
    return [by, "complaints", "qty", "credit", "credit_currency", "chargeback", "chargeback_currency",
            "avg_days_to_close"]


def _money(members, kind: str, today: date) -> list[tuple[Decimal, str]]:
    sums: dict[str, Decimal] = {}
    for c in members:
        for a in c.actions:
            if a.kind == kind and not a.void_on(today) and a.date <= today:
                sums[a.currency] = sums.get(a.currency, ZERO) + a.amount
    return [(round_money(v, cur), cur) for cur, v in sorted(sums.items())]


def supplier_counts(complaints, today: date, since: date | None = None) -> dict[str, tuple[int, int]]:
    """supplier → (complaints, qty complained of), received by today (and since `since`),
    for `supplier score`."""
    out: dict[str, tuple[int, int]] = {}
    for c in complaints:
        if c.supplier and c.received <= today and (since is None or c.received >= since):
            n, q = out.get(c.supplier, (0, 0))
            out[c.supplier] = (n + 1, q + (c.qty or 0))
    return out


# -- import ----------------------------------------------------------------------------------

def parse_rows(rows, cols: dict[str, int], customers: set[str], suppliers: set[str],
               order_customer: dict[str, str], today: date, reply_days: int):
    """Complaints from an import file (`gendan import complaints`), one per row (blank rows
    and rows of the wrong width already taken out: importing.full_rows), with the same checks
    as `complaint add`, `reply` and `close`: (complaints, first line of each,
    problems as (line, what)). `order_customer` maps the orders the file names to their customer."""
    from gendan.core.dates import parse_date
    from gendan.core.orders import check_code, parse_qty
    docs, first, problems = [], {}, []
    for n, cells in rows:
        g = lambda name: cells[cols[name]].strip() if name in cols else ""  # noqa: E731
        day = lambda name, default=None: parse_date(g(name), today, name) if g(name) else default  # noqa: E731
        try:
            no = check_code(g("complaint"), "complaint number")
            if no in first:
                raise GendanError(f"duplicate complaint {no} (already on line {first[no]})")
            first[no] = n
            customer, supplier, order = g("customer"), g("supplier") or None, g("order") or None
            if customer not in customers:
                raise GendanError(f"unknown customer {customer!r} (add it with 'gendan customer add' or 'gendan import customers')")
            if supplier is not None and supplier not in suppliers:
                raise GendanError(f"unknown supplier {supplier!r} (add it with 'gendan supplier add' or 'gendan import suppliers')")
            if order is not None and order_customer.get(order) != customer:
                raise GendanError(f"unknown order {order!r} (see 'gendan order list --all')" if order not in order_customer
                                  else f"order {order} is {order_customer[order]}'s, not {customer}'s (check order or customer)")
            if not g("desc"):
                raise GendanError("desc is empty (say what the customer reports)")
            received = day("received")
            qty = parse_qty(g("qty"), "qty") if g("qty") else None
            reply_by = day("reply_by")
            check_new(g("kind"), received, reply_by, qty, today)
            c = Complaint(no, customer, g("kind"), g("desc"), received,
                          reply_by or reply_by_default(received, reply_days), order, g("sku"), qty, supplier)
            replied, closed = day("replied"), day("closed")
            if replied is not None:
                check_step(c, "reply", replied, today)
                c = _with(c, replied=replied, reply_note=g("answer"))
            if closed is not None:
                check_step(c, "close", closed, today)
                c = _with(c, closed=closed, cause=check_cause(g("cause")), close_note=g("outcome"))
            elif g("cause"):
                raise GendanError("cause is given but closed is empty (give the date it was closed)")
            docs.append(c)
        except GendanError as e:
            problems.append((n, str(e)))
    return docs, first, problems


def _with(c: Complaint, **kw) -> Complaint:
    from dataclasses import replace
    return replace(c, **kw)
