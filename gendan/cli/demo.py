"""The demo: a realistic month of a furniture exporter's merchandiser.

The base data (customers, suppliers, orders, POs, receipts) comes from the CSV files in
`gendan/examples/` through `gendan import`, the same path a user takes from a spreadsheet; the dates
in them are relative (`+12`, `-40`), so the report always has news. Each area then adds its
steps as `_<area>(d)`: a list of commands exactly as a user would type them.
"""
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.errors import GendanError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"   # package data
BASE = ("customers", "suppliers", "products", "orders", "pos", "receipts")   # import order: references first


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    db: Annotated[Optional[str], typer.Option("--db", help="where to write the demo (default: ./gendan-demo.db)")] = None,
) -> None:
    """Fill a fresh database with a realistic month of a merchandiser's work and print the morning report.
    Example: gendan demo --db demo.db"""
    path = db or _common.state.db or "gendan-demo.db"
    _common.state.db = path
    build(path, _common.today())
    _common.info(f"demo database written to {path}; try: gendan --db {path} order list, or any command with --db {path}")
    show(path, _common.today())


def run(*args: str, quiet: bool = True) -> None:
    """Run one gendan command in-process, as a user would type it; stop on any refusal.

    The steps' own messages (what was imported, planned, inspected) and the lines a write
    prints on stdout (what it wrote) are held back so the demo ends with the morning report
    alone; they are shown on stderr if a step fails.
    """
    import contextlib
    import io
    import sys
    from gendan.cli.app import whole_app
    app = whole_app()
    from typer.main import get_command
    held = io.StringIO()
    with contextlib.ExitStack() as stack:
        if quiet:   # what each write says (stdout) and its messages (stderr)
            stack.enter_context(contextlib.redirect_stderr(held))
            stack.enter_context(contextlib.redirect_stdout(held))
        code = get_command(app).main(args=list(args), standalone_mode=False)
    if code:
        sys.stderr.write(held.getvalue())
        raise GendanError(f"demo step failed: gendan {' '.join(args)}")


def build(path: str, today: date, examples: Path = EXAMPLES) -> None:
    """Write the demo into a new (or empty) database at `path`."""
    if Path(path).exists() and Path(path).stat().st_size > 0:
        raise GendanError(f"{path} already exists (remove it, or give 'gendan demo --db NEW.db')")
    d = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    db = ("--db", path, "--today", today.isoformat())
    for args in _imports(examples, BASE[:5]):
        run(*db, *args)
    for args in _orders(d):
        run(*db, *args)
    for args in _purchasing(d):
        run(*db, *args)
    for args in _materials():
        run(*db, *args)
    for args in _imports(examples, ("receipts",)):   # after the confirmations: a promise needs an open line
        run(*db, *args)
    for args in _production(d):
        run(*db, *args)
    for args in _quality(d):
        run(*db, *args)
    for args in _samples(d):
        run(*db, *args)
    for args in _shipping(d):
        run(*db, *args)
    for args in _reconcile(d):
        run(*db, *args)
    for args in _aftersales(d):
        run(*db, *args)


def show(path: str, today: date | None = None) -> None:
    """Print the morning report of the demo database."""
    run("--db", path, *(("--today", today.isoformat()) if today else ()), "today", quiet=False)


def _imports(examples: Path, kinds=BASE) -> list[list[str]]:
    """`gendan import KIND examples/KIND.csv` for the base data."""
    if not (examples / "orders.csv").exists():
        raise GendanError(f"the demo data is missing from {examples} (reinstall gendan: the package lost its data files)")
    return [["import", kind, str(examples / f"{kind}.csv")] for kind in kinds]


def _orders(d) -> list[list[str]]:
    return [
        ["order", "change", "SO-2402", "--due", d(33), "--reason", "Nordhaus moved the booking to the next vessel"],
    ]


def _purchasing(d) -> list[list[str]]:
    """Confirmations, re-promises, a cancellation and chases on the POs of gendan/examples/pos.csv
    (placed and received through `gendan import`), so that the chase list shows every reason."""
    return [
        # history: delivered, one late against its promise (for `supplier score`)
        ["po", "confirm", "PO-HX-100", "--date", d(-54), "--promised", d(-12)],
        ["po", "confirm", "PO-MF-200", "--date", d(-49)],
        # overdue: 400 of 600 chairs in, the rest promised for three days ago
        ["po", "confirm", "PO-HX-101", "--date", d(-36), "--promised", d(-3)],
        ["po", "chase", "PO-HX-101", "--via", "phone", "--date", d(-1), "--note", "王经理说剩余200张周一发"],
        # re-promised later than SO-2401 can take (due in 12 days, 7 days' buffer)
        ["po", "confirm", "PO-HX-102", "--date", d(-36), "--promised", d(2)],
        ["po", "chase", "PO-HX-102", "--via", "wechat", "--date", d(-2), "--promised", d(8),
         "--note", "桌面油漆返工，推迟一周"],
        # all fittings arrived but 60 rusted: overdue until replaced; chased this morning, so it sinks
        ["po", "confirm", "PO-MF-201", "--date", d(-19)],
        ["po", "chase", "PO-MF-201", "--via", "wechat", "--note", "补货 60 套，李厂长说明天发"],
        # due soon: cartons for SO-2401
        ["po", "confirm", "PO-DY-401", "--date", d(-9)],
        ["po", "cancel", "PO-DY-400", "--reason", "placed twice; PO-DY-401 replaces it"],
        # placed five days ago, the countersigned copy has not come back
        # confirmed, on plan: not on the chase list
        ["po", "confirm", "PO-HX-103", "--date", d(-7), "--promised", d(28)],
        # cushions for SO-2405: 600 of 1000 in, the rest a day late
        ["po", "confirm", "PO-JL-302", "--date", d(-17)],
    ]


def _materials() -> list[list[str]]:
    """Bills of materials (BOM) for the chairs and the table: a trading desk buys the white-body
    furniture from 恒兴, the fittings kit from 明发 and the cartons from 东阳 (the POs above).
    The table's felt pads were never ordered: `today` lists them, `order materials SO-2401`
    says so, and `po add --for SO-2401 --from-bom` would place them."""
    return [
        ["bom", "set", "CH-01", "--part", "CH-01=1", "--part", "HW-KIT=1", "--part", "CTN-CH01=1",
         "--supplier", "CH-01=HX", "--supplier", "HW-KIT=MF", "--supplier", "CTN-CH01=DY"],
        ["bom", "set", "TB-02", "--part", "TB-02=1", "--part", "HW-KIT=1", "--part", "CTN-TB02=1", "--part", "FELT-01=4",
         "--supplier", "TB-02=HX", "--supplier", "HW-KIT=MF", "--supplier", "CTN-TB02=DY",
         "--supplier", "FELT-01=MF"],
        ["bom", "set", "CH-02", "--part", "CH-02=1", "--part", "HW-KIT=1", "--part", "CTN-CH02=0.25",
         "--supplier", "CH-02=HX", "--supplier", "HW-KIT=MF", "--supplier", "CTN-CH02=DY"],
    ]


def _production(d) -> list[list[str]]:
    """Two orders in production with two weeks of daily reports (生产日报), Sundays off:
    SO-2402's sofa frames on plan (the fabric is still to come, so nothing is packed yet);
    SO-2401's chairs behind since the fittings from 明发 came late and partly rusted."""
    steps = [
        ["order", "plan", "SO-2401", "--start", d(-14), "--finish", d(4), "--factory", "恒兴木业",
         "--reason", "chairs and tables in one run"],
        ["order", "plan", "SO-2402", "--start", d(-13), "--daily", "7", "--factory", "明发外协"],
    ]
    # SO-2401, per working day: made so far, and the cause and note where it fell short
    chairs = [(47,), (94,), (141,), (188,), (234,), (281,), (328,), (375,),
              (390, "material", "五金配件未到齐，组装线停了一条"), (402, "material", "等明发五金补货"),
              (430, "material", "部分配件到货，一条线开工"), (470, "material", "60 套配件生锈退回，等补货")]
    # SO-2402: seven frames a day
    sofas = [7, 14, 21, 29, 35, 42, 49, 56, 63, 71, 77, 84]
    day = {"SO-2401": 0, "SO-2402": 0}
    for n in range(14, 0, -1):
        when = d(-n)
        if date.fromisoformat(when).weekday() == 6:
            continue
        if day["SO-2401"] < len(chairs):
            made, *why = chairs[day["SO-2401"]]
            cause = ["--cause", why[0], "--note", why[1]] if why else []
            steps.append(["progress", "SO-2401", "--produced", str(made), "--date", when, *cause])
            day["SO-2401"] += 1
        if n <= 13 and day["SO-2402"] < len(sofas):
            steps.append(["progress", "SO-2402", "--produced", str(sofas[day["SO-2402"]]), "--date", when])
            day["SO-2402"] += 1
    return steps


def _quality(d) -> list[list[str]]:
    """Inspections at every stage (验货): SO-2403's final is rejected, reworked and passed before its
    chairs come in; SO-2401 passes final on both SKUs before it ships; 明发's fittings fail incoming
    inspection and the rest of the lot is accepted by concession (让步接受) while 60 rusted sets go
    back. Left for `inspect due`: PO-HX-101's chairs not yet inspected, SO-2402 one inline report
    short, SO-2404 in production without PPS or first article."""
    li = ["--inspector", "Li Wei"]
    return [
        ["inspect", "log", "PO-MF-200", "--stage", "incoming", "--major", "0", "--minor", "2", "--date", d(-21), *li],
        ["inspect", "log", "SO-2403", "--stage", "pps", "--result", "pass", "--date", d(-50), *li,
         "--note", "golden sample signed by Jane Miller"],
        ["inspect", "log", "SO-2403", "--stage", "first-article", "--result", "pass", "--date", d(-42), *li],
        ["inspect", "log", "SO-2403", "--stage", "inline", "--result", "pass", "--packed", "30", "--date", d(-30), *li],
        ["inspect", "log", "SO-2403", "--stage", "inline", "--result", "pass", "--packed", "85", "--date", d(-22), *li],
        ["inspect", "log", "SO-2403", "--stage", "final", "--major", "4", "--minor", "2", "--date", d(-14), *li,
         "--note", "glue marks on seat rails; 恒兴 reworks the lot"],
        ["inspect", "log", "SO-2403", "--stage", "final", "--major", "1", "--minor", "3", "--date", d(-11), *li,
         "--note", "re-inspection after rework"],
        ["inspect", "log", "PO-HX-100", "--stage", "incoming", "--major", "1", "--minor", "2", "--date", d(-10), *li],
        ["inspect", "log", "SO-2402", "--stage", "pps", "--result", "pass", "--date", d(-20), "--inspector", "Zhou"],
        ["inspect", "log", "SO-2402", "--stage", "first-article", "--result", "pass", "--date", d(-11),
         "--inspector", "Zhou"],
        ["inspect", "log", "SO-2402", "--stage", "inline", "--result", "pass", "--date", d(-5), "--inspector", "Zhou"],
        ["inspect", "log", "SO-2401", "--stage", "pps", "--result", "pass", "--date", d(-25), *li],
        ["inspect", "log", "SO-2401", "--stage", "first-article", "--sku", "CH-01", "--result", "fail",
         "--date", d(-13), *li, "--note", "seat height 5 mm low"],
        ["inspect", "log", "SO-2401", "--stage", "first-article", "--sku", "CH-01", "--result", "pass",
         "--date", d(-12), *li],
        ["inspect", "log", "SO-2401", "--stage", "first-article", "--sku", "TB-02", "--result", "pass",
         "--date", d(-12), *li],
        ["inspect", "log", "SO-2401", "--stage", "inline", "--result", "pass", "--date", d(-9), *li],
        ["inspect", "log", "SO-2401", "--stage", "inline", "--result", "pass", "--date", d(-6), *li],
        ["inspect", "log", "SO-2401", "--stage", "final", "--sku", "CH-01", "--major", "2", "--minor", "4",
         "--date", d(-5), *li],
        ["inspect", "log", "SO-2401", "--stage", "final", "--sku", "TB-02", "--major", "0", "--minor", "1",
         "--date", d(-5), *li],
        ["inspect", "log", "PO-MF-201", "--stage", "incoming", "--major", "7", "--minor", "3", "--date", d(-2), *li,
         "--note", "rusted screws in 7 of 80 sets sampled"],
        ["inspect", "log", "PO-MF-201", "--stage", "incoming", "--waive", "--reason",
         "60 rusted sets returned for replacement; the rest accepted to keep the assembly line running"],
    ]


def _samples(d) -> list[list[str]]:
    """Samples (样品): LEON approves SO-2404's beech chair pps sample, which approves that SKU's
    pps stage and is sealed (封样) in the sample room; ACME's shipping sample (船样) of SO-2401
    went out yesterday and awaits feedback; 佳丽's cushion pps sample for SO-2405 is two days
    late at the factory (the morning report and JL's chase message name it)."""
    return [
        ["sample", "add", "S-2404-01", "--order", "SO-2404", "--sku", "CH-02", "--kind", "pps", "--supplier", "HX",
         "--due", d(-4), "--date", d(-9), "--note", "beech, natural lacquer"],
        ["sample", "receive", "S-2404-01", "--date", d(-4)],
        ["sample", "send", "S-2404-01", "--courier", "DHL", "--awb", "5830229144", "--date", d(-3)],
        ["sample", "feedback", "S-2404-01", "--approved", "--date", d(-1),
         "--note", "colour and seat height OK, go ahead (Marco Leone)"],
        ["sample", "seal", "S-2404-01", "--location", "样品间 A-3 (sample room shelf A-3)", "--date", d(-1)],
        ["sample", "add", "S-2401-09", "--order", "SO-2401", "--sku", "CH-01", "--kind", "shipping",
         "--supplier", "HX", "--qty", "2", "--due", d(-2), "--date", d(-6)],
        ["sample", "receive", "S-2401-09", "--date", d(-2)],
        ["sample", "send", "S-2401-09", "--courier", "SF", "--awb", "SF1409223188", "--date", d(-1)],
        ["sample", "add", "S-2405-01", "--order", "SO-2405", "--sku", "CUSH-01", "--kind", "pps", "--supplier", "JL",
         "--due", d(-2), "--date", d(-8), "--note", "grey piping, YKK zip"],
    ]


def _shipping(d) -> list[list[str]]:
    """Deposits in; SO-2401's first 300 chairs inspected, paid for and shipped in two containers,
    the rest blocked by its unpaid balance; SO-2403 (late) forced out with its balance unpaid;
    HX paid for PO-HX-100. LEON's deposit is left missing for the morning report."""
    return _deposits(d) + _two_containers(d) + _forced(d)


def _deposits(d) -> list[list[str]]:
    return [
        ["pay", "in", "ACME", "--amount", "1665.00", "--order", "SO-2403", "--date", d(-55), "--ref", "TT 30% deposit"],
        ["pay", "in", "ACME", "--amount", "5355.00", "--order", "SO-2401", "--date", d(-35), "--ref", "TT 30% deposit"],
        ["pay", "out", "HX", "--amount", "18000.00", "--po", "PO-HX-100", "--date", d(-5), "--ref", "TT in full"],
    ]


def _two_containers(d) -> list[list[str]]:
    """The first 300 chairs of SO-2401 (final inspection passed in `_quality`): ACME pays for them
    (5550.00 − the 5355.00 deposit) and they leave in two containers on one B/L. The next 300
    chairs are blocked by the unpaid balance: 'gendan ship --check SO-2401 --item CH-01=300'."""
    return [
        ["pay", "in", "ACME", "--amount", "195.00", "--order", "SO-2401", "--date", d(-3),
         "--ref", "TT balance for the first 300 chairs"],
        ["ship", "SO-2401", "--item", "CH-01=180", "--container", "TGHU8812348", "--seal", "CN2718801",
         "--bl", "COSU6234518852", "--vessel", "COSCO ARIES 045E", "--date", d(-2), *_route(d)],
        ["ship", "SO-2401", "--item", "CH-01=120", "--container", "MSCU7022158", "--seal", "CN2718802",
         "--bl", "COSU6234518852", "--vessel", "COSCO ARIES 045E", "--date", d(-2), *_route(d)],
        ["ship", "bl", "SH-00001", "--copy-sent", "--date", d(-1)],
    ]


def _route(d) -> list[str]:
    """Ningbo to Los Angeles by sea, as ACME's dining sets go: what the documents print."""
    return ["--etd", d(-1), "--pol", "Ningbo", "--pod", "Los Angeles", "--mode", "sea", "--container-type", "20GP"]


def _forced(d) -> list[list[str]]:
    """SO-2403 is late and its balance (3885.00) unpaid: the boss lets it sail against the B/L copy,
    and the original B/L stays with us until the balance arrives ('gendan ship bl SH-00003 --released'
    is refused until then). SO-2401's first 300 chairs are paid for: their B/L is on the morning
    report's list to release."""
    return [
        ["ship", "SO-2403", "--item", "CH-01=300", "--container", "TCLU4109282", "--seal", "CN2718830",
         "--bl", "COSU6234518870", "--vessel", "COSCO ARIES 045E", "--date", d(-1), "--force", "--reason",
         "late order: ACME (Jane Miller) will pay the balance against the B/L copy; approved by Mr. Zhang",
         *_route(d)],
        ["ship", "bl", "SH-00003", "--copy-sent", "--date", d(0)],
    ]


def _reconcile(d) -> list[list[str]]:
    """A month of payments to suppliers. With the HX deliveries of gendan/examples/receipts.csv
    (GRN-1031 on PO-HX-100 ten days ago, GRN-1106 on PO-HX-101 three days ago) and the payment
    for PO-HX-100 in `_shipping`, they make HX's own statement, examples/statement-HX.csv,
    disagree in every way: HX bills PO-HX-100 at last year's price, has not yet listed
    GRN-1106, and adds a sample charge we never agreed.
    Try: gendan reconcile supplier HX --statement examples/statement-HX.csv"""
    return [
        ["pay", "out", "HX", "--amount", "7440.00", "--po", "PO-HX-101", "--date", d(-30), "--ref", "TT-HX-1021"],
        ["pay", "out", "MF", "--amount", "930.00", "--po", "PO-MF-200", "--date", d(-15), "--ref", "TT-MF-1105"],
    ]


def _aftersales(d) -> list[list[str]]:
    """After-sales (客诉/补件) on SO-2390, last season's 50 chairs for ACME (paid, inspected,
    shipped seven weeks ago): 4 chairs scratched in crushed cartons are credited to ACME
    (CN- in ACME's statement) and charged back to the carton maker DY (DN-), and the complaint
    closed; 6 chairs with cracked back rails are replaced by 恒兴 on a PO placed for the complaint,
    re-promised later than the replacement can take, so it is chased as at risk and the
    complaint, open for over 30 days, is in the morning report."""
    return [
        ["order", "add", "SO-2390", "--customer", "ACME", "--ordered", d(-100), "--due", d(-45),
         "--item", "CH-01=50@18.50"],
        ["pay", "in", "ACME", "--amount", "925.00", "--order", "SO-2390", "--date", d(-55), "--ref", "TT in full"],
        ["inspect", "log", "SO-2390", "--stage", "final", "--major", "0", "--date", d(-52), "--inspector", "Li Wei"],
        ["ship", "SO-2390", "--item", "CH-01=50", "--date", d(-50), "--container", "TGHU8812348"],
        ["complaint", "add", "C-2610-02", "--customer", "ACME", "--kind", "packing", "--order", "SO-2390",
         "--sku", "CH-01", "--qty", "4", "--supplier", "DY", "--received", d(-40),
         "--desc", "2 cartons crushed, 4 chairs scratched"],
        ["complaint", "reply", "C-2610-02", "--date", d(-39), "--note", "credit on the next invoice, photos received"],
        ["complaint", "action", "C-2610-02", "--credit", "74.00", "--date", d(-38)],
        ["complaint", "action", "C-2610-02", "--chargeback", "150.00", "--date", d(-37)],
        ["complaint", "close", "C-2610-02", "--cause", "packing", "--date", d(-36),
         "--note", "4 chairs credited; 东阳 charged for cartons below the 5-ply spec"],
        ["complaint", "add", "C-2610-01", "--customer", "ACME", "--kind", "quality", "--order", "SO-2390",
         "--sku", "CH-01", "--qty", "6", "--supplier", "HX", "--received", d(-33),
         "--desc", "6 chairs with cracked back rails"],
        ["complaint", "reply", "C-2610-01", "--date", d(-32), "--note", "6 replacement chairs from 恒兴, sent by air"],
        ["complaint", "action", "C-2610-01", "--replace", "CH-01=6", "--due", d(-2), "--date", d(-30)],
        ["po", "confirm", "C-2610-01-R1", "--date", d(-29), "--promised", d(-2)],
        ["po", "chase", "C-2610-01-R1", "--via", "phone", "--date", d(-3), "--promised", d(2),
         "--note", "补件 6 张，椅背料重新备，下周交"],
    ]
