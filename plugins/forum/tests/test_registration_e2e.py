"""A citizen registers for a meeting of a monthly forum on a 360 px phone, in Chromium; the
public pages fit the screen; the coordinator's month calendar works on the phone too."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.i18n import utcnow
from app.org.models import Employee, WorkUnit
from plugins.forum import scheduling
from plugins.forum.models import Forum, ForumMinutes, ForumRegistration, ForumVenue
from tests.fixtures.browser import fits, login

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def forums(live_server) -> dict:
    """A monthly forum open for registration and a held one with published minutes (the live
    server lives for the module: made once)."""
    with live_server.app.app_context():
        unit = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "DPMPTSP"))
        head = db.session.scalar(select(Employee).where(Employee.id == unit.head_id))
        hall = ForumVenue(name="Aula DPMPTSP", address="Jl. Merdeka No. 12, Manokwari",
                          capacity=80)
        start = scheduling.local(utcnow() + timedelta(days=2)).replace(
            hour=9, minute=0, second=0, microsecond=0)
        series = Forum(unit=unit, topic="Forum Konsultasi Publik Pelayanan Perizinan Berusaha",
                       kind="fkp", mode="hybrid", venue=hall,
                       online_link="https://meet.example.id/fkp", start_at=start,
                       end_at=start + timedelta(hours=3), recurrence="monthly_weekday",
                       count=6, capacity=30, status="scheduled", contact=head,
                       stakeholder_groups="public,business,disability")
        held = Forum(unit=unit, topic="Dengar pendapat standar pelayanan", kind="hearing",
                     mode="in_person", venue=hall, start_at=start - timedelta(days=20),
                     end_at=start - timedelta(days=20, hours=-2), status="published",
                     contact=head, minutes=[ForumMinutes(
                         revision=1, body="Antrean daring disepakati. " * 20,
                         created_at=utcnow())])
        db.session.add_all([series, held])
        db.session.commit()
        return {"series": series.id, "held": held.id, "month": f"{start:%Y-%m}"}


def test_citizen_registers_on_a_phone(live_server, forums, phone, tmp_path):
    base, page, ids = live_server.url, phone, forums
    page.goto(f"{base}/forum/")
    fits(page)
    assert page.locator("#upcoming .card").count() >= 1
    # The first upcoming meeting of the series.
    with page.expect_navigation():
        page.locator("#upcoming .card a").first.click()
    assert "meeting=" in page.url
    fits(page)
    page.fill("#name", "Maria Rumbiak")
    page.fill("#email", "maria@contoh.id")
    page.fill("#organisation", "Kelompok Usaha Mama Papua")
    page.select_option("#stakeholder_group", "business")
    page.select_option("#sex", "f")
    box = page.locator("#website").bounding_box()      # the honeypot stays out of sight
    assert box is None or box["x"] + box["width"] <= 0
    with page.expect_navigation():
        page.click("#registration-form button[type=submit]")
    page.wait_for_url(re.compile(r"/forum/registration/"))
    fits(page)
    assert page.locator("#registration-status").get_attribute("data-status") == "registered"
    page.screenshot(path=str(tmp_path / "forum-registration-360.png"), full_page=True)
    with live_server.app.app_context():
        entry = db.session.scalar(select(ForumRegistration))
        assert entry.name == "Maria Rumbiak" and entry.forum.parent_id == ids["series"]
    # The public pages never show her name, and fit the phone.
    for url in (f"/forum/{ids['held']}/", "/forum/unit/DPMPTSP/", "/forum/"):
        page.goto(f"{base}{url}")
        fits(page)
        assert "Maria Rumbiak" not in page.content()
    page.goto(f"{base}/forum/{ids['held']}/")
    assert "Antrean daring disepakati" in page.locator("#minutes").inner_text()


def test_coordinator_month_calendar_on_a_phone(live_server, forums, phone):
    base, page = live_server.url, phone
    login(page, base, "koordinator")
    page.goto(f"{base}/admin/forum_calendar/?month={forums['month']}")
    fits(page)
    assert page.locator("#forum-month [data-forum]").count() >= 1
