"""The employee counts their daily reports towards an RHK of the evaluated SKP: only their
own reports of the evaluation's period that count towards no RHK yet; unlinking works on
the same period only (another period's report counts towards its own evaluation, which may
have moved on)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import _
from app.performance.models import ActivityReport
from plugins.appraisal.models import Evaluation, ReportLink, Rhk
from plugins.appraisal.periods import period_span
from plugins.appraisal.services import Actor, Refused
from plugins.appraisal.services.editing import EMPLOYEE_PART, check_part


def _in_period(evaluation: Evaluation):
    first, last = period_span(evaluation.skp.cycle, evaluation.period)
    return (ActivityReport.employee_id == evaluation.employee_id,
            ActivityReport.date.between(first, last))


def link(evaluation: Evaluation, rhk_id: int | None, report_ids: set[int],
         actor: Actor) -> list[tuple[str, str]]:
    """Link the eligible reports among `report_ids`; commits. Returns (message, category)."""
    check_part(evaluation, EMPLOYEE_PART, actor)
    rhk = db.session.scalar(select(Rhk).where(Rhk.id == rhk_id,
                                              Rhk.skp_id == evaluation.skp_id)) \
        if rhk_id is not None else None
    if rhk is None:
        raise Refused(_("Choose an RHK of this SKP."))
    ids = db.session.scalars(
        select(ActivityReport.id)
        .outerjoin(ReportLink, ReportLink.report_id == ActivityReport.id)
        .where(ActivityReport.id.in_(report_ids), *_in_period(evaluation),
               ReportLink.report_id.is_(None))
        .order_by(ActivityReport.id)).all() if report_ids else []
    if not ids:
        raise Refused(_("Choose at least one of your reports of this period that is not "
                        "linked yet."))
    db.session.add_all([ReportLink(report_id=i, rhk_id=rhk.id) for i in ids])
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Refused(_("Some of these reports were linked in the meantime; nothing was "
                        "changed. Reload the page.")) from None
    notices = [(_("%(count)s report(s) linked to the RHK.", count=len(ids)), "success")]
    if len(report_ids) > len(ids):
        notices.append((_("%(count)s report(s) were not linked: they are not yours, not of "
                          "this period or already linked.", count=len(report_ids) - len(ids)),
                        "warning"))
    return notices


def unlink(evaluation: Evaluation, report_id: int | None, actor: Actor) -> str:
    check_part(evaluation, EMPLOYEE_PART, actor)
    found = db.session.scalar(
        select(ReportLink).join(Rhk, Rhk.id == ReportLink.rhk_id)
        .join(ActivityReport, ActivityReport.id == ReportLink.report_id)
        .where(ReportLink.report_id == report_id, Rhk.skp_id == evaluation.skp_id,
               *_in_period(evaluation))) if report_id is not None else None
    if found is None:
        raise Refused(_("This report is not linked to an RHK of this SKP."))
    db.session.delete(found)
    db.session.commit()
    return _("The report no longer counts towards the RHK.")
