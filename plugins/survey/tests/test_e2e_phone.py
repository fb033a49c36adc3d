"""A citizen fills the survey on a 360-px phone in Chromium (from the list of open surveys, as
from a counter's QR code), the unit's IKM updates, and the transparency page shows it beside
the unit's capaian, on the phone and on a desktop. No page scrolls sideways."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.org.models import WorkUnit
from app.performance.models import Realisation, Target
from plugins.survey.tests.helpers import add_responses, make_period
from tests.fixtures.browser import PHONE, fits

pytestmark = pytest.mark.e2e


def test_citizen_fills_the_survey_on_a_phone(live_server, phone, page):
    with live_server.app.app_context():
        unit = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "DPMPTSP"))
        pid = make_period(unit.id, services="Izin usaha\nIzin praktik", counters="Loket 1")
        add_responses(pid, [[3] * 9] * 4)   # with the citizen's, five: enough to publish
        target = db.session.scalar(select(Target).limit(1))
        db.session.add(Realisation(target_id=target.id, period_no=1, value=Decimal("78")))
        db.session.commit()
    base = live_server.url
    phone.goto(f"{base}/")
    fits(phone)
    phone.click("text=Sampaikan pendapat Anda")
    fits(phone)
    phone.click(f"a[href='/survei/{pid}']")
    phone.wait_for_url(re.compile(rf"/survei/{pid}$"))
    fits(phone)
    assert phone.locator("fieldset[data-unsur]").count() == 9
    assert phone.locator("fieldset[data-unsur='4'] label.answer").all_inner_texts() == [
        "Sangat mahal", "Cukup mahal", "Murah", "Gratis"]
    phone.click("label.answer:has(input[name=age_band][value='26-35'])")
    phone.click("label.answer:has(input[name=sex][value=P])")
    phone.select_option("#education", "sma")
    phone.select_option("#occupation", "self")
    phone.select_option("#service", "Izin usaha")
    for n in range(1, 10):
        phone.click(f"fieldset[data-unsur='{n}'] label.answer:has(input[value='4'])")
    phone.fill("#suggestion", "Ruang tunggu nyaman.")
    fits(phone)
    phone.click("#survey-submit")
    phone.wait_for_selector("#survey-thanks")
    fits(phone)
    phone.goto(f"{base}/survei/{pid}")
    assert phone.locator("#survey-already").is_visible()

    for screen, width in ((phone, PHONE["width"]), (page, 1280)):
        screen.goto(f"{base}/transparansi/unit/DPMPTSP")
        fits(screen, width)
        ikm = screen.locator("[data-section=survey] [data-ikm=DPMPTSP]").inner_text()
        assert ikm == "80"   # (4 x 3 + 4) / 5 x 25
        assert screen.locator("[data-section=performance] [data-capaian]").count() >= 1
        assert screen.locator("[data-section=survey] canvas").count() == 1
