"""The low-code journeys of the plugins/low-code issue, over HTTP as the users would do them:
HR adds a workflow state and the supervisor's buttons follow; HR adds a custom field that
employees fill in and HR filters and exports."""
import csv
import io
import re
from datetime import date

from sqlalchemy import select

from app.customfields.models import CustomValue
from app.extensions import db
from app.performance.models import ActivityReport
from app.workflow.models import WorkflowDefinition


def _definition_form(app, extra_state=None, rewire=None):
    """The edit form of the activity-report workflow as HR would submit it."""
    with app.app_context():
        d = db.session.scalars(select(WorkflowDefinition).where(
            WorkflowDefinition.entity == "activity_report")).one()
        data = {"name": d.name, "entity": d.entity, "initial_state": d.initial_state}
        states = [(s.id, s.code, s.label, s.is_final) for s in d.states]
        transitions = [(t.id, t.code, t.label, t.from_state, t.to_state, t.approver,
                        t.role or "", t.allow_self, t.comment_required) for t in d.transitions]
        definition_id = d.id
    if extra_state:
        states.append(("", *extra_state, False))
    for i, (sid, code, label, final) in enumerate(states):
        data.update({f"states-{i}-id": sid, f"states-{i}-code": code,
                     f"states-{i}-label": label, f"states-{i}-position": i})
        if final:
            data[f"states-{i}-is_final"] = "y"
    for i, row in enumerate(transitions + (rewire or [])):
        tid, code, label, src, dst, approver, role, allow_self, comment = row
        if rewire and code == "verify" and tid:
            src = "reviewed"  # verification now follows the review
        data.update({f"transitions-{i}-id": tid, f"transitions-{i}-code": code,
                     f"transitions-{i}-label": label, f"transitions-{i}-from_state": src,
                     f"transitions-{i}-to_state": dst, f"transitions-{i}-approver": approver,
                     f"transitions-{i}-role": role, f"transitions-{i}-position": i})
        if allow_self:
            data[f"transitions-{i}-allow_self"] = "y"
        if comment:
            data[f"transitions-{i}-comment_required"] = "y"
    return definition_id, data


def test_hr_adds_a_review_state_and_the_supervisor_buttons_follow(app, as_user, world):
    report_id = world.reports["submitted"]
    atasan = as_user("atasan")
    page = atasan.get(f"/admin/activity_report/details/?id={report_id}").get_data(as_text=True)
    assert 'data-transition="verify"' in page and 'data-transition="review"' not in page

    review = ("", "review", "Tinjau", "submitted", "reviewed", "owner_supervisor", "supervisor",
              False, False)
    definition_id, data = _definition_form(app, extra_state=("reviewed", "Ditinjau"),
                                           rewire=[review])
    response = as_user("hr").post(f"/admin/workflow/edit/?id={definition_id}", data)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]

    page = atasan.get(f"/admin/activity_report/details/?id={report_id}").get_data(as_text=True)
    assert 'data-transition="review"' in page and 'data-transition="verify"' not in page
    atasan.post("/admin/activity_report/transition/review/", {"id": report_id})
    page = atasan.get(f"/admin/activity_report/details/?id={report_id}").get_data(as_text=True)
    assert "Ditinjau" in page and 'data-transition="verify"' in page
    atasan.post("/admin/activity_report/transition/verify/", {"id": report_id})
    with app.app_context():
        assert db.session.get(ActivityReport, report_id).status == "verified"
    page = atasan.get(f"/admin/activity_report/details/?id={report_id}").get_data(as_text=True)
    assert page.count("<li><strong>") == 2  # the timeline: reviewed, then verified


def test_a_definition_with_an_unknown_state_is_refused(app, as_user, world):
    bad = ("", "jump", "Lompat", "submitted", "nowhere", "owner_supervisor", "", False, False)
    definition_id, data = _definition_form(app, rewire=[bad])
    as_user("hr").post(f"/admin/workflow/edit/?id={definition_id}", data)
    with app.app_context():
        d = db.session.get(WorkflowDefinition, definition_id)
        assert all(t.code != "jump" for t in d.transitions)


def test_inbox_counts_what_awaits_the_supervisor(as_user, world):
    page = as_user("atasan").get("/admin/inbox/").get_data(as_text=True)
    assert 'data-task="activity_report:verify">2<' in page
    assert 'data-task="activity_report:return">2<' in page
    # the two submitted reports are one row of two records with both actions, not two rows
    state = r"<td><span[^>]*>Diajukan</span></td>"   # (a badge in the state's colour)
    row = re.search(r"<tr><td>[^<]*</td>" + state + r"(.*?)</tr>", page, re.S).group(1)
    assert len(re.findall(state, page)) == 1
    assert "Verifikasi" in row and "Kembalikan" in row
    assert re.search(r'data-records="\d+">2<', row)
    home = as_user("atasan").get("/admin/").get_data(as_text=True)
    assert 'id="widget-inbox"' in home


def test_transition_notifies_the_supervisor_in_app(as_user, world):
    as_user("pegawai").post("/admin/activity_report/transition/submit/",
                            {"id": world.reports["draft"]})
    page = as_user("atasan").get("/admin/inbox/").get_data(as_text=True)
    assert "pegawai: Ajukan" in page
    assert 'data-count="unread">1<' in as_user("atasan").get("/admin/").get_data(as_text=True)


def test_custom_field_is_filled_by_employees_filtered_and_exported_by_hr(app, as_user, world):
    hr = as_user("hr")
    response = hr.post("/admin/custom_field/new/", {
        "entity": "activity_report", "label": "Lokasi kegiatan", "code": "lokasi",
        "field_type": "choice", "choices": "Kantor\nLapangan", "required": "y",
        "help_text": "Di mana kegiatan dilakukan", "position": "1", "show_in_list": "y",
        "active": "y"})
    assert response.status_code == 302

    pegawai = as_user("pegawai")
    form = pegawai.get("/admin/activity_report/new/").get_data(as_text=True)
    assert 'name="cf_lokasi"' in form and "Lapangan" in form
    base = {"date": date.today().isoformat(), "duration_minutes": "60"}
    missing = pegawai.post("/admin/activity_report/new/", {**base, "description": "Tanpa lokasi"})
    assert missing.status_code == 200                      # required: the form comes back
    pegawai.post("/admin/activity_report/new/", {**base, "description": "Survei pasar",
                                                 "cf_lokasi": "Lapangan"})
    pegawai.post("/admin/activity_report/new/", {**base, "description": "Rapat staf",
                                                 "cf_lokasi": "Kantor"})
    with app.app_context():
        assert db.session.scalar(select(ActivityReport).where(
            ActivityReport.description == "Tanpa lokasi")) is None
        values = {v.value_text for v in db.session.scalars(select(CustomValue))}
        assert values == {"Lapangan", "Kantor"}

    listing = hr.get("/admin/activity_report/").get_data(as_text=True)
    assert "Lokasi kegiatan" in listing
    filter_index = _filter_index(listing, "Lokasi kegiatan")
    filtered = hr.get(f"/admin/activity_report/?flt0_{filter_index}=Lapangan").get_data(
        as_text=True)
    assert "Survei pasar" in filtered and "Rapat staf" not in filtered
    export = hr.get(f"/admin/activity_report/export/csv/?flt0_{filter_index}=Lapangan")
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][-1] == "Lokasi kegiatan"
    assert [r[-1] for r in rows[1:]] == ["Lapangan"]

    # Edit shows the stored value; a deactivated field disappears but keeps its values.
    with app.app_context():
        report_id = db.session.scalar(select(ActivityReport.id).where(
            ActivityReport.description == "Survei pasar"))
    edit = pegawai.get(f"/admin/activity_report/edit/?id={report_id}").get_data(as_text=True)
    assert 'value="Lapangan" selected' in edit or 'selected value="Lapangan"' in edit


def _filter_index(html: str, label: str) -> int:
    """The index Flask-Admin gives the filter with this label (from its filter JSON)."""
    import json
    import re

    data = json.loads(re.search(r'id="filter-groups-data"[^>]*>(.*?)</', html, re.S).group(1))
    return data[label][0]["index"]


def test_number_and_date_fields_on_employees_validate_in_indonesian(app, as_user, world):
    from app.customfields.models import CustomField
    from app.org.models import Employee

    with app.app_context():
        db.session.add_all([
            CustomField(entity="employee", code="masa_kerja", label="Masa kerja (tahun)",
                        field_type="number", required=True),
            CustomField(entity="employee", code="tmt_jabatan", label="TMT jabatan",
                        field_type="date")])
        db.session.commit()
        e = db.session.get(Employee, world.people["pegawai"])
        form = {"nip": e.nip, "name": e.name, "employment_type": "pns", "grade": "III/a",
                "unit": str(e.unit_id), "supervisor": str(e.supervisor_id), "active": "y"}
    hr = as_user("hr")
    url = f"/admin/employee/edit/?id={world.people['pegawai']}"
    bad = hr.post(url, {**form, "cf_masa_kerja": "sepuluh", "cf_tmt_jabatan": "31-02-2024"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 200 and "Nilai desimal tidak valid." in page
    assert "Tanggal tidak valid: tulis sebagai dd/mm/yyyy" in page  # (the format to use)
    with app.app_context():
        assert db.session.scalars(select(CustomValue)).first() is None
    hr.post(url, {**form, "cf_masa_kerja": "12", "cf_tmt_jabatan": "2024-02-01"})
    details = hr.get(f"/admin/employee/details/?id={world.people['pegawai']}").get_data(
        as_text=True)
    assert "Masa kerja (tahun)" in details and "12" in details and "1 Februari 2024" in details

    # Deactivating hides the field and keeps its values; an active field cannot be deleted.
    with app.app_context():
        field = db.session.scalar(select(CustomField).where(CustomField.code == "masa_kerja"))
        field_id = field.id
    hr.post("/admin/custom_field/delete/", {"id": field_id})
    with app.app_context():
        assert db.session.get(CustomField, field_id) is not None
        db.session.get(CustomField, field_id).active = False
        db.session.commit()
    edit = hr.get(url).get_data(as_text=True)
    assert "cf_masa_kerja" not in edit
    with app.app_context():
        assert db.session.scalar(select(CustomValue).where(CustomValue.field_id == field_id))


def test_transition_mails_the_supervisor_when_smtp_is_configured(app, as_user, world,
                                                                 monkeypatch):
    import smtplib

    from app.org.models import Employee

    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append((host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append(message)

    with app.app_context():
        db.session.get(Employee, world.people["atasan"]).email = "atasan@manokwarikab.go.id"
        db.session.commit()
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    as_user("pegawai").post("/admin/activity_report/transition/submit/",
                            {"id": world.reports["draft"]})
    assert sent[0] == ("127.0.0.1", 25)
    assert sent[1]["To"] == "atasan@manokwarikab.go.id"
    assert "Ajukan" in sent[1].get_content()


def test_number_filter_on_a_custom_field(app, as_user, world):
    from app.customfields.models import CustomField

    with app.app_context():
        field = CustomField(entity="activity_report", code="peserta", label="Jumlah peserta",
                            field_type="number")
        db.session.add(field)
        db.session.flush()
        db.session.add(CustomValue(field_id=field.id, record_id=world.reports["draft"],
                                   value_number=12))
        db.session.commit()
    hr = as_user("hr")
    listing = hr.get("/admin/activity_report/").get_data(as_text=True)
    index = _filter_index(listing, "Jumlah peserta")
    assert "Kegiatan draft" in hr.get(f"/admin/activity_report/?flt0_{index}=12").get_data(
        as_text=True)
    other = hr.get(f"/admin/activity_report/?flt0_{index}=dua belas")
    assert other.status_code == 200 and "Kegiatan draft" not in other.get_data(as_text=True)
