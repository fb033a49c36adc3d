"""Flask-Admin's date picker and select2 lookups speak Indonesian in a real browser (issue 12),
and a date picked or typed as dd/mm/yyyy is saved."""
from __future__ import annotations

import pytest

from tests.fixtures.browser import login

pytestmark = pytest.mark.e2e


def test_date_picker_and_lookup_in_indonesian(live_server, page):
    base = live_server.url
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, base, "hr")
    page.goto(f"{base}/admin/holiday/new/")
    page.click("input[name=date]")
    picker = page.locator(".daterangepicker").first
    picker.wait_for(state="visible")
    text = picker.inner_text()
    assert "Sn" in text and "Mg" in text and "Mo" not in text.split(), text
    # (a single-date picker hides its buttons; they carry our words all the same)
    assert picker.locator(".applyBtn").inner_text() == "Terapkan"
    assert picker.locator(".cancelBtn").inner_text() == "Batal"
    months = picker.locator("select.monthselect").first.inner_text()
    assert "Des" in months and "Agt" in months and "Dec" not in months, months
    page.keyboard.press("Escape")
    page.fill("input[name=date]", "28/11/2026")
    page.fill("input[name=name]", "Hari uji peramban")
    with page.expect_navigation():   # (Enter: the open picker may cover the sticky Save bar)
        page.press("input[name=name]", "Enter")
    assert "28 November 2026" in page.content()

    page.goto(f"{base}/admin/employee/new/")
    page.click("#s2id_unit .select2-choice")
    page.keyboard.type("zzzzzz")
    no_match = page.locator(".select2-drop-active .select2-no-results")
    no_match.wait_for(state="visible")
    assert no_match.inner_text().strip() == "Tidak ada data yang sesuai"
    assert not errors, errors
