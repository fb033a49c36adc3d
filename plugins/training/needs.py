"""Training needs from appraisals: the `appraisal-finalised` signal (sent by the appraisal
plugin when an evaluation becomes final) with hasil kerja or perilaku below expectation
creates a suggestion for the employee, with the competency area to develop. Only the signal
is used: this plugin works, and is tested, without the appraisal plugin."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from plugins.training.models import Suggestion

BELOW = "di_bawah"
# Results below expectation point at technical competence; behaviour (BerAKHLAK) at the
# socio-cultural competence.
AREAS = {"hasil_kerja": ("teknis", "Hasil kerja di bawah ekspektasi"),
         "perilaku": ("sosial_kultural", "Perilaku kerja di bawah ekspektasi")}


def on_appraisal_finalised(sender, employee_id: int, year: int, period: int = 0,
                           ratings: dict | None = None, **_kwargs) -> None:
    """Add a suggestion per rating below expectation (once per employee, year, period and
    area). Runs inside the sender's transaction: adds, never commits."""
    for key, (competency, reason) in AREAS.items():
        if (ratings or {}).get(key) != BELOW:
            continue
        pending = [o for o in db.session.new if isinstance(o, Suggestion)]
        if any(s.employee_id == employee_id and s.year == year and s.period == period
               and s.competency == competency for s in pending):
            continue
        with db.session.no_autoflush:
            exists = db.session.scalar(select(Suggestion.id).where(
                Suggestion.employee_id == employee_id, Suggestion.year == year,
                Suggestion.period == period, Suggestion.competency == competency))
        if exists is None:
            db.session.add(Suggestion(employee_id=employee_id, competency=competency,
                                      reason=f"{reason} ({year})", year=year, period=period,
                                      status="open"))
