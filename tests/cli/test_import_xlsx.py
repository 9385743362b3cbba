"""`gendan import` from Excel workbooks: the same checks and all-or-nothing as CSV, Excel's own
cells (dates, serial numbers, numbers stored as text), `--sheet`, and export → import through
a workbook giving the same CSV back."""
from datetime import date, datetime

import pytest
import xlsxwriter

from tests.cli.test_import_export import ORDERS, POS
from tests.cli.test_reconcile import books  # noqa: F401  (a fixture: accounts to reconcile)

RECEIPTS = "po,sku,qty,rejected,date\nPO-1,CH-01,200,5,2026-11-15\nPO-2,SF-10,20,0,2026-11-18\n"


def workbook(path, sheets: dict) -> str:
    """A workbook as a spreadsheet program writes it (shared strings, date cells with a
    format); `sheets` maps a name to its rows, the header first."""
    wb = xlsxwriter.Workbook(str(path))
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if isinstance(v, (date, datetime)):
                    ws.write_datetime(r, c, v, day)
                elif isinstance(v, str):
                    ws.write_string(r, c, v)   # text stays text, "500" included
                elif v is not None:
                    ws.write(r, c, v)
    wb.close()
    return str(path)


def test_excel_cells_import_as_typed(parties, tmp_path):
    path = workbook(tmp_path / "orders.xlsx", {"Orders": [
        ["order", "customer", "due", "sku", "qty", "price", "description"],
        ["SO-1", "ACME", date(2026, 12, 20), "CH-01", 500, 12.5, "Oak chair"],      # a date cell, numbers
        ["SO-1", "ACME", 46376, "TB-02", "50", "45", "Table, oak"],                 # a serial, numbers as text
        [],                                                                         # an empty row
        ["SO-2", "NORD", "2026-12-30", "SF-10", 20.0, 129.9, None],                 # ISO text, 20.0
    ]})
    result = parties("import", "orders", path)
    assert result.exit_code == 0, result.stderr
    assert "imported 2 orders (3 lines)" in result.stderr
    lines = parties.ok("export", "order_lines").splitlines()
    assert lines[1:] == ["SO-1,1,CH-01,500,12.50,Oak chair", "SO-1,2,TB-02,50,45.00,\"Table, oak\"",
                         "SO-2,1,SF-10,20,129.90,"]
    import csv
    dues = {r["order"]: r["due"] for r in csv.DictReader(parties.ok("order", "list", "-f", "csv").splitlines())}
    assert dues == {"SO-1": "2026-12-20", "SO-2": "2026-12-30"}   # 46376 is 2026-12-20


def test_bad_rows_are_named_by_sheet_and_row(parties, tmp_path):
    path = workbook(tmp_path / "bad.xlsx", {"Notes": [["x"]], "Orders": [
        ["order", "customer", "due", "sku", "qty", "price"],
        ["SO-1", "ACME", date(2026, 12, 20), "CH-01", 500, 12.5],
        ["SO-2", "NOBODY", date(2026, 12, 20), "CH-01", 5, 1],
        ["SO-3", "ACME", "someday", "CH-01", -5, 1],
    ]})
    result = parties.refused("import", "orders", path, "--sheet", "orders")   # any case
    lines = result.stderr.splitlines()
    assert lines[0].startswith("gendan: error: sheet Orders, row 3: ")
    assert any(x.startswith("gendan: error: sheet Orders, row 4: ") for x in lines)
    assert "line " not in result.stderr
    assert parties.ok("order", "list", "--all", "-f", "csv") == ""          # all or nothing


def test_the_first_sheet_by_default_and_a_missing_one(parties, tmp_path):
    path = workbook(tmp_path / "two.xlsx", {"Suppliers": [["code", "name"], ["ZZ", "浙江振中"]],
                                            "Other": [["code", "name"], ["YY", "Other"]]})
    parties.ok("import", "suppliers", path)
    assert "ZZ,浙江振中" in parties.ok("supplier", "list", "-f", "csv")
    parties.refused("import", "suppliers", path, "--sheet", "Nope", code=2, message="its sheets: Suppliers, Other")
    parties.ok("import", "suppliers", path, "--sheet", "Other")
    assert "YY,Other" in parties.ok("supplier", "list", "-f", "csv")


def test_a_header_problem_points_at_row_1(parties, tmp_path):
    path = workbook(tmp_path / "h.xlsx", {"POs": [["po", "supplier", "sku", "qty", "price"], ["PO-1", "HX", "A", 1, 1]]})
    parties.refused("import", "pos", path, message="sheet POs, row 1: missing column 'due'")


def test_a_header_below_row_1_is_named_by_its_own_row(parties, tmp_path):
    """A sheet whose first rows are empty: the header's problems were said to be on row 1,
    where nothing is (review)."""
    path = workbook(tmp_path / "h3.xlsx", {"POs": [[None], [None],
                                                  ["po", "supplier", "sku", "qty", "price"], ["PO-1", "HX", "A", 1, 1]]})
    parties.refused("import", "pos", path, message="sheet POs, row 3: missing column 'due'")
    # and was even read as an empty sheet (calamine gave the empty rows above the table); its rows
    # keep Excel's numbers
    path = workbook(tmp_path / "h4.xlsx", {"POs": [[None], [None], ["po", "supplier", "due", "sku", "qty", "price"],
                                                  ["PO-1", "HX", "+20", "A", "x", 1]]})
    parties.refused("import", "pos", path, message="sheet POs, row 4: bad quantity 'x'")


def test_not_a_workbook(parties, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("po,supplier\n")
    parties.refused("import", "pos", str(fake), message="is not a readable workbook")
    parties.refused("import", "pos", str(tmp_path / "none.xlsx"), message="no such file")


def test_a_workbook_on_stdin(parties, tmp_path):
    path = workbook(tmp_path / "s.xlsx", {"S": [["code", "name"], ["QQ", "Q Co"]]})
    csv_file = tmp_path / "s.csv"
    csv_file.write_text("code,name\nRR,R Co\n")
    import subprocess
    import sys
    for source in (path, csv_file):   # a workbook is told from CSV by its first bytes
        with open(source, "rb") as f:
            proc = subprocess.run([sys.executable, "-m", "gendan", "--db", str(parties.db), "import", "suppliers", "-"],
                                  stdin=f, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    listed = parties.ok("supplier", "list", "-f", "csv")
    assert "QQ,Q Co" in listed and "RR,R Co" in listed


@pytest.fixture
def loaded(parties, tmp_path):
    # Prices with two decimals, as a workbook shows money (0.00): a price typed `45` is the
    # number 45 in the workbook and comes back `45.00` (test_money_reads_with_two_decimals).
    orders = ORDERS.replace(",45,", ",45.00,")
    pos = POS.replace(",30,", ",30.00,").replace(",60,", ",60.00,")
    for kind, text in (("orders", orders), ("pos", pos), ("receipts", RECEIPTS)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        parties.ok("import", kind, str(path))
    return parties


def test_money_reads_with_two_decimals(parties, tmp_path):
    path = workbook(tmp_path / "m.xlsx", {"POs": [["po", "supplier", "due", "sku", "qty", "price"],
                                                  ["PO-1", "HX", "2026-12-01", "A", 1, 45],
                                                  ["PO-1", "HX", "2026-12-01", "B", 1, 0.125],
                                                  ["PO-1", "HX", "2026-12-01", "C", 1, "7.5"]]})
    parties.ok("import", "pos", path)
    prices = [r.split(",")[4] for r in parties.ok("export", "po_lines").splitlines()[1:]]
    assert prices == ["45.00", "0.125", "7.50"]   # at least two decimals, typed as a number or as text


def test_export_import_round_trip_through_xlsx(loaded, tmp_path):
    """Every import-shaped table: export -f xlsx, import into a new database, export as CSV:
    the same text, byte for byte."""
    from tests.conftest import Gendan
    fresh = Gendan(tmp_path / "fresh.db")
    for table in ("customers", "suppliers", "orders", "pos", "receipts"):
        book = tmp_path / f"{table}.xlsx"
        loaded.ok("export", table, "-f", "xlsx", "-o", str(book))
        result = fresh("import", table, str(book))
        assert result.exit_code == 0, (table, result.stderr)
        assert fresh.ok("export", table) == loaded.ok("export", table), table



def test_their_statement_as_a_workbook(books, tmp_path):
    """`reconcile supplier --statement` reads their Excel statement as it reads their CSV one:
    the same matching (date cells, amounts as numbers), problems named by sheet and row."""
    rows = [["date", "doc", "amount", "remark"], [date(2026, 10, 8), "DN-881", 487.5, "样品费"],
            [datetime(2026, 10, 20), "PO-1", 600, None], [], ["2026-10-27", "DN-990", "120.00", None]]
    csv_text = "date,doc,amount,remark\n2026-10-08,DN-881,487.50,样品费\n2026-10-20,PO-1,600,\n\n2026-10-27,DN-990,120.00,\n"
    (tmp_path / "theirs.csv").write_text(csv_text, encoding="utf-8")
    book = workbook(tmp_path / "theirs.xlsx", {"对账单": rows})
    by_csv = books("reconcile", "supplier", "HX", "--statement", str(tmp_path / "theirs.csv"), "-f", "csv")
    by_xlsx = books("reconcile", "supplier", "HX", "--statement", book, "-f", "csv")
    assert by_xlsx.exit_code == by_csv.exit_code == 1
    assert by_xlsx.stdout == by_csv.stdout and "amount_differs,3,2026-10-20,PO-1,600.00" in by_xlsx.stdout
    bad = workbook(tmp_path / "bad.xlsx", {"S": [["date", "doc", "amount"], [date(2026, 10, 8), "DN-881", 487.5],
                                                 [], ["someday", "X", 1]]})
    books.refused("reconcile", "supplier", "HX", "--statement", bad, message="sheet S, row 4: bad date 'someday'")


def test_a_sparse_giant_sheet_is_refused_not_a_crash(parties, tmp_path):
    """A header and one cell at XFD1048576 (a 6 KB file) made calamine ask for 512 GiB and
    abort the process with a Rust backtrace (adversarial try-out)."""
    import xlsxwriter
    path = tmp_path / "sparse.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("POs")
    sheet.write_row(0, 0, ["po", "supplier", "due", "sku", "qty", "price"])
    sheet.write(1048575, 16383, 1)
    book.close()
    result = parties.refused("import", "pos", str(path))
    assert "1,048,576 rows × 16,384 columns" in result.stderr and "Traceback" not in result.stderr
