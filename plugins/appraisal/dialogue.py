"""Dialog kinerja (DOMAIN 3, "monitoring and coaching"): the appraiser and the employee record
their coaching sessions on an SKP (date, topics, agreed actions) while its cycle is open; the
evaluation page lists those of its period.

Who: the SKP's employee and appraiser record sessions and change or delete the ones they
recorded; HR all of them; the atasan pejabat penilai and the auditor read. Rows are scoped
like the SKP (`access.people_scope`).
"""
from __future__ import annotations

from flask import request, url_for
from flask_admin.helpers import get_redirect_target
from markupsafe import Markup
from sqlalchemy import false, or_, select
from sqlalchemy.orm import selectinload
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from app.admin.base import SecureModelView
from app.admin.fields import NumberFilter
from app.auth.permissions import current_employee_id, has_role
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l, local_today
from app.org.models import Employee
from plugins.appraisal.access import people_scope
from plugins.appraisal.models import FINISHED, AppraisalCycle, Dialogue, Skp
from plugins.appraisal.services import Actor, current_actor

MAX_TEXT = 5000


def may_record(skp: Skp, actor: Actor) -> bool:
    """The SKP's employee or appraiser (or HR) record a session while the cycle is open."""
    if skp.cycle.locked:
        return False
    return actor.hr or (actor.employee_id is not None
                        and actor.employee_id in (skp.employee_id, skp.appraiser_id))


def recordable_skps(pinned: int | None = None) -> list[Skp]:
    """The SKP of open cycles the current user may record a session on."""
    stmt = (select(Skp).join(AppraisalCycle, AppraisalCycle.id == Skp.cycle_id)
            .join(Employee, Employee.id == Skp.employee_id)
            .where(AppraisalCycle.state != FINISHED)
            .options(selectinload(Skp.cycle), selectinload(Skp.employee))
            .order_by(AppraisalCycle.year.desc(), Employee.name, Skp.id))
    if not has_role(HR_ADMIN):
        me = current_employee_id()
        stmt = stmt.where(or_(Skp.employee_id == me, Skp.appraiser_id == me)
                          if me is not None else false())
    if pinned is not None:
        stmt = stmt.where(Skp.id == pinned)
    return db.session.scalars(stmt.limit(500)).all()


def _not_in_future(form, field):
    if field.data and field.data > local_today():
        raise ValidationError(_("The date cannot be in the future."))


def _skp_link(view, context, model, name):
    return Markup('<a href="{}">{}</a>').format(
        url_for("appraisal_skp.details_view", id=model.skp_id), str(model.skp))


class DialogueView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})
    write_roles = frozenset({HR_ADMIN, SUPERVISOR, EMPLOYEE})
    column_list = ["skp", "held_on", "topics", "actions", "recorded_by"]
    column_labels = {"skp": _l("SKP"), "held_on": _l("Date"), "topics": _l("Topics"),
                     "actions": _l("Agreed actions"), "recorded_by": _l("Recorded by"),
                     "skp.employee.name": _l("Employee name")}
    column_searchable_list = ["topics", "skp.employee.name"]
    column_filters = [NumberFilter(Dialogue.skp_id, _l("SKP (number)"))]
    column_formatters = {"skp": _skp_link}
    column_formatters_export = {"skp": lambda v, c, m, n: str(m.skp)}
    column_sortable_list = ["held_on"]
    column_default_sort = [("held_on", True), ("id", True)]
    form_columns = ["skp", "held_on", "topics", "actions"]
    form_overrides = {"topics": TextAreaField, "actions": TextAreaField}
    form_args = {"held_on": {"validators": [DataRequired(), _not_in_future]},
                 "topics": {"validators": [DataRequired(), Length(max=MAX_TEXT)]},
                 "actions": {"validators": [Length(max=MAX_TEXT)]},
                 "skp": {"validators": [DataRequired()], "description": _l(
                     "Your own SKP, or one you appraise, of an open cycle.")}}
    list_eager_loads = (Dialogue.recorded_by,)
    row_locked_message = _l("Only who recorded the session (or HR) changes it, while the cycle "
                            "is open.")

    model_class = Dialogue
    view_name = _l("Performance dialogues")
    view_endpoint = "appraisal_dialogue"

    def scope(self, query):
        if has_role(HR_ADMIN, AUDITOR):
            return query
        return query.filter(Dialogue.skp_id.in_(people_scope(select(Skp.id), Skp)))

    def get_query(self):
        return super().get_query().options(
            selectinload(Dialogue.skp).selectinload(Skp.employee),
            selectinload(Dialogue.skp).selectinload(Skp.cycle))

    def row_writable(self, model) -> bool:
        if model.skp.cycle.locked:
            return False
        return has_role(HR_ADMIN) or (current_employee_id() is not None
                                      and model.recorded_by_id == current_employee_id())

    def _bind(self, form, skps):
        form.skp.query_factory = lambda: skps
        form.skp.get_label = str
        return form

    def create_form(self, obj=None):
        form = super().create_form(obj)
        pinned = self.typed_id(request.args.get("skp"))
        skps = (recordable_skps(pinned) if pinned is not None else []) or recordable_skps()
        if request.method == "GET":
            if len(skps) == 1:
                form.skp.data = skps[0]
            form.held_on.data = form.held_on.data or local_today()
        return self._bind(form, skps)

    def edit_form(self, obj=None):
        # A session stays on its SKP.
        return self._bind(super().edit_form(obj), [obj.skp] if obj is not None else [])

    def on_model_change(self, form, model, is_created):
        if not may_record(model.skp, current_actor()):
            raise ValidationError(str(self.row_locked_message))
        if is_created:
            model.recorded_by_id = current_employee_id()

    def get_save_return_url(self, model, is_created=False):
        return get_redirect_target() or self.get_url(".index_view")


def views() -> list:
    return [DialogueView()]
