"""Core module: the job queue (set up per app), HR's job page, the export progress page, and
`flask jobs worker` / `flask jobs clean-up`."""
import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.hooks import ScheduledJob
from app.core.registry import Module, registry
from app.jobs import models  # noqa: F401  (the job table, for create_all and the migrations)


@click.group("jobs")
def jobs_cli():
    """Background jobs."""


@jobs_cli.command("worker")
@click.option("--workers", type=int, default=None, help="Threads (default: JOBS_WORKERS).")
@with_appcontext
def worker_command(workers):
    """Run the job worker (exports, e-mails, scheduled jobs) until stopped (Ctrl-C, SIGTERM)."""
    from app.jobs.queue import jobs

    queue = jobs()
    if queue.huey.immediate:
        raise click.UsageError("JOBS_IMMEDIATE is on: jobs run where they are queued.")
    consumer = queue.huey.create_consumer(
        workers=workers or current_app.config["JOBS_WORKERS"], worker_type="thread",
        check_worker_health=True)
    consumer.run()


@jobs_cli.command("clean-up")
@with_appcontext
def clean_up_command():
    """Delete finished jobs older than JOBS_KEEP_DAYS and their files (also run daily)."""
    from app.jobs.tasks import clean_up

    click.echo(f"{clean_up()} old job(s) deleted.")


def _clean_up():
    from app.jobs.tasks import clean_up

    clean_up()


class JobsModule(Module):
    name = "jobs"

    def init_app(self, app) -> None:
        from app.jobs.queue import Jobs
        from app.jobs.tasks import KINDS

        app.extensions["kinerja_jobs"] = Jobs(app, KINDS,
                                              registry(app).scheduled_jobs.values())

    def admin_views(self):
        from app.jobs.admin import JobProgressPage, JobView

        return [JobView(), JobProgressPage()]

    def cli(self):
        return [jobs_cli]

    def scheduled_jobs(self):
        return [ScheduledJob("jobs_clean_up", _clean_up, hour="18", minute="30")]  # 03:30 WIT


module = JobsModule()
