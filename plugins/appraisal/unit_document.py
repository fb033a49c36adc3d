"""The printable predikat list of a unit (DOMAIN 3, distribution curve): for a unit predikat
row, the staff of the unit tree rated in that cycle period with their predikat, the counts
against the curve of the unit's predikat and the curve drawn as an SVG chart (the same data as
the page's Chart.js chart; SVG so that print and PDF need no script).
"""
from __future__ import annotations

import textwrap

from sqlalchemy import func, select

from app.extensions import db
from app.org.models import Employee, Position, WorkUnit
from app.org.tree import unit_tree
from plugins.appraisal import curve
from plugins.appraisal.labels import (
    ORG_PREDIKAT_LABELS,
    PREDIKAT_LABELS,
    period_dates,
    period_label,
)
from plugins.appraisal.models import Evaluation, Skp, UnitPredikat
from plugins.appraisal.states import EvaluationState

MAX_ROWS = 2000   # staff listed; the evaluation list exports them all


def staff(row: UnitPredikat, limit: int = MAX_ROWS) -> tuple[list, int]:
    """(name, NIP, position, unit, predikat label, final?) of the rated staff, and the total."""
    rated = (Skp.cycle_id == row.cycle_id, Evaluation.unit_id.in_(unit_tree(row.unit_id)),
             Evaluation.period == row.period, Evaluation.status != EvaluationState.DRAFT,
             Evaluation.predikat.isnot(None))
    total = db.session.scalar(select(func.count()).select_from(Evaluation)
                              .join(Skp, Skp.id == Evaluation.skp_id).where(*rated))
    rows = db.session.execute(
        select(Employee.name, Employee.nip, Position.name, WorkUnit.name, Evaluation.predikat,
               Evaluation.status)
        .select_from(Evaluation).join(Skp, Skp.id == Evaluation.skp_id)
        .join(Employee, Employee.id == Evaluation.employee_id)
        .outerjoin(Position, Position.id == Employee.position_id)
        .outerjoin(WorkUnit, WorkUnit.id == Evaluation.unit_id)
        .where(*rated).order_by(WorkUnit.name, Employee.name, Evaluation.id).limit(limit)).all()
    return [(name, nip, position or "–", unit or "–", PREDIKAT_LABELS.get(code, code),
             status == EvaluationState.FINAL)
            for name, nip, position, unit, code, status in rows], total


def svg_chart(chart: dict, width: int = 640, height: int = 220) -> dict:
    """Bar geometry (share per predikat group, 0–100%) and the min/max markers, in SVG units."""
    labels = chart["labels"]
    slot = width / max(len(labels), 1)

    def y(percent):
        return round(height - height * min(max(percent, 0), 100) / 100, 1)

    bars = []
    for i, label in enumerate(labels):
        share = chart["shares"][i]
        low, high = chart["min"][i], chart["max"][i]
        bars.append({"x": round(i * slot + slot * 0.2, 1), "width": round(slot * 0.6, 1),
                     "y": y(share), "height": round(height - y(share), 1), "share": share,
                     "lines": textwrap.wrap(str(label), 16)[:3],
                     "centre": round(i * slot + slot / 2, 1),
                     "min": None if low is None else y(low),
                     "max": None if high is None else y(high)})
    return {"width": width, "height": height, "bars": bars,
            "grid": [(p, y(p)) for p in (0, 25, 50, 75, 100)]}


def unit_list(row: UnitPredikat) -> dict:
    check = curve.check(row)
    listed, total = staff(row)
    start, end = period_dates(row.cycle.year, row.cycle.periodicity, row.period)
    return {"row": row, "cycle": row.cycle, "unit": row.unit, "check": check,
            "org_label": ORG_PREDIKAT_LABELS.get(row.predikat, row.predikat),
            "proposed": ORG_PREDIKAT_LABELS.get(row.proposed) if row.proposed else None,
            "period_name": period_label(row.cycle.periodicity, row.period),
            "start": start, "end": end, "staff": listed, "total": total,
            "chart": svg_chart(check.chart)}
