"""A login costs one argon2 computation whatever happened (unknown user, wrong password, right
password, inactive account), so time does not tell whether an account exists. Before Flask-Security
an unknown user cost two (a fresh hash of the dummy password on every attempt, then a verify).
Also HSTS, in production only."""
from __future__ import annotations

import sys

import argon2.low_level
import pytest

from app import create_app
from app.auth.models import User
from app.extensions import db
from tests.auth.conftest import attempt
from tests.fixtures.core import Client
from tests.fixtures.world import PASSWORD


@pytest.fixture
def argon2_calls(monkeypatch):
    """Count every argon2 hash or verify, whichever wrapper (passlib, argon2-cffi's
    PasswordHasher) calls the C library."""
    calls = []
    originals = {name: getattr(argon2.low_level, name) for name in ("hash_secret",
                                                                      "verify_secret")}
    for module in list(sys.modules.values()):
        for name, original in originals.items():
            if getattr(module, name, None) is original:
                def counted(*args, _original=original, _name=name, **kwargs):
                    calls.append(_name)
                    return _original(*args, **kwargs)
                monkeypatch.setattr(module, name, counted)
    return calls


def test_one_argon2_computation_per_attempt(app, world, argon2_calls):
    with app.app_context():
        db.session.get(User, world.users["pegawai2"]).active = False
        db.session.commit()
    cases = {"unknown user": ("tidak-ada", PASSWORD), "wrong password": ("pegawai", "salah-1234567"),
             "right password": ("pegawai", PASSWORD), "inactive": ("pegawai2", PASSWORD)}
    for case, (username, password) in cases.items():
        c = Client(app)
        c.token("/login")
        argon2_calls.clear()
        attempt(c, username, password)
        assert len(argon2_calls) == 1, (case, argon2_calls)


def test_hsts_only_in_production(app, tmp_path):
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers
    production = create_app("production", SECRET_KEY="k" * 40, AUDIT_KEY="a" * 64,
                            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}",
                            UPLOAD_DIR=str(tmp_path / "uploads"))
    with production.app_context():
        db.create_all()
    response = production.test_client().get("/healthz", base_url="https://kinerja.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
