"""Who writes which part of an evaluation, and when.

- the employee's part (realisasi with evidence, daily reports linked to an RHK) is the
  employee's;
- the appraiser's part (umpan balik and the two ratings) is the appraiser's, or HR's on
  behalf of an appraiser outside the system;
- both only while the evaluation is a Draft and its cycle is open.
"""
from __future__ import annotations

from app.i18n import _
from plugins.appraisal import signers
from plugins.appraisal.services import Actor, NotYours, Refused
from plugins.appraisal.states import EvaluationState

EMPLOYEE_PART = "employee"
APPRAISER_PART = "appraiser"


def owns_part(evaluation, part: str, actor: Actor) -> bool:
    me = actor.employee_id
    if part == EMPLOYEE_PART:
        return me is not None and me == evaluation.employee_id
    if me is not None and me == evaluation.appraiser_id:
        return True
    return actor.hr and signers.appraiser_kind(evaluation) == signers.EXTERNAL


def editable(evaluation) -> bool:
    return evaluation.status == EvaluationState.DRAFT and not evaluation.skp.cycle.locked


def may_edit(evaluation, part: str, actor: Actor) -> bool:
    return editable(evaluation) and owns_part(evaluation, part, actor)


def check_part(evaluation, part: str, actor: Actor) -> None:
    """NotYours when the part is someone else's; Refused when the state or the locked cycle
    forbids any edit now."""
    if not owns_part(evaluation, part, actor):
        raise NotYours
    if evaluation.skp.cycle.locked:
        raise Refused(_("The cycle is finished and locked."))
    if evaluation.status != EvaluationState.DRAFT:
        raise Refused(_("Only a draft evaluation can be changed; this one has moved on."))
