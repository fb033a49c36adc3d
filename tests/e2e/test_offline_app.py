"""Catat kegiatan on a 360 x 740 phone in Chromium (issue 17): reports written offline survive
closing the page, are sent once each when the connection returns and reach the supervisor;
an ended session or another account on a shared phone never sends them; logging out warns
about unsent reports and then clears them.

Playwright's offline mode (`context.set_offline`) stands for the district without signal; the
service worker is allowed (the `phone` fixture's context keeps Playwright's default "allow").
Elements are chosen by ids and data attributes, not by visible text.
"""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.performance.models import ActivityReport
from tests.fixtures.browser import BROWSER_TIMEOUT_MS, PHONE, fits, login

pytestmark = pytest.mark.e2e

PAGE = "/kegiatan/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def open_app(page, base):
    """The page, ready, and controlled by its service worker (so it opens offline later)."""
    page.goto(f"{base}{PAGE}")
    page.wait_for_selector("#kegiatan[data-ready='1']")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def go_offline(page, offline=True):
    page.context.set_offline(offline)
    state = "offline" if offline else "online"
    page.wait_for_selector(f"#connection[data-state='{state}']")


def write(page, description, minutes="30", photo=False):
    waiting = page.locator("#queue li").count()
    page.fill("#description", description)
    page.fill("#duration_minutes", minutes)
    if photo:
        page.set_input_files("#photo", files=[{"name": "bukti.png", "mimeType": "image/png",
                                               "buffer": PNG}])
    page.click("#save")
    count_is(page, "#queue li", waiting + 1)


def count_is(page, selector, n):
    expect(page.locator(selector)).to_have_count(n, timeout=BROWSER_TIMEOUT_MS)


def stored(app, description) -> list[ActivityReport]:
    with app.app_context():
        rows = db.session.scalars(select(ActivityReport)
                                  .where(ActivityReport.description == description)).all()
        db.session.expunge_all()
        return rows


def test_three_reports_written_offline_reach_the_supervisor_once(live_server, phone, page):
    base, app = live_server.url, live_server.app
    texts = [f"Luring {n}: pendataan UMKM di Kampung Prafi" for n in (1, 2, 3)]
    login(phone, base, "pegawai")
    open_app(phone, base)
    fits(phone)

    go_offline(phone)
    write(phone, texts[0], "45", photo=True)
    write(phone, texts[1], "60")
    write(phone, texts[2], "30")
    assert phone.locator("#queue li[data-state='waiting']").count() == 3
    assert all(not stored(app, text) for text in texts)
    fits(phone)

    # The browser is closed (the phone restarts) while still offline: nothing is lost.
    context = phone.context
    phone.close()
    again = context.new_page()
    again.goto(f"{base}{PAGE}")
    again.wait_for_selector("#kegiatan[data-ready='1']")
    assert again.locator("#connection").get_attribute("data-state") == "offline"
    queued = again.locator("#queue li[data-state='waiting']")
    assert queued.count() == 3
    assert [queued.nth(i).locator("div").first.inner_text() for i in range(3)] == texts

    # The signal returns: the three go out in order and the page says so.
    go_offline(again, False)
    count_is(again, "#queue li", 0)
    count_is(again, "#sent li", 3)
    mine = again.locator("#history li", has_text=texts[0])
    mine.first.wait_for()   # ("my reports" is read again from the server once all are sent)
    assert mine.count() == 1
    fits(again)

    reports = [stored(app, text) for text in texts]
    assert [len(r) for r in reports] == [1, 1, 1]
    assert [r[0].status for r in reports] == ["submitted"] * 3
    assert reports[0][0].evidence_file and reports[0][0].duration_minutes == 45
    assert reports[0][0].id < reports[1][0].id < reports[2][0].id   # sent in order

    # The supervisor's inbox: each once, waiting for verification.
    login(page, base, "atasan")
    page.goto(f"{base}/admin/inbox/")
    link = page.locator("#tasks tr:has([data-task='activity_report:verify']) a")
    link.click()
    page.wait_for_url(re.compile(r"/admin/activity_report/\?"))
    listing = page.locator("table.model-list").inner_text()
    for text in texts:
        assert listing.count(text) == 1, text


def test_an_ended_session_keeps_the_queue_until_its_writer_logs_in(live_server, phone):
    base, app = live_server.url, live_server.app
    text = "Sesi habis di distrik: rekap absensi kampung"
    login(phone, base, "pegawai")
    open_app(phone, base)
    go_offline(phone)
    write(phone, text)

    # The session ends while the phone is offline; the signal returns.
    phone.context.clear_cookies()
    go_offline(phone, False)
    phone.wait_for_selector("#session-notice:not([hidden]) a[href*='/login']")
    assert phone.locator("#queue li[data-state='waiting']").count() == 1
    assert not stored(app, text)

    # Someone else logs in on the same phone: the report is not theirs to send.
    login(phone, base, "pegawai2")
    phone.goto(f"{base}{PAGE}")
    phone.wait_for_selector("#kegiatan[data-ready='1']")
    phone.wait_for_selector("#others-waiting:not([hidden])")
    assert phone.locator("#queue li").count() == 0
    assert not stored(app, text)
    with phone.expect_navigation():
        phone.click("#logout")   # nothing of pegawai2's waits: no warning
    phone.wait_for_url(re.compile(r"/login"))

    # Its writer logs in again: it is sent, once.
    login(phone, base, "pegawai")
    phone.goto(f"{base}{PAGE}")
    count_is(phone, "#sent li", 1)
    assert phone.locator("#queue li").count() == 0
    assert len(stored(app, text)) == 1

    # A report the server refuses stays, with the reason; logging out warns, then clears it.
    today = datetime.now(ZoneInfo("Asia/Jayapura")).date()
    phone.fill("#date", today.isoformat())
    write(phone, "Terlalu lama: melebihi 24 jam sehari", "1440")
    refused = phone.locator("#queue li[data-state='refused']")
    refused.wait_for()
    assert "24 jam" in refused.locator(".report-error").inner_text()
    phone.click("#logout")
    phone.wait_for_selector("#logout-warning:not([hidden])")
    assert "1" in phone.locator("#logout-warning-text").inner_text()
    assert "/kegiatan/" in phone.url   # still here until the warning is answered
    with phone.expect_navigation():
        phone.click("#logout-anyway")
    phone.wait_for_url(re.compile(r"/login"))
    login(phone, base, "pegawai")
    phone.goto(f"{base}{PAGE}")
    phone.wait_for_selector("#kegiatan[data-ready='1']")
    assert phone.locator("#queue li").count() == 0
    assert phone.locator("#others-waiting").is_hidden()
    assert phone.viewport_size == PHONE


def test_a_new_version_replaces_the_old_service_worker(live_server, phone, monkeypatch):
    base = live_server.url
    login(phone, base, "pegawai")
    open_app(phone, base)
    old = phone.evaluate("() => caches.keys()")
    assert len(old) == 1 and old[0].startswith("kegiatan-")

    monkeypatch.setattr("app.daily.views.version", lambda: "versi-baru-uji")
    phone.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
    phone.wait_for_selector("#update-notice:not([hidden])")
    expect(phone.locator("#update-notice")).to_be_visible()
    phone.wait_for_function(
        "() => caches.keys().then((k) => k.length === 1 && k[0] === 'kegiatan-versi-baru-uji')")
    with phone.expect_navigation():
        phone.click("#reload")
    phone.wait_for_selector("#kegiatan[data-ready='1']")
    assert phone.locator("#kegiatan").get_attribute("data-version") == "versi-baru-uji"
    assert phone.locator("#update-notice").is_hidden()
