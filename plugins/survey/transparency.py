"""The survey's part of the public transparency page and its open data: per service unit and
survey period of the year, the respondents, IKM, mutu and NRR per unsur. A period with fewer
counted respondents than PUBLIC_MIN_GROUP is left out (DOMAIN 6), and nothing personal (no
suggestion, no profile of a single person) ever leaves the back office."""
from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import extract, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import fmt_number
from app.org.models import WorkUnit
from app.org.tree import unit_tree
from plugins.survey.ikm import UNSUR, minimum_sample
from plugins.survey.models import COUNTED, SurveyPeriod, SurveyResponse
from plugins.survey.results import SUMS, _figures

SCHEMA = {
    "unit_code": "Kode unit layanan",
    "unit_name": "Nama unit layanan",
    "period": "Judul periode survei",
    "starts_on": "Tanggal mulai periode (YYYY-MM-DD)",
    "ends_on": "Tanggal akhir periode (YYYY-MM-DD)",
    "respondents": "Jumlah responden yang dihitung (periode dengan responden kurang dari batas "
                   "minimum publikasi tidak ditampilkan)",
    "minimum_sample": "Jumlah responden minimum menurut rumus Krejcie–Morgan dari populasi "
                      "layanan setahun",
    "sample_reached": "true bila jumlah responden mencapai sampel minimum",
    "ikm": "Indeks Kepuasan Masyarakat: rata-rata NRR sembilan unsur (bobot tepat 1/9) × 25",
    "mutu": "Mutu pelayanan: A (88,31–100), B (76,61–88,30), C (65,00–76,60), D (25,00–64,99)",
    **{f"nrr_u{u.number}": f"NRR unsur {u.number} ({u.name}), skala 1–4" for u in UNSUR},
}


def _units(unit: WorkUnit | None) -> list[int] | None:
    """The unit and every unit below it; None for the whole regency."""
    return None if unit is None else unit_tree(unit.id)


def _data(unit: WorkUnit | None, year: int) -> list[dict]:
    minimum = current_app.config.get("PUBLIC_MIN_GROUP", 5)
    stmt = (select(SurveyPeriod).options(selectinload(SurveyPeriod.unit))
            .where(extract("year", SurveyPeriod.starts_on) == year)
            .order_by(SurveyPeriod.unit_id, SurveyPeriod.starts_on))
    units = _units(unit)
    if units is not None:
        stmt = stmt.where(SurveyPeriod.unit_id.in_(units))
    periods = db.session.scalars(stmt).all()
    if not periods:
        return []
    sums = {r[0]: _figures(r[1], r[2:]) for r in db.session.execute(
        select(SurveyResponse.period_id, func.count(), *SUMS)
        .where(SurveyResponse.period_id.in_([p.id for p in periods]),
               SurveyResponse.status == COUNTED)
        .group_by(SurveyResponse.period_id))}
    rows = []
    for period in periods:
        figures = sums.get(period.id)
        if figures is None or figures.respondents < minimum:
            continue
        sample = minimum_sample(period.population)
        rows.append({
            "unit_code": period.unit.code, "unit_name": period.unit.name,
            "period": period.title, "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(), "respondents": figures.respondents,
            "minimum_sample": sample,
            "sample_reached": sample is not None and figures.respondents >= sample,
            "ikm": round(figures.ikm, 2), "mutu": figures.letter,
            **{f"nrr_u{u.number}": round(v, 3) for u, v in zip(UNSUR, figures.nrr)},
        })
    return rows


def rows(unit: WorkUnit | None, year: int) -> list[dict]:
    return _data(unit, year)


SUGGESTIONS_SHOWN = 5


def published_suggestions(unit: WorkUnit, year: int) -> list[str]:
    """The latest suggestions the unit reviewed and marked publishable, from the year's
    periods that are published themselves (enough respondents)."""
    shown = {r["unit_code"] for r in _data(unit, year)}
    if not shown:
        return []
    return db.session.scalars(
        select(SurveyResponse.suggestion).join(SurveyPeriod).join(WorkUnit)
        .where(WorkUnit.code.in_(shown), extract("year", SurveyPeriod.starts_on) == year,
               SurveyResponse.suggestion_published.is_(True),
               SurveyResponse.status == COUNTED, SurveyResponse.suggestion.is_not(None))
        .order_by(SurveyResponse.submitted_at.desc(), SurveyResponse.id.desc())
        .limit(SUGGESTIONS_SHOWN)).all()


def render(unit: WorkUnit | None, year: int):
    data = _data(unit, year)
    if not data:
        return None
    suggestions = published_suggestions(unit, year) if unit is not None else []
    return render_template("survey/transparency.html", rows=data, unit=unit, unsur=UNSUR,
                           fmt=fmt_number, suggestions=suggestions)
