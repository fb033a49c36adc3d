"""Data problems HR must fix: employees with no supervisor, a supervisor outside their unit
line, or a supervisor chain that loops."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.org.models import Employee, WorkUnit


def _unit_parents() -> dict[int, int | None]:
    return dict(db.session.execute(select(WorkUnit.id, WorkUnit.parent_id)).all())


def _ancestors(unit_id, parents) -> set[int]:
    seen = set()
    while unit_id is not None and unit_id not in seen:
        seen.add(unit_id)
        unit_id = parents.get(unit_id)
    return seen


def without_supervisor() -> list[Employee]:
    """Active employees with no supervisor, except the head of a top-level unit."""
    tops = select(WorkUnit.head_id).where(WorkUnit.parent_id.is_(None), WorkUnit.head_id.isnot(None))
    return db.session.scalars(
        select(Employee).where(Employee.active.is_(True), Employee.supervisor_id.is_(None),
                               Employee.id.notin_(tops))
        .order_by(Employee.name)
    ).all()


def supervisor_elsewhere() -> list[tuple[Employee, Employee]]:
    """Employees whose supervisor works neither in their unit nor in a unit above it."""
    boss = aliased(Employee)
    rows = db.session.execute(
        select(Employee, boss).join(boss, boss.id == Employee.supervisor_id)
        .where(Employee.active.is_(True), Employee.unit_id != boss.unit_id)
        .order_by(Employee.name)
    ).all()
    parents = _unit_parents()
    return [(e, s) for e, s in rows if s.unit_id not in _ancestors(e.unit_id, parents)]


def supervisor_loops() -> list[list[int]]:
    """Each supervisor cycle once, as the list of employee ids around it."""
    links = dict(db.session.execute(
        select(Employee.id, Employee.supervisor_id).where(Employee.supervisor_id.isnot(None))
    ).all())
    cycles, done = [], set()
    for start in links:
        path, index = [], {}
        node = start
        while node is not None and node not in done and node not in index:
            index[node] = len(path)
            path.append(node)
            node = links.get(node)
        if node is not None and node in index:
            cycles.append(path[index[node]:])
        done.update(path)
    return cycles


def employees_by_id(ids) -> dict[int, Employee]:
    return {e.id: e for e in db.session.scalars(select(Employee).where(Employee.id.in_(ids)))}
