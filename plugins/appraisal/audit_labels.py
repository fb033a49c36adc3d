"""How the audit trail names the appraisal tables no admin view shows (`Module.audit_labels`)."""
from __future__ import annotations

from app.core.hooks import AuditLabels
from app.i18n import _l
from plugins.appraisal.behaviours import BEHAVIOUR_NAMES
from plugins.appraisal.labels import PREDIKAT_LABELS, RATING_LABELS
from plugins.appraisal.models import MEASURES, OBJECTION_DECISIONS

RATINGS = {"hasil_kerja": RATING_LABELS, "perilaku": RATING_LABELS, "predikat": PREDIKAT_LABELS}


def audit_labels() -> list[AuditLabels]:
    behaviour = {"behaviour": _l("Behaviour")}
    return [
        AuditLabels("appraisal_expectation", _l("Leader's expectation"), behaviour,
                    {"behaviour": BEHAVIOUR_NAMES}),
        AuditLabels("appraisal_feedback", _l("Feedback"), behaviour,
                    {"behaviour": BEHAVIOUR_NAMES}),
        AuditLabels("appraisal_realisation", _l("IKI realisation")),
        AuditLabels("appraisal_evaluation_snapshot", _l("Signed evaluation document"),
                    {"predikat": _l("Predikat")}, RATINGS),
        AuditLabels("appraisal_external_signature", _l("Signature outside the system"),
                    {"signed_on": _l("Signed on"), "step": _l("Step")}),
        AuditLabels("appraisal_rhk_target", _l("RHK linked to a target")),
        AuditLabels("appraisal_report_link", _l("Report served an RHK")),
        AuditLabels("appraisal_objection", _l("Objection"),
                    {"reasons": _l("Reasons"), "hasil_kerja": _l("Work results"),
                     "perilaku": _l("Work behaviour"), "predikat": _l("Predikat"),
                     "decision": _l("Decision"), "decision_reasons": _l("Reasons for the decision"),
                     "decided_by": _l("Decided by"), "decided_on": _l("Decided on")},
                    {**RATINGS, "decision": OBJECTION_DECISIONS}),
        # (an IKI is edited inline on the RHK form, which offers its aspects by a function)
        AuditLabels("appraisal_indicator", _l("IKI"), {}, {"aspect": MEASURES}),
        AuditLabels("appraisal_evaluation", _l("Evaluation"), {}, RATINGS),
    ]
