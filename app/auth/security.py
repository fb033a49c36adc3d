"""Flask-Security on this app: login by username, argon2, trackable logins, change password, TOTP
two-factor with recovery codes (settings in config.py, SECURITY_*), plus our sessions
(app.auth.sessions), throttling (app.auth.throttle) and security events (app.auth.events).

One Security object per app: Flask-Security keeps each app's state on its instance.
"""
from __future__ import annotations

from datetime import timedelta

from flask import Flask, redirect, url_for

from app.auth import events, sessions, throttle


def init_security(app: Flask) -> None:
    from flask_security import Security, SQLAlchemyUserDatastore

    from app.auth.forms import LoginForm
    from app.auth.models import Role, User
    from app.auth.passwords import PolicyPasswordUtil
    from app.auth.twofactor import HashedRecoveryCodes, OneTimeTotp, derived_key
    from app.extensions import db

    config = app.config
    if not config.get("SECURITY_TOTP_SECRETS"):
        with app.app_context():
            config["SECURITY_TOTP_SECRETS"] = {"1": derived_key("totp-secrets")}
    # The browser keeps "remember me" no longer than the server accepts it (sessions.py).
    config["REMEMBER_COOKIE_DURATION"] = timedelta(seconds=config["SESSION_ABSOLUTE_LIFETIME"])
    config.setdefault("REMEMBER_COOKIE_SECURE", config["SESSION_COOKIE_SECURE"])

    security = Security(
        app, SQLAlchemyUserDatastore(db, User, Role), login_form=LoginForm,
        password_util_cls=PolicyPasswordUtil, totp_cls=OneTimeTotp,
        mf_recovery_codes_util_cls=HashedRecoveryCodes)
    sessions.install(app, security.login_manager)
    throttle.install(app)
    events.install(app)
    # No rescue by e-mail (accounts may have no address): a recovery code, or HR resets the
    # second factor in the user admin.
    app.view_functions["auth.two_factor_rescue"] = lambda: redirect(url_for("auth.mf_recovery"))
