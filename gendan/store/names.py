"""The names a shell completes (order and PO numbers, party codes, SKUs), read from a database
opened read-only: completing a word must never create, migrate or lock one."""
import sqlite3
from pathlib import Path

# kind → the query of its names starting with a prefix (LIKE is case-insensitive for ASCII)
_QUERIES = {
    "order": "SELECT order_no FROM orders WHERE order_no LIKE ? ESCAPE '\\' ORDER BY order_no",
    "po": "SELECT po_no FROM pos WHERE po_no LIKE ? ESCAPE '\\' ORDER BY po_no",
    "customer": "SELECT code FROM customers WHERE code LIKE ? ESCAPE '\\' ORDER BY code",
    "supplier": "SELECT code FROM suppliers WHERE code LIKE ? ESCAPE '\\' ORDER BY code",
    "sku": ("SELECT sku FROM order_lines WHERE sku LIKE ? ESCAPE '\\' "
            "UNION SELECT sku FROM po_lines WHERE sku LIKE ? ESCAPE '\\' ORDER BY 1"),
}
LIMIT = 200   # a shell shows no more than this usefully


def starting_with(path: Path, kind: str, prefix: str) -> list[str]:
    """The `kind` names in the database at `path` that start with `prefix`; [] when there is
    no database there or it cannot be read (completion stays silent rather than failing)."""
    if not path.is_file():
        return []
    like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    sql = _QUERIES[kind]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
        try:
            rows = conn.execute(sql, (like,) * sql.count("?")).fetchmany(LIMIT)
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    return [r[0] for r in rows]
