"""The activity report's workflow: the states its code relies on (a contract HR's edits keep),
the default definition (seed data HR may change) and its engine binding."""
from app.i18n import _l
from app.workflow.engine import Binding

ENTITY = "activity_report"

# States the code compares with (the dashboard's counts, the model's default, the demo).
# HR may relabel them and add states and transitions; the editor and the import refuse to
# remove or rename these.
DRAFT, SUBMITTED, VERIFIED, RETURNED = "draft", "submitted", "verified", "returned"
SUBMIT, VERIFY, RETURN = "submit", "verify", "return"

# Draft -> Diajukan -> Diverifikasi / Dikembalikan -> Diajukan (DOMAIN 4). Labels are data: HR
# renames them in the back office.
DEFAULT_DEFINITION = {
    "entity": ENTITY,
    "name": "Laporan kegiatan harian",
    "initial_state": DRAFT,
    "states": [
        {"code": DRAFT, "label": "Draf", "is_final": False, "color": "secondary"},
        {"code": SUBMITTED, "label": "Diajukan", "is_final": False, "color": "info"},
        {"code": VERIFIED, "label": "Diverifikasi", "is_final": True, "color": "success"},
        {"code": RETURNED, "label": "Dikembalikan", "is_final": False, "color": "warning"},
    ],
    "transitions": [
        {"code": SUBMIT, "label": "Ajukan", "from_state": DRAFT, "to_state": SUBMITTED,
         "approver": "owner"},
        {"code": SUBMIT, "label": "Ajukan kembali", "from_state": RETURNED,
         "to_state": SUBMITTED, "approver": "owner"},
        {"code": VERIFY, "label": "Verifikasi", "from_state": SUBMITTED,
         "to_state": VERIFIED, "approver": "owner_supervisor", "role": "supervisor"},
        {"code": RETURN, "label": "Kembalikan", "from_state": SUBMITTED,
         "to_state": RETURNED, "approver": "owner_supervisor", "role": "supervisor",
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
        default=DEFAULT_DEFINITION,
        initial_state=DRAFT, required_states=(DRAFT, SUBMITTED, VERIFIED, RETURNED),
        extra_values=_extra_values,
    )
