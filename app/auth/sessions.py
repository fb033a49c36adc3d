"""Sessions: a fresh session at every login; logged out after SESSION_IDLE_TIMEOUT seconds without
a request and SESSION_ABSOLUTE_LIFETIME seconds after the password was typed; and the steps a
user must take before anything else (a password HR chose, two-factor HR administrators need).

The time of the login travels inside the identity Flask-Login keeps in the session and in the
"remember me" cookie (`User.get_login_id`: uniquifier and time), so the server refuses a copy
of either cookie once the lifetime is over, whatever expiry the browser was told. "Remember me"
lets a login survive closing the browser and idle time, never the absolute lifetime.
"""
from __future__ import annotations

from flask import flash, g, redirect, request, session, url_for
from flask_login import current_user

from app.auth import models
from app.i18n import _

# What survives the renewal of the session at login: Flask-Login's and Flask-Security's own
# keys for the new login, the chosen language and messages for the next page.
KEPT_AT_LOGIN = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds", "fs_cc",
                 "fs_paa", "lang", "_flashes")
# Pages a user may reach while a required step (new password, two-factor setup) is pending.
ALWAYS_OPEN = {"auth.logout", "auth.change_password", "auth.two_factor_setup",
               "auth.two_factor_setup_validate", "auth.two_factor_token_validation",
               "auth.verify", "auth.mf_recovery_codes", "account.set_language"}


def login_time(identity: str) -> int | None:
    stamp = str(identity).rpartition(":")[2]
    return int(stamp) if stamp.isdigit() else None


def install(app, login_manager) -> None:
    from flask_security.signals import user_authenticated

    login_manager.id_attribute = "get_login_id"
    # A session copied to another address or browser is refused (Flask-Login "strong").
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(identity):
        if not _still_valid(identity, app.config):
            return None
        return _load_account(str(identity).rpartition(":")[0])

    user_authenticated.connect(_renew_session, app)
    app.before_request(_gate)


def _load_account(uniquifier: str):
    """Flask-Security's loader by uniquifier (`_user_loader`), with the configuration version
    read in the same statement (app.core.configcache): the list pages learn whether their
    cached custom fields and workflow definitions are current without a query of their own."""
    from flask_security.utils import set_request_attr
    from sqlalchemy import select

    from app.core import configcache
    from app.extensions import db

    if not uniquifier:
        return None
    row = db.session.execute(select(models.User, configcache.version_column())
                             .where(models.User.fs_uniquifier == uniquifier)).first()
    if row is None or not row[0].active:
        return None
    configcache.note(row[1])
    set_request_attr("fs_authn_via", "session")
    set_request_attr("fs_paa", session.get("fs_paa", 0))
    return row[0]


def _still_valid(identity, config) -> bool:
    now = models.clock()
    started = login_time(identity)
    if started is None or now - started > config["SESSION_ABSOLUTE_LIFETIME"]:
        _forget(remember_too=True)
        return False
    seen = session.get("_seen")
    if seen is not None and now - seen > config["SESSION_IDLE_TIMEOUT"]:
        # Flask-Login tries the "remember me" cookie next (and calls us again, now without
        # `_seen`): a remembered login goes on, anything else is over.
        _forget(remember_too=False)
        return False
    return True


def _forget(remember_too: bool) -> None:
    session.pop("_user_id", None)
    session.pop("_seen", None)
    if remember_too:
        session["_remember"] = "clear"  # Flask-Login deletes the cookie with the response
    g.kinerja_session_ended = True


def _renew_session(sender, user, authn_via=None, **kwargs) -> None:
    """Nothing from before the login survives it (no session fixation, nothing planted)."""
    kept = {key: session[key] for key in KEPT_AT_LOGIN if key in session}
    session.clear()
    session.update(kept)
    if "lang" not in session and user.locale:
        session["lang"] = user.locale
    session["_seen"] = int(models.clock())


def _gate():
    endpoint = request.endpoint or ""
    if endpoint == "static" or endpoint.endswith(".static"):
        return None
    if not current_user.is_authenticated:
        if g.pop("kinerja_session_ended", False):
            flash(_("Your session has ended. Please log in again."), "info")
        return None
    session["_seen"] = int(models.clock())
    if endpoint in ALWAYS_OPEN:
        return None
    if current_user.password_change_required:
        flash(_("Please choose a new password before you continue."), "info")
        return redirect(url_for("auth.change_password"))
    if current_user.two_factor_required() and not current_user.tf_primary_method:
        flash(_("HR administrators must turn on two-step verification before they continue."),
              "info")
        return redirect(url_for("auth.two_factor_setup"))
    return None
