"""Security headers, cookie flags, the production secret-key check and error pages that never
show a traceback or database text."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from app import create_app
from tests.admin.helpers import translated

LEAKS = ["Traceback", "sqlalchemy", "SQLAlchemy", "IntegrityError", "OperationalError",
         "psycopg", "sqlite3", "RuntimeError", "SELECT ", "rahasia_internal", 'File "/']


def assert_security_headers(response, url):
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    assert csp, url
    assert "http:" not in csp and "https:" not in csp and "*" not in csp, (url, csp)
    for directive in ["default-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                      "base-uri 'self'"]:
        assert directive in csp, (url, directive)
    assert h.get("X-Content-Type-Options") == "nosniff", url
    assert h.get("Referrer-Policy") in {"same-origin", "no-referrer", "strict-origin",
                                        "strict-origin-when-cross-origin"}, url


PUBLIC = ["/", "/login", "/healthz", "/tidak-ada", "/static/css/kinerja.css"]
BACK_OFFICE = ["/admin/", "/admin/employee/", "/admin/activity_report/",
               "/admin/activity_report/new/", "/admin/employee/export/csv/", "/admin/audit/",
               "/admin/employee/details/?id=1", "/admin/tidak-ada/"]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_carry_security_headers(url, client):
    response = client.get(url)
    response.get_data()
    assert_security_headers(response, url)


@pytest.mark.parametrize("url", BACK_OFFICE)
def test_back_office_carries_security_headers_and_no_store(url, as_user):
    response = as_user("hr").get(url)
    response.get_data()
    assert_security_headers(response, url)
    assert "no-store" in response.headers.get("Cache-Control", ""), url


def test_login_page_and_back_office_redirects_are_not_cached(client):
    for url in ["/login", "/admin/", "/admin/employee/"]:
        response = client.get(url)
        assert "no-store" in response.headers.get("Cache-Control", ""), url


def test_session_and_remember_cookies_are_http_only(app, client, world):
    from tests.fixtures.world import PASSWORD

    response = client.http.post("/login", data={
        "username": "pegawai", "password": PASSWORD, "remember": "y",
        "csrf_token": client.token("/login")})
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    by_name = {c.split("=", 1)[0]: c for c in cookies}
    assert "session" in by_name and "remember_token" in by_name, cookies
    for name in ["session", "remember_token"]:
        assert "HttpOnly" in by_name[name], by_name[name]
    assert "SameSite=Lax" in by_name["session"]


def test_production_refuses_a_weak_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("KINERJA_SECRET_KEY", raising=False)
    for weak in ["dev", "changeme", "dev-only-not-secret", "", "pendek-sekali"]:
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            create_app("production", SECRET_KEY=weak, UPLOAD_DIR=str(tmp_path))


def test_production_refuses_the_default_key(tmp_path, monkeypatch):
    monkeypatch.delenv("KINERJA_SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", UPLOAD_DIR=str(tmp_path))


def test_production_accepts_a_strong_key_and_secures_cookies(tmp_path, monkeypatch):
    monkeypatch.setenv("KINERJA_SECRET_KEY", "x9" * 32)
    app = create_app("production", UPLOAD_DIR=str(tmp_path), SQLALCHEMY_DATABASE_URI="sqlite://",
                     RATELIMIT_STORAGE_URI="memory://", AUDIT_KEY="a7" * 32)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert not app.debug and not app.testing


# -- error pages -----------------------------------------------------------------------------------

def boom(message="rahasia_internal SELECT password_hash FROM user"):
    def view(*args, **kwargs):
        raise RuntimeError(message)
    return view


def assert_friendly(response, app, code=500):
    assert response.status_code == code
    body = response.get_data(as_text=True)
    for leak in LEAKS:
        assert leak not in body, leak
    return body


def test_unexpected_error_on_a_public_page_is_friendly(app, client, monkeypatch):
    monkeypatch.setitem(app.view_functions, "public.index", boom())
    body = assert_friendly(client.get("/"), app)
    assert "jumbotron" in body
    assert any(m in body for m in translated(
        app, "Something went wrong on our side. Nothing was changed."))


def test_database_error_is_friendly(app, client, monkeypatch):
    def db_error():
        raise OperationalError("SELECT rahasia_internal FROM user", {}, Exception("sqlite3 locked"))
    monkeypatch.setitem(app.view_functions, "public.index", db_error)
    assert_friendly(client.get("/"), app)


def test_unexpected_error_in_the_back_office_is_friendly(app, as_user, monkeypatch):
    c = as_user("hr")
    view = next(v for v in app.extensions["kinerja_admin"]._views if v.endpoint == "employee")

    def broken_list(*args, **kwargs):
        raise IntegrityError("INSERT INTO employee rahasia_internal", {}, Exception("UNIQUE"))
    monkeypatch.setattr(view, "get_list", broken_list)
    assert "jumbotron" in assert_friendly(c.get("/admin/employee/"), app)
    # The session is usable afterwards (the failed transaction was rolled back).
    monkeypatch.undo()
    assert c.get("/admin/employee/").status_code == 200


def test_json_clients_get_a_json_error_without_details(app, client, monkeypatch):
    monkeypatch.setitem(app.view_functions, "public.index", boom())
    response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response.is_json
    assert set(response.get_json()) == {"error"}
    assert_friendly(response, app)


@pytest.mark.parametrize("url,code", [("/tidak-ada", 404), ("/admin/employee/export/csv/", 302)])
def test_not_found_and_other_codes_use_the_error_page(url, code, client):
    response = client.get(url)
    assert response.status_code == code
    if code == 404:
        assert "jumbotron" in response.get_data(as_text=True)


def test_method_not_allowed_is_friendly(app, client):
    response = client.get("/logout")
    body = assert_friendly(response, app, 405)
    assert "jumbotron" in body


def test_too_large_upload_is_friendly(app, as_user, monkeypatch):
    import io

    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    c = as_user("hr")
    response = c.post("/admin/import/", {"kind": "units",
                                         "file": (io.BytesIO(b"x" * 4096), "besar.csv")},
                      content_type="multipart/form-data")
    assert response.status_code == 413
    assert_friendly(response, app, 413)
