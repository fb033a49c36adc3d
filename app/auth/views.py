"""The language switch, and the templates of the Flask-Security pages (login, two-factor, change
password, recovery codes): its views are the `auth` blueprint (app.auth.security)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, redirect, request, session, url_for
from flask_login import current_user
from flask_security.utils import validate_redirect_url

from app.extensions import db

bp = Blueprint("account", __name__, template_folder="templates")


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and validate_redirect_url(target):
        return target
    return url_for("admin.index")


@bp.route("/lang", methods=["POST"])
def set_language():
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    return redirect(_safe_next(request.form.get("next") or request.referrer
                               and urlsplit(request.referrer).path))
