"""The appraisal card on the dashboard: the user's own SKP of the latest cycle and its
evaluations, and, for appraisers, what awaits them (plans to approve, evaluations to rate or to
sign as atasan pejabat penilai). A handful of counts, each one SQL aggregate."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import case, func, select

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


# --- contributions to the core dashboard (app.dashboard) -----------------------------------------

def cycle_periods() -> list:
    """The dashboard's period selector offers the three latest appraisal cycles (a cycle is its
    calendar year)."""
    from datetime import date

    from app.core.hooks import DashboardPeriod
    from app.i18n import _

    years = db.session.scalars(select(AppraisalCycle.year).order_by(AppraisalCycle.year.desc())
                               .limit(3)).all()
    return [DashboardPeriod(f"appraisal_cycle_{year}", _("Appraisal cycle %(year)s", year=year),
                            date(year, 1, 1), date(year, 12, 31)) for year in years]


def skp_progress(unit_ids) -> dict:
    """Per unit of a head's tree: SKP approved of the latest cycle / all its SKP, linked to
    the approved ones. One statement."""
    from app.admin.links import list_url
    from app.i18n import _, fmt_number

    latest = select(AppraisalCycle.id).order_by(AppraisalCycle.year.desc()).limit(1) \
        .scalar_subquery()
    rows = db.session.execute(
        select(Skp.unit_id, Skp.cycle_id, func.count(),
               func.sum(case((Skp.status == SkpState.APPROVED, 1), else_=0)))
        .where(Skp.cycle_id == latest, Skp.unit_id.in_(unit_ids))
        .group_by(Skp.unit_id, Skp.cycle_id)).all()
    return {unit_id: (_("%(approved)s of %(total)s approved", approved=fmt_number(approved),
                        total=fmt_number(total)),
                      list_url("appraisal_skp", unit_id=unit_id, cycle_id=cycle_id,
                               status=SkpState.APPROVED))
            for unit_id, cycle_id, total, approved in rows}
