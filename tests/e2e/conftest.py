"""Browser journeys: the real app on a free local port, driven by Debian's headless Chromium.

The live app has its own SQLite file (not the session `app` fixture's database), built with the
small world of tests.fixtures.world. Playwright's own browser download is not used: Debian's
`chromium` package is launched through `executable_path`. Without it the journeys are skipped.
"""
from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from app.workflow.engine import seed_defaults
from tests.fixtures.world import build_world

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SKIP_NO_CHROMIUM = (f"Chromium tidak terpasang ({CHROMIUM}): jalankan `apt-get install chromium` "
                    "untuk menjalankan uji e2e")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(SKIP_NO_CHROMIUM)
    return CHROMIUM


class LiveServer:
    def __init__(self, app, url):
        self.app = app
        self.url = url


@pytest.fixture(scope="module")
def live_server(chromium_path, tmp_path_factory):
    """The app served by werkzeug in a background thread on 127.0.0.1 and a free port."""
    base = tmp_path_factory.mktemp("e2e")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{base / 'e2e.db'}",
                     UPLOAD_DIR=str(base / "uploads"))
    with app.app_context():
        db.create_all()
        build_world()
        seed_defaults()
    server = make_server("127.0.0.1", 0, app, threaded=True)  # port 0: the OS picks a free one
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jayapura",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
