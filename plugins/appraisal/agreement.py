"""The unit's Perjanjian Kinerja (PK) as the appraisal reads it (core tables, read only): its
targets for a year, where a head of unit's RHK utama start the cascade, and its capaian,
from which the unit predikat is proposed.

`unit_capaian` is the one place the plugin reads organisational achievement: the average of
the capaian of the unit's targets, as the core computes it (`app.performance.achievement`): for a period the
period's realisasi against the period's target, for the year (period 0) the realisasi
aggregated by each indicator's rule (cumulative sum, last value, average) against the annual
target.

The proposal follows the capaian bands (rows HR edits, highest first): the n-th band proposes
the n-th organisation predikat (Istimewa, Baik, Butuh Perbaikan, Kurang, Sangat Kurang), so
with the default bands 91% and above proposes Istimewa and 50% or less Sangat Kurang.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.performance.achievement import bands
from app.performance.achievement import table as achievement_table
from app.performance.models import PerformanceAgreement, Period, Target
from plugins.appraisal import rules
from plugins.appraisal.models import ANNUAL


def is_unit_head(skp) -> bool:
    """Whether the SKP's employee heads the SKP's unit (their RHK utama start at its PK)."""
    return skp.unit is not None and skp.unit.head_id == skp.employee_id


def unit_targets(unit_id: int | None, year: int) -> list[Target]:
    """The targets of the unit's PK of `year`, with their indicators."""
    if unit_id is None:
        return []
    return db.session.scalars(
        select(Target).join(PerformanceAgreement, PerformanceAgreement.id == Target.agreement_id)
        .join(Period, Period.id == PerformanceAgreement.period_id)
        .where(PerformanceAgreement.unit_id == unit_id, Period.year == year)
        .options(selectinload(Target.indicator)).order_by(Target.id)).all()


def has_targets(unit_id: int | None, year: int) -> bool:
    return unit_id is not None and db.session.scalar(
        select(Target.id).join(PerformanceAgreement, PerformanceAgreement.id == Target.agreement_id)
        .join(Period, Period.id == PerformanceAgreement.period_id)
        .where(PerformanceAgreement.unit_id == unit_id, Period.year == year).limit(1)) is not None


def unit_capaian(unit_id: int, year: int, period: int,
                 periodicity: str | None = None) -> Decimal | None:
    """The unit's PK capaian (percent) for a period of `year` (0: the year), or None when no
    target has a computable capaian. A period is the PK's own (quarter or month): with
    `periodicity` given, a PK reported by other periods has no capaian for it."""
    pk = db.session.scalar(
        select(PerformanceAgreement).join(Period, Period.id == PerformanceAgreement.period_id)
        .where(PerformanceAgreement.unit_id == unit_id, Period.year == year))
    if pk is None:
        return None
    if period != ANNUAL and (periodicity and pk.period.periodicity != periodicity
                             or not 1 <= period <= pk.period.period_count()):
        return None
    # The core's capaian: per period against the period's target, for the year the aggregate
    # by each indicator's rule against the annual target (derived indicators included).
    rows = achievement_table(pk)
    cells = [row.annual if period == ANNUAL else row.cells[period - 1] for row in rows]
    values = [c.capaian for c in cells if c.capaian is not None]
    if not values:
        return None
    return (Decimal(str(sum(values) / len(values)))).quantize(Decimal("0.01"))


def proposed_predikat(value: Decimal | None) -> str | None:
    """The organisation predikat the capaian bands give `value` (see the module docstring)."""
    if value is None:
        return None
    for index, (lower, _label, _colour) in enumerate(bands()):
        if lower is None or float(value) >= lower:
            return rules.ORG_PREDIKATS[min(index, len(rules.ORG_PREDIKATS) - 1)]
    return rules.ORG_PREDIKATS[-1]


def units_with_targets(year: int) -> list[int]:
    """The units with a PK target in `year`."""
    return db.session.scalars(
        select(PerformanceAgreement.unit_id)
        .join(Period, Period.id == PerformanceAgreement.period_id)
        .join(Target, Target.agreement_id == PerformanceAgreement.id)
        .where(Period.year == year).group_by(PerformanceAgreement.unit_id)
        .order_by(func.min(PerformanceAgreement.id))).all()
