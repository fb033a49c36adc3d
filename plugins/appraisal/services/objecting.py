"""Keberatan (DOMAIN 3, "Objection"): after the appraiser signs, the employee may object to
the ratings, with reasons, within the cycle's `objection_days` (counted in WIT from the day of
the appraiser's signature); one objection per evaluation. The atasan pejabat penilai decides:
uphold the ratings or change them, with reasons; a decision taken outside the system (an
outside or absent atasan) is recorded by HR with the name, position and date of whoever took
it. The objection itself is the workflow's `object` transition (its comment is the reasons);
the decision is `decide` (or `record_decision`), and the evaluation goes on as signed.
"""
from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.i18n import _, local_today
from app.workflow.models import TransitionLog
from plugins.appraisal import signers
from plugins.appraisal.models import ExternalSignature, Evaluation, Objection
from plugins.appraisal.services import Actor, NotYours, Refused, transitions
from plugins.appraisal.services.assessing import derived_predikat, set_ratings
from plugins.appraisal.services.signing import DECIDED
from plugins.appraisal.states import EvaluationState, EvaluationTransition
from plugins.appraisal.workflows import EVALUATION

UPHOLD, CHANGE = "uphold", "change"


def objection(evaluation: Evaluation) -> Objection | None:
    return db.session.scalar(select(Objection).where(Objection.evaluation_id == evaluation.id))


def rated_on(evaluation: Evaluation) -> date | None:
    """The day (WIT) the appraiser last signed the evaluation."""
    at = db.session.scalar(select(TransitionLog.at).where(
        TransitionLog.entity == EVALUATION, TransitionLog.record_id == evaluation.id,
        TransitionLog.to_state == EvaluationState.RATED)
        .order_by(TransitionLog.at.desc(), TransitionLog.id.desc()).limit(1))
    if at is None:
        return None
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return (at if at.tzinfo else at.replace(tzinfo=ZoneInfo("UTC"))).astimezone(zone).date()


def objection_deadline(evaluation: Evaluation) -> date | None:
    day = rated_on(evaluation)
    return day + timedelta(days=evaluation.skp.cycle.objection_days or 0) if day else None


def object_problem(evaluation: Evaluation, today: date | None = None) -> str | None:
    """Why the employee cannot object now, or None."""
    if objection(evaluation) is not None:
        return _("An evaluation takes one objection, and this one has had it.")
    until = objection_deadline(evaluation)
    if until is None or (today or local_today()) > until:
        return _("The days for an objection have passed.")
    return None


def record_objection(evaluation_id: int, reasons: str) -> None:
    """The `object` transition happened: keep the reasons and the ratings objected to (not
    committed: the engine commits)."""
    evaluation = db.session.get(Evaluation, evaluation_id)
    db.session.add(Objection(evaluation_id=evaluation.id, reasons=reasons,
                             hasil_kerja=evaluation.hasil_kerja, perilaku=evaluation.perilaku,
                             predikat=evaluation.predikat))


def decision_problem(evaluation: Evaluation) -> str | None:
    """Why the decision transitions cannot apply yet: the decision is written first."""
    found = objection(evaluation)
    if found is None or found.decision is None:
        return _("Decide the objection with the form on the evaluation page.")
    return None


def decider(evaluation: Evaluation, actor: Actor) -> str | None:
    """Which transition the actor decides with: DECIDE (the atasan pejabat penilai in the
    system), RECORD_DECISION (HR, for a decision taken outside it), or None."""
    if signers.superior_kind(evaluation) == signers.INTERNAL:
        mine = actor.employee_id is not None and actor.employee_id == evaluation.superior_id
        return EvaluationTransition.DECIDE if mine else None
    return EvaluationTransition.RECORD_DECISION if actor.hr else None


def decide(evaluation: Evaluation, decision: str, ratings: dict[str, str | None],
           reasons: str, actor: Actor, user, outside: tuple[str, str, date] | None = None
           ) -> str:
    """Decide the open objection of `evaluation` and apply the decision; commits.
    `outside`: (name, position, date) of a decider outside the system (HR records it)."""
    code = decider(evaluation, actor)
    if code is None:
        raise NotYours
    found = objection(evaluation)
    if evaluation.status != EvaluationState.OBJECTED or found is None or found.decision:
        raise Refused(_("There is no open objection on this evaluation."))
    if decision not in (UPHOLD, CHANGE):
        raise Refused(_("Choose whether the ratings stand or change."))
    if code == EvaluationTransition.RECORD_DECISION and not (outside and all(outside)):
        raise Refused(_("Give the name, position and date of whoever decided."))
    if decision == CHANGE:
        new = (ratings.get("hasil_kerja"), ratings.get("perilaku"))
        if not all(new) or new == (found.hasil_kerja, found.perilaku):
            raise Refused(_("To change the ratings, choose both, and not the ones objected "
                            "to."))
        derived_predikat(*new)   # (ValueError on an unknown rating: the form checked them)
    transitions.claim(EVALUATION, evaluation)
    if decision == CHANGE:
        set_ratings(evaluation, {"hasil_kerja": ratings["hasil_kerja"],
                                 "perilaku": ratings["perilaku"]})
    found.decision, found.decision_reasons = decision, reasons
    if code == EvaluationTransition.RECORD_DECISION:
        name, position, signed_on = outside
        db.session.add(ExternalSignature(entity=EVALUATION, record_id=evaluation.id,
                                         step=DECIDED, name=name, position=position,
                                         signed_on=signed_on))
        found.decided_by, found.decided_on = name, signed_on
    else:
        found.decided_by, found.decided_on = evaluation.superior.name, local_today()
    db.session.flush()
    transitions.apply(EVALUATION, evaluation, code, user, comment=reasons)
    return _("The objection is decided.")
