"""Cycle health per unit, counted in one aggregate query: how many active employees lack an
SKP, how many SKP are in each state, how many approved SKP still lack an evaluation, and the
annual predikat per unit.

"Evaluation missing", by decision: an approved SKP without a rated evaluation (past Draft,
with a predikat, as in the unit curve) of the checked period. During Pemantauan the checked
period is the current one (quarter or month of today; the last one once the cycle's year is
over, none before it starts); in every other stage it is the annual evaluation.
"""
from __future__ import annotations

from flask import has_request_context
from sqlalchemy import and_, case, func, literal_column, select
from sqlalchemy.orm import aliased

from app.admin.links import list_url
from app.extensions import db
from app.i18n import local_today
from app.org.models import Employee, WorkUnit
from plugins.appraisal import rules
from plugins.appraisal.labels import PREDIKAT_LABELS, period_count, period_label, period_of
from plugins.appraisal.models import ANNUAL, AppraisalCycle, Evaluation, Skp
from plugins.appraisal.states import EvaluationState, SkpState

class HealthRows(list):
    """The rows per unit, plus what the table header and links need."""

    period: int | None = None
    cycle_id: int | None = None
    period_label: str = ""
    predikats: list = []


def checked_period(cycle: AppraisalCycle) -> int | None:
    """The period whose evaluation counts as missing (see the module docstring)."""
    if cycle.state != "pemantauan":
        return ANNUAL
    today = local_today()
    if today.year < cycle.year:
        return None
    if today.year > cycle.year:
        return period_count(cycle.periodicity)
    return period_of(cycle.periodicity, today)


def per_unit(cycle_id: int) -> HealthRows:
    cycle = db.session.get(AppraisalCycle, cycle_id)
    period = checked_period(cycle)
    current = aliased(Evaluation)   # a rated evaluation of the checked period
    annual = aliased(Evaluation)    # the annual evaluation, once rated

    def total(condition):
        return func.sum(case((condition, 1), else_=0))

    missing_evaluation = total(and_(Skp.status == SkpState.APPROVED, current.id.is_(None))) \
        if period is not None else literal_column("0")
    rows = db.session.execute(
        select(WorkUnit.id, WorkUnit.name, func.count(Employee.id), func.count(Skp.id),
               total(Skp.status == SkpState.DRAFT), total(Skp.status == SkpState.SUBMITTED),
               total(Skp.status == SkpState.APPROVED), missing_evaluation,
               *(total(annual.predikat == code) for code in rules.PREDIKATS))
        .select_from(Employee)
        .join(WorkUnit, WorkUnit.id == Employee.unit_id)
        .outerjoin(Skp, and_(Skp.employee_id == Employee.id, Skp.cycle_id == cycle_id))
        .outerjoin(current, and_(current.skp_id == Skp.id, current.period == (period or 0),
                                 current.status != EvaluationState.DRAFT,
                                 current.predikat.isnot(None)))
        .outerjoin(annual, and_(annual.skp_id == Skp.id, annual.period == ANNUAL,
                                annual.status != EvaluationState.DRAFT))
        .where(Employee.active.is_(True))
        .group_by(WorkUnit.id, WorkUnit.name).order_by(WorkUnit.name, WorkUnit.id))
    result = HealthRows()
    for unit_id, name, employees, skps, draft, submitted, approved, missing, *counts in rows:
        predikat = {code: int(count or 0) for code, count in zip(rules.PREDIKATS, counts)}
        result.append({"unit_id": unit_id, "unit": name, "employees": employees,
                       "missing": employees - skps, "draft": draft or 0,
                       "submitted": submitted or 0, "approved": approved or 0,
                       "evaluations_missing": int(missing or 0), "predikat": predikat,
                       "rated": sum(predikat.values())})
    result.period = period
    result.cycle_id = cycle_id
    result.period_label = period_label(cycle.periodicity, period) if period is not None else ""
    result.predikats = [(code, PREDIKAT_LABELS[code]) for code in rules.PREDIKATS]
    _link(result)
    return result


def _link(rows: HealthRows) -> None:
    """Links from the annual predikat counts to the filtered evaluation list."""
    if not has_request_context():
        return
    for row in rows:
        base = {"unit_id": row["unit_id"], "period": ANNUAL, "cycle_id": rows.cycle_id}
        row["rated_url"] = list_url("appraisal_evaluation", **base)
        row["predikat_urls"] = {code: list_url("appraisal_evaluation", **base, predikat=code)
                                for code in rules.PREDIKATS}
