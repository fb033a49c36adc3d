"""Back-office views: survey periods (HR or the unit opens them) and responses (the unit
reviews them and the suggestions). Suggestions are shown escaped (Flask-Admin escapes every
cell) and are never published until someone marks them so."""
from __future__ import annotations

from flask import url_for
from markupsafe import Markup
from sqlalchemy import select
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from app.admin.base import SecureModelView
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l
from app.org.models import WorkUnit
from plugins.survey.access import may_manage, my_unit_ids, scope_units
from plugins.survey.choices import PROFILE, STATUSES
from plugins.survey.ikm import UNSUR
from plugins.survey.models import SurveyPeriod, SurveyResponse

MAX_POPULATION = 100_000_000


def _links(view, context, model, name):
    return Markup('<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>').format(
        url_for("survey_results.index", period=model.id), _("Results"),
        url_for("survey.poster", period_id=model.id), _("QR poster"),
        url_for("survey.form", period_id=model.id), _("Form"))


class PeriodView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})
    write_roles = frozenset({HR_ADMIN, SUPERVISOR})
    delete_roles = frozenset({HR_ADMIN})
    column_list = ["unit", "title", "starts_on", "ends_on", "population", "review_required",
                   "open", "links"]
    column_labels = {"unit": _l("Service unit"), "unit.name": _l("Service unit"),
                     "title": _l("Title"),
                     "starts_on": _l("From"), "ends_on": _l("Until"),
                     "population": _l("Yearly service population"),
                     "services": _l("Services (one per line)"),
                     "counters": _l("Counters (one per line)"),
                     "review_required": _l("Review responses before counting"),
                     "open": _l("Accepting responses"), "links": _l("Links")}
    column_formatters = {"links": _links}
    column_default_sort = ("starts_on", True)
    column_filters = ["unit.name", "open"]
    form_columns = ["unit", "title", "starts_on", "ends_on", "population", "services",
                    "counters", "review_required", "open"]
    form_args = {
        "title": {"validators": [DataRequired(), Length(max=200)]},
        "population": {"validators": [DataRequired(), NumberRange(1, MAX_POPULATION)],
                       "description": _l("People the unit serves in a year: the minimum "
                                         "number of respondents follows from it "
                                         "(Krejcie–Morgan).")},
        "services": {"validators": [Length(max=4000)]},
        "counters": {"validators": [Length(max=2000)],
                     "description": _l("Each counter gets its own QR code.")},
    }
    list_eager_loads = (SurveyPeriod.unit,)

    model_class = SurveyPeriod
    view_name = _l("Survey periods")
    view_endpoint = "survey_period"

    def scope(self, query):
        return scope_units(query, SurveyPeriod.unit_id)

    def row_writable(self, model) -> bool:
        return may_manage(model.unit_id)

    def _units(self, form):
        units = my_unit_ids()
        stmt = select(WorkUnit).where(WorkUnit.active.is_(True)).order_by(WorkUnit.name)
        if units is not None:
            stmt = stmt.where(WorkUnit.id.in_(units))
        form.unit.query_factory = lambda: db.session.scalars(stmt).all()
        return form

    def create_form(self, obj=None):
        return self._units(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._units(super().edit_form(obj))

    def on_model_change(self, form, model, is_created):
        if model.unit is None or not may_manage(model.unit.id):
            raise ValidationError(_("You may open surveys only for your own unit."))
        if model.starts_on and model.ends_on and model.ends_on < model.starts_on:
            raise ValidationError(_("The period ends before it starts."))


def _answers(view, context, model, name):
    return " ".join(str(a) for a in model.answers())


class ResponseView(SecureModelView):
    """Responses, read-only but for their review: counted or set aside, and whether the
    suggestion may be published."""

    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})
    write_roles = frozenset({HR_ADMIN, SUPERVISOR})
    # Only citizens write responses (the public form), and none is deleted: the unit sets one
    # aside instead, which keeps the count honest.
    create_roles = frozenset()
    delete_roles = frozenset()
    column_list = ["period", "submitted_at", "status", "answers", "service", "counter",
                   "suggestion", "suggestion_published"]
    column_details_list = ["period", "submitted_at", "status", *(u.field for u in UNSUR),
                           "age_band", "sex", "education", "occupation", "service", "counter",
                           "suggestion", "suggestion_published"]
    column_labels = {"period": _l("Survey period"), "period.title": _l("Survey period"),
                     "submitted_at": _l("Sent"),
                     "status": _l("Status"), "answers": _l("Answers (unsur 1–9)"),
                     "service": _l("Service used"), "counter": _l("Counter"),
                     "suggestion": _l("Suggestion"),
                     "suggestion_published": _l("Suggestion may be published"),
                     "age_band": _l("Age"), "sex": _l("Sex"), "education": _l("Education"),
                     "occupation": _l("Occupation"),
                     **{u.field: f"{u.number}. {u.name}" for u in UNSUR}}
    choices = {"status": STATUSES, **PROFILE}
    column_formatters = {"answers": _answers}
    column_export_list = column_details_list
    column_filters = ["status", "suggestion_published", "period.title"]
    column_default_sort = ("submitted_at", True)
    form_columns = ["status", "suggestion_published"]
    list_eager_loads = (SurveyResponse.period,)

    model_class = SurveyResponse
    view_name = _l("Survey responses")
    view_endpoint = "survey_response"

    def scope(self, query):
        units = select(SurveyPeriod.id)
        return query.filter(SurveyResponse.period_id.in_(
            scope_units(units, SurveyPeriod.unit_id)))

    def row_writable(self, model) -> bool:
        return may_manage(model.period.unit_id)


def views():
    from plugins.survey.report import ResultsPage

    return [PeriodView(), ResponseView(),
            ResultsPage(name=_l("Survey results"), endpoint="survey_results")]
