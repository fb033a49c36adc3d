"""Angka kredit of functional positions: the annual coefficient per jenjang (HR edits it; a
jenjang without a row uses `rules.DEFAULT_COEFFICIENTS`), the computation for one annual
evaluation, and the list of a cycle's angka kredit with a streamed CSV export.

Decisions:
- The position and jenjang when the appraiser signed count: the list reads the evaluation's
  frozen version (`snapshots`), so a promotion or an edited coefficient changes no past year.
- Only final evaluations count: until then the predikat may still change (a return, an
  objection).
- A periodic evaluation earns its pro-rata share of the year (`rules.periodic_share`): a
  quarter a fourth, a month a twelfth of the annual angka kredit of its predikat. The annual
  evaluation earns the whole year's; the list per cycle shows the annual ones.
"""
from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, request
from flask_admin import expose
from sqlalchemy import func, select
from wtforms.validators import DataRequired, ValidationError

from app.admin.base import SecureModelView
from app.admin.export import csv_response
from app.admin.fields import typed_key
from app.admin.values import neutralise
from app.audit.security import tracked_export
from app.core.roles import AUDITOR, HR_ADMIN
from app.extensions import db
from app.i18n import _, _l, fmt_number, utcnow
from app.org.choices import FUNCTIONAL_LEVELS
from plugins.appraisal import rules
from plugins.appraisal.labels import PREDIKAT_LABELS, period_count
from plugins.appraisal.models import (
    ANNUAL,
    AppraisalCycle,
    CreditCoefficient,
    Evaluation,
    EvaluationSnapshot,
    Skp,
)
from plugins.appraisal.states import EvaluationState

PAGE_SIZE = 100
MAX_COEFFICIENT = Decimal("99999")  # Numeric(8, 3)


def coefficients() -> dict[str, Decimal]:
    """Jenjang -> annual coefficient: HR's rows over the defaults."""
    table = dict(rules.DEFAULT_COEFFICIENTS)
    table.update(db.session.execute(select(CreditCoefficient.level,
                                           CreditCoefficient.coefficient)).tuples().all())
    return {level: Decimal(value) for level, value in table.items()}


def credit(predikat: str | None, level: str | None,
           table: dict[str, Decimal] | None = None) -> tuple[Decimal | None, Decimal | None]:
    """(coefficient, angka kredit) of a predikat at a jenjang; None where it has none."""
    table = coefficients() if table is None else table
    coefficient = table.get(level or "")
    if coefficient is None or predikat not in rules.PERCENTAGES:
        return coefficient, None
    return coefficient, rules.angka_kredit(predikat, coefficient)


def functional(evaluation: Evaluation) -> bool:
    position = evaluation.employee.position if evaluation.employee else None
    return position is not None and position.kind == "fungsional"


def earns_credit(evaluation: Evaluation) -> bool:
    """Angka kredit is earned by the final evaluations of a functional position."""
    return functional(evaluation) and evaluation.status == EvaluationState.FINAL


def evaluation_credit(evaluation: Evaluation, table: dict[str, Decimal] | None = None
                      ) -> tuple[Decimal | None, Decimal | None]:
    """(annual coefficient, angka kredit earned) of an evaluation, the periodic ones their
    pro-rata share; (None, None) when it earns none (yet)."""
    if not earns_credit(evaluation):
        return None, None
    coefficient, value = credit(evaluation.predikat, evaluation.employee.position.level, table)
    if value is not None and evaluation.period != ANNUAL:
        value = rules.periodic_share(value, period_count(evaluation.skp.cycle.periodicity))
    return coefficient, value


def angka_kredit(evaluation: Evaluation, table: dict[str, Decimal] | None = None
                 ) -> Decimal | None:
    """The annual angka kredit of a final annual evaluation, or None: not annual, not final,
    not a functional position, no predikat, or no coefficient for the jenjang."""
    if evaluation.period != ANNUAL:
        return None
    return evaluation_credit(evaluation, table)[1]


def _positive(form, field):
    value = field.data
    if value is None:
        return
    if not value.is_finite() or value <= 0:
        raise ValidationError(_("The coefficient must be greater than zero."))
    if value > MAX_COEFFICIENT:
        raise ValidationError(_("The coefficient is too large."))
    if value.as_tuple().exponent < -3:
        raise ValidationError(_("Use at most three decimals."))


class CoefficientView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR})
    column_list = ["level", "coefficient"]
    column_labels = {"level": _l("Functional level"), "coefficient": _l("Annual coefficient")}
    choices = {"level": FUNCTIONAL_LEVELS}
    column_formatters = {"coefficient": lambda v, c, m, n: fmt_number(m.coefficient, 3)}
    column_formatters_export = column_formatters
    column_default_sort = "level"
    form_columns = ["level", "coefficient"]
    form_args = {"coefficient": {"validators": [DataRequired(), _positive],
                                 "description": _l("Angka kredit a year at predikat Baik, "
                                                   "e.g. 12,5 for Ahli Pertama.")}}
    list_template = "appraisal/unit_coefficient_list.html"

    model_class = CreditCoefficient
    view_name = _l("Angka kredit coefficients")
    view_endpoint = "appraisal_coefficient"

    def render(self, template, **kwargs):
        if template == self.list_template:
            kwargs["defaults"] = [(FUNCTIONAL_LEVELS[level], fmt_number(value, 3))
                                  for level, value in rules.DEFAULT_COEFFICIENTS.items()]
        return super().render(template, **kwargs)

    # The angka kredit of a cycle.
    def _cycle(self) -> AppraisalCycle | None:
        cycle_id = typed_key(AppraisalCycle, request.args.get("cycle"))
        if cycle_id is not None:
            return db.session.get(AppraisalCycle, cycle_id)
        return db.session.scalars(select(AppraisalCycle).order_by(
            AppraisalCycle.year.desc()).limit(1)).first()

    @staticmethod
    def _credit_query(cycle_id: int):
        # From the version frozen when it was signed: the position, jenjang, coefficient and
        # name of that day, whatever changed since.
        return (select(EvaluationSnapshot.employee_name, EvaluationSnapshot.employee_nip,
                       EvaluationSnapshot.level, EvaluationSnapshot.predikat,
                       EvaluationSnapshot.evaluation_id, EvaluationSnapshot.coefficient,
                       EvaluationSnapshot.credit)
                .select_from(EvaluationSnapshot)
                .join(Evaluation, Evaluation.id == EvaluationSnapshot.evaluation_id)
                .join(Skp, Skp.id == Evaluation.skp_id)
                .where(Skp.cycle_id == cycle_id, Evaluation.period == ANNUAL,
                       Evaluation.status == EvaluationState.FINAL,
                       EvaluationSnapshot.superseded_at.is_(None),
                       EvaluationSnapshot.predikat.isnot(None),
                       EvaluationSnapshot.position_kind == "fungsional")
                .order_by(EvaluationSnapshot.employee_name, EvaluationSnapshot.evaluation_id))

    @staticmethod
    def _rows(query):
        for name, nip, level, predikat, evaluation_id, coefficient, value in query:
            yield {"name": name, "nip": nip, "evaluation_id": evaluation_id,
                   "level": str(FUNCTIONAL_LEVELS.get(level, level or "–")),
                   "predikat": str(PREDIKAT_LABELS.get(predikat, predikat)),
                   "coefficient": fmt_number(coefficient, 3) if coefficient is not None else "–",
                   "credit": fmt_number(value, 3) if value is not None else "–"}

    @expose("/credits/")
    def credits_view(self):
        cycle = self._cycle()
        cycles = db.session.scalars(select(AppraisalCycle).order_by(
            AppraisalCycle.year.desc())).all()
        rows, total, page = [], 0, max(request.args.get("page", 1, type=int), 1)
        if cycle is not None:
            query = self._credit_query(cycle.id)
            total = db.session.scalar(select(func.count()).select_from(query.subquery()))
            # A page beyond the last shows the last (an offset beyond 64 bits is a 500).
            page = min(page, max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1))
            rows = list(self._rows(db.session.execute(
                query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))))
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        return self.render("appraisal/unit_credits.html", cycle=cycle, cycles=cycles, rows=rows,
                           total=total, page=page, pages=pages)

    @expose("/credits/export/")
    def credits_export(self):
        cycle = self._cycle()
        if cycle is None:
            flash(_("Choose a cycle."), "error")
            return redirect(self.get_url(".credits_view"))
        header = [_("Name"), _("NIP"), _("Functional level"), _("Predikat"),
                  _("Annual coefficient"), _("Angka kredit")]
        query = self._credit_query(cycle.id).execution_options(yield_per=500)

        def rows():
            yield header
            for row in self._rows(db.session.execute(query)):
                yield [neutralise(row[k]) for k in
                       ("name", "nip", "level", "predikat", "coefficient", "credit")]

        # tracked_export: a security event (view, cycle, rows) once the download is out.
        return csv_response(tracked_export(self, "csv", rows()),
                            f"angka-kredit-{cycle.year}-{utcnow():%Y%m%d-%H%M%S}.csv")
