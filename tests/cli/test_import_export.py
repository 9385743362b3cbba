"""import / export / calendar / backup, end to end through the CLI."""
import json
import sqlite3

import pytest

from tests.profiles import examples

ORDERS = ("order,customer,due,sku,qty,price,description\n"
          "SO-1,ACME,2026-12-20,CH-01,500,12.50,Oak chair\n"
          "SO-1,ACME,2026-12-20,TB-02,50,45,\"Table, oak\"\n"
          "SO-2,NORD,+30,SF-10,20,129.90,\n")
POS = ("po,supplier,due,sku,qty,price,for_order,ordered\n"
       "PO-1,HX,2026-12-01,CH-01,500,8.20,SO-1,2026-11-10\n"
       "PO-1,HX,2026-12-03,TB-02,50,30,SO-1,2026-11-10\n"
       "PO-2,MF,2026-11-18,SF-10,20,60,,2026-11-10\n")


@pytest.fixture
def write(tmp_path):
    def write(name: str, text: str, bom: bool = False) -> str:
        path = tmp_path / name
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
        return str(path)
    return write


@pytest.fixture
def loaded(parties, write):
    parties.ok("import", "orders", write("orders.csv", ORDERS))
    parties.ok("import", "pos", write("pos.csv", POS))
    return parties


def test_import_orders_with_bom_and_relative_dates(parties, write):
    result = parties("import", "orders", write("o.csv", ORDERS, bom=True))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "imported 2 orders (3 lines)" in result.stderr
    out = parties.ok("order", "list", "-f", "csv")
    assert out == ("order,customer,ordered,due,days_left,qty,qty_shipped,amount,currency,status,at_risk\n"
                   "SO-1,ACME,2026-11-20,2026-12-20,30,550,0,8500.00,USD,open,false\n"
                   "SO-2,NORD,2026-11-20,2026-12-20,30,20,0,2598.00,EUR,open,false\n")


def test_import_pos_and_receipts(loaded, write):
    loaded.ok("import", "receipts", write("r.csv", "po,sku,qty,rejected,date\n"
                                                   "PO-1,CH-01,200,5,2026-11-19\nPO-1,CH-01,305,,\nPO-2,SF-10,10,0,\n"))
    assert loaded.ok("export", "po_lines") == ("po,line,sku,qty,price,due,description,open\n"
                                               "PO-1,1,CH-01,500,8.20,2026-12-01,,false\n"
                                               "PO-1,2,TB-02,50,30.00,2026-12-03,,true\n"
                                               "PO-2,1,SF-10,20,60.00,2026-11-18,,true\n")
    assert loaded.ok("export", "receipts") == ("po,sku,qty,rejected,date,ref,note\n"
                                               "PO-1,CH-01,200,5,2026-11-19,,\n"
                                               "PO-1,CH-01,305,0,2026-11-20,,\n"
                                               "PO-2,SF-10,10,0,2026-11-20,,\n")


@pytest.mark.parametrize("text, messages", [
    ("order,customer,sku,qty,price\nSO-1,ACME,A,1,2\n",
     ["line 1: missing column 'due'"]),
    ("order,customer,due,sku,qty,price\nSO-1,ACME,2026-13-01,A,1,2\nSO-2,ACME,someday,A,1,2\n",
     ["line 2: bad due date '2026-13-01'", "line 3: bad due date 'someday'"]),
    ("order,customer,due,sku,qty,price\nSO-1,ACME,+5,A,1.5,2\nSO-1,ACME,+5,B,0,2\nSO-1,ACME,+5,C,-3,2\n",
     ["line 2: bad quantity '1.5'", "line 3: bad quantity '0'", "line 4: bad quantity '-3'"]),
    ("order,customer,due,sku,qty,price\nSO-1,NOPE,+5,A,1,2\n",
     ["line 2: unknown customer 'NOPE'"]),
    ("order,customer,due,sku,qty,price\nSO-1,ACME,+5,A,1,2\nSO-2,ACME,+5,A,1,2\nSO-1,ACME,+5,B,1,2\n",
     ["line 4: duplicate order SO-1 (already on line 2"]),
    ("order,customer,due,sku,qty,price\nSO-1,ACME,+5,A,1,2\nSO-1,ACME,+5,A,3,2\n",
     ["line 3: duplicate line: SKU A of order SO-1 is also on line 2"]),
    ("order,customer,due,sku,qty,price\nSO-1,ACME,+5,A,1,2\nSO-1,NORD,+5,B,1,2\n",
     ["line 3: order SO-1 has customer 'NORD' here but 'ACME' on line 2"]),
    ("order,customer,due,sku,qty,price\nSO-1,ACME,+5,A,1,abc\nSO-2,ACME,+5,A,1\n",
     ["line 2: bad price 'abc'", "line 3: has 5 fields, the header has 6"]),
])
def test_import_refusals_report_every_bad_row_and_write_nothing(parties, write, text, messages):
    result = parties.refused("import", "orders", write("bad.csv", text))
    lines = result.stderr.splitlines()
    assert all(line.startswith("gendan: error: ") for line in lines)
    for message in messages:
        assert any(message in line for line in lines), (message, result.stderr)
    assert lines[-1].endswith("nothing imported (fix bad rows and run the import again)") or "line 1" in lines[0]


def test_importing_the_same_file_twice_is_refused_per_order(parties, write):
    path = write("orders.csv", ORDERS)
    parties.ok("import", "orders", path)
    result = parties.refused("import", "orders", path)
    assert "line 2: order SO-1 already exists" in result.stderr
    assert "line 4: order SO-2 already exists" in result.stderr


def test_import_pos_checks_every_quantity_price_and_sku_cell(parties, write):
    """The PO parser's inline fast paths (quantities, cached prices and SKUs) refuse what the
    careful parsers refuse, on every row: a bad SKU repeated is reported twice."""
    rows = ["PO-1,HX,+5,A,1.5,2", "PO-1,HX,+5,B,0,2", "PO-1,HX,+5,C,-3,2", "PO-1,HX,+5,D,01,2",
            "PO-1,HX,+5,E,,2", "PO-2,HX,+5,bad sku,1,2", "PO-3,HX,+5,bad sku,1,2", "PO-4,HX,+5,F,1,abc",
            "PO-5,HX,+5,F,1,abc"]
    result = parties.refused("import", "pos", write("p.csv", "po,supplier,due,sku,qty,price\n" + "\n".join(rows) + "\n"))
    for message in ("line 2: bad quantity '1.5'", "line 3: bad quantity '0'", "line 4: bad quantity '-3'",
                    "line 6: bad quantity ''", "line 7: bad SKU", "line 8: bad SKU", "line 9: bad price 'abc'",
                    "line 10: bad price 'abc'"):
        assert message in result.stderr, (message, result.stderr)
    assert "line 5:" not in result.stderr   # 01 is 1, as `po add` reads it
    zero = parties.ok("import", "pos", write("z.csv", "po,supplier,due,sku,qty,price\nPO-7,HX,+5,A,3,0\nPO-7,HX,+5,B,01,0\n"))
    assert zero == ""
    assert parties.ok("export", "po_lines").splitlines()[1:] == [
        "PO-7,1,A,3,0.00,2026-11-25,,true", "PO-7,2,B,1,0.00,2026-11-25,,true"]


def test_import_pos_refuses_unknown_supplier_and_order(parties, write):
    result = parties.refused("import", "pos", write("p.csv", "po,supplier,due,sku,qty,price,for_order\n"
                                                             "PO-1,XX,+5,A,1,2,\nPO-2,HX,+5,A,1,2,SO-9\n"))
    assert "line 2: unknown supplier 'XX'" in result.stderr
    assert "line 3: unknown order 'SO-9' in for_order" in result.stderr


def test_import_receipts_refuses_over_receipt_across_rows(loaded, write):
    result = loaded.refused("import", "receipts", write("r.csv", "po,sku,qty\nPO-2,SF-10,15\nPO-2,SF-10,6\nPO-9,A,1\n"
                                                                "PO-1,XX,1\n"))
    assert "line 3: SF-10: accepting 6 would exceed the 5 still open on PO-2 line 1" in result.stderr
    assert "line 4: unknown PO 'PO-9'" in result.stderr
    assert "line 5: SKU XX is not on PO-1" in result.stderr


def test_dry_run_checks_but_writes_nothing(parties, write):
    before = parties.dump()
    result = parties("import", "orders", write("o.csv", ORDERS), "--dry-run")
    assert result.exit_code == 0
    assert "2 orders (3 lines) would be imported" in result.stderr
    assert parties.dump() == before


def test_import_refuses_unreadable_files(parties, write, tmp_path):
    parties.refused("import", "orders", str(tmp_path / "missing.csv"), message="no such file")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("order,customer,due,sku,qty,price\nSO-1,ACME,+5,Möbel,1,2\n".encode("latin-1"))
    parties.refused("import", "orders", str(latin), message="is not UTF-8 text")
    parties.refused("import", "things", str(latin), code=2, message="cannot import 'things'")


def test_one_audit_event_per_document(loaded):
    events = json.loads(loaded.ok("export", "events", "-f", "json"))
    imported = [(e["command"], e["entity"], e["key"]) for e in events if e["command"].startswith("import")]
    assert imported == [("import orders", "order", "SO-1"), ("import orders", "order", "SO-2"),
                        ("import pos", "po", "PO-1"), ("import pos", "po", "PO-2")]
    assert json.loads(events[-1]["after"])["lines"][0]["sku"] == "SF-10"


def test_round_trip_export_import_export(loaded, write, tmp_path):
    from tests.conftest import Gendan
    loaded.ok("import", "receipts", write("r.csv", "po,sku,qty,rejected\nPO-1,CH-01,100,2\n"))
    tables = ("customers", "suppliers", "orders", "pos", "receipts")
    first = {t: loaded.ok("export", t) for t in tables}
    other = Gendan(tmp_path / "other.db", today="2027-03-01")  # another day: dates must not move
    for t in tables:
        other.ok("import", t, write(f"{t}.csv", first[t]))
    for t in tables + ("order_lines", "po_lines"):
        assert other.ok("export", t) == loaded.ok("export", t), t


def test_export_formats_and_excel_guard(loaded):
    loaded.ok("order", "change", "SO-2", "--due", "2026-12-24", "--reason", "=HYPERLINK(\"x\")")
    rows = [json.loads(line) for line in loaded.ok("export", "orders", "-f", "jsonl").splitlines()]
    assert rows[0] == {"order": "SO-1", "customer": "ACME", "due": "2026-12-20", "sku": "CH-01", "qty": 500,
                       "price": "12.50", "description": "Oak chair", "ordered": "2026-11-20", "currency": "USD",
                       "deposit_pct": "30", "balance_before_ship": True, "credit_days": 0, "note": "",
                       "cancelled": False}
    excel = loaded.ok("export", "events", "--excel")
    assert excel.startswith("\ufeffid,ts,")
    assert "\"'=HYPERLINK" in excel and ",=HYPERLINK" not in excel and '"=HYPERLINK' not in excel
    assert "\t" in loaded.ok("export", "suppliers", "-f", "tsv")
    loaded.refused("export", "nope", code=2, message="unknown table 'nope'")
    loaded.refused("export", "orders", "-f", "json", "--excel", code=2, message="--excel is for csv or tsv")


def test_export_every_table_even_empty(gendan):
    from gendan.store.export import TABLES
    for table in TABLES:
        header = gendan.ok("export", table)
        assert header.count("\n") == 1 and "_no" not in header, (table, header)
        assert gendan.ok("export", table, "-f", "json") == "[]\n"


def test_calendar_has_one_event_per_open_line(loaded, write):
    from icalendar import Calendar
    loaded.ok("import", "receipts", write("r.csv", "po,sku,qty\nPO-1,CH-01,500\n"))  # closes PO-1 line 1
    text = loaded.ok("calendar")
    cal = Calendar.from_ical(text)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT") if not str(e["uid"]).startswith("inspect-")}
    assert sorted(events) == ["order-SO-1-1@gendan.local", "order-SO-1-2@gendan.local",
                              "order-SO-2-1@gendan.local", "po-PO-1-2@gendan.local", "po-PO-2-1@gendan.local"]
    assert events["po-PO-2-1@gendan.local"].decoded("dtstart").isoformat() == "2026-11-18"
    assert "SF-10 ×20" in str(events["po-PO-2-1@gendan.local"]["summary"])
    assert loaded.ok("calendar") == text  # stable: same UIDs and stamps on every run


def test_backup_copies_and_refuses_to_overwrite(loaded, tmp_path):
    target = tmp_path / "copy.db"
    loaded.ok("backup", str(target))
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM order_lines").fetchone()[0] == 3
    conn.close()
    loaded.refused("backup", str(target), message="already exists (choose another name, or add --force")
    loaded.ok("backup", str(target), "--force")


def test_demo_builds_from_the_example_csvs_and_prints_the_report(gendan):
    out = gendan.ok("demo")
    assert out.startswith("gendan morning report 2026-11-20 (Friday)\n")
    assert "\nPOs to chase: 8 (3 overdue; HX 3, JL 2, DY 2, MF 1)\n" in out   # 1 a complaint's replacement
    assert "\nComplaints needing you: 1\n" in out
    assert gendan.ok("export", "orders").count("\n") == 9          # header + 7 lines from gendan/examples/orders.csv + SO-2390
    assert "SO-2403,ACME,2026-11-18," in gendan.ok("export", "orders")  # `-2` in the CSV, relative to --today
    result = gendan("check")                         # every area's records and audit events agree
    assert (result.exit_code, result.stdout) == (0, ""), result.stdout


def test_progress_bar_only_on_a_terminal(parties, write, monkeypatch):
    from gendan.cli import importer
    path = write("orders.csv", ORDERS)
    result = parties("import", "orders", path)
    assert result.stderr == f"{path}: imported 2 orders (3 lines)\n"        # piped: no bar
    assert not importer._wants_progress(None, path)
    monkeypatch.setattr(importer, "_wants_progress", lambda f, p: True)   # as on a terminal
    other = write("more.csv", ORDERS.replace("SO-", "SO-X"))
    result = parties("import", "orders", other)
    assert result.exit_code == 0 and f"{other}: imported 2 orders (3 lines)" in result.stderr


@pytest.mark.slow
def test_example_pipelines_run_against_the_demo(tmp_path):
    """examples/pipelines.sh as a user runs it: real processes, the demo database."""
    import os
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENDAN_")}
    env |= {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            "GENDAN_DB": str(tmp_path / "demo.db"), "GENDAN_TODAY": "2026-11-20", "NO_COLOR": "1"}
    subprocess.run([sys.executable, "-m", "gendan", "demo"], env=env, cwd=tmp_path, check=True, capture_output=True)
    subprocess.run(["sh", str(root / "examples" / "pipelines.sh")], env=env, cwd=tmp_path, check=True,
                   capture_output=True)
    assert (tmp_path / "chase-HX.csv").read_text().splitlines()[1].startswith("PO-HX-101,1,CH-01,HX,")
    late = [line.split(",") for line in (tmp_path / "late-orders.csv").read_text(encoding="utf-8-sig").splitlines()]
    assert late[0][:5] == ["order", "customer", "ordered", "due", "days_left"]
    assert all(int(row[4]) < 0 for row in late[1:])
    assert (tmp_path / "pos.csv").read_bytes().startswith(b"\xef\xbb\xbfpo,supplier,due,")
    assert (tmp_path / "gendan.ics").read_text().startswith("BEGIN:VCALENDAR")


def test_round_trip_holds_for_awkward_text(tmp_path):
    """Descriptions and notes with commas, quotes, newlines, formula starts and Chinese survive
    export → import → export unchanged."""
    import csv
    import io
    from hypothesis import given, settings, strategies as st
    from tests.conftest import Gendan
    text = st.text(alphabet=st.sampled_from(list("ab ,\"'\n=+-@;实木书柜é€")), max_size=10).map(str.strip)
    counter = iter(range(10_000))

    @settings(max_examples=examples(12), deadline=None)
    @given(st.lists(st.tuples(text, st.integers(1, 10**6), st.decimals("0", "99999.999999", places=6), text),
                    min_size=1, max_size=4))
    def check(lines):
        n = next(counter)
        a, b = Gendan(tmp_path / f"a{n}.db"), Gendan(tmp_path / f"b{n}.db", today="2027-01-01")
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["order", "customer", "due", "sku", "qty", "price", "description", "note"])
        for i, (desc, qty, price, note) in enumerate(lines):
            w.writerow(["SO-1", "ACME", "2026-12-01", f"SKU-{i}", qty, price, desc, "" if i else note])
        for g in (a, b):
            g.ok("customer", "add", "ACME", "--name", "Acme")
        src = tmp_path / f"src{n}.csv"
        src.write_text(out.getvalue().replace("\nSO-1,ACME,2026-12-01,SKU-", "\nSO-1,ACME,2026-12-01,SKU-"),
                       encoding="utf-8")
        a.ok("import", "orders", str(src))
        first = a.ok("export", "orders")
        (tmp_path / f"x{n}.csv").write_text(first, encoding="utf-8")
        b.ok("import", "orders", str(tmp_path / f"x{n}.csv"))
        assert b.ok("export", "orders") == first
    check()
