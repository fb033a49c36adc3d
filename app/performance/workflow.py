"""The activity report's default workflow (seed data HR may change) and its engine binding."""
from flask import url_for

from app.i18n import _l
from app.workflow.engine import Binding

ENTITY = "activity_report"

# Draft -> Diajukan -> Diverifikasi / Dikembalikan -> Diajukan (DOMAIN 4). Labels are data: HR
# renames them in the back office.
DEFAULT_DEFINITION = {
    "entity": ENTITY,
    "name": "Laporan kegiatan harian",
    "initial_state": "draft",
    "states": [
        {"code": "draft", "label": "Draf", "is_final": False},
        {"code": "submitted", "label": "Diajukan", "is_final": False},
        {"code": "verified", "label": "Diverifikasi", "is_final": True},
        {"code": "returned", "label": "Dikembalikan", "is_final": False},
    ],
    "transitions": [
        {"code": "submit", "label": "Ajukan", "from_state": "draft", "to_state": "submitted",
         "approver": "owner"},
        {"code": "submit", "label": "Ajukan kembali", "from_state": "returned",
         "to_state": "submitted", "approver": "owner"},
        {"code": "verify", "label": "Verifikasi", "from_state": "submitted",
         "to_state": "verified", "approver": "owner_supervisor", "role": "supervisor"},
        {"code": "return", "label": "Kembalikan", "from_state": "submitted",
         "to_state": "returned", "approver": "owner_supervisor", "role": "supervisor",
         "comment_required": True},
    ],
}


def _extra_values(transition, user, comment):
    """Reviews record who reviewed, when and why; the owner's moves record the submission."""
    from app.i18n import utcnow

    now = utcnow()
    if transition.approver == "owner":
        return {"submitted_at": now}
    return {"reviewed_at": now, "reviewer_id": user.employee_id, "review_comment": comment}


def binding() -> Binding:
    from app.performance.models import ActivityReport

    return Binding(
        entity=ENTITY, model=ActivityReport, endpoint="activity_report",
        title=_l("Daily activity reports"),
        describe=lambda r: f"{r.date:%d-%m-%Y} {r.description[:60]}",
        extra_values=_extra_values,
        list_url=lambda state: url_for("activity_report.index_view", flt1_0=state),
    )
