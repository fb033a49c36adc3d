"""The trainer's day in a real browser on a 360 px phone: start the approved session, invite
a unit, record attendance on the phone page, enter results and finish; the employee's ledger
shows the JP. Elements are chosen by URL, names and data attributes."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today
from app.org.models import WorkUnit
from plugins.training.models import Attendance, Participant, TrainingSession
from plugins.training.tests import scenes
from tests.fixtures.browser import PHONE, click_transition, fits, login, logout

pytestmark = pytest.mark.e2e


def test_trainer_records_attendance_on_a_phone(live_server, phone, tmp_path):
    base, app, page = live_server.url, live_server.app, phone
    with app.app_context():
        trainer = scenes.link_trainer()
        sid = scenes.session(scenes.programme(), trainer, local_today(), status="disetujui")
        dpm = db.session.scalar(select(WorkUnit.id).where(WorkUnit.code == "DPMPTSP"))

    login(page, base, "pelatih")
    page.goto(f"{base}/admin/training_trainer/")
    fits(page)
    page.click(f"#to-start a[href*='details/?id={sid}']")
    page.wait_for_url(re.compile(r"/details/\?id=\d+"))
    click_transition(page, "start")

    # Invite DPMPTSP and the units below it.
    page.select_option("#invite-unit-select", str(dpm))
    with page.expect_navigation():
        page.click("button[data-action='invite-unit']")
    assert page.locator("#roster tr[data-participant]").count() == 4

    # The attendance page fits the phone; mark everyone present but one absent.
    with page.expect_navigation():
        page.click("a[data-action='attendance']")
    fits(page)
    rows = page.locator("#attendance-form li[data-participant]")
    assert rows.count() == 4
    for index in range(4):
        mark = "tidak_hadir" if index == 0 else "hadir"
        option = rows.nth(index).locator(f"input[value='{mark}']")
        box = option.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        option.check()
    page.screenshot(path=str(tmp_path / "attendance-360.png"), full_page=True)
    with page.expect_navigation():
        page.click("button[data-action='save-attendance']")
    fits(page)
    assert page.locator("#attendance-form input[value='hadir']:checked").count() == 3
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Attendance)) == 4

    # Results on the session page, then finish.
    page.goto(f"{base}/admin/training_session/details/?id={sid}")
    for select_box in page.locator("#results-form select").all():
        select_box.select_option("lulus")
    with page.expect_navigation():
        page.click("button[data-action='results']")
    click_transition(page, "finish")
    with app.app_context():
        s = db.session.get(TrainingSession, sid)
        assert s.status == "selesai"
        credited = sorted(p.jp for p in db.session.scalars(
            select(Participant).where(Participant.session_id == sid)))
    assert [str(j) for j in credited] == ["0.00", "9.33", "9.33", "9.33"]
    page.click(".navbar-toggler")   # (the menu, with the logout button, is folded on a phone)
    logout(page)

    # The employee sees the JP on their phone.
    # (core's dashboard has a wide daily-report table at 360 px; the training card is checked)
    login(page, base, "pegawai")
    card = page.locator("#widget-training-ledger").bounding_box()
    assert card and card["x"] + card["width"] <= PHONE["width"]
    page.goto(f"{base}/admin/training_ledger/")
    fits(page)
    total = page.locator("[data-field='total']").inner_text()
    assert total == ("0" if _jp_of_pegawai(app, sid) == 0 else "9,33")


def _jp_of_pegawai(app, sid):
    """The JP the `pegawai` account's employee earned (0 if they were the one absent)."""
    from app.auth.models import User

    with app.app_context():
        me = db.session.scalar(select(User).where(User.username == "pegawai")).employee_id
        return db.session.scalar(select(Participant.jp).where(
            Participant.session_id == sid, Participant.employee_id == me))
