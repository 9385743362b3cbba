"""Append-only schema history. Never edit a step that has shipped: add mNNN_what_changed.

Each step is a list of SQL statements applied with sqlite-utils `Migrations`, every step in
its own transaction. sqlite-utils is imported only when a step is pending, so the hot
commands do not pay for it (it costs ~120 ms to import).
"""

MIGRATION_SET = "gendan"

M001_INITIAL = [
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE customers (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        currency TEXT NOT NULL,
        deposit_pct TEXT NOT NULL DEFAULT '0',
        balance_before_ship INTEGER NOT NULL DEFAULT 1,
        credit_days INTEGER NOT NULL DEFAULT 0,
        contact TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE suppliers (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        currency TEXT NOT NULL,
        credit_days INTEGER NOT NULL DEFAULT 0,
        lead_days INTEGER NOT NULL DEFAULT 0,
        contact TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '')""",
    # `closed` is an index flag kept by the store (1 once fully shipped or cancelled) so the
    # daily lists read only open orders; `reconcile check` verifies it against shipments.
    """CREATE TABLE orders (
        order_no TEXT PRIMARY KEY,
        customer TEXT NOT NULL REFERENCES customers(code),
        ordered TEXT NOT NULL,
        due TEXT NOT NULL,
        currency TEXT NOT NULL,
        deposit_pct TEXT NOT NULL,
        balance_before_ship INTEGER NOT NULL,
        credit_days INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        cancelled INTEGER NOT NULL DEFAULT 0,
        closed INTEGER NOT NULL DEFAULT 0)""",
    "CREATE INDEX orders_open_by_due ON orders(due) WHERE closed = 0",
    "CREATE INDEX orders_customer ON orders(customer)",
    """CREATE TABLE order_lines (
        order_no TEXT NOT NULL REFERENCES orders(order_no),
        line INTEGER NOT NULL,
        sku TEXT NOT NULL,
        qty INTEGER NOT NULL CHECK (qty > 0),
        price TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (order_no, line))""",
    """CREATE TABLE pos (
        po_no TEXT PRIMARY KEY,
        supplier TEXT NOT NULL REFERENCES suppliers(code),
        ordered TEXT NOT NULL,
        due TEXT NOT NULL,
        currency TEXT NOT NULL,
        for_order TEXT REFERENCES orders(order_no),
        confirmed TEXT,
        cancelled INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX pos_supplier ON pos(supplier)",
    "CREATE INDEX pos_for_order ON pos(for_order)",
    # `open` is an index flag kept by the store: 1 while accepted < ordered and the PO is not
    # cancelled. The chase list reads the partial index, so closed history costs nothing.
    """CREATE TABLE po_lines (
        po_no TEXT NOT NULL REFERENCES pos(po_no),
        line INTEGER NOT NULL,
        sku TEXT NOT NULL,
        qty INTEGER NOT NULL CHECK (qty > 0),
        price TEXT NOT NULL,
        due TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        open INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (po_no, line))""",
    "CREATE INDEX po_lines_open_by_due ON po_lines(due) WHERE open = 1",
    """CREATE TABLE promises (
        id INTEGER PRIMARY KEY,
        po_no TEXT NOT NULL,
        line INTEGER NOT NULL,
        promised TEXT NOT NULL,
        recorded TEXT NOT NULL,
        source TEXT NOT NULL,
        FOREIGN KEY (po_no, line) REFERENCES po_lines(po_no, line))""",
    "CREATE INDEX promises_by_line ON promises(po_no, line)",
    """CREATE TABLE receipts (
        id INTEGER PRIMARY KEY,
        po_no TEXT NOT NULL,
        line INTEGER NOT NULL,
        qty INTEGER NOT NULL CHECK (qty >= 0),
        rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0 AND rejected <= qty),
        date TEXT NOT NULL,
        ref TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        FOREIGN KEY (po_no, line) REFERENCES po_lines(po_no, line))""",
    "CREATE INDEX receipts_by_line ON receipts(po_no, line)",
    "CREATE INDEX receipts_by_date ON receipts(date)",
    """CREATE TABLE chases (
        id INTEGER PRIMARY KEY,
        po_no TEXT NOT NULL REFERENCES pos(po_no),
        date TEXT NOT NULL,
        via TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        promised TEXT)""",
    "CREATE INDEX chases_by_po ON chases(po_no, date)",
    """CREATE TABLE inspections (
        id INTEGER PRIMARY KEY,
        ref_kind TEXT NOT NULL CHECK (ref_kind IN ('order', 'po')),
        ref TEXT NOT NULL,
        stage TEXT NOT NULL,
        sku TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL,
        lot INTEGER,
        level TEXT NOT NULL DEFAULT '',
        aql TEXT NOT NULL DEFAULT '',
        minor_aql TEXT NOT NULL DEFAULT '',
        severity TEXT NOT NULL DEFAULT '',
        code_letter TEXT NOT NULL DEFAULT '',
        sample_size INTEGER,
        ac INTEGER,
        re INTEGER,
        minor_ac INTEGER,
        minor_re INTEGER,
        critical INTEGER NOT NULL DEFAULT 0,
        major INTEGER NOT NULL DEFAULT 0,
        minor INTEGER NOT NULL DEFAULT 0,
        result TEXT NOT NULL CHECK (result IN ('pass', 'fail')),
        waived INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT '',
        inspector TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        packed_pct TEXT)""",
    "CREATE INDEX inspections_by_ref ON inspections(ref, stage)",
    # A `--resume` after discontinued inspection (ISO 2859-1 clause 9.4), per scope and SKU.
    """CREATE TABLE inspection_resumes (
        id INTEGER PRIMARY KEY,
        scope TEXT NOT NULL,
        sku TEXT NOT NULL,
        date TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE shipments (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL REFERENCES orders(order_no),
        date TEXT NOT NULL,
        container TEXT NOT NULL DEFAULT '',
        seal TEXT NOT NULL DEFAULT '',
        bl TEXT NOT NULL DEFAULT '',
        vessel TEXT NOT NULL DEFAULT '',
        forced INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX shipments_by_order ON shipments(order_no)",
    "CREATE INDEX shipments_by_date ON shipments(date)",
    """CREATE TABLE shipment_lines (
        shipment_id INTEGER NOT NULL REFERENCES shipments(id),
        order_no TEXT NOT NULL,
        line INTEGER NOT NULL,
        qty INTEGER NOT NULL CHECK (qty > 0),
        PRIMARY KEY (shipment_id, line),
        FOREIGN KEY (order_no, line) REFERENCES order_lines(order_no, line))""",
    "CREATE INDEX shipment_lines_by_order ON shipment_lines(order_no, line)",
    """CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        party TEXT NOT NULL,
        amount TEXT NOT NULL,
        currency TEXT NOT NULL,
        date TEXT NOT NULL,
        order_no TEXT REFERENCES orders(order_no),
        po_no TEXT REFERENCES pos(po_no),
        ref TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX payments_by_party ON payments(direction, party, date)",
    "CREATE INDEX payments_by_order ON payments(order_no)",
    "CREATE INDEX payments_by_po ON payments(po_no)",
    """CREATE TABLE production_plans (
        order_no TEXT PRIMARY KEY REFERENCES orders(order_no),
        start TEXT NOT NULL,
        finish TEXT NOT NULL,
        daily INTEGER,
        factory TEXT NOT NULL DEFAULT '',
        workdays TEXT NOT NULL DEFAULT 'mon-sat',
        holidays TEXT NOT NULL DEFAULT '',
        forced INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE progress_reports (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL REFERENCES orders(order_no),
        date TEXT NOT NULL,
        produced INTEGER NOT NULL CHECK (produced >= 0),
        packed INTEGER NOT NULL DEFAULT 0 CHECK (packed >= 0),
        cause TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX progress_by_order ON progress_reports(order_no, date)",
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        command TEXT NOT NULL,
        entity TEXT NOT NULL,
        key TEXT NOT NULL,
        before TEXT,
        after TEXT,
        reason TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX events_by_key ON events(key)",
    "CREATE INDEX events_by_ts ON events(ts)",
]

def _mark(direction_sql: str, party_sql: str) -> str:
    # NOT EXISTS rather than INSERT OR IGNORE: an outer upsert's conflict policy would override
    # the trigger's OR IGNORE (SQLite applies the outer statement's policy inside triggers).
    return ("INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM "
            f"(SELECT {direction_sql} AS d, ({party_sql}) AS p) WHERE p IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p);")


_SUPPLIER_OF = "SELECT supplier FROM pos WHERE po_no = {row}.po_no"
_CUSTOMER_OF = "SELECT customer FROM orders WHERE order_no = {row}.order_no"
# Every change to what an account is made of: (table, event, direction, party query, rows it
# applies to). Payments carry their own direction. m002's triggers mark these parties dirty;
# store.ledger's temporary triggers record what a gendan write changed (to carry cuts forward).
# m002 is built from this list, so it must not change (the schema test would fail): an event
# watched later needs a migration of its own, and a line in store.ledger_cuts.track_changes.
LEDGER_WATCHED = [
    ("receipts", "INSERT", "out", _SUPPLIER_OF, ("NEW",)),
    ("receipts", "UPDATE", "out", _SUPPLIER_OF, ("OLD", "NEW")),
    ("receipts", "DELETE", "out", _SUPPLIER_OF, ("OLD",)),
    ("po_lines", "UPDATE OF price", "out", _SUPPLIER_OF, ("NEW",)),
    ("pos", "UPDATE OF supplier, currency", "out", "SELECT {row}.supplier", ("OLD", "NEW")),
    ("shipment_lines", "INSERT", "in", _CUSTOMER_OF, ("NEW",)),
    ("shipment_lines", "UPDATE", "in", _CUSTOMER_OF, ("OLD", "NEW")),
    ("shipment_lines", "DELETE", "in", _CUSTOMER_OF, ("OLD",)),
    ("shipments", "UPDATE OF date, order_no", "in", _CUSTOMER_OF, ("OLD", "NEW")),
    ("shipments", "DELETE", "in", _CUSTOMER_OF, ("OLD",)),
    ("orders", "UPDATE OF customer, currency", "in", "SELECT {row}.customer", ("OLD", "NEW")),
    ("payments", "INSERT", None, "SELECT {row}.party", ("NEW",)),
    ("payments", "UPDATE", None, "SELECT {row}.party", ("OLD", "NEW")),
    ("payments", "DELETE", None, "SELECT {row}.party", ("OLD",)),
]


def _dirty_triggers(watched=None) -> list[str]:
    """Every change to what an account is made of marks the party dirty, whatever code made
    it: receipts and PO prices (suppliers), shipments (customers; a shipment keeps its own
    price, m003), payments (and, from m008, credit and debit notes)."""
    out = []
    for table, event, direction, party, rows in (LEDGER_WATCHED if watched is None else watched):
        name = f"ledger_dirty_{table}_{event.split()[0].lower()}"
        body = []
        for row in rows:
            where = f"{row}.direction" if direction is None else f"'{direction}'"  # payments carry their own
            body.append(_mark(where, party.format(row=row)))
        out.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {' '.join(body)} END")
    return out


# What lets the morning report skip paid history (core.ledger.settled_cut): per party and
# currency, the date through which the account is settled and the sum of the debits up to it.
# An index kept by the store, like po_lines.open: triggers mark a party dirty whenever its
# account changes, every write transaction recomputes dirty parties before it commits, and
# `gendan check` recomputes them all and compares.
M002_LEDGER_CUTS = [
    """CREATE TABLE ledger_cuts (
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        party TEXT NOT NULL,
        currency TEXT NOT NULL,
        through TEXT NOT NULL,
        settled TEXT NOT NULL,
        PRIMARY KEY (direction, party, currency))""",
    """CREATE TABLE ledger_dirty (
        direction TEXT NOT NULL,
        party TEXT NOT NULL,
        PRIMARY KEY (direction, party))""",
    *_dirty_triggers(),
    "INSERT OR IGNORE INTO ledger_dirty SELECT DISTINCT 'out', supplier FROM pos",
    "INSERT OR IGNORE INTO ledger_dirty SELECT DISTINCT 'in', customer FROM orders",
    "INSERT OR IGNORE INTO ledger_dirty SELECT DISTINCT direction, party FROM payments",
]


# A shipment is invoiced at the price of the day it ships: an order changed later must not
# rewrite statements already sent. Older shipments take their order line's current price.
M003_SHIPMENT_PRICE = [
    "ALTER TABLE shipment_lines ADD COLUMN price TEXT",
    """UPDATE shipment_lines SET price = (SELECT ol.price FROM order_lines ol
        WHERE ol.order_no = shipment_lines.order_no AND ol.line = shipment_lines.line)""",
]

# Samples (样品/船样/封样): one row per sample, each step's date filled in as it happens (the
# audit log keeps before → after). `requested` is the business date, so a report for an earlier
# day does not see it; the index on feedback_date finds the samples still awaiting something
# (NULL) without reading answered history.
M009_SAMPLES = [
    """CREATE TABLE samples (
        sample_no TEXT PRIMARY KEY,
        customer TEXT NOT NULL REFERENCES customers(code),
        sku TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('proto', 'pps', 'salesman', 'shipping', 'other')),
        order_no TEXT REFERENCES orders(order_no),
        supplier TEXT REFERENCES suppliers(code),
        qty INTEGER NOT NULL DEFAULT 1 CHECK (qty > 0),
        requested TEXT NOT NULL,
        due TEXT,
        received TEXT,
        sent TEXT,
        courier TEXT NOT NULL DEFAULT '',
        awb TEXT NOT NULL DEFAULT '',
        feedback TEXT CHECK (feedback IN ('approved', 'rejected')),
        feedback_date TEXT,
        comments TEXT NOT NULL DEFAULT '',
        sealed TEXT,
        location TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        CHECK ((feedback IS NULL) = (feedback_date IS NULL)),
        CHECK (sealed IS NULL OR feedback = 'approved'))""",
    "CREATE INDEX samples_by_feedback ON samples(feedback_date)",
    "CREATE INDEX samples_by_order ON samples(order_no, sku)",
    "CREATE INDEX samples_by_sku ON samples(sku)",
    "CREATE INDEX samples_by_customer ON samples(customer)",
]

# Corrections (DESIGN rule 9, nothing is deleted): a payment, receipt, shipment or inspection
# entered by mistake is voided by a record of its own (who, when, why, the business date).
# The voided row stays; its `voided` column carries the void's date, so every read says "in
# force" with one condition per table (store.live) and the ledger shows the reversal on its
# date. The partial indexes let the morning report find voids dated after its day cheaply.
M006_VOIDS = [
    """CREATE TABLE voids (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'receipt', 'shipment', 'inspection')),
        record INTEGER NOT NULL,
        date TEXT NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        ts TEXT NOT NULL,
        UNIQUE (kind, record))""",
    "ALTER TABLE payments ADD COLUMN voided TEXT",
    "ALTER TABLE receipts ADD COLUMN voided TEXT",
    "ALTER TABLE shipments ADD COLUMN voided TEXT",
    "ALTER TABLE inspections ADD COLUMN voided TEXT",
    # `po change` may give a line a new price for what is still to come: goods received before
    # keep the price they came in at (NULL: the line's price, as for every receipt so far).
    "ALTER TABLE receipts ADD COLUMN price TEXT",
    "CREATE INDEX payments_voided ON payments(voided) WHERE voided IS NOT NULL",
    "CREATE INDEX receipts_voided ON receipts(voided) WHERE voided IS NOT NULL",
    "CREATE INDEX shipments_voided ON shipments(voided) WHERE voided IS NOT NULL",
    # m002 watches shipments only for a new date or order: a void changes the account too.
    "CREATE TRIGGER ledger_dirty_shipments_void AFTER UPDATE OF voided ON shipments BEGIN "
    + _mark("'in'", _CUSTOMER_OF.format(row="NEW")) + " END",
]

# The product master (出货资料): packing data per SKU, for packing lists and invoices; and what
# a shipment's documents and its bill of lading need (ETD, ports, mode, container type, the
# B/L's copy-sent / original-received / released dates).
M011_PRODUCTS_DOCUMENTS = [
    """CREATE TABLE products (
        sku TEXT PRIMARY KEY,
        description TEXT NOT NULL DEFAULT '',
        hs TEXT NOT NULL DEFAULT '',
        pack INTEGER CHECK (pack IS NULL OR pack > 0),
        carton_l TEXT, carton_w TEXT, carton_h TEXT,
        nw TEXT, gw TEXT)""",
    "ALTER TABLE shipments ADD COLUMN etd TEXT",
    "ALTER TABLE shipments ADD COLUMN pol TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE shipments ADD COLUMN pod TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE shipments ADD COLUMN mode TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE shipments ADD COLUMN container_type TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE shipments ADD COLUMN bl_copy_sent TEXT",
    "ALTER TABLE shipments ADD COLUMN bl_original_received TEXT",
    "ALTER TABLE shipments ADD COLUMN bl_released TEXT",
    "CREATE INDEX shipments_by_container ON shipments(container) WHERE container != ''",
]

# After-sales (客诉/补件). A complaint's status is derived from its dates (core.aftersales).
# Credit notes to customers (direction 'in', CN-) and debit notes to suppliers ('out', DN-: a
# charge-back) lower the party's balance like a payment: the ledger reads them beside payments,
# so they are watched for the settled cuts as payments are (NOTES_WATCHED). They carry the void
# columns a correction needs. A replacement PO names its complaint (pos.for_order must be an
# order); a replacement shipment names it too and has its own lines, which are not invoiced
# (the statement debits shipment_lines only) and do not count as shipped on the order.
NOTES_WATCHED = [
    ("credit_notes", "INSERT", None, "SELECT {row}.party", ("NEW",)),
    ("credit_notes", "UPDATE", None, "SELECT {row}.party", ("OLD", "NEW")),
    ("credit_notes", "DELETE", None, "SELECT {row}.party", ("OLD",)),
]
M008_COMPLAINTS = [
    """CREATE TABLE complaints (
        complaint_no TEXT PRIMARY KEY,
        customer TEXT NOT NULL REFERENCES customers(code),
        kind TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        order_no TEXT REFERENCES orders(order_no),
        sku TEXT NOT NULL DEFAULT '',
        qty INTEGER CHECK (qty IS NULL OR qty > 0),
        supplier TEXT REFERENCES suppliers(code),
        received TEXT NOT NULL,
        reply_by TEXT NOT NULL,
        replied TEXT,
        reply_note TEXT NOT NULL DEFAULT '',
        due TEXT,
        closed TEXT,
        cause TEXT NOT NULL DEFAULT '',
        close_note TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX complaints_open ON complaints(received) WHERE closed IS NULL",
    "CREATE INDEX complaints_by_received ON complaints(received)",
    """CREATE TABLE credit_notes (
        id INTEGER PRIMARY KEY,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        party TEXT NOT NULL,
        amount TEXT NOT NULL,
        currency TEXT NOT NULL,
        date TEXT NOT NULL,
        complaint_no TEXT NOT NULL REFERENCES complaints(complaint_no),
        order_no TEXT REFERENCES orders(order_no),
        ref TEXT NOT NULL DEFAULT '',
        voided TEXT,
        void_reason TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX credit_notes_by_party ON credit_notes(direction, party, date)",
    "CREATE INDEX credit_notes_by_complaint ON credit_notes(complaint_no)",
    """CREATE TABLE complaint_actions (
        id INTEGER PRIMARY KEY,
        complaint_no TEXT NOT NULL REFERENCES complaints(complaint_no),
        kind TEXT NOT NULL CHECK (kind IN ('replace', 'rework', 'credit', 'chargeback')),
        date TEXT NOT NULL,
        sku TEXT NOT NULL DEFAULT '',
        qty INTEGER CHECK (qty IS NULL OR qty > 0),
        po_no TEXT REFERENCES pos(po_no),
        note TEXT NOT NULL DEFAULT '',
        credit_note INTEGER REFERENCES credit_notes(id))""",
    "CREATE INDEX complaint_actions_by_complaint ON complaint_actions(complaint_no)",
    "ALTER TABLE pos ADD COLUMN complaint TEXT REFERENCES complaints(complaint_no)",
    "CREATE INDEX pos_by_complaint ON pos(complaint) WHERE complaint IS NOT NULL",
    "ALTER TABLE shipments ADD COLUMN complaint TEXT REFERENCES complaints(complaint_no)",
    "CREATE INDEX shipments_by_complaint ON shipments(complaint) WHERE complaint IS NOT NULL",
    """CREATE TABLE replacement_lines (
        shipment_id INTEGER NOT NULL REFERENCES shipments(id),
        line INTEGER NOT NULL,
        sku TEXT NOT NULL,
        qty INTEGER NOT NULL CHECK (qty > 0),
        PRIMARY KEY (shipment_id, line))""",
    *_dirty_triggers(NOTES_WATCHED),
]

# Bills of materials (BOM): per product SKU a scrap allowance (percent, exact decimal text)
# and its parts, each with its quantity per piece (exact decimal text), its usual supplier and
# its place in the list. What an order needs is computed from these and the order's lines
# (core.materials), never stored. The index by part finds the products that use a part.
M013_BOMS = [
    """CREATE TABLE boms (
        sku TEXT PRIMARY KEY,
        scrap_pct TEXT NOT NULL DEFAULT '0')""",
    """CREATE TABLE bom_parts (
        sku TEXT NOT NULL REFERENCES boms(sku),
        seq INTEGER NOT NULL,
        part TEXT NOT NULL,
        qty_per TEXT NOT NULL,
        supplier TEXT REFERENCES suppliers(code),
        PRIMARY KEY (sku, part))""",
    "CREATE INDEX bom_parts_by_part ON bom_parts(part)",
]

# A supplier's recent receipts without reading the rest: a write's settled cut (store.ledger_cuts)
# reads the receipts dated after the supplier's last settled day. The date index carries each
# receipt's PO and the supplier index each PO's number, so the other suppliers' receipts are
# passed over in the indexes alone; with a million receipts in history reading them row by row
# made `po receive` 1.7x slower (issue 21). The same names, so plans that use them read the same.
M007_RECENT_RECEIPTS = [
    "DROP INDEX receipts_by_date",
    "CREATE INDEX receipts_by_date ON receipts(date, po_no)",
    "DROP INDEX pos_supplier",
    "CREATE INDEX pos_supplier ON pos(supplier, po_no)",
]

# Issue 17: the facts behind the daily views. An incoming or final record keeps the minor
# defects' own sample size (AQL 4.0 can need a larger sample than the majors'); `inspect skip`
# records a stage an order does not need; `holiday add` records factory shutdowns (春节放假)
# that production plans skip beside the public holidays.
M004_TRUTH = [
    "ALTER TABLE inspections ADD COLUMN minor_sample_size INTEGER",
    """CREATE TABLE inspection_skips (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL REFERENCES orders(order_no),
        stage TEXT NOT NULL CHECK (stage IN ('pps', 'first-article', 'inline')),
        sku TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL,
        reason TEXT NOT NULL)""",
    "CREATE INDEX inspection_skips_by_order ON inspection_skips(order_no)",
    """CREATE TABLE shutdowns (
        id INTEGER PRIMARY KEY,
        first TEXT NOT NULL,
        last TEXT NOT NULL,
        factory TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        CHECK (last >= first))""",
]

# Issue 24: the boss's reports read a day or a period by the date each document carries
# (`report daily`, `report sales|purchases|month`): indexes for them, so a month's report on
# years of history reads the month, not the history.
M010_REPORT_DATES = [
    "CREATE INDEX orders_by_ordered ON orders(ordered)",
    "CREATE INDEX pos_by_ordered ON pos(ordered)",
    "CREATE INDEX payments_by_date ON payments(date)",
    "CREATE INDEX progress_by_date ON progress_reports(date)",
    "CREATE INDEX chases_by_date ON chases(date)",
    "CREATE INDEX inspections_by_date ON inspections(date)",
]

# Rule 8, as of a date: every record has its business date, so a report for a past day reads
# as that day did. Documents already carry theirs (orders and POs `ordered`, promises
# `recorded`, receipts, chases, inspections, progress, shipments, payments `date`); what they
# lacked gets a column, filled from the best evidence there is (voided documents, m006, left out):
# - events.day: the business date of what the event records (its document's date, else the
#   `--today` of the command); old events take their document's date from their JSON, else
#   the day of their wall-clock time `ts` (kept as it was);
# - orders/pos.cancelled_on: the day of the cancelling event, else the day it was placed;
# - po_lines/orders.closed_on: the day a line stopped being open (its receipts accepted the
#   whole quantity, or its PO was cancelled) and an order closed (every line shipped, or
#   cancelled): index columns beside `open`/`closed`, so a past day's list reads what was
#   open then from two partial indexes instead of the whole history;
# - production_plans.planned: the day of the plan's event, or its start if that is earlier.
_EVENT_DAY = """COALESCE(CASE WHEN json_valid(after) THEN COALESCE(
        json_extract(after, '$.date'), json_extract(after, '$.confirmed'),
        CASE WHEN before IS NULL THEN json_extract(after, '$.ordered') END,
        (SELECT MAX(json_extract(value, '$.date')) FROM json_each(after, '$.receipts'))) END,
    substr(ts, 1, 10))"""
_LINE_DONE = """(SELECT MIN(d) FROM (SELECT r.date AS d,
        SUM(r.qty - r.rejected) OVER (ORDER BY r.date, r.id) AS got FROM receipts r
        WHERE r.po_no = po_lines.po_no AND r.line = po_lines.line AND r.voided IS NULL) WHERE got >= po_lines.qty)"""
_ORDER_DONE = """(SELECT MAX(done) FROM (SELECT (SELECT MIN(d) FROM (SELECT s.date AS d,
        SUM(sl.qty) OVER (ORDER BY s.date, s.id) AS got FROM shipment_lines sl
        JOIN shipments s ON s.id = sl.shipment_id WHERE sl.order_no = ol.order_no AND sl.line = ol.line
        AND s.voided IS NULL) WHERE got >= ol.qty) AS done FROM order_lines ol WHERE ol.order_no = orders.order_no))"""
M005_BUSINESS_DATES = [
    "ALTER TABLE events ADD COLUMN day TEXT",
    f"UPDATE events SET day = {_EVENT_DAY}",
    "CREATE INDEX events_by_day ON events(day)",
    # an event written by another program without a business date takes its wall-clock day
    """CREATE TRIGGER events_day AFTER INSERT ON events WHEN NEW.day IS NULL
        BEGIN UPDATE events SET day = substr(NEW.ts, 1, 10) WHERE id = NEW.id; END""",
    "ALTER TABLE orders ADD COLUMN cancelled_on TEXT",
    """UPDATE orders SET cancelled_on = COALESCE((SELECT MAX(e.day) FROM events e WHERE e.entity = 'order'
        AND e.key = orders.order_no AND e.before IS NOT NULL AND json_valid(e.after)
        AND json_extract(e.after, '$.cancelled') = 1), ordered) WHERE cancelled = 1""",
    "ALTER TABLE pos ADD COLUMN cancelled_on TEXT",
    """UPDATE pos SET cancelled_on = COALESCE((SELECT MAX(e.day) FROM events e WHERE e.entity = 'po'
        AND e.key = pos.po_no AND e.before IS NOT NULL AND json_valid(e.after)
        AND json_extract(e.after, '$.cancelled') = 1), ordered) WHERE cancelled = 1""",
    "ALTER TABLE po_lines ADD COLUMN closed_on TEXT",
    f"""UPDATE po_lines SET closed_on = (SELECT MIN(x) FROM (SELECT {_LINE_DONE} AS x
        UNION ALL SELECT cancelled_on FROM pos WHERE pos.po_no = po_lines.po_no AND cancelled = 1)) WHERE open = 0""",
    "CREATE INDEX po_lines_closed_after ON po_lines(closed_on) WHERE open = 0",
    "ALTER TABLE orders ADD COLUMN closed_on TEXT",
    f"""UPDATE orders SET closed_on = (SELECT MIN(x) FROM (SELECT {_ORDER_DONE} AS x
        UNION ALL SELECT orders.cancelled_on WHERE orders.cancelled = 1)) WHERE closed = 1""",
    "CREATE INDEX orders_closed_after ON orders(closed_on) WHERE closed = 1",
    "ALTER TABLE production_plans ADD COLUMN planned TEXT",
    # a plan back-filled after its start was in force from its start
    """UPDATE production_plans SET planned = MIN(start, COALESCE((SELECT MAX(e.day) FROM events e
        WHERE e.entity = 'production_plan' AND e.key = production_plans.order_no), start))""",
]

# Issue 17: a payment against an order stays with that order (its advance when it exceeds what
# has shipped); only money on account pays the oldest goods (core.ledger.open_items). A cut
# kept under the old rule may let an order's advance pay older goods: recompute them all
# (every account with entries has a row in ledger_cuts, see m002) at the end of this step.
M014_AGING_BY_ORDER = [
    "INSERT OR IGNORE INTO ledger_dirty SELECT DISTINCT direction, party FROM ledger_cuts",
]

# (name, statements) in the order applied. Append only.
STEPS: list[tuple[str, list[str]]] = [
    ("m001_initial", M001_INITIAL),
    ("m002_ledger_cuts", M002_LEDGER_CUTS),
    ("m003_shipment_price", M003_SHIPMENT_PRICE),
    ("m009_samples", M009_SAMPLES),
    ("m006_voids", M006_VOIDS),
    ("m011_products_documents", M011_PRODUCTS_DOCUMENTS),
    ("m008_complaints", M008_COMPLAINTS),
    ("m013_boms", M013_BOMS),
    ("m007_recent_receipts", M007_RECENT_RECEIPTS),
    ("m004_truth", M004_TRUTH),
    ("m010_report_dates", M010_REPORT_DATES),
    ("m005_business_dates", M005_BUSINESS_DATES),
    ("m014_aging_by_order", M014_AGING_BY_ORDER),
]

NAMES = tuple(name for name, _ in STEPS)


def apply_pending(conn) -> None:
    """Apply every pending step with sqlite-utils Migrations (each in a transaction)."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, statements in STEPS:
        migrations(name=name)(_runner(statements))
    migrations.apply(Database(conn))


def _runner(statements: list[str]):
    def run(db) -> None:
        for sql in statements:
            db.execute(sql)
    return run
