"""The job kinds of core (exports, e-mails) and core's scheduled jobs (clean-up of old jobs)."""
from __future__ import annotations

import logging
import os
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from app.extensions import db
from app.i18n import utcnow
from app.jobs.exports import run_export
from app.jobs.mail import deliver
from app.jobs.models import QUEUED, RUNNING, Job
from app.jobs.queue import Kind

log = logging.getLogger(__name__)

KINDS = [
    Kind("export", run_export),
    Kind("mail", deliver, retries=lambda app: app.config["JOBS_MAIL_RETRIES"],
         retry_delay=lambda app: app.config["JOBS_MAIL_RETRY_DELAY"]),
]


def clean_up(now=None) -> int:
    """Delete finished jobs older than JOBS_KEEP_DAYS and their files; returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=current_app.config["JOBS_KEEP_DAYS"])
    old = db.session.execute(select(Job.id, Job.result_path).where(
        Job.created_at < cutoff, Job.state.notin_([QUEUED, RUNNING]))).all()
    folder = current_app.config["JOBS_RESULTS_DIR"]
    for _id, stored in old:
        if stored:
            try:
                os.remove(os.path.join(folder, stored))
            except FileNotFoundError:
                pass
    if old:
        db.session.execute(delete(Job).where(Job.id.in_([i for i, _s in old])))
    db.session.commit()
    log.info("cleaned up %s old jobs", len(old))
    return len(old)
