"""Cycle health: per unit, how many active employees lack an SKP and how many SKP are in each
state, counted in one aggregate query."""
from __future__ import annotations

from sqlalchemy import and_, case, func, select

from app.extensions import db
from app.org.models import Employee, WorkUnit
from plugins.appraisal.models import Skp


def per_unit(cycle_id: int) -> list[dict]:
    def state(code):
        return func.sum(case((Skp.status == code, 1), else_=0))

    rows = db.session.execute(
        select(WorkUnit.id, WorkUnit.name, func.count(Employee.id), func.count(Skp.id),
               state("draft"), state("submitted"), state("approved"))
        .select_from(Employee)
        .join(WorkUnit, WorkUnit.id == Employee.unit_id)
        .outerjoin(Skp, and_(Skp.employee_id == Employee.id, Skp.cycle_id == cycle_id))
        .where(Employee.active.is_(True))
        .group_by(WorkUnit.id, WorkUnit.name).order_by(WorkUnit.name))
    return [{"unit_id": unit_id, "unit": name, "employees": employees,
             "missing": employees - skps, "draft": draft or 0, "submitted": submitted or 0,
             "approved": approved or 0}
            for unit_id, name, employees, skps, draft, submitted, approved in rows]
