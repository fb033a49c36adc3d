"""The auditor reads everything and changes nothing, whatever it POSTs."""
from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.org.models import Employee
from app.performance.models import ActivityReport, Indicator, Period, Realisation, Target
from tests.admin.helpers import snapshot

GENERIC = {"name": "Diubah auditor", "code": "AUD-1", "nip": "199001152015022001",
           "username": "auditor_baru", "new_password": "kata-sandi-panjang-1", "year": "2031",
           "periodicity": "monthly", "kind": "dinas", "description": "Diubah auditor",
           "objective": "Diubah auditor", "value": "1", "period_no": "1",
           "duration_minutes": "10", "date": date.today().isoformat(),
           "unit_of_measure": "x", "polarity": "higher", "level": "unit",
           "employment_type": "pns", "active": "y", "changes": "{}", "action": "delete"}


@pytest.fixture
def some_ids(app, world):
    """One existing row id per model view."""
    with app.app_context():
        target = db.session.get(Target, world.targets["ikm"])
        db.session.add(Realisation(target=target, period_no=1, value=50))
        db.session.commit()
        first = lambda model: db.session.scalar(select(model.id).order_by(model.id).limit(1))  # noqa: E731
        from app.org.models import Position
        from app.performance.models import PerformanceAgreement

        return {
            "activity_report": world.reports["draft"], "period": first(Period),
            "indicator": first(Indicator), "agreement": first(PerformanceAgreement),
            "target": world.targets["ikm"], "realisation": first(Realisation),
            "employee": world.people["pegawai"], "work_unit": world.units["dpm"],
            "position": first(Position), "user": world.users["pegawai"],
            "audit": first(AuditEvent),
        }


def test_auditor_reads_every_view(as_user, some_ids):
    c = as_user("auditor")
    for view, ident in some_ids.items():
        assert c.get(f"/admin/{view}/").status_code == 200, view
        assert c.get(f"/admin/{view}/details/?id={ident}").status_code == 200, view


def test_auditor_is_offered_no_write_controls(as_user, some_ids):
    c = as_user("auditor")
    for view, ident in some_ids.items():
        html = c.get(f"/admin/{view}/").get_data(as_text=True)
        assert f"/admin/{view}/new/" not in html, view
        assert f"/admin/{view}/edit/" not in html, view
        assert f"/admin/{view}/delete/" not in html, view
        details = c.get(f"/admin/{view}/details/?id={ident}").get_data(as_text=True)
        assert "/transition/" not in details, view


def test_auditor_posts_change_nothing(app, as_user, world, some_ids):
    c = as_user("auditor")
    before = snapshot(app)
    answers = {}
    for view, ident in some_ids.items():
        base = f"/admin/{view}"
        answers[f"{view} create"] = c.post(f"{base}/new/", GENERIC).status_code
        answers[f"{view} edit"] = c.post(f"{base}/edit/?id={ident}", GENERIC).status_code
        answers[f"{view} delete"] = c.post(f"{base}/delete/", {"id": ident}).status_code
        answers[f"{view} bulk delete"] = c.post(
            f"{base}/action/", {"action": "delete", "rowid": [ident]}).status_code
        answers[f"{view} inline edit"] = c.post(
            f"{base}/ajax/update/", {"list_form_pk": ident, "name": "x"}).status_code
    reports = [str(i) for i in world.reports.values()]
    for name in ["submit", "verify", "return"]:
        answers[f"action {name}"] = c.post("/admin/activity_report/action/",
                                           {"action": name, "rowid": reports}).status_code
        answers[f"transition {name}"] = c.post(
            f"/admin/activity_report/transition/{name}/",
            {"id": world.reports["submitted"]}).status_code
    answers["return"] = c.post("/admin/activity_report/transition/return/comment/",
                               {"ids": ",".join(reports), "comment": "Auditor"}).status_code
    answers["import"] = c.post(
        "/admin/import/", {"kind": "units", "file": (io.BytesIO(b"code,name\nX,Y\n"), "u.csv")},
        content_type="multipart/form-data").status_code
    assert snapshot(app) == before
    # Every refusal is a redirect back, a 403 or a 404 (inline edit is off) - never a 500.
    assert {code for code in answers.values()} <= {302, 403, 404}, answers


def test_auditor_linked_to_an_employee_still_changes_nothing(app, as_user, world):
    """A user is usually linked to an employee record; an auditor-only account that is linked
    to a supervisor's record (here `head`, who supervises atasan) still may not approve."""
    with app.app_context():
        auditor = db.session.get(User, world.users["auditor"])
        auditor.employee_id = world.people["head"]
        db.session.add(ActivityReport(employee_id=world.people["head"], date=date.today(),
                                      description="Draf kepala", duration_minutes=10))
        db.session.commit()
        head_draft = db.session.scalar(select(ActivityReport.id).where(
            ActivityReport.description == "Draf kepala"))
    c = as_user("auditor")
    before = snapshot(app)
    own = world.reports["atasan_own"]
    for name in ["verify", "return", "submit"]:
        c.post("/admin/activity_report/action/", {"action": name, "rowid": [own, head_draft]})
    c.post("/admin/activity_report/transition/verify/", {"id": own})
    c.post("/admin/activity_report/transition/submit/", {"id": head_draft})
    c.post("/admin/activity_report/transition/return/comment/", {"ids": str(own), "comment": "Auditor"})
    c.post("/admin/activity_report/new/", {"date": date.today().isoformat(),
                                           "description": "Baru", "duration_minutes": "5"})
    assert snapshot(app) == before


def test_auditor_cannot_change_employees_through_the_lookup(app, as_user):
    c = as_user("auditor")
    for url in ["/admin/employee/ajax/lookup/?name=supervisor&query=a",
                "/admin/user/ajax/lookup/?name=employee&query=a",
                "/admin/activity_report/ajax/lookup/?name=employee&query=a"]:
        assert c.get(url).status_code == 403, url


def test_hr_cannot_alter_the_audit_trail(app, as_user):
    c = as_user("hr")
    with app.app_context():
        ident = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id).limit(1))
    before = snapshot(app)
    c.post("/admin/audit/delete/", {"id": ident})
    c.post(f"/admin/audit/edit/?id={ident}", {"changes": "{}", "username": "x"})
    c.post("/admin/audit/new/", {"changes": "{}", "username": "x", "action": "login"})
    c.post("/admin/audit/action/", {"action": "delete", "rowid": [ident]})
    assert snapshot(app) == before
    assert c.get(f"/admin/audit/details/?id={ident}").status_code == 200


def test_employee_records_unchanged_by_auditor_edit_form(app, as_user, world):
    c = as_user("auditor")
    assert c.get(f"/admin/employee/edit/?id={world.people['pegawai']}").status_code == 302
    with app.app_context():
        assert db.session.get(Employee, world.people["pegawai"]).name == "Pegawai Satu"
