"""Back-office views of the training plugin: JP rules and programmes (HR), sessions (HR and
their trainers) with the roster, attendance, results and certificates on the session's page,
participants, outside JP (employees record, HR verifies) and training suggestions."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from flask import Response, abort, current_app, flash, redirect, request, send_from_directory
from flask_admin import expose
from flask_admin.actions import action
from markupsafe import Markup
from sqlalchemy import func, select
from wtforms import FileField
from wtforms.validators import URL, Length, NumberRange, Optional, ValidationError

from app.admin.base import SecureModelView
from app.admin.fields import NumberFilter
from app.admin.evidence import EvidenceMixin, evidence_link, store_upload
from app.auth.models import Role, User
from app.auth.permissions import current_employee_id, has_role
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR, TRAINER
from app.extensions import db
from app.i18n import _, _l, local_today
from app.org.choices import POSITION_KINDS
from app.org.models import Employee, WorkUnit
from app.workflow.badges import state_column
from app.workflow.views import WorkflowViewMixin, state_filter
from plugins.training import attendance, credit, feedback, results, roster
from plugins.training.access import people_scope, session_scope
from plugins.training.choices import (
    ATTENDANCE,
    BASES,
    COMPETENCIES,
    FUNDING,
    KIND_LABELS,
    KINDS,
    RESULTS,
    ROUTES,
    SUGGESTION_STATES,
)
from plugins.training.config import check_rule
from plugins.training.models import (
    ExternalJp,
    JpRule,
    Participant,
    Programme,
    Suggestion,
    TrainingSession,
)
from plugins.training.rules import WIT, local, session_days
from plugins.training.workflows import (
    CANCELLED,
    DONE,
    EXTERNAL,
    PLANNED,
    REJECTED,
    SESSION,
    SUBMITTED,
)

MAX_MONEY = Decimal("99999999999999")
MAX_UPLOAD = 5 * 1024 * 1024   # an attendance spreadsheet


def to_utc(value: datetime | None) -> datetime | None:
    """A time typed in the form (WIT, naive) as stored (UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=WIT).astimezone(timezone.utc)


def trainers():
    """Employees whose account holds the trainer role: the choices for a session's trainer."""
    return db.session.scalars(
        select(Employee).join(User, User.employee_id == Employee.id)
        .where(User.roles.any(Role.name == TRAINER), User.active.is_(True))
        .order_by(Employee.name)).all()


class JpRuleView(SecureModelView):
    """The JP conversion rules of DOMAIN 5 as rows HR edits; changing one recomputes the
    credited JP of every participation under it."""

    read_roles = frozenset({HR_ADMIN, AUDITOR, TRAINER})
    column_list = ["code", "name", "basis", "jp", "max_jp_per_day", "max_sessions_per_month"]
    column_labels = {"code": _l("Code"), "name": _l("Name"), "basis": _l("Counted as"),
                     "jp": _l("JP"), "max_jp_per_day": _l("At most JP a day"),
                     "max_sessions_per_month": _l("At most sessions a month")}
    choices = {"basis": BASES}
    # The rule's key, typed by HR and named by the programmes: shown as the code it is.
    column_formatters = {"code": lambda v, c, m, n: Markup("<code>{}</code>").format(m.code)}
    form_columns = ["code", "name", "basis", "jp", "max_jp_per_day", "max_sessions_per_month"]
    form_args = {"jp": {"description": _l("JP per day, session or activity; empty for actual "
                                          "hours.")}}
    column_default_sort = "code"

    model_class = JpRule
    view_name = _l("JP rules")
    view_category = _l("Training")
    view_endpoint = "training_jp_rule"

    def on_model_change(self, form, model, is_created):
        errors: list[str] = []
        row = {name: getattr(model, name) for name in
               ("code", "name", "basis", "jp", "max_jp_per_day", "max_sessions_per_month")}
        if check_rule(_("This rule"), row, errors) is None:
            raise ValidationError(" ".join(errors))

    def after_model_change(self, form, model, is_created):
        if not is_created:
            credit.recredit_rule(model.id)
            db.session.commit()

    def on_model_delete(self, model):
        if db.session.scalar(select(Programme.id).where(Programme.jp_rule_id == model.id)
                             .limit(1)):
            raise ValidationError(_("Programmes still use this rule."))


class ProgrammeView(SecureModelView):
    """The catalogue: route and kind (DOMAIN 5), competency area, organiser, JP rule."""

    read_roles = frozenset({HR_ADMIN, AUDITOR, TRAINER})
    column_list = ["name", "kind", "competency", "organiser", "jp_rule", "active"]
    column_labels = {"name": _l("Name"), "route": _l("Route"), "kind": _l("Kind"),
                     "competency": _l("Competency area"), "organiser": _l("Organiser"),
                     "jp_rule": _l("JP rule"), "description": _l("Description"),
                     "active": _l("Active")}
    choices = {"kind": KIND_LABELS, "competency": COMPETENCIES, "route": ROUTES}
    column_searchable_list = ["name", "organiser"]
    column_filters = ["competency", "kind"]
    form_columns = ["name", "kind", "competency", "organiser", "jp_rule", "description",
                    "active"]
    form_args = {"name": {"validators": [Length(max=200)]},
                 "organiser": {"validators": [Length(max=200)]},
                 "description": {"validators": [Length(max=5000)]},
                 "jp_rule": {"description": _l("How a session of this programme converts to "
                                               "JP (JP rules).")}}

    model_class = Programme
    view_name = _l("Programmes")
    view_category = _l("Training")
    view_endpoint = "training_programme"

    def on_model_change(self, form, model, is_created):
        model.route = KINDS[model.kind][0]
        if not is_created:
            model.active = bool(model.active)

    def after_model_change(self, form, model, is_created):
        if not is_created:
            credit.recredit(db.session.scalars(
                select(Participant.employee_id).join(TrainingSession)
                .where(TrainingSession.programme_id == model.id)))
            db.session.commit()


def _session_states():
    from flask import has_request_context

    from app.workflow import engine

    return list(engine.state_labels(SESSION).items()) if has_request_context() else []


class SessionView(WorkflowViewMixin, SecureModelView):
    """Sessions: HR plans and approves; a trainer plans their own and runs them (roster,
    attendance, results, certificates on the session's page)."""

    workflow_entity = SESSION
    read_roles = frozenset({HR_ADMIN, AUDITOR, TRAINER})
    write_roles = frozenset({HR_ADMIN, TRAINER})
    delete_roles = frozenset({HR_ADMIN})
    FIELDS = ["programme", "title", "trainer", "starts_at", "ends_at", "venue", "online_link",
              "capacity", "cost", "funding", "scored"]
    writable_fields_by_role = {TRAINER: [f for f in FIELDS if f != "trainer"]}
    column_list = ["programme", "title", "trainer", "starts_at", "ends_at", "capacity",
                   "status"]
    column_details_list = ["programme", "title", "trainer", "starts_at", "ends_at", "venue",
                           "online_link", "capacity", "cost", "funding", "scored", "status",
                           "cancel_reason"]
    column_labels = {"programme": _l("Programme"), "title": _l("Title"),
                     "trainer": _l("Trainer"), "starts_at": _l("Starts (WIT)"),
                     "ends_at": _l("Ends (WIT)"), "venue": _l("Venue"),
                     "online_link": _l("Online link"), "capacity": _l("Capacity"),
                     "cost": _l("Cost (Rp)"), "funding": _l("Funding source"),
                     "scored": _l("Results as a score"), "status": _l("Status"),
                     "cancel_reason": _l("Reason for cancelling"),
                     "programme.name": _l("Programme"), "title ": _l("Title")}
    choices = {"funding": FUNDING}
    column_formatters = {"status": state_column}
    column_formatters_export = column_formatters
    column_searchable_list = ["title", "programme.name"]
    column_filters = [state_filter(SESSION, TrainingSession.status),
                      NumberFilter(TrainingSession.programme_id, _l("Programme (number)"))]
    column_default_sort = ("starts_at", True)
    form_columns = FIELDS
    form_args = {
        "programme": {"query_factory": lambda: db.session.scalars(
            select(Programme).where(Programme.active.is_(True)).order_by(Programme.name)).all()},
        "trainer": {"query_factory": trainers},
        "title": {"validators": [Length(max=200)]},
        "venue": {"validators": [Length(max=200)]},
        "online_link": {"validators": [Optional(), URL(), Length(max=500)]},
        "capacity": {"default": 30, "validators": [NumberRange(1, 1000)]},
        "cost": {"validators": [Optional(), NumberRange(0, MAX_MONEY)]},
        "starts_at": {"description": _l("Date and time in WIT.")},
        "ends_at": {"description": _l("Date and time in WIT; the session counts in the year "
                                      "of this date.")},
    }
    list_eager_loads = (TrainingSession.programme, TrainingSession.trainer)
    details_template = "training/session_details.html"

    model_class = TrainingSession
    view_name = _l("Sessions")
    view_category = _l("Training")
    view_endpoint = "training_session"

    def scope(self, query):
        return session_scope(query)

    def row_writable(self, model) -> bool:
        if model.status in (DONE, CANCELLED):
            return False
        return has_role(HR_ADMIN) or model.status == PLANNED

    def on_form_prefill(self, form, id):
        model = self.get_one(id)
        for name in ("starts_at", "ends_at"):
            if model is not None and name in form:
                form[name].data = local(getattr(model, name)).replace(tzinfo=None)

    def on_model_change(self, form, model, is_created):
        for name in ("starts_at", "ends_at"):
            if name in form and form[name].data is not None:
                setattr(model, name, to_utc(form[name].data))
        if is_created and not has_role(HR_ADMIN):
            if current_employee_id() is None:
                raise ValidationError(_("Your account is not linked to an employee: ask HR "
                                        "to link it before planning a session."))
            model.trainer_id = current_employee_id()
        if model.trainer_id is None and model.trainer is None:
            raise ValidationError(_("Choose the trainer."))
        if model.starts_at is None or model.ends_at is None \
                or model.ends_at <= model.starts_at:
            raise ValidationError(_("The session must end after it starts."))
        if len(session_days(model.starts_at, model.ends_at)) > 366:
            raise ValidationError(_("A session lasts at most a year."))
        if not (model.venue or "").strip() and not (model.online_link or "").strip():
            raise ValidationError(_("Give the venue or the online link."))
        if not is_created and roster.seats_taken(model.id) > model.capacity:
            raise ValidationError(_("The roster already has more participants than this "
                                    "capacity."))

    def after_model_change(self, form, model, is_created):
        if not is_created:
            credit.recredit_session(model.id)
            db.session.commit()

    # The session's page --------------------------------------------------------------------

    def details_context(self, session):
        context = super().details_context(session)
        context.update(
            roster=attendance.roster(session.id), attendance_labels=ATTENDANCE,
            result_labels=RESULTS, days=session_days(session.starts_at, session.ends_at),
            units=db.session.scalars(select(WorkUnit).where(WorkUnit.active.is_(True))
                                     .order_by(WorkUnit.name)).all(),
            position_kinds=POSITION_KINDS, open_roster=session.status in roster.OPEN_STATES,
            recording=attendance.problem(session) is None,
            results_open=results.problem(session) is None,
            may_manage=self._may_manage(session),
            summary=feedback.summary(session.id), feedback_questions=feedback.QUESTIONS,
            present=_present_counts(session.id))
        return context

    def _may_manage(self, session) -> bool:
        """HR, or the session's own trainer (the auditor only reads)."""
        return has_role(HR_ADMIN) or (has_role(TRAINER)
                                      and session.trainer_id == current_employee_id())

    def _managed(self, record_id):
        session = self.get_one(record_id)
        if session is None or not self._may_manage(session):
            abort(404)
        return session

    def _back(self, session):
        return redirect(self.get_url(".details_view", id=session.id))

    @expose("/invite/", methods=("POST",))
    def invite(self):
        session = self._managed(request.form.get("id"))
        mode = request.form.get("mode")
        try:
            if mode == "unit":
                unit = db.session.get(WorkUnit, self.typed_id(request.form.get("unit")) or 0)
                if unit is None:
                    raise ValueError(_("Choose a work unit."))
                kind = request.form.get("position_kind") or None
                if kind is not None and kind not in POSITION_KINDS:
                    raise ValueError(_("Unknown position kind."))
                ids = roster.by_unit(unit.id, request.form.get("sub_units") == "y", kind)
            elif mode == "position":
                kind = request.form.get("position_kind")
                if kind not in POSITION_KINDS:
                    raise ValueError(_("Choose a position kind."))
                ids = roster.by_position_kind(kind)
            elif mode == "list":
                ids, unknown = roster.by_nips(request.form.get("nips", ""))
                if unknown:
                    raise ValueError(_("These NIPs are not active employees: %(nips)s. "
                                       "Nobody was invited.", nips=", ".join(unknown[:20])))
            else:
                raise ValueError(_("Choose how to invite."))
            added, already, full = roster.invite(session, ids,
                                                 request.form.get("mandatory") == "y")
        except ValueError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return self._back(session)
        db.session.commit()
        flash(_("%(added)s invited, %(already)s already on the roster.", added=added,
                already=already), "success")
        if full:
            flash(_("%(count)s not invited: the session is full.", count=full), "warning")
        return self._back(session)

    @expose("/uninvite/", methods=("POST",))
    def uninvite(self):
        session = self._managed(request.form.get("id"))
        participant = db.session.get(Participant,
                                     self.typed_id(request.form.get("participant")) or 0)
        if participant is None or participant.session_id != session.id:
            abort(404)
        if session.status not in roster.OPEN_STATES or participant.attendance \
                or participant.result:
            flash(_("A participant with attendance or a result stays on the roster."), "error")
            return self._back(session)
        db.session.delete(participant)
        db.session.commit()
        flash(_("Removed from the roster."), "success")
        return self._back(session)

    @expose("/attendance/", methods=("GET", "POST"))
    def attendance(self):
        """The trainer's phone page: one day's marks for the whole roster."""
        session = self._managed(request.values.get("id"))
        days = session_days(session.starts_at, session.ends_at)
        today = local_today()
        try:
            day = datetime.strptime(request.values.get("day", ""), "%Y-%m-%d").date()
        except ValueError:
            day = today if today in days else days[0]
        if day not in days:
            day = days[0]
        problem = attendance.problem(session)
        if request.method == "POST":
            if problem:
                flash(problem, "error")
            else:
                count = attendance.save_day(session, day, request.form)
                db.session.commit()
                flash(_("Attendance saved for %(count)s participants.", count=count),
                      "success")
                return redirect(self.get_url(".attendance", id=session.id, day=day.isoformat()))
        return self.render("training/attendance.html", session=session, day=day, days=days,
                           roster=attendance.roster(session.id),
                           marks=attendance.marks(session.id, day), labels=ATTENDANCE,
                           problem=problem)

    @expose("/attendance/template/")
    def attendance_template(self):
        session = self._managed(request.args.get("id"))
        return Response(attendance.template(session), headers={
            "Content-Disposition": f"attachment; filename=kehadiran-{session.id}.xlsx"},
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @expose("/attendance/import/", methods=("POST",))
    def attendance_import(self):
        session = self._managed(request.form.get("id"))
        problem = attendance.problem(session)
        upload = request.files.get("file")
        if problem:
            flash(problem, "error")
            return self._back(session)
        if upload is None or not upload.filename:
            flash(_("Choose an XLSX file."), "error")
            return self._back(session)
        data = upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            flash(_("The file is too large."), "error")
            return self._back(session)
        try:
            errors = attendance.import_rows(session, attendance.read_rows(data))
        except ValueError as exc:
            errors = [str(exc)]
        if errors:
            db.session.rollback()
            flash(_("Nothing was imported; correct the file:"), "error")
            for message in errors[:50]:
                flash(message, "error")
            if len(errors) > 50:
                flash(_("… and %(count)s more problems.", count=len(errors) - 50), "error")
        else:
            db.session.commit()
            flash(_("The attendance is imported."), "success")
        return self._back(session)

    @expose("/results/", methods=("POST",))
    def results(self):
        session = self._managed(request.form.get("id"))
        errors = [results.problem(session)] if results.problem(session) else \
            results.save(session, request.form)
        if errors:
            db.session.rollback()
            for message in errors:
                flash(message, "error")
        else:
            db.session.commit()
            flash(_("The results are saved."), "success")
        return self._back(session)

    @expose("/certificates/", methods=("POST",))
    def certificates(self):
        session = self._managed(request.form.get("id"))
        if session.status != DONE:
            flash(_("Certificates are issued once the session is finished."), "error")
            return self._back(session)
        count = results.issue_certificates(session)
        db.session.commit()
        flash(_("%(count)s certificate(s) issued.", count=count), "success")
        return self._back(session)


def _present_counts(session_id: int) -> dict[int, int]:
    from plugins.training.choices import PRESENT
    from plugins.training.models import Attendance

    return dict(db.session.execute(
        select(Attendance.participant_id, func.count())
        .join(Participant, Participant.id == Attendance.participant_id)
        .where(Participant.session_id == session_id, Attendance.status == PRESENT)
        .group_by(Attendance.participant_id)).all())


class NoCreate:
    """Records that come from elsewhere (the roster, the appraisal signal): nobody creates them
    in the form."""

    create_roles = frozenset()


class ParticipantView(NoCreate, SecureModelView):
    """Participations: HR edits the certificate (number, dates, uploaded file); everyone who
    sees one downloads its generated certificate."""

    read_roles = frozenset({HR_ADMIN, AUDITOR, TRAINER, SUPERVISOR, EMPLOYEE})
    write_roles = frozenset({HR_ADMIN})
    column_list = ["session", "employee", "mandatory", "result", "score", "jp",
                   "certificate_number"]
    column_details_list = ["session", "employee", "mandatory", "result", "score", "jp",
                           "certificate_number", "certificate_issued", "certificate_expires",
                           "certificate_file"]
    column_labels = {"session": _l("Session"), "employee": _l("Employee"),
                     "mandatory": _l("Mandatory"), "result": _l("Result"),
                     "score": _l("Score"), "jp": _l("JP credited"),
                     "certificate_number": _l("Certificate number"),
                     "certificate_issued": _l("Certificate issued"),
                     "certificate_expires": _l("Certificate valid until"),
                     "certificate_file": _l("Uploaded certificate"),
                     "employee.name": _l("Employee name"), "employee.nip": _l("NIP")}
    choices = {"result": RESULTS}
    column_formatters = {"certificate_file": lambda v, c, m, n: _file_link(v, m)}
    column_formatters_export = {}  # (the file's link is no export value)
    column_searchable_list = ["employee.name", "employee.nip"]
    column_filters = [NumberFilter(Participant.session_id, _l("Session (number)")),
                      NumberFilter(Participant.employee_id, _l("Employee (number)"))]
    form_columns = ["mandatory", "certificate_number", "certificate_issued",
                    "certificate_expires", "certificate_upload"]
    form_extra_fields = {"certificate_upload": FileField(_l("Upload the certificate"))}
    form_args = {"certificate_number": {"validators": [Length(max=100)]}}
    list_eager_loads = (Participant.session, Participant.employee)
    details_template = "training/participant_details.html"

    model_class = Participant
    view_name = _l("Participants")
    view_category = _l("Training")
    view_endpoint = "training_participant"

    def scope(self, query):
        return people_scope(query, Participant)

    def on_model_change(self, form, model, is_created):
        if model.certificate_issued and model.certificate_expires \
                and model.certificate_expires < model.certificate_issued:
            raise ValidationError(_("The certificate cannot expire before it is issued."))
        upload = form.certificate_upload.data if "certificate_upload" in form else None
        if upload and getattr(upload, "filename", ""):
            model.certificate_file = store_upload(upload)
        if model.certificate_number and not model.certificate_token:
            import secrets

            model.certificate_token = secrets.token_urlsafe(16)

    @expose("/certificate_file/")
    def certificate_file(self):
        record = self.get_one(request.args.get("id"))
        if record is None or not record.certificate_file:
            flash(_("The file does not exist."), "error")
            return redirect(self.get_url(".index_view"))
        return send_from_directory(current_app.config["UPLOAD_DIR"], record.certificate_file,
                                   as_attachment=True)

    @expose("/certificate/")
    def certificate(self):
        """The generated certificate (PDF) with the QR code of its public check."""
        from plugins.training.certificate import pdf_response

        record = self.get_one(request.args.get("id"))
        if record is None or not record.certificate_number or not record.certificate_token:
            flash(_("This participation has no certificate."), "error")
            return redirect(self.get_url(".index_view"))
        return pdf_response(record, html=request.args.get("format") == "html")


def _file_link(value, model):
    from flask import url_for

    if not value:
        return ""
    return Markup('<a href="{}">{}</a>').format(
        url_for("training_participant.certificate_file", id=model.id), _("Download"))


class ExternalJpView(EvidenceMixin, WorkflowViewMixin, SecureModelView):
    """JP from outside trainings: the employee records them with evidence; HR verifies."""

    workflow_entity = EXTERNAL
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})
    # The employee writes their own record; HR only verifies it (a transition).
    write_roles = frozenset({EMPLOYEE})
    create_roles = frozenset({EMPLOYEE})
    delete_roles = frozenset({EMPLOYEE})
    column_list = ["employee", "title", "organiser", "ends_on", "jp", "status",
                   "evidence_file"]
    column_labels = {"employee": _l("Employee"), "title": _l("Training"),
                     "organiser": _l("Organiser"), "kind": _l("Kind"),
                     "ends_on": _l("Ended on"), "jp": _l("JP"), "status": _l("Status"),
                     "evidence_file": _l("Evidence"), "evidence_upload": _l("Upload evidence"),
                     "employee.name": _l("Employee name")}
    choices = {"kind": KIND_LABELS}
    column_formatters = {"status": state_column,
                         "evidence_file": evidence_link}
    column_formatters_export = {"status": lambda v, c, m, n: v.state_label(m)}
    column_searchable_list = ["title", "employee.name"]
    column_filters = [state_filter(EXTERNAL, ExternalJp.status)]
    form_columns = ["title", "organiser", "kind", "ends_on", "jp", "evidence_upload"]
    form_args = {"title": {"validators": [Length(max=200)]},
                 "organiser": {"validators": [Length(max=200)]},
                 "jp": {"validators": [NumberRange(Decimal("0.5"), 200)]}}
    list_eager_loads = (ExternalJp.employee,)
    details_template = "admin/workflow_details.html"

    model_class = ExternalJp
    view_name = _l("Outside trainings")
    view_category = _l("Training")
    view_endpoint = "training_external"

    def scope(self, query):
        return people_scope(query, ExternalJp)

    def may_transition(self) -> bool:
        return self._has({HR_ADMIN, EMPLOYEE})

    def row_writable(self, model) -> bool:
        return model.employee_id == current_employee_id() and model.status in (SUBMITTED,
                                                                                REJECTED)

    def on_model_change(self, form, model, is_created):
        if is_created:
            if current_employee_id() is None:
                raise ValidationError(_("Your account is not linked to an employee."))
            model.employee_id = current_employee_id()
            model.status = SUBMITTED
        if model.ends_on and model.ends_on > local_today():
            raise ValidationError(_("Record a training once it has ended."))
        self.save_evidence(form, model)
        if not model.evidence_file:
            raise ValidationError(_("Attach the evidence (certificate or letter)."))


class SuggestionView(NoCreate, SecureModelView):
    """Training needs from appraisals; HR invites them to a session (an action) or dismisses
    them."""

    read_roles = frozenset({HR_ADMIN, AUDITOR})
    write_roles = frozenset({HR_ADMIN})
    column_list = ["employee", "competency", "reason", "year", "status", "session"]
    column_labels = {"employee": _l("Employee"), "competency": _l("Competency area"),
                     "reason": _l("Reason"), "year": _l("Year"), "period": _l("Period"),
                     "status": _l("Status"), "session": _l("Session"),
                     "employee.name": _l("Employee name")}
    choices = {"competency": COMPETENCIES, "status": SUGGESTION_STATES}
    column_filters = ["status", "competency"]
    column_searchable_list = ["employee.name"]
    form_columns = ["status"]
    form_choices = {"status": [("open", _l("Open")), ("dismissed", _l("Dismissed"))]}  # (HR's two)
    list_eager_loads = (Suggestion.employee, Suggestion.session)

    model_class = Suggestion
    view_name = _l("Training needs")
    view_category = _l("Training")
    view_endpoint = "training_suggestion"

    @action("invite", _l("Invite to a session"))
    def action_invite(self, ids):
        return redirect(self.get_url(".invite", ids=",".join(str(i) for i in ids)))

    @expose("/invite/", methods=("GET", "POST"))
    def invite(self):
        if not has_role(HR_ADMIN):
            abort(403)
        if request.method == "GET":
            wanted = (request.args.get("ids") or "").split(",")[:500]
            suggestions = [s for s in self.visible(wanted) if s.status == "open"]
            sessions = db.session.scalars(
                select(TrainingSession).where(TrainingSession.status.in_(roster.OPEN_STATES))
                .order_by(TrainingSession.starts_at)).all()
            return self.render("training/suggestion_invite.html", suggestions=suggestions,
                               sessions=sessions)
        session = db.session.get(TrainingSession, self.typed_id(request.form.get("session")) or 0)
        ids = [i for i in map(self.typed_id, request.form.getlist("rowid")) if i is not None]
        if session is None or not ids:
            flash(_("Choose the suggestions and a session."), "error")
            return redirect(self.get_url(".index_view"))
        try:
            count = roster.invite_suggestions(session, ids)
        except ValueError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(self.get_url(".index_view"))
        db.session.commit()
        flash(_("%(count)s suggestion(s) turned into invitations to %(session)s.", count=count,
                session=str(session)), "success")
        return redirect(self.get_url(".index_view"))

    @action("dismiss", _l("Dismiss"), _l("Dismiss the selected suggestions?"))
    def action_dismiss(self, ids):
        for s in self.visible(ids):
            if s.status == "open":
                s.status = "dismissed"
        db.session.commit()


def views() -> list:
    return [SessionView(), ProgrammeView(), JpRuleView(), ParticipantView(), ExternalJpView(),
            SuggestionView()]

