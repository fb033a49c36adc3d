"""The RHK a daily activity report serves, picked on the report form: the plugin's side of
the core's `ReportLink` hook. The choices are the RHK of the author's SKP approved for the
report's year; the pick is stored as the plugin's `ReportLink` row (the same link the
evaluation page makes later), audited like every other change."""
from __future__ import annotations

from sqlalchemy import select

from app.core.hooks import ReportLink as ReportLinkHook
from app.extensions import db
from app.i18n import _l
from plugins.appraisal.models import AppraisalCycle, ReportLink, Rhk, Skp
from plugins.appraisal.states import SkpState

KIND_LABELS = {"utama": _l("main"), "tambahan": _l("additional")}


def choices(employee_id: int, day) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Rhk.id, Rhk.kind, Rhk.text).join(Skp, Skp.id == Rhk.skp_id)
        .join(AppraisalCycle, AppraisalCycle.id == Skp.cycle_id)
        .where(Skp.employee_id == employee_id, Skp.status == SkpState.APPROVED,
               AppraisalCycle.year == day.year)
        .order_by(Rhk.kind.desc(), Rhk.id)).all()
    return [(rhk_id, f"RHK {KIND_LABELS.get(kind, kind)}: {text[:150]}")
            for rhk_id, kind, text in rows]


def current(report_id: int) -> int | None:
    return db.session.scalar(select(ReportLink.rhk_id).where(ReportLink.report_id == report_id))


def save(report, chosen: int | None) -> None:
    link = db.session.get(ReportLink, report.id)
    if chosen is None:
        if link is not None:
            db.session.delete(link)
    elif link is None:
        db.session.add(ReportLink(report_id=report.id, rhk_id=chosen))
    elif link.rhk_id != chosen:
        link.rhk_id = chosen


def hook() -> ReportLinkHook:
    return ReportLinkHook(
        name="appraisal_rhk", label=_l("RHK served"), choices=choices, current=current,
        save=save, description=_l("The RHK of your approved SKP that this activity serves."))
