"""Data integrity through the back office: NIP validation, duplicates as form errors, database
refusals as clear messages, and the ajax lookup's limits."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.org.models import Employee
from app.performance.models import ActivityReport
from tests.admin.helpers import alerts, column, invalid_fields, snapshot, translated
from tests.admin.test_headers_errors import LEAKS

NEW_NIP = "199001152015022001"  # born 15-01-1990, TMT CPNS 02-2015, female, serial 001


def employee_form(world, **changes):
    data = {"nip": NEW_NIP, "name": "Pegawai Baru", "employment_type": "pns", "grade": "III/a",
            "unit": str(world.units["dpm"]), "position": "__None",
            "supervisor": str(world.people["atasan"]), "email": "", "phone": "", "active": "y"}
    data.update(changes)
    return data


def employees(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Employee.id)))


def test_valid_employee_is_created(app, as_user, world):
    before = employees(app)
    response = as_user("hr").post("/admin/employee/new/", employee_form(world))
    assert response.status_code == 302, invalid_fields(response)
    assert employees(app) == before + 1


def test_nip_written_with_spaces_is_accepted_and_stored_without(app, as_user, world):
    spaced = f"{NEW_NIP[:8]} {NEW_NIP[8:14]} {NEW_NIP[14]} {NEW_NIP[15:]}"
    response = as_user("hr").post("/admin/employee/new/", employee_form(world, nip=spaced))
    assert response.status_code == 302, invalid_fields(response)
    with app.app_context():
        assert db.session.scalar(select(Employee.nip).where(Employee.name == "Pegawai Baru")) \
            == NEW_NIP


def existing_nip(app, world, who="pegawai"):
    return column(app, Employee, world.people[who], "nip")


@pytest.mark.parametrize("variant", ["same", "spaced"])
def test_duplicate_nip_is_a_form_error(variant, app, as_user, world):
    nip = existing_nip(app, world)
    if variant == "spaced":
        nip = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    c = as_user("hr")
    before = snapshot(app)
    response = c.post("/admin/employee/new/", employee_form(world, nip=nip))
    assert response.status_code == 200
    assert invalid_fields(response) == {"nip"}
    body = response.get_data(as_text=True)
    # Flask-Admin's own Unique validator ("Already exists.") or ours (it also sees through spaces).
    messages = translated(app, "This value is already used by another record.") | translated(
        app, "Already exists.")
    assert any(m in body for m in messages)
    for leak in LEAKS:
        assert leak not in body
    assert snapshot(app) == before


def test_duplicate_nip_on_edit_is_a_form_error(app, as_user, world):
    c = as_user("hr")
    target = world.people["lain"]
    before = snapshot(app)
    response = c.post(f"/admin/employee/edit/?id={target}",
                      employee_form(world, nip=existing_nip(app, world), name="Pegawai Lain",
                                    unit=str(world.units["bkp"]),
                                    supervisor=str(world.people["atasan_lain"])))
    assert response.status_code == 200
    assert "nip" in invalid_fields(response)
    assert snapshot(app) == before


def test_saving_an_employee_with_own_nip_is_not_a_duplicate(app, as_user, world):
    c = as_user("hr")
    target = world.people["lain"]
    response = c.post(f"/admin/employee/edit/?id={target}",
                      employee_form(world, nip=existing_nip(app, world, "lain"), name="Nama Baru",
                                    unit=str(world.units["bkp"]),
                                    supervisor=str(world.people["atasan_lain"])))
    assert response.status_code == 302, invalid_fields(response)
    assert column(app, Employee, target, "name") == "Nama Baru"


@pytest.mark.parametrize("nip,reason", [
    ("199002302015022001", "The first 8 digits of the NIP must be a valid birth date (YYYYMMDD)."),
    ("199013152015022001", "The first 8 digits of the NIP must be a valid birth date (YYYYMMDD)."),
    ("199001152015132001", "Digits 13-14 of the NIP must be a valid TMT CPNS month (01-12)."),
    ("199001152015002001", "Digits 13-14 of the NIP must be a valid TMT CPNS month (01-12)."),
    ("199001152015023001", "Digit 15 of the NIP must be 1 (male) or 2 (female)."),
    ("199001152015022000", "The last 3 digits of the NIP (serial number) cannot be 000."),
    ("199001152001022001", "Digits 9-12 of the NIP must be a plausible TMT CPNS year."),
    ("19900115201502200", "NIP must be exactly 18 digits."),
    ("1990011520150220011", "NIP must be exactly 18 digits."),
    ("19900115201502200A", "NIP must be exactly 18 digits."),
    ("", ("NIP must be exactly 18 digits.", "This field is required.")),
])
def test_invalid_nip_is_a_form_error(nip, reason, app, as_user, world):
    c = as_user("hr")
    before = snapshot(app)
    response = c.post("/admin/employee/new/", employee_form(world, nip=nip))
    assert response.status_code == 200
    assert invalid_fields(response) == {"nip"}
    body = response.get_data(as_text=True)
    reasons = {reason} if isinstance(reason, str) else set(reason)
    assert any(m in body for r in reasons for m in translated(app, r)), reason
    assert snapshot(app) == before


def test_supervisor_loop_is_refused(app, as_user, world):
    """atasan's supervisor is head; making head report to atasan would close a loop."""
    c = as_user("hr")
    head = world.people["head"]
    before = snapshot(app)
    response = c.post(f"/admin/employee/edit/?id={head}", employee_form(
        world, nip=existing_nip(app, world, "head"), name="Kepala DPMPTSP",
        supervisor=str(world.people["pegawai"])))
    assert response.status_code == 200
    assert snapshot(app) == before


@pytest.mark.parametrize("how", ["single", "bulk"])
def test_deleting_an_employee_still_in_use_shows_no_database_text(how, app, as_user, world):
    """pegawai has reports and a user account: the database refuses; the user sees a message."""
    c = as_user("hr")
    pid = world.people["pegawai"]
    if how == "single":
        response = c.post("/admin/employee/delete/", {"id": pid})
    else:
        response = c.post("/admin/employee/action/", {"action": "delete", "rowid": [pid]})
    assert response.status_code == 302
    page = c.get(response.headers["Location"])
    shown = " ".join(alerts(page))
    assert shown, "the refusal must be explained"
    for leak in LEAKS + ["FOREIGN KEY", "constraint", "violates"]:
        assert leak not in shown, leak
    assert column(app, Employee, pid, "id") == pid


def test_deleting_an_unused_employee_works(app, as_user, world):
    c = as_user("hr")
    with app.app_context():
        e = Employee(nip=NEW_NIP, name="Tanpa Data", employment_type="pns", active=True)
        db.session.add(e)
        db.session.commit()
        ident = e.id
    assert c.post("/admin/employee/delete/", {"id": ident}).status_code == 302
    assert column(app, Employee, ident, "id") is None


def test_formula_cells_are_neutralised_in_exports(app, as_user, world):
    with app.app_context():
        db.session.get(Employee, world.people["pegawai"]).name = "=HYPERLINK(\"http://x\",\"a\")"
        db.session.commit()
    body = as_user("hr").get("/admin/employee/export/csv/").get_data(as_text=True)
    assert "'=HYPERLINK" in body
    assert ",=HYPERLINK" not in body and ',"=HYPERLINK' not in body


# -- ajax lookup ----------------------------------------------------------------------------------

LOOKUP = "/admin/employee/ajax/lookup/?name=supervisor&query=a"


def test_lookup_works_for_hr(as_user):
    response = as_user("hr").get(LOOKUP + "&limit=50")
    assert response.status_code == 200
    assert isinstance(response.get_json(), list) and response.get_json()


@pytest.mark.parametrize("params", ["&limit=51", "&limit=100000", "&limit=-1", "&limit=0",
                                    "&offset=-5", "&limit=-1&offset=0"])
def test_lookup_limit_is_capped(params, as_user):
    assert as_user("hr").get(LOOKUP + params).status_code == 400


def test_lookup_of_unknown_field_is_404(as_user):
    assert as_user("hr").get("/admin/employee/ajax/lookup/?name=password&query=a").status_code == 404


@pytest.mark.parametrize("username,url", [
    ("auditor", LOOKUP), ("atasan", LOOKUP), ("pegawai", LOOKUP), ("pelatih", LOOKUP),
    # The employee and the supervisor create reports, but their form has no employee field:
    # the lookup must not list every employee's name and NIP to them.
    ("pegawai", "/admin/activity_report/ajax/lookup/?name=employee&query=a"),
    ("atasan", "/admin/activity_report/ajax/lookup/?name=employee&query=a"),
    ("pegawai", "/admin/user/ajax/lookup/?name=employee&query=a"),
    ("auditor", "/admin/work_unit/ajax/lookup/?name=head&query=a"),
])
def test_lookup_is_refused_to_roles_that_cannot_write_the_field(username, url, as_user):
    response = as_user(username).get(url)
    assert response.status_code == 403
    assert b"1985" not in response.data  # no NIP leaks


def test_lookup_is_allowed_for_hr_on_report_employee(as_user):
    response = as_user("hr").get("/admin/activity_report/ajax/lookup/?name=employee&query=Pegawai")
    assert response.status_code == 200
    assert len(response.get_json()) >= 3


def test_search_wildcards_are_literal(as_user, world):
    c = as_user("hr")
    from tests.admin.helpers import listed_ids

    assert listed_ids(c.get("/admin/employee/?search=%25")) == set()
    assert listed_ids(c.get("/admin/employee/?search=_")) == set()
    assert world.people["pegawai"] in listed_ids(c.get("/admin/employee/?search=Pegawai"))


@pytest.mark.parametrize("action", ["delete", "submit"])
def test_garbage_row_ids_in_bulk_actions_are_harmless(action, app, as_user, world):
    c = as_user("pegawai")
    before = snapshot(app)
    response = c.post("/admin/activity_report/action/",
                      {"action": action, "rowid": ["abc", "1 OR 1=1", "", "-1", "99999999999"]})
    assert response.status_code == 302
    shown = " ".join(alerts(c.get(response.headers["Location"])))
    for leak in LEAKS + ["invalid literal", "ValueError"]:
        assert leak not in shown, leak
    assert snapshot(app) == before


HUGE = "99999999999"  # beyond PostgreSQL's integer: must be "no such row", not a 500


@pytest.mark.parametrize("username,method,url,data", [
    ("hr", "GET", f"/admin/employee/details/?id={HUGE}", None),
    ("hr", "GET", f"/admin/employee/edit/?id={HUGE}", None),
    ("hr", "POST", f"/admin/employee/edit/?id={HUGE}", {"name": "x"}),
    ("hr", "POST", "/admin/employee/delete/", {"id": HUGE}),
    ("hr", "POST", "/admin/employee/action/", {"action": "delete", "rowid": [HUGE]}),
    ("pegawai", "POST", "/admin/activity_report/transition/submit/", {"id": HUGE}),
    ("atasan", "GET", f"/admin/activity_report/transition/return/comment/?ids={HUGE}", None),
    ("atasan", "POST", "/admin/activity_report/transition/return/comment/", {"ids": HUGE, "comment": "x"}),
    ("atasan", "POST", "/admin/activity_report/action/", {"action": "verify", "rowid": [HUGE]}),
    ("pegawai", "GET", f"/admin/activity_report/evidence/?id={HUGE}", None),
])
def test_out_of_range_ids_are_not_found(username, method, url, data, app, as_user, world):
    c = as_user(username)
    before = snapshot(app)
    response = c.post(url, data) if method == "POST" else c.get(url)
    assert response.status_code in (200, 302), response.status_code
    assert snapshot(app) == before


@pytest.mark.parametrize("page", ["-3", "99999999999999999999999", "9223372036854775807"])
def test_a_page_number_out_of_range_is_no_error(page, as_user, world):
    response = as_user("hr").get(f"/admin/activity_report/?page={page}")
    assert response.status_code == 200


def test_a_transition_comment_is_bounded(app, as_user, world):
    report = world.reports["submitted"]
    response = as_user("atasan").post("/admin/activity_report/transition/return/",
                                      {"id": report, "comment": "x" * 2001},
                                      follow_redirects=True)
    assert "Komentar terlalu panjang" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ActivityReport, report).status == "submitted"


def test_a_unique_number_out_of_range_is_a_form_error_not_a_500(app, as_user, world):
    response = as_user("hr").post("/admin/period/new/",
                                  {"year": "100000000000000000000", "periodicity": "quarterly"})
    assert response.status_code == 200 and invalid_fields(response)
