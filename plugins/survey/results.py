"""The figures of a survey period, summed in the database over counted responses: NRR per
unsur, IKM and mutu, respondents against the Krejcie-Morgan minimum, the weakest unsur, the
previous period of the same unit, and the breakdown by respondent profile."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db
from plugins.survey import ikm as rules
from plugins.survey.choices import PROFILE
from plugins.survey.models import COUNTED, PENDING, SurveyPeriod, SurveyResponse

SUMS = [func.sum(getattr(SurveyResponse, u.field)) for u in rules.UNSUR]


@dataclass
class Figures:
    """NRR, IKM and mutu of a group of respondents."""

    respondents: int
    nrr: list[float | None]

    @property
    def ikm(self) -> float | None:
        return rules.ikm(self.nrr) if self.respondents else None

    @property
    def mutu(self) -> tuple[str, str] | None:
        return rules.mutu(self.ikm)

    @property
    def letter(self) -> str | None:
        return self.mutu[0] if self.mutu else None


def _figures(count, sums) -> Figures:
    count = int(count or 0)
    return Figures(count, [float(s) / count if count else None for s in sums])


@dataclass
class Results:
    period: SurveyPeriod
    total: Figures
    pending: int
    previous: SurveyPeriod | None = None
    previous_total: Figures | None = None
    breakdown: dict = field(default_factory=dict)  # profile key -> [(code, label, Figures)]

    @property
    def minimum(self) -> int | None:
        return rules.minimum_sample(self.period.population)

    @property
    def sample_reached(self) -> bool:
        return self.minimum is not None and self.total.respondents >= self.minimum

    @property
    def weakest(self):
        """The unsur with the lowest NRR (the first of equals), or None without answers."""
        if not self.total.respondents:
            return None
        return min(zip(rules.UNSUR, self.total.nrr), key=lambda pair: pair[1])[0]

    @property
    def change(self) -> float | None:
        if self.previous_total is None or self.previous_total.ikm is None \
                or self.total.ikm is None:
            return None
        return self.total.ikm - self.previous_total.ikm


def totals(period_id: int) -> Figures:
    row = db.session.execute(select(func.count(), *SUMS).where(
        SurveyResponse.period_id == period_id, SurveyResponse.status == COUNTED)).one()
    return _figures(row[0], row[1:])


def previous_period(period: SurveyPeriod) -> SurveyPeriod | None:
    return db.session.scalars(select(SurveyPeriod).where(
        SurveyPeriod.unit_id == period.unit_id, SurveyPeriod.id != period.id,
        SurveyPeriod.starts_on < period.starts_on)
        .order_by(SurveyPeriod.starts_on.desc()).limit(1)).first()


def breakdown(period_id: int) -> dict:
    result = {}
    for key, choices in PROFILE.items():
        column = getattr(SurveyResponse, key)
        rows = {r[0]: _figures(r[1], r[2:]) for r in db.session.execute(
            select(column, func.count(), *SUMS).where(
                SurveyResponse.period_id == period_id, SurveyResponse.status == COUNTED)
            .group_by(column)).all()}
        result[key] = [(code, label, rows[code]) for code, label in choices.items()
                       if code in rows]
    return result


def results(period: SurveyPeriod) -> Results:
    pending = db.session.scalar(select(func.count()).where(
        SurveyResponse.period_id == period.id, SurveyResponse.status == PENDING))
    previous = previous_period(period)
    return Results(period, totals(period.id), int(pending or 0), previous,
                   totals(previous.id) if previous else None, breakdown(period.id))
