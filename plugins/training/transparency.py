"""The public transparency section: the share of employees who reached their JP for the year,
per unit (with its sub-units). Aggregates only, and none over fewer people than
PUBLIC_MIN_GROUP: such a unit is shown without figures."""
from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import select

from app.extensions import db
from app.i18n import _l
from app.org.models import WorkUnit
from plugins.training import ledger

SCHEMA = {
    "year": _l("Year"),
    "unit": _l("Work unit (with its sub-units)"),
    "employees": _l("Employees (empty when fewer than the minimum group)"),
    "met": _l("Employees who reached their JP"),
    "rate": _l("Compliance rate (percent)"),
}


def _units(unit: WorkUnit | None) -> list[WorkUnit]:
    """The units to show: the given unit's sub-units (or itself when it has none); the
    regency's top units below its single root."""
    parent = unit.id if unit is not None else None
    stmt = select(WorkUnit).where(WorkUnit.active.is_(True))
    children = db.session.scalars(stmt.where(
        WorkUnit.parent_id == parent if parent is not None else WorkUnit.parent_id.is_(None))
        .order_by(WorkUnit.name)).all()
    if unit is None and len(children) == 1:
        return _units(children[0]) or children
    return children or ([unit] if unit is not None else [])


def rows(unit, year) -> list[dict]:
    minimum = current_app.config["PUBLIC_MIN_GROUP"]
    result = []
    for u, total, met in ledger.unit_rates(year, _units(unit)):
        if total == 0:
            continue
        shown = total >= minimum
        result.append({"year": year, "unit": u.name,
                       "employees": total if shown else None,
                       "met": met if shown else None,
                       "rate": round(met * 100 / total, 1) if shown else None})
    return result


def render(unit, year):
    data = rows(unit, year)
    if not data:
        return None
    return render_template("training/transparency.html", rows=data, year=year,
                           minimum=current_app.config["PUBLIC_MIN_GROUP"])
