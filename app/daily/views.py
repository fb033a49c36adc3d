"""The routes of Catat kegiatan, all under /kegiatan/ so that the service worker's scope (its
own folder) covers the page:

- `/kegiatan/` the page (employees; today's reports, the form, "my reports" of 30 days);
- `/kegiatan/data` JSON the page caches for offline reading: who is logged in, a fresh CSRF
  token, the date window, the RHK choices, the reports of the last 30 days and their states;
- `/kegiatan/kirim` (POST, multipart) one queued report; CSRF token in the `X-CSRFToken`
  header, rate-limited per account, answered in JSON;
- `/kegiatan/sw.js`, `/kegiatan/manifest.webmanifest` and `/kegiatan/static/` (icons, script).

The JSON endpoints answer 401 when the session has ended and 403 when the account is not an
employee's, or when the page sends a report written by another account (`X-Kinerja-Owner`):
the page then keeps its queue on the device until its writer logs in again.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from flask import (Blueprint, current_app, jsonify, make_response, redirect, render_template,
                   request, url_for)
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy import select
from sqlalchemy.orm import undefer

from app.auth.permissions import current_employee_id, has_role
from app.core.registry import registry
from app.core.roles import EMPLOYEE
from app.daily import sync
from app.extensions import csrf, db, limiter
from app.i18n import _, local_today
from app.org.models import Employee
from app.performance import daily_rules, report_links
from app.performance.models import ActivityReport
from app.performance.workflow import ENTITY
from app.workflow import engine

HERE = Path(__file__).parent
blueprint = Blueprint("daily", __name__, url_prefix="/kegiatan", template_folder="templates",
                      static_folder="static")
HISTORY_DAYS = 30  # "my reports": this many days back


@lru_cache(maxsize=1)
def version() -> str:
    """The app's version as the phone sees it: a hash of the page's script, style, template
    and service worker. A change makes a new service worker, whose new cache replaces the
    old one (cache names and asset URLs carry it)."""
    digest = hashlib.sha256()
    for path in sorted([*(HERE / "static").iterdir(), *(HERE / "templates/daily").iterdir()]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _may_write() -> bool:
    return has_role(EMPLOYEE) and current_employee_id() is not None


def _json_error(message: str, status: int, **extra):
    response = jsonify(error=message, **extra)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _refusal():
    """Why the current request may not read or send reports (JSON), or None."""
    if not current_user.is_authenticated:
        return _json_error(_("Your session has ended. Log in again: the reports stay on this "
                             "device until then."), 401,
                           login=url_for("auth.login", next=url_for("daily.page")))
    if not _may_write():
        return _json_error(_("Only employees linked to an employee record can log daily "
                             "activities."), 403)
    return None


@blueprint.get("/")
def page():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=url_for("daily.page")))
    if not _may_write():
        return render_template("error.html", code=403, message=_(
            "Only employees linked to an employee record can log daily activities.")), 403
    response = make_response(render_template(
        "daily/kegiatan.html", version=version(), texts=_texts(),
        user_id=current_user.id, user_name=current_user.employee.name))
    # The service worker keeps its own copy for offline use; the browser's cache must not
    # serve a page of the previous account.
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/data")
def data():
    refusal = _refusal()
    if refusal is not None:
        return refusal
    employee = db.session.get(Employee, current_employee_id())
    today = local_today()
    earliest = today - timedelta(days=daily_rules.backdate_days(employee))
    since = today - timedelta(days=HISTORY_DAYS)
    reports = db.session.scalars(
        select(ActivityReport).where(ActivityReport.employee_id == employee.id,
                                     ActivityReport.date >= since)
        .options(undefer(ActivityReport.offline_client_id))
        .order_by(ActivityReport.date.desc(), ActivityReport.id.desc())).all()
    labels = engine.state_labels(ENTITY)
    links = registry().report_links
    # One day per year of the window: the choices (e.g. the RHK of an SKP) depend on the year.
    days = {earliest.year: earliest, today.year: today}
    response = jsonify(
        user={"id": current_user.id, "name": employee.name},
        csrf=generate_csrf(), version=version(),
        today=today.isoformat(), earliest=earliest.isoformat(),
        photo_max_bytes=int(current_app.config["OFFLINE_PHOTO_MAX_BYTES"]),
        day_minutes=daily_rules.DAY_MINUTES,
        serves_label=(str(next(iter(links.values())).label) if len(links) == 1
                      else _("Serves")) if links else None,
        serves={str(year): [{"value": value, "label": label} for value, label in
                            report_links.choices(employee.id, day)]
                for year, day in days.items()},
        reports=[sync.as_json(r, labels) for r in reports])
    response.headers["Cache-Control"] = "no-store"
    return response


def _texts() -> dict:
    """The script's words, in the user's language ({name} is filled in by the script)."""
    return {
        "photo_help": _("JPEG or PNG, at most {size} MB."),
        "data_from": _("Data as of {time}, kept on this device."),
        "minutes": _("{n} minutes"),
        "none_today": _("No reports today yet."),
        "none": _("No reports in the last 30 days."),
        "photo_attached": _("photo attached"),
        "waiting": _("Not sent yet"),
        "refused": _("Refused"),
        "edit": _("Correct"),
        "delete": _("Delete"),
        "others_waiting": _("{count} reports of another account wait on this device; they "
                            "are sent when that account logs in here."),
        "need_date": _("Fill in the date."),
        "date_future": _("The date cannot be after today."),
        "date_past": _("The date cannot be before {date}."),
        "need_description": _("Describe the activity."),
        "bad_duration": _("The duration is a whole number of minutes from 1 to 1440."),
        "bad_output": _("The output is a number of 0 or more."),
        "photo_type": _("The photo must be a JPEG or PNG image."),
        "photo_size": _("The photo is too large: at most {size} MB."),
        "saved_sending": _("Saved on this device; sending..."),
        "saved_offline": _("Saved on this device, not sent yet: it is sent when the "
                           "connection returns."),
        "other_account": _("This device is logged in to another account: the reports written "
                           "here wait until their writer logs in again."),
        "rate_limited": _("Too many reports at once: the rest are sent in a minute."),
        "server_error": _("The server could not take the report now; it is sent again later."),
        "session_ended": _("Your session has ended: the reports stay on this device until you "
                           "log in again."),
        "login": _("Log in"),
        "logout_warning": _("{count} reports have not been sent yet. Logging out deletes them "
                            "from this device."),
        "logout_offline": _("Logging out needs a connection. The reports stay on this device."),
    }


def _sync_key() -> str:
    """Rate-limit per account (an office shares one address), per address before login."""
    if current_user.is_authenticated:
        return f"offline-sync/user/{current_user.id}"
    return f"offline-sync/ip/{request.remote_addr}"


@blueprint.post("/kirim")
@csrf.exempt  # checked below, after the session: an ended session is a 401, not a CSRF error
@limiter.limit(lambda: current_app.config["OFFLINE_SYNC_LIMIT"], key_func=_sync_key)
def send():
    refusal = _refusal()
    if refusal is not None:
        return refusal
    csrf.protect()  # the token travels in the X-CSRFToken header
    owner = request.headers.get("X-Kinerja-Owner", "")
    if owner != str(current_user.id):
        # Written under another account on this phone: never sent under this session.
        return _json_error(_("This report was written under another account. It is sent "
                             "when that account logs in on this device."), 403, owner=True)
    labels = engine.state_labels(ENTITY)
    warnings = None   # stays None for a report stored before
    try:
        cid = sync.client_id(request.form.get("client_id"))
        report = sync.stored(cid)
        if report is None:
            employee = db.session.get(Employee, current_employee_id())
            report, warnings = sync.store(employee, cid)
    except sync.AlreadyStored as race:   # the same report in two requests at once
        report = race.report
    except sync.Refused as refused:
        db.session.rollback()
        return _json_error(refused.message, refused.status, errors=refused.errors)
    if report.employee_id != current_employee_id():
        return _json_error(_("This device id belongs to another report. Write the report "
                             "again."), 409, errors={})
    if warnings is None:   # stored before: a lost answer, a retry, another tab
        return jsonify(result="duplicate", report=sync.as_json(report, labels))
    response = jsonify(result="created", report=sync.as_json(report, labels),
                       warnings=warnings)
    response.status_code = 201
    return response


@blueprint.errorhandler(CSRFError)
def csrf_refused(error):
    return _json_error(_("The page's security token has expired. The report stays on this "
                         "device and is sent again."), 400, csrf=True)


@blueprint.get("/sw.js")
def service_worker():
    """The service worker, from this folder so that its scope covers the page."""
    response = make_response(render_template(
        "daily/sw.js", version=version(), assets=_assets()))
    response.mimetype = "text/javascript"
    response.headers["Service-Worker-Allowed"] = url_for("daily.page")
    # The browser checks for a new version on every visit (never a cached old worker).
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.get("/manifest.webmanifest")
def manifest():
    icon = lambda size, purpose: {  # noqa: E731
        "src": url_for("daily.static", filename=f"icon-{size}.png"), "sizes": f"{size}x{size}",
        "type": "image/png", "purpose": purpose}
    body = {
        "name": _("Log activities - %(app)s", app=current_app.config["APP_NAME"]),
        "short_name": _("Log activities"),
        "description": _("Daily activity reports, also without a connection."),
        "lang": "id", "start_url": url_for("daily.page"), "scope": url_for("daily.page"),
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#1d4e89",
        "icons": [icon(192, "any"), icon(512, "any"), icon(512, "maskable")],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


def _assets() -> list[str]:
    """What the page needs offline besides itself: the service worker caches these when it
    is installed (the page's other assets are cached as they are fetched)."""
    v = version()
    return [url_for("daily.static", filename="kegiatan.js", v=v),
            url_for("daily.static", filename="kegiatan.css", v=v),
            url_for("daily.static", filename="icon-192.png"),
            url_for("daily.manifest"),
            url_for("admin.static", filename="bootstrap/bootstrap4/css/bootstrap.min.css"),
            url_for("static", filename="css/kinerja.css")]
