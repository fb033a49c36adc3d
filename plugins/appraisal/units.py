"""The organisation predikat of a unit per cycle period (HR), with the distribution-curve check
of its staff's predikat on the record's page (`curve`). Also collects the plugin's other
views of this area: angka kredit coefficients (`credit`) and the printable documents
(`document`).

The predikat is proposed from data (`agreement`): the unit's PK capaian for the period through
the capaian bands. HR confirms the proposal (one click on the proposals page) or sets another
predikat with a reason; the capaian, the proposal and the reason are stored with the row, in
the audit trail like every change.

Who sees a unit predikat: HR (writes), the auditor (reads) and a supervisor who heads the unit
or a unit above it (reads); everybody else gets 403, including a supervisor heading no unit.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, request
from flask_admin import expose
from sqlalchemy import select
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from app.admin.base import SecureModelView
from app.admin.fields import NumberFilter, typed_key
from app.auth.permissions import current_employee_id, has_role
from app.core.roles import AUDITOR, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l, fmt_number
from app.org.models import WorkUnit
from app.org.tree import unit_tree
from plugins.appraisal import agreement, curve, rules
from plugins.appraisal.labels import (
    ORG_PREDIKAT_LABELS,
    PREDIKAT_LABELS,
    period_count,
    period_label,
)
from plugins.appraisal.models import ANNUAL, AppraisalCycle, UnitPredikat
from plugins.appraisal.periods import periods


def headed_units() -> list[int]:
    """The units the current user heads and all units below them (once per request)."""
    if "_appraisal_headed_units" not in g:
        me = current_employee_id()
        roots = db.session.scalars(select(WorkUnit.id).where(WorkUnit.head_id == me)
                                   .order_by(WorkUnit.id)).all() if me else []
        found: list[int] = []
        for root in roots:
            found += [u for u in unit_tree(root) if u not in found]
        g._appraisal_headed_units = found
    return g._appraisal_headed_units


def proposal(cycle: AppraisalCycle, unit_id: int, period: int):
    """(capaian, proposed organisation predikat) of a unit's PK for a cycle period."""
    capaian = agreement.unit_capaian(unit_id, cycle.year, period, cycle.periodicity)
    return capaian, agreement.proposed_predikat(capaian)


def override_problem(proposed, predikat: str, reason: str | None) -> str | None:
    """Another predikat than the proposal needs a reason."""
    capaian, code = proposed
    if code is None or predikat == code or (reason or "").strip():
        return None
    return _("The unit's PK capaian of %(capaian)s%% proposes %(predikat)s: give a reason to "
             "set another predikat.", capaian=fmt_number(capaian), predikat=ORG_PREDIKAT_LABELS[code])


def proposal_rows(cycle: AppraisalCycle, period: int) -> list[dict]:
    """The units with a PK in the cycle's year: capaian, proposal and the predikat set."""
    units = agreement.units_with_targets(cycle.year)
    set_rows = {r.unit_id: r for r in db.session.scalars(select(UnitPredikat).where(
        UnitPredikat.cycle_id == cycle.id, UnitPredikat.period == period,
        UnitPredikat.unit_id.in_(units)))}
    names = dict(db.session.execute(select(WorkUnit.id, WorkUnit.name).where(
        WorkUnit.id.in_(units))).tuples().all())
    rows = []
    for unit_id in sorted(units, key=lambda u: names.get(u, "")):
        capaian, proposed = proposal(cycle, unit_id, period)
        rows.append({"unit_id": unit_id, "unit": names.get(unit_id, ""), "capaian": capaian,
                     "proposed": proposed, "row": set_rows.get(unit_id)})
    return rows


def _period_formatter(view, context, model, name):
    return period_label(model.cycle.periodicity, model.period)


class UnitPredikatView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR})
    column_list = ["cycle", "unit", "period", "predikat", "proposed", "capaian"]
    column_details_list = ["cycle", "unit", "period", "predikat", "capaian", "proposed",
                           "reason"]
    column_labels = {"cycle": _l("Cycle"), "unit": _l("Work unit"), "period": _l("Period"),
                     "predikat": _l("Organisation predikat"), "unit.name": _l("Work unit"),
                     "capaian": _l("PK capaian (%)"), "proposed": _l("Proposed by the capaian"),
                     "reason": _l("Reason for another predikat than proposed")}
    choices = {"predikat": ORG_PREDIKAT_LABELS, "proposed": ORG_PREDIKAT_LABELS}
    column_formatters = {"period": _period_formatter}
    column_formatters_export = column_formatters
    column_searchable_list = ["unit.name"]
    column_filters = [NumberFilter(UnitPredikat.cycle_id, _l("Cycle (number)")),
                      NumberFilter(UnitPredikat.unit_id, _l("Work unit (number)")),
                      "predikat"]
    column_sortable_list = [("unit", "unit.name"), "period", "predikat"]
    column_default_sort = ("id", True)
    form_columns = ["cycle", "unit", "period", "predikat", "reason"]
    form_args = {
        "cycle": {"validators": [InputRequired()]},
        "unit": {"validators": [InputRequired()],
                 "query_factory": lambda: db.session.scalars(
                     select(WorkUnit).where(WorkUnit.active.is_(True))
                     .order_by(WorkUnit.name)).all()},
        "period": {"default": ANNUAL, "validators": [InputRequired(), NumberRange(0, 12)],
                   "description": _l("0 for the annual predikat; 1-4 (quarters) or 1-12 "
                                     "(months) by the cycle's periodicity.")},
        "reason": {"validators": [Length(max=2000)], "description": _l(
            "Required when the predikat differs from the one the unit's PK capaian proposes.")},
    }
    form_overrides = {"reason": TextAreaField}
    list_eager_loads = (UnitPredikat.cycle, UnitPredikat.unit)
    details_template = "appraisal/unit_predikat_details.html"

    model_class = UnitPredikat
    view_name = _l("Unit predikat")
    view_endpoint = "appraisal_unit_predikat"

    def is_accessible(self) -> bool:
        if not super().is_accessible():
            return False
        return has_role(HR_ADMIN, AUDITOR) or bool(headed_units())

    def scope(self, query):
        if has_role(HR_ADMIN, AUDITOR):
            return query
        return query.filter(UnitPredikat.unit_id.in_(headed_units()))

    def row_writable(self, model) -> bool:
        return not model.cycle.locked

    def validate_form(self, form):
        ok = super().validate_form(form)
        if not ok or request.method != "POST" or "cycle" not in form:
            return ok
        cycle: AppraisalCycle = form.cycle.data
        if cycle.locked:
            form.cycle.errors = list(form.cycle.errors) + [
                _("The cycle is finished and locked.")]
            return False
        count = period_count(cycle.periodicity)
        if not 0 <= form.period.data <= count:
            form.period.errors = list(form.period.errors) + [
                _("This cycle has %(count)s periods: enter 0 (annual) or 1 to %(count)s.",
                  count=count)]
            return False
        unit = form.unit.data
        clash = select(UnitPredikat.id).where(
            UnitPredikat.cycle_id == cycle.id, UnitPredikat.unit_id == unit.id,
            UnitPredikat.period == form.period.data)
        current = self.typed_id(request.args.get("id"))
        if current is not None:
            clash = clash.where(UnitPredikat.id != current)
        if db.session.scalar(clash.limit(1)) is not None:
            form.period.errors = list(form.period.errors) + [
                _("This unit already has a predikat for this cycle and period.")]
            return False
        problem = override_problem(proposal(cycle, unit.id, form.period.data),
                                   form.predikat.data, form.reason.data)
        if problem:
            form.reason.errors = list(form.reason.errors) + [problem]
            return False
        return True

    def on_model_change(self, form, model, is_created):
        # (also when the form was bypassed: a locked cycle takes no predikat)
        if model.cycle.locked:
            raise ValidationError(_("The cycle is finished and locked."))
        if not 0 <= model.period <= period_count(model.cycle.periodicity):
            raise ValidationError(_("This cycle has %(count)s periods: enter 0 (annual) or 1 to "
                                    "%(count)s.", count=period_count(model.cycle.periodicity)))
        capaian, proposed = proposal(model.cycle, model.unit_id, model.period)
        problem = override_problem((capaian, proposed), model.predikat, model.reason)
        if problem:
            raise ValidationError(problem)
        model.capaian, model.proposed = capaian, proposed
        model.reason = (model.reason or "").strip() or None \
            if model.predikat != proposed else None

    @expose("/proposals/")
    def proposals(self):
        """Per unit with a PK: its capaian of the period, the proposed predikat and HR's."""
        if not has_role(HR_ADMIN, AUDITOR):
            abort(403)
        cycles = db.session.scalars(select(AppraisalCycle).order_by(
            AppraisalCycle.year.desc())).all()
        chosen = typed_key(AppraisalCycle, request.args.get("cycle"))
        cycle = next((c for c in cycles if c.id == chosen), cycles[0] if cycles else None)
        period = request.args.get("period", ANNUAL, type=int)
        if cycle is not None and not 0 <= period <= period_count(cycle.periodicity):
            period = ANNUAL
        rows = proposal_rows(cycle, period) if cycle is not None else []
        return self.render("appraisal/unit_proposals.html", cycles=cycles, cycle=cycle,
                           period=period, rows=rows, labels=ORG_PREDIKAT_LABELS,
                           periods=[(p, period_label(cycle.periodicity, p))
                                    for p in periods(cycle)] if cycle else [])

    @expose("/confirm/", methods=("POST",))
    def confirm(self):
        """HR confirms the proposed predikat of a unit for a cycle period."""
        cycle = db.session.get(AppraisalCycle, typed_key(AppraisalCycle,
                                                         request.form.get("cycle")) or 0)
        unit = db.session.get(WorkUnit, typed_key(WorkUnit, request.form.get("unit")) or 0)
        period = request.form.get("period", type=int)
        if not has_role(HR_ADMIN) or cycle is None or unit is None or period is None \
                or not 0 <= period <= period_count(cycle.periodicity):
            flash(_("Permission denied."), "error")
            return redirect(self.get_url(".proposals"))
        back = redirect(self.get_url(".proposals", cycle=cycle.id, period=period))
        if cycle.locked:
            flash(_("The cycle is finished and locked."), "error")
            return back
        capaian, proposed = proposal(cycle, unit.id, period)
        if proposed is None:
            flash(_("The unit has no PK capaian for this period to propose from."), "error")
            return back
        row = db.session.scalar(select(UnitPredikat).where(
            UnitPredikat.cycle_id == cycle.id, UnitPredikat.unit_id == unit.id,
            UnitPredikat.period == period)) or UnitPredikat(cycle_id=cycle.id, unit_id=unit.id,
                                                            period=period)
        for name, value in (("predikat", proposed), ("capaian", capaian),
                            ("proposed", proposed), ("reason", None)):
            if getattr(row, name) != value:
                setattr(row, name, value)
        db.session.add(row)
        db.session.commit()
        flash(_("The predikat %(predikat)s of %(unit)s is confirmed.",
                predikat=ORG_PREDIKAT_LABELS[proposed], unit=unit.name), "success")
        return back

    def details_context(self, row):
        context = super().details_context(row)
        context["check"] = curve.check(row)
        context["org_label"] = ORG_PREDIKAT_LABELS.get(row.predikat, row.predikat)
        context["period_name"] = period_label(row.cycle.periodicity, row.period)
        context["predikat_labels"] = PREDIKAT_LABELS
        context["predikat_order"] = rules.PREDIKATS
        return context


def views() -> list:
    from plugins.appraisal.credit import CoefficientView
    from plugins.appraisal.document import EvaluationDocumentPage

    return [UnitPredikatView(), CoefficientView(), EvaluationDocumentPage()]
