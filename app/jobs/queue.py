"""The queue: one Huey per app, the job runner, and queuing a job with the caller's commit.

A job is a `Job` row added to the caller's session; its id goes to Huey only once that session
commits (a rolled-back transition sends no e-mail, and a worker never looks for a row it cannot
see yet). The worker runs `run(job_id)`: state, attempts, the error, and Huey's retries with a
doubling delay for kinds that ask for them.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Callable

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.i18n import utcnow
from app.jobs.models import DONE, FAILED, QUEUED, RUNNING, Job

log = logging.getLogger(__name__)
PENDING = "kinerja_jobs_pending"
ERROR_LENGTH = 2000


@dataclass(frozen=True)
class Kind:
    """What a job of this kind does: `run(job)` (in an app context; it may report progress
    with `set_progress`), and how often Huey tries again after an error."""

    name: str
    run: Callable
    retries: Callable = lambda app: 0
    retry_delay: Callable = lambda app: 0


def make_huey(app):
    """The Huey of `app`, from JOBS_URL: a SQLite file in instance/ by default, Redis for
    several machines, memory for tests."""
    from huey import MemoryHuey, RedisHuey, SqliteHuey

    url = app.config["JOBS_URL"] or ""
    name = "kinerja"
    if not url:
        huey = SqliteHuey(name, filename=os.path.join(app.instance_path, "jobs.db"),
                          results=False)
    elif url.startswith(("redis://", "rediss://", "unix://")):
        huey = RedisHuey(name, url=url, results=False)
    elif url.startswith("sqlite:///"):
        huey = SqliteHuey(name, filename=url[len("sqlite:///"):], results=False)
    elif url == "memory://":
        huey = MemoryHuey(name, results=False)
    else:
        raise RuntimeError(f"JOBS_URL {url!r}: use redis://host:6379/0, sqlite:///path or "
                           "leave it unset")
    huey.immediate = bool(app.config["JOBS_IMMEDIATE"])
    return huey


class Jobs:
    """The app's queue (`app.extensions["kinerja_jobs"]`): its Huey, the job kinds and the
    one Huey task that runs any job."""

    def __init__(self, app, kinds, schedules):
        self.app = app
        self.huey = make_huey(app)
        self.kinds = {kind.name: kind for kind in kinds}

        def job(job_id, task=None):
            with app.app_context():
                run(job_id, task)

        self.task = self.huey.task(name="kinerja.job", context=True)(job)
        for schedule in schedules:
            self._periodic(schedule)

    def _periodic(self, schedule):
        from huey import crontab

        app = self.app

        def periodic():
            with app.app_context():
                try:
                    schedule.run()
                finally:
                    db.session.remove()

        self.huey.periodic_task(crontab(minute=schedule.minute, hour=schedule.hour),
                                name=f"kinerja.{schedule.name}")(periodic)

    def enqueue(self, job_id: int, kind: str) -> None:
        spec = self.kinds[kind]
        self.task(job_id, retries=spec.retries(self.app),
                  retry_delay=spec.retry_delay(self.app), retry_backoff=2)


def jobs(app=None) -> Jobs:
    return (app or current_app).extensions["kinerja_jobs"]


def submit(kind: str, *, title: str = "", params: dict | None = None,
           user_id: int | None = None) -> Job:
    """Add a job to the current session; it is queued when the session commits."""
    if kind not in jobs().kinds:
        raise KeyError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, title=title[:300], params=params or {}, user_id=user_id, state=QUEUED,
              progress=0, attempts=0, created_at=utcnow())
    db.session.add(job)
    db.session.info.setdefault(PENDING, []).append(job)
    return job


def requeue(job: Job) -> None:
    """Put a failed job back in the queue (HR's Retry), queued with the session's commit."""
    job.state, job.progress, job.error = QUEUED, 0, None
    job.started_at = job.finished_at = None
    db.session.info.setdefault(PENDING, []).append(job)


@event.listens_for(Session, "after_flush")
def _remember_ids(session, flush_context) -> None:
    # The ids exist once flushed; after the commit the rows are expired and the session may
    # not query, so keep {id: kind} now.
    pending = session.info.get(PENDING)
    if pending:
        ids = session.info.setdefault(PENDING + "_ids", {})
        ids.update({job.id: job.kind for job in pending if job.id is not None})
        session.info[PENDING] = [job for job in pending if job.id is None]


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session) -> None:
    ids = session.info.pop(PENDING + "_ids", None)
    if not ids or not has_app_context():
        return
    queue = jobs()
    for job_id, kind in ids.items():
        try:
            queue.enqueue(job_id, kind)
        except Exception:  # the queue's storage is down: the row stays queued for a retry
            log.exception("could not queue job %s", job_id)


@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(PENDING + "_ids", None)


def set_progress(job_id: int, done: int, total: int | None) -> None:
    """Record a running job's progress in its own short transaction (the job's reads go on in
    the session's)."""
    percent = min(99, int(done * 100 / total)) if total else 0
    with db.engine.begin() as conn:
        conn.execute(Job.__table__.update().where(Job.id == job_id)
                     .values(progress=percent, total=total))


def run(job_id: int, task=None) -> None:
    """Run one job: mark it running, call its kind, then mark it done or failed. While Huey
    has retries left, a failed attempt goes back to queued and is raised for Huey to
    schedule the next one."""
    job = db.session.get(Job, job_id)
    if job is None or job.state in (DONE, RUNNING):
        return  # (deleted, or a second delivery of the same job)
    name = job.kind
    kind = jobs().kinds.get(name)
    job.state, job.started_at, job.attempts, job.error = RUNNING, utcnow(), job.attempts + 1, None
    db.session.commit()
    try:
        if kind is None:
            raise LookupError(f"no job kind {name!r} in this app")
        kind.run(job)
    except Exception as exc:
        db.session.rollback()
        retrying = bool(task is not None and task.retries)
        db.session.execute(Job.__table__.update().where(Job.id == job_id).values(
            state=QUEUED if retrying else FAILED, error=_describe(exc)[:ERROR_LENGTH],
            finished_at=None if retrying else utcnow()))
        db.session.commit()
        if retrying:
            log.warning("job %s (%s) failed, tried again later: %s", job_id, name, exc)
            raise
        log.exception("job %s (%s) failed", job_id, name)
        return
    db.session.execute(Job.__table__.update().where(Job.id == job_id).values(
        state=DONE, progress=100, finished_at=utcnow()))
    db.session.commit()


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
