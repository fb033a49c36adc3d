"""The distribution-curve check of a unit predikat (SE MenPAN-RB 3/2023), for its page.

The staff counted are those of the unit and every unit below it whose evaluation of the same
cycle and period has left Draft (the appraiser has rated it) and carries a predikat; a draft's
ratings are work in progress. The counts come from one GROUP BY query; `rules.curve_violations`
judges them. The result only informs: nothing is ever blocked by the curve.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, select

from app.extensions import db
from app.i18n import _, fmt_number
from app.org.models import WorkUnit
from app.org.tree import unit_tree
from plugins.appraisal import rules
from plugins.appraisal.labels import PREDIKAT_LABELS
from plugins.appraisal.models import Evaluation, Skp, UnitPredikat
from plugins.appraisal.states import EvaluationState


def staff_counts(cycle_id: int, unit_ids: list[int], period: int) -> dict[str, int]:
    """Predikat code -> number of rated evaluations in the units for the cycle period."""
    if not unit_ids:
        return {}
    rows = db.session.execute(
        select(Evaluation.predikat, func.count(Evaluation.id))
        .join(Skp, Skp.id == Evaluation.skp_id)
        .where(Skp.cycle_id == cycle_id, Evaluation.unit_id.in_(unit_ids),
               Evaluation.period == period, Evaluation.status != EvaluationState.DRAFT,
               Evaluation.predikat.isnot(None))
        .group_by(Evaluation.predikat).order_by(Evaluation.predikat))
    return {code: count for code, count in rows if code in rules.PREDIKATS}


def governing_predikat(cycle_id: int, unit_id: int | None, period: int):
    """The UnitPredikat that bounds a unit's staff in a cycle period: the unit's own, else
    the nearest unit above it that has one (a unit predikat covers the units below it)."""
    if unit_id is None:
        return None
    parents = dict(db.session.execute(select(WorkUnit.id, WorkUnit.parent_id)).tuples().all())
    chain: list[int] = []
    while unit_id is not None and unit_id not in chain:
        chain.append(unit_id)
        unit_id = parents.get(unit_id)
    rows = {row.unit_id: row for row in db.session.scalars(select(UnitPredikat).where(
        UnitPredikat.cycle_id == cycle_id, UnitPredikat.period == period,
        UnitPredikat.unit_id.in_(chain)).order_by(UnitPredikat.id))}
    return next((rows[u] for u in chain if u in rows), None)


def percent(value: Fraction | Decimal) -> str:
    """A share as `66,7%`."""
    value = Decimal(value.numerator) / Decimal(value.denominator) if isinstance(
        value, Fraction) else value
    return f"{fmt_number(value * 100, 1)}%"


def predikat_names(codes) -> str:
    """"Butuh Perbaikan or Kurang/Misconduct" in the user's language."""
    names = [str(PREDIKAT_LABELS[c]) for c in codes]
    text = names[0]
    for name in names[1:]:
        text = _("%(first)s or %(second)s", first=text, second=name)
    return text


def bound_rule(bound: rules.Bound) -> str:
    """A bound as a sentence: "at most 70% Very Good"."""
    names = predikat_names(bound.predikats)
    if bound.unit == rules.SHARE:
        limit = percent(bound.limit)
        if bound.kind == rules.MAX:
            return _("at most %(limit)s %(predikat)s", limit=limit, predikat=names)
        return _("at least %(limit)s %(predikat)s", limit=limit, predikat=names)
    if bound.kind == rules.MAX:
        if bound.limit == 0:
            return _("no staff rated %(predikat)s", predikat=names)
        return _("at most %(limit)s staff rated %(predikat)s", limit=bound.limit, predikat=names)
    return _("at least %(limit)s staff rated %(predikat)s", limit=bound.limit, predikat=names)


def warning(violation: rules.Violation) -> str:
    """A broken bound in plain words: "80% Very Good; at most 70% allowed"."""
    names = predikat_names(violation.predikats)
    if violation.unit == rules.SHARE:
        args = {"actual": percent(violation.actual), "predikat": names,
                "limit": percent(violation.allowed)}
        if violation.kind == rules.MAX:
            return _("%(actual)s %(predikat)s; at most %(limit)s allowed", **args)
        return _("%(actual)s %(predikat)s; at least %(limit)s required", **args)
    if violation.kind == rules.MAX:
        if violation.allowed == 0:
            return _("%(count)s staff rated %(predikat)s; none allowed",
                     count=violation.count, predikat=names)
        return _("%(count)s staff rated %(predikat)s; at most %(limit)s allowed",
                 count=violation.count, predikat=names, limit=violation.allowed)
    if violation.count == 0:
        return _("No staff rated %(predikat)s yet; at least %(limit)s required",
                 predikat=names, limit=violation.allowed)
    return _("%(count)s staff rated %(predikat)s; at least %(limit)s required",
             count=violation.count, predikat=names, limit=violation.allowed)


@dataclass
class CurveCheck:
    """What the unit predikat page shows: counts, shares, the bounds and the warnings."""

    unit_ids: list[int]
    counts: dict[str, int]
    total: int
    bounds: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chart: dict = field(default_factory=dict)

    @property
    def rows(self) -> list[tuple[str, str, int, str]]:
        """(code, label, count, share) per predikat, best first."""
        return [(code, str(PREDIKAT_LABELS[code]), self.counts.get(code, 0),
                 percent(Fraction(self.counts.get(code, 0), self.total)) if self.total else "–")
                for code in rules.PREDIKATS]


def check(row: UnitPredikat) -> CurveCheck:
    """The curve check of one unit predikat row."""
    unit_ids = unit_tree(row.unit_id)
    counts = staff_counts(row.cycle_id, unit_ids, row.period)
    total = sum(counts.values())
    result = CurveCheck(unit_ids=unit_ids, counts=counts, total=total)
    curve = rules.CURVES.get(row.predikat, ())
    violations = {v.bound: v for v in rules.curve_violations(row.predikat, counts)} \
        if row.predikat in rules.CURVES else {}
    for bound in curve:
        count = sum(counts.get(p, 0) for p in bound.predikats)
        actual = bound.actual(count, total) if total else None
        result.bounds.append({
            "rule": bound_rule(bound), "broken": bound in violations,
            "actual": "–" if actual is None else (
                percent(actual) if bound.unit == rules.SHARE else str(actual)),
        })
    result.warnings = [warning(v) for v in violations.values()]
    result.chart = _chart(curve, counts, total)
    return result


def _chart(curve, counts: dict[str, int], total: int) -> dict:
    """Chart.js data: the share per predikat as bars, each bound as a min or max marker in
    percent on its predikat's bar. A bound on several predikat together gets its own bar of
    their combined share; a head-count bound is drawn as the share that count means."""
    groups = [(p,) for p in rules.PREDIKATS]
    groups += [b.predikats for b in curve if len(b.predikats) > 1 and b.predikats not in groups]

    def share(group):
        if not total:
            return 0
        return round(100 * sum(counts.get(p, 0) for p in group) / total, 1)

    minimum: list[float | None] = [None] * len(groups)
    maximum: list[float | None] = [None] * len(groups)
    for bound in curve:
        i = groups.index(bound.predikats)
        limit = float(bound.limit) * 100 if bound.unit == rules.SHARE else (
            round(100 * bound.limit / total, 1) if total else None)
        (maximum if bound.kind == rules.MAX else minimum)[i] = limit
    return {"labels": [predikat_names(g) for g in groups],
            "shares": [share(g) for g in groups], "min": minimum, "max": maximum}
