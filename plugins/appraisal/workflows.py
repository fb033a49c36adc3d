"""The default workflows of the appraisal plugin (seed data HR may change) and their engine
bindings.

- SKP: Draft -> Diajukan -> Disetujui / Ditolak (back to Draft, comment required), DOMAIN 3;
  the appraiser named on the SKP approves.
- Evaluation (periodic or annual): the appraiser rates and signs (Dinilai), the atasan pejabat
  penilai signs (Disahkan) or returns it with a comment, and it becomes Final when the employee
  acknowledges it, or when HR finalises it after the cycle's acknowledgement deadline.
"""
from __future__ import annotations

from flask import url_for

from app.i18n import _, _l, local_today
from app.workflow.engine import Binding

ENTITY = "appraisal_skp"
EVALUATION = "appraisal_evaluation"

SKP_DEFINITION = {
    "entity": ENTITY,
    "name": "SKP",
    "initial_state": "draft",
    "states": [
        {"code": "draft", "label": "Draf", "is_final": False},
        {"code": "submitted", "label": "Diajukan", "is_final": False},
        {"code": "approved", "label": "Disetujui", "is_final": True},
    ],
    "transitions": [
        {"code": "submit", "label": "Ajukan", "from_state": "draft", "to_state": "submitted",
         "approver": "owner"},
        {"code": "approve", "label": "Setujui", "from_state": "submitted",
         "to_state": "approved", "approver": "assigned", "role": "supervisor"},
        {"code": "reject", "label": "Tolak", "from_state": "submitted", "to_state": "draft",
         "approver": "assigned", "role": "supervisor", "comment_required": True},
    ],
}

EVALUATION_DEFINITION = {
    "entity": EVALUATION,
    "name": "Evaluasi SKP",
    "initial_state": "draft",
    "states": [
        {"code": "draft", "label": "Draf", "is_final": False},
        {"code": "rated", "label": "Dinilai", "is_final": False},
        {"code": "signed", "label": "Disahkan", "is_final": False},
        {"code": "final", "label": "Final", "is_final": True},
    ],
    "transitions": [
        {"code": "rate", "label": "Tetapkan dan tanda tangani penilaian", "from_state": "draft",
         "to_state": "rated", "approver": "assigned", "role": "supervisor"},
        {"code": "sign", "label": "Sahkan (atasan pejabat penilai)", "from_state": "rated",
         "to_state": "signed", "approver": "assigned_second", "role": "supervisor"},
        {"code": "return", "label": "Kembalikan ke pejabat penilai", "from_state": "rated",
         "to_state": "draft", "approver": "assigned_second", "role": "supervisor",
         "comment_required": True},
        {"code": "acknowledge", "label": "Terima penilaian", "from_state": "signed",
         "to_state": "final", "approver": "owner"},
        {"code": "finalise", "label": "Finalkan (batas waktu terlewati)", "from_state": "signed",
         "to_state": "final", "approver": "role", "role": "hr_admin"},
    ],
}


def skp_check(skp, transition) -> str | None:
    """An SKP goes to the appraiser only with at least one RHK utama that has an indicator."""
    if transition.from_state == "draft" and transition.to_state != "draft" and not any(
            rhk.kind == "utama" and rhk.indicators for rhk in skp.rhks):
        return _("Add at least one main RHK with an indicator before submitting the SKP.")
    return None


def skp_binding() -> Binding:
    from plugins.appraisal.models import Skp

    return Binding(
        entity=ENTITY, model=Skp, endpoint="appraisal_skp", title=_l("SKP"),
        describe=lambda skp: str(skp),
        list_url=lambda state: url_for("appraisal_skp.index_view", flt1_0=state),
        locked=lambda skp: skp.cycle.locked,
        assigned_attr="appraiser_id", second_attr="superior_id",
        check=skp_check,
    )


def evaluation_check(evaluation, transition) -> str | None:
    """What keeps an evaluation from a transition: both ratings before the appraiser signs;
    HR finalises without the employee only once the cycle's deadline has passed."""
    if transition.to_state == "rated" and not (evaluation.hasil_kerja and evaluation.perilaku):
        return _("Rate both the work results and the work behaviour first.")
    if transition.code == "finalise":
        deadline = evaluation.skp.cycle.acknowledgement_deadline
        if deadline is None or local_today() <= deadline:
            return _("The employee's acknowledgement deadline has not passed.")
    return None


def evaluation_binding() -> Binding:
    from plugins.appraisal.models import Evaluation

    return Binding(
        entity=EVALUATION, model=Evaluation, endpoint="appraisal_evaluation",
        title=_l("SKP evaluations"), describe=lambda ev: str(ev),
        list_url=lambda state: url_for("appraisal_evaluation.index_view", flt1_0=state),
        locked=lambda ev: ev.skp.cycle.locked,
        assigned_attr="appraiser_id", second_attr="superior_id",
        check=evaluation_check,
    )
