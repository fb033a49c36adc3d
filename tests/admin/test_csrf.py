"""CSRF: every state-changing POST without a valid token is refused (400) and changes nothing.
And no state changes on GET."""
from __future__ import annotations

import io
from datetime import date

import pytest

from app.audit.models import AuditEvent
from app.extensions import db
from tests.admin.helpers import is_login_redirect, snapshot
from tests.fixtures.world import PASSWORD


def report_data():
    return {"date": date.today().isoformat(), "description": "Tanpa token",
            "duration_minutes": "30", "target": "__None"}


def employee_data():
    return {"nip": "199001152015022001", "name": "Tanpa Token", "employment_type": "pns",
            "grade": "III/a", "active": "y"}


def requests_for(world):
    """(user, url, form data, is multipart) for every state-changing POST of the back office."""
    r, p = world.reports, world.people
    return [
        ("pegawai", "/admin/activity_report/new/", report_data()),
        ("pegawai", f"/admin/activity_report/edit/?id={r['draft']}", report_data()),
        ("pegawai", "/admin/activity_report/delete/", {"id": r["draft"]}),
        ("pegawai", "/admin/activity_report/action/", {"action": "submit", "rowid": [r["draft"]]}),
        ("pegawai", "/admin/activity_report/action/", {"action": "delete", "rowid": [r["draft"]]}),
        ("pegawai", "/admin/activity_report/transition/submit/", {"id": r["draft"]}),
        ("atasan", "/admin/activity_report/transition/verify/", {"id": r["submitted"]}),
        ("atasan", "/admin/activity_report/action/", {"action": "verify", "rowid": [r["submitted"]]}),
        ("atasan", "/admin/activity_report/transition/return/comment/", {"ids": str(r["submitted"]), "comment": "x"}),
        ("atasan", "/admin/activity_report/ajax/update/",
         {"list_form_pk": r["draft"], "description": "x"}),
        ("hr", "/admin/employee/new/", employee_data()),
        ("hr", f"/admin/employee/edit/?id={p['pegawai']}", employee_data()),
        ("hr", "/admin/employee/delete/", {"id": p["lain"]}),
        ("hr", "/admin/employee/action/", {"action": "delete", "rowid": [p["lain"]]}),
        ("hr", "/admin/employee/ajax/update/", {"list_form_pk": p["lain"], "name": "x"}),
        ("hr", "/admin/user/delete/", {"id": world.users["lain"]}),
        ("hr", f"/admin/user/edit/?id={world.users['lain']}",
         {"username": "lain", "new_password": "kata-sandi-baru-123", "active": "y"}),
        ("hr", "/admin/work_unit/delete/", {"id": world.units["top"]}),
        ("hr", "/admin/import/", {"kind": "units",
                                  "file": (io.BytesIO(b"code,name,kind\nBARU,Unit Baru,dinas\n"),
                                           "units.csv")}),
    ]


@pytest.mark.parametrize("token", [None, "", "bukan-token-yang-sah"], ids=["missing", "empty", "forged"])
def test_back_office_posts_without_valid_token_are_refused(token, app, as_user, world):
    clients = {name: as_user(name) for name in ["pegawai", "atasan", "hr"]}
    before = snapshot(app)
    failures = []
    for user, url, data in requests_for(world):
        data = {k: (v if not isinstance(v, tuple) else (io.BytesIO(v[0].getvalue()), v[1]))
                for k, v in data.items()}
        if token is not None:
            data["csrf_token"] = token
        response = clients[user].http.post(url, data=data, content_type="multipart/form-data"
                                           if "file" in data else None)
        if response.status_code != 400:
            failures.append(f"{user} POST {url}: {response.status_code}")
    assert not failures, failures
    assert snapshot(app) == before


def test_token_of_another_session_is_refused(app, as_user, world):
    pegawai, other = as_user("pegawai"), as_user("pegawai2")
    stolen = other.token("/admin/")
    before = snapshot(app)
    response = pegawai.http.post("/admin/activity_report/delete/",
                                 data={"id": world.reports["draft"], "csrf_token": stolen})
    assert response.status_code == 400
    assert snapshot(app) == before


def test_same_requests_with_token_do_work(app, as_user, world):
    """Control: the token really is what made the difference above."""
    c = as_user("pegawai")
    response = c.post("/admin/activity_report/transition/submit/", {"id": world.reports["draft"]})
    assert response.status_code == 302
    with app.app_context():
        from app.performance.models import ActivityReport

        assert db.session.get(ActivityReport, world.reports["draft"]).status == "submitted"


def test_csrf_refusal_is_the_friendly_error_page(as_user, world):
    c = as_user("pegawai")
    response = c.http.post("/admin/activity_report/delete/", data={"id": world.reports["draft"]})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "jumbotron" in body and "Traceback" not in body and "CSRF" not in body


def test_login_without_token_is_refused(app, client, world):
    response = client.http.post("/login", data={"username": "pegawai", "password": PASSWORD})
    assert response.status_code == 400
    assert is_login_redirect(client.get("/admin/"))
    with app.app_context():
        assert db.session.query(AuditEvent).filter_by(action="login").count() == 0


def test_logout_without_token_is_refused(as_user):
    c = as_user("pegawai")
    assert c.http.post("/logout").status_code == 400
    assert c.get("/admin/").status_code == 200  # still logged in
    assert c.post("/logout").status_code == 302  # with the token it works
    assert is_login_redirect(c.get("/admin/"))


def test_language_switch_without_token_is_refused(app, as_user, world):
    c = as_user("pegawai")
    before = snapshot(app)
    response = c.http.post("/lang", data={"lang": "en", "next": "/admin/"})
    assert response.status_code == 400
    with c.http.session_transaction() as session:
        assert session.get("lang") != "en"
    assert snapshot(app) == before
    # Control: with the token the language and the user's preference change.
    assert c.post("/lang", {"lang": "en", "next": "/admin/"}).status_code == 302
    with c.http.session_transaction() as session:
        assert session.get("lang") == "en"


def test_anonymous_language_switch_needs_token(client):
    assert client.http.post("/lang", data={"lang": "en"}).status_code == 400
    assert client.post("/lang", {"lang": "en"}, token_from="/login").status_code == 302
    assert client.post("/lang", {"lang": "xx"}, token_from="/login").status_code == 400


# -- no state change on GET -----------------------------------------------------------------------

def test_logout_by_get_is_not_allowed(as_user):
    c = as_user("pegawai")
    assert c.get("/logout").status_code == 405
    assert c.get("/admin/").status_code == 200


@pytest.mark.parametrize("method_url", [
    "/admin/activity_report/action/?action=delete&rowid={draft}",
    "/admin/activity_report/action/?action=submit&rowid={draft}",
    "/admin/activity_report/delete/?id={draft}",
    "/admin/activity_report/transition/submit/?id={draft}",
    "/admin/activity_report/transition/verify/?id={submitted}",
    "/admin/activity_report/ajax/update/?list_form_pk={draft}&description=x",
    "/lang?lang=en",
    "/logout",
])
def test_state_changing_endpoints_refuse_get(method_url, app, as_user, world):
    c = as_user("atasan") if "verify" in method_url else as_user("pegawai")
    url = method_url.format(**world.reports)
    before = snapshot(app)
    assert c.get(url).status_code == 405
    assert snapshot(app) == before


def test_return_page_get_only_shows_the_form(app, as_user, world):
    c = as_user("atasan")
    rid = world.reports["submitted"]
    before = snapshot(app)
    response = c.get(f"/admin/activity_report/transition/return/comment/?ids={rid}&comment=Lewat+GET")
    assert response.status_code == 200
    assert 'name="comment"' in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_edit_and_create_pages_by_get_change_nothing(app, as_user, world):
    c = as_user("hr")
    before = snapshot(app)
    c.get(f"/admin/employee/edit/?id={world.people['pegawai']}&name=Diubah")
    c.get("/admin/employee/new/?nip=199001152015022001&name=Baru")
    c.get("/admin/import/?kind=units")
    assert snapshot(app) == before
