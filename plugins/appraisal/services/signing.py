"""Signatures of signers outside the system (DOMAIN 3, "Who signs"): HR records who signed
(name and position, prefilled from the SKP), and on which date, for the step the outsider
takes: approving an SKP, rating an evaluation (the appraiser) or signing it (the atasan
pejabat penilai). The record and the transition are one change, in the audit trail as both.

A step taken again (a plan rejected and resubmitted, an evaluation returned and rated again)
needs a new signature: going back drops the ones of the steps after it (`forget`).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.i18n import _
from plugins.appraisal import signers
from plugins.appraisal.models import ExternalSignature
from plugins.appraisal.services import Actor, NotYours, Refused, transitions
from plugins.appraisal.states import EvaluationState, EvaluationTransition, SkpState, \
    SkpTransition
from plugins.appraisal.workflows import ENTITY, EVALUATION

# (entity, state reached) -> (the state the step starts from, the signer's role on the SKP,
# the transition HR records)
STEPS = {
    (ENTITY, SkpState.APPROVED): (SkpState.SUBMITTED, "appraiser",
                                  SkpTransition.RECORD_APPROVAL),
    (EVALUATION, EvaluationState.RATED): (EvaluationState.DRAFT, "appraiser",
                                          EvaluationTransition.RECORD_RATING),
    (EVALUATION, EvaluationState.SIGNED): (EvaluationState.RATED, "superior",
                                           EvaluationTransition.RECORD_SIGNATURE),
}
DECIDED = "decided"   # the step of an objection's decision (see services.objecting)


def signature(entity: str, record_id: int, step: str) -> ExternalSignature | None:
    return db.session.scalar(select(ExternalSignature).where(
        ExternalSignature.entity == entity, ExternalSignature.record_id == record_id,
        ExternalSignature.step == step).order_by(ExternalSignature.id.desc()).limit(1))


def signatures(entity: str, record_id: int) -> dict[str, ExternalSignature]:
    """Step -> the latest recorded signature of a record."""
    return {s.step: s for s in db.session.scalars(select(ExternalSignature).where(
        ExternalSignature.entity == entity, ExternalSignature.record_id == record_id)
        .order_by(ExternalSignature.id))}


def forget(entity: str, record_id: int, steps) -> None:
    """Drop the signatures of `steps` (the record went back before them); not committed."""
    for row in db.session.scalars(select(ExternalSignature).where(
            ExternalSignature.entity == entity, ExternalSignature.record_id == record_id,
            ExternalSignature.step.in_(list(steps)))):
        db.session.delete(row)


def pending_step(entity: str, record) -> str | None:
    """The step of `record` an outsider must take now (HR records it), or None."""
    for (step_entity, state), (source, role, _code) in STEPS.items():
        kind = signers.appraiser_kind if role == "appraiser" else signers.superior_kind
        if step_entity == entity and record.status == source \
                and kind(record) == signers.EXTERNAL:
            return state
    return None


def record(entity: str, record_, step: str, name: str, position: str, signed_on: date,
           actor: Actor, user) -> str:
    """HR records the outsider's signature of `step` and applies the step; commits."""
    if not actor.hr:
        raise NotYours
    if (entity, step) not in STEPS or pending_step(entity, record_) != step:
        raise Refused(_("This step is not one a signer outside the system takes now."))
    transitions.claim(entity, record_)
    db.session.add(ExternalSignature(entity=entity, record_id=record_.id, step=step,
                                     name=name.strip(), position=position.strip(),
                                     signed_on=signed_on))
    db.session.flush()
    transitions.apply(entity, record_, STEPS[(entity, step)][2], user)
    return _("The signature of %(name)s is recorded.", name=name.strip())
