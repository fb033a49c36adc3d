"""Accessibility of the SKP and evaluation pages (axe-core, tests/fixtures/accessibility.py):
no serious or critical violation on the employee's SKP, the appraiser's evaluation page, and
both on a phone."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from plugins.appraisal.models import Skp
from plugins.appraisal.tests.test_journey_e2e import _setup
from tests.fixtures.accessibility import assert_accessible
from tests.fixtures.browser import login, logout

pytestmark = pytest.mark.e2e


def test_skp_and_evaluation_pages(live_server, page, phone):
    base, app = live_server.url, live_server.app
    ids = _setup(app)
    with app.app_context():   # (approved, as atasan would: its evaluations may start)
        db.session.get(Skp, ids["skp"]).status = "approved"
        db.session.commit()
    for screen in (page, phone):
        login(screen, base, "pegawai")
        screen.goto(f"{base}/admin/appraisal_skp/details/?id={ids['skp']}")
        assert_accessible(screen)

    logout(page)
    login(page, base, "atasan")
    page.goto(f"{base}/admin/appraisal_evaluation/start/?skp={ids['skp']}")
    assert_accessible(page)
    with page.expect_navigation():
        page.click("[data-period='1'] button[data-action='start']")
    page.wait_for_url(re.compile(r"/appraisal_evaluation/details/\?id=\d+"))
    assert_accessible(page)
    phone_url = page.url
    phone.click("header .navbar-toggler")   # (the account menu folds away on a phone)
    logout(phone)
    login(phone, base, "atasan")
    phone.goto(phone_url)
    assert_accessible(phone)
