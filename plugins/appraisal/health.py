"""Cycle health per unit, counted in one aggregate query: how many active employees lack an
SKP, how many SKP are in each state, how many approved SKP still lack an evaluation, and the
annual predikat per unit.

"Evaluation missing", by decision: an approved SKP without a rated evaluation (past Draft,
with a predikat, as in the unit curve) of the checked period. During Pemantauan the checked
period is the current one (quarter or month of today; the last one once the cycle's year is
over, none before it starts); in every other stage it is the annual evaluation.
"""
from __future__ import annotations

from flask import current_app, has_request_context, url_for
from flask_admin.contrib.sqla.filters import FilterEqual
from sqlalchemy import and_, case, func, literal_column, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.i18n import local_today
from app.org.models import Employee, WorkUnit
from plugins.appraisal import rules
from plugins.appraisal.labels import PREDIKAT_LABELS, period_count, period_label
from plugins.appraisal.models import ANNUAL, AppraisalCycle, Evaluation, Skp

EVALUATION_LIST = "appraisal_evaluation.index_view"


class HealthRows(list):
    """The rows per unit, plus what the table header and links need."""

    period: int | None = None
    cycle_id: int | None = None
    period_label: str = ""
    predikats: list = []


def checked_period(cycle: AppraisalCycle) -> int | None:
    """The period whose evaluation counts as missing (see the module docstring)."""
    if cycle.state != "pemantauan":
        return ANNUAL
    today = local_today()
    if today.year < cycle.year:
        return None
    if today.year > cycle.year:
        return period_count(cycle.periodicity)
    return (today.month - 1) // 3 + 1 if cycle.periodicity == "quarterly" else today.month


def per_unit(cycle_id: int) -> HealthRows:
    cycle = db.session.get(AppraisalCycle, cycle_id)
    period = checked_period(cycle)
    current = aliased(Evaluation)   # a rated evaluation of the checked period
    annual = aliased(Evaluation)    # the annual evaluation, once rated

    def total(condition):
        return func.sum(case((condition, 1), else_=0))

    missing_evaluation = total(and_(Skp.status == "approved", current.id.is_(None))) \
        if period is not None else literal_column("0")
    rows = db.session.execute(
        select(WorkUnit.id, WorkUnit.name, func.count(Employee.id), func.count(Skp.id),
               total(Skp.status == "draft"), total(Skp.status == "submitted"),
               total(Skp.status == "approved"), missing_evaluation,
               *(total(annual.predikat == code) for code in rules.PREDIKATS))
        .select_from(Employee)
        .join(WorkUnit, WorkUnit.id == Employee.unit_id)
        .outerjoin(Skp, and_(Skp.employee_id == Employee.id, Skp.cycle_id == cycle_id))
        .outerjoin(current, and_(current.skp_id == Skp.id, current.period == (period or 0),
                                 current.status != "draft", current.predikat.isnot(None)))
        .outerjoin(annual, and_(annual.skp_id == Skp.id, annual.period == ANNUAL,
                                annual.status != "draft"))
        .where(Employee.active.is_(True))
        .group_by(WorkUnit.id, WorkUnit.name).order_by(WorkUnit.name, WorkUnit.id))
    result = HealthRows()
    for unit_id, name, employees, skps, draft, submitted, approved, missing, *counts in rows:
        predikat = {code: int(count or 0) for code, count in zip(rules.PREDIKATS, counts)}
        result.append({"unit_id": unit_id, "unit": name, "employees": employees,
                       "missing": employees - skps, "draft": draft or 0,
                       "submitted": submitted or 0, "approved": approved or 0,
                       "evaluations_missing": int(missing or 0), "predikat": predikat,
                       "rated": sum(predikat.values())})
    result.period = period
    result.cycle_id = cycle_id
    result.period_label = period_label(cycle.periodicity, period) if period is not None else ""
    result.predikats = [(code, PREDIKAT_LABELS[code]) for code in rules.PREDIKATS]
    _link(result)
    return result


def _filter_args() -> dict[str, str]:
    """The evaluation list's URL arguments of its equality filters on the unit, the period
    and the predikat (looked up, not hard-coded, so a reordered filter list keeps working);
    empty without that list."""
    if not has_request_context() or EVALUATION_LIST not in current_app.view_functions:
        return {}
    admin = current_app.extensions.get("kinerja_admin")
    view = next((v for v in getattr(admin, "_views", []) if v.endpoint == "appraisal_evaluation"),
                None)
    found: dict[str, str] = {}
    for index, flt in enumerate(getattr(view, "_filters", None) or []):
        key = getattr(getattr(flt, "column", None), "key", None)
        if isinstance(flt, FilterEqual) and key in ("unit_id", "period", "predikat", "cycle_id") \
                and key not in found:
            found[key] = f"flt{len(found)}_{view.get_filter_arg(index, flt)}"
    return found


def _link(rows: HealthRows) -> None:
    """Links from the annual predikat counts to the filtered evaluation list."""
    args = _filter_args()
    if not {"unit_id", "period", "cycle_id"} <= set(args):
        return
    for row in rows:
        base = {args["unit_id"]: row["unit_id"], args["period"]: ANNUAL,
                args["cycle_id"]: rows.cycle_id}
        row["rated_url"] = url_for(EVALUATION_LIST, **base)
        row["predikat_urls"] = {code: url_for(EVALUATION_LIST, **base, **{
            args["predikat"]: code}) for code in rules.PREDIKATS} if "predikat" in args else {}
