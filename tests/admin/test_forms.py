"""Fields a role may not write are removed from its form: a crafted POST cannot set them."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.performance.models import ActivityReport
from tests.admin.helpers import column, get, snapshot

FORBIDDEN = {
    # Not in the employee's form: whose report it is, its state and the review.
    "employee": None, "employee_id": None, "status": "verified", "reviewer": None,
    "reviewer_id": None, "reviewed_at": "2024-01-01 10:00:00", "review_comment": "Bagus sekali",
    "submitted_at": "2024-01-01 09:00:00", "evidence_file": "../../etc/passwd", "id": "999",
}


def crafted(world, **extra):
    data = {"date": date.today().isoformat(), "description": "Laporan buatan penyerang",
            "duration_minutes": "30", "output_quantity": "", "output_unit": "",
            "target": "__None", "evidence_url": ""}
    data.update(FORBIDDEN)
    data["employee"] = data["employee_id"] = str(world.people["pegawai2"])
    data["reviewer"] = data["reviewer_id"] = str(world.people["atasan"])
    data.update(extra)
    return data


def reports_described(app, text):
    with app.app_context():
        rows = db.session.scalars(select(ActivityReport).where(
            ActivityReport.description == text)).all()
        for r in rows:
            db.session.expunge(r)
        return rows


@pytest.mark.parametrize("username", ["pegawai", "atasan"])
def test_create_form_has_no_owner_status_or_review_fields(username, as_user):
    html = as_user(username).get("/admin/activity_report/new/").get_data(as_text=True)
    assert 'name="description"' in html  # the form is there
    for name in ["employee", "status", "reviewer", "review_comment", "submitted_at"]:
        assert f'name="{name}"' not in html, name


def test_hr_form_chooses_the_employee(as_user):
    html = as_user("hr").get("/admin/activity_report/new/").get_data(as_text=True)
    assert 'name="employee"' in html


@pytest.mark.parametrize("username", ["pegawai", "atasan"])
def test_crafted_create_belongs_to_author_and_stays_draft(username, app, as_user, world):
    response = as_user(username).post("/admin/activity_report/new/", crafted(world))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    [report] = reports_described(app, "Laporan buatan penyerang")
    assert report.employee_id == world.people[username]
    assert report.status == "draft"
    assert report.reviewer_id is None and report.reviewed_at is None
    assert report.review_comment is None and report.submitted_at is None
    assert report.evidence_file is None
    assert report.id != 999


def test_crafted_edit_cannot_move_or_approve_own_draft(app, as_user, world):
    rid = world.reports["draft"]
    c = as_user("pegawai")
    response = c.post(f"/admin/activity_report/edit/?id={rid}", crafted(world))
    assert response.status_code == 302
    report = get(app, ActivityReport, rid)
    assert report.description == "Laporan buatan penyerang"  # the allowed field did change
    assert report.employee_id == world.people["pegawai"]
    assert report.status == "draft"
    assert report.reviewer_id is None and report.review_comment is None


def test_target_of_another_unit_cannot_be_linked(app, as_user, world):
    """Only the author's own unit's targets are offered; another one is never stored."""
    c = as_user("pegawai")
    html = c.get("/admin/activity_report/new/").get_data(as_text=True)
    assert f'<option value="{world.targets["ikm"]}"' in html
    assert f'<option value="{world.targets["bkp"]}"' not in html
    c.post("/admin/activity_report/new/", crafted(world, target=str(world.targets["bkp"])))
    assert all(r.target_id != world.targets["bkp"]
               for r in reports_described(app, "Laporan buatan penyerang"))
    c.post(f"/admin/activity_report/edit/?id={world.reports['draft']}",
           crafted(world, target=str(world.targets["bkp"])))
    assert get(app, ActivityReport, world.reports["draft"]).target_id != world.targets["bkp"]
    ok = c.post("/admin/activity_report/new/",
                crafted(world, target=str(world.targets["ikm"]), description="Dengan target"))
    assert ok.status_code == 302
    [report] = reports_described(app, "Dengan target")
    assert report.target_id == world.targets["ikm"]


def test_evidence_upload_rejects_unknown_types(app, as_user, world):
    import io

    c = as_user("pegawai")
    before = snapshot(app)
    data = crafted(world)
    data["evidence_upload"] = (io.BytesIO(b"<script>alert(1)</script>"), "bukti.html")
    response = c.post("/admin/activity_report/new/", data, content_type="multipart/form-data")
    assert response.status_code in (200, 302)
    assert snapshot(app) == before


def test_evidence_upload_is_stored_under_a_random_name(app, as_user, world):
    import io
    import os

    c = as_user("pegawai")
    data = crafted(world)
    data["evidence_upload"] = (io.BytesIO(b"%PDF-1.4 bukti"), "../../bukti saya.pdf")
    response = c.post("/admin/activity_report/new/", data, content_type="multipart/form-data")
    assert response.status_code == 302
    [report] = reports_described(app, "Laporan buatan penyerang")
    assert report.evidence_file and report.evidence_file.endswith(".pdf")
    assert "/" not in report.evidence_file and ".." not in report.evidence_file
    assert os.path.exists(os.path.join(app.config["UPLOAD_DIR"], report.evidence_file))


def test_employee_form_is_not_offered_to_staff(as_user, world):
    c = as_user("atasan")
    response = c.get(f"/admin/employee/edit/?id={world.people['pegawai']}")
    assert response.status_code == 302
    assert column(c.app, ActivityReport, world.reports["draft"], "status") == "draft"
