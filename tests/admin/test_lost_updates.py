"""Lost updates: two tabs open one record's edit form; the first save wins, the second (drawn
from the older version) changes nothing and says, in Indonesian, who changed the record and
when, with a link to reload it. A single save still works and advances the version."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from app.admin.base import SecureModelView
from app.core.versioning import is_versioned
from app.extensions import db
from app.org.models import Employee, WorkUnit
from app.performance.models import ActivityReport, Indicator
from tests.admin.helpers import snapshot
from tests.admin.lostupd_forms import RELOAD, read_form, stale_refusal
from tests.fixtures.world import user


@pytest.fixture
def hr2(app, world):
    """A second HR admin: the colleague whose save wins."""
    with app.app_context():
        user("hr2", ["hr_admin"])
        db.session.commit()
    return "hr2"


def version(app, model, ident) -> int:
    with app.app_context():
        return db.session.scalar(select(model.version).where(model.id == ident))


def values(app, model, ident, *names) -> tuple:
    with app.app_context():
        return db.session.execute(select(*(getattr(model, n) for n in names))
                                  .where(model.id == ident)).one()


def post(client, url, form):
    return client.http.post(url, data=form)


def refused(app, client, url, form) -> tuple:
    """Post a stale form: nothing at all changes, the page says who and when, with a link to
    reload the record's current form."""
    before = snapshot(app)
    response = post(client, url, form)
    assert response.status_code == 200, response.status_code
    assert snapshot(app) == before
    html = response.get_data(as_text=True)
    assert RELOAD in html
    assert f'{url}" data-reload="1">{RELOAD}</a>' in html   # (the link reloads the form)
    who_when = stale_refusal(response)
    assert who_when, html[:3000]
    return who_when


def test_two_tabs_on_an_employee_the_second_save_is_refused(app, world, as_user, hr2):
    ident = world.people["pegawai"]
    url = f"/admin/employee/edit/?id={ident}"
    first, second = as_user(hr2), as_user("hr")
    tab1, tab2 = read_form(first.get(url)), read_form(second.get(url))
    assert tab1["version"] == tab2["version"] == "1"

    tab1["phone"] = "081234567890"
    assert post(first, url, tab1).status_code == 302
    assert version(app, Employee, ident) == 2

    tab2["email"] = "pegawai@manokwarikab.go.id"
    who, when = refused(app, second, url, tab2)
    assert who == "hr2" and when.endswith("WIT")
    assert values(app, Employee, ident, "phone", "email") == ("081234567890", None)
    assert version(app, Employee, ident) == 2

    # Reloading shows the current record; saving it then works.
    tab2 = read_form(second.get(url))
    assert tab2["version"] == "2" and tab2["phone"] == "081234567890"
    tab2["email"] = "pegawai@manokwarikab.go.id"
    assert post(second, url, tab2).status_code == 302
    assert values(app, Employee, ident, "phone", "email") == (
        "081234567890", "pegawai@manokwarikab.go.id")
    assert version(app, Employee, ident) == 3


def test_a_single_save_works_and_advances_the_version(app, world, as_user):
    ident = world.units["bkp"]
    url = f"/admin/work_unit/edit/?id={ident}"
    hr = as_user("hr")
    form = read_form(hr.get(url))
    form["name"] = "Badan Kepegawaian dan Pengembangan SDM"
    assert post(hr, url, form).status_code == 302
    assert values(app, WorkUnit, ident, "name", "version") == (
        "Badan Kepegawaian dan Pengembangan SDM", 2)
    # A save that changes nothing writes nothing.
    assert post(hr, url, read_form(hr.get(url))).status_code == 302
    assert version(app, WorkUnit, ident) == 2


def test_two_tabs_on_an_indicator(app, world, as_user, hr2):
    with app.app_context():
        ident = db.session.scalar(select(Indicator.id).where(Indicator.code == "IKU-02"))
    url = f"/admin/indicator/edit/?id={ident}"
    first, second = as_user("hr"), as_user(hr2)
    tab1, tab2 = read_form(first.get(url)), read_form(second.get(url))
    tab1["name"] = "Rata-rata waktu penyelesaian izin"
    assert post(first, url, tab1).status_code == 302
    tab2["unit_of_measure"] = "jam"
    assert refused(app, second, url, tab2)[0] == "hr"
    assert values(app, Indicator, ident, "name", "unit_of_measure") == (
        "Rata-rata waktu penyelesaian izin", "hari")


def test_the_employee_and_hr_on_one_daily_report(app, world, as_user):
    """A role whose form holds only some fields still carries the version."""
    ident = world.reports["draft"]
    url = f"/admin/activity_report/edit/?id={ident}"
    employee, hr = as_user("pegawai"), as_user("hr")
    mine, theirs = read_form(employee.get(url)), read_form(hr.get(url))
    assert "employee" not in mine and mine["version"] == "1"
    theirs["duration_minutes"] = "90"
    assert post(hr, url, theirs).status_code == 302
    mine["description"] = "Kegiatan yang saya ubah"
    assert refused(app, employee, url, mine)[0] == "hr"
    assert values(app, ActivityReport, ident, "description", "duration_minutes") == (
        "Kegiatan draft", 90)


def test_a_save_that_loses_the_race_past_the_check(app, world, as_user, monkeypatch):
    """Another save commits between the version check and the UPDATE: the UPDATE (conditional
    on the version) changes no row, and the user gets the same message."""
    from app.org.admin import EmployeeView

    ident = world.people["pegawai2"]
    url = f"/admin/employee/edit/?id={ident}"
    hr = as_user("hr")
    form = read_form(hr.get(url))
    form["phone"] = "0899"
    original = EmployeeView.on_model_change

    def meanwhile(self, form, model, is_created):
        with db.engine.begin() as conn:   # another request's committed change
            conn.execute(update(Employee).where(Employee.id == ident)
                         .values(grade="III/b", version=Employee.version + 1))
        return original(self, form, model, is_created)

    monkeypatch.setattr(EmployeeView, "on_model_change", meanwhile)
    response = post(hr, url, form)
    assert response.status_code == 200
    assert RELOAD in response.get_data(as_text=True)
    assert values(app, Employee, ident, "phone", "grade", "version") == (None, "III/b", 2)


def _editable_when_submitted(app) -> None:
    """HR's configuration: daily reports stay editable while submitted (by default they are
    not, issue 11), so that HR's edit can be what makes the supervisor's page stale."""
    from app.workflow.models import WorkflowDefinition, WorkflowState

    with app.app_context():
        db.session.execute(update(WorkflowState).where(
            WorkflowState.code == "submitted",
            WorkflowState.definition_id.in_(select(WorkflowDefinition.id).where(
                WorkflowDefinition.entity == "activity_report"))).values(editable=True))
        db.session.commit()


def test_a_transition_from_a_stale_page_is_refused(app, world, as_user):
    """The supervisor verifies a report from a page older than HR's change of it."""
    _editable_when_submitted(app)
    ident = world.reports["submitted"]
    page = f"/admin/activity_report/details/?id={ident}"
    supervisor, hr = as_user("atasan"), as_user("hr")
    button = read_form(supervisor.get(page), marker="d-inline")
    assert button["version"] == "1"
    edit = f"/admin/activity_report/edit/?id={ident}"
    form = read_form(hr.get(edit))
    form["description"] = "Uraian yang diperbaiki HR"
    assert post(hr, edit, form).status_code == 302

    action = next(a for a in ("verify", "approve") if f"/transition/{a}/" in
                  supervisor.get(page).get_data(as_text=True))
    response = supervisor.http.post(f"/admin/activity_report/transition/{action}/",
                                    data=button, follow_redirects=True)
    assert stale_refusal(response)[0] == "hr"
    assert values(app, ActivityReport, ident, "status", "version") == ("submitted", 2)

    # From the current page, it applies (and the transition advances the version).
    button = read_form(supervisor.get(page), marker="d-inline")
    supervisor.http.post(f"/admin/activity_report/transition/{action}/", data=button)
    status, after = values(app, ActivityReport, ident, "status", "version")
    assert status != "submitted" and after == 3


def _views(app):
    return [v for v in app.extensions["kinerja_admin"]._views
            if isinstance(v, SecureModelView) and is_versioned(v.model)]


def test_every_versioned_view_carries_the_version_and_hides_the_column(app, world, as_user):
    hr = as_user("hr")
    seen = 0
    for view in _views(app):
        with app.app_context():
            ident = db.session.scalar(select(view.model.id).order_by(view.model.id).limit(1))
        listing = hr.get(f"{view.url}/").get_data(as_text=True)
        assert 'name="version"' not in listing and ">Version<" not in listing, view.endpoint
        if ident is None:
            continue
        response = hr.get(f"{view.url}/edit/?id={ident}")
        if response.status_code != 200:
            continue    # (views HR does not edit, or whose records are locked)
        form = read_form(response)
        assert form.get("version") == str(version(app, view.model, ident)), view.endpoint
        seen += 1
    assert seen >= 8


def test_every_versioned_view_refuses_a_stale_save(app, world, as_user):
    """For each view HR edits: another save advances the record; HR's unchanged form from
    before is refused and nothing changes."""
    hr = as_user("hr")
    checked = []
    for view in _views(app):
        with app.app_context():
            ident = db.session.scalar(select(view.model.id).order_by(view.model.id).limit(1))
        if ident is None:
            continue
        url = f"{view.url}/edit/?id={ident}"
        response = hr.get(url)
        if response.status_code != 200 or 'class="admin-form' not in response.get_data(
                as_text=True):
            continue
        form = read_form(response)
        with app.app_context():    # a colleague's save in the meantime
            db.session.execute(update(view.model).where(view.model.id == ident)
                               .values(version=view.model.version + 1))
            db.session.commit()
        before = snapshot(app)
        response = post(hr, url, form)
        assert response.status_code == 200, (view.endpoint, response.status_code)
        assert RELOAD in response.get_data(as_text=True), view.endpoint
        assert snapshot(app) == before, view.endpoint
        checked.append(view.endpoint)
    assert {"employee", "work_unit", "position", "indicator", "period"} <= set(checked), checked


def test_a_transition_with_a_comment_from_a_stale_page_is_refused(app, world, as_user):
    """Returning a report goes through the comment page, which keeps the version of the record
    page it came from."""
    _editable_when_submitted(app)
    ident = world.reports["submitted"]
    supervisor, hr = as_user("atasan"), as_user("hr")
    details = supervisor.get(f"/admin/activity_report/details/?id={ident}").get_data(
        as_text=True)
    link = f"/admin/activity_report/transition/return/comment/?ids={ident}&amp;version=1"
    assert link in details
    page = supervisor.get(link.replace("&amp;", "&"))
    assert 'name="version" value="1"' in page.get_data(as_text=True)

    edit = f"/admin/activity_report/edit/?id={ident}"
    form = read_form(hr.get(edit))
    form["duration_minutes"] = "120"
    assert post(hr, edit, form).status_code == 302

    data = {"ids": str(ident), "version": "1", "comment": "Lengkapi buktinya."}
    response = supervisor.post(link.replace("&amp;", "&"), data,
                               token_from=f"/admin/activity_report/details/?id={ident}",
                               follow_redirects=True)
    assert stale_refusal(response)[0] == "hr"
    assert values(app, ActivityReport, ident, "status", "duration_minutes") == ("submitted", 120)

    data["version"] = "2"
    supervisor.post(link.replace("&amp;", "&"), data,
                    token_from=f"/admin/activity_report/details/?id={ident}")
    assert values(app, ActivityReport, ident, "status")[0] == "returned"
