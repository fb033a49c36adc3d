"""The date and duration rules of daily activity reports (DOMAIN 4), with their settings:

- no date after today in Asia/Jayapura (WIT);
- no date before the back-dating window: `ACTIVITY_BACKDATE_DAYS` (default 7), or the person's
  own `Employee.backdate_days` when HR extended it;
- at most 24 hours of reports per person and day; a warning past the daily norm
  `ACTIVITY_DAILY_NORM_MINUTES` (default 450: 37.5 hours a week over 5 days);
- weekends and holidays (rows HR edits) are marked, not refused.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, g, has_request_context
from sqlalchemy import func, select

from app.extensions import db
from app.i18n import _, _l, fmt_date, local_today
from app.performance.models import ActivityReport, Holiday

DAY_MINUTES = 24 * 60


def backdate_days(employee) -> int:
    if employee is not None and employee.backdate_days is not None:
        return employee.backdate_days
    return int(current_app.config["ACTIVITY_BACKDATE_DAYS"])


def date_problem(employee, day: date) -> str | None:
    """Why a report cannot be dated `day` (None: it can)."""
    today = local_today()
    if day > today:
        return _("The date cannot be after today (%(today)s, WIT).", today=fmt_date(today))
    days = backdate_days(employee)
    earliest = today - timedelta(days=days)
    if day < earliest:
        return _("The date cannot be before %(earliest)s: reports may be back-dated at most "
                 "%(days)s days. HR can extend this for a person.",
                 earliest=fmt_date(earliest), days=days)
    return None


def minutes_that_day(employee_id: int, day: date, except_id: int | None = None) -> int:
    """Minutes of the person's other reports on `day`."""
    query = select(func.coalesce(func.sum(ActivityReport.duration_minutes), 0)).where(
        ActivityReport.employee_id == employee_id, ActivityReport.date == day)
    if except_id is not None:
        query = query.where(ActivityReport.id != except_id)
    return int(db.session.scalar(query) or 0)


def minutes_problem(total: int) -> str | None:
    if total > DAY_MINUTES:
        return _("The reports of this day would add up to %(total)s minutes: at most 24 hours "
                 "(1440 minutes) a day.", total=total)
    return None


def norm_warning(total: int) -> str | None:
    norm = int(current_app.config["ACTIVITY_DAILY_NORM_MINUTES"])
    if total > norm:
        return _("The reports of this day add up to %(total)s minutes, more than the daily "
                 "norm of %(norm)s minutes.", total=total, norm=norm)
    return None


def holidays() -> dict[date, str]:
    """All holidays by date (a small table; read once per request)."""
    if has_request_context() and "_holidays" in g:
        return g._holidays
    result = dict(db.session.execute(select(Holiday.date, Holiday.name)).all())
    if has_request_context():
        g._holidays = result
    return result


def day_mark(day: date | None) -> str | None:
    """"Weekend" or the holiday's name for a report's day, None for a working day."""
    if day is None:
        return None
    name = holidays().get(day)
    if name:
        return name
    if day.weekday() >= 5:
        return str(WEEKEND)
    return None


WEEKEND = _l("Weekend")


def day_mark_notice(day: date | None) -> str | None:
    mark = day_mark(day)
    if mark is None:
        return None
    return _("%(date)s is not a working day (%(mark)s): the report is marked.",
             date=fmt_date(day), mark=mark)
