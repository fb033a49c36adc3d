"""The appraisal plugin's workflows: the states and transitions its code relies on (a
contract: HR may relabel them and add states and transitions, but the editor and the import
refuse to remove or rename these), the default definitions (seed data HR may change) and the
engine bindings.

- SKP: Draft -> Diajukan -> Disetujui / Ditolak (back to Draft, comment required), DOMAIN 3;
  the appraiser named on the SKP approves.
- Evaluation (periodic or annual): the appraiser rates and signs (Dinilai), the atasan pejabat
  penilai signs (Disahkan) or returns it with a comment, and it becomes Final when the employee
  acknowledges it, or when HR finalises it after the cycle's acknowledgement deadline.

The plugin's code compares with these constants, never with literal codes.
"""
from __future__ import annotations

from app.i18n import _, _l, local_today
from app.workflow.engine import Binding

ENTITY = "appraisal_skp"
EVALUATION = "appraisal_evaluation"

# SKP states and transitions (codes; their labels are data).
SKP_DRAFT, SKP_SUBMITTED, SKP_APPROVED = "draft", "submitted", "approved"
SKP_SUBMIT, SKP_APPROVE, SKP_REJECT = "submit", "approve", "reject"
# Evaluation states and transitions.
EV_DRAFT, EV_RATED, EV_SIGNED, EV_FINAL = "draft", "rated", "signed", "final"
EV_RATE, EV_SIGN, EV_RETURN, EV_ACKNOWLEDGE, EV_FINALISE = (
    "rate", "sign", "return", "acknowledge", "finalise")

SKP_DEFINITION = {
    "entity": ENTITY,
    "name": "SKP",
    "initial_state": SKP_DRAFT,
    "states": [
        {"code": SKP_DRAFT, "label": "Draf", "is_final": False},
        {"code": SKP_SUBMITTED, "label": "Diajukan", "is_final": False},
        {"code": SKP_APPROVED, "label": "Disetujui", "is_final": True},
    ],
    "transitions": [
        {"code": SKP_SUBMIT, "label": "Ajukan", "from_state": SKP_DRAFT,
         "to_state": SKP_SUBMITTED, "approver": "owner"},
        {"code": SKP_APPROVE, "label": "Setujui", "from_state": SKP_SUBMITTED,
         "to_state": SKP_APPROVED, "approver": "assigned", "role": "supervisor"},
        {"code": SKP_REJECT, "label": "Tolak", "from_state": SKP_SUBMITTED,
         "to_state": SKP_DRAFT, "approver": "assigned", "role": "supervisor",
         "comment_required": True},
    ],
}

EVALUATION_DEFINITION = {
    "entity": EVALUATION,
    "name": "Evaluasi SKP",
    "initial_state": EV_DRAFT,
    "states": [
        {"code": EV_DRAFT, "label": "Draf", "is_final": False},
        {"code": EV_RATED, "label": "Dinilai", "is_final": False},
        {"code": EV_SIGNED, "label": "Disahkan", "is_final": False},
        {"code": EV_FINAL, "label": "Final", "is_final": True},
    ],
    "transitions": [
        {"code": EV_RATE, "label": "Tetapkan dan tanda tangani penilaian",
         "from_state": EV_DRAFT, "to_state": EV_RATED, "approver": "assigned",
         "role": "supervisor"},
        {"code": EV_SIGN, "label": "Sahkan (atasan pejabat penilai)", "from_state": EV_RATED,
         "to_state": EV_SIGNED, "approver": "assigned_second", "role": "supervisor"},
        {"code": EV_RETURN, "label": "Kembalikan ke pejabat penilai", "from_state": EV_RATED,
         "to_state": EV_DRAFT, "approver": "assigned_second", "role": "supervisor",
         "comment_required": True},
        {"code": EV_ACKNOWLEDGE, "label": "Terima penilaian", "from_state": EV_SIGNED,
         "to_state": EV_FINAL, "approver": "owner"},
        {"code": EV_FINALISE, "label": "Finalkan (batas waktu terlewati)",
         "from_state": EV_SIGNED, "to_state": EV_FINAL, "approver": "role",
         "role": "hr_admin"},
    ],
}

# What the code relies on (the bindings' contracts below). Every state: the counts
# (dashboard, cycle health, angka kredit), the document's signatures and the finalisation
# signal compare with them. Transitions: those the code names or counts as "to do"; rejecting
# and returning stay HR's to shape.


def skp_check(skp, transition) -> str | None:
    """An SKP goes to the appraiser only with at least one RHK utama that has an indicator."""
    if transition.from_state == SKP_DRAFT and transition.to_state != SKP_DRAFT and not any(
            rhk.kind == "utama" and rhk.indicators for rhk in skp.rhks):
        return _("Add at least one main RHK with an indicator before submitting the SKP.")
    return None


def skp_binding() -> Binding:
    from plugins.appraisal.models import Skp

    return Binding(
        entity=ENTITY, model=Skp, endpoint="appraisal_skp", title=_l("SKP"),
        describe=lambda skp: str(skp), default=SKP_DEFINITION,
        initial_state=SKP_DRAFT, required_states=(SKP_DRAFT, SKP_SUBMITTED, SKP_APPROVED),
        required_transitions=((SKP_SUBMIT, SKP_DRAFT, SKP_SUBMITTED),
                              (SKP_APPROVE, SKP_SUBMITTED, SKP_APPROVED)),
        locked=lambda skp: skp.cycle.locked,
        assigned_attr="appraiser_id", second_attr="superior_id",
        check=skp_check,
    )


def evaluation_check(evaluation, transition) -> str | None:
    """What keeps an evaluation from a transition: both ratings before the appraiser signs;
    HR finalises without the employee only once the cycle's deadline has passed."""
    if transition.to_state == EV_RATED and not (evaluation.hasil_kerja and evaluation.perilaku):
        return _("Rate both the work results and the work behaviour first.")
    if transition.code == EV_FINALISE:
        deadline = evaluation.skp.cycle.acknowledgement_deadline
        if deadline is None or local_today() <= deadline:
            return _("The employee's acknowledgement deadline has not passed.")
    return None


def evaluation_binding() -> Binding:
    from plugins.appraisal.models import Evaluation

    return Binding(
        entity=EVALUATION, model=Evaluation, endpoint="appraisal_evaluation",
        title=_l("SKP evaluations"), describe=lambda ev: str(ev),
        default=EVALUATION_DEFINITION,
        initial_state=EV_DRAFT, required_states=(EV_DRAFT, EV_RATED, EV_SIGNED, EV_FINAL),
        required_transitions=((EV_RATE, EV_DRAFT, EV_RATED), (EV_SIGN, EV_RATED, EV_SIGNED),
                              (EV_ACKNOWLEDGE, EV_SIGNED, EV_FINAL),
                              (EV_FINALISE, EV_SIGNED, EV_FINAL)),
        locked=lambda ev: ev.skp.cycle.locked,
        assigned_attr="appraiser_id", second_attr="superior_id",
        check=evaluation_check,
    )
