"""Login: one message for every failure, throttling per IP and account, a fresh session at login,
sessions ended by a password change or deactivation."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.extensions import db
from tests.admin.helpers import alerts, is_login_redirect
from tests.fixtures.core import Client
from tests.fixtures.world import PASSWORD

WRONG = "salah-sekali-123"


def message_variants(app, msgid) -> set[str]:
    """The English text and its Indonesian translation (if the catalogue is compiled)."""
    with app.test_request_context():
        with force_locale("id"):
            return {msgid, gettext(msgid)}


def attempt(c: Client, username, password, ip="127.0.0.1", **extra):
    """One login POST from `ip` (the test client's own address unless told otherwise: session
    protection is "strong", so a client must keep its address to stay logged in)."""
    data = {"username": username, "password": password, "csrf_token": c.token("/login")}
    data.update(extra)
    return c.http.post("/login", data=data, environ_base={"REMOTE_ADDR": ip})


def fresh(app) -> Client:
    return Client(app)


def test_unknown_user_wrong_password_and_inactive_look_the_same(app, world):
    with app.app_context():
        db.session.get(User, world.users["pegawai2"]).active = False
        db.session.commit()
    responses = {
        "unknown": attempt(fresh(app), "tidak-ada", PASSWORD),
        "wrong password": attempt(fresh(app), "pegawai", WRONG),
        "inactive": attempt(fresh(app), "pegawai2", PASSWORD),
    }
    statuses = {k: r.status_code for k, r in responses.items()}
    messages = {k: tuple(alerts(r)) for k, r in responses.items()}
    assert set(statuses.values()) == {401}, statuses
    assert len(set(messages.values())) == 1, messages
    [shown] = next(iter(messages.values()))
    assert shown in message_variants(app, "Wrong username or password.")


def test_inactive_user_cannot_log_in_and_loses_open_session(app, as_user, world):
    c = as_user("pegawai")
    with app.app_context():
        db.session.get(User, world.users["pegawai"]).active = False
        db.session.commit()
    assert is_login_redirect(c.get("/admin/"))
    assert attempt(fresh(app), "pegawai", PASSWORD).status_code == 401


def test_login_works_case_insensitively_and_records_it(app, world):
    c = fresh(app)
    response = attempt(c, "  PeGaWai ", PASSWORD)
    assert response.status_code == 302
    assert c.get("/admin/").status_code == 200
    with app.app_context():
        user = db.session.get(User, world.users["pegawai"])
        # Flask-Security: `current_login_*` is the latest login (`last_login_*` the one before).
        assert user.login_count == 1 and user.current_login_ip == "127.0.0.1"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login"))
        assert event.username == "pegawai" and event.entity_id == str(user.id)


def test_sixth_attempt_on_one_account_from_one_ip_is_throttled(app, world):
    c = fresh(app)
    for _ in range(5):
        assert attempt(c, "pegawai", WRONG).status_code == 401
    blocked = attempt(c, "pegawai", PASSWORD)
    assert blocked.status_code == 429
    body = blocked.get_data(as_text=True)
    assert any(m in body for m in message_variants(
        app, "Too many attempts. Please wait a few minutes and try again."))
    assert "Traceback" not in body
    assert is_login_redirect(c.get("/admin/"))  # the right password did not get through
    # Another account from the same office IP still logs in.
    assert attempt(fresh(app), "pegawai2", PASSWORD).status_code == 302
    # The same account from another IP is limited only by the looser account-wide limit.
    assert attempt(fresh(app), "pegawai", PASSWORD, ip="10.0.0.2").status_code == 302


def test_throttle_key_ignores_username_case_and_spaces(app, world):
    c = fresh(app)
    for name in ["pegawai", "PEGAWAI", " Pegawai", "pegawai ", "PeGawai"]:
        assert attempt(c, name, WRONG).status_code == 401
    assert attempt(c, "pegawai", PASSWORD).status_code == 429


def test_successful_logins_do_not_count(app, world):
    for _ in range(3):
        assert attempt(fresh(app), "pegawai", WRONG).status_code == 401
    for _ in range(4):
        c = fresh(app)
        assert attempt(c, "pegawai", PASSWORD).status_code == 302
        c.post("/logout")
    # Seven attempts so far, but only three failures: two more failures are still answered.
    assert attempt(fresh(app), "pegawai", WRONG).status_code == 401
    assert attempt(fresh(app), "pegawai", WRONG).status_code == 401
    assert attempt(fresh(app), "pegawai", PASSWORD).status_code == 429


def test_account_wide_limit_slows_distributed_guessing(app, world):
    limit = int(app.config["LOGIN_LIMIT_PER_ACCOUNT_GLOBAL"].split()[0])
    per_ip = int(app.config["LOGIN_LIMIT_PER_ACCOUNT"].split()[0])
    ips = [f"10.1.0.{n}" for n in range(limit // per_ip + 1)]
    made = 0
    for ip in ips:
        for _ in range(per_ip):
            if made == limit:
                break
            assert attempt(fresh(app), "pegawai", WRONG, ip=ip).status_code == 401
            made += 1
    assert attempt(fresh(app), "pegawai", PASSWORD, ip="10.9.9.9").status_code == 429


def test_session_is_renewed_at_login(app, world):
    c = fresh(app)
    c.get("/login")
    with c.http.session_transaction() as session:
        session["planted"] = "dari penyerang"
    before = c.http.get_cookie("session").value
    assert attempt(c, "pegawai", PASSWORD).status_code == 302
    after = c.http.get_cookie("session").value
    assert after != before
    with c.http.session_transaction() as session:
        assert "planted" not in session
        assert "_user_id" in session
    # Someone holding the pre-login cookie is not logged in.
    attacker = fresh(app)
    attacker.http.set_cookie("session", before)
    assert is_login_redirect(attacker.get("/admin/"))


def test_chosen_language_survives_login(app, world):
    c = fresh(app)
    assert c.post("/lang", {"lang": "en"}, token_from="/login").status_code == 302
    attempt(c, "pegawai", PASSWORD)
    with c.http.session_transaction() as session:
        assert session.get("lang") == "en"


def test_logout_ends_the_session(app, as_user):
    c = as_user("pegawai")
    assert c.post("/logout").status_code == 302
    assert is_login_redirect(c.get("/admin/"))
    with c.http.session_transaction() as session:
        assert "_user_id" not in session


def _user_form(app, world, username, **changes):
    with app.app_context():
        user = db.session.get(User, world.users[username])
        data = {"username": user.username, "employee": str(user.employee_id or ""),
                "roles": [str(r.id) for r in user.roles], "active": "y", "new_password": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_password_change_by_hr_logs_the_user_out(app, as_user, world):
    victim = as_user("pegawai")
    remembered = fresh(app)
    assert attempt(remembered, "pegawai", PASSWORD, remember="y").status_code == 302
    remember_cookie = remembered.http.get_cookie("remember_token")
    assert remember_cookie is not None
    control = fresh(app)  # the remember cookie alone logs in, before the change
    control.http.set_cookie("remember_token", remember_cookie.value)
    assert control.get("/admin/").status_code == 200
    with app.app_context():
        token_before = db.session.get(User, world.users["pegawai"]).fs_uniquifier
    hr = as_user("hr")
    response = hr.post(f"/admin/user/edit/?id={world.users['pegawai']}",
                       _user_form(app, world, "pegawai", new_password="kata-sandi-baru-2024"))
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    with app.app_context():
        user = db.session.get(User, world.users["pegawai"])
        assert user.fs_uniquifier != token_before
        assert user.check_password("kata-sandi-baru-2024")
        # The password hash and the session token (uniquifier) never reach the audit trail.
        for event in db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "user")):
            assert "password" not in event.changes_dict and "fs_uniquifier" not in event.changes
            assert "argon2" not in event.changes and user.fs_uniquifier not in event.changes
    assert is_login_redirect(victim.get("/admin/"))
    # A "remember me" cookie from before the change no longer logs in either.
    cookie_only = fresh(app)
    cookie_only.http.set_cookie("remember_token", remember_cookie.value)
    assert is_login_redirect(cookie_only.get("/admin/"))
    assert attempt(fresh(app), "pegawai", PASSWORD, ip="10.0.0.4").status_code == 401
    assert attempt(fresh(app), "pegawai", "kata-sandi-baru-2024", ip="10.0.0.4").status_code == 302


def test_deactivation_by_hr_logs_the_user_out(app, as_user, world):
    victim = as_user("pegawai")
    hr = as_user("hr")
    response = hr.post(f"/admin/user/edit/?id={world.users['pegawai']}",
                       _user_form(app, world, "pegawai", active=None))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, world.users["pegawai"]).active is False
    assert is_login_redirect(victim.get("/admin/"))


def test_editing_a_user_without_password_keeps_sessions(app, as_user, world):
    victim = as_user("pegawai")
    hr = as_user("hr")
    with app.app_context():
        auditor_role = db.session.scalar(select(Role.id).where(Role.name == "auditor"))
    form = _user_form(app, world, "pegawai")
    form["roles"] = form["roles"] + [str(auditor_role)]
    assert hr.post(f"/admin/user/edit/?id={world.users['pegawai']}", form).status_code == 302
    assert victim.get("/admin/").status_code == 200
    assert victim.get("/admin/audit/").status_code == 200  # the new role applies at once


def test_new_user_needs_a_long_password(app, as_user, world):
    hr = as_user("hr")
    base = {"username": "baru", "roles": [], "active": "y"}
    for password in ["", "pendek"]:
        response = hr.post("/admin/user/new/", dict(base, new_password=password))
        assert response.status_code == 200
        with app.app_context():
            assert db.session.scalar(select(User).where(User.username == "baru")) is None
    assert hr.post("/admin/user/new/", dict(base, new_password="cukup-panjang-123")).status_code == 302
    assert attempt(fresh(app), "baru", "cukup-panjang-123").status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/",
                                    "/\\evil.example/", "/%09/evil.example", "javascript:alert(1)"])
def test_next_parameter_cannot_leave_the_site(target, app, world):
    c = fresh(app)
    response = c.http.post("/login", query_string={"next": target},
                           data={"username": "pegawai", "password": PASSWORD,
                                 "csrf_token": c.token("/login")})
    assert response.status_code == 302
    location = response.headers["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    # Browsers read a backslash as a slash: "/\\host" would be another site.
    assert location.startswith("/") and not location.replace("\\", "/").startswith("//")


def test_a_copied_session_cookie_stops_working_at_logout(app, as_user):
    c = as_user("pegawai")
    with c.http.session_transaction() as session:
        stolen = dict(session)
    assert c.post("/logout").status_code == 302
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(stolen)
    assert is_login_redirect(thief.get("/admin/"))
