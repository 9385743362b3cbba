"""Shell completion (bash, zsh) of order and PO numbers, party codes and SKUs from the
database in use. Only loaded when the shell asks (the _GENDAN_COMPLETE variable is set):
the completers are attached then to the parameters by name, so no command module changes.

Install: `_GENDAN_COMPLETE=source_bash gendan > ~/.gendan-complete.bash` and
`. ~/.gendan-complete.bash` in ~/.bashrc (zsh: source_zsh, and `source` it in ~/.zshrc)."""
import os
from pathlib import Path

VAR = "_GENDAN_COMPLETE"

# An option or argument's name → what it names, whatever the command.
BY_NAME = {"customer": "customer", "supplier": "supplier", "for_": "order", "order": "order",
           "order_filter": "order", "po": "po", "item": "sku", "rejected": "sku", "sku": "sku"}
# Arguments named by their command group: `gendan order show NO`, `po confirm NO`, `customer show CODE`.
BY_GROUP = {"order": "order", "progress": "order", "po": "po", "customer": "customer", "supplier": "supplier",
            "inspect": "order-or-po", "log": "order-or-po"}


def wanted() -> bool:
    return VAR in os.environ


def attach(group) -> None:
    """Typer's completion scripts and parsing (bash, zsh, fish, PowerShell), and a completer on
    every parameter that names an order, a PO, a party or a SKU."""
    from typer._completion_classes import completion_init
    completion_init()
    _walk(group, group.name or "")


def _walk(command, group_name: str) -> None:
    for name, sub in getattr(command, "commands", {}).items():
        _walk(sub, name if hasattr(sub, "commands") else group_name or name)
    for param in command.params:
        kind = BY_NAME.get(param.name or "")
        if kind is None and param.param_type_name == "argument" and param.name in ("no", "code", "ref", "number"):
            kind = BY_GROUP.get(group_name or command.name or "")
        if kind is not None:
            param._custom_shell_complete = _completer(kind)


def _completer(kind: str):
    def complete(ctx, param, incomplete: str):
        from gendan.store.names import starting_with
        path = _db_path(ctx)
        if kind == "sku":       # --item SKU=QTY: complete the SKU and its '='
            return [f"{sku}=" for sku in starting_with(path, "sku", incomplete.partition("=")[0])]
        if kind == "order-or-po":
            return starting_with(path, "order", incomplete) + starting_with(path, "po", incomplete)
        return starting_with(path, kind, incomplete)
    return complete


def _db_path(ctx) -> Path:
    """--db on the line being completed, else GENDAN_DB, else the default database."""
    root = ctx.find_root()
    given = root.params.get("db") if root.params else None
    if given:
        return Path(given).expanduser()
    if os.environ.get("GENDAN_DB"):
        return Path(os.environ["GENDAN_DB"]).expanduser()
    from gendan.store.db import default_path
    return default_path()
