"""Samples (样品/船样/封样): rows ↔ `core.samples.Sample`, recording each step with its audit
event, and the reads other areas ask of samples (what is due, pps verdicts, the sealed register).
Every read is as of `today`: a sample requested later does not exist yet, later steps not yet.
"""
from datetime import date

from gendan.core import samples
from gendan.core.samples import Sample
from gendan.errors import Conflict, GendanError, NotFound
from gendan.store import db

_COLUMNS = ("sample_no, customer, sku, kind, order_no, supplier, qty, requested, due, received, sent, courier, "
            "awb, feedback, feedback_date, comments, sealed, location, note")
_MARKS = ", ".join("?" * len(_COLUMNS.split(", ")))


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _sample(r) -> Sample:
    return Sample(sample=r[0], customer=r[1], sku=r[2], kind=r[3], order=r[4], supplier=r[5], qty=r[6],
                  requested=_d(r[7]), due=_d(r[8]), received=_d(r[9]), sent=_d(r[10]), courier=r[11], awb=r[12],
                  verdict=r[13], verdict_date=_d(r[14]), comments=r[15], sealed=_d(r[16]), location=r[17],
                  note=r[18])


def _values(s: Sample) -> tuple:
    iso = lambda d: d.isoformat() if d else None   # noqa: E731
    return (s.sample, s.customer, s.sku, s.kind, s.order, s.supplier, s.qty, iso(s.requested), iso(s.due),
            iso(s.received), iso(s.sent), s.courier, s.awb, s.verdict, iso(s.verdict_date), s.comments,
            iso(s.sealed), s.location, s.note)


def record(s: Sample) -> dict:
    """A sample as the audit log and `-f json` keep it (ISO dates)."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in s._asdict().items()}


def load(store, where: str = "", params=()) -> list[Sample]:
    """Samples matching a WHERE clause on `samples s`, as recorded (all steps, whatever their date)."""
    return [_sample(r) for r in store.conn.execute(
        f"SELECT {_COLUMNS} FROM samples s {where} ORDER BY s.requested, s.sample_no", params)]


def get(store, no: str) -> Sample:
    rows = load(store, "WHERE s.sample_no = ?", (no,))
    if not rows:
        raise db.not_found(store, "sample", no, "samples", "sample_no", "see 'gendan sample list --all'")
    return rows[0]


def settings(store) -> samples.Rules:
    """The clocks' house numbers (settings sample_feedback_days, sample_send_days)."""
    return samples.Rules(feedback_days=store.setting("sample_feedback_days"), send_days=store.setting("sample_send_days"))


# -- writing -----------------------------------------------------------------------------------

def add(store, s: Sample) -> Sample:
    """Record a new sample request, after checking what it refers to."""
    if store.scalar("SELECT 1 FROM samples WHERE sample_no = ?", (s.sample,)):
        raise Conflict(f"sample {s.sample!r} already exists (choose another number, or see "
                       f"'gendan sample show {s.sample}')")
    s = _check_refs(store, s)
    store.execute(f"INSERT INTO samples ({_COLUMNS}) VALUES ({_MARKS})", _values(s))
    store.event("sample", s.sample, None, record(s))
    return s


def check_import(store, parsed) -> list[Sample]:
    """The samples of an import file checked as `add` checks one (numbers new, parties and
    orders known); problems go to `parsed.problems` with their line. A file of samples is a
    few hundred rows: one look-up per row is fine."""
    known = {r[0] for r in db.select_in(store.conn, "SELECT sample_no FROM samples WHERE sample_no IN " + db.KEYS,
                                        parsed.first_line)}
    out = []
    for s in parsed.docs:
        line = parsed.first_line[s.sample]
        if s.sample in known:
            parsed.problems.append((line, f"sample {s.sample} already exists (remove the row)"))
            continue
        try:
            out.append(_check_refs(store, s))
        except GendanError as e:
            parsed.problems.append((line, str(e)))
    return out


def add_many(store, docs: list[Sample], reason: str = "") -> None:
    store.executemany(f"INSERT INTO samples ({_COLUMNS}) VALUES ({_MARKS})", [_values(s) for s in docs])
    store.events("sample", ((s.sample, record(s)) for s in docs), reason)


def _check_refs(store, s: Sample) -> Sample:
    """The customer and supplier exist; an order is the customer's and holds the SKU. With an
    order and no customer, the order's customer is taken."""
    if s.order is not None:
        row = store.one("SELECT customer FROM orders WHERE order_no = ?", (s.order,))
        if row is None:
            raise NotFound(f"unknown order {s.order!r} (see 'gendan order list --all')")
        if not s.customer:
            s = s._replace(customer=row["customer"])
        elif row["customer"] != s.customer:
            raise GendanError(f"order {s.order} is {row['customer']}'s, not {s.customer}'s "
                              f"(check --customer or --order)")
        skus = [r[0] for r in store.conn.execute("SELECT sku FROM order_lines WHERE order_no = ? ORDER BY line",
                                                 (s.order,))]
        if s.sku not in skus:
            raise GendanError(f"order {s.order} has no line for {s.sku} (its SKUs: {', '.join(skus)}; check --sku)")
    if not s.customer:
        raise GendanError("a sample needs --customer CODE (or --order NO, whose customer it is)")
    if not store.scalar("SELECT 1 FROM customers WHERE code = ?", (s.customer,)):
        raise NotFound(f"unknown customer {s.customer!r} (see 'gendan customer list')")
    if s.supplier is not None and not store.scalar("SELECT 1 FROM suppliers WHERE code = ?", (s.supplier,)):
        raise NotFound(f"unknown supplier {s.supplier!r} (see 'gendan supplier list')")
    return s


def change(store, no: str, step, *args) -> tuple[Sample, Sample]:
    """Apply one step of core.samples (receive, send, feedback, seal) to a recorded sample,
    saving the fields it changed with their before → after; (before, after)."""
    before = get(store, no)
    after = step(before, *args)
    changed = [k for k in Sample._fields if getattr(before, k) != getattr(after, k)]
    if changed:
        store.execute(f"UPDATE samples SET ({_COLUMNS}) = ({_MARKS}) WHERE sample_no = ?", (*_values(after), no))
        old, new = record(before), record(after)
        store.event("sample", no, {k: old[k] for k in changed}, {k: new[k] for k in changed})
    return before, after


# -- reading -----------------------------------------------------------------------------------

def as_of(found: list[Sample], today: date) -> list[Sample]:
    """The samples as they stood on `today` (core.samples.as_of), those not yet requested left out."""
    return [x for x in (samples.as_of(s, today) for s in found) if x is not None]


def waiting(store, today: date, supplier: str | None = None) -> list[Sample]:
    """Samples awaiting a step as of `today` (the index on feedback_date skips answered history)."""
    where, params = db.where(("s.requested <= ?", today.isoformat()),
                             ("(s.feedback_date IS NULL OR s.feedback_date > ?)", today.isoformat()),
                             ("s.supplier = ?", supplier))
    return as_of(load(store, where, params), today)


def list_rows(store, today: date, show_all: bool = False, customer: str | None = None,
              order: str | None = None, sealed: bool = False, sku: str | None = None) -> list[dict]:
    """`sample list`: the samples awaiting something (all with --all; the sealed register with
    --sealed), most late first, then by number."""
    day = today.isoformat()
    where, params = db.where(("s.requested <= ?", day),
                             ("(s.feedback_date IS NULL OR s.feedback_date > ?)", None if show_all or sealed else day),
                             ("s.customer = ?", customer), ("s.order_no = ?", order), ("s.sku = ?", sku),
                             ("s.sealed <= ?", day if sealed else None))
    found = as_of(load(store, where, params), today)
    _check_filters(store, found, customer, order)
    clock = settings(store)
    rows = [samples.row(s, today, clock) for s in found]
    if sealed:
        return sorted(rows, key=lambda r: (r["sku"], r["sample"]))
    late = lambda r: -r["days_late"] if r["days_late"] is not None else float("inf")   # noqa: E731
    return sorted(rows, key=lambda r: (r["status"] not in samples.OPEN, late(r), r["sample"]))


def _check_filters(store, found: list[Sample], customer: str | None, order: str | None) -> None:
    """An unknown customer or order is a typo, not an empty list."""
    if found:
        return
    if customer is not None and not store.scalar("SELECT 1 FROM customers WHERE code = ?", (customer,)):
        raise NotFound(f"unknown customer {customer!r} (see 'gendan customer list')")
    if order is not None and not store.scalar("SELECT 1 FROM orders WHERE order_no = ?", (order,)):
        raise NotFound(f"unknown order {order!r} (see 'gendan order list --all')")


def due(store, today: date, supplier: str | None = None) -> list[samples.DueSample]:
    """The morning report's `samples_due`; a supplier's late samples for its chase message."""
    return samples.due_samples(waiting(store, today, supplier), today, settings(store))


def due_rows(store, today: date) -> list[dict]:
    return [d._asdict() for d in due(store, today)]


def pps_verdicts(store, today: date) -> dict[tuple[str, str], samples.PpsVerdict]:
    """The customers' latest verdicts on pps samples of the open orders, as of today."""
    found = load(store, "WHERE s.kind = 'pps' AND s.feedback_date <= ? "
                        "AND s.order_no IN (SELECT order_no FROM orders WHERE closed = 0)", (today.isoformat(),))
    return samples.pps_verdicts(as_of(found, today))


def sealed_for(store, sku: str, order: str | None, today: date) -> Sample | None:
    """The sealed sample of a SKU to compare goods with (the order's own first)."""
    found = load(store, "WHERE s.sku = ? AND s.sealed <= ?", (sku, today.isoformat()))
    return samples.sealed_for(as_of(found, today), sku, order)


def sealed_for_order(store, order: str, sku: str, today: date) -> list[Sample]:
    """The sealed samples a final inspection of `order` compares with: one per SKU inspected
    (every SKU of the order when the record names none) that has one."""
    skus = [sku] if sku else [r[0] for r in store.conn.execute(
        "SELECT sku FROM order_lines WHERE order_no = ? ORDER BY line", (order,))]
    return [s for s in (sealed_for(store, k, order, today) for k in skus) if s is not None]


def calendar_rows(store, today: date) -> list[dict]:
    """Samples awaiting the factory (with a due date) or the customer, with the date expected."""
    clock = settings(store)
    out = []
    for s in waiting(store, today):
        when, whose = samples.expected(s, clock)
        if when is not None and whose in ("factory", "customer"):
            out.append({"sample": s.sample, "kind": s.kind, "sku": s.sku, "customer": s.customer,
                        "supplier": s.supplier, "order": s.order, "date": when, "whose": whose,
                        "courier": s.courier, "awb": s.awb})
    return out
