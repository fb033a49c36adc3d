"""The back office still works in a real browser under a policy that runs no inline script
(issue 8): list filters (including one named by a custom field whose label carries HTML), the
bulk-action menu and the select widgets of a form work, the label's HTML never runs, and the
browser reports no Content-Security-Policy violation."""
from __future__ import annotations

import re

import pytest

from app.customfields.models import CustomField
from app.extensions import db
from tests.fixtures.browser import login

pytestmark = pytest.mark.e2e

LABEL = '<img src=x onerror="window.__xss = 1">Lokasi'
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.mark.parametrize("width", [1280, 360])
def test_filters_actions_and_selects_work_without_inline_scripts(live_server, browser, width):
    base, app = live_server.url, live_server.app
    with app.app_context():
        if not db.session.query(CustomField).filter_by(code="lokasi").count():
            db.session.add(CustomField(entity="activity_report", code="lokasi", label=LABEL,
                                       field_type="text", help_text="<b>tebal</b>"))
            db.session.commit()
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    context.add_init_script(WATCH)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text))
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        login(page, base, "hr")
        page.goto(f"{base}/admin/activity_report/")
        # The filter bar: the custom field's filter is added with its label as text.
        toggle = page.locator("li.dropdown:has(a.filter) > a.dropdown-toggle")
        if not toggle.is_visible():
            page.click("button.navbar-toggler >> nth=-1")
        toggle.first.click()
        page.locator("a.filter", has_text="Lokasi").click()
        row = page.locator(".filters tr").last
        row.wait_for()
        assert "Lokasi" in row.inner_text() and "<img" in row.inner_text()
        assert page.locator(".filters img").count() == 0
        # The bulk actions: choosing one asks for a selection (actions.js through our handler).
        page.locator("input.action-checkbox").first.check()
        page.locator(":has(> .dropdown-menu a[data-model-action]) > a.dropdown-toggle"
                     ).first.click()
        page.locator("a[data-model-action]").first.click()
        page.wait_for_timeout(300)
        assert dialogs, "the bulk action did not ask anything"
        # A form: select widgets are made (form.js ran), the help text shows as text.
        page.goto(f"{base}/admin/activity_report/new/")
        page.wait_for_selector(".select2-container")
        assert page.locator(".select2-container").count() >= 2
        assert "<b>tebal</b>" in page.content().replace("&lt;", "<").replace("&gt;", ">")
        assert page.locator("form b", has_text="tebal").count() == 0
        assert page.evaluate("window.__xss") is None
        assert page.evaluate("window.__violations") == []
        assert not [m for m in console if re.search("Content.Security.Policy", m)], console
    finally:
        context.close()
