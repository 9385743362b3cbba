"""The chase list (跟催) as it is printed: per-supplier tables, CSV/JSON, ready-to-send messages.
Typer-free, because the quick path (cli/quick.py) runs it as well as `gendan po chase`."""
import sys

from gendan.cli import _common

# What a terminal keeps longest when the chase list does not fit (gendan.terminal).
CHASE_PRIORITY = ["po", "line", "sku", "qty_open", "days_late", "reason", "due", "promised", "for_order",
                  "order_due", "last_chased", "at_risk", "chases", "remark"]
CHASE_FIELDS = ["po", "line", "sku", "supplier", "for_order", "qty_open", "due", "promised", "days_late",
                "last_chased", "chases", "order_due", "at_risk", "reason", "remark"]


def chase_list(window, supplier, exit_code, message, lang, fmt) -> int:
    """Print the chase list; the exit code (1 with --exit-code when a line is overdue)."""
    from gendan.core.purchasing import any_overdue, chase_message, group_by_supplier
    from gendan.store import purchasing
    store = _common.open_db()
    rows = purchasing.chase_list(store, _common.today(), window, supplier)
    if message:
        rows = _with_need_by(store, rows)
        _messages(store, group_by_supplier(rows), lang, chase_message, _late_samples(store, supplier), fmt)
    elif fmt == "table":
        _grouped_table(store, rows, fmt)
    else:
        _common.emit(rows, fmt, CHASE_FIELDS)
    return 1 if exit_code and any_overdue(rows) else 0


def _with_need_by(store, rows: list[dict]) -> list[dict]:
    """Each row with the date its order needs the goods (store.materials.need_by_of): the
    message names the order and that date, so the supplier knows why it matters."""
    from gendan.store.materials import need_by_of
    dates = need_by_of(store, sorted({r["for_order"] for r in rows if r["for_order"]}))
    return [r | {"need_by": dates.get(r["for_order"])} for r in rows]


def _suppliers(store, codes) -> dict:
    from gendan.store.parties import get_supplier
    return {code: get_supplier(store, code) for code in codes}


def _grouped_table(store, rows: list[dict], fmt: str) -> None:
    """One small table per supplier, headed by its name, contact and phone: one call covers them."""
    from gendan.core.purchasing import group_by_supplier
    from gendan.output import print_tables, wants_rich
    if not rows:
        _common.info("nothing to chase")
        return
    groups = group_by_supplier(rows)
    sups = _suppliers(store, [code for code, _ in groups])
    columns = [f for f in CHASE_FIELDS if f != "supplier"]
    titles = []
    for code, _ in groups:
        s = sups[code]
        titles.append("  ".join(x for x in (f"{code} {s.name}", s.contact, s.phone and f"☎ {s.phone}") if x))
    if wants_rich(sys.stdout):   # one layout for every supplier's table, one note of what it left out
        print_tables(list(zip(titles, (g for _, g in groups))), columns, sys.stdout, _style, CHASE_PRIORITY)
        return
    for i, (title, (_, group)) in enumerate(zip(titles, groups)):
        if i:
            print()
        sys.stdout.flush()
        _common.emit(group, fmt, columns, title=title, style=_style)


def _style(row: dict) -> str | None:
    if row["reason"] == "overdue":
        return "red"
    return "yellow" if row["reason"] in ("promise-after-order-due", "due-soon") else None


def _late_samples(store, supplier) -> dict[str, list]:
    """Each supplier's samples past their due date (named in its message), as of today."""
    from gendan.core.samples import late_at_factory
    from gendan.store.samples import due
    items = due(store, _common.today(), supplier)
    return {code: late_at_factory(items, code) for code in sorted({d.supplier for d in items if d.supplier})
            if late_at_factory(items, code)}


MESSAGE_FIELDS = ["supplier", "name", "contact", "phone", "email", "lines", "message"]


def _messages(store, groups, lang: str, compose, samples: dict | None = None, fmt: str = "table") -> None:
    """One text per supplier with open lines to chase or samples late (those after the others);
    in json/jsonl/csv one object per supplier with its contact details and the text
    (`message`), for a script that sends them."""
    from gendan.core.samples import chase_lines
    samples = samples or {}
    groups = list(groups) + [(code, []) for code in samples if code not in {code for code, _ in groups}]
    if not groups:
        _common.info("nothing to chase")
        return
    from gendan.output import visible   # a name is data: its newlines must not forge lines
    sups = _suppliers(store, [code for code, _ in groups])
    if fmt not in ("table", "markdown"):
        _common.emit([{"supplier": code, "name": sups[code].name, "contact": sups[code].contact,
                       "phone": sups[code].phone, "email": sups[code].email, "lines": len(group),
                       "message": compose(sups[code].name, sups[code].contact, group, lang,
                                          chase_lines(samples.get(code, []), lang))}
                      for code, group in groups], fmt, MESSAGE_FIELDS)
        return
    texts = []
    for code, group in groups:
        s = sups[code]
        name, contact, phone, email = (visible(v or "") for v in (s.name, s.contact, s.phone, s.email))
        head = f"== {code} {name}" + (f" ({phone})" if phone else "") + (f" <{email}>" if email else "") + " =="
        texts.append(head + "\n" + compose(name, contact, group, lang, chase_lines(samples.get(code, []), lang)))
    sys.stdout.write("\n\n".join("\n".join(map(visible, t.split("\n"))) for t in texts) + "\n")
