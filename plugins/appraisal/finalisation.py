"""Tells other plugins when an evaluation becomes final (`appraisal-finalised`), whichever way
it got there: the employee's acknowledgement or HR's finalisation after the deadline."""
from __future__ import annotations

from app.core.signals import appraisal_finalised
from app.extensions import db
from plugins.appraisal.workflows import EVALUATION


def on_transition(sender, record_id: int, to_state: str, **_kwargs) -> None:
    if sender != EVALUATION or to_state != "final":
        return
    from plugins.appraisal.models import Evaluation

    evaluation = db.session.get(Evaluation, record_id)
    appraisal_finalised.send(
        "appraisal", employee_id=evaluation.employee_id, year=evaluation.skp.cycle.year,
        period=evaluation.period,
        ratings={"hasil_kerja": evaluation.hasil_kerja, "perilaku": evaluation.perilaku},
        predikat=evaluation.predikat)
