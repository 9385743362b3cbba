"""Import validation as pure functions: literal rows in, documents or problems out."""
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from gendan.core import importing as imp
from gendan.core.models import Customer, Supplier
from gendan.errors import GendanError

TODAY = date(2026, 11, 20)
CUSTOMERS = {"ACME": Customer("ACME", "Acme", "USD", Decimal(30))}
SUPPLIERS = {"HX": Supplier("HX", "恒兴", "CNY")}


def rows(text: str):
    lines = [line.split(",") for line in text.strip().splitlines()]
    return imp.header_index(KIND, lines[0]), list(enumerate(lines[1:], 2))


KIND = "orders"


def _orders(data, cols) -> "imp.Parsed":
    """A whole file's orders at once (the importer streams them)."""
    out = imp.Parsed()
    out.docs = list(imp.iter_orders(data, cols, CUSTOMERS, TODAY, out))
    return out


def _pos(data, cols) -> "imp.Parsed":
    out = imp.Parsed()
    out.docs = list(imp.iter_pos(data, cols, SUPPLIERS, TODAY, out))
    return out


def test_header_refuses_missing_unknown_and_repeated_columns():
    with pytest.raises(imp.ImportRefused) as e:
        imp.header_index("orders", ["order", "customer", "sku", "qty", "price", "quantity", "sku"])
    assert e.value.problems == [
        "line 1: missing column 'due' (a orders file needs order, customer, due, sku, qty, price)",
        "line 1: unknown column 'quantity' (accepted: order, customer, due, sku, qty, price, description, ordered, "
        "currency, deposit_pct, balance_before_ship, credit_days, note, cancelled)",
        "line 1: column 'sku' appears twice (keep one)"]


def test_header_is_case_and_space_insensitive():
    assert imp.header_index("receipts", [" PO", "SKU ", "Qty"]) == {"po": 0, "sku": 1, "qty": 2}


def test_orders_take_terms_from_the_customer_and_number_lines_in_file_order():
    cols, data = rows("order,customer,due,sku,qty,price\nSO-1,ACME,+10,B,5,1.5\nSO-1,ACME,+10,A,7,2")
    parsed = _orders(data, cols)
    assert parsed.problems == []
    (o,) = parsed.docs
    assert (o.order, o.due, o.ordered, o.currency, o.deposit_pct) == ("SO-1", date(2026, 11, 30), TODAY, "USD", Decimal(30))
    assert [(ln.line, ln.sku, ln.qty, ln.price) for ln in o.lines] == [(1, "B", 5, Decimal("1.5")), (2, "A", 7, Decimal(2))]


def test_order_rows_must_be_consecutive_and_agree():
    cols, data = rows("order,customer,due,sku,qty,price\nSO-1,ACME,+10,A,1,1\nSO-2,ACME,+10,A,1,1\n"
                      "SO-1,ACME,+10,B,1,1\nSO-2,ACME,+11,B,1,1")
    parsed = _orders(data, cols)
    assert imp.report(parsed.problems) == [
        "line 4: duplicate order SO-1 (already on line 2; rows of one order must be consecutive)",
        "line 5: duplicate order SO-2 (already on line 3; rows of one order must be consecutive)"]


def test_documents_group_consecutive_rows_and_report_what_breaks_a_document():
    """The one grouping helper of orders and POs: a head that fails is reported where the
    document starts (its rows are still read as lines), a clashing row is left out, a number
    that comes back is a duplicate whose later rows are still read."""
    table = [["P1", "a"], ["P1", "a"], ["P1", "b"], ["P2", "bad"], ["P2", "bad"], ["P1", "a"], ["P1", "a"]]
    out = imp.Parsed()

    def head(cells, no):
        if cells[1] == "bad":
            raise GendanError("bad head")
        return cells[1]
    read = [(doc.no, doc.start, doc.fields, [n for n, _ in rows]) for doc, rows in imp.documents(
        enumerate(table, 2), out, "PO", 0, lambda cells: (cells[1],), ["kind"], {"po": 0, "kind": 1}, head)]
    assert read == [("P1", 2, "a", [2, 3]), ("P2", 5, None, [5, 6]), ("P1", 7, None, [8])]
    assert [d.no for d in out.docs] == ["P1", "P2"]
    assert imp.report(out.problems) == [
        "line 4: PO P1 has kind 'b' here but 'a' on line 2 (one value per PO)",
        "line 5: bad head",
        "line 7: duplicate PO P1 (already on line 2; rows of one PO must be consecutive)"]


def test_existing_numbers_are_refused_where_the_document_starts():
    cols, data = rows("order,customer,due,sku,qty,price\nSO-1,ACME,+10,A,1,1\nSO-2,ACME,+10,A,1,1")
    parsed = _orders(data, cols)
    kept = imp.drop_existing(parsed.docs, {"SO-2"}, parsed, "order")
    assert [o.order for o in kept] == ["SO-1"]
    assert imp.report(parsed.problems) == ["line 3: order SO-2 already exists (remove it from the file, or give it a new number)"]


def test_po_due_is_the_earliest_line_due_and_for_order_is_collected():
    global KIND
    KIND = "pos"
    try:
        cols, data = rows("po,supplier,due,sku,qty,price,for_order,ordered\n"
                          "PO-1,HX,2026-12-09,A,1,1,SO-1,2026-11-01\nPO-1,HX,2026-12-02,B,1,1,SO-1,2026-11-01")
    finally:
        KIND = "orders"
    parsed = _pos(data, cols)
    (po,) = parsed.docs
    assert (po.due, po.currency, po.for_order, [ln.due.day for ln in po.lines]) == (date(2026, 12, 2), "CNY", "SO-1", [9, 2])
    assert parsed.refs == {"SO-1": 2}
    imp.unknown_refs_of(parsed.docs, set(), parsed, set())
    assert imp.report(parsed.problems)[0].startswith("line 2: unknown order 'SO-1' in for_order")


def test_receipts_count_earlier_rows_of_the_same_file():
    parsed = imp.parse_receipts([(2, ["PO-1", "A", "6", "1"]), (3, ["PO-1", "A", "5", "0"]), (4, ["PO-1", "A", "1", "2"])],
                                {"po": 0, "sku": 1, "qty": 2, "rejected": 3}, TODAY)
    assert imp.report(parsed.problems) == ["line 4: rejected 2 is more than the 1 received (rejected is part of qty)"]
    matched = imp.match_receipts(parsed, {"PO-1": (False, {"A": imp.ReceivableLine(1, 9, 0)})})
    assert [m.line_no for m in matched] == [2]
    assert imp.report(parsed.problems)[0] == ("line 3: A: accepting 5 would exceed the 4 still open on PO PO-1 "
                                              "line 1 (check the quantity)")


@given(st.lists(st.integers(min_value=1, max_value=50), min_size=1, max_size=8), st.integers(1, 200))
def test_accepted_receipts_never_exceed_the_line(qtys, ordered):
    parsed = imp.parse_receipts([(i + 2, ["PO-1", "A", str(q)]) for i, q in enumerate(qtys)],
                                {"po": 0, "sku": 1, "qty": 2}, TODAY)
    matched = imp.match_receipts(parsed, {"PO-1": (False, {"A": imp.ReceivableLine(1, ordered, 0)})})
    assert sum(m.qty for m in matched) <= ordered
    assert len(matched) + len(parsed.problems) == len(qtys)


def test_parties_defaults_match_the_add_commands():
    parsed = imp.parse_parties("customers", [(2, ["ACME", "Acme", ""]), (3, ["ACME", "Again", ""])],
                               {"code": 0, "name": 1, "currency": 2})
    assert parsed.docs == [Customer("ACME", "Acme", "USD", Decimal(0), True, 0)]
    assert imp.report(parsed.problems) == ["line 3: duplicate customer ACME (already on line 2)"]


def test_blank_document_fields_on_later_rows_repeat_the_first_row():
    cols, data = rows("order,customer,due,sku,qty,price,note\nSO-1,ACME,+10,A,1,1,rush\nSO-1,,,B,2,1,\n"
                      "SO-1,ACME,+11,C,1,1,")
    parsed = _orders(data, cols)
    assert imp.report(parsed.problems) == [
        "line 4: order SO-1 has due '+11' here but '+10' on line 2 (one value per order)"]
