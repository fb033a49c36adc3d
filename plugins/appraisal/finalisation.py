"""What follows a workflow transition of an SKP or an evaluation (a `workflow-transitioned`
receiver, inside the engine's transaction):

- an evaluation becomes final, whichever way (acknowledged, finalised by HR after the
  deadline, closed with the cycle): other plugins hear it (`appraisal-finalised`);
- the employee objects: the objection keeps the reasons and the ratings objected to;
- a record goes back (an evaluation returned to Draft, an SKP rejected): the signatures HR
  recorded for the steps after it no longer stand;
- the appraiser signs (Rated) or an objection is decided: what the evaluation shows is frozen
  as a new version (`snapshots`); it goes back to Draft (returned, reopened by HR): the
  version in force is superseded with the reason; it becomes final: its PDF is kept (except
  when a whole cycle is closed at once: then at the first download).
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
    from plugins.appraisal import snapshots

    if to_state == EvaluationState.DRAFT:
        signing.forget(EVALUATION, record_id, [EvaluationState.RATED, EvaluationState.SIGNED])
        snapshots.supersede(record_id, comment)
    elif to_state == EvaluationState.RATED:
        snapshots.take(_evaluation(record_id))
    elif transition == EvaluationTransition.OBJECT:
        objecting.record_objection(record_id, comment)
    elif transition in (EvaluationTransition.DECIDE, EvaluationTransition.RECORD_DECISION):
        snapshots.take(_evaluation(record_id), reason=comment)
    elif to_state == EvaluationState.FINAL:
        _finalised(record_id, keep_pdf=transition != EvaluationTransition.CLOSE)


def _evaluation(record_id: int):
    from plugins.appraisal.models import Evaluation

    return db.session.get(Evaluation, record_id)


def _finalised(record_id: int, keep_pdf: bool) -> None:
    from plugins.appraisal import snapshots

    evaluation = _evaluation(record_id)
    version = snapshots.current(record_id) or snapshots.take(evaluation)
    if keep_pdf:
        snapshots.keep_pdf(version, evaluation)
    appraisal_finalised.send(
        "appraisal", employee_id=evaluation.employee_id, year=evaluation.skp.cycle.year,
        period=evaluation.period,
        ratings={"hasil_kerja": evaluation.hasil_kerja, "perilaku": evaluation.perilaku},
        predikat=evaluation.predikat)
