"""Back-office views for periods, indicators, agreements, targets, realisations and reports."""
from __future__ import annotations

from flask import flash, has_request_context, redirect, request
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual, FilterNotEqual
from markupsafe import Markup
from sqlalchemy import false, or_, select
from werkzeug.utils import secure_filename
from wtforms import SelectField
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.admin.base import SecureModelView
from app.admin.values import by_value
from app.admin.evidence import EvidenceMixin, evidence_link
from app.auth.permissions import current_employee_id, has_role
from app.core.forms import LocalDateField
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.customfields.views import CustomFieldsMixin
from app.extensions import db
from app.i18n import _, _l, fmt_date, fmt_percent, local_today
from app.org.models import Employee
from app.performance import daily_rules, pk_document, report_links
from app.performance import grid as realisation_grid
from app.performance.achievement import band_label
from app.performance.achievement import table as achievement_table
from app.performance.capaian import aggregation_of
from app.performance.choices import (
    AGGREGATION_LABELS,
    ASPECTS,
    INDICATOR_LEVELS,
    PERIODICITIES,
    PERSPECTIVES,
    POLARITIES,
    period_labels,
)
from app.performance.config import BAND_FIELDS, INDICATOR_FIELDS, check_band, check_indicator
from app.org.filters import UnitTreeFilter
from app.org.tree import headed_units
from app.performance.filters import EmployeeFilter, StaffOfFilter, UnitFilter
from app.performance.formula import variable
from app.performance.models import (
    ActivityReport,
    CapaianBand,
    Holiday,
    Indicator,
    PerformanceAgreement,
    Period,
    Realisation,
    Target,
    TargetPeriod,
)
from app.performance.workflow import ENTITY
from app.workflow.badges import state_column
from app.workflow import engine
from app.workflow.views import WorkflowViewMixin

PERF = _l("Performance")
STAFF_ROLES = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})


def _own_unit_id() -> int | None:
    return db.session.scalar(select(Employee.unit_id).where(Employee.id == current_employee_id()))


def _own_unit_agreements():
    """Agreements of the current user's own unit (supervisors and employees read those)."""
    unit_id = select(Employee.unit_id).where(Employee.id == current_employee_id()).scalar_subquery()
    return select(PerformanceAgreement.id).where(PerformanceAgreement.unit_id == unit_id)


class PeriodView(SecureModelView):
    read_roles = STAFF_ROLES
    column_list = ["year", "periodicity", "closed"]
    column_labels = {"year": _l("Year"), "periodicity": _l("Periodicity"), "closed": _l("Closed")}
    choices = {"periodicity": PERIODICITIES}
    column_default_sort = ("year", True)
    column_filters = ["closed"]
    form_columns = ["year", "periodicity", "closed"]
    form_args = {"year": {"validators": [DataRequired(), NumberRange(2000, 2100)]}}

    model_class = Period
    view_name = _l("Periods")
    view_category = PERF
    view_endpoint = "period"


class IndicatorView(CustomFieldsMixin, SecureModelView):
    custom_entity = "indicator"
    read_roles = STAFF_ROLES
    column_list = ["code", "name", "unit_of_measure", "polarity", "aspect", "level"]
    column_details_list = ["code", "name", "unit_of_measure", "polarity", "aggregation", "aspect",
                           "perspective", "level", "formula", "description"]
    column_labels = {
        "code": _l("Code"), "name": _l("Name"), "unit_of_measure": _l("Unit of measure"),
        "polarity": _l("Polarity"), "aspect": _l("Aspect"), "perspective": _l("Perspective"),
        "level": _l("Level"), "description": _l("Description"), "formula": _l("Formula"),
        "aggregation": _l("Annual aggregation"),
    }
    column_searchable_list = ["code", "name"]
    column_filters = ["polarity", "aspect", "level"]
    column_default_sort = "code"
    choices = {"polarity": POLARITIES, "aspect": ASPECTS, "perspective": PERSPECTIVES,
               "level": INDICATOR_LEVELS}
    column_formatters = {"aggregation": lambda v, c, m, n: AGGREGATION_LABELS[
                             aggregation_of(m)]}
    column_formatters_export = column_formatters
    form_columns = ["code", "name", "unit_of_measure", "polarity", "aggregation", "aspect",
                    "perspective", "level", "formula", "description"]
    form_args = {"aggregation": {"description": _l(
        "How the year's period realisations make the annual realisation. Empty: by polarity "
        "(higher is better: cumulative sum; lower is better: average; range: last value).")},
                 "formula": {"description": _l(
        "Optional, for a derived indicator: other indicators' codes with - written as _, e.g. "
        "IKU_01 / IKU_02 * 100; allowed: + - * / ( ), comparisons, x if condition else y, "
        "min, max, round, abs.")}}
    # (optional choices: an explicit "–" for none)
    form_choices = {"aggregation": [("", "–")] + list(AGGREGATION_LABELS.items()),
                    "aspect": [("", "–")] + list(ASPECTS.items()),
                    "perspective": [("", "–")] + list(PERSPECTIVES.items())}

    model_class = Indicator
    view_name = _l("Indicators")
    view_category = PERF
    view_endpoint = "indicator"

    def on_model_change(self, form, model, is_created):
        # The check the configuration import applies to each indicator (performance.config).
        others = {variable(code): formula for code, formula in db.session.execute(
            select(Indicator.code, Indicator.formula).where(Indicator.id != model.id))}
        errors = []
        clean = check_indicator(model.code or "", {f: getattr(model, f) for f in
                                                   INDICATOR_FIELDS}, others, errors)
        if clean is None:
            raise ValidationError(" ".join(errors))
        for key, value in clean.items():
            setattr(model, key, value)


class AgreementView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR})
    column_list = ["unit", "period", "signed_on"]
    column_labels = {"unit": _l("Work unit"), "period": _l("Year"), "signed_on": _l("Signed on"),
                     "notes": _l("Notes"), "targets": _l("Targets"), "unit.name": _l("Work unit"),
                     "period.year": _l("Year")}
    column_details_list = ["unit", "period", "signed_on", "notes"]
    details_template = "admin/agreement_details.html"
    column_searchable_list = ["unit.name"]
    column_filters = ["period.year", "unit.name"]
    column_sortable_list = [("unit", "unit.name"), ("period", "period.year"), "signed_on"]
    form_columns = ["unit", "period", "signed_on", "notes"]
    list_eager_loads = (PerformanceAgreement.unit, PerformanceAgreement.period)

    model_class = PerformanceAgreement
    view_name = _l("Performance agreements")
    view_category = PERF
    view_endpoint = "agreement"

    def scope(self, query):
        if has_role(HR_ADMIN, AUDITOR):
            return query
        return query.filter(PerformanceAgreement.id.in_(_own_unit_agreements()))

    def may_enter_realisations(self, agreement) -> bool:
        """HR, or a supervisor of the agreement's own unit (the unit enters its realisasi),
        while the year is open."""
        if agreement.period.closed:
            return False
        return has_role(HR_ADMIN) or (has_role(SUPERVISOR)
                                       and agreement.unit_id == _own_unit_id())

    def _agreement_or_back(self):
        agreement = self.get_one(request.args.get("id"))
        if agreement is None:
            flash(_("The agreement does not exist or is not yours to see."), "error")
        return agreement

    @expose("/realisations/", methods=("GET", "POST"))
    def realisation_grid(self):
        """Indicators x periods: realisasi and evidence of the whole agreement on one page."""
        agreement = self._agreement_or_back()
        if agreement is None:
            return redirect(self.get_url(".index_view"))
        may_write = self.may_enter_realisations(agreement)
        grid = realisation_grid.cells(agreement)
        if request.method == "POST":
            if not may_write:
                flash(_("Permission denied."), "error")
                return redirect(self.get_url(".realisation_grid", id=agreement.id))
            grid, changed = realisation_grid.apply(agreement, request.form, request.files)
            if any(cell.errors for cell in grid.values()):
                flash(_("Nothing was saved: correct the marked cells."), "error")
            else:
                flash(_("%(count)s realisation(s) saved.", count=changed), "success")
                return redirect(self.get_url(".realisation_grid", id=agreement.id))
        return self.render("performance/realisation_grid.html", agreement=agreement,
                           grid=grid, may_write=may_write,
                           targets=realisation_grid.measured_targets(agreement),
                           derived=[t for t in agreement.targets if t.indicator.formula],
                           period_names=period_labels(agreement.period.periodicity),
                           back_url=self.get_url(".details_view", id=agreement.id))

    @expose("/document/")
    def document(self):
        """The printable PK with its capaian report (HTML; print it or take the PDF)."""
        agreement = self._agreement_or_back()
        if agreement is None:
            return redirect(self.get_url(".index_view"))
        return self.render("performance/pk_document.html", doc=pk_document.context(agreement),
                           pdf_url=self.get_url(".document_pdf", id=agreement.id),
                           back_url=self.get_url(".details_view", id=agreement.id))

    @expose("/document/pdf/")
    def document_pdf(self):
        agreement = self._agreement_or_back()
        if agreement is None:
            return redirect(self.get_url(".index_view"))
        doc = pk_document.context(agreement)
        name = secure_filename(f"PK-{agreement.unit.code}-{agreement.period.year}.pdf")
        return pk_document.pdf_response(doc, name,
                                        self.get_url(".document", id=agreement.id))

    def details_context(self, agreement):
        context = super().details_context(agreement)
        context["grid_url"] = self.get_url(".realisation_grid", id=agreement.id)
        context["document_url"] = self.get_url(".document", id=agreement.id)
        context["achievement"] = achievement_table(agreement)
        context["period_names"] = period_labels(agreement.period.periodicity)
        context["aggregation_labels"] = AGGREGATION_LABELS
        return context


class TargetView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR})
    column_list = ["agreement", "objective", "indicator", "value", "low", "high"]
    column_labels = {"agreement": _l("Performance agreement"), "objective": _l("Objective"),
                     "indicator": _l("Indicator"), "value": _l("Target"),
                     "low": _l("Lower bound"), "high": _l("Upper bound"),
                     "indicator.name": _l("Indicator"), "realisations": _l("Realisations"),
                     "period_targets": _l("Period targets")}
    column_details_list = ["agreement", "objective", "indicator", "value", "low", "high",
                           "realisations"]
    column_searchable_list = ["objective", "indicator.name"]
    column_filters = ["indicator.name"]
    form_columns = ["agreement", "objective", "indicator", "value", "low", "high"]
    form_args = {"value": {"description": _l("For higher- or lower-is-better indicators.")},
                 "low": {"description": _l("Only for range indicators.")}}
    # Optional targets per period; a period without one is compared with the annual target.
    inline_models = [(TargetPeriod, {
        "form_columns": ["id", "period_no", "value", "low", "high"],
        "column_labels": {"period_no": _l("Period number"), "value": _l("Period target"),
                          "low": _l("Lower bound"), "high": _l("Upper bound")},
        "form_args": {"period_no": {"validators": [DataRequired(), NumberRange(1, 12)]}}})]
    list_eager_loads = (Target.indicator, Target.agreement)

    model_class = Target
    view_name = _l("Targets")
    view_category = PERF
    view_endpoint = "target"

    def get_query(self):
        from sqlalchemy.orm import joinedload

        # (joined like `list_eager_loads`: one statement for the page)
        return super().get_query().options(
            joinedload(Target.agreement).joinedload(PerformanceAgreement.unit),
            joinedload(Target.agreement).joinedload(PerformanceAgreement.period))

    def scope(self, query):
        if has_role(HR_ADMIN, AUDITOR):
            return query
        return query.filter(Target.agreement_id.in_(_own_unit_agreements()))

    def on_model_change(self, form, model, is_created):
        indicator = model.indicator
        if indicator.polarity == "range":
            if model.low is None or model.high is None or model.low > model.high:
                raise ValidationError(_("A range indicator needs a lower and an upper bound, "
                                        "the lower not above the upper."))
        elif model.value is None:
            raise ValidationError(_("Enter the target value."))
        elif model.value == 0:
            raise ValidationError(_("The target cannot be zero: achievement divides by it."))
        check_period_targets(model)


def check_period_targets(model: Target) -> None:
    """Each period at most once and within the year; values usable like the annual target."""
    count = model.agreement.period.period_count()
    seen = set()
    for row in model.period_targets:
        if row in db.session.deleted:
            continue
        if row.period_no is None or not 1 <= row.period_no <= count:
            raise ValidationError(_("Year %(year)s has only %(count)s periods.",
                                    year=model.agreement.period.year, count=count))
        if row.period_no in seen:
            raise ValidationError(_("Period %(no)s has two targets.", no=row.period_no))
        seen.add(row.period_no)
        if model.indicator.polarity == "range":
            low = row.low if row.low is not None else model.low
            high = row.high if row.high is not None else model.high
            if low is not None and high is not None and low > high:
                raise ValidationError(_("Period %(no)s: the lower bound is above the upper "
                                        "bound.", no=row.period_no))
        elif row.value == 0:
            raise ValidationError(_("The target cannot be zero: achievement divides by it."))


def _capaian_formatter(view, context, model, name):
    value = model.capaian
    return f"{fmt_percent(value)} ({band_label(value)})" if value is not None else "–"


class RealisationView(EvidenceMixin, SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR})
    column_list = ["target", "period_no", "value", "capaian", "evidence_url"]
    column_details_list = ["target", "period_no", "value", "capaian", "evidence_url",
                           "evidence_file", "notes",
                           "created_at", "updated_at"]
    column_export_list = ["target", "period_no", "value", "capaian", "evidence_url", "notes"]
    column_labels = {"target": _l("Target"), "period_no": _l("Period"), "value": _l("Realisation"),
                     "capaian": _l("Achievement"), "evidence_url": _l("Evidence (link)"),
                     "evidence_file": _l("Evidence (file)"), "evidence_upload": _l("Upload evidence"),
                     "notes": _l("Notes")}
    column_formatters = {
        "capaian": _capaian_formatter,
        "period_no": lambda v, c, m, n: m.period_label,
        "evidence_file": evidence_link,
        "evidence_url": lambda v, c, m, n: Markup('<a href="{0}" rel="noopener">{0}</a>').format(
            m.evidence_url) if m.evidence_url else "",
    }
    column_formatters_export = {"capaian": _capaian_formatter,
                                "period_no": lambda v, c, m, n: m.period_label}
    column_filters = ["period_no"]
    column_sortable_list = ["period_no", "value"]
    form_columns = ["target", "period_no", "value", "evidence_url", "evidence_upload", "notes"]
    form_args = {"period_no": {"label": _l("Period number"),
                               "description": _l("Month 1-12 or quarter 1-4, by the year's periodicity."),
                               "validators": [DataRequired(), NumberRange(1, 12)]},
                 "evidence_url": {"validators": [Optional(), URL()]}}

    model_class = Realisation
    view_name = _l("Realisations")
    view_category = PERF
    view_endpoint = "realisation"

    def get_query(self):
        from sqlalchemy.orm import joinedload

        # (joined like `list_eager_loads`: one statement for the page)
        return super().get_query().options(
            joinedload(Realisation.target).joinedload(Target.indicator),
            joinedload(Realisation.target).joinedload(Target.agreement)
            .joinedload(PerformanceAgreement.unit),
            joinedload(Realisation.target).joinedload(Target.agreement)
            .joinedload(PerformanceAgreement.period))

    def scope(self, query):
        if has_role(HR_ADMIN, AUDITOR):
            return query
        return query.filter(Realisation.target_id.in_(
            select(Target.id).where(Target.agreement_id.in_(_own_unit_agreements()))))

    def on_model_change(self, form, model, is_created):
        if model.target.indicator.formula:
            raise ValidationError(_("This indicator is derived: its realisation is computed "
                                    "from its formula."))
        self.save_evidence(form, model)
        period = model.target.agreement.period
        if not 1 <= model.period_no <= period.period_count():
            raise ValidationError(_("Year %(year)s has only %(count)s periods.",
                                    year=period.year, count=period.period_count()))


def _date_with_mark(view, context, model, name):
    """The date, with a badge on weekends and holidays (DOMAIN 4: marked, not refused)."""
    mark = daily_rules.day_mark(model.date)
    text = fmt_date(model.date, "dd/MM/y") if model.date else ""
    if not mark:
        return text
    return Markup('{} <span class="badge badge-warning" data-day-mark>{}</span>').format(
        text, mark)


REPORT_FIELDS = ["date", "description", "duration_minutes", "output_quantity", "output_unit",
                 "target", "serves", "evidence_url", "evidence_upload"]


def _report_states():
    # Evaluated per request (filters are refreshed per request by CustomFieldsMixin).
    if not has_request_context():
        return []
    return list(engine.state_labels(ENTITY).items())


class ActivityReportView(CustomFieldsMixin, WorkflowViewMixin, EvidenceMixin, SecureModelView):
    """Employees log their work; supervisors verify or return their staff's reports (on the
    workflow engine, with the definition HR edits)."""

    workflow_entity = ENTITY
    custom_entity = ENTITY

    read_roles = STAFF_ROLES
    write_roles = frozenset({HR_ADMIN, SUPERVISOR, EMPLOYEE})
    writable_fields_by_role = {EMPLOYEE: REPORT_FIELDS, SUPERVISOR: REPORT_FIELDS}
    column_list = ["date", "employee", "description", "duration_minutes", "output_quantity",
                   "output_unit", "status"]
    column_details_list = ["date", "employee", "description", "duration_minutes",
                           "output_quantity", "output_unit", "target", "serves", "evidence_url",
                           "evidence_file", "status", "submitted_at", "reviewer", "reviewed_at",
                           "review_comment"]
    column_export_list = ["date", "employee", "description", "duration_minutes",
                          "output_quantity", "output_unit", "target", "evidence_url", "status",
                          "reviewed_at", "review_comment"]
    column_labels = {
        "date": _l("Date"), "employee": _l("Employee"), "description": _l("Activity"),
        "duration_minutes": _l("Duration (minutes)"), "output_quantity": _l("Output"),
        "output_unit": _l("Output unit"), "target": _l("Target served"),
        "serves": _l("Serves"),
        "evidence_url": _l("Evidence (link)"), "evidence_file": _l("Evidence (file)"),
        "evidence_upload": _l("Upload evidence"), "status": _l("Status"),
        "submitted_at": _l("Submitted at"), "reviewer": _l("Reviewed by"),
        "reviewed_at": _l("Reviewed at"), "review_comment": _l("Supervisor's comment"),
        "employee.name": _l("Employee name"), "employee.nip": _l("NIP"),
    }
    column_searchable_list = ["description"]
    column_filters = [
        FilterEqual(ActivityReport.status, _l("Status"), options=_report_states),
        "date",
        # What the dashboards' numbers link to (app.admin.links names them).
        FilterNotEqual(ActivityReport.status, _l("Status"), options=_report_states),
        EmployeeFilter(ActivityReport.employee_id, _l("Employee (number)")),
        UnitFilter(ActivityReport.employee_id, _l("Work unit (number)")),
        UnitTreeFilter(ActivityReport.employee_id, _l("Work unit and below (number)"),
                       owner=True),
        StaffOfFilter(ActivityReport.employee_id, _l("Staff of supervisor (number)")),
    ]
    column_sortable_list = ["date", "duration_minutes", "status"]
    column_default_sort = [("date", True), ("id", True)]
    column_formatters = {
        "status": state_column,
        "description": lambda v, c, m, n: (m.description[:120] + "…") if len(m.description) > 120
        else m.description,
        "evidence_file": evidence_link,
        "date": _date_with_mark,
        "serves": lambda v, c, m, n: "; ".join(report_links.served(m)),
    }
    column_formatters_export = {"status": by_value(lambda view, code: view.state_label_of(code))}
    form_columns = ["employee", "date", "description", "duration_minutes", "output_quantity",
                    "output_unit", "target", "serves", "evidence_url", "evidence_upload"]
    # What the report serves as modules offer it (app.core.hooks.ReportLink, e.g. an RHK):
    # "<link name>:<id>", checked against the link's choices and stored by the module.
    form_extra_fields = {**EvidenceMixin.form_extra_fields,
                         "serves": SelectField(_l("Serves"), choices=[("", "–")],
                                               validate_choice=False)}
    form_overrides = {"date": LocalDateField}
    form_args = {
        # InputRequired, not DataRequired: the latter would hide the format message.
        "date": {"validators": [InputRequired()],
                 "description": _l("dd/mm/yyyy, today or at most a few days back.")},
        "duration_minutes": {"validators": [DataRequired(), NumberRange(1, 24 * 60)],
                             "description": _l("Minutes spent on this activity.")},
        "description": {"validators": [DataRequired(), Length(max=5000)]},
        "evidence_url": {"validators": [Optional(), URL()]},
    }
    form_ajax_refs = {"employee": {"fields": ["name", "nip"], "page_size": 10}}
    details_template = "admin/workflow_details.html"
    list_eager_loads = (ActivityReport.employee,)
    # At millions of rows the COUNT dominates the page: use the simple pager.
    simple_list_pager = True
    row_locked_message = _l("A report can be changed only in an editable state (draft or "
                            "returned, as the workflow defines), by its author.")

    model_class = ActivityReport
    view_name = _l("Daily activity reports")
    view_category = PERF
    view_endpoint = "activity_report"

    def scope(self, query):
        if has_role(HR_ADMIN, AUDITOR):
            return query
        me = current_employee_id()
        if has_role(SUPERVISOR):
            if me is None:
                return query.filter(false())
            # One IN over "me and my staff", not "= me OR IN (staff)": PostgreSQL cannot join an
            # OR'd subquery and scanned every submitted report (0.4 s at 1M reports).
            # A head of unit also reads the reports of everyone in the units below them.
            team = select(Employee.id).where(or_(Employee.id == me, Employee.supervisor_id == me,
                                                 Employee.unit_id.in_(headed_units(me))))
            return query.filter(ActivityReport.employee_id.in_(team))
        return query.filter(ActivityReport.employee_id == me)

    @property
    def can_create(self):
        return super().can_create and (has_role(HR_ADMIN) or current_employee_id() is not None)

    @can_create.setter
    def can_create(self, value):
        pass

    def row_writable(self, model) -> bool:
        # Only in a state the definition marks editable (draft, returned by default), by HR
        # or the author: not while the supervisor reviews it (e.g. after "Tarik kembali").
        if not self.state_editable(model):
            return False
        return has_role(HR_ADMIN) or model.employee_id == current_employee_id()

    def create_form(self, obj=None):
        form = super().create_form(obj)
        self._limit_targets(form)
        if request.method == "GET" and "date" in form and form.date.data is None:
            form.date.data = local_today()   # today in WIT, not the server's day
        report_links.offer(form, None)
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        self._limit_targets(form)
        report_links.offer(form, obj)
        return form

    def after_model_change(self, form, model, is_created):
        if report_links.save(form, model):
            db.session.commit()
        super().after_model_change(form, model, is_created)

    def _limit_targets(self, form):
        """Offer only targets of the author's own unit (HR sees all)."""
        if "target" in form and not has_role(HR_ADMIN):
            unit_id = _own_unit_id()
            form.target.query_factory = lambda: db.session.scalars(
                select(Target).join(PerformanceAgreement)
                .where(PerformanceAgreement.unit_id == unit_id)).all()

    def on_model_change(self, form, model, is_created):
        if "employee" not in form:
            if is_created:
                model.employee_id = current_employee_id()
        elif model.employee is None:
            raise ValidationError(_("Choose the employee."))
        if model.target is not None and "employee" not in form:
            if model.target.agreement.unit_id != _own_unit_id():
                raise ValidationError(_("Choose a target of your own work unit."))
        self._check_day(model, is_created)
        report_links.check(form, model)
        self.save_evidence(form, model)

    def _check_day(self, model, is_created):
        """DOMAIN 4: the date window (only when the date is set or changed, so a returned old
        report can still be corrected), 24 hours a day, a warning past the daily norm."""
        employee = model.employee or db.session.get(Employee, model.employee_id)
        state = db.inspect(model)
        if is_created or state.attrs.date.history.has_changes():
            problem = daily_rules.date_problem(employee, model.date)
            if problem:
                raise ValidationError(problem)
        with db.session.no_autoflush:
            total = daily_rules.minutes_that_day(employee.id, model.date, model.id) \
                + (model.duration_minutes or 0)
        problem = daily_rules.minutes_problem(total)
        if problem:
            raise ValidationError(problem)
        for message in filter(None, [daily_rules.norm_warning(total),
                                     daily_rules.day_mark_notice(model.date)]):
            flash(message, "warning")


class CapaianBandView(SecureModelView):
    """The capaian bands (Sangat Baik ... Sangat Kurang) as rows HR edits."""

    read_roles = STAFF_ROLES
    column_list = ["lower_bound", "label", "color"]
    column_labels = {"lower_bound": _l("From (percent, inclusive)"), "label": _l("Label"),
                     "color": _l("Colour")}
    column_default_sort = ("lower_bound", True)
    form_columns = ["lower_bound", "label", "color"]
    form_args = {"lower_bound": {"description": _l("Leave empty for the lowest band.")},
                 "color": {"description": _l("A colour like #28a745.")}}

    model_class = CapaianBand
    view_name = _l("Achievement bands")
    view_category = PERF
    view_endpoint = "capaian_band"

    def on_model_change(self, form, model, is_created):
        # The check the configuration import applies to each band (performance.config).
        errors = []
        clean = check_band(model.label or "", {f: getattr(model, f) for f in BAND_FIELDS},
                           errors)
        if clean is None:
            raise ValidationError(" ".join(errors))
        for key, value in clean.items():
            setattr(model, key, value)


HOLIDAY_KINDS = {"national": _l("National holiday"), "cuti_bersama": _l("Cuti bersama")}


class HolidayView(SecureModelView):
    """National holidays and cuti bersama (rows HR edits): daily reports on them are marked."""

    read_roles = STAFF_ROLES
    column_list = ["date", "name", "kind"]
    column_labels = {"date": _l("Date"), "name": _l("Name"), "kind": _l("Kind")}
    column_default_sort = ("date", False)
    column_filters = ["date", "kind"]
    column_searchable_list = ["name"]
    choices = {"kind": HOLIDAY_KINDS}
    column_formatters = {"date": lambda v, c, m, n: fmt_date(m.date)}
    form_columns = ["date", "name", "kind"]
    form_args = {"date": {"validators": [InputRequired()]},
                 "name": {"validators": [DataRequired(), Length(max=200)]}}

    model_class = Holiday
    view_name = _l("Holidays")
    view_category = PERF
    view_endpoint = "holiday"
