"""The work-unit tree: a unit and every unit below it, in one query however deep the tree."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.org.models import WorkUnit


def unit_tree(root_id: int, pairs=None) -> list[int]:
    """The root unit's id first, then the ids of all units below it. `pairs` are the (id,
    parent_id) of every unit when the caller has them already (else one query reads them)."""
    if pairs is None:
        pairs = db.session.execute(select(WorkUnit.id, WorkUnit.parent_id))
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in pairs:
        children.setdefault(parent_id, []).append(unit_id)
    found, seen, todo = [], set(), [root_id]
    while todo:
        unit_id = todo.pop()
        if unit_id not in seen:          # (a cycle in bad data must not loop forever)
            seen.add(unit_id)
            found.append(unit_id)
            todo.extend(children.get(unit_id, []))
    return found


def headed_units(employee_id: int | None):
    """A subquery of the ids of the units `employee_id` heads and of every unit below them
    (a recursive query, so a row scope stays one statement; UNION, not UNION ALL, so a cycle
    in bad data ends)."""
    tree = select(WorkUnit.id).where(WorkUnit.head_id == employee_id) \
        .cte("headed_tree", recursive=True)
    tree = tree.union(select(WorkUnit.id).where(WorkUnit.parent_id == tree.c.id))
    return select(tree.c.id)
