"""What keeps an SKP or an evaluation from a workflow transition (the bindings' `check`: such
transitions are neither offered nor applied), and the same rules in SQL for the inbox's counts
(`pending`), so that nobody is told of a task they cannot do yet.

An SKP is submitted only as a complete plan (`plan_problem`): an appraiser named, at least one
RHK utama and an IKI on every one, and, unless the cycle relaxes it, the cascade: a head of
unit's RHK utama each support a target of the unit's PK (when the unit has one that year),
staff's RHK utama each name the appraiser's RHK they support (when the appraiser's SKP of the
cycle is approved).
"""
from __future__ import annotations

from sqlalchemy import and_, false, select

from app.i18n import _, local_today
from plugins.appraisal import agreement, periods, signers
from plugins.appraisal.models import Evaluation, Skp
from plugins.appraisal.services import cycles, objecting, signing
from plugins.appraisal.states import (EvaluationState as E, EvaluationTransition as ET,
                                      SkpState as S, SkpTransition as ST)
from plugins.appraisal.workflows import ENTITY, EVALUATION


def appraiser_plan_approved(skp: Skp) -> bool:
    from app.extensions import db

    return skp.appraiser_id is not None and db.session.scalar(select(Skp.id).where(
        Skp.employee_id == skp.appraiser_id, Skp.cycle_id == skp.cycle_id,
        Skp.status == S.APPROVED).limit(1)) is not None


def _names(rhks) -> str:
    return "; ".join(r.text[:80] for r in rhks)


def plan_problem(skp: Skp) -> str | None:
    """Why the plan cannot go to the appraiser yet, or None."""
    if signers.appraiser_kind(skp) == signers.ABSENT:
        return _("The SKP names no appraiser: HR names one (in the system or outside it) "
                 "first.")
    main = [r for r in skp.rhks if r.kind == "utama"]
    if not main:
        return _("Add at least one main RHK with an indicator before submitting the SKP.")
    bare = [r for r in main if not r.indicators]
    if bare:
        return _("Every main RHK needs at least one indicator: %(rhk)s.", rhk=_names(bare))
    if not skp.cycle.require_cascade:
        return None
    if agreement.is_unit_head(skp) and agreement.has_targets(skp.unit_id, skp.cycle.year):
        loose = [r for r in main if not r.target_links]
        if loose:
            return _("As head of the unit, link every main RHK to a target of the unit's "
                     "performance agreement (PK): %(rhk)s.", rhk=_names(loose))
    elif appraiser_plan_approved(skp):
        loose = [r for r in main if r.parent_id is None]
        if loose:
            return _("Name the appraiser's RHK that each main RHK supports (intervensi): "
                     "%(rhk)s.", rhk=_names(loose))
    return None


def skp_check(skp: Skp, transition) -> str | None:
    code = transition.code
    if transition.from_state == S.DRAFT and transition.to_state != S.DRAFT:
        return plan_problem(skp)
    if code in (ST.RECORD_APPROVAL, ST.RECORD_REJECTION) \
            and signers.appraiser_kind(skp) != signers.EXTERNAL:
        return _("The appraiser is not outside the system: nothing to record on their behalf.")
    if code == ST.RECORD_APPROVAL and signing.signature(ENTITY, skp.id, S.APPROVED) is None:
        return _("Record the signature of the appraiser outside the system first.")
    return None


def skp_pending(transition):
    if transition.code in (ST.RECORD_APPROVAL, ST.RECORD_REJECTION):
        return and_(Skp.appraiser_id.is_(None), Skp.appraiser_name.isnot(None))
    return None


def _deadline(evaluation: Evaluation):
    return evaluation.deadline or periods.deadline(evaluation.skp.cycle, evaluation.period)


def evaluation_check(evaluation: Evaluation, transition) -> str | None:
    code, source = transition.code, transition.from_state
    superior = signers.superior_kind(evaluation)
    if transition.to_state == E.RATED and not (evaluation.hasil_kerja and evaluation.perilaku):
        return _("Rate both the work results and the work behaviour first.")
    if code == ET.RECORD_RATING and (
            signers.appraiser_kind(evaluation) != signers.EXTERNAL
            or signing.signature(EVALUATION, evaluation.id, E.RATED) is None):
        return _("Record the signature of the appraiser outside the system first.")
    if code == ET.RECORD_SIGNATURE and (
            superior != signers.EXTERNAL
            or signing.signature(EVALUATION, evaluation.id, E.SIGNED) is None):
        return _("Record the signature of the appraiser's superior outside the system first.")
    if code in (ET.ACKNOWLEDGE, ET.FINALISE) and source == E.RATED and superior != signers.ABSENT:
        return _("The appraiser's superior signs first.")
    if code == ET.FINALISE and not periods.deadline_passed(_deadline(evaluation)):
        return _("The employee's acknowledgement deadline has not passed.")
    if code == ET.OBJECT:
        return objecting.object_problem(evaluation)
    if code in (ET.DECIDE, ET.RECORD_DECISION):
        if code == ET.RECORD_DECISION and superior == signers.INTERNAL:
            return _("The appraiser's superior decides with their own account.")
        return objecting.decision_problem(evaluation)
    if code == ET.CLOSE and not cycles.closing(evaluation.skp.cycle_id):
        return _("Evaluations are finalised as they stand only when HR finishes the cycle.")
    return None


def evaluation_pending(transition):
    """The inbox's narrowing for HR's transitions (the others go to named people)."""
    code, source = transition.code, transition.from_state
    no_superior = and_(Evaluation.superior_id.is_(None), Evaluation.skp_id.in_(
        select(Skp.id).where(Skp.superior_name.is_(None))))
    if code == ET.FINALISE:
        overdue = Evaluation.deadline < local_today()
        return and_(overdue, no_superior) if source == E.RATED else overdue
    if code == ET.RECORD_RATING:
        return and_(Evaluation.appraiser_id.is_(None), Evaluation.skp_id.in_(
            select(Skp.id).where(Skp.appraiser_name.isnot(None))))
    if code == ET.RECORD_SIGNATURE:
        return and_(Evaluation.superior_id.is_(None), Evaluation.skp_id.in_(
            select(Skp.id).where(Skp.superior_name.isnot(None))))
    if code == ET.RECORD_DECISION:
        return Evaluation.superior_id.is_(None)
    if code == ET.CLOSE:
        return false()
    return None
