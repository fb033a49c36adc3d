"""Confirmation dialogs say what will change (app/static/js/kinerja.js, admin_csp.js): a bulk
transition names how many records and the state they move to; dismissed, nothing changes."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.performance.models import ActivityReport
from tests.fixtures.browser import login

pytestmark = pytest.mark.e2e


def test_a_bulk_verify_asks_with_the_count_and_the_target_state(live_server, page):
    base, app = live_server.url, live_server.app

    def statuses():
        with app.app_context():
            return sorted(db.session.execute(select(ActivityReport.id, ActivityReport.status)))
    before = statuses()
    login(page, base, "atasan")
    page.goto(f"{base}/admin/activity_report/?flt0_0=submitted")
    boxes = page.locator("table.model-list tr:has-text('Kegiatan') input.action-checkbox")
    ticked = min(boxes.count(), 2)
    assert ticked == 2
    for i in range(ticked):
        boxes.nth(i).check()
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss()
    page.on("dialog", answer)
    page.click("a.dropdown-toggle:has-text('Untuk yang dipilih')")
    page.click("a[data-model-action='verify']")
    page.wait_for_timeout(300)
    assert len(questions) == 1, questions
    assert questions[0].startswith("2 data dipilih. ")
    assert '"Verifikasi"' in questions[0] and '"Diverifikasi"' in questions[0]
    assert "/action/" not in page.url and statuses() == before   # dismissed: nothing changed
