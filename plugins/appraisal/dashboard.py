"""The appraisal card on the dashboard: the user's own SKP of the latest cycle and its
evaluations, and, for appraisers, what awaits them (plans to approve, evaluations to rate or to
sign as atasan pejabat penilai). A handful of counts, each one SQL aggregate."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import func, select

from app.core.roles import EMPLOYEE, SUPERVISOR
from app.extensions import db
from plugins.appraisal.access import assessment_hidden
from plugins.appraisal.labels import PREDIKAT_LABELS
from plugins.appraisal.models import AppraisalCycle, Evaluation, Skp
from plugins.appraisal.periods import period_name
from plugins.appraisal.states import EvaluationState, SkpState


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def appraisal_widget(user):
    if not user.has_role(EMPLOYEE, SUPERVISOR) or user.employee_id is None:
        return None
    cycle = db.session.scalar(select(AppraisalCycle).order_by(AppraisalCycle.year.desc())
                              .limit(1))
    if cycle is None:
        return None
    me = user.employee_id
    skp = db.session.scalar(select(Skp).where(Skp.cycle_id == cycle.id, Skp.employee_id == me))
    evaluations = db.session.scalars(select(Evaluation).where(
        Evaluation.skp_id == skp.id).order_by(Evaluation.period)).all() if skp else []
    tasks = {}
    if user.has_role(SUPERVISOR):
        in_cycle = Evaluation.skp_id.in_(select(Skp.id).where(Skp.cycle_id == cycle.id))
        tasks = {
            "approve": _count(Skp, Skp.cycle_id == cycle.id, Skp.appraiser_id == me,
                              Skp.status == SkpState.SUBMITTED),
            "rate": _count(Evaluation, in_cycle, Evaluation.appraiser_id == me,
                           Evaluation.status == EvaluationState.DRAFT),
            "sign": _count(Evaluation, in_cycle, Evaluation.superior_id == me,
                           Evaluation.status == EvaluationState.RATED),
            "decide": _count(Evaluation, in_cycle, Evaluation.superior_id == me,
                             Evaluation.status == EvaluationState.OBJECTED),
        }
    return render_template(
        "appraisal/dashboard.html", cycle=cycle, skp=skp, tasks=tasks,
        evaluations=[(e, period_name(cycle, e.period),
                      None if assessment_hidden(e, me) else PREDIKAT_LABELS.get(e.predikat))
                     for e in evaluations])
