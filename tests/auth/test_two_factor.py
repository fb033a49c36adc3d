"""Two-factor: TOTP from any authenticator app (QR code drawn locally), recovery codes (kept as
keyed hashes, each usable once), optional for everyone, required for HR administrators when
TWO_FACTOR_REQUIRED_FOR_HR_ADMIN says so (on in production, off in development and tests)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from config import DevelopmentConfig, ProductionConfig, TestingConfig
from tests.auth.conftest import FORM_ACTION, attempt, events, totp_now
from tests.fixtures.core import Client

CODES = re.compile(r"<li class=\"my-2\">([0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4})</li>")


def enable(app, c: Client) -> None:
    """Turn two-factor on from the setup page, as a logged-in user does."""
    page = c.post("/tf-setup", {"setup": "authenticator"}, token_from="/tf-setup")
    body = page.get_data(as_text=True)
    assert page.status_code == 200, body[:500]
    assert 'src="data:image/svg+xml;base64,' in body  # QR code drawn here, no network
    action = FORM_ACTION.findall(body)[-1]
    with c.http.session_transaction() as session:
        secret = session["tf_totp_secret"]
    response = c.post(action.replace("&amp;", "&"), {"code": totp_now(app, secret)},
                      token_from="/tf-setup")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def secret_of(app, ident) -> str:
    with app.app_context():
        return db.session.get(User, ident).tf_totp_secret


def test_setup_is_optional_and_asks_a_code_at_the_next_login(app, as_user, world):
    c = as_user("pegawai")
    body = c.get("/tf-setup").get_data(as_text=True)
    assert "Verifikasi dua langkah" in body and "aplikasi autentikator" in body
    enable(app, c)
    [event] = events(app, "two_factor_enabled")
    assert event.username == "pegawai"
    secret = secret_of(app, world.users["pegawai"])
    assert secret and "pegawai" not in secret  # stored encrypted

    fresh = Client(app)
    response = attempt(fresh, "pegawai")
    assert response.status_code == 302 and response.headers["Location"].startswith("/tf-validate")
    assert fresh.get("/admin/").status_code == 302  # not logged in with the password alone
    wrong = fresh.http.post("/tf-validate", data={"code": "000000",
                                                  "csrf_token": fresh.token("/tf-validate")})
    assert wrong.status_code == 401
    assert "Kode tidak valid." in wrong.get_data(as_text=True)
    assert events(app, "two_factor_failed")[-1].changes_dict["account"] == "pegawai"
    code = totp_now(app, secret, step=1)  # the setup spent this period's code
    ok = fresh.http.post("/tf-validate", data={"code": code,
                                               "csrf_token": fresh.token("/tf-validate")})
    assert ok.status_code == 302
    assert fresh.get("/admin/").status_code == 200

    # The same code does not work twice (a code seen over a shoulder is spent).
    again = Client(app)
    assert attempt(again, "pegawai").status_code == 302
    replay = again.http.post("/tf-validate", data={"code": code,
                                                   "csrf_token": again.token("/tf-validate")})
    assert replay.status_code == 401


def test_recovery_codes_are_shown_once_stored_hashed_and_work_once(app, as_user, world):
    c = as_user("pegawai")
    enable(app, c)
    shown = c.post("/mf-recovery-codes", {}, token_from="/mf-recovery-codes")
    codes = CODES.findall(shown.get_data(as_text=True))
    assert len(codes) == 8
    with app.app_context():
        stored = db.session.get(User, world.users["pegawai"]).mf_recovery_codes
    assert len(stored) == 8 and not set(codes) & set(stored)
    assert not any(code in str(stored) for code in codes)
    assert not CODES.findall(c.get("/mf-recovery-codes").get_data(as_text=True))  # not again

    fresh = Client(app)
    assert attempt(fresh, "pegawai").status_code == 302
    page = fresh.get("/tf-validate").get_data(as_text=True)
    assert 'href="/mf-recovery"' in page
    used = fresh.http.post("/mf-recovery", data={"code": codes[0].upper(),
                                                 "csrf_token": fresh.token("/mf-recovery")})
    assert used.status_code == 302 and fresh.get("/admin/").status_code == 200
    assert events(app, "recovery_code_used")[-1].changes_dict["left"] == 7

    second = Client(app)
    assert attempt(second, "pegawai").status_code == 302
    reused = second.http.post("/mf-recovery", data={"code": codes[0],
                                                    "csrf_token": second.token("/mf-recovery")})
    assert reused.status_code == 401


def test_disable_and_hr_reset(app, as_user, world):
    c = as_user("pegawai")
    enable(app, c)
    assert c.post("/tf-setup", {"setup": "disable"}, token_from="/tf-setup").status_code == 302
    with app.app_context():
        user = db.session.get(User, world.users["pegawai"])
        assert user.tf_primary_method is None and user.mf_recovery_codes is None
    assert events(app, "two_factor_disabled")
    assert attempt(Client(app), "pegawai").headers["Location"].endswith("/admin/")

    enable(app, c)
    hr = as_user("hr")
    response = hr.post("/admin/user/action/", {"action": "reset_two_factor",
                                               "rowid": [world.users["pegawai"]]},
                       token_from="/admin/user/")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, world.users["pegawai"]).tf_primary_method is None
    [event] = events(app, "two_factor_reset")
    assert event.username == "hr"
    assert attempt(Client(app), "pegawai").headers["Location"].endswith("/admin/")


def test_required_for_hr_admins_when_the_setting_says_so(app, world, monkeypatch):
    assert ProductionConfig.TWO_FACTOR_REQUIRED_FOR_HR_ADMIN is True
    assert not DevelopmentConfig.TWO_FACTOR_REQUIRED_FOR_HR_ADMIN
    assert not TestingConfig.TWO_FACTOR_REQUIRED_FOR_HR_ADMIN
    # Off (make run, tests): the password alone.
    assert attempt(Client(app), "hr").headers["Location"].endswith("/admin/")

    monkeypatch.setitem(app.config, "TWO_FACTOR_REQUIRED_FOR_HR_ADMIN", True)
    c = Client(app)
    response = attempt(c, "hr")
    assert response.headers["Location"].startswith("/tf-setup")
    assert c.get("/admin/").status_code == 302
    page = c.post("/tf-setup", {"setup": "authenticator"}, token_from="/tf-setup")
    body = page.get_data(as_text=True)
    assert 'value="disable"' not in body
    with c.http.session_transaction() as session:
        secret = session["tf_totp_secret"]
    done = c.http.post("/tf-validate", data={"code": totp_now(app, secret),
                                             "csrf_token": c.token("/tf-setup")})
    assert done.status_code == 302 and c.get("/admin/").status_code == 200
    enabled = events(app, "two_factor_enabled")[-1]
    assert enabled.entity_id == str(world.users["hr"])
    assert enabled.changes_dict["username"] == "hr"
    # Required: it cannot be turned off...
    off = c.post("/tf-setup", {"setup": "disable"}, token_from="/tf-setup")
    assert off.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User.tf_primary_method).where(User.username == "hr"))
    # ...and other users are not asked.
    assert attempt(Client(app), "pegawai").headers["Location"].endswith("/admin/")


def test_hr_admin_session_without_two_factor_is_sent_to_the_setup(app, as_user, monkeypatch):
    c = as_user("hr")  # logged in while the setting was off
    monkeypatch.setitem(app.config, "TWO_FACTOR_REQUIRED_FOR_HR_ADMIN", True)
    response = c.get("/admin/employee/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/tf-setup")
    enable(app, c)  # the setup pages stay open while it is pending
    assert c.get("/admin/employee/").status_code == 200


@pytest.mark.parametrize("url", ["/tf-validate", "/mf-recovery", "/tf-setup", "/tf-rescue"])
def test_second_factor_pages_need_a_first_factor(url, client):
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"] \
        or response.headers["Location"].endswith("/mf-recovery")


def test_two_factor_changes_need_a_recent_password(app, as_user, monkeypatch):
    from datetime import timedelta

    c = as_user("pegawai")
    monkeypatch.setitem(app.config, "SECURITY_FRESHNESS", timedelta(microseconds=1))
    monkeypatch.setitem(app.config, "SECURITY_FRESHNESS_GRACE_PERIOD", timedelta(0))
    response = c.get("/mf-recovery-codes")
    assert response.status_code == 302 and response.headers["Location"].startswith("/verify")
    page = c.get(response.headers["Location"]).get_data(as_text=True)
    assert "Konfirmasi kata sandi Anda" in page
    wrong = c.post("/verify", {"password": "salah-sekali-123"}, token_from="/verify")
    assert wrong.status_code == 200 and "Kata sandi salah." in wrong.get_data(as_text=True)
    monkeypatch.setitem(app.config, "SECURITY_FRESHNESS", timedelta(minutes=15))
    assert c.post("/verify", {"password": "rahasia-uji-123"},
                  token_from="/verify").status_code == 302
    assert c.get("/mf-recovery-codes").status_code == 200
