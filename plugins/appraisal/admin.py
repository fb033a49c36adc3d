"""Back-office views of the appraisal plugin: cycles (HR) and SKP (scoped per role)."""
from __future__ import annotations

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from sqlalchemy import inspect as sa_inspect, select, update
from sqlalchemy.exc import IntegrityError
from wtforms.validators import Length, NumberRange, ValidationError

from app.admin.base import IN_USE_MESSAGE, NumberFilter, SecureModelView, choice_formatter
from app.audit.trail import record
from app.auth.permissions import has_role
from app.auth.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l
from app.org.models import WorkUnit
from app.performance.choices import PERIODICITIES
from app.workflow import engine
from app.workflow.views import WorkflowViewMixin
from plugins.appraisal import generation, health, planning
from plugins.appraisal.access import people_scope
from plugins.appraisal.models import (ANNUAL, CYCLE_ORDER, CYCLE_STATES, FINISHED, AppraisalCycle,
                                      Evaluation, Rhk, Skp, UnitPredikat)
from plugins.appraisal.workflows import ENTITY


class CycleView(SecureModelView):
    """HR opens a cycle, generates SKP drafts for a unit tree and moves it through its stages."""

    read_roles = frozenset({HR_ADMIN, AUDITOR})
    column_list = ["year", "periodicity", "state", "acknowledgement_deadline"]
    column_labels = {"year": _l("Year"), "periodicity": _l("Periodic evaluation"),
                     "state": _l("Stage"), "acknowledgement_deadline": _l(
                         "Deadline for the employee's acknowledgement"),
                     "created_at": _l("Created"), "updated_at": _l("Updated")}
    column_formatters = {"state": choice_formatter(CYCLE_STATES),
                         "periodicity": choice_formatter(PERIODICITIES)}
    column_formatters_export = column_formatters
    column_default_sort = ("year", True)
    form_columns = ["year", "periodicity", "acknowledgement_deadline"]
    form_choices = {"periodicity": list(PERIODICITIES.items())}
    form_args = {"year": {"validators": [NumberRange(2000, 2100)]}}
    details_template = "appraisal/cycle_details.html"

    def __init__(self):
        super().__init__(AppraisalCycle, db, name=_l("Appraisal cycles"),
                         endpoint="appraisal_cycle")

    def row_writable(self, model) -> bool:
        return not model.locked

    def on_model_change(self, form, model, is_created):
        # Periods 1..n of the evaluations and unit predikat are quarters or months by the
        # periodicity: once there are any, it stays (month 9 has no quarter, quarter 3 would
        # read as March).
        old = sa_inspect(model).attrs.periodicity.history.deleted
        if is_created or not old or old[0] == model.periodicity:
            return
        periodic = [select(Evaluation.id).join(Skp, Skp.id == Evaluation.skp_id).where(
                        Skp.cycle_id == model.id, Evaluation.period != ANNUAL),
                    select(UnitPredikat.id).where(UnitPredikat.cycle_id == model.id,
                                                  UnitPredikat.period != ANNUAL)]
        if any(db.session.scalar(stmt.limit(1)) is not None for stmt in periodic):
            raise ValidationError(_("The periodic evaluation cannot change: the cycle already "
                                    "has periodic evaluations or unit predikat."))

    def render(self, template, **kwargs):
        if template == self.details_template and "model" in kwargs:
            cycle = kwargs["model"]
            index = CYCLE_ORDER.index(cycle.state)
            kwargs["next_state"] = CYCLE_ORDER[index + 1] if index + 1 < len(CYCLE_ORDER) \
                else None
            kwargs["states"] = CYCLE_STATES
            kwargs["units"] = db.session.scalars(select(WorkUnit).where(
                WorkUnit.active.is_(True)).order_by(WorkUnit.name)).all()
            kwargs["skp_count"] = db.session.scalar(select(db.func.count()).select_from(Skp)
                                                    .where(Skp.cycle_id == cycle.id))
            kwargs["health"] = health.per_unit(cycle.id)
        return super().render(template, **kwargs)

    def _move(self, cycle_id, source: str, target: str) -> bool:
        """One conditional UPDATE: of two concurrent clicks exactly one moves the cycle."""
        moved = db.session.execute(
            update(AppraisalCycle).where(AppraisalCycle.id == cycle_id,
                                         AppraisalCycle.state == source)
            .values(state=target).execution_options(synchronize_session=False)).rowcount
        if moved:
            record("transition", "appraisal_cycle", cycle_id, state=[source, target])
            db.session.commit()
        else:
            db.session.rollback()
            flash(_("The cycle has already moved on; reload the page."), "warning")
        return bool(moved)

    @expose("/advance/", methods=("POST",))
    def advance(self):
        cycle = self.get_one(request.form.get("id"))
        if cycle is None or not has_role(HR_ADMIN) or cycle.state == CYCLE_ORDER[-1]:
            flash(_("Permission denied."), "error")
            return redirect(self.get_url(".index_view"))
        target = CYCLE_ORDER[CYCLE_ORDER.index(cycle.state) + 1]
        if self._move(cycle.id, cycle.state, target):
            flash(_("The cycle is now in the stage %(stage)s.", stage=CYCLE_STATES[target]),
                  "success")
        return redirect(self.get_url(".details_view", id=cycle.id))

    @expose("/reopen/", methods=("POST",))
    def reopen(self):
        cycle = self.get_one(request.form.get("id"))
        if cycle is None or not has_role(HR_ADMIN) or not cycle.locked:
            flash(_("Permission denied."), "error")
            return redirect(self.get_url(".index_view"))
        if self._move(cycle.id, FINISHED, CYCLE_ORDER[-2]):
            flash(_("The cycle is reopened for evaluation."), "success")
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
        return redirect(self.get_url(".details_view", id=cycle.id))


def _skp_states():
    from flask import has_request_context

    return list(engine.state_labels(ENTITY).items()) if has_request_context() else []


APPENDIX = ["resources", "accountability", "consequences"]
MAX_APPENDIX = 5000   # characters of each appendix text


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
                     "status": _l("Status"), "employee.name": _l("Employee name"),
                     "jpt": _l("JPT plan (indicators by perspective)"),
                     "resources": _l("Resource support"),
                     "accountability": _l("Accountability scheme"),
                     "consequences": _l("Consequences"),
                     "created_at": _l("Created"), "updated_at": _l("Updated")}
    column_searchable_list = ["employee.name", "employee.nip"]
    # Filter 0 is the state and 1 the unit: the cycle health page links to both.
    column_filters = [FilterEqual(Skp.status, _l("Status"), options=_skp_states),
                      NumberFilter(Skp.unit_id, _l("Work unit (number)")),
                      NumberFilter(Skp.cycle_id, _l("Cycle (number)"))]
    column_formatters = {"status": lambda v, c, m, n: v.state_label(m)}
    column_formatters_export = column_formatters
    form_columns = ["cycle", "employee", "appraiser", "superior", "jpt", *APPENDIX]
    form_args = {name: {"validators": [Length(max=MAX_APPENDIX)]} for name in APPENDIX}
    form_ajax_refs = {"employee": {"fields": ["name", "nip"], "page_size": 10},
                      "appraiser": {"fields": ["name", "nip"], "page_size": 10},
                      "superior": {"fields": ["name", "nip"], "page_size": 10}}
    list_eager_loads = (Skp.cycle, Skp.employee, Skp.unit, Skp.appraiser, Skp.superior)
    details_template = "appraisal/skp_details.html"
    simple_list_pager = True

    def __init__(self):
        super().__init__(Skp, db, name=_l("SKP"), endpoint="appraisal_skp")

    def scope(self, query):
        return people_scope(query, Skp)

    def row_writable(self, model) -> bool:
        # HR at any state of an open cycle; the owner (appendix only) while it is a draft.
        return (has_role(HR_ADMIN) and not model.cycle.locked) or planning.may_edit_plan(model)

    def render(self, template, **kwargs):
        if template == self.details_template and "model" in kwargs:
            kwargs.update(planning.plan_context(kwargs["model"]))
        return super().render(template, **kwargs)

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

    def on_model_change(self, form, model, is_created):
        if model.cycle.locked:
            raise ValidationError(_("The cycle is finished and locked."))
        if "employee" in form:   # (HR's form: the owner's appendix does not move the plan)
            model.unit_id = model.employee.unit_id if model.employee else None


def views() -> list:
    return [CycleView(), SkpView()]
