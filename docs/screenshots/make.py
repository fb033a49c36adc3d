"""Screenshots for the README: each role's main page on a desktop, and the daily report on a
phone (write, list, verify), taken in Chromium from the small world the browser tests use.

    .venv/bin/python docs/screenshots/make.py      # writes docs/screenshots/*.png

Needs Debian's Chromium (/usr/bin/chromium). The app runs on a temporary SQLite database
on a free local port, as in tests/fixtures/browser.py; nothing else is touched.
"""
from __future__ import annotations

import re
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.workflow.engine import seed_defaults  # noqa: E402
from tests.fixtures.browser import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.fixtures.world import PASSWORD, build_world  # noqa: E402

OUT = Path(__file__).resolve().parent
DESKTOP = {"width": 1280, "height": 800}
ROLES = [("hr", "hr_admin"), ("atasan", "supervisor"), ("pegawai", "employee"),
         ("auditor", "auditor"), ("pelatih", "trainer"), ("koordinator", "forum_coordinator")]
REPORT = "Menyusun telaahan staf perizinan usaha mikro"


def serve(base: Path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{base / 'shots.db'}",
                     UPLOAD_DIR=str(base / "uploads"))
    with app.app_context():
        db.create_all()
        build_world()
        seed_defaults()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def context(browser, viewport, phone=False):
    ctx = browser.new_context(locale="id-ID", timezone_id="Asia/Jayapura", viewport=viewport,
                              is_mobile=phone, has_touch=phone)
    ctx.set_default_timeout(90_000)
    return ctx


def login(page, url, username):
    page.goto(f"{url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        server, url = serve(Path(tmp))
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for username, role in ROLES:
            with context(browser, DESKTOP) as ctx:
                page = ctx.new_page()
                login(page, url, username)
                page.screenshot(path=str(OUT / f"desktop-{role}.png"))

        with context(browser, PHONE, phone=True) as ctx:   # the employee, on a phone
            page = ctx.new_page()
            login(page, url, "pegawai")
            page.goto(f"{url}/admin/activity_report/new/")
            page.fill("#description", REPORT)
            page.fill("#duration_minutes", "90")
            page.screenshot(path=str(OUT / "phone-1-report-form.png"))
            with page.expect_navigation():
                page.click("form.admin-form input[type=submit]:not([name])")
            page.screenshot(path=str(OUT / "phone-2-my-reports.png"))
            with page.expect_navigation():
                page.locator("tr", has_text=REPORT).locator("a[href*='details']").first.click()
            with page.expect_navigation():
                page.click("button[data-transition='submit']")
            report = page.url
        with context(browser, PHONE, phone=True) as ctx:   # the supervisor, on a phone
            page = ctx.new_page()
            login(page, url, "atasan")
            page.goto(f"{url}/admin/inbox/")
            page.screenshot(path=str(OUT / "phone-3-inbox.png"))
            page.goto(report)
            page.screenshot(path=str(OUT / "phone-4-verify.png"))
        browser.close()
        server.shutdown()
    print("\n".join(sorted(p.name for p in OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
