"""The organisation predikat of a unit per cycle period (HR), with the distribution-curve check
of its staff's predikat on the record's page (`curve`). Also collects the plugin's other
views of this area: angka kredit coefficients (`credit`) and the printable evaluation
document (`document`).

Who sees a unit predikat: HR (writes), the auditor (reads) and a supervisor who heads the unit
or a unit above it (reads); everybody else gets 403, including a supervisor heading no unit.
"""
from __future__ import annotations

from flask import g, request
from flask_admin.contrib.sqla.filters import FilterEqual
from sqlalchemy import select
from wtforms.validators import InputRequired, NumberRange, ValidationError

from app.admin.base import NumberFilter, SecureModelView, choice_formatter
from app.auth.permissions import current_employee_id, has_role
from app.auth.roles import AUDITOR, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l
from app.org.models import WorkUnit
from plugins.appraisal import curve, rules
from plugins.appraisal.generation import unit_tree
from plugins.appraisal.labels import (ORG_PREDIKAT_LABELS, PREDIKAT_LABELS, period_count,
                                      period_label)
from plugins.appraisal.models import ANNUAL, AppraisalCycle, UnitPredikat


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


def _period_formatter(view, context, model, name):
    return period_label(model.cycle.periodicity, model.period)


class UnitPredikatView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR})
    column_list = ["cycle", "unit", "period", "predikat"]
    column_labels = {"cycle": _l("Cycle"), "unit": _l("Work unit"), "period": _l("Period"),
                     "predikat": _l("Organisation predikat"), "unit.name": _l("Work unit"),
                     "created_at": _l("Created"), "updated_at": _l("Updated")}
    column_formatters = {"predikat": choice_formatter(ORG_PREDIKAT_LABELS),
                         "period": _period_formatter}
    column_formatters_export = column_formatters
    column_searchable_list = ["unit.name"]
    column_filters = [NumberFilter(UnitPredikat.cycle_id, _l("Cycle (number)")),
                      NumberFilter(UnitPredikat.unit_id, _l("Work unit (number)")),
                      FilterEqual(UnitPredikat.predikat, _l("Organisation predikat"),
                                  options=list(ORG_PREDIKAT_LABELS.items()))]
    column_sortable_list = [("unit", "unit.name"), "period", "predikat"]
    column_default_sort = ("id", True)
    form_columns = ["cycle", "unit", "period", "predikat"]
    form_choices = {"predikat": [(code, label) for code, label in ORG_PREDIKAT_LABELS.items()]}
    form_args = {
        "cycle": {"validators": [InputRequired()]},
        "unit": {"validators": [InputRequired()],
                 "query_factory": lambda: db.session.scalars(
                     select(WorkUnit).where(WorkUnit.active.is_(True))
                     .order_by(WorkUnit.name)).all()},
        "period": {"default": ANNUAL, "validators": [InputRequired(), NumberRange(0, 12)],
                   "description": _l("0 for the annual predikat; 1-4 (quarters) or 1-12 "
                                     "(months) by the cycle's periodicity.")},
    }
    list_eager_loads = (UnitPredikat.cycle, UnitPredikat.unit)
    details_template = "appraisal/unit_predikat_details.html"

    def __init__(self):
        super().__init__(UnitPredikat, db, name=_l("Unit predikat"),
                         endpoint="appraisal_unit_predikat")

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
        return True

    def on_model_change(self, form, model, is_created):
        # (also when the form was bypassed: a locked cycle takes no predikat)
        if model.cycle.locked:
            raise ValidationError(_("The cycle is finished and locked."))
        if not 0 <= model.period <= period_count(model.cycle.periodicity):
            raise ValidationError(_("This cycle has %(count)s periods: enter 0 (annual) or 1 to "
                                    "%(count)s.", count=period_count(model.cycle.periodicity)))

    def render(self, template, **kwargs):
        if template == self.details_template and "model" in kwargs:
            row = kwargs["model"]
            kwargs["check"] = curve.check(row)
            kwargs["org_label"] = ORG_PREDIKAT_LABELS.get(row.predikat, row.predikat)
            kwargs["period_name"] = period_label(row.cycle.periodicity, row.period)
            kwargs["predikat_labels"] = PREDIKAT_LABELS
            kwargs["predikat_order"] = rules.PREDIKATS
        return super().render(template, **kwargs)


def views() -> list:
    from plugins.appraisal.credit import CoefficientView
    from plugins.appraisal.document import EvaluationDocumentPage

    return [UnitPredikatView(), CoefficientView(), EvaluationDocumentPage()]
