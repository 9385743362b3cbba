"""The chase list (跟催) as it is printed: per-supplier tables, CSV/JSON, ready-to-send messages.
Typer-free, because the quick path (cli/quick.py) runs it as well as `gendan po chase`."""
import sys

from gendan.cli import _common

CHASE_FIELDS = ["po", "line", "sku", "supplier", "for_order", "qty_open", "due", "promised", "days_late",
                "last_chased", "chases", "order_due", "at_risk", "reason", "remark"]


def chase_list(window, supplier, exit_code, message, lang, fmt) -> int:
    """Print the chase list; the exit code (1 with --exit-code when a line is overdue)."""
    from gendan.core.purchasing import any_overdue, chase_message, group_by_supplier
    from gendan.store import purchasing
    store = _common.open_db()
    rows = purchasing.chase_list(store, _common.today(), window, supplier)
    if message:
        _messages(store, group_by_supplier(rows), lang, chase_message, _late_samples(store, supplier))
    elif fmt == "table":
        _grouped_table(store, rows, fmt)
    else:
        _common.emit(rows, fmt, CHASE_FIELDS)
    return 1 if exit_code and any_overdue(rows) else 0


def _suppliers(store, codes) -> dict:
    from gendan.store.parties import get_supplier
    return {code: get_supplier(store, code) for code in codes}


def _grouped_table(store, rows: list[dict], fmt: str) -> None:
    """One small table per supplier, headed by its name, contact and phone: one call covers them."""
    from gendan.core.purchasing import group_by_supplier
    if not rows:
        _common.info("nothing to chase")
        return
    groups = group_by_supplier(rows)
    sups = _suppliers(store, [code for code, _ in groups])
    columns = [f for f in CHASE_FIELDS if f != "supplier"]
    for i, (code, group) in enumerate(groups):
        s = sups[code]
        title = "  ".join(x for x in (f"{code} {s.name}", s.contact, s.phone and f"☎ {s.phone}") if x)
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


def _messages(store, groups, lang: str, compose, samples: dict | None = None) -> None:
    """One text per supplier with open lines to chase or samples late (those after the others)."""
    from gendan.core.samples import chase_lines
    samples = samples or {}
    groups = list(groups) + [(code, []) for code in samples if code not in {code for code, _ in groups}]
    if not groups:
        _common.info("nothing to chase")
        return
    from gendan.output import visible   # a name is data: its newlines must not forge lines
    sups = _suppliers(store, [code for code, _ in groups])
    texts = []
    for code, group in groups:
        s = sups[code]
        name, contact, phone, email = (visible(v or "") for v in (s.name, s.contact, s.phone, s.email))
        head = f"== {code} {name}" + (f" ({phone})" if phone else "") + (f" <{email}>" if email else "") + " =="
        texts.append(head + "\n" + compose(name, contact, group, lang, chase_lines(samples.get(code, []), lang)))
    sys.stdout.write("\n\n".join("\n".join(map(visible, t.split("\n"))) for t in texts) + "\n")
