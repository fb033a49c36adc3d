"""The SKP's default workflow (seed data HR may change) and its engine binding.

Draft -> Diajukan -> Disetujui / Ditolak (back to Draft, comment required) per DOMAIN 3.
"""
from flask import url_for

from app.i18n import _l
from app.workflow.engine import Binding

ENTITY = "appraisal_skp"

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
         "to_state": "approved", "approver": "owner_supervisor", "role": "supervisor"},
        {"code": "reject", "label": "Tolak", "from_state": "submitted", "to_state": "draft",
         "approver": "owner_supervisor", "role": "supervisor", "comment_required": True},
    ],
}


def skp_binding() -> Binding:
    from plugins.appraisal.models import Skp

    return Binding(
        entity=ENTITY, model=Skp, endpoint="appraisal_skp", title=_l("SKP"),
        describe=lambda skp: str(skp),
        list_url=lambda state: url_for("appraisal_skp.index_view", flt1_0=state),
        locked=lambda skp: skp.cycle.locked,
    )
