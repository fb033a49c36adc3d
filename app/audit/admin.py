"""Read-only audit trail for HR and the auditor."""
import json

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from markupsafe import Markup

from app.admin.base import SecureModelView
from app.audit.labels import changes_rows, describe
from app.admin.values import by_value
from app.audit.models import AuditEvent
from app.core.roles import AUDITOR, HR_ADMIN
from app.i18n import _, _l, fmt_datetime, fmt_number

ACTIONS = {"create": _l("Created"), "update": _l("Changed"), "delete": _l("Deleted"),
           "transition": _l("Transition"), "login": _l("Login"), "import": _l("Import"),
           "login_failed": _l("Failed login"), "login_throttled": _l("Login throttled"),
           "logout": _l("Logout"), "two_factor_failed": _l("Wrong verification code"),
           "password_changed": _l("Password changed"), "password_set": _l("Password set"),
           "two_factor_enabled": _l("Two-step verification on"),
           "two_factor_disabled": _l("Two-step verification off"),
           "two_factor_reset": _l("Two-step verification reset"),
           "recovery_codes_new": _l("New recovery codes"),
           "recovery_code_used": _l("Recovery code used"),
           "account_unlocked": _l("Account unlocked"), "access_denied": _l("Access refused"),
           "export": _l("Export"), "freeze": _l("Frozen"), "generate": _l("Generated"),
           "deadlines": _l("Deadlines changed"), "keep_pdf": _l("PDF kept"),
           "supersede": _l("Superseded"), "verify_pdf": _l("PDF checked")}


# (by value: the export reads the code from SQL and labels each distinct code once)
_action = by_value(lambda view, code: str(ACTIONS.get(code, code)))


def _entity(view, context, model, name):
    """The table's back-office name ("Pegawai"), not its Python name ("employee")."""
    return describe(model.entity).label()


def _changes(view, context, model, name, names=False):
    """The changes in words; in the list the records foreign keys point to go by number (one
    query per cell otherwise), on the event's page by name."""
    rows = changes_rows(model.entity, model.action, model.changes, names)
    if not rows:
        return ""
    return Markup('<table class="table table-sm mb-0">{}</table>').format(Markup("").join(
        Markup("<tr><th>{}</th><td>{}</td></tr>").format(label, value) for label, value in rows))


def _raw(view, context, model, name):
    """The record as stored (and hashed), for the auditor."""
    return Markup('<pre class="mb-0"><code>{}</code></pre>').format(json.dumps(
        json.loads(model.changes or "{}"), indent=2, ensure_ascii=False, sort_keys=True))


class AuditView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR})
    write_roles = frozenset()
    column_list = ["at", "username", "action", "entity", "entity_id", "changes"]
    column_details_list = ["id", "at", "username", "user_id", "action", "entity", "entity_id",
                           "changes", "raw", "prev_hash", "hash"]
    column_labels = {"id": _l("Number"), "at": _l("Time"), "username": _l("User"),
                     "user_id": _l("User ID"), "action": _l("Action"), "entity": _l("Data"),
                     "entity_id": _l("Record ID"), "changes": _l("Changes"),
                     "raw": _l("Recorded data (as stored)"),
                     "prev_hash": _l("Previous hash"), "hash": _l("Hash")}
    column_searchable_list = ["username", "entity", "entity_id"]
    column_filters = [FilterEqual(AuditEvent.action, _l("Action"), options=list(ACTIONS.items())),
                      "entity", "username", "at"]
    column_default_sort = ("id", True)
    column_sortable_list = ["at", "username", "action", "entity"]
    column_formatters = {"changes": _changes, "entity": _entity, "action": _action, "raw": _raw}
    column_formatters_detail = {**column_formatters,
                                "changes": lambda v, c, m, n: _changes(v, c, m, n, names=True)}
    column_formatters_export = {"action": _action}
    simple_list_pager = True
    list_template = "admin/audit/list.html"

    @expose("/verify/", methods=("POST",))
    def verify_view(self):
        """Run the verification (as `flask audit verify`) and say the result in Indonesian,
        naming the first broken event with a link to it."""
        from app.audit.verification import run_verification

        verdict = run_verification()
        if verdict.ok:
            flash(_("The audit trail is intact: %(count)s events verified; a signed checkpoint "
                    "was written.", count=fmt_number(verdict.checked, 0)), "success")
        else:
            flash(self._broken_message(verdict), "error")
        return redirect(self.get_url(".index_view"))

    def _broken_message(self, verdict) -> Markup:
        ev, cp = verdict.broken, verdict.checkpoint
        link = Markup('<a href="{}">#{}</a>').format(
            self.get_url(".details_view", id=ev.id, url=request.referrer), ev.id) if ev else ""
        checkpoint = _("checkpoint #%(id)s of %(at)s (%(count)s events)", id=cp.id,
                       at=fmt_datetime(cp.at), count=fmt_number(cp.event_count, 0)) if cp else ""
        what = {
            "prev": _("event %(event)s does not follow the event before it: an event was "
                      "deleted or the order changed", event="{event}"),
            "hash": _("event %(event)s was changed after it was written, or the chain was "
                      "recomputed without the audit key", event="{event}"),
            "diverged": _("event %(event)s is not the event signed by %(checkpoint)s",
                          event="{event}", checkpoint=checkpoint),
            "truncated": _("the trail ends after %(count)s events but %(checkpoint)s counted "
                           "more: the newest events were deleted",
                           count=fmt_number(verdict.checked, 0), checkpoint=checkpoint),
            "forged": _("the signature of %(checkpoint)s does not hold: it was forged or "
                        "altered", checkpoint=checkpoint),
        }[verdict.reason]
        text = _("The audit trail is NOT intact: %(what)s. The %(count)s events before it are "
                 "intact.", what=what, count=fmt_number(verdict.checked, 0))
        return Markup.escape(text).replace("{event}", link)

    model_class = AuditEvent
    view_name = _l("Audit trail")
    view_category = _l("Administration")
    view_endpoint = "audit"
