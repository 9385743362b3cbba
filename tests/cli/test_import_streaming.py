"""Imports stream their rows: read lazily, checked and written a batch at a time inside one
transaction, so memory is one batch's whatever the file's length — and still all or nothing.
(The memory and speed of a 1,000,000-line import are measured in bench/run.py, goal 8.)"""
import itertools
import json
import subprocess
import sys
from datetime import date

import pytest

from gendan.cli import importer
from gendan.core import importing
from gendan.core.models import Supplier

HEAD = "po,supplier,due,sku,qty,price,for_order\n"


def _pos(n: int, bad: dict[int, str] | None = None) -> str:
    """n two-line POs; `bad` replaces PO i's first row."""
    rows = [HEAD]
    for i in range(n):
        rows.append((bad or {}).get(i, f"PO-S{i:03d},HX,+20,CH-01,5,1.50,\n"))
        rows.append(f"PO-S{i:03d},HX,+20,TB-02,7,2.00,\n")
    return "".join(rows)


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two POs, so a file of a few POs is written in several batches."""
    monkeypatch.setattr(importer, "BATCH", 2)


def test_streamed_import_writes_every_batch(parties, tmp_path, small_batches):
    f = tmp_path / "pos.csv"
    f.write_text(_pos(9), encoding="utf-8")
    result = parties("import", "pos", str(f))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"{f}: imported 9 POs (18 lines)"
    listed = parties.ok("export", "po_lines", "-f", "csv").splitlines()
    assert len(listed) == 1 + 18


@pytest.mark.parametrize("bad", [
    {8: "PO-S008,NOBODY,+20,CH-01,5,1.50,\n"},                  # a bad row in the last batch
    {8: "PO-S008,HX,+20,CH-01,5,1.50,SO-NONE\n"},               # an unknown order, last batch
    {1: "PO-S001,HX,+20,CH-01,abc,1.50,\n", 7: "PO-S007,HX,+20,CH-01,5,x,\n"},
])
def test_a_problem_after_batches_were_written_leaves_nothing(parties, tmp_path, small_batches, bad):
    f = tmp_path / "pos.csv"
    f.write_text(_pos(9, bad), encoding="utf-8")
    before = parties.dump()
    result = parties("import", "pos", str(f))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    lines = [e.split(":")[2].strip() for e in errors[:-1]]
    assert all(n.startswith("line ") for n in lines), errors
    assert lines[:1] == [f"line {2 + 2 * min(bad)}"] and f"line {2 + 2 * max(bad)}" in lines, errors
    assert "nothing imported" in errors[-1]
    assert parties.dump() == before


def test_a_number_already_in_the_database_is_found_in_any_batch(parties, tmp_path, small_batches):
    parties.ok("po", "add", "PO-S006", "--supplier", "HX", "--due", "+9", "--item", "CH-01=5@1")
    f = tmp_path / "pos.csv"
    f.write_text(_pos(9), encoding="utf-8")
    before = parties.dump()
    parties.refused("import", "pos", str(f), message="line 14: PO-S006 already exists")
    assert parties.dump() == before


def test_dry_run_counts_a_streamed_file_and_writes_nothing(parties, tmp_path, small_batches):
    f = tmp_path / "pos.csv"
    f.write_text(_pos(5), encoding="utf-8")
    before = parties.dump()
    result = parties("import", "pos", str(f), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "5 POs (10 lines) would be imported" in result.stderr
    assert parties.dump() == before


def test_orders_stream_too(parties, tmp_path, small_batches):
    f = tmp_path / "orders.csv"
    f.write_text("order,customer,due,sku,qty,price\n" + "".join(
        f"SO-S{i},ACME,+30,CH-01,5,1.50\nSO-S{i},ACME,+30,TB-02,5,1.50\n" for i in range(5)), encoding="utf-8")
    result = parties("import", "orders", str(f))
    assert result.exit_code == 0, result.stderr
    assert "imported 5 orders (10 lines)" in result.stderr


def test_the_po_parser_is_lazy():
    """POs come out while the source is still being read: an endless source gives its first
    POs after a few rows, so no file is ever held whole."""
    read = itertools.count()

    def endless():
        for i in read:
            yield i + 2, [f"PO-{i // 2}", "HX", "2026-12-20", f"SKU-{i % 2}", "5", "1.50"]

    cols = importing.header_index("pos", ["po", "supplier", "due", "sku", "qty", "price"])
    out = importing.Parsed()
    supplier = Supplier(code="HX", name="HX", currency="CNY")
    first = list(itertools.islice(importing.iter_pos(endless(), cols, {"HX": supplier},
                                                     date(2026, 11, 20), out), 3))
    assert [po.po for po in first] == ["PO-0", "PO-1", "PO-2"]
    assert next(read) <= 10   # rows read so far: three POs and the row that ended the third
    assert out.docs == []     # nothing kept behind


def test_csv_rows_is_a_lazy_row_source(tmp_path):
    f = tmp_path / "pos.csv"
    f.write_text(_pos(3), encoding="utf-8")
    with open(f, encoding="utf-8", newline="") as fh:
        header, rows = importer.csv_rows(fh, str(f))
        assert header == HEAD.strip().split(",")
        assert next(rows) == (2, ["PO-S000", "HX", "+20", "CH-01", "5", "1.50", ""])
        assert fh.tell() < f.stat().st_size   # the rest is not read yet


def test_import_of_dev_zero_stops_with_one_line_in_bounded_memory(tmp_path):
    """No newline in sight: the line is refused once it passes the limit, not read whole."""
    code = ("import resource, subprocess, sys\n"
            "p = subprocess.run(sys.argv[1:], capture_output=True, timeout=60)\n"
            "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
            "sys.stderr.write(p.stderr.decode())\n")
    db = tmp_path / "z.db"
    proc = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "gendan", "--db", str(db),
                           "import", "pos", "/dev/zero"], capture_output=True, text=True, timeout=90)
    status, rss_kib = proc.stdout.split()
    assert status == "1", proc.stderr
    assert proc.stderr.splitlines() == [
        f"gendan: error: /dev/zero: line 1 is longer than {importer.MAX_LINE:,} characters (is it a CSV file? "
        f"save it from the spreadsheet as CSV UTF-8)"], proc.stderr
    assert int(rss_kib) < 150 * 1024, f"peak RSS {int(rss_kib) // 1024} MiB"


def test_a_long_line_in_a_file_is_refused_at_the_limit(parties, tmp_path):
    f = tmp_path / "long.csv"
    f.write_text(HEAD + "PO-1,HX,+20,CH-01,5,1.50," + "x" * (importer.MAX_LINE + 10) + "\n", encoding="utf-8")
    parties.refused("import", "pos", str(f), message="line 2 is longer than 1,048,576 characters")



# -- the other files: receipts and one-record-a-row files, `importer.ROWS` rows at a time ------

@pytest.fixture
def small_row_batches(monkeypatch):
    """Batches of two rows, so a file of a few rows is checked and written in several batches."""
    monkeypatch.setattr(importer, "ROWS", 2)


def _json(gendan, table: str) -> list[dict]:
    return json.loads(gendan.ok("export", table, "-f", "json"))


@pytest.fixture
def one_po(parties):
    parties.ok("po", "add", "PO-R1", "--supplier", "HX", "--due", "+9", "--item", "CH-01=10@1", "--item", "TB-02=6@2")
    return parties


def test_receipts_later_rows_count_what_earlier_batches_accepted(one_po, tmp_path, small_row_batches):
    """Rows 2–4 accept 9 of CH-01's 10 in two batches; row 6, three batches later, would take
    the line to 11: refused on its line, and nothing of the batches before it stays."""
    f = tmp_path / "rec.csv"
    f.write_text("po,sku,qty\nPO-R1,CH-01,4\nPO-R1,TB-02,6\nPO-R1,CH-01,5\nPO-R1,CH-01,1\nPO-R1,CH-01,1\n",
                 encoding="utf-8")
    before = one_po.dump()
    for dry in ((), ("--dry-run",)):
        result = one_po("import", "receipts", str(f), *dry)
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == ("gendan: error: line 6: CH-01: accepting 1 would exceed the 0 "
                                                 "still open on PO-R1 line 1 (check the quantity)")
        assert one_po.dump() == before


def test_receipts_written_in_batches_add_up(one_po, tmp_path, small_row_batches):
    f = tmp_path / "rec.csv"
    f.write_text("po,sku,qty\nPO-R1,CH-01,4\nPO-R1,TB-02,6\nPO-R1,CH-01,5\nPO-R1,CH-01,1\n", encoding="utf-8")
    before = one_po.dump()
    dry = one_po("import", "receipts", str(f), "--dry-run")
    assert dry.stderr.strip() == f"{f}: 4 receipt rows on 1 PO would be imported (dry run: nothing written)"
    assert one_po.dump() == before
    result = one_po("import", "receipts", str(f))
    assert result.stderr.strip() == f"{f}: imported 4 receipt rows on 1 PO"
    assert sorted((r["sku"], r["qty"]) for r in _json(one_po, "receipts")) == [
        ("CH-01", 1), ("CH-01", 4), ("CH-01", 5), ("TB-02", 6)]
    # one audit event per PO per batch: two batches, each listing its own rows
    events = [e for e in _json(one_po, "events") if e["entity"] == "receipt"]
    assert [len(json.loads(e["after"])["receipts"]) for e in events] == [2, 2]
    assert "PO-R1" not in one_po.ok("po", "list")   # closed: every line received


@pytest.mark.parametrize("kind,header,row", [
    ("customers", "code,name", "C{i},Customer {i}"),
    ("suppliers", "code,name", "S{i},Supplier {i}"),
    ("products", "sku,description", "SKU-{i},part {i}"),
    ("complaints", "complaint,customer,kind,desc,received", "Q-{i},ACME,quality,scratches,-1"),
    ("samples", "sample,customer,sku,kind", "SM-{i},ACME,CH-01,pps"),
])
def test_one_record_a_row_files_stream_all_or_nothing(parties, tmp_path, small_row_batches, kind, header, row):
    """Seven rows in four batches: written whole; a number repeated three batches later is
    a duplicate on its line (not 'already exists'), and leaves nothing of the batches before."""
    good = tmp_path / "good.csv"
    good.write_text(header + "\n" + "".join(row.format(i=i) + "\n" for i in range(7)), encoding="utf-8")
    result = parties("import", kind, str(good))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == f"{good}: imported 7 {kind}"
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "\n" + "".join(row.format(i=i) + "\n" for i in (10, 11, 12, 13, 14, 10)), encoding="utf-8")
    before = parties.dump()
    result = parties("import", kind, str(bad))
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("gendan: error: line 7: duplicate ") and first.endswith("10 (already on line 2)"), first
    assert len(result.stderr.splitlines()) == 2
    assert parties.dump() == before


def test_a_number_in_the_database_is_found_in_a_later_batch(parties, tmp_path, small_row_batches):
    f = tmp_path / "c.csv"
    f.write_text("code,name\nC1,One\nC2,Two\nC3,Three\nC4,Four\nACME,Again\n", encoding="utf-8")
    before = parties.dump()
    parties.refused("import", "customers", str(f), message="line 6: customer ACME already exists")
    assert parties.dump() == before


def test_a_receiving_list_imported_twice_is_refused(one_po, tmp_path):
    """The same delivery note twice (new-user try-out: it went in twice, unnoticed until a line
    over-received). Rows repeated within one file, and rows without a ref, are not compared."""
    f = tmp_path / "rec.csv"
    f.write_text("po,sku,qty,date,ref\nPO-R1,CH-01,2,,DN-7\nPO-R1,CH-01,2,,DN-7\nPO-R1,TB-02,1,,\n",
                 encoding="utf-8")
    assert one_po("import", "receipts", str(f)).exit_code == 0
    one_po.refused("import", "receipts", str(f), message=(
        "line 2: PO-R1 CH-01 2 of 2026-11-20 (DN-7) is already received as GRN-00001 (was this list imported "
        "before? remove the row)"))
    for grn in ("GRN-00001", "GRN-00002"):
        one_po.ok("receipt", "void", grn, "--reason", "typed twice")
    f.write_text("po,sku,qty,date,ref\nPO-R1,CH-01,2,,DN-7\nPO-R1,TB-02,1,,\n", encoding="utf-8")
    assert one_po("import", "receipts", str(f)).exit_code == 0   # voided receipts are not there


# -- the adversarial try-out of the streamed imports -----------------------------------------

def test_a_quote_never_closed_refuses_the_file(parties, tmp_path):
    """It swallowed the rest of the file into one cell, and the import said it succeeded."""
    f = tmp_path / "q.csv"
    f.write_text('code,name\nQ1,Alpha\nQ2,"Beta 24"" monitor\nQ3,Gamma\nQ4,Delta\n', encoding="utf-8")
    parties.refused("import", "customers", str(f), message='line 3: a quote opened here is never closed')


def test_a_pipe_is_read_once(parties, tmp_path):
    """A FIFO (as `<(…)` gives) lost the bytes read ahead to tell a workbook from CSV."""
    import os
    import threading
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text("code,name\nF1,Fifo\n", encoding="utf-8"))
    writer.start()
    result = parties("import", "customers", str(fifo))
    writer.join()
    assert result.exit_code == 0 and "imported 1 customer" in result.stderr, result.stderr


def test_a_row_of_only_commas_is_blank(parties, tmp_path):
    f = tmp_path / "b.csv"
    f.write_text("code,name\nE1,x\n,\nE2,y\n", encoding="utf-8")
    assert "imported 2 customers" in parties("import", "customers", str(f)).stderr


def test_a_dry_run_writes_nothing_and_takes_no_write_lock(one_po, tmp_path, small_row_batches):
    """It wrote and rolled back, holding the write lock meanwhile: a slow dry run made every
    other write fail. It reads a snapshot now, and still counts rows across batches."""
    import sqlite3
    f = tmp_path / "rec.csv"
    f.write_text("po,sku,qty\nPO-R1,CH-01,4\nPO-R1,TB-02,6\nPO-R1,CH-01,5\nPO-R1,CH-01,2\n", encoding="utf-8")
    lock = sqlite3.connect(one_po.db)
    lock.execute("BEGIN IMMEDIATE")   # another writer, mid-transaction
    try:
        result = one_po("import", "receipts", str(f), "--dry-run")
    finally:
        lock.rollback()
        lock.close()
    assert result.stderr.splitlines()[0] == ("gendan: error: line 5: CH-01: accepting 2 would exceed the 1 still "
                                             "open on PO-R1 line 1 (check the quantity)")


def test_receipts_before_the_po_and_a_repeat_that_would_count(one_po, tmp_path):
    one_po.ok("po", "receive", "PO-R1", "--item", "CH-01=4", "--ref", "R1")
    f = tmp_path / "rec.csv"
    f.write_text("po,sku,qty,date,ref\nPO-R1,CH-01,4,2026-11-20,R1\nPO-R1,CH-01,6,2026-11-20,R2\n"
                 "PO-R1,TB-02,1,2026-10-01,R3\n", encoding="utf-8")
    result = one_po("import", "receipts", str(f))
    errors = result.stderr.splitlines()
    assert "line 2: PO-R1 CH-01 4 of 2026-11-20 (R1) is already received as GRN-00001" in errors[0]
    assert errors[1] == ("gendan: error: line 4: receipt date 2026-10-01 is before PO-R1 was placed on "
                         "2026-11-20 (check the date)")
    assert len(errors) == 3   # line 3 (6 of the 6 still open) is fine: the refused repeat does not count


def test_a_byte_that_is_not_utf8_deep_in_a_file_is_named_by_its_line(parties, tmp_path):
    """Text is decoded a buffer ahead of the lines read: the error named 'byte 969' of a buffer
    (adversarial try-out); it names the line."""
    f = tmp_path / "late.csv"
    f.write_bytes(b"code,name\n" + b"".join(b"C%d,x\n" % i for i in range(3)) + b"C9,\xe9t\xe9\n" + b"C10,y\n" * 5000)
    parties.refused("import", "customers", str(f), message=f"{f} is not UTF-8 text (line 5): invalid continuation byte")
