"""Test fixtures: one app per session, a clean database per test, a CSRF-aware client.

The suite runs on a SQLite file by default and on PostgreSQL when KINERJA_TEST_ON_POSTGRES=1
and TEST_DATABASE_URL are set (`make test` does both when TEST_DATABASE_URL is set).
"""
from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import text

from app import create_app
from app.demo.data import ensure_roles
from app.extensions import db, limiter
from app.workflow.engine import seed_defaults
from tests.fixtures.world import PASSWORD, build_world

ON_POSTGRES = os.environ.get("KINERJA_TEST_ON_POSTGRES") == "1"
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def database_url(tmp_path_factory) -> str:
    if ON_POSTGRES:
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            pytest.exit("KINERJA_TEST_ON_POSTGRES=1 needs TEST_DATABASE_URL", returncode=2)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = database_url(tmp_path_factory)
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=url,
                             UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")))
    with application.app_context():
        if ON_POSTGRES:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        db.create_all()
    return application


@pytest.fixture(autouse=True)
def _clean_database(request, app):
    """Each test starts from empty tables with the six roles and the default workflows, and
    fresh rate limits."""
    if "no_db" in request.keywords:
        yield
        return
    with app.app_context():
        ensure_roles()
        db.session.commit()
        seed_defaults()
    limiter.reset()
    yield
    with app.app_context():
        db.session.remove()
        tables = [t.name for t in db.metadata.sorted_tables]
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                                  + " RESTART IDENTITY CASCADE"))
            else:
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                for table in reversed(tables):
                    conn.exec_driver_sql(f'DELETE FROM "{table}"')
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        if db.engine.dialect.name == "sqlite":
            # The PRAGMA above is a no-op inside the DELETEs' transaction, which would leave the
            # pooled connection without foreign keys for the next test: reconnect instead.
            db.engine.dispose()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def world(app):
    with app.app_context():
        w = build_world()
        # Plain ids survive the session: tests use them across requests.
        ids = type("Ids", (), {})()
        ids.people = {k: v.id for k, v in w.people.items()}
        ids.reports = {k: v.id for k, v in w.reports.items()}
        ids.units = {k: v.id for k, v in w.units.items()}
        ids.targets = {k: v.id for k, v in w.targets.items()}
        ids.users = {k: v.id for k, v in w.users.items()}
        return ids


class Client:
    """A test client that logs in and adds the CSRF token to every form it posts."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()

    def token(self, url="/login") -> str:
        page = self.http.get(url)
        match = TOKEN.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {url}"
        return match.group(1)

    def login(self, username, password=PASSWORD):
        response = self.http.post("/login", data={
            "username": username, "password": password, "csrf_token": self.token("/login")})
        return response

    def get(self, url, **kwargs):
        return self.http.get(url, **kwargs)

    def post(self, url, data=None, token_from="/admin/", **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(token_from))
        return self.http.post(url, data=data, **kwargs)


@pytest.fixture
def client(app):
    return Client(app)


@pytest.fixture
def as_user(app, world):
    """`as_user("pegawai")` returns a client logged in as that test user."""
    def make(username):
        c = Client(app)
        response = c.login(username)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return c
    return make
