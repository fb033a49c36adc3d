"""Achievement of an agreement's targets per period: measured or derived realisations, capaian
and its band (bands are rows HR edits; the DOMAIN defaults apply until there are none)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import select

from app.extensions import db
from app.performance.capaian import band, capaian
from app.performance.choices import CAPAIAN_BANDS
from app.performance.formula import FormulaError, evaluate, variable
from app.performance.models import CapaianBand, PerformanceAgreement, Realisation, Target


def bands() -> list[tuple]:
    """(lower bound, label, colour), highest first; the default bands if HR defined none."""
    cache = g if has_request_context() else None
    if cache is not None and "_capaian_bands" in cache:
        return cache._capaian_bands
    rows = db.session.scalars(select(CapaianBand)).all()
    if rows:
        result = sorted(((None if b.lower_bound is None else float(b.lower_bound), b.label,
                          b.color) for b in rows),
                        key=lambda b: float("-inf") if b[0] is None else b[0], reverse=True)
    else:
        result = [(lower, label, "#6c757d") for lower, label in CAPAIAN_BANDS]
    if cache is not None:
        cache._capaian_bands = result
    return result


def band_label(value: float | None) -> str:
    return band(value, [(lower, label) for lower, label, _colour in bands()])


@dataclass
class Cell:
    value: float | None
    capaian: float | None
    derived: bool

    @property
    def band(self) -> str:
        return band_label(self.capaian)


def table(agreement: PerformanceAgreement) -> list[tuple[Target, list[Cell]]]:
    """For each target of the agreement, one cell per period of its year."""
    periods = range(1, agreement.period.period_count() + 1)
    targets = list(agreement.targets)
    stored = {(r.target_id, r.period_no): float(r.value) for r in db.session.scalars(
        select(Realisation).where(Realisation.target_id.in_([t.id for t in targets])))}
    by_variable = {variable(t.indicator.code): t for t in targets}
    rows = []
    for target in targets:
        cells = []
        for p in periods:
            value, derived = stored.get((target.id, p)), False
            if target.indicator.formula:
                derived = True
                value = _derived(target.indicator.formula, by_variable, stored, p, set())
            cells.append(Cell(value, capaian(target.indicator.polarity, value, target.value,
                                             target.low, target.high), derived))
        rows.append((target, cells))
    return rows


def _derived(formula, by_variable, stored, period, seen) -> float | None:
    values = {}
    for name, target in by_variable.items():
        if target.indicator.formula:
            if name in seen:
                continue
            values[name] = _derived(target.indicator.formula, by_variable, stored, period,
                                    seen | {name})
        else:
            values[name] = stored.get((target.id, period))
    try:
        return evaluate(formula, values)
    except FormulaError:
        return None
