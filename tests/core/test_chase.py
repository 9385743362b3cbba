"""The chase rules (跟催) with literal dates: which lines are listed, why, and in what order."""
from datetime import date

import pytest

from gendan.core.purchasing import OpenLine, chase_list, chase_message, chase_reason, days_late, line_at_risk

TODAY = date(2026, 11, 20)


def line(**kw) -> OpenLine:
    """A confirmed line, placed long ago, due well outside the window: listed for no reason."""
    base = dict(po="PO-1", line=1, sku="CH-01", supplier="HX", qty=100, due=date(2026, 12, 31),
                ordered=date(2026, 10, 1), confirmed=date(2026, 10, 2))
    return OpenLine(**(base | kw))


def reason(**kw):
    return chase_reason(line(**kw), TODAY)


def test_quiet_line_is_not_listed():
    assert reason() is None
    assert chase_list([line()], TODAY) == []


def test_overdue_by_due_date():
    assert reason(due=date(2026, 11, 19)) == "overdue"
    assert days_late(date(2026, 11, 19), TODAY) == 1


def test_overdue_by_promise_even_when_due_date_is_later():
    assert reason(due=date(2026, 12, 1), promised=date(2026, 11, 17)) == "overdue"
    assert chase_list([line(due=date(2026, 12, 1), promised=date(2026, 11, 17))], TODAY)[0]["days_late"] == 3


def test_promise_after_due_date_is_not_overdue():
    """The supplier re-promised: days_late counts from the promise, not the original due date."""
    row = chase_list([line(due=date(2026, 11, 10), promised=date(2026, 11, 22))], TODAY)[0]
    assert row["days_late"] == -2
    assert row["reason"] == "due-soon"


def test_due_today_is_due_soon_not_overdue():
    row = chase_list([line(due=date(2026, 11, 20))], TODAY)[0]
    assert (row["reason"], row["days_late"]) == ("due-soon", 0)


def test_edge_of_the_window():
    assert reason(due=date(2026, 11, 23)) == "due-soon"          # today + 3
    assert reason(due=date(2026, 11, 24)) is None                 # today + 4
    assert chase_reason(line(due=date(2026, 11, 24)), TODAY, window=4) == "due-soon"
    assert chase_reason(line(due=date(2026, 11, 20)), TODAY, window=0) == "due-soon"


def test_unconfirmed_after_two_days():
    assert reason(confirmed=None, ordered=date(2026, 11, 18)) is None        # placed 2 days ago: still in time
    assert reason(confirmed=None, ordered=date(2026, 11, 17)) == "unconfirmed"  # 3 days ago
    assert reason(confirmed=date(2026, 11, 19), ordered=date(2026, 11, 1)) is None


def test_promise_later_than_the_order_due_date_minus_buffer():
    # order due 12-10, buffer 7 → goods must arrive by 12-03
    assert reason(promised=date(2026, 12, 3), order_due=date(2026, 12, 10)) is None
    assert reason(promised=date(2026, 12, 4), order_due=date(2026, 12, 10)) == "promise-after-order-due"
    assert line_at_risk(date(2026, 12, 4), date(2026, 12, 10), 7) is True
    assert line_at_risk(date(2026, 12, 4), None, 7) is False
    assert chase_reason(line(promised=date(2026, 12, 4), order_due=date(2026, 12, 10)), TODAY,
                        buffer_days=6) is None


def test_reason_precedence():
    # overdue and at risk: overdue wins, at_risk still shown
    row = chase_list([line(due=date(2026, 11, 18), order_due=date(2026, 11, 24), confirmed=None)], TODAY)[0]
    assert (row["reason"], row["at_risk"]) == ("overdue", True)
    # at risk, unconfirmed and due soon: at risk wins
    assert reason(due=date(2026, 11, 21), order_due=date(2026, 11, 25), confirmed=None,
                  ordered=date(2026, 11, 1)) == "promise-after-order-due"
    # unconfirmed and due soon: unconfirmed wins
    assert reason(due=date(2026, 11, 21), confirmed=None, ordered=date(2026, 11, 1)) == "unconfirmed"


def test_partial_receipt_leaves_the_line_open():
    row = chase_list([line(due=date(2026, 11, 18), received=60)], TODAY)[0]
    assert (row["qty_open"], row["remark"]) == (40, "")


def test_rejected_quantity_keeps_the_line_open():
    row = chase_list([line(due=date(2026, 11, 18), received=100, rejected=15)], TODAY)[0]
    assert row["qty_open"] == 15
    assert row["remark"] == "reject: replacement due (15 rejected)"


def test_fully_accepted_line_leaves_the_list():
    assert chase_list([line(due=date(2026, 11, 1), received=100)], TODAY) == []
    assert chase_list([line(due=date(2026, 11, 1), received=120, rejected=20)], TODAY) == []


def test_cancelled_po_leaves_the_list():
    assert chase_list([line(due=date(2026, 11, 1), cancelled=True)], TODAY) == []


def test_sort_overdue_most_late_first_then_by_expected_date():
    lines = [line(po="A", due=date(2026, 11, 22)),                                 # due soon, 11-22
             line(po="B", due=date(2026, 11, 18)),                                 # 2 days late
             line(po="C", due=date(2026, 11, 1), promised=date(2026, 11, 10)),     # 10 days late (promise)
             line(po="D", due=date(2026, 11, 21)),                                 # due soon, 11-21
             line(po="E", due=date(2026, 12, 15), confirmed=None)]                 # unconfirmed, 12-15
    assert [r["po"] for r in chase_list(lines, TODAY)] == ["C", "B", "D", "A", "E"]


def test_chased_today_sinks_to_the_bottom_with_its_last_chase():
    lines = [line(po="A", due=date(2026, 11, 10), last_chased=TODAY, chases=3),
             line(po="B", due=date(2026, 11, 22), last_chased=date(2026, 11, 19), chases=1),
             line(po="C", due=date(2026, 11, 15))]
    rows = chase_list(lines, TODAY)
    assert [r["po"] for r in rows] == ["C", "B", "A"]
    assert (rows[-1]["last_chased"], rows[-1]["chases"], rows[-1]["reason"]) == (TODAY, 3, "overdue")


def test_message_lists_lines_quantities_and_dates():
    rows = chase_list([line(due=date(2026, 11, 18), received=100, rejected=15),
                       line(line=2, sku="TB-02", qty=20, due=date(2026, 11, 22), promised=date(2026, 11, 23))], TODAY)
    zh = chase_message("恒兴木业", "王经理", rows, "zh")
    assert zh.splitlines() == [
        "王经理您好：",
        "以下采购单尚未交齐，请确认交期：",
        "- PO-1 第1行 CH-01：未交 15 件，要求交期 2026-11-18，已逾期 2 天，不良品待补货",
        "- PO-1 第2行 TB-02：未交 20 件，要求交期 2026-11-22，承诺交期 2026-11-23",
        "请逐项回复确切交货日期，谢谢！"]
    en = chase_message("Dongyang Packaging", "", rows, "en")
    assert en.splitlines()[0] == "Dear Dongyang Packaging,"
    assert "- PO-1 line 1 CH-01: 15 pcs open, due 2026-11-18 (2 days late); reject: replacement due (15 rejected)" in en


def test_message_names_late_samples_and_may_be_only_about_them():
    rows = chase_list([line(due=date(2026, 11, 18))], TODAY)
    more = ["以下样品已过交样日期：", "- 样品 S-1 CH-01（产前样）：要求 2026-11-15 交样，已逾期 5 天"]
    assert chase_message("恒兴木业", "王经理", rows, "zh", more).splitlines()[-3:] == more + ["请逐项回复确切交货日期，谢谢！"]
    assert chase_message("恒兴木业", "王经理", [], "zh", more).splitlines() == ["王经理您好：", *more, "请逐项回复确切交货日期，谢谢！"]
    en = chase_message("Dongyang", "Mr. Chen", [], "en", ["Samples past their due date:", "- sample S-1"])
    assert en.splitlines() == ["Dear Mr. Chen,", "", "Samples past their due date:", "- sample S-1", "",
                               "Please reply with a firm delivery date for each line. Thank you."]


@pytest.mark.parametrize("today,expected", [(date(2026, 11, 17), None), (date(2026, 11, 18), "due-soon"),
                                            (date(2026, 11, 21), "due-soon"), (date(2026, 11, 22), "overdue")])
def test_a_line_moves_through_the_reasons_as_days_pass(today, expected):
    assert chase_reason(line(due=date(2026, 11, 21)), today) == expected


def test_expected_by_order_is_the_promise_else_the_due_date():
    from gendan.core.purchasing import expected_by_order
    lines = [line(for_order="SO-1"), line(line=2, for_order="SO-1", promised=date(2027, 1, 9)),
             line(po="PO-2", for_order="SO-2", cancelled=True), line(po="PO-3")]
    assert expected_by_order(lines) == {"SO-1": [("PO-1", 1, date(2026, 12, 31)), ("PO-1", 2, date(2027, 1, 9))]}
