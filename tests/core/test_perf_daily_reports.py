"""Issue 11, daily reports: the date rules (WIT, back-dating window with a per-person
extension, dd/mm/yyyy), 24 hours a day and the daily norm, weekend and holiday marks, the
per-state editable flag, the evidence file's own name on download."""
import io
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today
from app.org.models import Employee
from app.performance.models import ActivityReport, Holiday
from app.workflow.models import WorkflowDefinition, WorkflowTransition


def _today(app):
    with app.app_context():
        return local_today()


def _new(client, day, description, minutes="60", **extra):
    return client.post("/admin/activity_report/new/", {
        "date": day if isinstance(day, str) else day.strftime("%d/%m/%Y"),
        "description": description, "duration_minutes": minutes, **extra})


def _saved(app, description) -> ActivityReport | None:
    with app.app_context():
        return db.session.scalars(select(ActivityReport).where(
            ActivityReport.description == description)).first()


def test_future_and_old_dates_are_refused_in_indonesian(app, as_user, world):
    pegawai, today = as_user("pegawai"), _today(app)
    page = _new(pegawai, today + timedelta(days=24), "Besok lusa")
    assert page.status_code == 200 and "tidak boleh setelah hari ini" in page.get_data(as_text=True)
    page = _new(pegawai, "15/03/2020", "Tahun 2020")
    assert "paling lama 7 hari" in page.get_data(as_text=True)
    assert _saved(app, "Besok lusa") is None and _saved(app, "Tahun 2020") is None
    assert _new(pegawai, today - timedelta(days=7), "Seminggu lalu").status_code == 302


def test_hr_extends_the_back_dating_window_for_a_person(app, as_user, world):
    pegawai, today = as_user("pegawai"), _today(app)
    assert _new(pegawai, today - timedelta(days=20), "Dua puluh hari").status_code == 200
    with app.app_context():
        db.session.get(Employee, world.people["pegawai"]).backdate_days = 30
        db.session.commit()
    assert _new(pegawai, today - timedelta(days=20), "Dua puluh hari").status_code == 302


def test_date_typed_as_indonesians_do_and_a_format_hint(app, as_user, world):
    pegawai, today = as_user("pegawai"), _today(app)
    assert _new(pegawai, today.strftime("%d/%m/%Y"), "Garis miring").status_code == 302
    assert _saved(app, "Garis miring").date == today
    page = _new(pegawai, "31/13/2026", "Bulan 13")
    assert "dd/mm/yyyy" in page.get_data(as_text=True) and _saved(app, "Bulan 13") is None
    form = pegawai.get("/admin/activity_report/new/").get_data(as_text=True)
    assert f'value="{today:%d/%m/%Y}"' in form     # prefilled: today in WIT


def test_at_most_24_hours_a_day_and_a_warning_past_the_norm(app, as_user, world):
    # (three days back: the world's reports are dated today on the server's clock)
    pegawai, day = as_user("pegawai"), _today(app) - timedelta(days=3)
    assert _new(pegawai, day, "Pagi", "720").status_code == 302
    listing = pegawai.get("/admin/activity_report/").get_data(as_text=True)
    assert "norma harian 450 menit" in listing
    assert _new(pegawai, day, "Malam", "720").status_code == 302
    page = _new(pegawai, day, "Lembur lagi", "720")
    assert page.status_code == 200 and "24 jam" in page.get_data(as_text=True)
    assert _saved(app, "Lembur lagi") is None


def test_weekends_and_holidays_are_marked(app, as_user, world):
    today = _today(app)
    saturday = today - timedelta(days=(today.weekday() - 5) % 7)
    working = next(today - timedelta(days=n) for n in range(1, 8)
                   if (today - timedelta(days=n)).weekday() < 5)
    with app.app_context():
        db.session.add(Holiday(date=working, name="Hari Uji Libur", kind="national"))
        db.session.commit()
    pegawai = as_user("pegawai")
    assert _new(pegawai, saturday, "Kerja Sabtu").status_code == 302
    assert _new(pegawai, working, "Kerja hari libur").status_code == 302
    listing = pegawai.get("/admin/activity_report/?sort=0").get_data(as_text=True)
    assert "Akhir pekan" in listing and "Hari Uji Libur" in listing
    hr = as_user("hr")
    assert hr.get("/admin/holiday/").status_code == 200
    response = hr.post("/admin/holiday/new/", {"date": "25/12/2026", "name": "Natal",
                                               "kind": "national"})
    assert response.status_code == 302


def test_withdrawn_report_is_not_editable_while_reviewed(app, as_user, world):
    """HR adds "Tarik kembali" (Diajukan -> Draf by the owner): the owner's transition from
    Diajukan no longer makes Diajukan editable; only the states marked editable are."""
    with app.app_context():
        d = db.session.scalar(select(WorkflowDefinition).where(
            WorkflowDefinition.entity == "activity_report"))
        d.transitions.append(WorkflowTransition(code="withdraw", label="Tarik kembali",
                                                from_state="submitted", to_state="draft",
                                                approver="owner", position=9))
        db.session.commit()
    pegawai, report_id = as_user("pegawai"), world.reports["submitted"]
    response = pegawai.get(f"/admin/activity_report/edit/?id={report_id}")
    assert response.status_code == 302
    pegawai.post(f"/admin/activity_report/edit/?id={report_id}", {
        "date": _today(app).strftime("%d/%m/%Y"), "description": "Diubah saat diperiksa",
        "duration_minutes": "60"})
    assert _saved(app, "Diubah saat diperiksa") is None
    # HR marks Diajukan editable in the definition: now it is.
    with app.app_context():
        d = db.session.scalar(select(WorkflowDefinition).where(
            WorkflowDefinition.entity == "activity_report"))
        next(s for s in d.states if s.code == "submitted").editable = True
        db.session.commit()
    assert pegawai.get(f"/admin/activity_report/edit/?id={report_id}").status_code == 200


def test_editable_flag_in_the_definition_and_its_validator(app, ctx):
    from app.core.registry import registry
    from app.performance.workflow import DEFAULT_DEFINITION
    from app.workflow.definition import editable_states, validate

    spec, errors = validate(DEFAULT_DEFINITION, registry())
    assert errors == [] and editable_states(spec) == {"draft", "returned"}
    marked = {**DEFAULT_DEFINITION, "states": [
        {**s, "editable": s["code"] == "submitted"} for s in DEFAULT_DEFINITION["states"]]}
    spec, errors = validate(marked, registry())
    assert editable_states(spec) == {"submitted"}
    bad = {**DEFAULT_DEFINITION, "states": [
        {**s, "editable": "kadang"} for s in DEFAULT_DEFINITION["states"]]}
    assert validate(bad, registry())[1]


def test_evidence_download_keeps_the_original_name(app, as_user, world):
    pegawai = as_user("pegawai")
    _new(pegawai, _today(app), "Dengan nama berkas", evidence_upload=(
        io.BytesIO(b"%PDF-1.4 bukti"), "Laporan Izin Q1 ../../rahasia.pdf"))
    report = _saved(app, "Dengan nama berkas")
    download = pegawai.get(f"/admin/activity_report/evidence/?id={report.id}")
    disposition = download.headers["Content-Disposition"]
    assert "rahasia.pdf" in disposition and "/" not in disposition.split("filename=")[1]
    assert download.data == b"%PDF-1.4 bukti"


def test_hr_sets_the_editable_flag_in_the_workflow_editor(app, as_user, world):
    from tests.core.test_lowcode import _definition_form

    definition_id, data = _definition_form(app)
    states = {v: k.split("-")[1] for k, v in data.items() if k.endswith("-code")
              and k.startswith("states-")}
    data[f"states-{states['submitted']}-editable"] = "1"
    data[f"states-{states['returned']}-editable"] = "0"
    response = as_user("hr").post(f"/admin/workflow/edit/?id={definition_id}", data)
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    with app.app_context():
        d = db.session.get(WorkflowDefinition, definition_id)
        flags = {s.code: s.editable for s in d.states}
        assert flags == {"draft": None, "submitted": True, "verified": None, "returned": False}
    pegawai = as_user("pegawai")
    edit = pegawai.get(f"/admin/activity_report/edit/?id={world.reports['submitted']}")
    assert edit.status_code == 200
