"""Products, a shipment's documents (`ship docs`), the shipping notice and the B/L, end to end."""
import json

import pytest

from tests.cli.test_ship import log_final


@pytest.fixture
def shipped(parties):
    """NORD (EUR, credit terms, no deposit) ordered 502 CH-01 @ 12.50 and 3 TB-02 @ 45; both
    shipped on SH-00001 by sea in a 20GP: 6410.00 EUR owed."""
    g = parties
    g.ok("product", "add", "CH-01", "--desc", "Oak chair 橡木椅", "--hs", "9401.61", "--pack", "4",
         "--carton", "60x50x45", "--nw", "18", "--gw", "20")
    g.ok("product", "add", "TB-02", "--desc", "Oak table", "--pack", "1", "--carton", "160x90x20", "--nw", "40",
         "--gw", "45.5")
    g.ok("order", "add", "SO-9", "--customer", "NORD", "--due", "2026-12-10", "--ordered", "2026-11-01",
         "--item", "CH-01=502@12.50", "--item", "TB-02=3@45")
    log_final(g, "SO-9")
    g.ok("ship", "SO-9", "--item", "CH-01=502", "--item", "TB-02=3", "--container", "CSQU3054383", "--bl", "BL-1",
         "--date", "2026-11-19", "--etd", "2026-11-21", "--pol", "Ningbo", "--pod", "Hamburg", "--mode", "sea",
         "--container-type", "20GP")
    return g


def test_product_add_edit_list_show_and_audit(shipped):
    g = shipped
    assert g.ok("product", "list", "-f", "csv") == (
        "sku,description,hs,pack,carton,nw,gw,cbm\n"
        "CH-01,Oak chair 橡木椅,9401.61,4,60x50x45,18,20,0.135\n"
        "TB-02,Oak table,,1,160x90x20,40,45.5,0.288\n")
    assert g.ok("product", "edit", "TB-02", "--hs", "9403.60", "--gw", "46") == (
        "TB-02 changed: Oak table, HS 9403.60, 1 pcs/ctn, 160x90x20 cm, N.W. 40 kg, G.W. 46 kg\n")
    shown = json.loads(g.ok("product", "show", "TB-02", "-f", "json"))
    assert shown == {"sku": "TB-02", "description": "Oak table", "hs": "9403.60", "pack": 1, "carton": "160x90x20",
                     "nw": "40", "gw": "46", "cbm": "0.288"}
    log = json.loads(g.ok("log", "TB-02", "-f", "json"))
    assert json.loads([e["before"] for e in log if e["entity"] == "product"][-1]) == {"hs": "", "gw": "45.5"}


def test_product_text_is_printed_escaped(shipped):
    assert shipped.ok("product", "add", "X-9", "--desc", "bad\x1b[2Jname") == "X-9 added: bad\\x1b[2Jname\n"


def test_product_refusals_change_nothing(shipped):
    g = shipped
    g.refused("product", "add", "CH-01", "--pack", "2", message="already exists")
    g.refused("product", "add", "X-1", "--carton", "60x50", code=2, message="bad carton size")
    g.refused("product", "add", "X-1", "--nw", "20", "--gw", "18", message="gross weight 18 kg is less than")
    g.refused("product", "edit", "NOPE", "--pack", "2", message="unknown product 'NOPE'")
    g.refused("product", "add", "X-1", "--pack", "0", code=2, message="pieces per carton")


def test_packing_list_document_and_csv(shipped):
    out = shipped.ok("ship", "docs", "SH-00001", "--packing-list")
    assert out.splitlines()[:3] == [
        "Packing list SH-00001 — order SO-9, Nordhaus GmbH",
        "date 2026-11-19  ETD 2026-11-21  Ningbo → Hamburg  sea",
        "container CSQU3054383 20GP  B/L BL-1"]
    assert "total: 129 cartons, 505 pcs, N.W. 2379.00 kg, G.W. 2647.50 kg, 17.874 m³" in out
    assert "carton 126 (CH-01) is a partial carton: 2 of 4 pieces" in out
    assert shipped.ok("ship", "docs", "SH-00001", "--packing-list", "-f", "csv") == (
        "carton_from,carton_to,sku,description,cartons,per_carton,qty,nw,gw,cbm\n"
        "1,125,CH-01,Oak chair 橡木椅,125,4,500,2250.00,2500.00,16.875\n"
        "126,126,CH-01,Oak chair 橡木椅,1,2,2,9.00,11.00,0.135\n"
        "127,129,TB-02,Oak table,3,1,3,120.00,136.50,0.864\n")
    doc = json.loads(shipped.ok("ship", "docs", "SH-00001", "--packing-list", "-f", "json"))
    assert doc["totals"] == {"cartons": 129, "qty": 505, "nw": "2379.00", "gw": "2647.50", "cbm": "17.874"}
    assert doc["container_type"] == "20GP" and doc["etd"] == "2026-11-21" and len(doc["lines"]) == 3


def test_invoice(shipped):
    doc = json.loads(shipped.ok("ship", "docs", "SH-1", "--invoice", "-f", "json"))
    assert doc["lines"] == [
        {"sku": "CH-01", "description": "Oak chair 橡木椅", "hs": "9401.61", "qty": 502, "unit_price": "12.50",
         "amount": "6275.00"},
        {"sku": "TB-02", "description": "Oak table", "hs": "", "qty": 3, "unit_price": "45.00", "amount": "135.00"}]
    assert doc["totals"] == {"amount": "6410.00", "currency": "EUR", "qty": 505}
    assert "total: EUR 6410.00 (505 pcs)" in shipped.ok("ship", "docs", "SH-00001", "--invoice")


def test_docs_refusals(shipped):
    g = shipped
    g.refused("ship", "docs", "SH-00009", "--invoice", message="unknown shipment 'SH-00009'")
    g.refused("ship", "docs", "SH-00001", code=2, message="--packing-list or --invoice")
    g.refused("ship", "docs", "XX-1", "--invoice", code=2, message="bad shipment number")
    g.ok("order", "add", "SO-10", "--customer", "NORD", "--due", "2026-12-10", "--item", "SF-10=2@100")
    log_final(g, "SO-10")
    g.ok("ship", "SO-10", "--item", "SF-10=2")
    g.refused("ship", "docs", "SH-00002", "--packing-list", message="SF-10: no product data")
    assert "total: EUR 200.00" in g.ok("ship", "docs", "SH-00002", "--invoice")   # an invoice needs no packing data


def test_volume_over_the_container_load_is_warned(shipped):
    g = shipped
    g.ok("product", "add", "SF-10", "--pack", "1", "--carton", "200x100x100", "--nw", "40", "--gw", "50")
    g.ok("order", "add", "SO-10", "--customer", "NORD", "--due", "2026-12-10", "--item", "SF-10=15@100")
    log_final(g, "SO-10")
    g.ok("ship", "SO-10", "--item", "SF-10=15", "--container-type", "20GP")
    r = g("ship", "docs", "SH-00002", "--packing-list")
    assert r.exit_code == 0
    assert r.stderr == ("gendan: warning: 30.000 m³ exceeds the usual load of a 20GP (28 m³): check the container "
                        "type or split the shipment\n")


def test_container_used_again_within_30_days_is_warned_not_refused(shipped):
    g = shipped
    g.ok("order", "add", "SO-10", "--customer", "NORD", "--due", "2026-12-10", "--item", "CH-01=4@10")
    log_final(g, "SO-10")
    r = g("ship", "SO-10", "--item", "CH-01=4", "--container", "csqu 305438-3", "--date", "2026-11-20")
    assert r.exit_code == 0
    assert "container CSQU3054383 is also on SH-00001 within 30 days" in r.stderr
    r = g("ship", "SO-10", "--item", "CH-01=0", "--container", "CSQU3054383")   # refused for the quantity
    assert "also on" not in r.stderr


def test_ship_detail_refusals(shipped):
    g = shipped
    g.ok("order", "add", "SO-10", "--customer", "NORD", "--due", "2026-12-10", "--item", "CH-01=4@10")
    log_final(g, "SO-10")
    g.refused("ship", "SO-10", "--item", "CH-01=4", "--mode", "rail", code=2, message="bad transport mode")
    g.refused("ship", "SO-10", "--item", "CH-01=4", "--container-type", "53FT", code=2, message="container type")
    g.refused("ship", "SO-10", "--item", "CH-01=4", "--etd", "someday", code=2)


def test_bl_release_waits_for_the_balance_and_today_lists_it(shipped):
    g = shipped
    assert g.ok("ship", "bl", "SH-00001", "--copy-sent", "--date", "2026-11-19") == (
        "SH-00001 B/L BL-1 copy sent 2026-11-19 (SO-9)\n")
    g.refused("ship", "bl", "SH-00001", "--copy-sent", message="already recorded on 2026-11-19")
    g.refused("ship", "bl", "SH-00001", "--released", message="SO-9 still owes EUR 6410.00")
    assert "bl_to_release" not in json.loads(g.ok("today", "-f", "json"))
    g.ok("pay", "in", "NORD", "--amount", "6410", "--order", "SO-9", "--date", "2026-11-20")
    report = json.loads(g.ok("today", "-f", "json"))
    assert report["bl_to_release"] == [{"shipment": "SH-00001", "order": "SO-9", "customer": "NORD",
                                        "date": "2026-11-19", "bl": "BL-1", "copy_sent": "2026-11-19",
                                        "original_received": None}]
    assert "B/L to release (balance paid): 1" in g.ok("today")
    g.ok("ship", "bl", "SH-00001", "--released")
    assert "bl_to_release" not in json.loads(g.ok("today", "-f", "json"))


def test_forced_release_is_audited(shipped):
    g = shipped
    g.refused("ship", "bl", "SH-00001", "--released", "--force", code=2, message="--reason")
    g.ok("ship", "bl", "SH-00001", "--released", "--force", "--reason", "telex release agreed by the boss")
    events = [e for e in json.loads(g.ok("log", "SH-00001", "-f", "json")) if e["entity"] == "bl"]
    assert events[-1]["reason"] == "telex release agreed by the boss"


def test_one_bl_covers_every_container_of_the_order(shipped):
    g = shipped
    g.ok("order", "add", "SO-10", "--customer", "NORD", "--due", "2026-12-10", "--item", "CH-01=8@10")
    log_final(g, "SO-10")
    g.ok("ship", "SO-10", "--item", "CH-01=4", "--container", "TGHU8812348", "--bl", "BL-2")
    g.ok("ship", "SO-10", "--item", "CH-01=4", "--container", "MSCU7022158", "--bl", "BL-2")
    assert g.ok("ship", "bl", "SH-00003", "--original-received") == (
        "SH-00002, SH-00003 B/L BL-2 original received 2026-11-20 (SO-10)\n")
    g.ok("pay", "in", "NORD", "--amount", "80", "--order", "SO-10")
    rows = json.loads(g.ok("today", "-f", "json"))["bl_to_release"]
    assert [(r["shipment"], r["bl"]) for r in rows] == [("SH-00002, SH-00003", "BL-2")]


def test_forced_shipment_under_balance_terms_stays_to_collect_until_paid(parties):
    g = parties
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-11-25", "--deposit", "0",
         "--item", "CH-01=10@10")
    log_final(g, "SO-1")
    g.ok("ship", "SO-1", "--item", "CH-01=10", "--force", "--reason", "against the B/L copy")
    rows = json.loads(g.ok("today", "-f", "json"))["balances_to_collect"]
    assert [(r["order"], r["to_collect"]) for r in rows] == [("SO-1", "100.00")]
    g.ok("pay", "in", "ACME", "--amount", "100", "--order", "SO-1")
    assert "balances_to_collect" not in json.loads(g.ok("today", "-f", "json"))


def test_shipping_notice(shipped):
    g = shipped
    g.ok("order", "add", "SO-10", "--customer", "NORD", "--due", "2026-12-10", "--item", "CH-01=10@10",
         "--item", "TB-02=2@40")
    out = g.ok("ship", "notice", "SO-10", "--lang", "en", "--etd", "2026-12-01", "--pod", "Hamburg")
    assert "Order: SO-10" in out and "Customer: Nordhaus GmbH" in out and "ETD: 2026-12-01" in out
    assert "  CH-01  Oak chair 橡木椅  10 pcs, 3 ctns" in out and "Total: 12 pcs, 5 ctns" in out
    assert "Port of loading: to be confirmed" in out
    log_final(g, "SO-10")
    g.ok("ship", "SO-10", "--item", "CH-01=4", "--pol", "Ningbo", "--mode", "sea")
    zh = g.ok("ship", "notice", "SO-10")        # what remains, the ports of the last shipment
    assert "起运港: Ningbo" in zh and "运输方式: 海运" in zh and "CH-01  Oak chair 橡木椅  6 件, 2 箱" in zh
    g.refused("ship", "notice", "SO-10", "--lang", "fr", code=2)
    g.refused("ship", "notice", "SO-404", message="unknown order")
    r = g("ship", "notice", "SO-9")
    assert r.exit_code == 0 and r.stdout == "" and "nothing remains to ship" in r.stderr


def test_import_export_products_round_trip(shipped, tmp_path):
    g = shipped
    csv_text = g.ok("export", "products")
    assert csv_text.splitlines()[0] == "sku,description,hs,pack,carton,nw,gw"
    other = tmp_path / "products.csv"
    other.write_text("sku,description,pack,carton,nw,gw\nSF-10,Sofa,1,215x92x85,46,52\nCUSH-01,Cushion,24,,7.2,8.1\n",
                     encoding="utf-8")
    g("import", "products", str(other))
    assert "SF-10,Sofa,,1,215x92x85,46,52" in g.ok("export", "products")
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,pack,carton\nCH-01,4,60x50x45\nNEW,0,60x50\n", encoding="utf-8")
    r = g.refused("import", "products", str(bad))
    assert "line 2: product CH-01 already exists" in r.stderr and "line 3:" in r.stderr


def test_order_and_po_lines_show_the_product_description(parties):
    g = parties
    g.ok("product", "add", "CH-01", "--desc", "Oak chair 橡木椅")
    g.ok("order", "add", "SO-1", "--customer", "ACME", "--due", "2026-12-10", "--item", "CH-01=5@10")
    assert json.loads(g.ok("order", "show", "SO-1", "-f", "json"))["lines"][0]["description"] == "Oak chair 橡木椅"
    g.ok("po", "add", "PO-1", "--supplier", "HX", "--due", "2026-12-01", "--item", "CH-01=5@5")
    assert json.loads(g.ok("po", "show", "PO-1", "-f", "json"))["lines"][0]["description"] == "Oak chair 橡木椅"


def test_a_void_shipment_has_no_documents_and_frees_its_container(shipped):
    g = shipped
    g.ok("ship", "void", "SH-00001", "--reason", "keyed twice")
    g.refused("ship", "docs", "SH-00001", "--invoice", message="shipment SH-00001 is void")
    g.refused("ship", "bl", "SH-00001", "--copy-sent", message="is void")
    r = g("ship", "SO-9", "--item", "CH-01=4", "--container", "CSQU3054383")
    assert r.exit_code == 0 and "also on" not in r.stderr


def test_usage_errors_point_to_the_ship_command_people_type(shipped):
    r = shipped.refused("ship", "SO-9", "--bogus", code=2)
    assert "(see 'gendan ship --help')" in r.stderr and "record" not in r.stderr


def test_a_narrow_terminal_keeps_the_packing_lists_numbers_whole(shipped):
    """At 80 columns the description goes first; cartons, kilograms and m³ stay whole."""
    from tests.terminal.screen import run_in_pty
    lines, code = run_in_pty(["--db", str(shipped.db), "--today", "2026-11-20", "ship", "docs", "SH-00001",
                              "--packing-list"], 80)
    screen = "\n".join(lines)
    assert code == 0 and all(len(line) <= 80 for line in lines)
    for whole in ("2250.00", "2500.00", "16.875", "136.50", "0.864", "carton 126 (CH-01) is a partial carton"):
        assert whole in screen
    assert "left out: description" in screen
