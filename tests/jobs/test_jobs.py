"""Background jobs (issue 16): a large export runs as a job with visible progress and a
download only its owner gets; a failed job is retried by HR; e-mails are sent by a job that
retries an unreachable server with a doubling delay, so a transition never waits on SMTP."""
from __future__ import annotations

import csv
import io
import json
import re
import smtplib
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.jobs.models import DONE, FAILED, QUEUED, RUNNING, Job
from app.jobs.queue import submit
from app.performance.models import ActivityReport

REPORTS = "/admin/activity_report/export/csv/"


@pytest.fixture
def queue(app):
    """The app's Huey with a real queue (not immediate): the test runs the worker's steps."""
    huey = app.extensions["kinerja_jobs"].huey
    huey.immediate = False
    huey.flush()
    yield huey
    huey.flush()
    huey.immediate = True


@pytest.fixture
def many_reports(app, world):
    """30 more reports of pegawai, with values every formatter handles (dates, decimals,
    text that looks like a formula, a reviewed time)."""
    with app.app_context():
        for i in range(30):
            db.session.add(ActivityReport(
                employee_id=world.people["pegawai"], date=date.today() - timedelta(days=i % 5),
                description=f"=SUM(A{i})" if i % 7 == 0 else f"Kegiatan massal {i}",
                duration_minutes=30 + i, output_quantity=Decimal("1.5") if i % 2 else None,
                output_unit="berkas", status="draft"))
        db.session.commit()


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def run_next(huey):
    """What one worker thread does: take the next task and execute it."""
    task = huey.dequeue()
    assert task is not None, "nothing queued"
    huey.execute(task)


def job_id_of(response) -> int:
    match = re.search(r"/admin/export-job/(\d+)/", response.headers["Location"])
    assert match, response.headers.get("Location")
    return int(match.group(1))


def test_large_export_runs_as_a_job_with_progress_and_a_download(app, as_user, many_reports,
                                                                queue, monkeypatch):
    hr = as_user("hr")
    direct = hr.get(REPORTS)  # below the threshold: streamed in the request
    assert direct.is_streamed
    expected = rows_of(direct.get_data(as_text=True))
    assert len(expected) == 1 + 36
    assert any(r[2] == "'=SUM(A0)" for r in expected)  # (formula neutralised)

    monkeypatch.setitem(app.config, "EXPORT_JOB_THRESHOLD", 10)
    monkeypatch.setattr("app.admin.export.CHUNK", 5)
    response = hr.get(REPORTS)
    assert response.status_code == 302  # to the progress page, at once
    job_id = job_id_of(response)
    page = hr.get(f"/admin/export-job/{job_id}/").get_data(as_text=True)
    assert 'data-status-url="/admin/export-job/%d/status"' % job_id in page
    assert re.search(r'<script nonce="[^"]+" src="/static/js/job_progress.js', page)
    status = hr.get(f"/admin/export-job/{job_id}/status").get_json()
    assert status["state"] == QUEUED and status["download"] is None

    # The worker stops after its first chunk until the test has seen the progress.
    reported, seen = threading.Event(), threading.Event()
    import app.jobs.exports as exports

    real = exports.set_progress

    def pausing(job, done, total):
        real(job, done, total)
        if done and not reported.is_set():
            reported.set()
            seen.wait(10)

    monkeypatch.setattr(exports, "set_progress", pausing)
    worker = threading.Thread(target=run_next, args=(queue,))
    worker.start()
    try:
        assert reported.wait(10)
        status = hr.get(f"/admin/export-job/{job_id}/status").get_json()
        assert status["state"] == RUNNING and 0 < status["progress"] < 100
        assert status["state_label"] == "Berlangsung" and status["total"] == 36
    finally:
        seen.set()
        worker.join(20)
    status = hr.get(f"/admin/export-job/{job_id}/status").get_json()
    assert status["state"] == DONE and status["progress"] == 100
    download = hr.get(status["download"])
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    assert rows_of(download.get_data(as_text=True)) == expected  # same rows, same columns
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")
                                   .order_by(AuditEvent.id.desc())).first()
        details = json.loads(event.changes)
        assert event.username == "hr" and details["rows"] == 36 and details["complete"]


def test_the_export_job_keeps_the_row_scoping(app, as_user, many_reports, queue, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_JOB_THRESHOLD", 5)
    pegawai = as_user("pegawai")
    job_id = job_id_of(pegawai.get(REPORTS))
    run_next(queue)
    status = pegawai.get(f"/admin/export-job/{job_id}/status").get_json()
    rows = rows_of(pegawai.get(status["download"]).get_data(as_text=True))
    assert len(rows) == 1 + 33  # pegawai's own 3 + 30, none of pegawai2's
    assert not any("p2_" in r[2] or "lain" in r[2] for r in rows)


def test_nobody_downloads_another_users_export(app, as_user, world, many_reports, queue,
                                               monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_JOB_THRESHOLD", 5)
    hr = as_user("hr")
    job_id = job_id_of(hr.get(REPORTS))
    run_next(queue)
    assert hr.get(f"/admin/export-job/{job_id}/download").status_code == 200
    for other in ("pegawai", "auditor", "atasan"):
        client = as_user(other)
        for url in (f"/admin/export-job/{job_id}/", f"/admin/export-job/{job_id}/status",
                    f"/admin/export-job/{job_id}/download"):
            assert client.get(url).status_code == 404, (other, url)
    # HR's job list links the result for the one who asked only: once the job is another
    # user's, HR (who sees every job) gets neither the link nor the file.
    assert f"/admin/export-job/{job_id}/" in hr.get("/admin/job/").get_data(as_text=True)
    with app.app_context():
        db.session.get(Job, job_id).user_id = world.users["pegawai"]
        db.session.commit()
    assert f"/admin/export-job/{job_id}/" not in hr.get("/admin/job/").get_data(as_text=True)
    assert hr.get(f"/admin/export-job/{job_id}/download").status_code == 404


def test_hr_sees_a_failed_job_with_its_error_and_retries_it(app, as_user, world, monkeypatch):
    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "JOBS_MAIL_RETRIES", 0)
    monkeypatch.setattr(smtplib, "SMTP", refused)
    with app.app_context():
        job = submit("mail", title="atasan@contoh.id",
                     params={"to": "atasan@contoh.id", "subject": "S", "body": "B"})
        db.session.commit()  # (immediate mode: the job runs at the commit, and fails)
        job_id = job.id
        assert db.session.get(Job, job_id).state == FAILED
    hr = as_user("hr")
    listing = hr.get("/admin/job/").get_data(as_text=True)
    assert "Gagal" in listing and "Connection refused" in listing and "Coba lagi" in listing
    # The retry is a POST with the CSRF token (a bare POST or a GET changes nothing).
    assert hr.http.post("/admin/job/action/", data={"action": "retry", "rowid": job_id}
                        ).status_code == 400
    assert hr.get(f"/admin/job/action/?action=retry&rowid={job_id}").status_code == 405
    sent = []

    class SMTP:
        def __init__(self, host, port, timeout):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append(message["To"])

    monkeypatch.setattr(smtplib, "SMTP", SMTP)
    response = hr.post("/admin/job/action/", {"action": "retry", "rowid": job_id},
                       token_from="/admin/job/")
    assert response.status_code == 302
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.state == DONE and job.attempts == 2 and job.error is None
        assert db.session.scalar(select(AuditEvent.action).where(
            AuditEvent.entity == "job", AuditEvent.entity_id == str(job_id))) == "job_retry"
    assert sent == ["atasan@contoh.id"]
    # Only HR reaches the job list.
    assert as_user("auditor").get("/admin/job/").status_code == 403


def test_mail_is_retried_with_a_doubling_delay_then_fails(app, world, queue, monkeypatch):
    attempts = []

    def unreachable(host, port, timeout):
        attempts.append(timeout)
        raise TimeoutError("timed out")

    monkeypatch.setitem(app.config, "MAIL_SERVER", "mail.invalid")
    monkeypatch.setitem(app.config, "JOBS_MAIL_RETRIES", 2)
    monkeypatch.setitem(app.config, "JOBS_MAIL_RETRY_DELAY", 60)
    monkeypatch.setattr(smtplib, "SMTP", unreachable)
    with app.app_context():
        job = submit("mail", title="x@contoh.id",
                     params={"to": "x@contoh.id", "subject": "S", "body": "B"})
        db.session.commit()
        job_id = job.id
    clock = queue._get_timestamp()
    run_next(queue)  # attempt 1 fails: back to the queue, for later
    delays = []
    for expected_state in (QUEUED, FAILED):
        with app.app_context():
            job = db.session.get(Job, job_id)
            assert job.state == QUEUED and "timed out" in job.error
        (task,) = queue.scheduled()
        delays.append(round((task.eta - clock).total_seconds()))
        queue.storage.flush_schedule()
        clock = queue._get_timestamp()  # (Huey counts the next delay from the real time)
        queue.execute(task, timestamp=task.eta)  # the worker, once the delay is over
        with app.app_context():
            assert db.session.get(Job, job_id).state == expected_state
    assert delays == [60, 120]  # then 240, 480... with more retries
    assert len(attempts) == 3 and attempts[0] == 10  # (a 10-second timeout per attempt)
    with app.app_context():
        job = db.session.get(Job, job_id)
        assert job.attempts == 3 and job.finished_at is not None and not queue.scheduled()


def test_a_transition_queues_its_mail_instead_of_waiting_for_smtp(app, as_user, world, queue,
                                                                   monkeypatch):
    from app.org.models import Employee

    def never(*args, **kwargs):
        raise AssertionError("SMTP inside the request")

    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setattr(smtplib, "SMTP", never)
    with app.app_context():
        db.session.get(Employee, world.people["atasan"]).email = "atasan@manokwarikab.go.id"
        db.session.commit()
    response = as_user("pegawai").post("/admin/activity_report/transition/submit/",
                                       {"id": world.reports["draft"]})
    assert response.status_code == 302
    with app.app_context():
        job = db.session.scalars(select(Job).where(Job.kind == "mail")).one()
        assert job.state == QUEUED and job.params["to"] == "atasan@manokwarikab.go.id"
        assert "Ajukan" in job.params["body"]
    assert queue.pending_count() == 1


def test_a_rolled_back_transaction_queues_nothing(app, world, queue):
    with app.app_context():
        submit("mail", title="x", params={"to": "x@contoh.id", "subject": "S", "body": "B"})
        db.session.flush()
        db.session.rollback()
        db.session.commit()
        assert queue.pending_count() == 0 and not db.session.scalars(select(Job)).all()


def test_plain_rows_export_what_the_records_export(app, as_user, world, many_reports,
                                                  monkeypatch):
    """The fast path (plain rows, per-value formatting) writes exactly what reading every
    record writes, custom fields included."""
    from app.customfields.models import CustomField, CustomValue

    with app.app_context():
        field = CustomField(entity="activity_report", code="peserta", label="Jumlah peserta",
                            field_type="number")
        db.session.add(field)
        db.session.flush()
        db.session.add(CustomValue(field_id=field.id, record_id=world.reports["draft"],
                                   value_number=Decimal("12.5")))
        db.session.commit()
    from app.customfields.views import CustomValueColumn

    chunks = []
    real = CustomValueColumn.prepare
    monkeypatch.setattr(CustomValueColumn, "prepare",
                        lambda self, values: chunks.append(len(values)) or real(self, values))
    hr = as_user("hr")
    fast = hr.get(REPORTS).get_data(as_text=True)
    assert chunks == [36]  # (the plain rows did run, custom field included)
    monkeypatch.setattr("app.admin.export.ExportMixin.export_columns_plain",
                        lambda self, columns: None)
    slow = hr.get(REPORTS).get_data(as_text=True)
    assert fast == slow and len(rows_of(fast)) == 37
    assert rows_of(fast)[0][-1] == "Jumlah peserta" and "12,5" in fast


def test_old_jobs_and_their_files_are_cleaned_up(app, world, tmp_path, monkeypatch):
    from app.i18n import utcnow
    from app.jobs.tasks import clean_up

    monkeypatch.setitem(app.config, "JOBS_RESULTS_DIR", str(tmp_path))
    (tmp_path / "old.csv").write_text("x")
    (tmp_path / "new.csv").write_text("y")
    with app.app_context():
        db.session.add_all([
            Job(kind="export", title="old", params={}, state=DONE, result_path="old.csv",
                created_at=utcnow() - timedelta(days=8)),
            Job(kind="export", title="new", params={}, state=DONE, result_path="new.csv",
                created_at=utcnow() - timedelta(days=1)),
            Job(kind="mail", title="stuck", params={}, state=QUEUED,
                created_at=utcnow() - timedelta(days=30))])
        db.session.commit()
        assert clean_up() == 1
        assert sorted(db.session.scalars(select(Job.title))) == ["new", "stuck"]
    assert not (tmp_path / "old.csv").exists() and (tmp_path / "new.csv").exists()


def test_related_records_survive_a_full_memory(app, as_user, many_reports, monkeypatch):
    """When the remembered related records reach the limit, the chunk still gets every name."""
    hr = as_user("hr")
    expected = hr.get(REPORTS).get_data(as_text=True)
    monkeypatch.setattr("app.admin.export.CACHE_LIMIT", 2)
    monkeypatch.setattr("app.admin.export.CHUNK", 4)
    assert hr.get(REPORTS).get_data(as_text=True) == expected
