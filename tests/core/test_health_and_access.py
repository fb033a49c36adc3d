"""Anonymous users reach only the login page, /healthz, the public home and static files."""
import pytest


def test_healthz_reports_app_and_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "app": "ok", "database": "ok",
                                   "limits": "memory", "disk": "ok"}


@pytest.mark.parametrize("url", ["/admin/", "/admin/employee/", "/admin/activity_report/",
                                 "/admin/audit/", "/admin/user/", "/admin/data-problems/",
                                 "/admin/employee/export/csv/"])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_page_and_static_are_public(client):
    assert client.get("/login").status_code == 200
    assert client.get("/static/css/kinerja.css").status_code == 200
    assert client.get("/admin/static/bootstrap/bootstrap4/css/bootstrap.min.css").status_code == 200


def test_each_demo_role_reaches_home(as_user):
    for name in ["hr", "atasan", "pegawai", "auditor", "pelatih", "koordinator"]:
        assert as_user(name).get("/admin/").status_code == 200
