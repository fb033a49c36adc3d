"""User administration for HR: accounts, roles, the linked employee, passwords (the same policy as
everywhere, changed by the user at the next login), unlocking the login and resetting the
second factor of accounts (POST actions, each a security event)."""
import uuid

from flask import flash
from flask_admin.actions import action
from wtforms import PasswordField
from wtforms.validators import Optional, ValidationError

from app.admin.base import SecureModelView
from app.audit.security import security_event
from app.auth import throttle
from app.auth.models import User
from app.auth.passwords import password_problems
from app.core.roles import AUDITOR, HR_ADMIN
from app.i18n import _, _l, ngettext

HR_ACTIONS = ("unlock", "reset_two_factor")


def _password_policy(form, field):
    """The policy for the account as the form describes it (new username, linked employee)."""
    if not field.data:
        return
    employee = form.employee.data if "employee" in form else None
    problems = password_problems(field.data, form.username.data if "username" in form else None,
                                 getattr(employee, "nip", None))
    if problems:
        raise ValidationError(" ".join(problems))


def _two_factor(view, context, model, name):
    return _("On") if model.tf_primary_method else _("Off")


class UserView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR})
    write_roles = frozenset({HR_ADMIN})

    column_list = ["username", "employee", "roles", "active", "tf_primary_method",
                   "current_login_at"]
    column_details_list = ["username", "employee", "roles", "active", "locale",
                           "password_change_required", "tf_primary_method", "current_login_at",
                           "current_login_ip", "last_login_at", "last_login_ip", "login_count",
                           "created_at"]
    column_export_list = ["username", "employee", "roles", "active", "tf_primary_method",
                          "current_login_at"]
    column_labels = {
        "username": _l("Username"), "employee": _l("Employee"), "roles": _l("Roles"),
        "active": _l("Active"), "current_login_at": _l("Last login"), "locale": _l("Language"),
        "current_login_ip": _l("Last login IP"), "last_login_at": _l("Previous login"),
        "last_login_ip": _l("Previous login IP"), "login_count": _l("Number of logins"),
        "created_at": _l("Created"), "new_password": _l("New password"),
        "password_change_required": _l("Must change password"),
        "tf_primary_method": _l("Two-step verification"),
    }
    column_formatters = {"tf_primary_method": _two_factor}
    column_formatters_export = {"tf_primary_method": _two_factor}
    column_searchable_list = ["username"]
    column_filters = ["active"]
    column_sortable_list = ["username", "active", "current_login_at"]
    form_columns = ["username", "employee", "roles", "active", "new_password"]
    form_extra_fields = {
        "new_password": PasswordField(
            _l("New password"), validators=[Optional(), _password_policy],
            description=_l("At least 12 characters; not a common password, the username or the "
                           "NIP. The user must change it at the next login. Leave empty to keep "
                           "the current password."),
        )
    }
    form_ajax_refs = {"employee": {"fields": ["name", "nip"], "page_size": 10}}
    list_eager_loads = (User.employee,)

    model_class = User
    view_name = _l("Users")
    view_category = _l("Administration")
    view_endpoint = "user"

    def on_model_change(self, form, model, is_created):
        password = form.new_password.data if "new_password" in form else None
        if password:
            model.set_password(password)
            model.password_change_required = True
        elif is_created:
            raise ValidationError(_("A new account needs a password."))

    def after_model_change(self, form, model, is_created):
        if "new_password" in form and form.new_password.data:
            security_event("password_set", "user", model.id, by_hr=True)

    def is_action_allowed(self, name):
        if name in HR_ACTIONS and not self._has(self.write_roles):
            return False
        return super().is_action_allowed(name)

    @action("unlock", _l("Unlock login"),
            _l("Lift the login limits of the selected accounts (after failed attempts)?"))
    def action_unlock(self, ids):
        users = self.visible(ids)
        for user in users:
            throttle.unlock(user.username)
            security_event("account_unlocked", "user", user.id, username=user.username)
        flash(ngettext("%(num)d account unlocked.", "%(num)d accounts unlocked.", len(users)),
              "success")

    @action("reset_two_factor", _l("Reset two-step verification"),
            _l("Turn off two-step verification of the selected accounts (a lost phone)? They "
               "set it up again at their next login if it is required."))
    def action_reset_two_factor(self, ids):
        users = self.visible(ids)
        for user in users:
            user.tf_primary_method = user.tf_totp_secret = user.tf_totp_counter = None
            user.mf_recovery_codes = None
            user.fs_uniquifier = uuid.uuid4().hex  # and ends the account's sessions
            security_event("two_factor_reset", "user", user.id, username=user.username)
        flash(ngettext("Two-step verification reset for %(num)d account.",
                       "Two-step verification reset for %(num)d accounts.", len(users)),
              "success")
