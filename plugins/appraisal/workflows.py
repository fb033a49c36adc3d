"""The default workflows of the appraisal plugin (seed data HR may change) and their engine
bindings. The codes come from `states`; the bindings declare the states and transitions the
code relies on (a contract: HR may relabel them and add states and transitions, but the editor
and the import refuse to remove or rename these). The rules that keep a record from a
transition (`check`) and narrow HR's inbox the same way (`pending`) live in
`transition_rules`.

- SKP: Draft -> Diajukan -> Disetujui / Ditolak (back to Draft, comment required), DOMAIN 3;
  the appraiser named on the SKP approves, or HR records the approval of an appraiser outside
  the system.
- Evaluation (periodic or annual): the appraiser rates and signs (Dinilai), the atasan pejabat
  penilai signs (Disahkan) or returns it with a comment, and it becomes Final when the employee
  acknowledges it, or when HR finalises it after the period's acknowledgement deadline. A
  signer outside the system signs through HR; with no atasan pejabat penilai the employee
  acknowledges the rated evaluation directly (the step is skipped). After the appraiser signs,
  the employee may object (Keberatan) within the cycle's days; the atasan pejabat penilai
  decides, and the evaluation goes on as signed. Finishing a cycle finalises what still awaits
  a signature, as it stands, if HR confirms it.
"""
from __future__ import annotations

from app.i18n import _l
from app.workflow.engine import Binding
from plugins.appraisal.states import (EvaluationState as E, EvaluationTransition as ET,
                                      SkpState as S, SkpTransition as ST)

ENTITY = "appraisal_skp"
EVALUATION = "appraisal_evaluation"

SKP_DEFINITION = {
    "entity": ENTITY,
    "name": "SKP",
    "initial_state": S.DRAFT,
    "states": [
        {"code": S.DRAFT, "label": "Draf", "is_final": False, "color": "secondary"},
        {"code": S.SUBMITTED, "label": "Diajukan", "is_final": False, "color": "info"},
        {"code": S.APPROVED, "label": "Disetujui", "is_final": True, "color": "success"},
    ],
    "transitions": [
        {"code": ST.SUBMIT, "label": "Ajukan", "from_state": S.DRAFT, "to_state": S.SUBMITTED,
         "approver": "owner"},
        {"code": ST.APPROVE, "label": "Setujui", "from_state": S.SUBMITTED,
         "to_state": S.APPROVED, "approver": "assigned", "role": "supervisor"},
        {"code": ST.REJECT, "label": "Tolak", "from_state": S.SUBMITTED, "to_state": S.DRAFT,
         "approver": "assigned", "role": "supervisor", "comment_required": True},
        {"code": ST.RECORD_APPROVAL, "label": "Catat persetujuan pejabat penilai di luar sistem",
         "from_state": S.SUBMITTED, "to_state": S.APPROVED, "approver": "role",
         "role": "hr_admin"},
        {"code": ST.RECORD_REJECTION, "label": "Catat penolakan pejabat penilai di luar sistem",
         "from_state": S.SUBMITTED, "to_state": S.DRAFT, "approver": "role",
         "role": "hr_admin", "comment_required": True},
    ],
}

EVALUATION_DEFINITION = {
    "entity": EVALUATION,
    "name": "Evaluasi SKP",
    "initial_state": E.DRAFT,
    "states": [
        {"code": E.DRAFT, "label": "Draf", "is_final": False, "color": "secondary"},
        {"code": E.RATED, "label": "Dinilai", "is_final": False, "color": "info"},
        {"code": E.SIGNED, "label": "Disahkan", "is_final": False, "color": "primary"},
        {"code": E.OBJECTED, "label": "Keberatan", "is_final": False, "color": "danger"},
        {"code": E.FINAL, "label": "Final", "is_final": True, "color": "success"},
    ],
    "transitions": [
        {"code": ET.RATE, "label": "Tetapkan dan tanda tangani penilaian", "from_state": E.DRAFT,
         "to_state": E.RATED, "approver": "assigned", "role": "supervisor"},
        {"code": ET.RECORD_RATING, "label": "Catat penilaian pejabat penilai di luar sistem",
         "from_state": E.DRAFT, "to_state": E.RATED, "approver": "role", "role": "hr_admin"},
        {"code": ET.SIGN, "label": "Sahkan (atasan pejabat penilai)", "from_state": E.RATED,
         "to_state": E.SIGNED, "approver": "assigned_second", "role": "supervisor"},
        {"code": ET.RECORD_SIGNATURE, "label": "Catat pengesahan atasan di luar sistem",
         "from_state": E.RATED, "to_state": E.SIGNED, "approver": "role", "role": "hr_admin"},
        {"code": ET.RETURN, "label": "Kembalikan ke pejabat penilai", "from_state": E.RATED,
         "to_state": E.DRAFT, "approver": "assigned_second", "role": "supervisor",
         "comment_required": True},
        {"code": ET.ACKNOWLEDGE, "label": "Terima penilaian", "from_state": E.SIGNED,
         "to_state": E.FINAL, "approver": "owner"},
        {"code": ET.ACKNOWLEDGE, "label": "Terima penilaian", "from_state": E.RATED,
         "to_state": E.FINAL, "approver": "owner"},
        {"code": ET.FINALISE, "label": "Finalkan (batas waktu terlewati)",
         "from_state": E.SIGNED, "to_state": E.FINAL, "approver": "role", "role": "hr_admin"},
        {"code": ET.FINALISE, "label": "Finalkan (batas waktu terlewati)",
         "from_state": E.RATED, "to_state": E.FINAL, "approver": "role", "role": "hr_admin"},
        {"code": ET.OBJECT, "label": "Ajukan keberatan", "from_state": E.RATED,
         "to_state": E.OBJECTED, "approver": "owner", "comment_required": True},
        {"code": ET.OBJECT, "label": "Ajukan keberatan", "from_state": E.SIGNED,
         "to_state": E.OBJECTED, "approver": "owner", "comment_required": True},
        {"code": ET.DECIDE, "label": "Putuskan keberatan", "from_state": E.OBJECTED,
         "to_state": E.SIGNED, "approver": "assigned_second", "role": "supervisor",
         "comment_required": True},
        {"code": ET.RECORD_DECISION, "label": "Catat keputusan keberatan di luar sistem",
         "from_state": E.OBJECTED, "to_state": E.SIGNED, "approver": "role",
         "role": "hr_admin", "comment_required": True},
        # HR's correction: the signed version stays on record, superseded with the reason.
        {"code": ET.REOPEN, "label": "Buka kembali untuk koreksi", "from_state": E.FINAL,
         "to_state": E.DRAFT, "approver": "role", "role": "hr_admin",
         "comment_required": True},
        # (also HR's own evaluations: closing a cycle is no self-approval)
        *({"code": ET.CLOSE, "label": "Finalkan saat siklus ditutup", "from_state": state,
           "to_state": E.FINAL, "approver": "role", "role": "hr_admin", "allow_self": True}
          for state in E.AWAITING),
    ],
}


def skp_binding() -> Binding:
    from plugins.appraisal.models import Skp
    from plugins.appraisal.transition_rules import skp_check, skp_pending

    return Binding(
        entity=ENTITY, model=Skp, endpoint="appraisal_skp", title=_l("SKP"),
        describe=lambda skp: str(skp), default=SKP_DEFINITION,
        initial_state=S.DRAFT, required_states=S.ALL,
        required_transitions=((ST.SUBMIT, S.DRAFT, S.SUBMITTED),
                              (ST.APPROVE, S.SUBMITTED, S.APPROVED)),
        locked=lambda skp: skp.cycle.locked,
        assigned_attr="appraiser_id", second_attr="superior_id",
        check=skp_check, pending=skp_pending,
    )


def evaluation_binding() -> Binding:
    from plugins.appraisal.models import Evaluation
    from plugins.appraisal.transition_rules import evaluation_check, evaluation_pending

    return Binding(
        entity=EVALUATION, model=Evaluation, endpoint="appraisal_evaluation",
        title=_l("SKP evaluations"), describe=lambda ev: str(ev),
        default=EVALUATION_DEFINITION, initial_state=E.DRAFT, required_states=E.ALL,
        # Those the code names or counts as "to do"; rejecting and returning stay HR's to shape.
        required_transitions=((ET.RATE, E.DRAFT, E.RATED), (ET.SIGN, E.RATED, E.SIGNED),
                              (ET.ACKNOWLEDGE, E.SIGNED, E.FINAL),
                              (ET.FINALISE, E.SIGNED, E.FINAL),
                              (ET.OBJECT, E.SIGNED, E.OBJECTED),
                              (ET.DECIDE, E.OBJECTED, E.SIGNED)),
        locked=lambda ev: ev.skp.cycle.locked,
        assigned_attr="appraiser_id", second_attr="superior_id",
        check=evaluation_check, pending=evaluation_pending,
    )
