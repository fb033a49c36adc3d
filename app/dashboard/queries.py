"""Dashboard figures, read from the summary tables (`app.dashboard.models`), never from the
report table: each role's card takes at most four statements whatever the number of reports
(tests/core/test_dashboard_summaries.py counts them).

Each function returns plain numbers and rows; `app.dashboard.widgets` turns them into links.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import and_, case, exists, func, select

from app.dashboard.models import EmployeeDaySummary as EmployeeDay
from app.dashboard.models import EmployeeStateSummary as EmployeeState
from app.dashboard.models import UnitDaySummary as UnitDay
from app.dashboard.models import UnitStateSummary as UnitState
from app.extensions import db
from app.org.models import Employee, WorkUnit
from app.org.tree import headed_units
from app.performance.achievement import bands
from app.performance.capaian import capaian_sql
from app.performance.models import (Indicator, PerformanceAgreement, Period, Realisation,
                                    Target)
from app.performance.workflow import DRAFT, RETURNED, SUBMITTED, VERIFIED

# The states a dashboard counts per period (a draft is not reported yet).
PERIOD_STATES = (SUBMITTED, VERIFIED, RETURNED)


def _sum(column, *where):
    return select(func.coalesce(func.sum(column), 0)).where(*where).scalar_subquery()


def hr_counts(today: date) -> dict:
    """Active employees and units, reports sent today, reports awaiting verification: one
    statement."""
    unitless = select(Employee.id).where(Employee.unit_id.is_(None))
    row = db.session.execute(select(
        select(func.count()).select_from(Employee).where(Employee.active.is_(True))
        .scalar_subquery(),
        select(func.count()).select_from(WorkUnit).where(WorkUnit.active.is_(True))
        .scalar_subquery(),
        _sum(EmployeeDay.reports, EmployeeDay.day == today, EmployeeDay.status != DRAFT),
        # The unit table leaves out staff without a unit: add theirs from the employee table.
        _sum(UnitState.reports, UnitState.status == SUBMITTED),
        _sum(EmployeeState.reports, EmployeeState.status == SUBMITTED,
             EmployeeState.employee_id.in_(unitless)),
    )).one()
    return {"employees": row[0], "units": row[1], "submitted_today": int(row[2]),
            "pending": int(row[3]) + int(row[4])}


def per_unit(first: date, last: date) -> list[dict]:
    """Per unit with reports dated in the period: reports and minutes per state. One statement."""
    stmt = (select(UnitDay.unit_id, WorkUnit.name, UnitDay.status, func.sum(UnitDay.reports),
                   func.sum(UnitDay.minutes))
            .join(WorkUnit, WorkUnit.id == UnitDay.unit_id)
            .where(UnitDay.day.between(first, last), UnitDay.status.in_(PERIOD_STATES))
            .group_by(UnitDay.unit_id, WorkUnit.name, UnitDay.status))
    units: dict[int, dict] = {}
    for unit_id, name, status, reports, minutes in db.session.execute(stmt):
        row = units.setdefault(unit_id, {"id": unit_id, "name": name, "reports": {},
                                         "minutes": {}})
        row["reports"][status] = int(reports)
        row["minutes"][status] = int(minutes)
    return sorted(units.values(),
                  key=lambda u: (-u["reports"].get(SUBMITTED, 0), u["name"]))


def capaian_per_unit(year: int, unit_ids=None) -> list[tuple[int, str, float]]:
    """Average achievement of each unit's realisations in a year (of `unit_ids` only when
    given): (unit id, name, percent). One statement, on the small PK tables."""
    value = capaian_sql(Indicator.polarity, Realisation.value, Target.value, Target.low,
                        Target.high)
    stmt = (select(WorkUnit.id, WorkUnit.name, func.avg(value))
            .select_from(Realisation)
            .join(Target, Target.id == Realisation.target_id)
            .join(Indicator, Indicator.id == Target.indicator_id)
            .join(PerformanceAgreement, PerformanceAgreement.id == Target.agreement_id)
            .join(Period, Period.id == PerformanceAgreement.period_id)
            .join(WorkUnit, WorkUnit.id == PerformanceAgreement.unit_id)
            .where(Period.year == year)
            .group_by(WorkUnit.id, WorkUnit.name).order_by(WorkUnit.name))
    if unit_ids is not None:
        stmt = stmt.where(WorkUnit.id.in_(unit_ids))
    return [(unit_id, name, round(float(avg), 2)) for unit_id, name, avg
            in db.session.execute(stmt) if avg is not None]


def band_colour(value: float | None) -> str:
    """The colour HR gave the capaian band the value falls in (one statement per request)."""
    for lower, _label, colour in bands():
        if value is not None and (lower is None or value >= lower):
            return colour
    return "#6c757d"


def staff(supervisor_id: int, first: date, last: date, today: date) -> list[dict]:
    """The supervisor's active direct staff: reports awaiting verification (any day), reports
    per state in the period, and whether they reported today. One statement."""
    s = EmployeeDay
    mine = s.employee_id == Employee.id
    columns = [_sum(EmployeeState.reports, EmployeeState.employee_id == Employee.id,
                    EmployeeState.status == SUBMITTED),
               _sum(s.reports, mine, s.day == today, s.status != DRAFT)]
    columns += [_sum(s.reports, mine, s.day.between(first, last), s.status == state)
                for state in PERIOD_STATES]
    stmt = (select(Employee.id, Employee.name, *columns)
            .where(Employee.supervisor_id == supervisor_id, Employee.active.is_(True))
            .order_by(Employee.name))
    return [{"id": eid, "name": name, "pending": int(pending), "today": int(today_n),
             "period": dict(zip(PERIOD_STATES, map(int, counts)))}
            for eid, name, pending, today_n, *counts in db.session.execute(stmt)]


def unit_tree_figures(head_id: int, first: date, last: date, today: date) -> list:
    """Every active unit the employee heads and every unit below them (the tree, by
    `app.org.tree.headed_units`), each with: parent, name, head, active staff, staff who
    reported today, reports awaiting verification (any day) and verified in the period. One
    statement."""
    reported = exists().where(EmployeeDay.employee_id == Employee.id, EmployeeDay.day == today,
                              EmployeeDay.status != DRAFT)
    stmt = (select(WorkUnit.id, WorkUnit.parent_id, WorkUnit.head_id, WorkUnit.name,
                   func.count(Employee.id).label("staff"),
                   func.coalesce(func.sum(case((reported, 1), else_=0)), 0).label("reported"),
                   _sum(UnitState.reports, UnitState.unit_id == WorkUnit.id,
                        UnitState.status == SUBMITTED).label("pending"),
                   _sum(UnitDay.reports, UnitDay.unit_id == WorkUnit.id,
                        UnitDay.status == VERIFIED, UnitDay.day.between(first, last))
                   .label("verified"))
            .outerjoin(Employee, and_(Employee.unit_id == WorkUnit.id,
                                      Employee.active.is_(True)))
            .where(WorkUnit.id.in_(headed_units(head_id)), WorkUnit.active.is_(True))
            .group_by(WorkUnit.id, WorkUnit.parent_id, WorkUnit.head_id, WorkUnit.name)
            .order_by(WorkUnit.name))
    return db.session.execute(stmt).all()


def own_week(employee_id: int, today: date) -> tuple[date, list[dict]]:
    """Monday to Sunday of the current WIT week: reports and minutes per day and state. One
    statement."""
    monday = today - timedelta(days=today.weekday())
    stmt = (select(EmployeeDay.day, EmployeeDay.status, EmployeeDay.reports,
                   EmployeeDay.minutes)
            .where(EmployeeDay.employee_id == employee_id,
                   EmployeeDay.day.between(monday, monday + timedelta(days=6))))
    by_day: dict = defaultdict(lambda: defaultdict(int))
    for day, status, reports, minutes in db.session.execute(stmt):
        by_day[day][status] += reports
        by_day[day]["count"] += reports
        by_day[day]["minutes"] += minutes
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        figures = by_day.get(day, {})
        days.append({"date": day, "count": figures.get("count", 0),
                     "minutes": figures.get("minutes", 0),
                     "verified": figures.get(VERIFIED, 0), "returned": figures.get(RETURNED, 0),
                     "today": day == today})
    return monday, days
