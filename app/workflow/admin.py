"""HR edits workflow definitions (states and transitions inline, picked from lists, drawn as a
diagram on the definition's page); everyone has an inbox."""
import re

from flask import flash, has_request_context, redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from sqlalchemy import select, update
from wtforms import SelectField
from wtforms.utils import unset_value
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from app.admin.base import SecureModelView
from app.admin.gates import SecurePage
from app.core.registry import registry
from app.core.roles import (
    AUDITOR,
    EMPLOYEE,
    FORUM_COORDINATOR,
    HR_ADMIN,
    SUPERVISOR,
    TRAINER,
    role_labels,
)
from app.extensions import db
from app.i18n import _, _l, utcnow
from app.workflow import diagram, engine
from app.workflow.definition import as_spec, editable_states, states_in_use, validate
from app.workflow.models import (
    APPROVERS,
    STATE_COLORS,
    Notification,
    WorkflowDefinition,
    WorkflowState,
    WorkflowTransition,
)

ALL_ROLES = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE, TRAINER, FORUM_COORDINATOR})
STATE_LABELS = {"code": _l("Code"), "label": _l("Label"), "is_final": _l("Final state"),
                "editable": _l("Editable (empty: initial state and returned)"),
                "color": _l("Badge colour"), "position": _l("Order")}
TRANSITION_LABELS = {"code": _l("Code"), "label": _l("Button label"),
                     "from_state": _l("From state"), "to_state": _l("To state"),
                     "approver": _l("Who may apply it"), "role": _l("Required role"),
                     "allow_self": _l("May approve own record"),
                     "comment_required": _l("Comment required"), "position": _l("Order")}


def _tristate(value):
    return {"": None, "None": None, "1": True, "True": True, "0": False,
            "False": False}.get(str(value), value if isinstance(value, bool) else None)


class EditableField(SelectField):
    """A state's "editable" flag: empty means the default (a checkbox could not say so)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["choices"] = [SelectChoice("", _l("Default")), SelectChoice("1", _l("Yes")),
                             SelectChoice("0", _l("No"))]
        kwargs["coerce"] = _tristate
        super().__init__(label, validators, **kwargs)

    def _value(self):
        return {None: "", True: "1", False: "0"}.get(self.data, "")


def _state_choices() -> list[tuple[str, str]]:
    """The states to pick from, by label: those of the definition being edited, and those
    typed on this very form (a state added here can be used at once). A new definition offers
    the default states of every workflow."""
    ident = request.args.get("id", type=int) if has_request_context() else None
    choices = {"": "–"}
    if ident is not None:
        for s in db.session.scalars(select(WorkflowState).where(
                WorkflowState.definition_id == ident).order_by(WorkflowState.position)):
            choices.setdefault(s.code, s.label)
    else:
        for binding in engine.bindings().values():
            for s in (binding.default or {}).get("states", ()):
                choices.setdefault(s["code"], s.get("label") or s["code"])
    if has_request_context():
        for key, code in request.form.items():
            if STATE_CODE_KEY.fullmatch(key) and code.strip():
                label = request.form.get(key[:-len("code")] + "label", "").strip()
                choices.setdefault(code.strip(), label or code.strip())
    return list(choices.items())


STATE_CODE_KEY = re.compile(r"states-\d+-code")


class StateField(SelectField):
    """A state picked from a list (labels shown, the code submitted). Whether the state exists
    is for the shared definition validator to say (app.workflow.definition.validate, as for
    an import or the seed), not for this field: it takes any value and shows it back."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["choices"] = _state_choices
        kwargs["validate_choice"] = False
        super().__init__(label, validators, **kwargs)

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if self.data and self.data not in {value for value, _label in self.choices}:
            self.choices = [*self.choices, (self.data, self.data)]


def _entity_label(entity: str) -> str:
    binding = engine.bindings().get(entity)
    return str(binding.title or entity) if binding is not None else entity


def _state_label(definition, code) -> str:
    return next((s.label for s in definition.states if s.code == code), code or "")


class WorkflowDefinitionView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR})
    column_list = ["name", "entity", "initial_state"]
    column_details_list = ["name", "entity", "initial_state", "states", "transitions"]
    column_details_list = ["name", "entity", "initial_state", "diagram", "states",
                           "transitions"]
    column_labels = {"name": _l("Name"), "entity": _l("Data"),
                     "initial_state": _l("Initial state"), "states": _l("States"),
                     "transitions": _l("Transitions"), "diagram": _l("Diagram")}
    form_columns = ["name", "entity", "initial_state"]
    form_overrides = {"initial_state": StateField}
    # States and transitions as compact rows (app/static/css/workflow_editor.css).
    create_template = "admin/workflow/create.html"
    edit_template = "admin/workflow/edit.html"
    inline_models = [
        (WorkflowState, {"form_columns": ["id", "code", "label", "is_final", "editable",
                                          "color", "position"],
                         "form_overrides": {"editable": EditableField},
                         # (empty: the default, app.workflow.badges.default_colors)
                         "form_choices": {"color": [("", _l("Default"))]
                                          + list(STATE_COLORS.items())},
                         "form_label": _l("State"),
                         "column_labels": STATE_LABELS}),
        (WorkflowTransition, {
            "form_columns": ["id", "code", "label", "from_state", "to_state", "approver", "role",
                             "allow_self", "comment_required", "position"],
            "column_labels": TRANSITION_LABELS,
            "form_label": _l("Transition"),
            "form_overrides": {"from_state": StateField, "to_state": StateField},
            "form_choices": {"approver": list(APPROVERS.items()),
                             "role": lambda: [("", "–")] + list(role_labels().items())}}),
    ]
    column_formatters = {
        "states": lambda v, c, m, n: ", ".join(
            f"{s.label}{' (' + str(_('editable')) + ')' if s.code in editable_states(as_spec(m)) else ''}"
            for s in m.states),
        "transitions": lambda v, c, m, n: "; ".join(
            f"{t.label}: {_state_label(m, t.from_state)} → {_state_label(m, t.to_state)}"
            for t in m.transitions),
        "entity": lambda v, c, m, n: _entity_label(m.entity),
        "initial_state": lambda v, c, m, n: _state_label(m, m.initial_state),
        "diagram": lambda v, c, m, n: diagram.svg(m, title=_("Diagram of %(name)s",
                                                               name=m.name))}

    model_class = WorkflowDefinition
    view_name = _l("Workflows")
    view_category = _l("Configuration")
    view_endpoint = "workflow"

    form_choices = {"entity": lambda: [(entity, str(binding.title or entity)) for entity, binding
                                       in sorted(engine.bindings().items())]}

    def audit_value_labels(self) -> dict:
        """For the audit trail (app.audit.labels): the entities by name, the states by label
        (of this view's definitions and of the state and transition rows it edits)."""
        states = {}
        for definition in db.session.scalars(select(WorkflowDefinition)):
            states.update({s.code: s.label for s in definition.states})
        return {"entity": {e: _entity_label(e) for e in engine.bindings()},
                "initial_state": states, "from_state": states, "to_state": states}

    def on_model_change(self, form, model, is_created):
        # The validator the import and the seed use (app.workflow.definition), on the rows as
        # they will be saved (inline rows marked for deletion are already gone).
        live = [row for row in (*model.states, *model.transitions)
                if row not in db.session.deleted]
        spec, errors = validate(as_spec(model, [r for r in live if isinstance(r, WorkflowState)],
                                        [r for r in live if isinstance(r, WorkflowTransition)]),
                                registry(), where=model.name or None)
        if spec is not None:
            with db.session.no_autoflush:
                errors = states_in_use(engine.bindings()[model.entity],
                                       {s["code"] for s in spec["states"]}, where=model.name or None)
        if errors:
            raise ValidationError(" ".join(errors))
        for t in model.transitions:
            t.role = t.role or None
        for state in model.states:
            state.color = state.color or None   # (empty choice: the default colour)


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
        return self.render("admin/inbox.html", rows=rows(tasks(current_user)), notes=notes)

    @expose("/read/", methods=("POST",))
    def mark_read(self):
        db.session.execute(update(Notification).where(
            Notification.user_id == current_user.id, Notification.read_at.is_(None))
            .values(read_at=utcnow()))
        db.session.commit()
        flash(_("All notifications are marked as read."), "success")
        return redirect(url_for(".index"))


def tasks(user) -> list:
    """Everything that awaits `user`, from every registered inbox source, in module order."""
    return [task for source in registry().inbox_sources.values() for task in source.tasks(user)]


def rows(waiting) -> list[dict]:
    """The inbox's rows: each set of records once, with every action it awaits. Tasks of one
    `group` (several transitions from one state) make one row counting `group_count`."""
    result, by_group = [], {}
    for task in waiting:
        if task.group and task.group in by_group:
            by_group[task.group]["actions"].append(task)
            continue
        row = {"title": task.title, "state": task.state, "url": task.url, "actions": [task],
               "count": task.group_count if task.group_count is not None else task.count}
        result.append(row)
        if task.group:
            by_group[task.group] = row
    return result


def inbox_widget(user):
    """Dashboard card: the tasks waiting for this user and their unread notifications."""
    from flask import render_template

    waiting = tasks(user)
    unread = db.session.scalar(select(db.func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))
    if not waiting and not unread:
        return None
    return render_template("dashboard/inbox.html", rows=rows(waiting), unread=unread)
