"""Login, logout (POST only) and the language switch."""
from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from app.audit.trail import record
from app.auth.forms import LoginForm
from app.auth.models import User, verify_dummy
from app.extensions import db, limiter, login_manager
from app.i18n import _, utcnow

bp = Blueprint("auth", __name__, template_folder="templates")


@login_manager.user_loader
def load_user(token: str):
    return db.session.scalar(select(User).where(User.session_token == token, User.active.is_(True)))


@login_manager.unauthorized_handler
def unauthorized():
    return redirect(url_for("auth.login", next=request.full_path))


def _account_key() -> str:
    return (request.form.get("username") or "").strip().lower()


def _ip_and_account_key() -> str:
    return f"{request.remote_addr}|{_account_key()}"


def _failed(response) -> bool:
    # Only failed attempts count against the limits; a success redirects.
    return response.status_code != 302


def _safe_next(target: str | None) -> str:
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            return target
    return url_for("admin.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"],
               deduct_when=_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_ip_and_account_key, deduct_when=_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT_GLOBAL"], methods=["POST"],
               key_func=_account_key, deduct_when=_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        username = form.username.data.strip()
        user = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
        if user is None:
            verify_dummy(form.password.data)
        if user is not None and user.active and user.check_password(form.password.data):
            lang = session.get("lang")
            session.clear()  # a fresh session at login: no fixation
            if lang:
                session["lang"] = lang
            elif user.locale:
                session["lang"] = user.locale
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            user.last_login_ip = request.remote_addr
            user.login_count = (user.login_count or 0) + 1
            record("login", "user", user.id)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        # One message for an unknown user, a wrong password and an inactive account.
        flash(_("Wrong username or password."), "error")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    # A new session token invalidates every copy of the old cookie (and "remember me"), so a
    # stolen or shared cookie stops working at logout; the user is logged out everywhere.
    current_user.session_token = secrets.token_hex(32)
    db.session.commit()
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/lang", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    return redirect(_safe_next(request.form.get("next") or request.referrer and urlsplit(request.referrer).path))
