"""The dashboard's period selector: this month, this quarter, this year (in WIT), and the spans
modules offer through `Module.dashboard_periods()` (an appraisal cycle, say)."""
from __future__ import annotations

from datetime import date, timedelta

from flask import g, has_request_context

from app.core.hooks import DashboardPeriod
from app.core.registry import registry
from app.i18n import _, fmt_date, local_today

DEFAULT = "month"


def _month_end(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)


def builtin(today: date) -> list[DashboardPeriod]:
    month = today.replace(day=1)
    quarter = month.replace(month=(today.month - 1) // 3 * 3 + 1)
    return [
        DashboardPeriod("month", _("This month (%(month)s)", month=fmt_date(today, "MMMM y")),
                        month, _month_end(today)),
        DashboardPeriod("quarter", _("This quarter (Q%(n)s %(year)s)",
                                     n=(today.month - 1) // 3 + 1, year=today.year),
                        quarter, _month_end(quarter.replace(month=quarter.month + 2))),
        DashboardPeriod("year", _("This year (%(year)s)", year=today.year),
                        today.replace(month=1, day=1), today.replace(month=12, day=31)),
    ]


def choices() -> list[DashboardPeriod]:
    """Every period on offer: the built-in ones, then each module's (asked once a request:
    every card of the page reads the period)."""
    if has_request_context() and "_dashboard_periods" in g:
        return g._dashboard_periods
    offered = builtin(local_today())
    for source in registry().dashboard_periods.values():
        offered.extend(source.periods())
    if has_request_context():
        g._dashboard_periods = offered
    return offered


def selected(key: str | None) -> tuple[DashboardPeriod, list[DashboardPeriod]]:
    """The period named `key` (this month when unknown or missing), and all choices."""
    offered = choices()
    by_key = {p.key: p for p in offered}
    return by_key.get(key or DEFAULT, by_key[DEFAULT]), offered


def between(period: DashboardPeriod) -> str:
    """The value of a list's date "between" filter for the period."""
    return f"{period.first.isoformat()} to {period.last.isoformat()}"
