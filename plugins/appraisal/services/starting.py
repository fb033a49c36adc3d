"""Starting an evaluation of an approved SKP (DOMAIN 3, "Periods"): in the monitoring or the
evaluation stage of the cycle, once the period's evaluation has opened (its last month; the
annual one also only in the evaluation stage), once per period, by the SKP's employee, its
appraiser or HR. The evaluation copies the people of the SKP and gets its acknowledgement
deadline."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import _, fmt_date, local_today
from plugins.appraisal import periods, signers
from plugins.appraisal.models import ANNUAL, Evaluation, Skp
from plugins.appraisal.services import Actor, NotYours, Refused
from plugins.appraisal.states import EvaluationState, SkpState

OPEN_STAGES = ("pemantauan", "evaluasi")   # cycle stages in which evaluations start
EVALUATION_STAGE = "evaluasi"


def may_start(skp: Skp, actor: Actor) -> bool:
    """The SKP's employee, its appraiser or HR start an evaluation."""
    return actor.hr or (actor.employee_id is not None
                        and actor.employee_id in (skp.employee_id, skp.appraiser_id))


def start_problem(skp: Skp, period: int, today: date | None = None) -> str | None:
    """Why the evaluation of `period` cannot start now, or None."""
    cycle = skp.cycle
    if skp.status != SkpState.APPROVED:
        return _("The SKP must be approved before it is evaluated.")
    if cycle.state not in OPEN_STAGES:
        return _("Evaluations start in the monitoring or the evaluation stage of the cycle.")
    if period == ANNUAL and cycle.state != EVALUATION_STAGE:
        return _("The annual evaluation starts in the evaluation stage of the cycle.")
    if signers.appraiser_kind(skp) == signers.ABSENT:
        return _("The SKP names no appraiser: HR names one (in the system or outside it) "
                 "first.")
    opening = periods.opens_on(cycle, period)
    if (today or local_today()) < opening:
        return _("The evaluation of %(period)s opens on %(date)s.",
                 period=periods.period_name(cycle, period), date=fmt_date(opening))
    return None


def start(skp: Skp, period: int | None, actor: Actor) -> Evaluation:
    """Create and commit the evaluation of `period`."""
    if not may_start(skp, actor):
        raise NotYours
    if period not in periods.periods(skp.cycle):
        raise Refused(_("Choose a period of the cycle."))
    problem = start_problem(skp, period)
    if problem:
        raise Refused(problem)
    duplicate = _("The evaluation of %(period)s already exists.",
                  period=periods.period_name(skp.cycle, period))
    if db.session.scalar(select(Evaluation.id).where(Evaluation.skp_id == skp.id,
                                                     Evaluation.period == period)):
        raise Refused(duplicate)
    evaluation = Evaluation(skp_id=skp.id, period=period, employee_id=skp.employee_id,
                            appraiser_id=skp.appraiser_id, superior_id=skp.superior_id,
                            unit_id=skp.unit_id, status=EvaluationState.DRAFT,
                            deadline=periods.deadline(skp.cycle, period))
    db.session.add(evaluation)
    try:
        db.session.commit()
    except IntegrityError:          # a concurrent click started it first
        db.session.rollback()
        raise Refused(duplicate) from None
    return evaluation
