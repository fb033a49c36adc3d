"""User administration for HR: accounts, roles, the linked employee, passwords."""
from wtforms import PasswordField
from wtforms.validators import Length, Optional, ValidationError

from app.admin.base import SecureModelView
from app.auth.models import User
from app.auth.roles import AUDITOR, HR_ADMIN
from app.extensions import db
from app.i18n import _, _l


class UserView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR})
    write_roles = frozenset({HR_ADMIN})

    column_list = ["username", "employee", "roles", "active", "last_login_at"]
    column_details_list = ["username", "employee", "roles", "active", "locale", "last_login_at",
                           "last_login_ip", "login_count", "created_at"]
    column_export_list = ["username", "employee", "roles", "active", "last_login_at"]
    column_labels = {
        "username": _l("Username"), "employee": _l("Employee"), "roles": _l("Roles"),
        "active": _l("Active"), "last_login_at": _l("Last login"), "locale": _l("Language"),
        "last_login_ip": _l("Last login IP"), "login_count": _l("Number of logins"),
        "created_at": _l("Created"), "new_password": _l("New password"),
    }
    column_searchable_list = ["username"]
    column_filters = ["active"]
    column_sortable_list = ["username", "active", "last_login_at"]
    form_columns = ["username", "employee", "roles", "active", "new_password"]
    form_extra_fields = {
        "new_password": PasswordField(
            _l("New password"), validators=[Optional(), Length(min=10, max=200)],
            description=_l("At least 10 characters. Leave empty to keep the current password."),
        )
    }
    form_ajax_refs = {"employee": {"fields": ["name", "nip"], "page_size": 10}}
    list_eager_loads = (User.employee,)

    def __init__(self):
        super().__init__(User, db, name=_l("Users"), category=_l("Administration"),
                         endpoint="user")

    def on_model_change(self, form, model, is_created):
        password = form.new_password.data if "new_password" in form else None
        if password:
            model.set_password(password)
        elif is_created:
            raise ValidationError(_("A new account needs a password."))
