"""The employee's realisasi per IKI with an evidence link and/or file. Only the indicators
the employee sent change; an emptied realisasi is removed; evidence needs a realisasi."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.admin.evidence import store_upload, upload_problem
from app.extensions import db
from app.i18n import _
from plugins.appraisal.models import Evaluation, Iki, IkiRealisation, Rhk
from plugins.appraisal.services import Actor, Refused
from plugins.appraisal.services.editing import EMPLOYEE_PART, check_part


@dataclass
class Entry:
    """What the employee sent for one indicator (an empty value removes its realisasi)."""

    indicator: Iki
    value: str
    url: str | None = None
    upload: object | None = None      # a werkzeug FileStorage


def indicators(evaluation: Evaluation) -> list[Iki]:
    """The IKI of the evaluation's SKP, in plan order."""
    return db.session.scalars(select(Iki).join(Rhk, Rhk.id == Iki.rhk_id).where(
        Rhk.skp_id == evaluation.skp_id).order_by(Iki.id)).all()


def entry_problem(entry: Entry) -> str | None:
    if not entry.value and (entry.url or entry.upload):
        return _("%(indicator)s: enter the realisation before its evidence.",
                 indicator=entry.indicator.name)
    if entry.upload is not None and (problem := upload_problem(entry.upload)):
        return f"{entry.indicator.name}: {problem}"
    return None


def save(evaluation: Evaluation, entries: list[Entry], actor: Actor) -> str:
    """Apply the entries (all or none) and commit; returns the success message."""
    check_part(evaluation, EMPLOYEE_PART, actor)
    problems = [p for p in map(entry_problem, entries) if p]
    if problems:
        raise Refused(*problems)
    existing = {r.indicator_id: r for r in evaluation.realisations}
    for entry in entries:
        row = existing.get(entry.indicator.id)
        if not entry.value:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = IkiRealisation(evaluation_id=evaluation.id, indicator_id=entry.indicator.id,
                                 value=entry.value)
            db.session.add(row)
        # Assign only what changed: every write is an audit event.
        if row.value != entry.value:
            row.value = entry.value
        if row.evidence_url != entry.url:
            row.evidence_url = entry.url
        if entry.upload is not None:
            row.evidence_file = store_upload(entry.upload)
    db.session.commit()
    return _("The realisation is saved.")
