"""Demo data of the appraisal plugin: this year's cycle with SKP drafts for the regency."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today
from app.org.models import WorkUnit
from plugins.appraisal.generation import generate
from plugins.appraisal.models import AppraisalCycle


def load() -> None:
    """This year's cycle with SKP drafts for the whole regency (once)."""
    year = local_today().year
    root = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "PEMDA"))
    if root is None or db.session.scalar(select(AppraisalCycle.id).where(
            AppraisalCycle.year == year)) is not None:
        return
    cycle = AppraisalCycle(year=year, periodicity="quarterly")
    db.session.add(cycle)
    db.session.commit()
    generate(cycle, root.id)
