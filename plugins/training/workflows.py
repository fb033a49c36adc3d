"""The training workflows on the core engine (seed data HR may change) and their bindings.

- Session: Direncanakan -> Disetujui (HR approves) -> Berlangsung -> Selesai (the trainer
  starts and finishes it), or Dibatalkan with a reason (the trainer, or HR) from any state
  before Selesai. The owner of a session is its trainer.
- External JP: an employee's record of an outside training goes Diajukan -> Diverifikasi or
  Ditolak (HR, with a comment); a rejected one may be corrected and submitted again.
"""
from __future__ import annotations

from app.i18n import _l
from app.workflow.engine import Binding

SESSION = "training_session"
PLANNED, APPROVED, RUNNING, DONE, CANCELLED = (
    "direncanakan", "disetujui", "berlangsung", "selesai", "dibatalkan")
APPROVE, START, FINISH, CANCEL, CANCEL_HR = "approve", "start", "finish", "cancel", "cancel_hr"

SESSION_DEFINITION = {
    "entity": SESSION,
    "name": "Sesi pelatihan",
    "initial_state": PLANNED,
    "states": [
        {"code": PLANNED, "label": "Direncanakan", "is_final": False, "color": "secondary"},
        {"code": APPROVED, "label": "Disetujui", "is_final": False, "color": "info"},
        {"code": RUNNING, "label": "Berlangsung", "is_final": False, "color": "primary"},
        {"code": DONE, "label": "Selesai", "is_final": True, "color": "success"},
        {"code": CANCELLED, "label": "Dibatalkan", "is_final": True, "color": "dark"},
    ],
    "transitions": [
        {"code": APPROVE, "label": "Setujui", "from_state": PLANNED, "to_state": APPROVED,
         "approver": "role", "role": "hr_admin"},
        {"code": START, "label": "Mulai", "from_state": APPROVED, "to_state": RUNNING,
         "approver": "owner"},
        {"code": FINISH, "label": "Selesaikan", "from_state": RUNNING, "to_state": DONE,
         "approver": "owner"},
        *({"code": CANCEL, "label": "Batalkan", "from_state": state, "to_state": CANCELLED,
           "approver": "owner", "comment_required": True}
          for state in (PLANNED, APPROVED, RUNNING)),
        *({"code": CANCEL_HR, "label": "Batalkan (BKPSDM)", "from_state": state,
           "to_state": CANCELLED, "approver": "role", "role": "hr_admin",
           "comment_required": True}
          for state in (PLANNED, APPROVED, RUNNING)),
    ],
}

EXTERNAL = "training_external"
SUBMITTED, VERIFIED, REJECTED = "diajukan", "diverifikasi", "ditolak"
VERIFY, REJECT, RESUBMIT = "verify", "reject", "resubmit"

EXTERNAL_DEFINITION = {
    "entity": EXTERNAL,
    "name": "JP pelatihan luar",
    "initial_state": SUBMITTED,
    "states": [
        {"code": SUBMITTED, "label": "Diajukan", "is_final": False, "color": "info"},
        {"code": VERIFIED, "label": "Diverifikasi", "is_final": True, "color": "success"},
        {"code": REJECTED, "label": "Ditolak", "is_final": False, "color": "danger"},
    ],
    "transitions": [
        {"code": VERIFY, "label": "Verifikasi", "from_state": SUBMITTED, "to_state": VERIFIED,
         "approver": "role", "role": "hr_admin"},
        {"code": REJECT, "label": "Tolak", "from_state": SUBMITTED, "to_state": REJECTED,
         "approver": "role", "role": "hr_admin", "comment_required": True},
        {"code": RESUBMIT, "label": "Ajukan lagi", "from_state": REJECTED,
         "to_state": SUBMITTED, "approver": "owner"},
    ],
}


def _cancel_reason(transition, user, comment):
    return {"cancel_reason": comment} if transition.to_state == CANCELLED else {}


def session_binding() -> Binding:
    from plugins.training.models import TrainingSession

    return Binding(
        entity=SESSION, model=TrainingSession, endpoint="training_session",
        owner_attr="trainer_id", title=_l("Training sessions"), describe=str,
        default=SESSION_DEFINITION, initial_state=PLANNED,
        required_states=(PLANNED, APPROVED, RUNNING, DONE, CANCELLED),
        required_transitions=((APPROVE, PLANNED, APPROVED), (START, APPROVED, RUNNING),
                              (FINISH, RUNNING, DONE)),
        extra_values=_cancel_reason,
    )


def external_binding() -> Binding:
    from plugins.training.models import ExternalJp

    return Binding(
        entity=EXTERNAL, model=ExternalJp, endpoint="training_external",
        title=_l("JP from outside trainings"), describe=str, default=EXTERNAL_DEFINITION,
        initial_state=SUBMITTED, required_states=(SUBMITTED, VERIFIED),
        required_transitions=((VERIFY, SUBMITTED, VERIFIED),),
    )
