"""Login throttling, on the three doors that take a secret: the password (auth.login), the
authenticator code (auth.two_factor_token_validation) and a recovery code (auth.mf_recovery).

Only failures count, each door separately, in Flask-Limiter's storage (RATELIMIT_STORAGE_URI):
- per source IP (LOGIN_LIMIT_PER_IP, generous: an office shares one address);
- per source IP and account (LOGIN_LIMIT_PER_ACCOUNT): the hard limit;
- per account from anywhere (LOGIN_LIMIT_PER_ACCOUNT_GLOBAL): soft. It is a staircase of
  waits that grows with the failures (15 minutes, an hour, a day), and a browser that has
  logged in to the account before (a signed cookie, LOGIN_TRUSTED_DEVICE_DAYS) is exempt from
  it, so that someone guessing from elsewhere cannot keep the owner out.
HR lifts all of an account's limits at once (`unlock`): the keys carry a generation number
that the unlock bumps, so the old counters are simply no longer read.
"""
from __future__ import annotations

from flask import current_app, g, make_response, request, session
from flask_login import current_user
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import select

from app.audit.security import security_event
from app.auth.models import User
from app.extensions import db, limiter

GUARDED = ("auth.login", "auth.two_factor_token_validation", "auth.mf_recovery")
DEVICE_COOKIE = "kinerja_device"
DEVICES_KEPT = 5  # accounts remembered per browser (a shared office computer)
GENERATION_TTL = 2 * 24 * 3600  # longer than the longest window


def account() -> str:
    """The account an attempt is for: the username typed at login, or the user between the
    password and the second factor. Lower case, as usernames are matched."""
    if "kinerja_account" not in g:
        name = ""
        if request.endpoint == "auth.login":
            name = request.form.get("username") or ""
        elif session.get("tf_user_id"):
            name = db.session.scalar(select(User.username).where(
                User.fs_uniquifier == str(session["tf_user_id"]))) or ""
        g.kinerja_account = name.strip().lower()[:80]
    return g.kinerja_account


def _generation(name: str) -> int:
    return limiter.storage.get(f"kinerja-unlock/{name}")


def unlock(username: str) -> None:
    """Forget every failure counted against `username` (HR, in the user admin)."""
    limiter.storage.incr(f"kinerja-unlock/{username.strip().lower()}", GENERATION_TTL)


def _ip_and_account() -> str:
    return f"{request.remote_addr}|{account()}|{_generation(account())}"


def _account_anywhere() -> str:
    return f"{account()}|{_generation(account())}"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="kinerja-trusted-device")


def trusted_accounts() -> list[str]:
    """Accounts that logged in from this browser (the signed device cookie)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return []
    days = current_app.config["LOGIN_TRUSTED_DEVICE_DAYS"]
    try:
        names = _serializer().loads(raw, max_age=days * 24 * 3600)
    except BadData:
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _trusted_device() -> bool:
    return bool(account()) and account() in trusted_accounts()


def trust_this_device(response, username: str):
    names = [username.lower()] + [n for n in trusted_accounts() if n != username.lower()]
    config = current_app.config
    response.set_cookie(
        DEVICE_COOKIE, _serializer().dumps(names[:DEVICES_KEPT]),
        max_age=config["LOGIN_TRUSTED_DEVICE_DAYS"] * 24 * 3600, httponly=True,
        secure=config["SESSION_COOKIE_SECURE"], samesite="Lax")
    return response


def _failed(response) -> bool:
    return g.get("kinerja_attempt_failed", False)


def _breached(request_limit) -> None:
    security_event("login_throttled", account=account(), door=request.endpoint,
                   limit=str(request_limit.limit))


def _limit(setting: str):
    return lambda: current_app.config[setting]


@limiter.limit(_limit("LOGIN_LIMIT_PER_IP"), methods=["POST"], deduct_when=_failed,
               on_breach=_breached)
@limiter.limit(_limit("LOGIN_LIMIT_PER_ACCOUNT"), methods=["POST"], key_func=_ip_and_account,
               deduct_when=_failed, on_breach=_breached)
@limiter.limit(_limit("LOGIN_LIMIT_PER_ACCOUNT_GLOBAL"), methods=["POST"],
               key_func=_account_anywhere, exempt_when=_trusted_device, deduct_when=_failed,
               on_breach=_breached)
def guarded(*args, **kwargs):
    """Flask-Security's view for this door, behind the limits; a failed attempt is answered
    401 (HTML) and recorded as a security event with the account tried, never the secret."""
    view = current_app.extensions["kinerja_guarded_views"][request.endpoint]
    response = make_response(view(*args, **kwargs))
    if request.method != "POST":
        return response
    passed = current_user.is_authenticated or (
        request.endpoint == "auth.login" and "tf_user_id" in session)
    if not passed:
        g.kinerja_attempt_failed = True
        action = "login_failed" if request.endpoint == "auth.login" else "two_factor_failed"
        security_event(action, account=account())
        if response.status_code == 200 and response.mimetype == "text/html":
            response.status_code = 401
    return response


def install(app) -> None:
    """Put the limits in front of Flask-Security's views and trust a browser after a login."""
    from flask_security.signals import user_authenticated

    app.extensions["kinerja_guarded_views"] = {e: app.view_functions[e] for e in GUARDED}
    for endpoint in GUARDED:
        app.view_functions[endpoint] = guarded
    user_authenticated.connect(_logged_in, app)
    app.after_request(_set_device_cookie)


def _logged_in(sender, user, authn_via=None, **kwargs) -> None:
    g.kinerja_trust_account = user.username


def _set_device_cookie(response):
    username = g.pop("kinerja_trust_account", None)
    if username:
        trust_this_device(response, username)
    return response
