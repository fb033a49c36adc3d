"""Achievement of an agreement's targets per period: measured or derived realisations, capaian
and its band (bands are rows HR edits; the DOMAIN defaults apply until there are none)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context
from sqlalchemy import select

from app.extensions import db
from app.i18n import _
from app.performance.capaian import aggregate, aggregation_of, band, capaian
from app.performance.choices import CAPAIAN_BANDS
from app.performance.formula import FormulaError, outcome, variable
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
    """One capaian: the realisation (measured or derived) against the target it is compared
    with; without a value, `reason` says why it cannot be computed yet."""

    value: float | None
    capaian: float | None
    derived: bool
    target: tuple = (None, None, None)   # (value, low, high) compared with
    reason: str | None = None

    @property
    def band(self) -> str:
        return band_label(self.capaian)


@dataclass
class Row:
    target: Target
    cells: list[Cell]     # one per period of the year
    annual: Cell          # the year's aggregate against the annual target
    aggregation: str      # capaian.AGGREGATIONS


class _Agreement:
    """The realisations of one agreement's targets, measured and derived, per period and for
    the year (memoised: a derived indicator may use another derived one)."""

    def __init__(self, agreement: PerformanceAgreement):
        self.periods = list(range(1, agreement.period.period_count() + 1))
        self.targets = list(agreement.targets)
        self.stored = {(r.target_id, r.period_no): float(r.value) for r in db.session.scalars(
            select(Realisation).where(Realisation.target_id.in_([t.id for t in self.targets])))}
        self.by_variable = {variable(t.indicator.code): t for t in self.targets}
        self.codes = {name: t.indicator.code for name, t in self.by_variable.items()}
        self._memo: dict = {}

    def value(self, target: Target, period: int | None, seen=frozenset()) -> tuple:
        """(value, reason) of the target in a period, or for the year when period is None."""
        key = (target.id, period)
        if key not in self._memo:
            self._memo[key] = self._compute(target, period, seen | {target.id})
        return self._memo[key]

    def _compute(self, target: Target, period: int | None, seen) -> tuple:
        formula = target.indicator.formula
        if formula:
            values = {}
            for name, other in self.by_variable.items():
                if other.id not in seen:
                    values[name] = self.value(other, period, seen)[0]
            try:
                result = outcome(formula, values, self.codes)
            except FormulaError as error:
                return None, str(error)
            return result.value, result.reason
        if period is not None:
            value = self.stored.get((target.id, period))
            return value, None if value is not None else _("no realisation yet")
        value = aggregate(aggregation_of(target.indicator),
                          [self.stored.get((target.id, p)) for p in self.periods])
        return value, None if value is not None else _("no realisation yet")

    def cell(self, target: Target, period: int | None) -> Cell:
        value, reason = self.value(target, period)
        compared = target.for_period(period) if period is not None else \
            (target.value, target.low, target.high)
        result = capaian(target.indicator.polarity, value, *compared)
        if value is not None and result is None:
            reason = _("the target is zero or missing")
        return Cell(value, result, bool(target.indicator.formula), compared, reason)


def table(agreement: PerformanceAgreement) -> list[Row]:
    """For each target of the agreement: one cell per period of its year (against the period's
    target) and the annual cell (the aggregate against the annual target)."""
    data = _Agreement(agreement)
    return [Row(t, [data.cell(t, p) for p in data.periods], data.cell(t, None),
                aggregation_of(t.indicator)) for t in data.targets]


def annual(target: Target) -> Cell:
    """The annual capaian of one target (its indicator's aggregation rule; derived indicators
    from their inputs' annual values)."""
    return _Agreement(target.agreement).cell(target, None)


def period_cell(target: Target, period_no: int) -> Cell:
    """The capaian of one target in one period, against the period's own target."""
    return _Agreement(target.agreement).cell(target, period_no)
