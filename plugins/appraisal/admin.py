"""Back-office views of the appraisal plugin: cycles (HR) and SKP (scoped per role)."""
from __future__ import annotations

from flask import abort, flash, redirect, request
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms.validators import Length, NumberRange, ValidationError

from app.admin.base import IN_USE_MESSAGE, SecureModelView
from app.admin.fields import NumberFilter
from app.auth.permissions import has_role
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l
from app.org.models import WorkUnit
from app.performance.choices import PERIODICITIES
from app.workflow.badges import state_column
from app.workflow import engine
from app.workflow.views import WorkflowViewMixin
from plugins.appraisal import appointment, generation, health, planning, signers
from plugins.appraisal.access import people_scope
from plugins.appraisal.forms import FinishForm, SignatureForm, messages
from plugins.appraisal.models import (
    ANNUAL,
    CYCLE_ORDER,
    CYCLE_STATES,
    FINISHED,
    AppraisalCycle,
    Evaluation,
    Rhk,
    Skp,
    UnitPredikat,
)
from plugins.appraisal.services import (
    NotYours,
    Refused,
    current_actor,
    cycles,
    reassigning,
    signing,
)
from plugins.appraisal.states import SkpState
from plugins.appraisal.workflows import ENTITY, EVALUATION


class CycleView(SecureModelView):
    """HR opens a cycle, generates SKP drafts for a unit tree and moves it through its stages."""

    read_roles = frozenset({HR_ADMIN, AUDITOR})
    column_list = ["year", "periodicity", "state", "acknowledgement_days"]
    column_labels = {"year": _l("Year"), "periodicity": _l("Periodic evaluation"),
                     "state": _l("Stage"),
                     "acknowledgement_days": _l("Days for the employee's acknowledgement"),
                     "objection_days": _l("Days for an objection"),
                     "opening_months": _l("Evaluations open (months before the period ends)"),
                     "require_cascade": _l("RHK utama must name what they support")}
    choices = {"state": CYCLE_STATES, "periodicity": PERIODICITIES}
    column_default_sort = ("year", True)
    form_columns = ["year", "periodicity", "acknowledgement_days", "objection_days",
                    "opening_months", "require_cascade"]
    form_args = {
        "year": {"validators": [NumberRange(2000, 2100)]},
        "acknowledgement_days": {"default": 14, "validators": [NumberRange(0, 366)],
                                 "description": _l("After the end of each period (WIT); "
                                                   "then HR may finalise.")},
        "objection_days": {"default": 14, "validators": [NumberRange(0, 366)],
                           "description": _l("After the appraiser signs.")},
        "opening_months": {"default": 1, "validators": [NumberRange(1, 12)],
                           "description": _l("1: a period's evaluation opens in its last "
                                             "month.")},
        "require_cascade": {"default": True, "description": _l(
            "A staff RHK utama names the appraiser's RHK it supports (when the appraiser's SKP "
            "is approved) and a head of unit's names the unit's PK targets.")},
    }
    details_template = "appraisal/cycle_details.html"

    model_class = AppraisalCycle
    view_name = _l("Appraisal cycles")
    view_endpoint = "appraisal_cycle"

    def row_writable(self, model) -> bool:
        return not model.locked

    def on_model_change(self, form, model, is_created):
        if is_created:
            return
        changed = sa_inspect(model).attrs
        # (read before any query: the autoflush would clear the history)
        dates_moved = bool(changed.acknowledgement_days.history.deleted
                           or changed.year.history.deleted)
        # Periods 1..n of the evaluations and unit predikat are quarters or months by the
        # periodicity: once there are any, it stays (month 9 has no quarter, quarter 3 would
        # read as March).
        old = changed.periodicity.history.deleted
        if old and old[0] != model.periodicity:
            periodic = [select(Evaluation.id).join(Skp, Skp.id == Evaluation.skp_id).where(
                            Skp.cycle_id == model.id, Evaluation.period != ANNUAL),
                        select(UnitPredikat.id).where(UnitPredikat.cycle_id == model.id,
                                                      UnitPredikat.period != ANNUAL)]
            if any(db.session.scalar(stmt.limit(1)) is not None for stmt in periodic):
                raise ValidationError(_("The periodic evaluation cannot change: the cycle "
                                        "already has periodic evaluations or unit predikat."))
        if dates_moved:
            cycles.refresh_deadlines(model)

    def details_context(self, cycle):
        context = super().details_context(cycle)
        index = CYCLE_ORDER.index(cycle.state)
        context["next_state"] = CYCLE_ORDER[index + 1] if index + 1 < len(CYCLE_ORDER) \
            else None
        context["states"] = CYCLE_STATES
        context["units"] = db.session.scalars(select(WorkUnit).where(
            WorkUnit.active.is_(True)).order_by(WorkUnit.name)).all()
        context["skp_count"] = db.session.scalar(select(db.func.count()).select_from(Skp)
                                                 .where(Skp.cycle_id == cycle.id))
        context["health"] = health.per_unit(cycle.id)
        context["unassigned"], context["unassigned_total"] = \
            generation.without_appraiser(cycle.id)
        return context

    @expose("/advance/", methods=("POST",))
    def advance(self):
        cycle = self.get_one(request.form.get("id"))
        if cycle is None or not has_role(HR_ADMIN) or cycle.state == FINISHED:
            flash(_("Permission denied."), "error")
            return redirect(self.get_url(".index_view"))
        target = CYCLE_ORDER[CYCLE_ORDER.index(cycle.state) + 1]
        if target == FINISHED:      # finishing locks the cycle: first see what is still open
            return redirect(self.get_url(".finish", id=cycle.id))
        if cycles.move(cycle.id, cycle.state, target):
            flash(_("The cycle is now in the stage %(stage)s.", stage=CYCLE_STATES[target]),
                  "success")
        else:
            flash(_("The cycle has already moved on; reload the page."), "warning")
        return redirect(self.get_url(".details_view", id=cycle.id))

    @expose("/finish/", methods=("GET", "POST"))
    def finish(self):
        """What is still open in the cycle, and HR's confirmation that it is finished."""
        cycle = self.get_one(request.values.get("id"))
        if cycle is None or not has_role(HR_ADMIN):
            flash(_("Permission denied."), "error")
            return redirect(self.get_url(".index_view"))
        form = FinishForm()
        if form.validate_on_submit():
            try:
                flash(cycles.finish(cycle, form.finalise_open.data, current_actor(),
                                    current_user), "success")
                return redirect(self.get_url(".details_view", id=cycle.id))
            except Refused as refused:
                for message in refused.messages:
                    flash(message, refused.category)
        return self.render("appraisal/cycle_finish.html", cycle=cycle, form=form,
                           open=cycles.open_items(cycle.id), states=CYCLE_STATES,
                           skp_states=engine.state_labels(ENTITY),
                           evaluation_states=engine.state_labels(EVALUATION))

    @expose("/reopen/", methods=("POST",))
    def reopen(self):
        cycle = self.get_one(request.form.get("id"))
        if cycle is None or not has_role(HR_ADMIN) or not cycle.locked:
            flash(_("Permission denied."), "error")
            return redirect(self.get_url(".index_view"))
        if cycles.move(cycle.id, FINISHED, CYCLE_ORDER[-2]):
            flash(_("The cycle is reopened for evaluation."), "success")
        else:
            flash(_("The cycle has already moved on; reload the page."), "warning")
        return redirect(self.get_url(".details_view", id=cycle.id))

    @expose("/generate/", methods=("POST",))
    def generate(self):
        cycle = self.get_one(request.form.get("id"))
        unit = db.session.get(WorkUnit, self.typed_id(request.form.get("unit")) or 0)
        if cycle is None or not has_role(HR_ADMIN) or cycle.locked or unit is None:
            flash(_("Choose a work unit of an open cycle."), "error")
            return redirect(self.get_url(".index_view"))
        created = generation.generate(cycle, unit.id)
        flash(_("%(count)s SKP draft(s) created for %(unit)s and the units below it.",
                count=created, unit=unit.name), "success")
        _rows, missing = generation.without_appraiser(cycle.id)
        if missing:
            flash(_("%(count)s SKP name no appraiser: see the list on this page and fix them.",
                    count=missing), "warning")
        return redirect(self.get_url(".details_view", id=cycle.id))


def _skp_states():
    from flask import has_request_context

    return list(engine.state_labels(ENTITY).items()) if has_request_context() else []


APPENDIX = ["resources", "accountability", "consequences"]
MAX_APPENDIX = 5000   # characters of each appendix text
OUTSIDERS = ["appraiser_name", "appraiser_position", "superior_name", "superior_position"]
PEOPLE = ["employee", "appraiser", "superior", *OUTSIDERS]


def _signer_formatter(role: str):
    """The appraiser or superior of an SKP: the employee, the outsider, or a dash."""
    def fmt(view, context, model, name):
        person = getattr(model, role)
        if person is not None:
            return str(person)
        outside, position = signers.outsider(model, role)
        if outside:
            return _("%(name)s (%(position)s, outside the system)", name=outside,
                     position=position)
        return "–"
    return fmt


class SkpView(WorkflowViewMixin, SecureModelView):
    """Employees see their own SKP, appraisers their staff's, the atasan pejabat penilai the
    appraiser's decisions, HR all; trainers and forum coordinators none. The page shows the
    plan (planning.plan_context); the owner writes the appendix of a draft, the appraiser the
    expectations, HR the people on it."""

    workflow_entity = ENTITY
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})
    write_roles = frozenset({HR_ADMIN, SUPERVISOR, EMPLOYEE})
    create_roles = frozenset({HR_ADMIN})
    delete_roles = frozenset({HR_ADMIN})
    writable_fields_by_role = {SUPERVISOR: APPENDIX, EMPLOYEE: APPENDIX}
    column_list = ["cycle", "employee", "unit", "appraiser", "superior", "status"]
    column_details_list = ["cycle", "employee", "unit", "appraiser", "superior", "status", "jpt"]
    column_labels = {"cycle": _l("Cycle"), "employee": _l("Employee"), "unit": _l("Work unit"),
                     "appraiser": _l("Appraiser"), "superior": _l("Appraiser's superior"),
                     "appraiser_name": _l("Appraiser outside the system: name"),
                     "appraiser_position": _l("Appraiser outside the system: position"),
                     "superior_name": _l("Appraiser's superior outside the system: name"),
                     "superior_position": _l(
                         "Appraiser's superior outside the system: position"),
                     "status": _l("Status"), "employee.name": _l("Employee name"),
                     "jpt": _l("JPT plan (indicators by perspective)"),
                     "resources": _l("Resource support"),
                     "accountability": _l("Accountability scheme"),
                     "consequences": _l("Consequences")}
    column_searchable_list = ["employee.name", "employee.nip"]
    # Filter 0 is the state and 1 the unit: the cycle health page links to both.
    column_filters = [FilterEqual(Skp.status, _l("Status"), options=_skp_states),
                      NumberFilter(Skp.unit_id, _l("Work unit (number)")),
                      NumberFilter(Skp.cycle_id, _l("Cycle (number)"))]
    column_formatters = {"status": state_column,
                         "appraiser": _signer_formatter("appraiser"),
                         "superior": _signer_formatter("superior")}
    column_formatters_export = column_formatters
    form_columns = ["cycle", "employee", "appraiser", "appraiser_name", "appraiser_position",
                    "superior", "superior_name", "superior_position", "jpt", *APPENDIX]
    form_args = {
        **{name: {"validators": [Length(max=MAX_APPENDIX)]} for name in APPENDIX},
        **{name: {"validators": [Length(max=200)]} for name in OUTSIDERS},
        "appraiser_name": {"validators": [Length(max=200)], "description": _l(
            "Only for an appraiser outside the system (e.g. the Bupati): HR then records their "
            "signatures. Leave empty when the appraiser above is chosen.")},
        "superior_name": {"validators": [Length(max=200)], "description": _l(
            "Only for a superior outside the system. With no superior at all, leave both "
            "empty: the step is skipped.")},
    }
    form_ajax_refs = {"employee": {"fields": ["name", "nip"], "page_size": 10},
                      "appraiser": {"fields": ["name", "nip"], "page_size": 10},
                      "superior": {"fields": ["name", "nip"], "page_size": 10}}
    list_eager_loads = (Skp.cycle, Skp.employee, Skp.unit, Skp.appraiser, Skp.superior)
    details_template = "appraisal/skp_details.html"
    simple_list_pager = True

    model_class = Skp
    view_name = _l("SKP")
    view_endpoint = "appraisal_skp"

    def scope(self, query):
        return people_scope(query, Skp)

    def row_writable(self, model) -> bool:
        # HR at any state of an open cycle; the owner (appendix only) while it is a draft.
        return (has_role(HR_ADMIN) and not model.cycle.locked) or planning.may_edit_plan(model)

    def details_context(self, model):
        # The plan first: it loads the RHK and IKI that the workflow's checks then read.
        plan = planning.plan_context(model)
        return {**super().details_context(model), **plan}

    @expose("/expectations/", methods=("POST",))
    def expectations(self):
        """Ekspektasi khusus pimpinan, one text per behaviour, from the SKP page."""
        skp = self.get_one(request.form.get("id"))
        if skp is None:
            flash(_("The record does not exist or is not yours to process."), "error")
            return redirect(self.get_url(".index_view"))
        back = redirect(self.get_url(".details_view", id=skp.id))
        if not planning.may_set_expectations(skp):
            flash(_("Only the appraiser (or HR) sets the expectations, while the cycle is open "
                    "and the SKP is not yet approved."), "error")
            return back
        problem = planning.save_expectations(skp, request.form)
        if problem:
            db.session.rollback()
            flash(problem, "error")
            return back
        try:
            db.session.commit()
        except IntegrityError:   # the same expectation saved twice at once
            db.session.rollback()
            flash(_("The expectations were changed meanwhile; reload the page."), "warning")
            return back
        flash(_("The expectations are saved."), "success")
        return back

    def on_model_delete(self, model):
        # (the RHK and IKI go with the plan; not while another plan or reports rely on them)
        if planning.rhks_in_use(select(Rhk.id).where(Rhk.skp_id == model.id)):
            raise ValidationError(str(IN_USE_MESSAGE))

    def validate_form(self, form):
        ok = super().validate_form(form)
        if request.method != "POST" or "appraiser" not in form:   # (HR's form only)
            return ok
        data = {name: form[name].data for name in PEOPLE}
        found = appointment.problems(*(getattr(data[n], "id", None) for n in PEOPLE[:3]),
                                     *(data[n] for n in OUTSIDERS))
        for name, message in found.items():
            form[name].errors = list(form[name].errors) + [message]
        return ok and not found

    def on_model_change(self, form, model, is_created):
        if model.cycle.locked:
            raise ValidationError(_("The cycle is finished and locked."))
        if "employee" not in form:   # (the owner's appendix moves nothing else)
            return
        model.unit_id = model.employee.unit_id if model.employee else None
        for name in OUTSIDERS:
            setattr(model, name, (getattr(model, name) or "").strip() or None)
        found = appointment.problems(model.employee_id, model.appraiser_id, model.superior_id,
                                     *(getattr(model, n) for n in OUTSIDERS))
        if found:
            raise ValidationError(next(iter(found.values())))
        if not is_created:
            reassigning.follow(model)

    def after_model_change(self, form, model, is_created):
        if "employee" in form:
            warning = appointment.ladder_warning(model.employee, model.appraiser)
            if warning:
                flash(warning, "warning")

    @expose("/external/", methods=("POST",))
    def external_signature(self):
        """HR records the approval of an appraiser outside the system."""
        skp = self.get_one(request.form.get("id"))
        if skp is None:
            abort(404)
        form = SignatureForm()
        back = redirect(self.get_url(".details_view", id=skp.id))
        if not form.validate():
            for message in messages(form):
                flash(message, "error")
            return back
        try:
            flash(signing.record(ENTITY, skp, SkpState.APPROVED, form.name.data,
                                 form.position.data, form.signed_on.data, current_actor(),
                                 current_user), "success")
        except NotYours:
            abort(403)
        except Refused as refused:
            for message in refused.messages:
                flash(message, "error")
        return back


def views() -> list:
    return [CycleView(), SkpView()]
