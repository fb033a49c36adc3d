"""Sessions end after SESSION_IDLE_TIMEOUT without a request and SESSION_ABSOLUTE_LIFETIME after
the password, on the server (a copied cookie stops too); "remember me" survives idle time and
closing the browser, never the absolute lifetime. The clock is the tests' (no waiting)."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from app.auth.models import User
from app.extensions import db
from config import Config
from tests.admin.helpers import alerts, is_login_redirect
from tests.auth.conftest import attempt
from tests.fixtures.core import Client

MINUTE = 60


def test_defaults():
    assert Config.SESSION_IDLE_TIMEOUT == 30 * MINUTE
    assert Config.SESSION_ABSOLUTE_LIFETIME == 8 * 60 * MINUTE


def test_idle_timeout(app, world, clock):
    c = Client(app)
    assert attempt(c, "pegawai").status_code == 302
    for _ in range(4):  # active every 29 minutes: still logged in after two hours
        clock.advance(29 * MINUTE)
        assert c.get("/admin/").status_code == 200
    clock.advance(31 * MINUTE)
    response = c.get("/admin/")
    assert is_login_redirect(response)
    page = c.get(response.headers["Location"])
    assert "Sesi Anda telah berakhir. Silakan masuk kembali." in alerts(page)
    clock.advance(-60 * MINUTE)  # the session is gone for good, not only for now
    assert is_login_redirect(c.get("/admin/"))


def test_idle_timeout_setting(app, world, clock, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", 5 * MINUTE)
    c = Client(app)
    assert attempt(c, "pegawai").status_code == 302
    clock.advance(4 * MINUTE)
    assert c.get("/admin/").status_code == 200
    clock.advance(6 * MINUTE)
    assert is_login_redirect(c.get("/admin/"))


def test_absolute_lifetime_even_when_active(app, world, clock):
    c = Client(app)
    assert attempt(c, "pegawai").status_code == 302
    with c.http.session_transaction() as session:
        copied = dict(session)
    for _ in range(16):  # active every 29 minutes for 7 h 44 min
        clock.advance(29 * MINUTE)
        assert c.get("/admin/").status_code == 200
    clock.advance(20 * MINUTE)  # 8 h 04 min after the password
    assert is_login_redirect(c.get("/admin/"))
    thief = Client(app)  # a copy of the cookie, fresh from "activity"
    with thief.http.session_transaction() as session:
        session.update(copied)
        session.pop("_seen", None)
    assert is_login_redirect(thief.get("/admin/"))


def test_remember_me_survives_idle_and_the_browser_but_not_the_lifetime(app, world, clock):
    c = Client(app)
    assert attempt(c, "pegawai", remember="y").status_code == 302
    remember = c.http.get_cookie("remember_token")
    assert remember is not None
    clock.advance(45 * MINUTE)  # idle
    assert c.get("/admin/").status_code == 200
    closed = Client(app)  # the browser was closed: only the "remember me" cookie is left
    closed.http.set_cookie("remember_token", remember.value)
    assert closed.get("/admin/").status_code == 200
    clock.advance(8 * 60 * MINUTE)
    assert is_login_redirect(c.get("/admin/"))
    again = Client(app)
    again.http.set_cookie("remember_token", remember.value)
    assert is_login_redirect(again.get("/admin/"))


def test_remember_cookie_lasts_no_longer_than_the_lifetime(app, world):
    c = Client(app)
    response = attempt(c, "pegawai", remember="y")
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token")]
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", header).group(1))
    left = (expires - datetime.now(timezone.utc)).total_seconds()
    assert 0 < left <= app.config["SESSION_ABSOLUTE_LIFETIME"] + 5


def test_deactivated_user_loses_the_session(app, as_user, world):
    c = as_user("pegawai")
    with app.app_context():
        db.session.get(User, world.users["pegawai"]).active = False
        db.session.commit()
    assert is_login_redirect(c.get("/admin/"))
