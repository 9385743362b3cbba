"""`gendan where | backup | settings`: the database file itself: where it is, a safe copy of
it, and the tunable numbers stored in it."""
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import FormatOpt, OutputOpt


def register(app: typer.Typer) -> None:
    app.command("where")(where)
    app.command("backup")(backup)
    app.command("settings")(settings)


def where() -> None:
    """Print the path of the database in use. Example: gendan where"""
    print(_common.db_path())


def backup(
    file: Annotated[str, typer.Argument(help="where to write the copy: a file, or a directory for gendan-YYYY-MM-DD.db")],
    force: Annotated[bool, typer.Option("--force", help="overwrite FILE if it exists")] = False,
) -> None:
    """Copy the database safely, even while another gendan writes (SQLite online backup).
    Example: gendan backup ~/backup/"""
    from pathlib import Path
    from gendan.store import export
    store = _common.open_db()
    written = export.backup(store, Path(file), force, _common.today())
    _common.info(f"backed up {store.path} to {written}")


def settings(
    key: Annotated[Optional[str], typer.Argument(help="a setting's name")] = None,
    value: Annotated[Optional[str], typer.Argument(help="its new value (whole number)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Show the tunable numbers, or change one. Example: gendan settings buffer_days 10"""
    from gendan.core.settings import DEFAULTS, check
    if key is not None and value is not None:
        number = check(key, value)
        store = _common.open_db("settings")
        with store.transaction():
            before = store.setting(key)
            store.set_setting(key, number)
        _common.wrote(f"{key} = {number} (was {before}, default {DEFAULTS[key][0]})",
                {"key": key, "value": number, "was": before, "default": DEFAULTS[key][0]}, fmt)
        return
    if key is not None and key not in DEFAULTS:
        check(key, "0")
    store = _common.open_db()
    rows = [{"key": k, "value": store.setting(k), "default": d, "meaning": why}
            for k, (d, why) in DEFAULTS.items() if key in (None, k)]
    _common.emit(rows, fmt, ["key", "value", "default", "meaning"])
