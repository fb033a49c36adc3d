"""Accessibility, checked by axe-core in Chromium (tests/fixtures/accessibility.py): the main
page of every role, the daily report's form and list, and the inbox have no serious or
critical violation, on a desktop and on a phone."""
from __future__ import annotations

import pytest

from tests.fixtures.accessibility import assert_accessible
from tests.fixtures.browser import login

pytestmark = pytest.mark.e2e

ROLES = ["hr", "atasan", "pegawai", "auditor", "pelatih", "koordinator"]


@pytest.mark.parametrize("username", ROLES)
def test_the_main_page_of_each_role(live_server, page, username):
    login(page, live_server.url, username)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/admin/activity_report/new/", "/admin/activity_report/",
                                  "/admin/inbox/"])
def test_the_daily_report_pages_on_a_desktop_and_a_phone(live_server, page, phone, path):
    for screen in (page, phone):
        login(screen, live_server.url, "pegawai")
        screen.goto(live_server.url + path)
        assert_accessible(screen)


def test_a_broken_page_is_caught(live_server, page):
    """The check can fail: an unlabelled field and grey-on-grey text are serious."""
    login(page, live_server.url, "pegawai")
    page.evaluate("""() => {
        const p = document.createElement('p');
        p.textContent = 'Teks samar'; p.style.color = '#bbb'; p.style.background = '#ccc';
        const input = document.createElement('input'); input.type = 'text';
        document.querySelector('main').append(p, input);
    }""")
    with pytest.raises(AssertionError, match="color-contrast"):
        assert_accessible(page)
