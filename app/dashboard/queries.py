"""Dashboard figures, aggregated in SQL (no rows loaded into Python beyond the result)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, func, select

from app.extensions import db
from app.i18n import local_today
from app.org.models import Employee, WorkUnit
from app.performance.capaian import capaian_sql
from app.performance.models import (ActivityReport, Indicator, PerformanceAgreement, Period,
                                    Realisation, Target)
from app.performance.workflow import DRAFT, RETURNED, SUBMITTED, VERIFIED

def hr_counts() -> dict:
    today = local_today()
    employees = db.session.scalar(select(func.count()).select_from(Employee)
                                  .where(Employee.active.is_(True)))
    units = db.session.scalar(select(func.count()).select_from(WorkUnit)
                              .where(WorkUnit.active.is_(True)))
    submitted_today = db.session.scalar(
        select(func.count()).select_from(ActivityReport)
        .where(ActivityReport.date == today, ActivityReport.status != DRAFT))
    pending = db.session.scalar(select(func.count()).select_from(ActivityReport)
                                .where(ActivityReport.status == SUBMITTED))
    return {"employees": employees, "units": units, "submitted_today": submitted_today,
            "pending": pending}


def pending_per_unit(limit: int = 15) -> list[tuple[str, int]]:
    # Counted per employee first, from the (status, employee_id) index alone, then per unit:
    # joining every pending report to its employee read each report row (1.2 s at 1M reports).
    per_employee = (select(ActivityReport.employee_id, func.count().label("n"))
                    .where(ActivityReport.status == SUBMITTED)
                    .group_by(ActivityReport.employee_id).subquery())
    total = func.sum(per_employee.c.n)
    stmt = (select(WorkUnit.name, total)
            .select_from(per_employee)
            .join(Employee, Employee.id == per_employee.c.employee_id)
            .join(WorkUnit, WorkUnit.id == Employee.unit_id)
            .group_by(WorkUnit.id, WorkUnit.name).order_by(total.desc(), WorkUnit.name)
            .limit(limit))
    return [(name, int(count)) for name, count in db.session.execute(stmt)]


def capaian_per_unit(year: int) -> list[tuple[str, float]]:
    """Average achievement of each unit's realisations in a year."""
    value = capaian_sql(Indicator.polarity, Realisation.value, Target.value, Target.low,
                        Target.high)
    stmt = (select(WorkUnit.name, func.avg(value))
            .select_from(Realisation)
            .join(Target, Target.id == Realisation.target_id)
            .join(Indicator, Indicator.id == Target.indicator_id)
            .join(PerformanceAgreement, PerformanceAgreement.id == Target.agreement_id)
            .join(Period, Period.id == PerformanceAgreement.period_id)
            .join(WorkUnit, WorkUnit.id == PerformanceAgreement.unit_id)
            .where(Period.year == year)
            .group_by(WorkUnit.name).order_by(WorkUnit.name))
    return [(name, round(float(avg), 2)) for name, avg in db.session.execute(stmt)
            if avg is not None]


def staff_pending(supervisor_id: int, limit: int = 10):
    staff = select(Employee.id).where(Employee.supervisor_id == supervisor_id)
    base = (select(ActivityReport, Employee.name)
            .join(Employee, Employee.id == ActivityReport.employee_id)
            .where(Employee.supervisor_id == supervisor_id, ActivityReport.status == SUBMITTED))
    # Per staff member from the (status, employee_id) index; counting the joined rows read every
    # pending report (1 s at 1M reports).
    count = db.session.scalar(select(func.count()).select_from(ActivityReport).where(
        ActivityReport.status == SUBMITTED, ActivityReport.employee_id.in_(staff)))
    rows = db.session.execute(base.order_by(ActivityReport.date.desc(), ActivityReport.id.desc())
                              .limit(limit)).all()
    return count, rows


def own_week(employee_id: int) -> tuple[date, list[dict]]:
    """Monday to Sunday of the current WIT week: minutes and report count per day and status."""
    today = local_today()
    monday = today - timedelta(days=today.weekday())
    stmt = (select(ActivityReport.date, func.count(), func.sum(ActivityReport.duration_minutes),
                   func.sum(case((ActivityReport.status == VERIFIED, 1), else_=0)),
                   func.sum(case((ActivityReport.status == RETURNED, 1), else_=0)))
            .where(ActivityReport.employee_id == employee_id,
                   ActivityReport.date.between(monday, monday + timedelta(days=6)))
            .group_by(ActivityReport.date))
    by_day = {d: (n, minutes or 0, verified or 0, returned or 0)
              for d, n, minutes, verified, returned in db.session.execute(stmt)}
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        n, minutes, verified, returned = by_day.get(day, (0, 0, 0, 0))
        days.append({"date": day, "count": n, "minutes": minutes, "verified": verified,
                     "returned": returned, "today": day == today})
    return monday, days
