"""WorkflowViewMixin: a model view's workflow, driven by its definition rows.

The record's page shows a POST button per transition the user may apply now, plus the
timeline; the list offers the transitions as bulk actions. Transitions that need a comment go
through a small comment page. A definition edited by HR changes all of this on the next page.
"""
from __future__ import annotations

from flask import flash, has_request_context, redirect, request
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_admin.helpers import get_redirect_target
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.admin.versioning import refuse_stale, stale
from app.core.forms import Form
from app.i18n import _, _l, fmt_number, ngettext
from app.workflow import engine
from app.workflow.definition import as_spec, editable_states


def state_filter(entity: str, column, name=None) -> FilterEqual:
    """The list filter on a workflow's state, offering HR's state labels. The labels are read
    when the view's filters are refreshed (per request in views with custom fields); outside
    a request, e.g. when the view is built at start-up, there are none (and no query)."""
    def options():
        return list(engine.state_labels(entity).items()) if has_request_context() else []
    return FilterEqual(column, name or _l("Status"), options=options)


def records_noun(binding) -> str:
    """What a flash calls the records ("3 laporan kegiatan harian ..."): the binding's title
    in lower case, unless it starts with an acronym ("SKP")."""
    title = str(binding.title or _("records"))
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


class CommentForm(Form):
    comment = TextAreaField(_l("Comment"), validators=[DataRequired(),
                                                       Length(max=engine.COMMENT_MAX)])


class WorkflowViewMixin:
    """Mix into a SecureModelView (before it) and set `workflow_entity`."""

    workflow_entity: str = ""
    comment_template = "admin/workflow_comment.html"

    def may_transition(self) -> bool:
        """Read-only roles (the auditor) never move records, whatever their employee link."""
        return self.can_edit

    def _transitions(self):
        if not self.may_transition():
            return []
        return [t for t in engine.transition_codes(self.workflow_entity, current_user)
                if t.code != "delete"]

    def get_actions_list(self):
        actions, confirmations = super().get_actions_list()
        labels = engine.state_labels(self.workflow_entity)
        for t in self._transitions():
            actions.append((t.code, t.label))
            if not t.comment_required:
                confirmations[t.code] = self._bulk_question(t, labels)
        return actions, confirmations

    def _bulk_question(self, transition, labels) -> str:
        """What a bulk transition will do, asked before it runs (kinerja.js puts the number of
        ticked records first): the state the records move to, when the code has one."""
        d = engine.definition(self.workflow_entity)
        targets = {t.to_state for t in d.transitions if t.code == transition.code}
        if len(targets) != 1:
            return _("Apply \"%(action)s\" to the selected records?", action=transition.label)
        target = targets.pop()
        return _("Apply \"%(action)s\" to them? Those in a state that allows it move to "
                 "\"%(state)s\"; the others stay as they are.", action=transition.label,
                 state=labels.get(target, target))

    @expose("/action/", methods=("POST",))
    def action_view(self):
        code = request.form.get("action", "")
        if any(t.code == code for t in self._transitions()):
            back = get_redirect_target() or self.get_url(".index_view")
            return self._run_transition(code, request.form.getlist("rowid"), None, back)
        return super().action_view()

    @expose("/transition/<transition>/", methods=("POST",))
    def transition_view(self, transition):
        # (the URL part is not `name`: Flask-Admin's _handle_view takes `name` itself)
        record_id = self.typed_id(request.form.get("id"))
        record = self.get_one(record_id) if record_id is not None else None
        if record is None:
            flash(_("The record does not exist or is not yours to process."), "error")
            return redirect(self.get_url(".index_view"))
        back = self.get_url(".details_view", id=record_id)
        if stale(record, request.form.get("version")):
            # The page showed an older state: the user decides on what they have not seen.
            refuse_stale(record, back)
            return redirect(back)
        return self._run_transition(transition, [record_id], request.form.get("comment"), back)

    @expose("/transition/<transition>/comment/", methods=("GET", "POST"))
    def comment_view(self, transition):
        t = next((t for t in self._transitions() if t.code == transition), None)
        visible = self.visible(request.values.get("ids", "").split(","))
        if t is None:
            flash(_("Permission denied."), "error")
            return redirect(self.get_url(".index_view"))
        form = CommentForm()
        # The version of the record page the user came from (one record, not the list's bulk).
        version = (request.form if request.method == "POST" else request.args).get("version") \
            if len(visible) == 1 else None
        if form.validate_on_submit():
            if version and stale(visible[0], version):
                back = self.get_url(".details_view", id=visible[0].id)
                refuse_stale(visible[0], back)
                return redirect(back)
            self._apply(t.code, [r.id for r in visible], form.comment.data)
            if len(visible) == 1:
                return redirect(self.get_url(".details_view", id=visible[0].id))
            return redirect(self.get_url(".index_view"))
        return self.render(self.comment_template, form=form, transition=t, records=visible,
                           ids=",".join(str(r.id) for r in visible), version=version)

    def _run_transition(self, code, ids, comment, back):
        t = next((t for t in self._transitions() if t.code == code), None)
        if t is None:
            flash(_("Permission denied."), "error")
            return redirect(back)
        ids = [i for i in map(self.typed_id, ids) if i is not None]
        if t.comment_required and not (comment or "").strip():
            return redirect(self.get_url(".comment_view", transition=code,
                                         ids=",".join(map(str, ids))))
        self._apply(code, ids, comment)
        return redirect(back)

    def _apply(self, code, ids, comment):
        # Only records this user can see at all (the view's row scope).
        visible = [r.id for r in self.visible(ids)]
        try:
            done, refused = engine.apply(self.workflow_entity, visible, code, current_user,
                                         comment)
        except engine.WorkflowError as error:
            flash(str(error), "error")
            return
        refused += len(ids) - len(visible)
        what = records_noun(engine.bindings()[self.workflow_entity])
        if done:
            d = engine.definition(self.workflow_entity)
            to_state = next((t.to_state for t in (d.transitions if d else ()) if t.code == code),
                            "")
            state = engine.state_labels(self.workflow_entity).get(to_state, to_state)
            flash(ngettext('%(count)s %(what)s now "%(state)s".',
                           '%(count)s %(what)s now "%(state)s".', done,
                           count=fmt_number(done, 0), what=what, state=state), "success")
        if refused:
            flash(ngettext("%(count)s %(what)s not changed: already moved on or not yours to "
                           "process.", "%(count)s %(what)s not changed: already moved on or not "
                           "yours to process.", refused, count=fmt_number(refused, 0), what=what),
                  "warning")

    def details_context(self, record):
        context = super().details_context(record)
        context["transitions"] = engine.available(self.workflow_entity, record, current_user) \
            if self.may_transition() else []
        context["timeline"] = engine.timeline(self.workflow_entity, record.id)
        return context

    def audit_value_labels(self) -> dict:
        """For the audit trail (app.audit.labels): the labels HR gave this workflow's states
        and transitions, by the keys its events carry."""
        states = engine.state_labels(self.workflow_entity)
        d = engine.definition(self.workflow_entity)
        state_attr = engine.bindings()[self.workflow_entity].state_attr
        return {state_attr: states, "status": states,
                "transition": {t.code: t.label for t in d.transitions} if d else {}}

    def state_label(self, record) -> str:
        return self.state_label_of(
            getattr(record, engine.bindings()[self.workflow_entity].state_attr))

    def state_label_of(self, code) -> str:
        return engine.state_labels(self.workflow_entity).get(code, code)

    def state_editable(self, record) -> bool:
        """Whether the record's state is one its definition marks editable (default: the
        initial state and returned); see app.workflow.definition.editable_states."""
        d = engine.definition(self.workflow_entity)
        if d is None:
            return False
        state = getattr(record, engine.bindings()[self.workflow_entity].state_attr)
        return state in editable_states(as_spec(d))

    # Kept for callers of the earlier name.
    owner_may_edit = state_editable

    def row_writable(self, model) -> bool:
        """Records under a workflow are edited only in editable states (views that decide
        otherwise override this and say why)."""
        return self.state_editable(model) and super().row_writable(model)
