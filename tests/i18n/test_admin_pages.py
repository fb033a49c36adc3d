"""Every back-office view renders in Indonesian: list, create, edit and details of every model view
and the index of every plain page, as HR (the auditor for what HR may not open, and the auditor
again for everything it reads), plus the pages employees and supervisors see of their reports.

The views are discovered from the admin, so a new view (or a plugin's) is checked without
touching this file; a model the small world has no row of needs a factory in ROW_FACTORIES.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from flask import url_for
from flask_admin import AdminIndexView
from flask_admin.model import BaseModelView
from sqlalchemy import inspect as sa_inspect, select

from app.extensions import db
from tests.i18n.conftest import USER_FOR_ROLE, assert_indonesian
from tests.i18n.english import english_words, find_english


def _realisation():
    from app.performance.models import Realisation, Target

    target = db.session.scalars(select(Target).order_by(Target.id)).first()
    row = Realisation(target=target, period_no=1, value=Decimal("80"),
                      evidence_url="https://example.org/bukti.pdf", notes="Triwulan pertama")
    db.session.add(row)
    return row


def _workflow_definition():
    from app.performance.workflow import DEFAULT_DEFINITION
    from app.workflow.engine import seed
    from app.workflow.models import WorkflowDefinition

    seed([DEFAULT_DEFINITION])
    return db.session.scalars(select(WorkflowDefinition)).first()


# Models the small world has no row of: a function that adds one (in an app context).
def _custom_field():
    from app.customfields.models import CustomField

    row = CustomField(entity="activity_report", code="lokasi", label="Lokasi kegiatan",
                      field_type="choice", choices="Kantor\nLapangan", show_in_list=True)
    db.session.add(row)
    return row


def _capaian_band():
    from app.performance.models import CapaianBand

    row = CapaianBand(lower_bound=Decimal("91"), label="Sangat Baik", color="#28a745")
    db.session.add(row)
    return row


def _appraisal_cycle():
    from datetime import date

    from plugins.appraisal.models import AppraisalCycle

    row = AppraisalCycle(year=date.today().year, periodicity="quarterly")
    db.session.add(row)
    return row


def _skp():
    from app.org.models import Employee
    from plugins.appraisal.models import AppraisalCycle, Skp

    cycle = db.session.scalars(select(AppraisalCycle)).first() or _appraisal_cycle()
    employee = db.session.scalars(select(Employee).where(Employee.supervisor_id.isnot(None))
                                  .order_by(Employee.id)).first()
    row = Skp(cycle=cycle, employee=employee, appraiser=employee.supervisor,
              unit_id=employee.unit_id)
    db.session.add(row)
    return row


def _rhk():
    from plugins.appraisal.models import Iki, Rhk, Skp

    skp = db.session.scalars(select(Skp).order_by(Skp.id)).first() or _skp()
    row = Rhk(skp=skp, kind="utama", text="Terlaksananya pelayanan perizinan",
              indicators=[Iki(name="Jumlah izin terbit", aspect="kuantitas", target="120 izin")])
    db.session.add(row)
    return row


def _unit_predikat():
    from app.org.models import WorkUnit
    from plugins.appraisal.models import AppraisalCycle, UnitPredikat

    cycle = db.session.scalars(select(AppraisalCycle)).first() or _appraisal_cycle()
    unit = db.session.scalars(select(WorkUnit).order_by(WorkUnit.id)).first()
    row = UnitPredikat(cycle=cycle, unit=unit, period=0, predikat="baik")
    db.session.add(row)
    return row


def _credit_coefficient():
    from plugins.appraisal.models import CreditCoefficient

    row = CreditCoefficient(level="ahli_muda", coefficient=Decimal("25"))
    db.session.add(row)
    return row


def _evaluation():
    from plugins.appraisal.models import Evaluation, Skp

    skp = db.session.scalars(select(Skp).order_by(Skp.id)).first() or _skp()
    row = Evaluation(skp=skp, period=1, employee=skp.employee, appraiser=skp.appraiser,
                     unit_id=skp.unit_id)
    db.session.add(row)
    return row


def _dialogue():
    from datetime import date

    from plugins.appraisal.models import Dialogue, Skp

    skp = db.session.scalars(select(Skp).order_by(Skp.id)).first() or _skp()
    row = Dialogue(skp=skp, held_on=date.today(), topics="Capaian triwulan",
                   actions="Pendampingan aplikasi", recorded_by_id=skp.employee_id)
    db.session.add(row)
    return row


def _survey_period():
    from app.org.models import WorkUnit
    from plugins.survey.models import SurveyPeriod
    from plugins.survey.tests.helpers import make_period

    unit = db.session.scalars(select(WorkUnit).where(WorkUnit.code == "DPMPTSP")).one()
    return db.session.get(SurveyPeriod, make_period(unit.id))


def _survey_response():
    from plugins.survey.models import SurveyResponse
    from plugins.survey.tests.helpers import add_responses

    add_responses(_survey_period().id, [[3] * 9], suggestion="Antrean panjang")
    return db.session.scalars(select(SurveyResponse)).first()
def _forum():
    from datetime import timedelta

    from app.i18n import utcnow
    from app.org.models import WorkUnit
    from plugins.forum.models import Forum, ForumMinutes, ForumVenue

    unit = db.session.scalar(select(WorkUnit).where(WorkUnit.head_id.is_not(None)))
    venue = db.session.scalars(select(ForumVenue)).first() or ForumVenue(name="Aula", address="")
    start = utcnow() - timedelta(days=1)
    row = Forum(unit=unit, topic="Forum Konsultasi Publik", venue=venue, start_at=start,
                end_at=start + timedelta(hours=2), status="held", contact_id=unit.head_id,
                minutes=[ForumMinutes(revision=1, body="Notulen", created_at=utcnow())])
    db.session.add(row)
    return row


def _forum_venue():
    return _forum().venue


def _forum_follow_up():
    from plugins.forum.models import Forum, ForumFollowUp

    forum = db.session.scalars(select(Forum)).first() or _forum()
    row = ForumFollowUp(forum=forum, title="Papan informasi", owner_unit=forum.unit,
                        responsible_id=forum.contact_id, due_date=forum.start_at.date())
    db.session.add(row)
    return row


def _forum_registration():
    from app.i18n import utcnow
    from plugins.forum.models import Forum, ForumRegistration

    forum = db.session.scalars(select(Forum)).first() or _forum()
    row = ForumRegistration(forum=forum, name="Warga", token="uji-token", created_at=utcnow())
    db.session.add(row)
    return row


def _holiday():
    from datetime import date

    from app.performance.models import Holiday

    row = Holiday(date=date(2026, 8, 17), name="Hari Proklamasi Kemerdekaan RI",
                  kind="national")
    db.session.add(row)
    return row


def _training_session():
    from datetime import datetime, timedelta, timezone

    from app.org.models import Employee
    from plugins.training.config import ensure_default_rules
    from plugins.training.models import Programme, TrainingSession

    rules = ensure_default_rules()
    programme = Programme(name="Pelatihan Pelayanan Prima", kind="teknis", route="klasikal",
                          competency="teknis", organiser="BKPSDM",
                          jp_rule=rules["jam_pelajaran"])
    start = datetime.now(timezone.utc)
    row = TrainingSession(programme=programme, trainer=db.session.scalars(
        select(Employee).order_by(Employee.id)).first(), starts_at=start,
        ends_at=start + timedelta(hours=6), venue="Aula BKPSDM")
    db.session.add(row)
    return row


def _training_participant():
    from app.org.models import Employee
    from plugins.training.models import Participant, TrainingSession

    session = db.session.scalars(select(TrainingSession)).first() or _training_session()
    row = Participant(session=session, employee=db.session.scalars(
        select(Employee).where(Employee.supervisor_id.isnot(None)).order_by(Employee.id)
    ).first(), result="lulus", certificate_number="0001/001/PK-BKPSDM/2026",
        certificate_token="uji-token-sertifikat")
    db.session.add(row)
    return row


def _training_external():
    from datetime import date

    from app.org.models import Employee
    from plugins.training.models import ExternalJp

    row = ExternalJp(employee=db.session.scalars(select(Employee).order_by(Employee.id)).first(),
                     title="Kursus daring", organiser="LAN RI", kind="elearning",
                     ends_on=date.today(), jp=Decimal("8"), evidence_file="bukti.pdf")
    db.session.add(row)
    return row


def _training_suggestion():
    from app.org.models import Employee
    from plugins.training.models import Suggestion

    row = Suggestion(employee=db.session.scalars(select(Employee).order_by(Employee.id)).first(),
                     competency="teknis", reason="Hasil kerja di bawah ekspektasi", year=2026)
    db.session.add(row)
    return row


def _training_rule():
    from plugins.training.config import ensure_default_rules

    return ensure_default_rules()["coaching"]


def _training_programme():
    from plugins.training.models import TrainingSession

    return (db.session.scalars(select(TrainingSession)).first() or _training_session()).programme


def _job():
    from app.jobs.models import FAILED, Job

    row = Job(kind="mail", title="kepala@manokwarikab.go.id", params={}, state=FAILED,
              attempts=6, error="TimeoutError: timed out")
    db.session.add(row)
    return row


ROW_FACTORIES = {"Job": _job, "Realisation": _realisation, "Holiday": _holiday, "WorkflowDefinition": _workflow_definition,
                 "CustomField": _custom_field, "CapaianBand": _capaian_band,
                 "AppraisalCycle": _appraisal_cycle, "Skp": _skp,
                 "UnitPredikat": _unit_predikat, "CreditCoefficient": _credit_coefficient,
                 "Rhk": _rhk, "Evaluation": _evaluation, "Dialogue": _dialogue,
                 "SurveyPeriod": _survey_period, "SurveyResponse": _survey_response,
                 "Forum": _forum, "ForumVenue": _forum_venue,
                 "ForumFollowUp": _forum_follow_up, "ForumRegistration": _forum_registration,
                 "TrainingSession": _training_session, "Participant": _training_participant,
                 "ExternalJp": _training_external, "Suggestion": _training_suggestion,
                 "JpRule": _training_rule, "Programme": _training_programme}


def _views(app):
    admin = app.extensions["kinerja_admin"]
    return [v for v in admin._views if not isinstance(v, AdminIndexView)]


def _reader(view) -> str:
    roles = getattr(view, "read_roles", None) or set(USER_FOR_ROLE)
    for role, username in USER_FOR_ROLE.items():
        if role in roles:
            return username
    raise AssertionError(f"no test user may read {view.endpoint}")


def _writes(view, username) -> tuple[bool, bool]:
    """(may create, may edit) for the test user, from the view's role sets."""
    role = next(r for r, u in USER_FOR_ROLE.items() if u == username)
    write = getattr(view, "write_roles", frozenset())
    create = getattr(view, "create_roles", None)
    create = write if create is None else create
    return role in create, role in write


def _row_id(view) -> str:
    row = db.session.scalars(select(view.model).limit(1)).first()
    if row is None:
        factory = ROW_FACTORIES.get(view.model.__name__)
        assert factory, (f"no {view.model.__name__} row for {view.endpoint}: add a factory to "
                         "ROW_FACTORIES in tests/i18n/test_admin_pages.py")
        row = factory()
        db.session.commit()
    return str(sa_inspect(row).identity[0])


def _pages(app, view, row_id, may_create, may_edit):
    with app.test_request_context():
        if not isinstance(view, BaseModelView):
            return [("index", url_for(f"{view.endpoint}.index"))]
        pages = [("list", url_for(f"{view.endpoint}.index_view")),
                 ("list, searching", url_for(f"{view.endpoint}.index_view", search="zzz"))]
        if may_create:
            pages.append(("create", url_for(f"{view.endpoint}.create_view")))
        if may_edit:
            pages.append(("edit", url_for(f"{view.endpoint}.edit_view", id=row_id)))
        if view.can_view_details:
            pages.append(("details", url_for(f"{view.endpoint}.details_view", id=row_id)))
        return pages


def _auto_labels(view) -> set[str]:
    """The English labels Flask-Admin derives from attribute names when a label is missing
    ("output_quantity" -> "Output Quantity"), less those that are Indonesian words too."""
    if not isinstance(view, BaseModelView):
        return set()
    names = {attr.key for attr in sa_inspect(view.model).attrs}
    for listing in (view.column_list, view.column_details_list, view.column_filters,
                    view.column_searchable_list, view.form_columns):
        names |= {n for n in (listing or ()) if isinstance(n, str)}
    names |= set(view.form_extra_fields or {})
    return english_words(view._prettify_name(n) for n in names)


def _check_view(app, as_user, view, username):
    with app.app_context():
        row_id = _row_id(view) if isinstance(view, BaseModelView) else None
    may_create, may_edit = _writes(view, username)
    auto_labels = _auto_labels(view)
    client = as_user(username)
    checked = []
    for kind, url in _pages(app, view, row_id, may_create, may_edit):
        page = f"{view.endpoint} {kind} ({url}) as {username}"
        assert_indonesian(client.get(url), page, extra_words=auto_labels)
        checked.append(kind)
    return checked


def test_every_view_is_discovered(app):
    endpoints = {v.endpoint for v in _views(app)}
    # The core views; plugins add theirs and are walked the same way.
    assert {"work_unit", "position", "employee", "period", "indicator", "agreement", "target",
            "realisation", "activity_report", "user", "audit", "data_problems",
            "org_import"} <= endpoints


@pytest.fixture
def views(app):
    return _views(app)


def test_every_admin_view_in_indonesian(app, world, as_user, views):
    checked = {}
    for view in views:
        checked[view.endpoint] = _check_view(app, as_user, view, _reader(view))
    model_views = [v.endpoint for v in views if isinstance(v, BaseModelView)]
    assert model_views and all("list" in checked[e] for e in model_views)
    # HR writes most model views: their create and edit forms were checked too.
    assert {"create", "edit", "details"} <= set(checked["employee"])


def test_every_view_the_auditor_reads_in_indonesian(app, world, as_user, views):
    readable = [v for v in views if "auditor" in (getattr(v, "read_roles", None) or ())]
    assert any(v.endpoint == "audit" for v in readable)
    for view in readable:
        _check_view(app, as_user, view, "auditor")


def test_report_pages_of_employee_and_supervisor_in_indonesian(app, world, as_user):
    report = world.reports
    pegawai = as_user("pegawai")
    for url in ["/admin/activity_report/", "/admin/activity_report/new/",
                f"/admin/activity_report/edit/?id={report['draft']}",
                f"/admin/activity_report/details/?id={report['draft']}",
                f"/admin/activity_report/details/?id={report['submitted']}",
                "/admin/employee/", f"/admin/employee/details/?id={world.people['pegawai']}"]:
        assert_indonesian(pegawai.get(url), f"{url} as pegawai")
    atasan = as_user("atasan")
    for url in ["/admin/activity_report/",
                f"/admin/activity_report/details/?id={report['submitted']}",
                f"/admin/activity_report/transition/return/comment/?ids={report['submitted']}",
                "/admin/agreement/", "/admin/target/"]:
        assert_indonesian(atasan.get(url), f"{url} as atasan")
    # The supervisor's buttons on a staff report are the translated transitions.
    html = atasan.get(f"/admin/activity_report/details/?id={report['submitted']}").get_data(
        as_text=True)
    assert "Verifikasi" in html and "Kembalikan" in html


def test_flash_messages_after_saving_are_indonesian(app, world, as_user):
    hr = as_user("hr")
    response = hr.post("/admin/position/new/", data={"name": "Analis Kebijakan",
                                                     "kind": "fungsional", "level": "ahli_muda"},
                       token_from="/admin/position/new/", follow_redirects=True)
    assert "Data berhasil ditambahkan." in response.get_data(as_text=True)
    assert_indonesian(response, "position list after create")


def test_the_detector_finds_english_when_the_language_is_english(app, world, as_user):
    """The check above can fail: the same pages in English are full of findings."""
    hr = as_user("hr")
    response = hr.post("/lang", data={"lang": "en", "next": "/admin/employee/"})
    assert response.status_code == 302
    with app.app_context():
        row_id = _row_id(next(v for v in _views(app) if v.endpoint == "employee"))
    for url in ["/admin/employee/", "/admin/employee/new/",
                f"/admin/employee/edit/?id={row_id}", f"/admin/employee/details/?id={row_id}"]:
        html = hr.get(url).get_data(as_text=True)
        found = "\n".join(find_english(html))
        assert found, f"the detector found no English on {url} in English"
        assert "'Employees'" in found or "['Employees']" in found, found
    listing = "\n".join(find_english(hr.get("/admin/employee/").get_data(as_text=True)))
    for english in ["List", "Create", "Export", "Search", "Add Filter", "Sort by", "20 items",
                    "Employment type", "Are you sure", "Toggle navigation"]:
        assert english in listing, f"{english!r} not detected:\n{listing}"
    form = "\n".join(find_english(hr.get("/admin/employee/new/").get_data(as_text=True)))
    for english in ["Save", "Save and Add Another", "Cancel", "Employment type"]:
        assert english in form, f"{english!r} not detected:\n{form}"
    # Back to Indonesian: the same client's pages are clean again.
    hr.post("/lang", data={"lang": "id", "next": "/admin/employee/"})
    assert_indonesian(hr.get("/admin/employee/"), "employee list back in Indonesian")


def test_the_detector_finds_a_missing_column_label(app, world, as_user, monkeypatch):
    """A column without a label shows Flask-Admin's English name for it: that is caught."""
    view = next(v for v in _views(app) if v.endpoint == "employee")
    assert "Employment Type" in _auto_labels(view)
    labels = {k: v for k, v in view.column_labels.items() if k != "employment_type"}
    monkeypatch.setattr(view, "column_labels", labels)
    with app.app_context():
        view._refresh_cache()
    try:
        html = as_user("hr").get("/admin/employee/").get_data(as_text=True)
        found = "\n".join(find_english(html, _auto_labels(view)))
        assert "'Employment Type' has English word(s)" in found, found
    finally:
        monkeypatch.undo()
        with app.app_context():
            view._refresh_cache()
    assert "Jenis kepegawaian" in as_user("hr").get("/admin/employee/").get_data(as_text=True)
