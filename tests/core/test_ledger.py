"""Statements, statement matching and aging on literal data, no database."""
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings, strategies as st

from gendan.core import ledger
from gendan.core.ledger import Entry, TheirLine
from gendan.errors import Blocked, UsageError
from tests.profiles import examples


def ship(day, amount, doc, cur="USD", ref=None, due=None, party="ACME", keys=()):
    return Entry(party, cur, date.fromisoformat(day), doc, "shipment", "", debit=D(amount), ref=ref,
                 due=date.fromisoformat(due) if due else None, keys=keys)


def pay(day, amount, doc="TT", cur="USD", ref=None, party="ACME"):
    return Entry(party, cur, date.fromisoformat(day), doc, "payment", "", credit=D(amount), ref=ref)


# -- statements --------------------------------------------------------------------------

BOOK = [
    ship("2026-09-10", "1000.00", "SH-00001/SO-1"),        # earlier months make the opening balance
    pay("2026-09-30", "400.00", "TT-1"),
    ship("2026-10-05", "250.50", "SH-00002/SO-1"),
    pay("2026-10-20", "100.00", "TT-2"),                    # a partial payment
    ship("2026-10-31", "99.99", "SH-00003/SO-2"),
    ship("2026-11-02", "10.00", "SH-00004/SO-2"),          # after the period: not on it
    ship("2026-10-07", "5000", "SH-00005/SO-3", cur="EUR"),
    pay("2026-08-01", "300", "TT-0", cur="JPY"),           # a JPY credit from long ago
]


def test_statement_opening_lines_closing():
    rows = ledger.statement(BOOK, "USD", date(2026, 10, 1), date(2026, 10, 31))
    assert [(r["kind"], r["doc"], r["debit"], r["credit"], r["balance"]) for r in rows] == [
        ("opening", "", None, None, D("600.00")),
        ("shipment", "SH-00002/SO-1", D("250.50"), None, D("850.50")),
        ("payment", "TT-2", None, D("100.00"), D("750.50")),
        ("shipment", "SH-00003/SO-2", D("99.99"), None, D("850.49")),
        ("closing", "", D("350.49"), D("100.00"), D("850.49")),
    ]
    assert rows[0]["date"] == date(2026, 10, 1) and rows[-1]["date"] == date(2026, 10, 31)
    assert str(rows[-1]["balance"]) == "850.49"


def test_statements_one_per_currency_and_quiet_currencies_left_out():
    rows = ledger.statements(BOOK, date(2026, 10, 1), date(2026, 10, 31))
    assert [r["currency"] for r in rows if r["kind"] in ("opening", "closing")] == ["EUR", "EUR", "JPY", "JPY",
                                                                                   "USD", "USD"]
    jpy = [r for r in rows if r["currency"] == "JPY"]
    assert [str(r["balance"]) for r in jpy] == ["-300", "-300"]     # JPY has no minor unit
    eur = [r for r in rows if r["currency"] == "EUR"]
    assert [str(r["balance"]) for r in eur] == ["0.00", "5000.00", "5000.00"]
    assert ledger.statements(BOOK, date(2027, 1, 1), date(2027, 1, 31))[0]["kind"] == "opening"
    assert ledger.statements([pay("2026-08-01", "5"), ship("2026-08-02", "5", "X")],
                             date(2026, 9, 1), date(2026, 9, 30)) == []


def test_same_day_debit_before_credit():
    rows = ledger.statement([pay("2026-10-05", "50", "TT"), ship("2026-10-05", "50", "SH")], "USD", None,
                            date(2026, 10, 31))
    assert [r["kind"] for r in rows] == ["opening", "shipment", "payment", "closing"]
    assert rows[0]["date"] is None


# -- their statement CSV -----------------------------------------------------------------

def test_parse_their_statement_bom_thousands_and_slashes():
    text = "\ufeffDate,Doc,Amount,Remark\n2026/10/05,DN-1,\"1,250.00\",goods\n\n2026-10-20,TT-9,-500,paid\n"
    assert ledger.parse_their_statement(text, "CNY") == [
        TheirLine(2, date(2026, 10, 5), "DN-1", D("1250.00")), TheirLine(4, date(2026, 10, 20), "TT-9", D("-500.00"))]


def test_parse_their_statement_every_bad_row():
    text = "date,doc,amount\n2026-13-01,A,1\n2026-10-01,B,abc\n2026-10-02,C,5\n2026-10-03,D,1.234\n2026-10-04,E\n"
    with pytest.raises(Blocked) as e:
        ledger.parse_their_statement(text, "CNY")
    assert [r.split(":")[0] for r in e.value.reasons] == ["line 2", "line 3", "line 5", "line 6"]
    assert "bad date '2026-13-01'" in e.value.reasons[0]
    assert "bad amount 'abc'" in e.value.reasons[1]


@pytest.mark.parametrize("text", ["", "date,doc\n2026-10-01,A\n", "\ufeff\n"])
def test_parse_their_statement_header(text):
    with pytest.raises(Blocked) as e:
        ledger.parse_their_statement(text, "CNY")
    assert e.value.reasons[0].startswith("line 1: ")


# -- matching ----------------------------------------------------------------------------

def rec(day, amount, doc, keys=()):
    return Entry("HX", "CNY", date.fromisoformat(day), doc, "receipt", "", debit=D(amount), keys=keys)


def their(line, day, doc, amount):
    return TheirLine(line, date.fromisoformat(day), doc, D(amount))


def statuses(rows):
    return [(r["status"], r["doc"], r["their_line"]) for r in rows]


def test_match_by_document_and_amount_differs():
    ours = [rec("2026-10-05", "1000.00", "DN-1", keys=("PO-1",)), rec("2026-10-09", "300.00", "DN-2")]
    rows = ledger.match(ours, [their(2, "2026-10-06", "dn-1", "1000"), their(3, "2026-10-09", "DN-2", "330")], 3)
    assert statuses(rows) == [("matched", "DN-1", 2), ("amount_differs", "DN-2", 3)]
    assert rows[0]["note"] == "matched by document; their date 2026-10-06"
    assert rows[1]["difference"] == D("-30.00")


def test_match_by_amount_within_tolerance_only():
    ours = [rec("2026-10-05", "1000.00", "DN-1"), rec("2026-10-20", "500.00", "DN-2")]
    rows = ledger.match(ours, [their(2, "2026-10-08", "INV-77", "1000"), their(3, "2026-10-24", "INV-78", "500")], 3)
    assert statuses(rows) == [("matched", "DN-1", 2), ("only_ours", "DN-2", None), ("only_theirs", "INV-78", 3)]
    assert rows[0]["note"].startswith("matched by amount and date")


def test_two_candidates_by_amount_are_reported_not_guessed():
    ours = [rec("2026-10-05", "800.00", "DN-1"), rec("2026-10-06", "800.00", "DN-2")]
    rows = ledger.match(ours, [their(2, "2026-10-05", "", "800")], 3)
    assert statuses(rows) == [("only_ours", "DN-1", None), ("only_ours", "DN-2", None), ("ambiguous", "", 2)]
    assert rows[2]["note"] == "candidates: DN-1 2026-10-05, DN-2 2026-10-06"


def test_two_candidates_by_document_narrowed_by_amount_or_reported():
    ours = [rec("2026-10-05", "800.00", "PO-1"), rec("2026-10-09", "200.00", "PO-1")]
    assert statuses(ledger.match(ours, [their(2, "2026-10-09", "PO-1", "200")], 3)) == [
        ("only_ours", "PO-1", None), ("matched", "PO-1", 2)]
    rows = ledger.match(ours, [their(2, "2026-10-09", "PO-1", "999")], 3)
    assert statuses(rows) == [("only_ours", "PO-1", None), ("only_ours", "PO-1", None), ("ambiguous", "PO-1", 2)]


def test_one_line_claimed_by_two_of_theirs_is_ambiguous_for_both():
    ours = [rec("2026-10-05", "800.00", "DN-1")]
    rows = ledger.match(ours, [their(2, "2026-10-04", "A", "800"), their(3, "2026-10-06", "B", "800")], 3)
    assert statuses(rows) == [("only_ours", "DN-1", None), ("ambiguous", "A", 2), ("ambiguous", "B", 3)]
    assert "also claimed by their line 3" in rows[1]["note"]


def test_their_duplicate_line_is_reported_not_merged():
    ours = [rec("2026-10-05", "800.00", "DN-1"), rec("2026-10-05", "800.00", "DN-9")]
    rows = ledger.match(ours, [their(2, "2026-10-05", "DN-1", "800"), their(3, "2026-10-05", "DN-1", "800")], 3)
    assert statuses(rows) == [("matched", "DN-1", 2), ("only_ours", "DN-9", None), ("only_theirs", "DN-1", 3)]
    assert rows[2]["note"] == "duplicate: DN-1 is already matched to their line 2"


def test_bridge_from_their_balance_to_ours():
    ours = [rec("2026-10-05", "1000.00", "DN-1"), rec("2026-10-07", "300.00", "DN-2"),
            Entry("HX", "CNY", date(2026, 10, 20), "TT-5", "payment", credit=D("500"))]
    theirs = [their(2, "2026-10-05", "DN-1", "1000"), their(3, "2026-10-20", "TT-5", "-500"),
              their(4, "2026-10-25", "DN-8", "50"), their(5, "2026-10-07", "DN-2", "310")]
    rows = ledger.match(ours, theirs, 3)
    assert statuses(rows) == [("matched", "DN-1", 2), ("amount_differs", "DN-2", 5), ("matched", "TT-5", 3),
                              ("only_theirs", "DN-8", 4)]
    b = ledger.bridge(rows, D("200"), "CNY")
    assert [(r["doc"], r["theirs"], r["difference"], r["ours"]) for r in b] == [
        ("their closing balance", D("1060.00"), None, None),
        ("+ only on ours", None, D("0.00"), None),
        ("- only on theirs (incl. duplicates)", None, D("-50.00"), None),
        ("- ambiguous lines of theirs", None, D("0.00"), None),
        ("+ amount differences (ours - theirs)", None, D("-10.00"), None),
        ("our closing balance", None, None, D("1000.00"))]
    assert not ledger.all_matched(rows)
    assert ledger.all_matched([r for r in rows if r["status"] == "matched"])


def test_reconcile_matches_one_currency_from_the_period_and_bridges_from_the_opening():
    """Before the period: a 200.00 delivery (the opening balance). In it: DN-1 matched, DN-2
    differs by 10, and a USD line the CNY statement cannot match (named, not matched)."""
    entries = [rec("2026-09-20", "200.00", "DN-0"), rec("2026-10-05", "1000.00", "DN-1"),
               rec("2026-10-07", "300.00", "DN-2"),
               Entry("HX", "USD", date(2026, 10, 8), "DN-U", "receipt", debit=D("40"))]
    theirs = [their(2, "2026-10-05", "DN-1", "1000"), their(3, "2026-10-07", "DN-2", "310")]
    result = ledger.reconcile(entries, theirs, "CNY", date(2026, 10, 1), 3)
    assert statuses(result.rows[:2]) == [("matched", "DN-1", 2), ("amount_differs", "DN-2", 3)]
    assert [(r["doc"], r["theirs"], r["ours"]) for r in result.rows[2:] if r["doc"].endswith("balance")] == [
        ("their closing balance", D("1510.00"), None), ("our closing balance", None, D("1500.00"))]
    assert result.other_currencies == ["USD"]
    assert [r["doc"] for r in result.mismatched] == ["DN-2"]


def test_reconcile_without_a_start_matches_the_whole_history_from_zero():
    entries = [rec("2026-09-20", "200.00", "DN-0")]
    result = ledger.reconcile(entries, [their(2, "2026-09-20", "DN-0", "200")], "CNY", None, 3)
    assert statuses(result.rows[:1]) == [("matched", "DN-0", 2)]
    assert result.rows[1]["theirs"] == D("200.00") and result.mismatched == [] and result.other_currencies == []


def test_account_statement_keeps_one_currency_when_asked():
    entries = [ship("2026-10-05", "100", "SH-1"), ship("2026-10-06", "50", "SH-2", cur="EUR")]
    both = ledger.account_statement(entries, None, date(2026, 10, 31))
    assert {r["currency"] for r in both} == {"USD", "EUR"}
    assert {r["currency"] for r in ledger.account_statement(entries, None, date(2026, 10, 31), "EUR")} == {"EUR"}


# -- aging -------------------------------------------------------------------------------

def test_bucket_names_and_parse():
    assert ledger.bucket_names(ledger.parse_buckets("30,60,90")) == ["current", "d1_30", "d31_60", "d61_90", "over_90"]
    assert ledger.bucket_names(ledger.parse_buckets("15, 45")) == ["current", "d1_15", "d16_45", "over_45"]
    for bad in ("", "0,30", "60,30", "30,30", "a", "30,"):
        with pytest.raises(UsageError):
            ledger.parse_buckets(bad)


@pytest.mark.parametrize("days,bucket", [(-5, "current"), (0, "current"), (1, "d1_30"), (30, "d1_30"),
                                         (31, "d31_60"), (60, "d31_60"), (61, "d61_90"), (90, "d61_90"),
                                         (91, "over_90")])
def test_aging_edges(days, bucket):
    as_of = date(2026, 11, 20)
    due = as_of - timedelta(days=days)
    rows = ledger.aging([ship("2026-01-01", "100.00", "SH-1", due=due.isoformat())], as_of, (30, 60, 90))
    assert rows == [{"party": "ACME", "currency": "USD", "current": D("0.00"), "d1_30": D("0.00"),
                     "d31_60": D("0.00"), "d61_90": D("0.00"), "over_90": D("0.00"), "total": D("100.00")}
                    | {bucket: D("100.00")}]


def test_aging_payments_oldest_first_unless_allocated():
    book = [ship("2026-08-01", "100", "SH-1", ref="SO-1", due="2026-08-01"),
            ship("2026-10-01", "100", "SH-2", ref="SO-2", due="2026-10-01"),
            ship("2026-11-10", "100", "SH-3", ref="SO-3", due="2026-11-10"),
            pay("2026-11-15", "60"),                  # unallocated: pays the oldest (SO-1)
            pay("2026-11-16", "100", ref="SO-3")]     # allocated: pays SO-3 although it is newest
    rows = ledger.aging(book, date(2026, 11, 20), (30, 60, 90))
    assert rows == [{"party": "ACME", "currency": "USD", "current": D("0.00"), "d1_30": D("0.00"),
                     "d31_60": D("100.00"), "d61_90": D("0.00"), "over_90": D("40.00"), "total": D("140.00")}]


def test_aging_advance_payment_is_a_negative_current_and_as_of_cuts_off():
    book = [pay("2026-11-01", "300", ref="SO-9"), ship("2026-11-05", "100", "SH-1", ref="SO-9", due="2026-11-05"),
            ship("2026-12-01", "500", "SH-2", due="2026-12-01")]
    rows = ledger.aging(book, date(2026, 11, 20), (30, 60, 90))
    assert rows[0]["current"] == D("-200.00") and rows[0]["total"] == D("-200.00")
    assert ledger.aging(book[:1], date(2026, 10, 1), (30,)) == []


def test_due_dates_follow_terms():
    assert ledger.customer_due(date(2026, 10, 1), True, 45) == date(2026, 10, 1)
    assert ledger.customer_due(date(2026, 10, 1), False, 45) == date(2026, 11, 15)
    assert ledger.supplier_due(date(2026, 10, 1), 30) == date(2026, 10, 31)


# -- invariants --------------------------------------------------------------------------

_day = st.integers(min_value=0, max_value=200).map(lambda n: date(2026, 1, 1) + timedelta(days=n))
_cents = st.integers(min_value=1, max_value=10**8).map(lambda n: D(n).scaleb(-2))
_entry = st.builds(
    lambda when, amt, is_debit, cur, ref, credit_days: Entry(
        "P", cur, when, f"D{amt}", "x", debit=amt if is_debit else D(0), credit=D(0) if is_debit else amt,
        ref=ref, due=when + timedelta(days=credit_days) if is_debit else None),
    _day, _cents, st.booleans(), st.sampled_from(["USD", "EUR"]), st.sampled_from([None, "SO-1", "SO-2"]),
    st.integers(min_value=0, max_value=60))


@settings(max_examples=examples(150), deadline=None)
@given(st.lists(_entry, max_size=30), _day, _day, st.sampled_from([(30, 60, 90), (7,), (10, 20)]))
def test_statements_balance_and_aging_adds_up(entries, a, b, edges):
    start, end = min(a, b), max(a, b)
    rows = ledger.statements(entries, start, end)
    for cur in {r["currency"] for r in rows}:
        mine = [r for r in rows if r["currency"] == cur]
        opening, lines, closing = mine[0], mine[1:-1], mine[-1]
        assert closing["balance"] == opening["balance"] + closing["debit"] - closing["credit"]
        assert closing["debit"] == sum((r["debit"] or 0 for r in lines), D(0))
        assert closing["credit"] == sum((r["credit"] or 0 for r in lines), D(0))
        assert closing["balance"] == ledger.balance(entries, cur, until=end)
    names = ledger.bucket_names(edges)
    aged = {r["currency"]: r for r in ledger.aging(entries, end, edges)}
    for cur in ("USD", "EUR"):
        closing = ledger.balance(entries, cur, until=end)
        row = aged.get(cur)
        assert (row["total"] if row else D(0)) == closing
        if row:
            assert sum((row[n] for n in names), D(0)) == row["total"]
            assert all(row[n] >= 0 for n in names[1:])


def test_goods_and_payment_quoting_the_same_po_never_cross():
    ours = [rec("2026-10-05", "18000.00", "PO-9", keys=("PO-9",)),
            Entry("HX", "CNY", date(2026, 10, 20), "TT 1", "payment", credit=D("18000"), keys=("PO-9",))]
    rows = ledger.match(ours, [their(2, "2026-10-05", "PO-9", "18300"), their(3, "2026-10-21", "PO-9", "-18000")], 3)
    assert statuses(rows) == [("amount_differs", "PO-9", 2), ("matched", "TT 1", 3)]



# -- the settled cut (what lets the morning report skip paid history) ---------------------

# Deposits on orders not yet shipped (SO-4 is often only paid), overpaid orders, money on
# account, and now and then a zero-valued shipment (free samples: a debit entry of 0).
_one_party = st.builds(
    lambda when, amt, is_debit, ref, kind: Entry(
        "P", "USD", when, f"D{amt}", "x" if is_debit else kind, debit=amt if is_debit else D(0),
        credit=D(0) if is_debit else amt or D(1), ref=ref, due=when if is_debit else None),
    _day, st.one_of(st.integers(min_value=1, max_value=5000), st.just(0)).map(lambda n: D(n)), st.booleans(),
    st.sampled_from([None, None, "SO-1", "SO-2", "SO-3", "SO-4"]),
    st.sampled_from(["payment", "payment", "payment", "credit-note"]))


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(_one_party, max_size=40), _day, st.sampled_from([0, 0, 5000, 20000, 50000]))
def test_open_items_after_the_settled_cut_are_the_same(entries, day, on_account):
    """Also with a large payment on account, so that most histories have a cut while orders
    hold deposits and advances and the payments of orders before the cut pay the folded debit."""
    entries = entries + ([Entry("P", "USD", day, "TT", "x", credit=D(on_account))] if on_account else [])
    as_of = date(2026, 12, 31)
    cut = ledger.settled_cut(entries)
    folded = entries if cut is None else ledger.fold("P", "USD", cut, entries)
    assert ledger.open_items(folded, as_of) == ledger.open_items(entries, as_of)
    if cut is not None:
        through, amount = cut
        old = [e for e in entries if not e.credit and e.date <= through]     # zero-valued ones too
        assert amount == sum((e.debit for e in old), D(0))
        assert len(folded) == len(entries) - len(old) + 1


def test_settled_cut_stops_at_the_first_open_debit_and_at_split_allocations():
    book = [ship("2026-01-05", "100", "A", ref="SO-1"), ship("2026-02-05", "50", "B", ref="SO-2"),
            pay("2026-02-10", "150"), ship("2026-03-05", "70", "C", ref="SO-3")]
    assert ledger.settled_cut(book) == (date(2026, 2, 5), D("150"))
    assert ledger.settled_cut(book[:1]) is None                        # nothing paid yet
    # SO-2 gets a later shipment and a payment allocated to it: no cut between its shipments
    split = book + [ship("2026-03-06", "10", "D", ref="SO-2"), pay("2026-03-07", "10", ref="SO-2")]
    assert ledger.settled_cut(split) == (date(2026, 1, 5), D("100"))


_later = st.tuples(st.integers(1, 60), st.integers(1, 5000).map(D), st.booleans(),
                   st.sampled_from([None, "SO-1", "SO-2", "SO-3", "SO-4", "SO-5"]),
                   st.sampled_from(["payment", "payment", "credit-note"]))


_prepaid = st.builds(lambda when, amt, ref: Entry("P", "USD", when, f"C{amt}", "x", credit=amt, ref=ref),
                    _day, st.integers(1, 5000).map(D), st.sampled_from(["SO-4", "SO-5"]))


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(_one_party, min_size=1, max_size=30), st.lists(_prepaid, max_size=2), st.lists(_later, max_size=8))
def test_a_cut_carried_past_later_entries_is_the_cut_of_the_whole_account(entries, prepaid, later):
    """What a write adds after the cut, for orders with nothing before it: the cut carried from
    the old one is the whole account's, or None exactly when an old debit is open again. An
    order prepaid before the cut keeps its payments as its advance, so what it ships later
    never reopens the old debits; only a credit note on an order with no goods yet, whose
    rest paid old debits as credit on account, is taken back when that order ships."""
    entries = entries + prepaid
    cut = ledger.settled_cut(entries)
    if cut is None:
        return
    through = cut[0]
    old_refs = {e.ref for e in entries if not e.credit and e.date <= through and e.ref}   # as _debit_through
    new = [Entry("P", "USD", through + timedelta(days=n), f"N{i}", "x" if is_debit else kind,
                 debit=amt if is_debit else D(0), credit=D(0) if is_debit else amt, ref=ref)
           for i, (n, amt, is_debit, ref, kind) in enumerate(later) if ref not in old_refs]
    whole = entries + new
    reopened = any(e.debit and e.date <= through for e, left in ledger.open_items(whole, date(2100, 1, 1)) if left > 0)
    assert not reopened or any(e.kind == "credit-note" for e in entries)  # a payment never leaves its order
    carried = ledger.carried_cut("P", "USD", cut, ledger.fold("P", "USD", cut, whole)[1:])
    assert carried == (None if reopened else ledger.settled_cut(whole))


def test_a_prepayment_stays_with_its_order_and_holds_the_cut_back():
    """Before 2026-12: SO-2's 150 paid A (SO-1) through the pool, and SO-2's later shipment
    took it back, reopening A. Now the 150 is SO-2's advance: A stays open, no cut."""
    book = [ship("2026-01-05", "100", "A", ref="SO-1"), pay("2026-01-10", "150", ref="SO-2")]
    assert ledger.settled_cut(book) is None
    assert ledger.open_items(book, date(2026, 1, 31)) == [
        (book[0], D("100")), (Entry("ACME", "USD", date(2026, 1, 10), "advance on SO-2", "credit", credit=D("150"),
                                    ref="SO-2"), D("-150"))]
    paid = book + [pay("2026-01-20", "100")]                              # money on account pays A
    assert ledger.settled_cut(paid) == (date(2026, 1, 5), D("100"))
    cut = ledger.settled_cut(paid)
    for shipped, expected in (("80", cut),                               # 70 of SO-2's advance left
                              ("150", (date(2026, 2, 1), D("250")))):   # used up: the cut moves on
        taken = ship("2026-02-01", shipped, "B", ref="SO-2")
        assert ledger.carried_cut("ACME", "USD", cut, ledger.fold("ACME", "USD", cut, paid + [taken])[1:]) == \
            ledger.settled_cut(paid + [taken]) == expected


def test_an_overpaid_order_keeps_its_advance_and_no_cut_passes_its_goods():
    """SO-1 paid 120 for 100 of goods: its 20 stays SO-1's (not the pool's), so a cut on or
    after SO-1's shipment would lose that advance; the cut stays before it."""
    book = [ship("2026-01-05", "50", "A", ref="SO-0"), pay("2026-01-06", "50"),
            ship("2026-02-05", "100", "B", ref="SO-1"), pay("2026-02-10", "120", ref="SO-1"),
            ship("2026-03-05", "70", "C", ref="SO-2")]
    assert ledger.settled_cut(book) == (date(2026, 1, 5), D("50"))
    items = ledger.open_items(book, date(2026, 3, 31))
    assert [(e.doc, e.ref, left) for e, left in items] == [("C", "SO-2", D("70")), ("advance on SO-1", "SO-1", D("-20"))]
    cut = ledger.settled_cut(book)
    assert ledger.open_items(ledger.fold("ACME", "USD", cut, book), date(2026, 3, 31)) == items


def test_a_deposit_on_one_order_never_pays_another_orders_overdue_goods():
    """Issue 17 item 5: SO-A shipped in August, due 30 days later, unpaid; SO-B's 30 % deposit
    came in October. SO-A stays overdue in full; the deposit is SO-B's advance (current)."""
    book = [ship("2026-08-01", "1000.00", "SH-1/SO-A", ref="SO-A", due="2026-08-31"),
            pay("2026-10-10", "600.00", ref="SO-B")]
    rows = ledger.aging(book, date(2026, 11, 20), (30, 60, 90))
    assert rows == [{"party": "ACME", "currency": "USD", "current": D("-600.00"), "d1_30": D("0.00"),
                     "d31_60": D("0.00"), "d61_90": D("1000.00"), "over_90": D("0.00"), "total": D("400.00")}]
    # money on account (no order) still pays the oldest goods
    rows = ledger.aging(book + [pay("2026-11-01", "250.00")], date(2026, 11, 20), (30, 60, 90))
    assert (rows[0]["current"], rows[0]["d61_90"], rows[0]["total"]) == (D("-600.00"), D("750.00"), D("150.00"))


def test_a_credit_note_on_a_paid_order_is_credit_on_account():
    """The demo's complaint: SO-1 paid in full, then a 74.00 credit note on it ("credit on the
    next invoice"). What the order's payments leave of its goods the note settles; the rest
    pays the oldest goods, as money on account does. Only a payment leaves an advance."""
    note = Entry("ACME", "USD", date(2026, 10, 20), "CN-1", "credit-note", credit=D("74"), ref="SO-1")
    book = [ship("2026-09-01", "925", "A", ref="SO-1", due="2026-09-01"), pay("2026-08-20", "925", ref="SO-1"),
            ship("2026-11-01", "5550", "B", ref="SO-2", due="2026-11-01"), note]
    assert [(e.doc, left) for e, left in ledger.open_items(book, date(2026, 11, 20))] == [("B", D("5476"))]
    cut = ledger.settled_cut(book)
    assert cut == (date(2026, 9, 1), D("925"))
    assert ledger.open_items(ledger.fold("ACME", "USD", cut, book), date(2026, 11, 20)) == \
        ledger.open_items(book, date(2026, 11, 20))
