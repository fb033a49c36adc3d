"""HR edits workflow definitions (states and transitions inline); everyone has an inbox."""
from flask import flash, redirect, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select, update
from wtforms.validators import ValidationError

from app.admin.base import SecureModelView, SecurePage
from app.auth.roles import (AUDITOR, EMPLOYEE, FORUM_COORDINATOR, HR_ADMIN, ROLES,
                            SUPERVISOR, TRAINER)
from app.extensions import db
from app.i18n import _, _l, utcnow
from app.workflow import engine
from app.workflow.models import (APPROVERS, ASSIGNED, Notification, WorkflowDefinition, WorkflowState,
                                 WorkflowTransition)

ALL_ROLES = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE, TRAINER, FORUM_COORDINATOR})
STATE_LABELS = {"code": _l("Code"), "label": _l("Label"), "is_final": _l("Final state"),
                "position": _l("Order")}
TRANSITION_LABELS = {"code": _l("Code"), "label": _l("Button label"),
                     "from_state": _l("From state (code)"), "to_state": _l("To state (code)"),
                     "approver": _l("Who may apply it"), "role": _l("Required role"),
                     "allow_self": _l("May approve own record"),
                     "comment_required": _l("Comment required"), "position": _l("Order")}


class WorkflowDefinitionView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR})
    column_list = ["name", "entity", "initial_state"]
    column_details_list = ["name", "entity", "initial_state", "states", "transitions"]
    column_labels = {"name": _l("Name"), "entity": _l("Data"),
                     "initial_state": _l("Initial state (code)"), "states": _l("States"),
                     "transitions": _l("Transitions")}
    form_columns = ["name", "entity", "initial_state"]
    inline_models = [
        (WorkflowState, {"form_columns": ["id", "code", "label", "is_final", "position"],
                         "column_labels": STATE_LABELS}),
        (WorkflowTransition, {
            "form_columns": ["id", "code", "label", "from_state", "to_state", "approver", "role",
                             "allow_self", "comment_required", "position"],
            "column_labels": TRANSITION_LABELS,
            "form_choices": {"approver": list(APPROVERS.items()),
                             "role": [("", "–")] + list(ROLES.items())}}),
    ]
    column_formatters = {"states": lambda v, c, m, n: ", ".join(
        f"{s.label} ({s.code})" for s in m.states),
        "transitions": lambda v, c, m, n: "; ".join(
        f"{t.label}: {t.from_state} → {t.to_state}" for t in m.transitions)}

    def __init__(self):
        super().__init__(WorkflowDefinition, db, name=_l("Workflows"),
                         category=_l("Configuration"), endpoint="workflow")

    def on_model_change(self, form, model, is_created):
        if model.entity not in engine.bindings():
            raise ValidationError(_("Unknown data %(entity)s; known: %(known)s.",
                                    entity=model.entity,
                                    known=", ".join(sorted(engine.bindings()))))
        codes = {s.code for s in model.states}
        if len(codes) != len(model.states):
            raise ValidationError(_("Each state needs its own code."))
        if model.initial_state not in codes:
            raise ValidationError(_("The initial state %(code)s is not one of the states.",
                                    code=model.initial_state))
        seen = set()
        for t in model.transitions:
            if (t.code, t.from_state) in seen:
                raise ValidationError(_("Two transitions from the same state share the code "
                                        "%(code)s.", code=t.code))
            if t.code == "delete":
                raise ValidationError(_("The code \"delete\" is reserved."))
            seen.add((t.code, t.from_state))
            for code in (t.from_state, t.to_state):
                if code not in codes:
                    raise ValidationError(_("Transition \"%(label)s\" uses the unknown state "
                                            "%(code)s.", label=t.label, code=code))
            if t.approver == "role" and not t.role:
                raise ValidationError(_("Transition \"%(label)s\" needs a role.", label=t.label))
            binding = engine.bindings().get(model.entity)
            if t.approver in ASSIGNED and (binding is None
                                           or binding.assignee_column(t.approver) is None):
                raise ValidationError(_("Records of this workflow name no such approver "
                                        "(transition \"%(label)s\").", label=t.label))
            t.role = t.role or None


class InboxPage(SecurePage):
    """"Tugas Saya": what awaits the logged-in user across all workflows, and notifications."""

    read_roles = ALL_ROLES

    def __init__(self):
        super().__init__(name=_l("My tasks"), endpoint="inbox", url="/admin/inbox")

    @expose("/")
    def index(self):
        notes = db.session.scalars(
            select(Notification).where(Notification.user_id == current_user.id)
            .order_by(Notification.id.desc()).limit(30)).all()
        return self.render("admin/inbox.html", tasks=engine.inbox(current_user), notes=notes)

    @expose("/read/", methods=("POST",))
    def mark_read(self):
        db.session.execute(update(Notification).where(
            Notification.user_id == current_user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow()))
        db.session.commit()
        flash(_("All notifications are marked as read."), "success")
        return redirect(url_for(".index"))


def inbox_widget(user):
    """Dashboard card: the number of tasks waiting for this user."""
    from flask import render_template

    tasks = engine.inbox(user)
    unread = db.session.scalar(select(db.func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))
    if not tasks and not unread:
        return None
    return render_template("dashboard/inbox.html", tasks=tasks, unread=unread)
