"""The demo's chase list shows every reason, so a new user sees what the list is for."""
import csv
import io

from gendan.cli import demo


def test_demo_chase_list_shows_every_reason(gendan):
    from datetime import date
    demo.build(str(gendan.db), date(2026, 11, 20))
    rows = list(csv.DictReader(io.StringIO(gendan.ok("po", "chase", "-f", "csv"))))
    assert {r["reason"] for r in rows} == {"overdue", "promise-after-order-due", "unconfirmed", "due-soon"}
    assert any(r["remark"].startswith("reject: replacement due") for r in rows)
    assert rows[-1]["last_chased"] == "2026-11-20"          # chased this morning: at the bottom
    assert "PO-DY-400" not in {r["po"] for r in rows}       # cancelled
    assert gendan("po", "chase", "--exit-code", "-f", "csv").exit_code == 1
