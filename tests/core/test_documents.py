"""Packing list, invoice, shipping notice and B/L rules (core.documents), with literal values
worked out by hand: cartons, kilograms, cubic metres (3 places) and cents."""
from datetime import date
from decimal import Decimal as D

import pytest

from gendan.core import documents as d
from gendan.errors import GendanError, UsageError

CH = d.Product("CH-01", "Oak chair", "9401.61", 4, (D(60), D(50), D(45)), D(18), D(20))          # 0.135 m³, tare 2
TB = d.Product("TB-02", "Oak table", "9403.60", 1, (D(160), D(90), D(20)), D(40), D("45.5"))     # 0.288 m³, tare 5.5
CU = d.Product("CUSH-01", "Cushion", "9404.90", 24, (D(60), D(48), D(50)), D("7.2"), D("8.1"))  # 0.144 m³, tare 0.9
PRODUCTS = {p.sku: p for p in (CH, TB, CU)}
LINES = [d.Shipped("CH-01", "", 502, D("12.50")), d.Shipped("TB-02", "Table 180cm", 3, D(45)),
         d.Shipped("CUSH-01", "", 50, D("6.80"))]


def test_packing_list_to_the_carton_kilogram_and_cubic_metre():
    rows = d.packing_rows(LINES, PRODUCTS)
    got = [(r["carton_from"], r["carton_to"], r["sku"], r["cartons"], r["per_carton"], r["qty"], r["nw"], r["gw"],
            r["cbm"], r["partial"]) for r in rows]
    assert got == [
        (1, 125, "CH-01", 125, 4, 500, D("2250.00"), D("2500.00"), D("16.875"), False),
        (126, 126, "CH-01", 1, 2, 2, D("9.00"), D("11.00"), D("0.135"), True),      # 2 of 4: half the goods
        (127, 129, "TB-02", 3, 1, 3, D("120.00"), D("136.50"), D("0.864"), False),
        (130, 131, "CUSH-01", 2, 24, 48, D("14.40"), D("16.20"), D("0.288"), False),
        (132, 132, "CUSH-01", 1, 2, 2, D("0.60"), D("1.50"), D("0.144"), True),
    ]
    assert [r["description"] for r in rows] == ["Oak chair", "Oak chair", "Table 180cm", "Cushion", "Cushion"]
    assert d.packing_totals(rows) == {"cartons": 132, "qty": 555, "nw": D("2394.00"), "gw": D("2665.20"),
                                      "cbm": D("18.306")}


def test_weights_round_half_up_per_row_and_totals_add_the_printed_rows():
    p = d.Product("X", pack=3, carton=(D(10), D(10), D(10)), nw=D("10.005"), gw=D("10.5"))
    rows = d.packing_rows([d.Shipped("X", "", 4, D(1))], {"X": p})
    # 3 pieces: 10.005 → 10.01; 1 piece: 3.335 → 3.34 (+ 0.495 tare → 3.83); 0.001 m³ each
    assert [(r["nw"], r["gw"], r["cbm"]) for r in rows] == [(D("10.01"), D("10.50"), D("0.001")),
                                                            (D("3.34"), D("3.83"), D("0.001"))]
    assert d.packing_totals(rows)["nw"] == D("13.35")


def test_packing_list_refuses_naming_every_sku_without_data():
    partial = d.Product("TB-02", pack=1)
    with pytest.raises(GendanError) as e:
        d.packing_rows(LINES, {"CH-01": CH, "TB-02": partial})
    msg = str(e.value)
    assert "2 SKUs lack packing data" in msg
    assert "TB-02: no --carton, --nw, --gw" in msg and "CUSH-01: no product data" in msg


def test_invoice_to_the_cent():
    rows = d.invoice_rows(LINES + [d.Shipped("CH-01", "", 3, D("0.123456"))], PRODUCTS, "USD")
    assert [(r["sku"], r["hs"], r["qty"], r["amount"]) for r in rows] == [
        ("CH-01", "9401.61", 502, D("6275.00")), ("TB-02", "9403.60", 3, D("135.00")),
        ("CUSH-01", "9404.90", 50, D("340.00")), ("CH-01", "9401.61", 3, D("0.37"))]
    assert d.invoice_total(rows) == D("6750.37")
    assert d.invoice_rows([d.Shipped("NEW", "", 2, D(5))], {}, "JPY")[0]["amount"] == D(10)   # no master: still invoiced


def test_container_load_warning():
    assert d.load_warning(D("28.000"), "20GP") is None
    assert "28.001 m³ exceeds the usual load of a 20GP (28 m³)" in d.load_warning(D("28.001"), "20GP")
    assert d.load_warning(D("68.5"), "40HQ") and d.load_warning(D("68.5"), "45HQ") is None
    assert d.load_warning(D("999"), "") is None        # no container type: nothing to compare


@pytest.mark.parametrize("text,sides", [("60x50x45", (60, 50, 45)), ("60 × 50 × 45 cm", (60, 50, 45)),
                                        ("60*50.5*45", (60, D("50.5"), 45)), ("60X50X45", (60, 50, 45))])
def test_carton_sizes_as_typed(text, sides):
    assert d.parse_carton(text) == tuple(D(s) for s in sides)


@pytest.mark.parametrize("text", ["60x50", "0x50x45", "60x50x1001", "60x50x-4", "abc", ""])
def test_bad_carton_sizes(text):
    with pytest.raises(UsageError):
        d.parse_carton(text)


def test_other_fields():
    assert d.parse_hs("9401.61") == "9401.61" and d.parse_hs("9401610000") == "9401610000"
    for bad in ("94", "9401.6", "HS9401", "94016100001"):
        with pytest.raises(UsageError):
            d.parse_hs(bad)
    assert d.parse_kg("18.5kg", "--nw") == D("18.5")
    for bad in ("0", "-1", "1.2345", "x"):
        with pytest.raises(UsageError):
            d.parse_kg(bad, "--nw")
    assert d.parse_container_type("40hc") == "40HQ" and d.parse_container_type("20") == "20GP"
    with pytest.raises(UsageError):
        d.parse_container_type("53FT")
    assert d.parse_mode("Sea") == "sea"
    with pytest.raises(UsageError):
        d.parse_mode("rail")
    with pytest.raises(GendanError):
        d.check_weights(d.Product("X", nw=D(20), gw=D(18)))


def test_bl_steps():
    shipped = date(2026, 11, 10)
    d.bl_step({}, "copy_sent", date(2026, 11, 10), shipped)
    with pytest.raises(GendanError, match="already recorded on 2026-11-11"):
        d.bl_step({"copy_sent": date(2026, 11, 11)}, "copy_sent", date(2026, 11, 12), shipped)
    with pytest.raises(GendanError, match="before the shipment"):
        d.bl_step({}, "released", date(2026, 11, 9), shipped)


def test_shipping_notice_in_english_and_chinese():
    n = d.Notice("SO-1", "ACME", "Acme Home Inc.", LINES, PRODUCTS, etd=date(2026, 12, 1), pol="Ningbo",
                 pod="Los Angeles", mode="sea", container_type="40HQ")
    en = d.notice_text(n, "en")
    assert "ETD: 2026-12-01" in en and "Port of discharge: Los Angeles" in en and "Mode: sea" in en
    assert "  CH-01  Oak chair  502 pcs, 126 ctns" in en
    assert "  CUSH-01  Cushion  50 pcs, 3 ctns" in en
    assert "Total: 555 pcs, 132 ctns" in en and "  C/NO. 1-132" in en and "Container: 40HQ" in en
    zh = d.notice_text(n._replace(pod="", products={}), "zh")
    assert "目的港: 待定" in zh and "箱数待定（无装箱资料）" in zh and "合计: 555 件\n" in zh
    with pytest.raises(UsageError):
        d.notice_text(n, "fr")
