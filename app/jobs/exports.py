"""Large exports as jobs: the request records what to export (the view, the format, the list's
URL arguments, who asked); the worker replays that request for that user, so the rows, the
columns, the formula neutralisation and the audited security event are the list export's own,
and writes the file under JOBS_RESULTS_DIR with its progress."""
from __future__ import annotations

import os
import uuid

from flask import current_app, g, request
from flask_babel import force_locale, get_locale
from flask_login import current_user

from app.jobs.queue import set_progress, submit


def submit_export(view, export_type: str) -> int:
    """Queue the export the current request asks of `view`; returns the job's id."""
    from app.extensions import db

    job = submit("export", title=f"{view.name} ({export_type.upper()})", user_id=current_user.id,
                 params={"endpoint": view.endpoint, "format": export_type,
                         "path": request.path, "args": request.args.to_dict(flat=False),
                         "locale": str(get_locale()), "ip": request.remote_addr,
                         "user_agent": request.user_agent.string[:300]})
    db.session.commit()
    return job.id


def run_export(job) -> None:
    """The job's export, as the user who asked it, written to a file of its own."""
    from app.admin.export import csv_chunks, write_xlsx
    from app.audit.security import tracked_export
    from app.core.registry import registry

    p = job.params
    view = registry().admin_views.get(p["endpoint"])
    user = job.user
    if view is None or user is None or not user.active:
        raise PermissionError("the view or the user who asked is gone")
    folder = current_app.config["JOBS_RESULTS_DIR"]
    os.makedirs(folder, exist_ok=True)
    stored = f"{job.id}-{uuid.uuid4().hex}.{p['format']}"  # (not guessable, not typed by anyone)
    path = os.path.join(folder, stored)
    job_id = job.id
    with current_app.test_request_context(
            p["path"], query_string=p["args"], environ_base={"REMOTE_ADDR": p.get("ip")},
            headers={"User-Agent": p.get("user_agent", "")}), force_locale(p.get("locale")):
        g._login_user = user  # (Flask-Login's current user for this replayed request)
        # The role check of the request, and the columns of the moment (custom fields).
        if view._handle_view("export") is not None or not view.can_export:
            raise PermissionError("the user may no longer export this list")
        view_args = view._get_list_extra_args()
        if g.get("_invalid_filter"):
            raise ValueError("the list's filters are no longer valid")
        total = view.count_capped(view_args, current_app.config["EXPORT_MAX_ROWS"])
        set_progress(job_id, 0, total)
        rows = tracked_export(view, p["format"], view.export_rows(
            view_args, progress=lambda done: set_progress(job_id, done, total)))
        try:
            if p["format"] == "csv":
                with open(path, "w", encoding="utf-8", newline="") as out:
                    for piece in csv_chunks(rows, per_chunk=1000):
                        out.write(piece)
            else:
                write_xlsx(rows, path, str(view.name))
        except BaseException:
            if os.path.exists(path):
                os.remove(path)
            raise
    name = view.get_export_name(p["format"])
    from app.extensions import db

    job.result_path, job.result_name, job.total = stored, name, total
    db.session.commit()
