"""The security events of logging in and out, passwords, two-factor and refused pages: Flask-Login's
and Flask-Security's signals (and every 403 answer) turned into `security_event` calls."""
from __future__ import annotations

import uuid

from flask import flash, request, session
from flask_login import user_logged_out
from flask_security.signals import (password_changed, tf_code_confirmed, tf_disabled,
                                    tf_profile_changed, user_authenticated)

from app.audit.security import security_event
from app.extensions import db
from app.i18n import _


def install(app) -> None:
    user_authenticated.connect(_logged_in, app)
    user_logged_out.connect(_logged_out, app)
    password_changed.connect(_password_changed, app)
    tf_code_confirmed.connect(_code_confirmed, app)
    tf_profile_changed.connect(_two_factor_enabled, app)
    tf_disabled.connect(_two_factor_disabled, app)
    app.after_request(_forbidden)


def _logged_in(sender, user, authn_via=None, **kwargs) -> None:
    if "change" in (authn_via or []):
        return  # the new session after a password change, not a login
    security_event("login", "user", user.id, via=list(authn_via or []))


def _logged_out(sender, user, **kwargs) -> None:
    # Logging out ends the account's sessions everywhere, copies of the cookie included.
    user.fs_uniquifier = uuid.uuid4().hex
    security_event("logout", "user", user.id)
    flash(_("You have logged out."), "info")


def _password_changed(sender, user, **kwargs) -> None:
    user.password_change_required = False
    security_event("password_changed", "user", user.id)


def _code_confirmed(sender, user, method=None, **kwargs) -> None:
    # Sent for every second-factor login as well; only the first code after a setup (during a
    # login HR administrators must set it up) is a change.
    if session.get("tf_state") == "validating_profile":
        _two_factor_enabled(sender, user, method)


def _two_factor_enabled(sender, user, method=None, **kwargs) -> None:
    # During a login (setup required) the user is not logged in yet: name the account.
    security_event("two_factor_enabled", "user", user.id, method=method,
                   username=user.username)


def _two_factor_disabled(sender, user, **kwargs) -> None:
    user.mf_recovery_codes = None  # they belong to the second factor that is gone
    user.tf_totp_counter = None
    security_event("two_factor_disabled", "user", user.id)


def _forbidden(response):
    if response.status_code == 403:
        db.session.rollback()  # a refused request changes nothing
        security_event("access_denied", path=request.path, method=request.method)
    return response
