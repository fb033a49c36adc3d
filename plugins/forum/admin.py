"""Back-office views of the forum plugin: venues and forums (coordinators), the meetings'
minutes, agenda and attendance, registrations (coordinators only: personal data) and
follow-ups (coordinators; the owner unit's officials for their own)."""
from __future__ import annotations

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.model.form import InlineFormAdmin
from flask_login import current_user
from sqlalchemy import false, or_, select
from wtforms import SelectField
from wtforms.validators import URL, NumberRange, Optional, ValidationError

from app.admin.base import SecureModelView
from app.admin.fields import NumberFilter
from app.core.roles import AUDITOR, EMPLOYEE, FORUM_COORDINATOR, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l, fmt_datetime, utcnow
from app.org.models import Employee, WorkUnit
from app.workflow.badges import state_column
from app.workflow import engine
from app.workflow.views import WorkflowViewMixin, state_filter
from plugins.forum import registration, scheduling
from plugins.forum.forms import GroupsField, MinutesForm, WitDateTimeField
from plugins.forum.models import (
    GROUPS,
    KINDS,
    MODES,
    RECURRENCES,
    REGISTRATION_STATES,
    SEXES,
    Forum,
    ForumAgendaItem,
    ForumAttendance,
    ForumFollowUp,
    ForumMinutes,
    ForumRegistration,
    ForumVenue,
)
from plugins.forum.workflows import CANCELLED, FOLLOW_UP, FORUM, HELD, PUBLISHED, UNFINISHED

STAFF = frozenset({FORUM_COORDINATOR, HR_ADMIN, AUDITOR})
COORDINATOR = frozenset({FORUM_COORDINATOR})
COUNT = [Optional(), NumberRange(0, 100_000)]


class VenueView(SecureModelView):
    read_roles = STAFF
    write_roles = COORDINATOR
    column_list = ["name", "address", "capacity"]
    column_labels = {"name": _l("Venue"), "address": _l("Address"),
                     "capacity": _l("Capacity")}
    form_columns = ["name", "address", "capacity"]
    form_args = {"capacity": {"validators": COUNT}}
    column_searchable_list = ["name", "address"]

    model_class = ForumVenue
    view_name = _l("Venues")
    view_endpoint = "forum_venue"


class AgendaInline(InlineFormAdmin):
    form_columns = ["id", "position", "title", "presenter", "duration_minutes"]
    form_label = _l("Agenda")
    column_labels = {"position": _l("No."), "title": _l("Agenda item"),
                     "presenter": _l("Presenter"), "duration_minutes": _l("Minutes (duration)")}
    form_args = {"position": {"validators": [NumberRange(1, 999)]},
                 "duration_minutes": {"validators": [Optional(), NumberRange(1, 1440)]}}


class AttendanceInline(InlineFormAdmin):
    form_columns = ["id", "stakeholder_group", "male", "female"]
    form_label = _l("Attendance")
    column_labels = {"stakeholder_group": _l("Stakeholder group"), "male": _l("Men"),
                     "female": _l("Women")}
    form_overrides = {"stakeholder_group": SelectField}
    form_args = {"stakeholder_group": {"choices": list(GROUPS.items())},
                 "male": {"default": 0, "validators": [NumberRange(0, 100_000)]},
                 "female": {"default": 0, "validators": [NumberRange(0, 100_000)]}}


def _when(view, context, model, name):
    start = fmt_datetime(model.start_at)
    if model.recurrence != "none":
        return f"{start} · {RECURRENCES[model.recurrence]}"
    return start


class ForumView(WorkflowViewMixin, SecureModelView):
    workflow_entity = FORUM
    read_roles = STAFF
    write_roles = COORDINATOR
    column_list = ["topic", "unit", "kind", "start_at", "venue", "status"]
    column_labels = {"topic": _l("Topic"), "unit": _l("Unit"), "kind": _l("Kind"),
                     "mode": _l("Mode"), "venue": _l("Venue"), "online_link": _l("Online link"),
                     "start_at": _l("Start (WIT)"), "end_at": _l("End (WIT)"),
                     "recurrence": _l("Repeats"), "interval": _l("Every (weeks or months)"),
                     "until": _l("Last date"), "count": _l("Number of meetings"),
                     "capacity": _l("Places for registration"),
                     "stakeholder_groups": _l("Invited stakeholder groups"),
                     "is_public": _l("Public (listed and open for registration)"),
                     "status": _l("Status"), "cancel_reason": _l("Reason for cancelling"),
                     "contact": _l("Official responsible"), "description": _l("Description"),
                     "parent": _l("Series"), "agenda": _l("Agenda"),
                     "attendance": _l("Attendance")}
    choices = {"kind": KINDS, "mode": MODES, "recurrence": RECURRENCES}
    column_formatters = {"status": state_column,
                         "start_at": _when,
                         "stakeholder_groups": lambda v, c, m, n: ", ".join(
                             str(GROUPS[g]) for g in m.groups if g in GROUPS)}
    column_details_list = ["topic", "unit", "kind", "mode", "venue", "online_link", "start_at",
                           "end_at", "recurrence", "interval", "until", "count", "capacity",
                           "stakeholder_groups", "is_public", "contact", "parent", "status",
                           "cancel_reason", "description"]
    column_filters = [state_filter(FORUM, Forum.status),
                      NumberFilter(Forum.unit_id, _l("Work unit (number)")),
                      "kind"]
    column_searchable_list = ["topic"]
    column_default_sort = ("start_at", True)
    form_columns = ["unit", "topic", "kind", "mode", "venue", "online_link", "start_at",
                    "end_at", "recurrence", "interval", "until", "count", "capacity",
                    "stakeholder_groups", "is_public", "contact", "description"]
    form_overrides = {"start_at": WitDateTimeField, "end_at": WitDateTimeField,
                      "stakeholder_groups": GroupsField, "kind": SelectField,
                      "mode": SelectField, "recurrence": SelectField}
    form_args = {
        "recurrence": {"default": "none"},
        "interval": {"default": 1, "validators": [NumberRange(1, 12)]},
        "count": {"validators": [Optional(), NumberRange(1, scheduling.MAX_OCCURRENCES)]},
        "capacity": {"validators": COUNT},
        "online_link": {"validators": [Optional(), URL()]},
        "is_public": {"default": True},
        # Empty: the coordinator's own employee record, else the unit's head.
        "contact": {"validators": [Optional()], "allow_blank": True,
                    "description": _l("Empty: you, or else the head of the unit.")},
    }
    inline_models = [AgendaInline(ForumAgendaItem), AttendanceInline(ForumAttendance)]
    details_template = "forum/forum_details.html"
    list_eager_loads = (Forum.unit, Forum.venue)

    model_class = Forum
    view_name = _l("Forums")
    view_endpoint = "forum_forum"

    def row_writable(self, model) -> bool:
        return model.status not in (CANCELLED, PUBLISHED)

    def on_model_change(self, form, model, is_created):
        if model.contact_id is None and model.contact is None:
            me = current_user.employee_id
            unit = model.unit or db.session.get(WorkUnit, model.unit_id)
            contact = me or (unit.head_id if unit else None)
            if contact is None:
                raise ValidationError(_("Choose the official responsible for the forum."))
            # (the relation, not the column: the form set the relation to None)
            model.contact = db.session.get(Employee, contact)
        errors = scheduling.validation_errors(model)
        if model.mode != "online" and model.venue is None:
            errors.append(_("A forum in person or hybrid needs a venue."))
        if model.mode != "in_person" and not (model.online_link or "").strip():
            errors.append(_("An online or hybrid forum needs its link."))
        if model.mode == "online":
            model.venue = None
        if model.venue and model.venue.capacity and model.capacity \
                and model.capacity > model.venue.capacity:
            errors.append(_("The venue holds %(n)s people.", n=model.venue.capacity))
        if errors:
            raise ValidationError(" ".join(errors))
        db.session.flush()
        message = scheduling.conflict_message(model)
        if message:
            raise ValidationError(message)

    def details_context(self, forum):
        context = super().details_context(forum)
        now = utcnow()
        context.update(
            upcoming=scheduling.occurrences(forum, now)[:12]
            if forum.recurrence != "none" else [],
            past=[s for s, _e in scheduling.occurrences(forum, None, now)][-6:]
            if forum.recurrence != "none" else [],
            minutes_form=MinutesForm(body=forum.latest_minutes.body
                                     if forum.latest_minutes else ""),
            counts=registration.counts(forum), kinds=KINDS, groups=GROUPS, sexes=SEXES,
            attendance_total=registration.attendance_totals(forum),
            blocked=self._blocked(forum),
            registration_states=REGISTRATION_STATES, may_write=self.can_edit,
            rrule=scheduling.rrule_text(forum))
        return context

    def _blocked(self, forum) -> list[tuple[str, str]]:
        """Transitions the coordinator could apply but for a reason (shown, not hidden)."""
        d = engine.definition(FORUM)
        binding = engine.bindings()[FORUM]
        if d is None or not self.may_transition():
            return []
        return [(t.label, msg) for t in d.transitions if t.from_state == forum.status
                and (not t.role or current_user.has_role(t.role))
                and (msg := binding.check(forum, t))]

    @expose("/meeting/", methods=("POST",))
    def meeting_view(self):
        """Open (make the record of) one meeting of a series, to hold it or take registrations."""
        series = self.get_one(request.form.get("id"))
        start = registration.parse_start(request.form.get("start", ""))
        if series is None or not self.can_edit or start is None:
            flash(_("The record does not exist or is not yours to process."), "error")
            return redirect(self.get_url(".index_view"))
        meeting = scheduling.meeting_for(series, start)
        if meeting is None:
            flash(_("The series has no meeting at that time."), "error")
            return redirect(self.get_url(".details_view", id=series.id))
        db.session.commit()
        return redirect(self.get_url(".details_view", id=meeting.id))

    @expose("/minutes/", methods=("POST",))
    def minutes_view(self):
        """Save the minutes as a new revision (earlier ones stay)."""
        forum = self.get_one(request.form.get("id"))
        if forum is None or not self.can_edit:
            flash(_("The record does not exist or is not yours to process."), "error")
            return redirect(self.get_url(".index_view"))
        form = MinutesForm()
        back = self.get_url(".details_view", id=forum.id)
        if forum.status not in (HELD, PUBLISHED):
            flash(_("Minutes are written once the forum has been held."), "error")
        elif not form.validate_on_submit():
            for errors in form.errors.values():
                for error in errors:
                    flash(str(error), "error")
        else:
            body = form.body.data.replace("\x00", "").strip()
            latest = forum.latest_minutes
            if latest is not None and latest.body == body:
                flash(_("The minutes have not changed."), "info")
                return redirect(back)
            db.session.add(ForumMinutes(forum=forum, body=body, created_at=utcnow(),
                                        revision=(latest.revision if latest else 0) + 1,
                                        author=current_user.username))
            db.session.commit()
            flash(_("The minutes were saved as a new revision."), "success")
        return redirect(back)


class RegistrationView(SecureModelView):
    """Who registered (personal data): coordinators and the auditor only."""

    read_roles = frozenset({FORUM_COORDINATOR, AUDITOR})
    write_roles = COORDINATOR

    # Registrations come from the public form only.
    @property
    def can_create(self):
        return False

    @can_create.setter
    def can_create(self, value):
        pass
    column_list = ["forum", "name", "organisation", "stakeholder_group", "sex", "status",
                   "created_at"]
    column_labels = {"forum": _l("Forum"), "name": _l("Name"), "email": _l("E-mail"),
                     "organisation": _l("Organisation"),
                     "stakeholder_group": _l("Stakeholder group"), "sex": _l("Sex"),
                     "status": _l("Status"), "created_at": _l("Registered"),
                     "reminded_at": _l("Reminder sent")}
    choices = {"stakeholder_group": GROUPS, "sex": SEXES, "status": REGISTRATION_STATES}
    column_details_exclude_list = ["token"]
    column_export_exclude_list = ["token"]
    column_filters = ["status",
                      NumberFilter(ForumRegistration.forum_id, _l("Forum (number)"))]
    column_searchable_list = ["name", "organisation"]
    form_columns = ["status"]
    form_overrides = {"status": SelectField}
    form_args = {"status": {"choices": list(REGISTRATION_STATES.items())}}
    list_eager_loads = (ForumRegistration.forum,)

    model_class = ForumRegistration
    view_name = _l("Registrations")
    view_endpoint = "forum_registration"

    def after_model_change(self, form, model, is_created):
        # A place set free goes to the first on the waiting list.
        registration.fill_from_waiting_list(model.forum)
        db.session.commit()


def owner_conditions(user) -> list | None:
    """SQL conditions for the follow-ups whose owner unit is the user's: they answer for them,
    head the unit, or supervise in it; None for a user without an employee record."""
    me = user.employee_id
    if me is None:
        return None
    employee = db.session.get(Employee, me)
    conditions = [ForumFollowUp.responsible_id == me,
                  ForumFollowUp.owner_unit_id.in_(select(WorkUnit.id)
                                                  .where(WorkUnit.head_id == me))]
    if user.has_role(SUPERVISOR) and employee and employee.unit_id:
        conditions.append(ForumFollowUp.owner_unit_id == employee.unit_id)
    return conditions


class FollowUpView(WorkflowViewMixin, SecureModelView):
    workflow_entity = FOLLOW_UP
    read_roles = frozenset({FORUM_COORDINATOR, HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})
    write_roles = frozenset({FORUM_COORDINATOR, SUPERVISOR, EMPLOYEE})
    create_roles = COORDINATOR
    delete_roles = COORDINATOR
    writable_fields_by_role = {SUPERVISOR: ["evidence", "evidence_url"],
                               EMPLOYEE: ["evidence", "evidence_url"]}
    column_list = ["title", "forum", "owner_unit", "due_date", "status"]
    column_labels = {"title": _l("Follow-up"), "forum": _l("Forum"),
                     "owner_unit": _l("Owner unit"), "responsible": _l("Official responsible"),
                     "due_date": _l("Due date"), "status": _l("Status"),
                     "evidence": _l("Evidence"), "evidence_url": _l("Evidence link"),
                     "description": _l("Description")}
    column_formatters = {"status": state_column}
    column_details_list = ["title", "forum", "owner_unit", "responsible", "due_date", "status",
                           "description", "evidence", "evidence_url"]
    column_filters = [state_filter(FOLLOW_UP, ForumFollowUp.status),
                      NumberFilter(ForumFollowUp.owner_unit_id, _l("Work unit (number)")),
                      NumberFilter(ForumFollowUp.forum_id, _l("Forum (number)"))]
    column_searchable_list = ["title"]
    column_default_sort = ("due_date", False)
    form_columns = ["forum", "title", "description", "owner_unit", "responsible", "due_date",
                    "evidence", "evidence_url"]
    form_args = {"evidence_url": {"validators": [Optional(), URL()]},
                 "responsible": {"validators": [Optional()], "allow_blank": True,
                                 "description": _l("Empty: the head of the owner unit.")}}
    details_template = "admin/workflow_details.html"
    list_eager_loads = (ForumFollowUp.forum, ForumFollowUp.owner_unit)

    model_class = ForumFollowUp
    view_name = _l("Follow-ups")
    view_endpoint = "forum_follow_up"

    def create_form(self, obj=None):
        form = super().create_form(obj)
        # "Add a follow-up" on a forum's page names the forum.
        forum_id = self.typed_id(request.args.get("forum"))
        if "forum" in form and request.method == "GET" and forum_id is not None:
            form.forum.data = db.session.get(Forum, forum_id)
        return form

    def scope(self, query):
        if current_user.has_role(FORUM_COORDINATOR, HR_ADMIN, AUDITOR):
            return query
        conditions = owner_conditions(current_user)
        return query.filter(or_(*conditions)) if conditions else query.filter(false())

    def row_writable(self, model) -> bool:
        if current_user.has_role(FORUM_COORDINATOR):
            return True
        return model.status in UNFINISHED

    def on_model_change(self, form, model, is_created):
        forum = model.forum
        if forum is not None and forum.status not in (HELD, PUBLISHED):
            raise ValidationError(_("Follow-ups are agreed at a forum that has been held."))
        if model.responsible_id is None and model.responsible is None:
            unit = model.owner_unit
            if unit is None or unit.head_id is None:
                raise ValidationError(_("Choose the official responsible: the owner unit has "
                                        "no head."))
            model.responsible = db.session.get(Employee, unit.head_id)


def views():
    return [ForumView(), VenueView(), FollowUpView(), RegistrationView()]

