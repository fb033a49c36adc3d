"""Passwords on Flask-Security: hashes made before the move still verify, users change their own
password after re-entering the current one, one policy (length, common passwords, username, NIP)
for users and for HR, and a password HR chose is changed at the next login."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from flask_babel import force_locale
from sqlalchemy import select

from app.auth.models import User
from app.auth.passwords import common_passwords, password_problems
from app.demo.data import DEMO_PASSWORD
from app.extensions import db
from tests.admin.helpers import alerts, invalid_fields, is_login_redirect
from tests.auth.conftest import attempt, events
from tests.fixtures.core import Client
from tests.fixtures.world import PASSWORD

NEW = "pohon-sagu-di-teluk-doreri"


def test_flask_security_runs_the_login(app):
    security = app.extensions["security"]
    assert app.view_functions["auth.login"].__module__ == "app.auth.throttle"
    assert app.extensions["kinerja_guarded_views"]["auth.login"].__module__ == "flask_security.views"
    with app.app_context():
        assert security.datastore.user_model is User


def test_hashes_made_before_the_move_still_verify(app, world):
    """The demo and existing databases hold argon2-cffi hashes of the bare password (production
    parameters): they log in as before, and are not silently rehashed."""
    legacy = PasswordHasher().hash("sandi-lama-dari-sebelum")  # the old code's hasher
    assert legacy.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    with app.app_context():
        db.session.get(User, world.users["pegawai"]).password = legacy
        db.session.commit()
    assert attempt(Client(app), "pegawai", "sandi-lama-dari-sebelum").status_code == 302
    assert attempt(Client(app), "pegawai", "sandi-lama-dari-sebelumX").status_code == 401
    with app.app_context():
        stored = db.session.get(User, world.users["pegawai"]).password
    assert stored.startswith("$argon2id$")


def test_production_hash_parameters_are_argon2_cffis_defaults(app):
    from config import Config, TestingConfig

    defaults = PasswordHasher()
    assert Config.SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS == {
        "argon2__rounds": defaults.time_cost, "argon2__memory_cost": defaults.memory_cost,
        "argon2__parallelism": defaults.parallelism}
    assert TestingConfig.SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS["argon2__memory_cost"] < 8192
    with app.app_context():
        user = User(username="x")
        user.set_password("sebuah-kata-sandi-baru")
        assert user.password.startswith("$argon2id$") and user.check_password(
            "sebuah-kata-sandi-baru")


@pytest.mark.parametrize("password,problem", [
    ("pendek-sekali", None),
    ("a" * 11, "The password must have %(min)d to %(max)d characters."),
    ("a" * 129, "The password must have %(min)d to %(max)d characters."),
    ("123qweasdzxc", "This password is one of the most common passwords. Choose another."),
    ("QWERTY123456", "This password is one of the most common passwords. Choose another."),
    ("aku-pegawai-teladan", "The password must not contain the username."),
    ("AKU-PEGAWAI-teladan", "The password must not contain the username."),
    ("nip-{nip}-saya", "The password must not contain the NIP."),
    ("ß🙂 ünïcödé ÿ spasi", None),
])
def test_password_policy(password, problem, app, world):
    with app.test_request_context(), force_locale("en"):
        nip = db.session.get(User, world.users["pegawai"]).employee.nip
        problems = password_problems(password.format(nip=nip), "pegawai", nip)
        if problem is None:
            assert problems == []
        else:
            assert problems == [problem % {"min": 12, "max": 128}]


def test_common_password_list_is_shipped_whole():
    common = common_passwords()
    assert len(common) == 10_000
    assert {"123456", "password", "qwerty", "1qaz2wsx3edc"} <= common


def _change(c: Client, current, new, repeat=None):
    return c.post("/change", {"password": current, "new_password": new,
                              "new_password_confirm": new if repeat is None else repeat},
                  token_from="/change")


def test_user_changes_own_password_after_reentering_the_current_one(app, as_user, world):
    c = as_user("pegawai")
    menu = c.get("/admin/").get_data(as_text=True)
    assert 'href="/change"' in menu  # in the header's account menu
    page = c.get("/change")
    assert page.status_code == 200 and 'name="new_password_confirm"' in page.get_data(as_text=True)
    other_device = as_user("pegawai")
    with app.app_context():
        before = db.session.get(User, world.users["pegawai"]).password
    # Wrong current password, a common one, the username, a mismatch: nothing changes.
    for current, new, repeat in [("salah-sekali-123", NEW, None), (PASSWORD, "123qweasdzxc", None),
                                 (PASSWORD, "pegawai-rajin-sekali", None),
                                 (PASSWORD, "pendek", None), (PASSWORD, NEW, NEW + "x")]:
        response = _change(c, current, new, repeat)
        assert response.status_code == 200, (current, new)
        assert invalid_fields(response), (current, new)
    with app.app_context():
        assert db.session.get(User, world.users["pegawai"]).password == before
    response = _change(c, PASSWORD, NEW)
    assert response.status_code == 302
    assert c.get("/admin/").status_code == 200  # still logged in here...
    assert is_login_redirect(other_device.get("/admin/"))  # ...and nowhere else
    assert attempt(Client(app), "pegawai", PASSWORD, ip="10.0.0.7").status_code == 401
    assert attempt(Client(app), "pegawai", NEW, ip="10.0.0.7").status_code == 302
    [event] = events(app, "password_changed")
    assert event.username == "pegawai" and event.entity_id == str(world.users["pegawai"])


def test_change_password_needs_a_login(client):
    assert is_login_redirect(client.get("/change"))


def _hr_sets_password(app, hr, world, username, password):
    with app.app_context():
        user = db.session.get(User, world.users[username])
        form = {"username": user.username, "employee": str(user.employee_id or ""),
                "roles": [str(r.id) for r in user.roles], "active": "y",
                "new_password": password}
    return hr.post(f"/admin/user/edit/?id={world.users[username]}", form)


def test_hr_set_password_follows_the_policy_and_must_be_changed(app, as_user, world):
    hr = as_user("hr")
    with app.app_context():
        nip = db.session.get(User, world.users["pegawai"]).employee.nip
    for bad in ["qwerty123456", f"pegawai-{nip}", "sebelas-kar"]:
        response = _hr_sets_password(app, hr, world, "pegawai", bad)
        assert response.status_code == 200, bad
        assert "new_password" in invalid_fields(response), bad
    assert _hr_sets_password(app, hr, world, "pegawai", NEW).status_code == 302
    [event] = events(app, "password_set")
    assert event.username == "hr" and event.entity_id == str(world.users["pegawai"])

    c = Client(app)
    assert attempt(c, "pegawai", NEW).status_code == 302
    # Every page leads to the password change until it is done.
    for url in ["/admin/", "/admin/activity_report/", "/admin/user/"]:
        response = c.get(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/change")
    assert c.get("/change").status_code == 200
    assert _change(c, NEW, NEW).status_code == 200  # the same password again is refused
    assert _change(c, NEW, "kopi-arabika-pegunungan-arfak").status_code == 302
    assert c.get("/admin/").status_code == 200
    with app.app_context():
        assert db.session.get(User, world.users["pegawai"]).password_change_required is False


def test_new_account_created_by_hr_changes_its_password_first(app, as_user, world):
    hr = as_user("hr")
    response = hr.post("/admin/user/new/", {"username": "baru", "roles": [], "active": "y",
                                            "new_password": NEW})
    assert response.status_code == 302
    c = Client(app)
    assert attempt(c, "baru", NEW).status_code == 302
    assert c.get("/admin/").headers["Location"].endswith("/change")


def test_demo_accounts_keep_the_readme_password(app):
    """`flask demo` accounts are exempt from the first-login change, and `kinerja-demo` (12
    characters) passes the policy for every one of them."""
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.test_request_context():
        users = db.session.scalars(select(User)).all()
        assert len(users) == 7
        for user in users:
            assert not user.password_change_required, user.username
            nip = user.employee.nip if user.employee else None
            assert password_problems(DEMO_PASSWORD, user.username, nip) == [], user.username
    for user in users:
        c = Client(app)
        response = c.login(user.username, DEMO_PASSWORD)
        assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
        assert c.get("/admin/").status_code == 200, user.username


def test_password_pages_are_indonesian(app, as_user):
    c = as_user("pegawai")
    body = c.get("/change").get_data(as_text=True)
    assert "Ganti kata sandi" in body and "Kata sandi saat ini" in body
    response = _change(c, "salah-sekali-123", NEW)
    assert "Kata sandi salah." in response.get_data(as_text=True)
    assert not alerts(response) or all("Invalid" not in a for a in alerts(response))
