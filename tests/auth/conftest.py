"""Helpers for the login, session and account tests: a clock the tests move, authenticator codes,
security events as they were recorded."""
from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from tests.fixtures.core import Client
from tests.fixtures.world import PASSWORD

FORM_ACTION = re.compile(r'<form method="post" action="([^"]+)"')


class Clock:
    """Stands in for app.auth.models.clock: time moves only when a test says so."""

    def __init__(self):
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr("app.auth.models.clock", fake)
    return fake


def attempt(c: Client, username, password=PASSWORD, ip="127.0.0.1", **extra):
    data = {"username": username, "password": password, "csrf_token": c.token("/login")}
    data.update(extra)
    return c.http.post("/login", data=data, environ_base={"REMOTE_ADDR": ip})


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        found = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                  .order_by(AuditEvent.id)).all()
        for event in found:
            db.session.expunge(event)
        return found


def totp_now(app, secret: str, step: int = 0) -> str:
    """The code an authenticator app shows for `secret` (Flask-Security's encrypted form), now
    or `step` periods of 30 seconds later (a code is accepted once, so a second login within
    the same period needs the next one; the server accepts codes two minutes either way)."""
    from passlib.totp import TOTP

    factory = TOTP.using(secrets=app.config["SECURITY_TOTP_SECRETS"])
    return factory.from_source(secret).generate(time.time() + 30 * step).token
