"""The work-unit tree: a unit and every unit below it, and the units an employee heads.

The tree (every unit's parent and head, a small table HR edits) is read once per process and
again after any change of a unit (app.core.configcache), so the pages that scope by unit, and
the menu's check of "heads a unit", cost no query for it.
"""
from __future__ import annotations

from sqlalchemy import select

from app.core import configcache
from app.extensions import db
from app.org.models import WorkUnit


def _structure() -> tuple[dict[int | None, tuple[int, ...]], dict[int, tuple[int, ...]]]:
    """({parent id: child ids}, {head's employee id: ids of the units they head})."""
    def load():
        children: dict[int | None, list[int]] = {}
        heads: dict[int, list[int]] = {}
        for unit_id, parent_id, head_id in db.session.execute(
                select(WorkUnit.id, WorkUnit.parent_id, WorkUnit.head_id).order_by(WorkUnit.id)):
            children.setdefault(parent_id, []).append(unit_id)
            if head_id is not None:
                heads.setdefault(head_id, []).append(unit_id)
        # (tuples: the cached structure is shared by every request of the process)
        return ({k: tuple(v) for k, v in children.items()},
                {k: tuple(v) for k, v in heads.items()})
    return configcache.cached("org:units", load)


def unit_tree(root_id: int, pairs=None) -> list[int]:
    """The root unit's id first, then the ids of all units below it. `pairs`, (id, parent_id)
    of some units, walk that part of the tree instead of every unit (read once per process)."""
    if pairs is None:
        children = _structure()[0]
    else:
        children = {}
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
def headed_unit_ids(employee_id: int | None) -> list[int]:
    """The ids of the units this employee heads (not those below them), in id order."""
    if employee_id is None:
        return []
    return list(_structure()[1].get(employee_id, ()))
