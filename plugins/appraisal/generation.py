"""Bulk SKP drafts for every active employee of a unit tree, in set-based SQL.

The appraiser is the employee's supervisor and the atasan pejabat penilai the supervisor's
supervisor; holders of a JPT position get a JPT plan (indicators by perspektif). Employees
who already have an SKP in the cycle are skipped, so running it twice creates nothing new.
"""
from __future__ import annotations

from sqlalchemy import DateTime, case, false, func, insert, literal, select, true
from sqlalchemy.orm import aliased

from app.audit.trail import record
from app.extensions import db
from app.i18n import utcnow
from app.org.models import Employee, Position, WorkUnit
from plugins.appraisal.models import AppraisalCycle, Skp


def unit_tree(root_id: int) -> list[int]:
    """The root unit and all units below it."""
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in db.session.execute(select(WorkUnit.id, WorkUnit.parent_id)):
        children.setdefault(parent_id, []).append(unit_id)
    found, todo = [], [root_id]
    while todo:
        unit_id = todo.pop()
        if unit_id not in found:
            found.append(unit_id)
            todo.extend(children.get(unit_id, []))
    return found


def generate(cycle: AppraisalCycle, root_unit_id: int) -> int:
    """Create the missing SKP drafts of the unit tree; returns how many were created."""
    units = unit_tree(root_unit_id)
    boss = aliased(Employee)
    existing = select(Skp.employee_id).where(Skp.cycle_id == cycle.id)
    now = utcnow()
    # (a CASE rather than the bare comparison: an employee without a position is no JPT, not NULL)
    jpt = case((Position.kind == "jpt", true()), else_=false())
    rows = (select(literal(cycle.id), Employee.id, Employee.supervisor_id, boss.supervisor_id,
                   Employee.unit_id, literal("draft"), jpt, literal(now, DateTime(timezone=True)),
                   literal(now, DateTime(timezone=True)))
            .select_from(Employee).outerjoin(boss, boss.id == Employee.supervisor_id)
            .outerjoin(Position, Position.id == Employee.position_id)
            .where(Employee.active.is_(True), Employee.unit_id.in_(units),
                   Employee.id.notin_(existing)))
    count = select(func.count()).select_from(Skp).where(Skp.cycle_id == cycle.id)
    before = db.session.scalar(count)
    db.session.execute(insert(Skp).from_select(
        ["cycle_id", "employee_id", "appraiser_id", "superior_id", "unit_id", "status", "jpt",
         "created_at", "updated_at"], rows))
    # (rowcount of INSERT ... SELECT is -1 on psycopg, so count instead)
    created = db.session.scalar(count) - before
    # One event for the batch (rows inserted in SQL do not pass the per-row listener).
    record("generate", "appraisal_skp", None, cycle=cycle.year, unit=root_unit_id,
           created=created)
    db.session.commit()
    return created
