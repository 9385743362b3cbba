"""Command group `ship` (being built)."""
import typer


def register(app: typer.Typer) -> None:
    """Add this group's commands to `app`."""
