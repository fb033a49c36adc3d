"""The counters of the dashboard as JSON, polled every minute by static/js/dashboard.js so a
wall screen stays current without reloading. Each user gets only the numbers of their own
cards (the same role and row scoping as the page)."""
from flask import Blueprint, abort, jsonify, redirect, request, url_for
from flask_login import current_user

from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.dashboard.widgets import all_counts
from app.i18n import fmt_number

bp = Blueprint("dashboard", __name__)


@bp.route("/admin/dashboard/counters")
def counters():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    if not current_user.has_role(HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE):
        abort(403)   # (trainers and forum coordinators have no dashboard figures)
    response = jsonify({"counts": {key: fmt_number(value)
                                   for key, value in all_counts(current_user).items()}})
    response.headers["Cache-Control"] = "no-store"
    return response
