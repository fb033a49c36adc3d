"""Back-office pages of the jobs: HR's list (queued, running, failed with the error, Retry),
and the progress page of one's own export with its download."""
from __future__ import annotations

import os

from flask import abort, current_app, flash, jsonify, send_file, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from app.admin.base import SecureModelView
from app.admin.gates import SecurePage
from app.audit.trail import record
from app.core.roles import ROLES, HR_ADMIN
from app.extensions import db
from app.i18n import _, _l, ngettext
from app.jobs.models import DONE, FAILED, KINDS, STATES, Job
from app.jobs.queue import requeue

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def own_export(job_id: int) -> Job:
    """The current user's export job `job_id`, else 404 (another user's job does not exist
    for them, whatever their role)."""
    job = db.session.get(Job, job_id)
    if job is None or job.kind != "export" or job.user_id != current_user.id:
        abort(404)
    return job


def _download(view, context, model, name):
    if model.kind != "export" or model.user_id != current_user.id:
        return ""
    return Markup('<a href="{}">{}</a>').format(
        url_for("job_progress.progress", id=model.id),
        _("Download") if model.state == DONE else _("Progress"))


def _error(view, context, model, name):
    return (model.error or "")[:300]


class JobView(SecureModelView):
    """HR sees every job; a failed one can be put back in the queue."""

    read_roles = frozenset({HR_ADMIN})
    # A job is the system's record of work: nobody creates, edits or deletes one by hand;
    # HR's one write is the Retry action.
    write_roles = frozenset()
    column_list = ["created_at", "kind", "title", "user", "state", "progress", "attempts",
                   "error", "finished_at", "download"]
    column_details_list = ["id", "created_at", "kind", "title", "user", "state", "progress",
                           "total", "attempts", "error", "started_at", "finished_at"]
    column_labels = {"id": _l("Number"), "kind": _l("Kind"), "title": _l("What"),
                     "user": _l("Asked by"), "state": _l("State"), "progress": _l("Progress (%)"),
                     "total": _l("Rows"), "attempts": _l("Attempts"), "error": _l("Error"),
                     "started_at": _l("Started"), "finished_at": _l("Finished"),
                     "download": _l("Result")}
    choices = {"state": STATES, "kind": KINDS}
    column_filters = ["state", "kind"]
    column_default_sort = ("created_at", True)
    column_sortable_list = ["created_at", "state", "kind"]
    column_export_list = ["created_at", "kind", "title", "user", "state", "progress",
                          "attempts", "error", "finished_at"]
    column_formatters = {"download": _download, "error": _error}
    simple_list_pager = True

    model_class = Job
    view_name = _l("Background jobs")
    view_category = _l("Administration")
    view_endpoint = "job"

    @action("retry", _l("Retry"), _l("Put the selected failed jobs back in the queue?"))
    def action_retry(self, ids):
        jobs = [job for job in self.visible(ids) if job.state == FAILED]
        for job in jobs:
            requeue(job)
            record("job_retry", "job", job.id, kind=job.kind)
        db.session.commit()
        if jobs:
            flash(ngettext("%(num)d job put back in the queue.",
                           "%(num)d jobs put back in the queue.", len(jobs)), "success")
        else:
            flash(_("Only failed jobs can be retried."), "warning")


class JobProgressPage(SecurePage):
    """The progress of one's own export (polled as JSON by js/job_progress.js) and, once it is
    done, its download. Not in the menu: the export redirects here."""

    read_roles = frozenset(ROLES)

    def __init__(self):
        super().__init__(name=_l("Export"), endpoint="job_progress", url="/admin/export-job")

    def is_visible(self):
        return False

    @expose("/")
    def index(self):
        """One's own exports of the last days, newest first."""
        jobs = db.session.scalars(
            select(Job).where(Job.kind == "export", Job.user_id == current_user.id)
            .order_by(Job.created_at.desc()).limit(50)).all()
        return self.render("admin/job_exports.html", jobs=jobs, states=STATES)

    @expose("/<int:id>/")
    def progress(self, id):
        job = own_export(id)
        return self.render("admin/job_progress.html", job=job,
                           status_url=url_for(".status", id=job.id))

    @expose("/<int:id>/status")
    def status(self, id):
        job = own_export(id)
        return jsonify(
            state=job.state, state_label=str(STATES.get(job.state, job.state)),
            progress=job.progress, total=job.total,
            download=url_for(".download", id=job.id) if job.state == DONE else None,
            message=_("The export failed. Please try again, or ask HR to retry it.")
            if job.state == FAILED else None)

    @expose("/<int:id>/download")
    def download(self, id):
        job = own_export(id)
        path = os.path.join(current_app.config["JOBS_RESULTS_DIR"], job.result_path or "")
        if job.state != DONE or not job.result_path or not os.path.isfile(path):
            flash(_("This export is not available (not finished, or already cleaned up)."),
                  "error")
            abort(404)
        return send_file(path, as_attachment=True, download_name=job.result_name,
                         mimetype="text/csv" if path.endswith(".csv") else XLSX_TYPE)
