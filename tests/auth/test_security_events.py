"""Security events land in the audit trail and in the application log, each with the time, the
user, the address and the user agent; under gunicorn the log lines really reach its stderr."""
from __future__ import annotations

import csv
import http.cookiejar
import io
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from app import create_app
from app.audit.security import ACTIONS
from app.auth.models import User
from app.demo.data import ensure_roles
from app.extensions import db
from tests.auth.conftest import attempt, events
from tests.fixtures.core import TOKEN, Client

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def security_log():
    """The records of the `app.security` logger (which does not propagate to the root)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(level=logging.INFO)
    logger = logging.getLogger("app.security")
    # Alembic's fileConfig (migrations/env.py, run by the migration tests in this process)
    # disables the loggers that exist at that moment; a server process never runs it.
    logger.disabled = False
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


def test_logins_logouts_and_failures_are_in_trail_and_log(app, world, security_log):
    c = Client(app)
    attempt(c, "pegawai", "salah-sekali-123")
    assert attempt(c, "pegawai").status_code == 302
    assert c.post("/logout").status_code == 302
    assert [e.action for e in events(app, "login_failed") + events(app, "login")
            + events(app, "logout")] == ["login_failed", "login", "logout"]
    for event in events(app, "login") + events(app, "logout"):
        assert event.username == "pegawai" and event.at is not None
        assert event.changes_dict["ip"] == "127.0.0.1"
        assert event.changes_dict["user_agent"].startswith("Werkzeug/")
    lines = [r.getMessage() for r in security_log]
    assert len(lines) == 3
    assert lines[0].startswith("security event=login_failed at=20")
    assert "user=anonim" in lines[0] and '"account": "pegawai"' in lines[0]
    assert "user=pegawai" in lines[1] and '"ip": "127.0.0.1"' in lines[1]
    assert "event=logout" in lines[2] and '"user_agent": "Werkzeug/' in lines[2]
    assert all("salah-sekali-123" not in line for line in lines)


def test_refused_pages_are_events(app, as_user, world, security_log):
    c = as_user("pegawai")
    assert c.get("/admin/user/").status_code == 403
    assert c.post("/admin/user/action/", {"action": "unlock", "rowid": ["1"]},
                  token_from="/admin/").status_code == 403
    refused = events(app, "access_denied")
    assert [(e.username, e.changes_dict["path"], e.changes_dict["method"]) for e in refused] == [
        ("pegawai", "/admin/user/", "GET"), ("pegawai", "/admin/user/action/", "POST")]
    assert any("event=access_denied" in r.getMessage() for r in security_log)


def test_exports_are_events_with_view_filters_search_and_rows(app, as_user, world):
    hr = as_user("hr")
    response = hr.get("/admin/user/export/csv/?search=pegawai&flt0_0=1")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    [event] = events(app, "export")
    assert event.username == "hr" and event.entity == "user"
    assert event.changes_dict["rows"] == len(rows) - 1 == 2
    assert event.changes_dict["query"] == {"search": ["pegawai"], "flt0_0": ["1"]}
    assert event.changes_dict["format"] == "csv" and event.changes_dict["complete"] is True
    xlsx = hr.get("/admin/user/export/xlsx/")
    assert xlsx.status_code == 200
    assert events(app, "export")[-1].changes_dict["format"] == "xlsx"


def test_password_and_two_factor_changes_are_events(app, as_user, world):
    from tests.auth.test_two_factor import enable

    c = as_user("pegawai")
    enable(app, c)
    c.post("/mf-recovery-codes", {}, token_from="/mf-recovery-codes")
    c.post("/tf-setup", {"setup": "disable"}, token_from="/tf-setup")
    c.post("/change", {"password": "rahasia-uji-123", "new_password": "pohon-sagu-di-teluk",
                       "new_password_confirm": "pohon-sagu-di-teluk"}, token_from="/change")
    for action in ["two_factor_enabled", "recovery_codes_new", "two_factor_disabled",
                   "password_changed"]:
        [event] = events(app, action)
        assert event.username == "pegawai", action
        assert event.changes_dict["ip"] == "127.0.0.1", action


def test_every_event_name_fits_the_trail():
    from app.audit.models import AuditEvent

    assert max(len(a) for a in ACTIONS) <= AuditEvent.__table__.c.action.type.length


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.no_db
def test_security_lines_reach_gunicorns_stderr(tmp_path):
    """Under `gunicorn wsgi:app` (as in production) a failed login writes its line to stderr."""
    database = f"sqlite:///{tmp_path / 'gunicorn.db'}"
    setup = create_app("testing", SQLALCHEMY_DATABASE_URI=database,
                       UPLOAD_DIR=str(tmp_path / "uploads"))
    with setup.app_context():
        db.create_all()
        ensure_roles()
        user = User(username="pegawai")
        user.set_password("rahasia-uji-123")
        db.session.add(user)
        db.session.commit()
        db.engine.dispose()
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database, "KINERJA_CONFIG": "development",
           "KINERJA_UPLOAD_DIR": str(tmp_path / "uploads")}
    server = subprocess.Popen(
        # --timeout: gunicorn kills a worker silent for 30 s, which a loaded machine importing
        # the app can be.
        [str(Path(sys.executable).with_name("gunicorn")), "-w", "1", "-b", f"127.0.0.1:{port}",
         "--timeout", "300", "wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        # Generous waits: on a loaded machine the worker takes a while to import the app.
        deadline = time.monotonic() + 300
        while True:
            try:
                page = opener.open(f"{base}/login", timeout=120).read().decode()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline, "gunicorn did not start"
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.2)
        token = TOKEN.search(page).group(1)
        data = urllib.parse.urlencode({"username": "pegawai", "password": "salah-sekali-123",
                                       "csrf_token": token}).encode()
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(urllib.request.Request(f"{base}/login", data=data,
                                               headers={"User-Agent": "Uji-Gunicorn/1.0"}),
                        timeout=120)
        assert refused.value.code == 401
    finally:
        server.send_signal(signal.SIGTERM)
        _out, err = server.communicate(timeout=300)
    [line] = [x for x in err.splitlines() if "security event=login_failed" in x]
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ INFO \[app\.security\] ", line), line
    assert "user=anonim" in line and '"account": "pegawai"' in line
    assert '"ip": "127.0.0.1"' in line and '"user_agent": "Uji-Gunicorn/1.0"' in line
