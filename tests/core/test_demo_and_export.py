"""Demo data (idempotent, valid, one account per role) and the streamed, safe export."""
import csv
import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.org.models import Employee, WorkUnit
from app.org.nip import is_valid_nip
from app.org.problems import supervisor_loops
from app.performance.models import ActivityReport


def test_demo_data_is_complete_and_idempotent(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        employees = db.session.scalars(select(Employee)).all()
        assert 150 <= len(employees) <= 260
        assert all(is_valid_nip(e.nip) for e in employees)
        codes = set(db.session.scalars(select(WorkUnit.code)))
        assert {"BKPSDM", "DPMPTSP", "DISDUKCAPIL", "DINKES", "DISDIK", "INSPEKTORAT",
                "BAPPEDA", "DISTRIK-MKW-BARAT", "DISTRIK-MKW-TIMUR"} <= codes
        assert supervisor_loops() == []
        users = {u.username: u for u in db.session.scalars(select(User))}
        assert {n: sorted(users[n].role_names) for n in users} == {
            "kepegawaian": ["employee", "hr_admin"], "atasan": ["employee", "supervisor"],
            "kepala": ["employee", "supervisor"],
            "pegawai": ["employee"], "pelatih": ["trainer"],
            "koordinator": ["forum_coordinator"], "auditor": ["auditor"]}
        assert users["pegawai"].employee.supervisor_id == users["atasan"].employee_id
        assert users["atasan"].employee.supervisor_id == users["kepala"].employee_id
        assert users["atasan"].check_password("kinerja-demo")
        reports = db.session.scalar(select(func.count()).select_from(ActivityReport))
        assert reports > 2000
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ActivityReport)) == reports


def test_demo_accounts_log_in(app, client):
    app.test_cli_runner().invoke(args=["demo"])
    for username in ["kepegawaian", "kepala", "atasan", "pegawai", "pelatih", "koordinator",
                     "auditor"]:
        response = client.login(username, "kinerja-demo")
        assert response.status_code == 302, username
        client.post("/logout")


def test_csv_export_is_scoped_streamed_and_formula_safe(app, as_user, world):
    with app.app_context():
        db.session.add(ActivityReport(employee_id=world.people["pegawai"], date=date.today(),
                                      description="=HYPERLINK(\"http://x\")",
                                      duration_minutes=30, status="draft"))
        db.session.commit()
    response = as_user("pegawai").get("/admin/activity_report/export/csv/")
    assert response.status_code == 200 and response.is_streamed
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    descriptions = [r[2] for r in rows[1:]]
    assert "'=HYPERLINK(\"http://x\")" in descriptions
    assert all("Kegiatan lain" not in d and "p2_" not in d for d in descriptions)
    assert len(rows) - 1 == 4  # pegawai's three reports plus the new one


def test_xlsx_export_of_employees_for_hr(app, as_user, world):
    response = as_user("hr").get("/admin/employee/export/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert len(values) == 1 + 7
