-- index bom_parts_by_part
CREATE INDEX bom_parts_by_part ON bom_parts(part);
-- index chases_by_date
CREATE INDEX chases_by_date ON chases(date);
-- index chases_by_po
CREATE INDEX chases_by_po ON chases(po_no, date);
-- index complaint_actions_by_complaint
CREATE INDEX complaint_actions_by_complaint ON complaint_actions(complaint_no);
-- index complaints_by_received
CREATE INDEX complaints_by_received ON complaints(received);
-- index complaints_open
CREATE INDEX complaints_open ON complaints(received) WHERE closed IS NULL;
-- index credit_notes_by_complaint
CREATE INDEX credit_notes_by_complaint ON credit_notes(complaint_no);
-- index credit_notes_by_party
CREATE INDEX credit_notes_by_party ON credit_notes(direction, party, date);
-- index events_by_day
CREATE INDEX events_by_day ON events(day);
-- index events_by_key
CREATE INDEX events_by_key ON events(key);
-- index events_by_ts
CREATE INDEX events_by_ts ON events(ts);
-- index idx__sqlite_migrations_migration_set_name
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
-- index inspection_skips_by_order
CREATE INDEX inspection_skips_by_order ON inspection_skips(order_no);
-- index inspections_by_date
CREATE INDEX inspections_by_date ON inspections(date);
-- index inspections_by_ref
CREATE INDEX inspections_by_ref ON inspections(ref, stage);
-- index orders_by_ordered
CREATE INDEX orders_by_ordered ON orders(ordered);
-- index orders_closed_after
CREATE INDEX orders_closed_after ON orders(closed_on) WHERE closed = 1;
-- index orders_customer
CREATE INDEX orders_customer ON orders(customer);
-- index orders_open_by_due
CREATE INDEX orders_open_by_due ON orders(due) WHERE closed = 0;
-- index payments_by_date
CREATE INDEX payments_by_date ON payments(date);
-- index payments_by_order
CREATE INDEX payments_by_order ON payments(order_no);
-- index payments_by_party
CREATE INDEX payments_by_party ON payments(direction, party, date);
-- index payments_by_po
CREATE INDEX payments_by_po ON payments(po_no);
-- index payments_voided
CREATE INDEX payments_voided ON payments(voided) WHERE voided IS NOT NULL;
-- index po_lines_closed_after
CREATE INDEX po_lines_closed_after ON po_lines(closed_on) WHERE open = 0;
-- index po_lines_open_by_due
CREATE INDEX po_lines_open_by_due ON po_lines(due) WHERE open = 1;
-- index pos_by_complaint
CREATE INDEX pos_by_complaint ON pos(complaint) WHERE complaint IS NOT NULL;
-- index pos_by_ordered
CREATE INDEX pos_by_ordered ON pos(ordered);
-- index pos_for_order
CREATE INDEX pos_for_order ON pos(for_order);
-- index pos_supplier
CREATE INDEX pos_supplier ON pos(supplier, po_no);
-- index progress_by_date
CREATE INDEX progress_by_date ON progress_reports(date);
-- index progress_by_order
CREATE INDEX progress_by_order ON progress_reports(order_no, date);
-- index promises_by_line
CREATE INDEX promises_by_line ON promises(po_no, line);
-- index receipts_by_date
CREATE INDEX receipts_by_date ON receipts(date, po_no);
-- index receipts_by_line
CREATE INDEX receipts_by_line ON receipts(po_no, line);
-- index receipts_voided
CREATE INDEX receipts_voided ON receipts(voided) WHERE voided IS NOT NULL;
-- index samples_by_customer
CREATE INDEX samples_by_customer ON samples(customer);
-- index samples_by_feedback
CREATE INDEX samples_by_feedback ON samples(feedback_date);
-- index samples_by_order
CREATE INDEX samples_by_order ON samples(order_no, sku);
-- index samples_by_sku
CREATE INDEX samples_by_sku ON samples(sku);
-- index shipment_lines_by_order
CREATE INDEX shipment_lines_by_order ON shipment_lines(order_no, line);
-- index shipments_by_complaint
CREATE INDEX shipments_by_complaint ON shipments(complaint) WHERE complaint IS NOT NULL;
-- index shipments_by_container
CREATE INDEX shipments_by_container ON shipments(container) WHERE container != '';
-- index shipments_by_date
CREATE INDEX shipments_by_date ON shipments(date);
-- index shipments_by_order
CREATE INDEX shipments_by_order ON shipments(order_no);
-- index shipments_voided
CREATE INDEX shipments_voided ON shipments(voided) WHERE voided IS NOT NULL;
-- table _sqlite_migrations
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
-- table bom_parts
CREATE TABLE bom_parts (
        sku TEXT NOT NULL REFERENCES boms(sku),
        seq INTEGER NOT NULL,
        part TEXT NOT NULL,
        qty_per TEXT NOT NULL,
        supplier TEXT REFERENCES suppliers(code),
        PRIMARY KEY (sku, part));
-- table boms
CREATE TABLE boms (
        sku TEXT PRIMARY KEY,
        scrap_pct TEXT NOT NULL DEFAULT '0');
-- table chases
CREATE TABLE chases (
        id INTEGER PRIMARY KEY,
        po_no TEXT NOT NULL REFERENCES pos(po_no),
        date TEXT NOT NULL,
        via TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        promised TEXT);
-- table complaint_actions
CREATE TABLE complaint_actions (
        id INTEGER PRIMARY KEY,
        complaint_no TEXT NOT NULL REFERENCES complaints(complaint_no),
        kind TEXT NOT NULL CHECK (kind IN ('replace', 'rework', 'credit', 'chargeback')),
        date TEXT NOT NULL,
        sku TEXT NOT NULL DEFAULT '',
        qty INTEGER CHECK (qty IS NULL OR qty > 0),
        po_no TEXT REFERENCES pos(po_no),
        note TEXT NOT NULL DEFAULT '',
        credit_note INTEGER REFERENCES credit_notes(id));
-- table complaints
CREATE TABLE complaints (
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
        close_note TEXT NOT NULL DEFAULT '');
-- table credit_notes
CREATE TABLE credit_notes (
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
        void_reason TEXT NOT NULL DEFAULT '');
-- table customers
CREATE TABLE customers (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        currency TEXT NOT NULL,
        deposit_pct TEXT NOT NULL DEFAULT '0',
        balance_before_ship INTEGER NOT NULL DEFAULT 1,
        credit_days INTEGER NOT NULL DEFAULT 0,
        contact TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '');
-- table events
CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        command TEXT NOT NULL,
        entity TEXT NOT NULL,
        key TEXT NOT NULL,
        before TEXT,
        after TEXT,
        reason TEXT NOT NULL DEFAULT '', day TEXT);
-- table inspection_resumes
CREATE TABLE inspection_resumes (
        id INTEGER PRIMARY KEY,
        scope TEXT NOT NULL,
        sku TEXT NOT NULL,
        date TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '');
-- table inspection_skips
CREATE TABLE inspection_skips (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL REFERENCES orders(order_no),
        stage TEXT NOT NULL CHECK (stage IN ('pps', 'first-article', 'inline')),
        sku TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL,
        reason TEXT NOT NULL);
-- table inspections
CREATE TABLE inspections (
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
        packed_pct TEXT, voided TEXT, minor_sample_size INTEGER);
-- table ledger_cuts
CREATE TABLE ledger_cuts (
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        party TEXT NOT NULL,
        currency TEXT NOT NULL,
        through TEXT NOT NULL,
        settled TEXT NOT NULL,
        PRIMARY KEY (direction, party, currency));
-- table ledger_dirty
CREATE TABLE ledger_dirty (
        direction TEXT NOT NULL,
        party TEXT NOT NULL,
        PRIMARY KEY (direction, party));
-- table order_lines
CREATE TABLE order_lines (
        order_no TEXT NOT NULL REFERENCES orders(order_no),
        line INTEGER NOT NULL,
        sku TEXT NOT NULL,
        qty INTEGER NOT NULL CHECK (qty > 0),
        price TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (order_no, line));
-- table orders
CREATE TABLE orders (
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
        closed INTEGER NOT NULL DEFAULT 0, cancelled_on TEXT, closed_on TEXT);
-- table payments
CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        party TEXT NOT NULL,
        amount TEXT NOT NULL,
        currency TEXT NOT NULL,
        date TEXT NOT NULL,
        order_no TEXT REFERENCES orders(order_no),
        po_no TEXT REFERENCES pos(po_no),
        ref TEXT NOT NULL DEFAULT '', voided TEXT);
-- table po_lines
CREATE TABLE po_lines (
        po_no TEXT NOT NULL REFERENCES pos(po_no),
        line INTEGER NOT NULL,
        sku TEXT NOT NULL,
        qty INTEGER NOT NULL CHECK (qty > 0),
        price TEXT NOT NULL,
        due TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        open INTEGER NOT NULL DEFAULT 1, closed_on TEXT,
        PRIMARY KEY (po_no, line));
-- table pos
CREATE TABLE pos (
        po_no TEXT PRIMARY KEY,
        supplier TEXT NOT NULL REFERENCES suppliers(code),
        ordered TEXT NOT NULL,
        due TEXT NOT NULL,
        currency TEXT NOT NULL,
        for_order TEXT REFERENCES orders(order_no),
        confirmed TEXT,
        cancelled INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '', complaint TEXT REFERENCES complaints(complaint_no), cancelled_on TEXT);
-- table production_plans
CREATE TABLE production_plans (
        order_no TEXT PRIMARY KEY REFERENCES orders(order_no),
        start TEXT NOT NULL,
        finish TEXT NOT NULL,
        daily INTEGER,
        factory TEXT NOT NULL DEFAULT '',
        workdays TEXT NOT NULL DEFAULT 'mon-sat',
        holidays TEXT NOT NULL DEFAULT '',
        forced INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT '', planned TEXT);
-- table products
CREATE TABLE products (
        sku TEXT PRIMARY KEY,
        description TEXT NOT NULL DEFAULT '',
        hs TEXT NOT NULL DEFAULT '',
        pack INTEGER CHECK (pack IS NULL OR pack > 0),
        carton_l TEXT, carton_w TEXT, carton_h TEXT,
        nw TEXT, gw TEXT);
-- table progress_reports
CREATE TABLE progress_reports (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL REFERENCES orders(order_no),
        date TEXT NOT NULL,
        produced INTEGER NOT NULL CHECK (produced >= 0),
        packed INTEGER NOT NULL DEFAULT 0 CHECK (packed >= 0),
        cause TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '');
-- table promises
CREATE TABLE promises (
        id INTEGER PRIMARY KEY,
        po_no TEXT NOT NULL,
        line INTEGER NOT NULL,
        promised TEXT NOT NULL,
        recorded TEXT NOT NULL,
        source TEXT NOT NULL,
        FOREIGN KEY (po_no, line) REFERENCES po_lines(po_no, line));
-- table receipts
CREATE TABLE receipts (
        id INTEGER PRIMARY KEY,
        po_no TEXT NOT NULL,
        line INTEGER NOT NULL,
        qty INTEGER NOT NULL CHECK (qty >= 0),
        rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0 AND rejected <= qty),
        date TEXT NOT NULL,
        ref TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '', voided TEXT, price TEXT,
        FOREIGN KEY (po_no, line) REFERENCES po_lines(po_no, line));
-- table replacement_lines
CREATE TABLE replacement_lines (
        shipment_id INTEGER NOT NULL REFERENCES shipments(id),
        line INTEGER NOT NULL,
        sku TEXT NOT NULL,
        qty INTEGER NOT NULL CHECK (qty > 0),
        PRIMARY KEY (shipment_id, line));
-- table samples
CREATE TABLE samples (
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
        CHECK (sealed IS NULL OR feedback = 'approved'));
-- table settings
CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL);
-- table shipment_lines
CREATE TABLE shipment_lines (
        shipment_id INTEGER NOT NULL REFERENCES shipments(id),
        order_no TEXT NOT NULL,
        line INTEGER NOT NULL,
        qty INTEGER NOT NULL CHECK (qty > 0), price TEXT,
        PRIMARY KEY (shipment_id, line),
        FOREIGN KEY (order_no, line) REFERENCES order_lines(order_no, line));
-- table shipments
CREATE TABLE shipments (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL REFERENCES orders(order_no),
        date TEXT NOT NULL,
        container TEXT NOT NULL DEFAULT '',
        seal TEXT NOT NULL DEFAULT '',
        bl TEXT NOT NULL DEFAULT '',
        vessel TEXT NOT NULL DEFAULT '',
        forced INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT '', voided TEXT, etd TEXT, pol TEXT NOT NULL DEFAULT '', pod TEXT NOT NULL DEFAULT '', mode TEXT NOT NULL DEFAULT '', container_type TEXT NOT NULL DEFAULT '', bl_copy_sent TEXT, bl_original_received TEXT, bl_released TEXT, complaint TEXT REFERENCES complaints(complaint_no));
-- table shutdowns
CREATE TABLE shutdowns (
        id INTEGER PRIMARY KEY,
        first TEXT NOT NULL,
        last TEXT NOT NULL,
        factory TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        CHECK (last >= first));
-- table suppliers
CREATE TABLE suppliers (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        currency TEXT NOT NULL,
        credit_days INTEGER NOT NULL DEFAULT 0,
        lead_days INTEGER NOT NULL DEFAULT 0,
        contact TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '');
-- table voids
CREATE TABLE voids (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'receipt', 'shipment', 'inspection')),
        record INTEGER NOT NULL,
        date TEXT NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        ts TEXT NOT NULL,
        UNIQUE (kind, record));
-- trigger events_day
CREATE TRIGGER events_day AFTER INSERT ON events WHEN NEW.day IS NULL
        BEGIN UPDATE events SET day = substr(NEW.ts, 1, 10) WHERE id = NEW.id; END;
-- trigger ledger_dirty_credit_notes_delete
CREATE TRIGGER ledger_dirty_credit_notes_delete AFTER DELETE ON credit_notes BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT OLD.direction AS d, (SELECT OLD.party) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_credit_notes_insert
CREATE TRIGGER ledger_dirty_credit_notes_insert AFTER INSERT ON credit_notes BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT NEW.direction AS d, (SELECT NEW.party) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_credit_notes_update
CREATE TRIGGER ledger_dirty_credit_notes_update AFTER UPDATE ON credit_notes BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT OLD.direction AS d, (SELECT OLD.party) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT NEW.direction AS d, (SELECT NEW.party) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_orders_update
CREATE TRIGGER ledger_dirty_orders_update AFTER UPDATE OF customer, currency ON orders BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT OLD.customer) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT NEW.customer) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_payments_delete
CREATE TRIGGER ledger_dirty_payments_delete AFTER DELETE ON payments BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT OLD.direction AS d, (SELECT OLD.party) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_payments_insert
CREATE TRIGGER ledger_dirty_payments_insert AFTER INSERT ON payments BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT NEW.direction AS d, (SELECT NEW.party) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_payments_update
CREATE TRIGGER ledger_dirty_payments_update AFTER UPDATE ON payments BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT OLD.direction AS d, (SELECT OLD.party) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT NEW.direction AS d, (SELECT NEW.party) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_po_lines_update
CREATE TRIGGER ledger_dirty_po_lines_update AFTER UPDATE OF price ON po_lines BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'out' AS d, (SELECT supplier FROM pos WHERE po_no = NEW.po_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_pos_update
CREATE TRIGGER ledger_dirty_pos_update AFTER UPDATE OF supplier, currency ON pos BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'out' AS d, (SELECT OLD.supplier) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'out' AS d, (SELECT NEW.supplier) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_receipts_delete
CREATE TRIGGER ledger_dirty_receipts_delete AFTER DELETE ON receipts BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'out' AS d, (SELECT supplier FROM pos WHERE po_no = OLD.po_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_receipts_insert
CREATE TRIGGER ledger_dirty_receipts_insert AFTER INSERT ON receipts BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'out' AS d, (SELECT supplier FROM pos WHERE po_no = NEW.po_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_receipts_update
CREATE TRIGGER ledger_dirty_receipts_update AFTER UPDATE ON receipts BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'out' AS d, (SELECT supplier FROM pos WHERE po_no = OLD.po_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'out' AS d, (SELECT supplier FROM pos WHERE po_no = NEW.po_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_shipment_lines_delete
CREATE TRIGGER ledger_dirty_shipment_lines_delete AFTER DELETE ON shipment_lines BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT customer FROM orders WHERE order_no = OLD.order_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_shipment_lines_insert
CREATE TRIGGER ledger_dirty_shipment_lines_insert AFTER INSERT ON shipment_lines BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT customer FROM orders WHERE order_no = NEW.order_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_shipment_lines_update
CREATE TRIGGER ledger_dirty_shipment_lines_update AFTER UPDATE ON shipment_lines BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT customer FROM orders WHERE order_no = OLD.order_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT customer FROM orders WHERE order_no = NEW.order_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_shipments_delete
CREATE TRIGGER ledger_dirty_shipments_delete AFTER DELETE ON shipments BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT customer FROM orders WHERE order_no = OLD.order_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_shipments_update
CREATE TRIGGER ledger_dirty_shipments_update AFTER UPDATE OF date, order_no ON shipments BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT customer FROM orders WHERE order_no = OLD.order_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT customer FROM orders WHERE order_no = NEW.order_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
-- trigger ledger_dirty_shipments_void
CREATE TRIGGER ledger_dirty_shipments_void AFTER UPDATE OF voided ON shipments BEGIN INSERT INTO ledger_dirty (direction, party) SELECT d, p FROM (SELECT 'in' AS d, (SELECT customer FROM orders WHERE order_no = NEW.order_no) AS p) WHERE p IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ledger_dirty x WHERE x.direction = d AND x.party = p); END;
