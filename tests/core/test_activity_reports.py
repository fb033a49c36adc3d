"""Daily activity reports end to end over HTTP: an employee logs and submits, the supervisor
verifies or returns with a comment; every step lands in the audit trail."""
import io
from datetime import date

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.performance.models import ActivityReport


def _report(app, report_id):
    with app.app_context():
        return db.session.get(ActivityReport, report_id)


def test_employee_creates_submits_and_supervisor_verifies(app, as_user, world):
    pegawai = as_user("pegawai")
    response = pegawai.post("/admin/activity_report/new/", {
        "date": date.today().isoformat(), "description": "Memverifikasi 12 berkas izin",
        "duration_minutes": "90", "output_quantity": "12", "output_unit": "berkas",
        "target": str(world.targets["ikm"]),
    })
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalars(select(ActivityReport).where(
            ActivityReport.description == "Memverifikasi 12 berkas izin")).one()
        assert report.employee_id == world.people["pegawai"]
        assert report.status == "draft"
        report_id = report.id

    assert pegawai.post("/admin/activity_report/transition/submit/",
                        {"id": report_id}).status_code == 302
    assert _report(app, report_id).status == "submitted"

    atasan = as_user("atasan")
    waiting = atasan.get("/admin/activity_report/").get_data(as_text=True)
    assert "Memverifikasi 12 berkas izin" in waiting
    assert atasan.post("/admin/activity_report/transition/verify/",
                       {"id": report_id}).status_code == 302
    report = _report(app, report_id)
    assert report.status == "verified"
    assert report.reviewer_id == world.people["atasan"]
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.entity == "activity_report", AuditEvent.entity_id == str(report_id))
            .order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["create", "transition", "transition"]
        assert events[-1].username == "atasan"
        assert events[-1].changes_dict["status"] == ["submitted", "verified"]


def test_return_needs_a_comment_and_the_employee_can_edit_again(app, as_user, world):
    report_id = world.reports["submitted"]
    atasan = as_user("atasan")
    page = atasan.get(f"/admin/activity_report/transition/return/comment/?ids={report_id}")
    assert page.status_code == 200
    response = atasan.post("/admin/activity_report/transition/return/comment/", {"ids": str(report_id),
                                                              "comment": ""})
    assert response.status_code == 200  # the form again, with an error
    assert _report(app, report_id).status == "submitted"
    atasan.post("/admin/activity_report/transition/return/comment/", {"ids": str(report_id),
                                                   "comment": "Lampirkan bukti dukung"})
    report = _report(app, report_id)
    assert (report.status, report.review_comment) == ("returned", "Lampirkan bukti dukung")

    pegawai = as_user("pegawai")
    assert pegawai.get(f"/admin/activity_report/edit/?id={report_id}").status_code == 200
    pegawai.post(f"/admin/activity_report/edit/?id={report_id}", {
        "date": date.today().isoformat(), "description": "Kegiatan dengan bukti",
        "duration_minutes": "60", "evidence_url": "https://example.org/bukti.pdf"})
    assert _report(app, report_id).description == "Kegiatan dengan bukti"


def test_bulk_actions_submit_and_verify(app, as_user, world):
    pegawai = as_user("pegawai")
    pegawai.post("/admin/activity_report/action/", {
        "action": "submit", "rowid": [world.reports["draft"]]})
    assert _report(app, world.reports["draft"]).status == "submitted"
    atasan = as_user("atasan")
    atasan.post("/admin/activity_report/action/", {
        "action": "verify",
        "rowid": [world.reports["draft"], world.reports["p2_submitted"]]})
    assert _report(app, world.reports["draft"]).status == "verified"
    assert _report(app, world.reports["p2_submitted"]).status == "verified"


def test_submitted_report_is_locked_for_its_author(app, as_user, world):
    pegawai = as_user("pegawai")
    report_id = world.reports["submitted"]
    response = pegawai.get(f"/admin/activity_report/edit/?id={report_id}")
    assert response.status_code == 302 and "details" in response.headers["Location"]
    pegawai.post(f"/admin/activity_report/edit/?id={report_id}", {
        "date": date.today().isoformat(), "description": "Diubah diam-diam",
        "duration_minutes": "60"})
    assert _report(app, report_id).description != "Diubah diam-diam"


def test_evidence_upload_and_download(app, as_user, world):
    pegawai = as_user("pegawai")
    pegawai.post("/admin/activity_report/new/", {
        "date": date.today().isoformat(), "description": "Dengan berkas",
        "duration_minutes": "30",
        "evidence_upload": (io.BytesIO(b"%PDF-1.4 bukti"), "bukti.pdf"),
    }, content_type="multipart/form-data")
    with app.app_context():
        report = db.session.scalars(select(ActivityReport).where(
            ActivityReport.description == "Dengan berkas")).one()
        assert report.evidence_file.endswith(".pdf")
    download = pegawai.get(f"/admin/activity_report/evidence/?id={report.id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 bukti"
    # Someone else cannot fetch it.
    other = as_user("lain")
    assert other.get(f"/admin/activity_report/evidence/?id={report.id}").status_code == 302


def test_disallowed_upload_type_is_refused(app, as_user, world):
    pegawai = as_user("pegawai")
    pegawai.post("/admin/activity_report/new/", {
        "date": date.today().isoformat(), "description": "Berkas berbahaya",
        "duration_minutes": "30",
        "evidence_upload": (io.BytesIO(b"#!/bin/sh"), "skrip.sh"),
    }, content_type="multipart/form-data")
    with app.app_context():
        assert db.session.scalars(select(ActivityReport).where(
            ActivityReport.description == "Berkas berbahaya")).first() is None


def test_edit_and_delete_buttons_follow_the_record(as_user, world):
    pegawai = as_user("pegawai")
    draft = pegawai.get(f"/admin/activity_report/details/?id={world.reports['draft']}")
    submitted = pegawai.get(f"/admin/activity_report/details/?id={world.reports['submitted']}")
    assert "/admin/activity_report/edit/" in draft.get_data(as_text=True)
    assert "/admin/activity_report/edit/" not in submitted.get_data(as_text=True)
    assert "/admin/activity_report/delete/" not in submitted.get_data(as_text=True)
