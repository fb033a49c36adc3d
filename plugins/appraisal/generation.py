"""Bulk SKP drafts for every active employee of a unit tree, in set-based SQL.

The appraiser is the employee's supervisor and the atasan pejabat penilai the supervisor's
supervisor; holders of a JPT position get a JPT plan (indicators by perspektif). At the top of
the regency the chain leaves the civil service (DOMAIN 3): a JPT with no supervisor (the Sekda)
is appraised by the regional head, and a JPT appraised by such a JPT (a kepala dinas) has the
regional head as atasan pejabat penilai, outside the system, named by the setting
`APPRAISAL_REGIONAL_HEAD` ("Bupati Manokwari"; HR may correct the name on each SKP). Employees
who already have an SKP in the cycle are skipped, so running it twice creates nothing new;
those left without any appraiser are listed (`without_appraiser`) for HR to fix.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import DateTime, String, and_, case, false, func, insert, literal, select, true
from sqlalchemy.orm import aliased

from app.audit.trail import record
from app.extensions import db
from app.org.tree import unit_tree
from app.i18n import utcnow
from app.org.models import Employee, Position, WorkUnit
from plugins.appraisal.models import AppraisalCycle, Skp
from plugins.appraisal.states import SkpState

MAX_LISTED = 200   # employees without an appraiser listed at once


def generate(cycle: AppraisalCycle, root_unit_id: int) -> int:
    """Create the missing SKP drafts of the unit tree; returns how many were created."""
    units = unit_tree(root_unit_id)
    boss = aliased(Employee)
    boss_position = aliased(Position)
    existing = select(Skp.employee_id).where(Skp.cycle_id == cycle.id)
    now = utcnow()
    head = current_app.config.get("APPRAISAL_REGIONAL_HEAD") or None
    # (a CASE rather than the bare comparison: an employee without a position is no JPT, not NULL)
    jpt = case((Position.kind == "jpt", true()), else_=false())
    top = and_(Employee.supervisor_id.is_(None), Position.kind == "jpt")
    below_top = and_(boss.id.isnot(None), boss.supervisor_id.is_(None),
                     boss_position.kind == "jpt")
    outsider = literal(head, String(200))
    rows = (select(literal(cycle.id), Employee.id, Employee.supervisor_id, boss.supervisor_id,
                   Employee.unit_id, literal(SkpState.DRAFT), jpt,
                   case((top, outsider)), case((top, outsider)),
                   case((below_top, outsider)), case((below_top, outsider)),
                   literal(now, DateTime(timezone=True)), literal(now, DateTime(timezone=True)))
            .select_from(Employee).outerjoin(boss, boss.id == Employee.supervisor_id)
            .outerjoin(Position, Position.id == Employee.position_id)
            .outerjoin(boss_position, boss_position.id == boss.position_id)
            .where(Employee.active.is_(True), Employee.unit_id.in_(units),
                   Employee.id.notin_(existing)))
    count = select(func.count()).select_from(Skp).where(Skp.cycle_id == cycle.id)
    before = db.session.scalar(count)
    db.session.execute(insert(Skp).from_select(
        ["cycle_id", "employee_id", "appraiser_id", "superior_id", "unit_id", "status", "jpt",
         "appraiser_name", "appraiser_position", "superior_name", "superior_position",
         "created_at", "updated_at"], rows))
    # (rowcount of INSERT ... SELECT is -1 on psycopg, so count instead)
    created = db.session.scalar(count) - before
    # One event for the batch (rows inserted in SQL do not pass the per-row listener).
    record("generate", "appraisal_skp", None, cycle=cycle.year, unit=root_unit_id,
           created=created)
    db.session.commit()
    return created


def without_appraiser(cycle_id: int, limit: int = MAX_LISTED) -> tuple[list, int]:
    """SKP of the cycle that name no appraiser at all, in or outside the system: (rows of
    (skp id, employee id, name, NIP, unit name), how many there are)."""
    missing = (Skp.cycle_id == cycle_id, Skp.appraiser_id.is_(None),
               Skp.appraiser_name.is_(None))
    total = db.session.scalar(select(func.count()).select_from(Skp).where(*missing))
    rows = db.session.execute(
        select(Skp.id, Employee.id, Employee.name, Employee.nip, WorkUnit.name)
        .join(Employee, Employee.id == Skp.employee_id)
        .outerjoin(WorkUnit, WorkUnit.id == Skp.unit_id)
        .where(*missing).order_by(WorkUnit.name, Employee.name, Skp.id).limit(limit)).all()
    return rows, total
