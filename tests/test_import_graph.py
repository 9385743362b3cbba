"""The import graph of gendan/: no circles, and every arrow in the layer direction of
DESIGN.md (cli → core, store, output, errors; store → core, errors; core → stdlib, dateutil,
errors; output → terminal, its tables for a terminal; nothing imports cli). Every import counts, the ones inside functions too: a circle
closed by a function-level import is still a circle a reader has to untangle."""
import ast
import sys
from pathlib import Path

import gendan

ROOT = Path(gendan.__file__).parent

# What each part of gendan may import from gendan (besides itself) and from outside it.
ALLOWED = {
    "cli": {"core", "store", "output", "errors", "__init__", "xlsx_out", "xlsx_in"},
    "store": {"core", "errors"},
    "core": {"errors"},
    "output": {"terminal"},   # terminal.py: output's tables fitted to a terminal (rich)
    "terminal": set(),
    "xlsx_out": set(),   # Excel workbooks (XlsxWriter): knows no gendan type
    "xlsx_in": {"errors"},   # a workbook's sheet as rows of text (python-calamine)
    "errors": set(),
    "__init__": set(),
    "__main__": {"cli"},
}
CORE_OUTSIDE = {"dateutil", "holidays"}   # core: the standard library, dateutil, errors; holidays
# for core/workdays.py only (DESIGN: "workdays.py (holidays, shutdowns)"), imported lazily


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in ROOT.rglob("*.py")}


def imports_of(source: str, name: str = "", is_package: bool = False) -> set[str]:
    """Every module `source` imports, at any depth of its code (functions, branches).
    `from a import b` is the module a.b when there is one, else a (b is a name in it)."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                bits = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(bits + ([base] if base else []))
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return found


def graph() -> dict[str, set[str]]:
    """gendan module → the gendan modules it imports."""
    return {name: {m for m in imports_of(path.read_text(encoding="utf-8"), name, path.name == "__init__.py")
                   if m in MODULES and m not in (name, "gendan")}
            for name, path in MODULES.items()}


def part(module: str) -> str:
    """cli, store, core, output, terminal, errors, __init__ or __main__."""
    bits = module.split(".")
    return bits[1] if len(bits) > 1 else "__init__"


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def layer_violations(edges: dict[str, set[str]]) -> list[str]:
    bad = []
    for src, targets in sorted(edges.items()):
        for dst in sorted(targets):
            if part(src) != part(dst) and part(dst) not in ALLOWED[part(src)]:
                bad.append(f"{src} imports {dst}")
    return bad


def outside_core(path: Path) -> list[str]:
    """Imports of a core module from outside the standard library, dateutil and gendan."""
    bad = []
    for imported in imports_of(path.read_text(encoding="utf-8"), module_name(path), path.name == "__init__.py"):
        top = imported.split(".")[0]
        if top and top != "gendan" and top not in sys.stdlib_module_names and top not in CORE_OUTSIDE:
            bad.append(f"{module_name(path)} imports {imported}")
    return bad


def test_no_circles():
    found = circles(graph())
    assert not found, "import circles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_imports_follow_the_layers():
    assert layer_violations(graph()) == []


def test_core_uses_only_the_standard_library_and_dateutil():
    bad = [b for p in sorted((ROOT / "core").rglob("*.py")) for b in outside_core(p)]
    assert bad == []


def test_the_checker_sees_imports_inside_functions():
    """The parser counts a function-level import, the circle finder reports a circle, and an
    arrow against the layers is named."""
    code = "def f():\n    from gendan.store import orders\n    import gendan.core.money\n"
    assert imports_of(code) == {"gendan.store.orders", "gendan.core.money"}
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer_violations({"gendan.core.x": {"gendan.store.y"}, "gendan.store.y": {"gendan.cli.z"}}) == [
        "gendan.core.x imports gendan.store.y", "gendan.store.y imports gendan.cli.z"]
