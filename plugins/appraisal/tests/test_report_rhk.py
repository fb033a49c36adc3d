"""Issue 11: the employee picks, on the daily report form, the RHK of their approved SKP that
the report serves (the core's ReportLink hook, implemented by this plugin)."""
from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today
from app.performance.models import ActivityReport
from plugins.appraisal.models import AppraisalCycle, ReportLink, Rhk, Skp


def _plans(app, world):
    with app.app_context():
        year = local_today().year
        cycle = db.session.scalar(select(AppraisalCycle).where(AppraisalCycle.year == year)) \
            or AppraisalCycle(year=year)
        approved = Skp(cycle=cycle, employee_id=world.people["pegawai"], status="approved")
        draft = Skp(cycle=cycle, employee_id=world.people["pegawai2"], status="draft")
        mine = Rhk(skp=approved, kind="utama", text="Terlayaninya perizinan tepat waktu")
        theirs = Rhk(skp=draft, kind="utama", text="Rencana yang belum disetujui")
        db.session.add_all([cycle, approved, draft, mine, theirs])
        db.session.commit()
        return mine.id, theirs.id


def test_employee_picks_the_rhk_of_the_approved_skp(app, as_user, world):
    mine, theirs = _plans(app, world)
    pegawai = as_user("pegawai")
    form = pegawai.get("/admin/activity_report/new/").get_data(as_text=True)
    assert f'value="appraisal_rhk:{mine}"' in form and "Terlayaninya perizinan" in form
    assert f"appraisal_rhk:{theirs}" not in form
    with app.app_context():
        day = local_today().strftime("%d/%m/%Y")
    # Someone else's RHK (or a draft SKP's) is refused.
    page = pegawai.post("/admin/activity_report/new/", {
        "date": day, "description": "RHK orang lain", "duration_minutes": "60",
        "serves": f"appraisal_rhk:{theirs}"})
    assert page.status_code == 200
    response = pegawai.post("/admin/activity_report/new/", {
        "date": day, "description": "Memproses izin", "duration_minutes": "60",
        "serves": f"appraisal_rhk:{mine}"})
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(ActivityReport).where(
            ActivityReport.description == "Memproses izin"))
        assert db.session.get(ReportLink, report.id).rhk_id == mine
        assert db.session.scalar(select(ActivityReport).where(
            ActivityReport.description == "RHK orang lain")) is None
    details = pegawai.get(f"/admin/activity_report/details/?id={report.id}")
    assert "Terlayaninya perizinan" in details.get_data(as_text=True)
    # Edited: the pick is shown and can be removed.
    edit = pegawai.get(f"/admin/activity_report/edit/?id={report.id}").get_data(as_text=True)
    assert f'selected value="appraisal_rhk:{mine}"' in edit or \
        f'value="appraisal_rhk:{mine}" selected' in edit
    pegawai.post(f"/admin/activity_report/edit/?id={report.id}", {
        "date": day, "description": "Memproses izin", "duration_minutes": "60", "serves": ""})
    with app.app_context():
        assert db.session.get(ReportLink, report.id) is None
