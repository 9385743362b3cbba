"""The demo: a realistic month of a furniture exporter's merchandiser, entered through the
same commands a user types, with dates relative to today so the report always has news."""
from datetime import date, timedelta
from pathlib import Path

from gendan.errors import GendanError


def run(*args: str) -> None:
    """Run one gendan command in-process, as a user would type it; stop on any refusal."""
    from gendan.cli import app
    from typer.main import get_command
    code = get_command(app).main(args=list(args), standalone_mode=False)
    if code:
        raise GendanError(f"demo step failed: gendan {' '.join(args)}")


def build(path: str, today: date) -> None:
    """Write the demo into a new (or empty) database at `path`."""
    if Path(path).exists() and Path(path).stat().st_size > 0:
        raise GendanError(f"{path} already exists (remove it, or give 'gendan demo --db NEW.db')")
    d = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
    db = ("--db", path, "--today", today.isoformat())
    for args in _parties():
        run(*db, *args)
    for args in _orders(d):
        run(*db, *args)
    for args in _purchasing(d):
        run(*db, *args)
    for args in _production(d):
        run(*db, *args)
    for args in _quality(d):
        run(*db, *args)
    for args in _shipping(d):
        run(*db, *args)
    for args in _reconcile(d):
        run(*db, *args)


def show(path: str) -> None:
    """Print what the demo shows best: the open orders, most urgent first."""
    run("--db", path, "order", "list")


def _parties() -> list[list[str]]:
    return [
        ["customer", "add", "ACME", "--name", "Acme Home Furnishings Inc.", "--currency", "USD", "--deposit", "30",
         "--contact", "Jane Miller", "--email", "jane@acme-home.example"],
        ["customer", "add", "NORD", "--name", "Nordhaus Möbel GmbH", "--currency", "EUR", "--deposit", "0",
         "--no-balance-before-ship", "--credit-days", "45", "--contact", "Lars Vogel"],
        ["customer", "add", "LEON", "--name", "利昂家居贸易(香港)有限公司", "--currency", "USD", "--deposit", "20",
         "--contact", "陈先生", "--phone", "+852 2345 6789"],
        ["supplier", "add", "HX", "--name", "恒兴木业有限公司", "--currency", "CNY", "--credit-days", "30",
         "--lead-days", "25", "--contact", "王经理", "--phone", "138 0571 2233"],
        ["supplier", "add", "MF", "--name", "明发五金厂", "--currency", "CNY", "--credit-days", "30",
         "--lead-days", "15", "--contact", "李厂长", "--phone", "139 2288 7766"],
        ["supplier", "add", "JL", "--name", "佳丽布艺", "--currency", "CNY", "--lead-days", "20",
         "--contact", "赵小姐", "--phone", "137 1122 3344"],
        ["supplier", "add", "DY", "--name", "Dongyang Packaging Co.", "--currency", "CNY", "--lead-days", "7",
         "--contact", "Mr. Chen", "--phone", "0579 8666 1234"],
    ]


def _orders(d) -> list[list[str]]:
    return [
        ["order", "add", "SO-2401", "--customer", "ACME", "--ordered", d(-40), "--due", d(12),
         "--item", "CH-01=600@18.50", "--item", "TB-02=150@45.00", "--note", "Oak dining set, 40HQ"],
        ["order", "add", "SO-2402", "--customer", "NORD", "--ordered", d(-30), "--due", d(30),
         "--item", "SF-10=200@129.90", "--currency", "EUR"],
        ["order", "add", "SO-2403", "--customer", "ACME", "--ordered", d(-60), "--due", d(-2),
         "--item", "CH-01=300@18.50"],
        ["order", "add", "SO-2404", "--customer", "LEON", "--ordered", d(-10), "--due", d(55),
         "--item", "实木书柜-BK3=120@86.00", "--item", "CH-02=480@16.25"],
        ["order", "change", "SO-2402", "--due", d(33), "--reason", "Nordhaus moved the booking to the next vessel"],
    ]


def _purchasing(d) -> list[list[str]]:
    """POs for the demo orders, with confirmations, re-promises, partial and rejected receipts
    and chases, so that the chase list shows every reason."""
    return [
        # history: delivered, one late against its promise (for `supplier score`)
        ["po", "add", "PO-HX-100", "--supplier", "HX", "--for", "SO-2403", "--ordered", d(-55), "--due", d(-15),
         "--item", "CH-01=300@60.00"],
        ["po", "confirm", "PO-HX-100", "--date", d(-54), "--promised", d(-12)],
        ["po", "receive", "PO-HX-100", "--item", "CH-01=300", "--date", d(-10)],
        ["po", "add", "PO-MF-200", "--supplier", "MF", "--for", "SO-2403", "--ordered", d(-50), "--due", d(-20),
         "--item", "HW-KIT=300@3.10"],
        ["po", "confirm", "PO-MF-200", "--date", d(-49)],
        ["po", "receive", "PO-MF-200", "--item", "HW-KIT=300", "--date", d(-21)],
        # overdue: 400 of 600 chairs in, the rest promised for three days ago
        ["po", "add", "PO-HX-101", "--supplier", "HX", "--for", "SO-2401", "--ordered", d(-38), "--due", d(-4),
         "--item", "CH-01=600@62.00"],
        ["po", "confirm", "PO-HX-101", "--date", d(-36), "--promised", d(-3)],
        ["po", "receive", "PO-HX-101", "--item", "CH-01=400", "--date", d(-3)],
        ["po", "chase", "PO-HX-101", "--via", "phone", "--date", d(-1), "--note", "王经理说剩余200张周一发"],
        # re-promised later than SO-2401 can take (due in 12 days, 7 days' buffer)
        ["po", "add", "PO-HX-102", "--supplier", "HX", "--for", "SO-2401", "--ordered", d(-38), "--due", d(0),
         "--item", "TB-02=150@210.00"],
        ["po", "confirm", "PO-HX-102", "--date", d(-36), "--promised", d(2)],
        ["po", "chase", "PO-HX-102", "--via", "wechat", "--date", d(-2), "--promised", d(8),
         "--note", "桌面油漆返工，推迟一周"],
        # all fittings arrived but 60 rusted: overdue until replaced; chased this morning, so it sinks
        ["po", "add", "PO-MF-201", "--supplier", "MF", "--for", "SO-2401", "--ordered", d(-20), "--due", d(-2),
         "--item", "HW-KIT=750@3.20"],
        ["po", "confirm", "PO-MF-201", "--date", d(-19)],
        ["po", "receive", "PO-MF-201", "--item", "HW-KIT=750", "--rejected", "HW-KIT=60", "--date", d(-2),
         "--note", "螺丝生锈 60 套退回"],
        ["po", "chase", "PO-MF-201", "--via", "wechat", "--note", "补货 60 套，李厂长说明天发"],
        # due soon: cartons for SO-2401
        ["po", "add", "PO-DY-401", "--supplier", "DY", "--for", "SO-2401", "--ordered", d(-10), "--due", d(2),
         "--item", "CTN-CH01=600@6.80", "--item", "CTN-TB02=150@12.00"],
        ["po", "confirm", "PO-DY-401", "--date", d(-9)],
        ["po", "add", "PO-DY-400", "--supplier", "DY", "--for", "SO-2401", "--ordered", d(-12), "--due", d(2),
         "--item", "CTN-CH01=600@7.10"],
        ["po", "cancel", "PO-DY-400", "--reason", "placed twice; PO-DY-401 replaces it"],
        # placed five days ago, the countersigned copy has not come back
        ["po", "add", "PO-JL-301", "--supplier", "JL", "--for", "SO-2402", "--ordered", d(-5), "--due", d(14),
         "--item", "FAB-GREY=1200@28.50"],
        # confirmed, on plan: not on the chase list
        ["po", "add", "PO-HX-103", "--supplier", "HX", "--for", "SO-2404", "--ordered", d(-8), "--due", d(30),
         "--item", "实木书柜-BK3=120@380.00"],
        ["po", "confirm", "PO-HX-103", "--date", d(-7), "--promised", d(28)],
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
         "--bl", "COSU6234518852", "--vessel", "COSCO ARIES 045E", "--date", d(-2)],
        ["ship", "SO-2401", "--item", "CH-01=120", "--container", "MSCU7022158", "--seal", "CN2718802",
         "--bl", "COSU6234518852", "--vessel", "COSCO ARIES 045E", "--date", d(-2)],
    ]


def _forced(d) -> list[list[str]]:
    """SO-2403 is late and its balance (3885.00) unpaid: the boss lets it sail against the B/L copy."""
    return [
        ["ship", "SO-2403", "--item", "CH-01=300", "--container", "TCLU4109282", "--seal", "CN2718830",
         "--bl", "COSU6234518870", "--vessel", "COSCO ARIES 045E", "--date", d(-1), "--force", "--reason",
         "late order: ACME (Jane Miller) will pay the balance against the B/L copy; approved by Mr. Zhang"],
    ]


def _reconcile(d) -> list[list[str]]:
    """A month of payments to suppliers. With the HX deliveries of `_purchasing` (PO-HX-100 ten
    days ago, PO-HX-101 three days ago) and the payment for PO-HX-100 in `_shipping`, they make HX's own
    statement, examples/statement-HX.csv, disagree in every way: HX bills PO-HX-100 at last
    year's price, has not yet listed PO-HX-101, and adds a sample charge we never agreed.
    Try: gendan reconcile supplier HX --statement examples/statement-HX.csv"""
    return [
        ["pay", "out", "HX", "--amount", "7440.00", "--po", "PO-HX-101", "--date", d(-30), "--ref", "TT-HX-1021"],
        ["pay", "out", "MF", "--amount", "930.00", "--po", "PO-MF-200", "--date", d(-15), "--ref", "TT-MF-1105"],
    ]
