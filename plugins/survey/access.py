"""Who sees and manages which survey: HR and the auditor every unit's; any other staff member
the surveys of their own unit and of the units above it (a bidang's staff see their dinas'),
and supervisors among them manage them (open periods, review responses)."""
from __future__ import annotations

from sqlalchemy import false, select

from app.auth.permissions import current_employee_id, has_role
from app.core.roles import AUDITOR, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.org.models import Employee, WorkUnit


def my_unit_ids() -> set[int] | None:
    """Units whose surveys the current user sees; None for all (HR, auditor)."""
    if has_role(HR_ADMIN, AUDITOR):
        return None
    me = current_employee_id()
    unit_id = db.session.scalar(select(Employee.unit_id).where(Employee.id == me)) \
        if me is not None else None
    parents = dict(db.session.execute(select(WorkUnit.id, WorkUnit.parent_id)).all())
    seen: set[int] = set()
    while unit_id is not None and unit_id not in seen:  # (a loop in the tree ends here)
        seen.add(unit_id)
        unit_id = parents.get(unit_id)
    return seen


def scope_units(stmt, column):
    """Narrow a query or select to rows whose `column` (a unit id) the user may see."""
    units = my_unit_ids()
    if units is None:
        return stmt
    return stmt.filter(column.in_(units)) if units else stmt.filter(false())


def may_manage(unit_id: int | None) -> bool:
    """HR manages every unit's surveys, a supervisor those of their own units."""
    if has_role(HR_ADMIN):
        return True
    units = my_unit_ids() or set()
    return has_role(SUPERVISOR) and unit_id in units
