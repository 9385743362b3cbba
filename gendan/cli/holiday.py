"""`gendan holiday …`: the factory calendar production plans count working days by: public
holidays (China by default) and the shutdowns the merchandiser records (春节放假)."""
from typing import Annotated, Optional

import typer

from gendan.cli import _common
from gendan.cli._options import FormatOpt, ReasonOpt

holiday_app = typer.Typer(no_args_is_help=True, help="Days off: public holidays and factory shutdowns (停工/放假).")

LIST_FIELDS = ["first", "last", "days", "kind", "factory", "reason"]


def register(app: typer.Typer) -> None:
    app.add_typer(holiday_app, name="holiday")


@holiday_app.command("add")
def holiday_add(
    dates: Annotated[str, typer.Argument(help="FIRST..LAST (or one date), e.g. 2027-02-03..2027-02-21")],
    factory: Annotated[str, typer.Option(help="one factory (default: every factory)")] = "",
    reason: ReasonOpt = None,
) -> None:
    """Record a shutdown: plans, behind_days and forecasts skip it from now on.
    Example: gendan holiday add 2027-02-03..2027-02-21 --factory 恒兴木业 --reason 春节"""
    from gendan.core.workdays import parse_range
    from gendan.store import workdays
    why = _common.need_reason(reason, "holiday add")
    first, last = parse_range(dates, lambda text: _common.date_arg(text, "date range"))
    store = _common.open_db("holiday add")
    with store.transaction():
        s = workdays.add_shutdown(store, first, last, factory.strip(), why)
        planned_at = workdays.plan_factories(store)
    if s.factory and s.factory not in planned_at:   # a typo here silently moves no plan
        _common.info(f"gendan: warning: no production plan is at {s.factory!r}"
                     + (f" (plans are at: {', '.join(planned_at)})" if planned_at else "")
                     + "; a shutdown applies to plans whose --factory is written the same way")
    _common.wrote(f"shutdown {s.first}..{s.last} ({_common.plural(len(s.days()), 'day')}) at {s.factory or 'every factory'}: {why}", {})


@holiday_app.command("remove")
def holiday_remove(
    dates: Annotated[str, typer.Argument(help="a day of the shutdown, or its FIRST..LAST")],
    factory: Annotated[str, typer.Option(help="its factory (default: the one for every factory)")] = "",
    reason: ReasonOpt = None,
) -> None:
    """Take back a shutdown recorded by mistake (audited). Plans made from now on count those
    days again. Example: gendan holiday remove 2027-02-03 --factory 恒兴木业 --reason 笔误"""
    from gendan.core.workdays import parse_range
    from gendan.store import workdays
    why = _common.need_reason(reason, "holiday remove")
    first, last = parse_range(dates, lambda text: _common.date_arg(text, "date"))
    store = _common.open_db("holiday remove")
    with store.transaction():
        s = workdays.remove_shutdown(store, first, last, factory.strip(), why)
    _common.wrote(f"shutdown {s.first}..{s.last} at {s.factory or 'every factory'} removed: {why}", {})


@holiday_app.command("list")
def holiday_list(
    year: Annotated[Optional[int], typer.Option(help="the public holidays of this year (default: this year)")] = None,
    fmt: FormatOpt = "table",
) -> None:
    """Shutdowns recorded, and the public holidays of a year. Example: gendan holiday list --year 2027"""
    from gendan.core.workdays import holiday_names
    from gendan.store import workdays
    store = _common.open_db()
    y = year or _common.today().year
    if not 1900 <= y <= 2999:
        from gendan.errors import UsageError
        raise UsageError(f"bad --year {y} (use a year like 2027)")
    rows = [{"first": s.first, "last": s.last, "days": len(s.days()), "kind": "shutdown",
             "factory": s.factory or "(all)", "reason": s.reason} for s in workdays.shutdowns(store)]
    country = workdays.country(store)
    rows += [{"first": d, "last": d, "days": 1, "kind": f"public {country}", "factory": "(all)", "reason": name}
             for d, name in holiday_names(country, y)]
    rows.sort(key=lambda r: (r["first"], r["kind"]))
    _common.emit(rows, fmt, LIST_FIELDS, empty="no days off")


@holiday_app.command("country")
def holiday_country(
    code: Annotated[Optional[str], typer.Argument(help="ISO country code (CN, VN, HK …), or 'none'")] = None,
) -> None:
    """Show or set the country whose public holidays plans skip (default CN).
    Example: gendan holiday country VN"""
    from gendan.core.workdays import check_country
    from gendan.store import workdays
    if code is None:
        store = _common.open_db()
        print(workdays.country(store) or "none")
        return
    value = "" if code.strip().lower() == "none" else check_country(code)
    store = _common.open_db("holiday country")
    with store.transaction():
        workdays.set_country(store, value)
    _common.wrote(f"holiday country {value or 'none'}", {})
