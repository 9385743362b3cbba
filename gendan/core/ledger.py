"""Accounts with customers and suppliers (对账): statements, matching the other side's
statement against ours, and aging of what is outstanding.

Everything here works on `Entry` values (one debit or credit on a party's account) that the
store builds from shipments, receipts and payments; nothing is stored, so a balance can never
disagree with the documents it comes from. The sign is always ours: debit − credit, i.e. for a
customer what they owe us, for a supplier what we owe them. `Entry` is a NamedTuple (the
morning report builds thousands; see core/report.py).
"""
import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from gendan.core.money import ZERO, parse_amount, round_money
from gendan.errors import Blocked, UsageError

STATEMENT_FIELDS = ["date", "doc", "kind", "description", "debit", "credit", "balance", "currency"]
MATCH_FIELDS = ["status", "their_line", "date", "doc", "theirs", "ours", "difference", "currency", "note"]
STATUSES = ("matched", "amount_differs", "ambiguous", "only_ours", "only_theirs")


class Entry(NamedTuple):
    """One line on a party's account: a debit (goods shipped or accepted) or a credit (payment).

    `ref` is the order or PO a debit belongs to, or the one a payment is allocated to;
    `due` is when a debit must be paid; `keys` are other numbers the other side may quote
    for this line (order, PO, B/L, container), used when matching their statement.
    """
    party: str
    currency: str
    date: date
    doc: str
    kind: str
    description: str = ""
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    ref: str | None = None
    due: date | None = None
    keys: tuple[str, ...] = ()

    @property
    def amount(self) -> Decimal:
        """Debit − credit: positive for goods, negative for payments."""
        return self.debit - self.credit


# Credit notes to customers / debit notes to suppliers (after-sales, store.ledger.note_entries):
# a note on an order settles what the order's payments leave of its goods, and the rest of it is
# credit on account; only payments leave an advance with their order.
NOTE_KINDS = ("credit-note", "debit-note")


def sort_key(e: Entry):
    """Date order; on one day debits before credits, then by document number; a reversal
    (a void) sorts on its original's side, right after it: a payment voided the day it was
    typed reads as the payment, then its void — never a balance owed in between."""
    void = e.kind == "void"
    return (e.date, (0 if e.debit else 1) ^ void, e.doc, void)


# -- due dates ---------------------------------------------------------------------------

def customer_due(shipped: date, balance_before_ship: bool, credit_days: int) -> date:
    """Balance-before-shipment terms are due at shipment; credit terms credit_days after it."""
    return shipped if balance_before_ship else shipped + timedelta(days=credit_days)


def supplier_due(received: date, credit_days: int) -> date:
    """We owe a supplier credit_days after accepting their goods."""
    return received + timedelta(days=credit_days)


# -- statements --------------------------------------------------------------------------

def balance(entries, currency: str, until: date | None = None, before: date | None = None) -> Decimal:
    """Debits − credits in `currency`, dated on or before `until` / strictly before `before`."""
    return sum((e.amount for e in entries if e.currency == currency
                and (until is None or e.date <= until) and (before is None or e.date < before)), ZERO)


def statement(entries, currency: str, start: date | None, end: date) -> list[dict]:
    """One currency's statement: opening balance, every line of the period with a running
    balance, and the closing row carrying the period's total debits and credits."""
    opening = balance(entries, currency, before=start) if start else ZERO
    lines = sorted((e for e in entries if e.currency == currency and e.date <= end
                    and (start is None or e.date >= start)), key=sort_key)
    money = lambda v: round_money(v, currency)  # noqa: E731
    rows = [{"date": start, "doc": "", "kind": "opening", "description": "opening balance", "debit": None,
             "credit": None, "balance": money(opening), "currency": currency}]
    running, debits, credits = opening, ZERO, ZERO
    for e in lines:
        running += e.amount
        debits += e.debit
        credits += e.credit
        rows.append({"date": e.date, "doc": e.doc, "kind": e.kind, "description": e.description,
                     "debit": money(e.debit) if e.debit else None, "credit": money(e.credit) if e.credit else None,
                     "balance": money(running), "currency": currency})
    rows.append({"date": end, "doc": "", "kind": "closing", "description": "closing balance (period totals)",
                 "debit": money(debits), "credit": money(credits), "balance": money(running), "currency": currency})
    return rows


def statements(entries, start: date | None, end: date) -> list[dict]:
    """Every currency's statement, one after another (currencies in alphabetical order).
    A currency with no balance and nothing in the period is left out."""
    entries = list(entries)
    out = []
    for cur in sorted({e.currency for e in entries}):
        rows = statement(entries, cur, start, end)
        if len(rows) > 2 or rows[0]["balance"] != 0:
            out.extend(rows)
    return out


# -- the other side's statement ----------------------------------------------------------

class TheirLine(NamedTuple):
    """One line of the other party's statement, in our sign (debit − credit)."""
    line: int
    date: date
    doc: str
    amount: Decimal


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_THEIR_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def parse_their_statement(text: str, currency: str) -> list[TheirLine]:
    """Read their statement CSV (`date, doc, amount`; header required; UTF-8 with or without
    BOM; other columns ignored). Refuses the whole file with `line N: <what>` per bad row."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise Blocked("line 1: empty file", ["line 1: the file is empty (it needs a header: date, doc, amount)"])
    names = [h.strip().lower() for h in header]
    missing = [c for c in ("date", "doc", "amount") if c not in names]
    if missing:
        msg = f"line 1: missing column {', '.join(repr(m) for m in missing)} (the header needs date, doc, amount)"
        raise Blocked(msg, [msg])
    at = {c: names.index(c) for c in ("date", "doc", "amount")}
    lines, errors = [], []
    for row in reader:
        n = reader.line_num
        if not any(v.strip() for v in row):
            continue
        try:
            lines.append(_their_line(n, row, at, currency))
        except UsageError as e:
            errors.append(f"line {n}: {e}")
    if errors:
        raise Blocked(errors[0], errors)
    return lines


def _their_line(n: int, row: list[str], at: dict, currency: str) -> TheirLine:
    cell = lambda c: row[at[c]].strip() if at[c] < len(row) else ""  # noqa: E731
    m = _THEIR_DATE.match(cell("date"))
    try:
        when = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        when = None
    if when is None:
        raise UsageError(f"bad date {cell('date')!r} (use YYYY-MM-DD)")
    text = cell("amount")
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    if not text:
        raise UsageError("amount is empty (positive for goods, negative for payments)")
    return TheirLine(n, when, cell("doc"), parse_amount(text, currency, allow_negative=True))


def _norm(doc: str) -> str:
    return doc.strip().upper()


def match(ours: list[Entry], theirs: list[TheirLine], tolerance_days: int) -> list[dict]:
    """Match their lines to ours: by document number first, then by amount within the date
    tolerance; a document candidate must be on the same side (goods or payment). A line is
    matched only when exactly one candidate fits; when two or more fit,
    their line is reported `ambiguous` (naming the candidates) and the candidates stay
    `only_ours` — we never guess. A second line of theirs quoting a document already matched
    is reported `only_theirs` as a duplicate. Rows come back in our statement's order, each
    with difference = ours − theirs."""
    ours = sorted(ours, key=sort_key)
    keys = [{_norm(k) for k in (e.doc, *e.keys) if k} for e in ours]
    taken: dict[int, TheirLine] = {}           # index in ours → their line matched to it
    results: dict[int, dict] = {}              # their line number → result row
    by_amount: list[TheirLine] = []
    for t in theirs:                            # pass 1: the document number
        doc = _norm(t.doc)
        cands = [i for i, k in enumerate(keys) if doc and doc in k and _same_side(ours[i].amount, t.amount)]
        if not cands:
            by_amount.append(t)
            continue
        free = [i for i in cands if i not in taken]
        if len(free) > 1:
            same = [i for i in free if ours[i].amount == t.amount]
            free = same if len(same) == 1 else free
        if len(free) == 1:
            taken[free[0]] = t
            results[t.line] = _pair(ours[free[0]], t, "by document")
        elif not free:
            firsts = sorted(taken[i].line for i in cands if i in taken)
            results[t.line] = _theirs(t, ours[cands[0]].currency, "only_theirs",
                                      f"duplicate: {t.doc} is already matched to their line {firsts[0]}")
        else:
            results[t.line] = _theirs(t, ours[free[0]].currency, "ambiguous",
                                      "candidates: " + ", ".join(f"{ours[i].doc} {ours[i].date}" for i in free))
    claims: dict[int, list[TheirLine]] = {}    # pass 2: amount within the date tolerance
    cands_of: dict[int, list[int]] = {}
    for t in by_amount:
        cands = [i for i, e in enumerate(ours) if i not in taken and e.amount == t.amount
                 and abs((e.date - t.date).days) <= tolerance_days]
        cands_of[t.line] = cands
        for i in cands:
            claims.setdefault(i, []).append(t)
    for t in by_amount:
        cands = cands_of[t.line]
        if len(cands) == 1 and len(claims[cands[0]]) == 1:
            taken[cands[0]] = t
            results[t.line] = _pair(ours[cands[0]], t, "by amount and date")
        elif cands:
            rivals = sorted({x.line for i in cands for x in claims[i]} - {t.line})
            note = "candidates: " + ", ".join(f"{ours[i].doc} {ours[i].date}" for i in cands)
            if rivals:
                note += "; also claimed by their line " + ", ".join(map(str, rivals))
            results[t.line] = _theirs(t, ours[cands[0]].currency, "ambiguous", note)
        else:
            cur = ours[0].currency if ours else ""
            results[t.line] = _theirs(t, cur, "only_theirs", "not in our records")
    rows = []
    for i, e in enumerate(ours):
        if i in taken:
            rows.append(results.pop(taken[i].line))
        else:
            rows.append({"status": "only_ours", "their_line": None, "date": e.date, "doc": e.doc, "theirs": None,
                         "ours": e.amount, "difference": e.amount, "currency": e.currency,
                         "note": "not on their statement"})
    rows.extend(results[n] for n in sorted(results))
    return rows


def _same_side(a: Decimal, b: Decimal) -> bool:
    """Goods match goods and payments match payments, even when both quote the same order/PO."""
    return (a >= 0) == (b >= 0) or a == 0 or b == 0


def _pair(e: Entry, t: TheirLine, how: str) -> dict:
    status = "matched" if e.amount == t.amount else "amount_differs"
    notes = [f"matched {how}"]
    if _norm(t.doc) != _norm(e.doc):
        notes.append(f"their doc {t.doc or '(none)'}")
    if t.date != e.date:
        notes.append(f"their date {t.date}")
    return {"status": status, "their_line": t.line, "date": e.date, "doc": e.doc, "theirs": t.amount,
            "ours": e.amount, "difference": e.amount - t.amount, "currency": e.currency, "note": "; ".join(notes)}


def _theirs(t: TheirLine, currency: str, status: str, note: str) -> dict:
    return {"status": status, "their_line": t.line, "date": t.date, "doc": t.doc, "theirs": t.amount,
            "ours": None, "difference": -t.amount, "currency": currency, "note": note}


def bridge(rows: list[dict], opening: Decimal, currency: str) -> list[dict]:
    """From their closing balance to ours: every difference, grouped by kind of result.
    Their closing = our opening + their lines; ours = their closing + Σ difference."""
    theirs_total = opening + sum((r["theirs"] for r in rows if r["theirs"] is not None), ZERO)
    ours_total = opening + sum((r["ours"] for r in rows if r["ours"] is not None), ZERO)
    step = lambda *st: sum((r["difference"] for r in rows if r["status"] in st), ZERO)  # noqa: E731
    out = [("their closing balance", "theirs", theirs_total),
           ("+ only on ours", "difference", step("only_ours")),
           ("- only on theirs (incl. duplicates)", "difference", step("only_theirs")),
           ("- ambiguous lines of theirs", "difference", step("ambiguous")),
           ("+ amount differences (ours - theirs)", "difference", step("amount_differs")),
           ("our closing balance", "ours", ours_total)]
    return [{"status": "bridge", "their_line": None, "date": None, "doc": label, "theirs": None, "ours": None,
             "difference": None, "currency": currency, "note": ""} | {col: round_money(v, currency)}
            for label, col, v in out]


def all_matched(rows: list[dict]) -> bool:
    return all(r["status"] in ("matched", "bridge") for r in rows)


def account_statement(entries, start: date | None, end: date, currency: str | None = None) -> list[dict]:
    """`reconcile customer|supplier` without their statement: our statements of the period,
    of one currency when given, else of each."""
    return [r for r in statements(entries, start, end) if currency is None or r["currency"] == currency]


class Reconciliation(NamedTuple):
    """Their statement matched against our account in one currency: the matched rows with the
    bridge from their closing balance to ours; `other_currencies` the account also has in
    the period (not matched); `mismatched` the rows that are neither matched nor bridge."""
    rows: list[dict]
    other_currencies: list[str]
    mismatched: list[dict]


def reconcile(entries, theirs: list[TheirLine], currency: str, start: date | None,
              tolerance_days: int) -> Reconciliation:
    """Match their lines against our entries of `currency` dated from `start` (everything
    when None), then bridge their closing balance to ours from our opening balance at
    `start` (zero without a start: the whole history is matched)."""
    in_period = [e for e in entries if start is None or e.date >= start]
    rows = match([e for e in in_period if e.currency == currency], theirs, tolerance_days)
    opening = balance(entries, currency, before=start) if start else balance([], currency)
    rows += bridge(rows, opening, currency)
    others = sorted({e.currency for e in in_period if e.currency != currency})
    return Reconciliation(rows, others, [r for r in rows if r["status"] not in ("matched", "bridge")])


# -- aging -------------------------------------------------------------------------------

AGING_BUCKETS = "30,60,90"   # days past due: reconcile aging --buckets, and the month report's aging


def parse_buckets(text: str) -> tuple[int, ...]:
    """`30,60,90` → (30, 60, 90): strictly increasing whole days above zero."""
    try:
        edges = tuple(int(p) for p in (text or "").replace(" ", "").split(","))
    except ValueError:
        edges = ()
    if not edges or edges[0] < 1 or any(b <= a for a, b in zip(edges, edges[1:])):
        raise UsageError(f"bad --buckets {text!r} (give increasing day counts like 30,60,90)")
    return edges


def bucket_names(edges: tuple[int, ...]) -> list[str]:
    """(30, 60, 90) → current, d1_30, d31_60, d61_90, over_90."""
    names, lo = ["current"], 1
    for hi in edges:
        names.append(f"d{lo}_{hi}")
        lo = hi + 1
    return names + [f"over_{edges[-1]}"]


def bucket_of(days_past_due: int, edges: tuple[int, ...]) -> int:
    """Index into bucket_names: 0 when not yet due (day 0 included)."""
    if days_past_due <= 0:
        return 0
    for i, hi in enumerate(edges):
        if days_past_due <= hi:
            return i + 1
    return len(edges) + 1


def open_items(entries, as_of: date) -> list[tuple[Entry, Decimal]]:
    """What is still unpaid of each debit on `as_of`, after applying credits: a payment
    allocated to an order/PO pays that order's debits, oldest first, and what is left of it
    stays with that order as its advance (paid ahead of shipment, or overpaid); unallocated
    payments (and what a credit note leaves over) pay the oldest debits of any order. So one order's deposit never pays another
    order's overdue goods, as `order show`'s balance (shipped − paid on the order) says.
    Credit left over is returned as negative items (each order's advance, carrying its ref,
    then the unapplied money on account), so the items add up to the balance."""
    debits, credits, advances, pool = _settle(e for e in entries if e.date <= as_of)
    items = [(d[0], d[1]) for d in debits if d[1]]
    for ref, (first, left) in advances.items():
        if left:
            items.append((Entry(first.party, first.currency, first.date, f"advance on {ref}", "credit", credit=left,
                                ref=ref), -left))
    if pool:
        first = credits[0]
        items.append((Entry(first.party, first.currency, first.date, "unapplied", "credit", credit=pool), -pool))
    return items


def _settle(entries) -> tuple[list[list], list[Entry], dict[str, list], Decimal]:
    """Apply every credit: ([debit, amount left] oldest first, the credits, {order/PO: [its
    first payment, its advance]}, unallocated credit left over). How credits settle depends on
    the amounts only: an order's payments pay its own debits (what is left is its advance),
    then its credit notes (what is left of a note is credit on account, as "credit on the next
    invoice" means), then the pool of unallocated credits pays what is left of every debit,
    oldest first."""
    entries = sorted(entries, key=sort_key)
    debits = [[e, e.debit] for e in entries if e.debit]
    credits = [e for e in entries if e.credit]
    by_ref: dict[str, list[list]] = {}
    for d in debits:
        by_ref.setdefault(d[0].ref, []).append(d)
    pool = ZERO
    advances: dict[str, list] = {}
    for c in credits:
        if c.ref and c.kind not in NOTE_KINDS:
            advances.setdefault(c.ref, [c, ZERO])[1] += _apply(c.credit, by_ref.get(c.ref, []))
    for c in credits:
        if not c.ref:
            pool += c.credit
        elif c.kind in NOTE_KINDS:
            pool += _apply(c.credit, by_ref.get(c.ref, []))
    return debits, credits, advances, _apply(pool, debits)


def _apply(amount: Decimal, debits: list[list]) -> Decimal:
    for d in debits:
        if amount <= 0:
            break
        paid = min(amount, d[1])
        d[1] -= paid
        amount -= paid
    return amount


def settled_cut(entries) -> tuple[date, Decimal] | None:
    """The latest date T through which one party's account (one currency, all of its history)
    is settled, and the sum of the debits dated on or before T; None when the oldest debit is
    still open.

    Why: the morning report needs only the open items, and most of a long history is paid.
    `open_items` over `fold` (`settled_debit`: one unallocated debit of that sum dated T, the
    debits after T, every credit, those allocated to an order/PO with a debit on or before T
    made unallocated) gives exactly the items of the whole history when
    (1) every debit dated ≤ T is fully paid,
    (2) no order/PO with an allocated payment (or note) has debits on both sides of T, and
    (3) no such order/PO with a debit on or before T has an advance left (its payments, not
        its notes, are more than its debits).
    Proof: call the orders/POs with an allocated payment or note and a debit ≤ T old. By (2) all their
    debits are ≤ T, and by (3) their payments C_old are used up on them, so in the whole
    history the old debits (sum S) are left S − C_old after their own orders' payments (a note's
    leftover goes to the pool: count it in C_old, and the pool below without it), and the
    pool P of unallocated credits, which pays the oldest first, pays exactly that (1) and
    brings P − (S − C_old) to the later debits. In the fold the old credits are in the pool:
    P + C_old pays the settled debit S first (it is the oldest) and brings the same
    P + C_old − S to the same later debits, whose own orders' payments are the same. No old
    order has an advance item in either, the others' advances and the unapplied item are
    built from the same credits. "Debit" for (2) and (3) means any entry without a credit,
    zero-valued shipments included, as the store's marking cannot tell them apart.
    tests/core/test_ledger.py checks the equality on random accounts."""
    debits, credits, advances, _ = _settle(entries)
    if not debits:
        return None
    allocated = {c.ref for c in credits if c.ref}
    span: dict[str, list[date]] = {}
    for e in entries:
        if not e.credit and e.ref in allocated:
            first_last = span.setdefault(e.ref, [e.date, e.date])
            first_last[0], first_last[1] = min(first_last[0], e.date), max(first_last[1], e.date)
    never = min((span[ref][0] for ref, (_, left) in advances.items() if left and ref in span), default=None)
    total, best = ZERO, None
    for i, (e, left) in enumerate(debits):
        if left or (never is not None and e.date >= never):
            break
        total += e.debit
        last_of_day = i + 1 == len(debits) or debits[i + 1][0].date > e.date
        if last_of_day and not any(a <= e.date < b for a, b in span.values()):
            best = (e.date, total)
    return best


def fold(party: str, currency: str, cut: tuple[date, Decimal], entries) -> list[Entry]:
    """One account's entries as the store reads them past its settled cut T
    (store.ledger.report_entries): the `settled_debit`, the debits after T, and every credit,
    those allocated to an order/PO with a debit on or before T unallocated (they paid that
    history, see settled_cut). Here for the tests; the store marks such credits in SQL."""
    through = cut[0]
    old = {e.ref for e in entries if not e.credit and e.ref and e.date <= through}
    return [settled_debit(party, currency, cut),
            *(e for e in entries if not e.credit and e.date > through),
            *(e._replace(ref=None) if e.credit and e.ref in old else e for e in entries if e.credit)]


def carried_cut(party: str, currency: str, cut: tuple[date, Decimal], later) -> tuple[date, Decimal] | None:
    """The `settled_cut` of a whole account from its last cut and `later`: every debit after
    the cut and every credit, those of orders/POs with a debit on or before the cut T
    unallocated (as in `fold`). Why: a delivery or payment recorded after years of paid
    history need not read that history again.

    Valid when nothing added since the cut T belongs to an order/PO with a debit on or before
    T (a new debit dated on or before T is one). Proof: how credits settle depends on amounts
    only, not dates. The old orders/POs (settled_cut) gain nothing, so they keep (2) and (3)
    at T and at every later date, and their credits still go to their own old debits or the
    pool. The pool pays what is left of the old debits first (they are the oldest), so they are
    all paid exactly when the opening debit (their sum, paid from the pool with the old credits
    in it) is: then T is still valid and, as in settled_cut's proof, the fold settles the later
    debits as the whole account does and holds the same advances; (1), (2) and (3) for a later
    date read the same in both, so the latest valid cut is the same. Else the result is None
    and the whole history must be read: the pool can shrink only when an order with no goods
    before T ships against a credit note whose rest had gone to the pool (payments stay with
    their order). tests/core/test_ledger.py compares the two on random accounts."""
    return settled_cut([settled_debit(party, currency, cut), *later])


def settled_debit(party: str, currency: str, cut: tuple[date, Decimal]) -> Entry:
    """The paid history before a `settled_cut`, as one debit dated on the cut."""
    through, amount = cut
    return Entry(party, currency, through, f"settled through {through.isoformat()}", "opening", debit=amount,
                 due=through)


def accounts(entries) -> dict[tuple[str, str], list[Entry]]:
    """Entries by account (party, currency), in party and currency order."""
    groups: dict[tuple[str, str], list[Entry]] = {}
    for e in entries:
        groups.setdefault((e.party, e.currency), []).append(e)
    return dict(sorted(groups.items()))


def all_open_items(entries, as_of: date) -> list[tuple[Entry, Decimal]]:
    """`open_items` of every account in `entries` (each account is settled on its own)."""
    return [item for group in accounts(entries).values() for item in open_items(group, as_of)]


def aging(entries, as_of: date, edges: tuple[int, ...]) -> list[dict]:
    """One row per party and currency with a balance: outstanding split by days past due.
    The buckets add up to `total`, the statement's closing balance on `as_of`."""
    names = bucket_names(edges)
    rows = []
    for (party, cur), group in accounts(entries).items():
        sums = [ZERO] * len(names)
        for e, left in open_items(group, as_of):
            due = e.due or e.date
            sums[bucket_of((as_of - due).days, edges) if left > 0 else 0] += left
        total = sum(sums, ZERO)
        if total == 0 and not any(sums):
            continue
        row = {"party": party, "currency": cur}
        row.update({n: round_money(v, cur) for n, v in zip(names, sums)})
        row["total"] = round_money(total, cur)
        rows.append(row)
    return rows

