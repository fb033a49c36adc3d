"""What follows a workflow transition of an SKP or an evaluation (a `workflow-transitioned`
receiver, inside the engine's transaction):

- an evaluation becomes final, whichever way (acknowledged, finalised by HR after the
  deadline, closed with the cycle): other plugins hear it (`appraisal-finalised`);
- the employee objects: the objection keeps the reasons and the ratings objected to;
- a record goes back (an evaluation returned to Draft, an SKP rejected): the signatures HR
  recorded for the steps after it no longer stand.
"""
from __future__ import annotations

from app.core.signals import appraisal_finalised
from app.extensions import db
from plugins.appraisal.states import EvaluationState, EvaluationTransition, SkpState
from plugins.appraisal.workflows import ENTITY, EVALUATION


def on_transition(sender, record_id: int, to_state: str, transition: str = "",
                  comment: str = "", **_kwargs) -> None:
    from plugins.appraisal.services import objecting, signing

    if sender == ENTITY and to_state == SkpState.DRAFT:
        signing.forget(ENTITY, record_id, [SkpState.APPROVED])
    if sender != EVALUATION:
        return
    if to_state == EvaluationState.DRAFT:
        signing.forget(EVALUATION, record_id, [EvaluationState.RATED, EvaluationState.SIGNED])
    elif transition == EvaluationTransition.OBJECT:
        objecting.record_objection(record_id, comment)
    elif to_state == EvaluationState.FINAL:
        _finalised(record_id)


def _finalised(record_id: int) -> None:
    from plugins.appraisal.models import Evaluation

    evaluation = db.session.get(Evaluation, record_id)
    appraisal_finalised.send(
        "appraisal", employee_id=evaluation.employee_id, year=evaluation.skp.cycle.year,
        period=evaluation.period,
        ratings={"hasil_kerja": evaluation.hasil_kerja, "perilaku": evaluation.perilaku},
        predikat=evaluation.predikat)
