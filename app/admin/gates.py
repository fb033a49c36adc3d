"""The role gate shared by model views and plain back-office pages (a view is shown to the
roles in `read_roles`; anyone else is sent to the login page or refused)."""
from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_admin import BaseView
from flask_login import current_user

from app.core.roles import AUDITOR, HR_ADMIN


class RoleGate:
    """Role checks shared by model views and plain back-office pages."""

    read_roles: frozenset[str] = frozenset({HR_ADMIN, AUDITOR})

    def is_accessible(self) -> bool:
        # All of the user's roles, even while a request acts as one of them (the menu shows
        # every view some role of theirs reads).
        return bool(current_user.is_authenticated
                    and current_user.all_role_names & set(self.read_roles))

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    def _run_view(self, fn, *args, **kwargs):
        # Flask-Admin retries a view on TypeError with a bogus `cls` argument (flask-admin #2358),
        # which hides the real error; call the view once.
        return fn(self, *args, **kwargs)


class SecurePage(RoleGate, BaseView):
    """A plain back-office page behind the same role gate."""
