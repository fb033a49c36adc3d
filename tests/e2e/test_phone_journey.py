"""The daily work on a 360 × 740 phone, in Chromium: an employee opens the menu, writes a report
and submits it; the supervisor finds it in the inbox and verifies it. On every page: no
sideways scrolling, tap targets of at least 40 px, the page's main action in sight without
scrolling, and the list as cards a thumb can read.

Elements are chosen by URL, ids, names and data attributes, not by visible text.
"""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.performance.models import ActivityReport
from tests.fixtures.browser import PHONE, click_transition, fits, login

pytestmark = pytest.mark.e2e

REPORTS = "/admin/activity_report/"
DESCRIPTION = "Uji ponsel: verifikasi berkas izin usaha di Distrik Warmare"
MIN_TAP = 40   # px, both ways

# What a finger has to hit on these pages (the skip link only shows for the keyboard).
TARGETS = ("main a:not(.skip-link), main button, main input:not([type=hidden]), main select, "
           "main textarea, header .navbar-toggler, header .navbar-brand")


def small_targets(page) -> list[str]:
    """Visible tap targets smaller than MIN_TAP in either direction."""
    return page.evaluate("""([selector, least]) => {
        const out = [];
        for (const el of document.querySelectorAll(selector)) {
            const box = el.getBoundingClientRect(), style = getComputedStyle(el);
            if (!box.width || !box.height || style.visibility === 'hidden') continue;
            if (el.closest('.d-none, [hidden], .select2-offscreen, .inline-field-template')) continue;
            if (box.width < least || box.height < least)
                out.push(`${el.tagName.toLowerCase()}${el.name ? '[name=' + el.name + ']' : ''}`
                         + ` "${(el.textContent || el.value || '').trim().slice(0, 30)}"`
                         + ` ${Math.round(box.width)}×${Math.round(box.height)}`);
        }
        return out;
    }""", [TARGETS, MIN_TAP])


def phone_ready(page) -> None:
    """The page as a phone shows it: fits its width, every target big enough."""
    fits(page)
    assert small_targets(page) == [], f"small tap targets on {page.url}"


def in_sight(page, selector) -> None:
    """`selector` is on screen now, without scrolling (sticky if need be)."""
    box = page.locator(selector).first.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], \
        f"{selector} is not in sight on {page.url}: {box}"
    assert box["height"] >= MIN_TAP


def open_menu_link(page, href) -> None:
    """A navbar link, through the folded menu (the ☰ toggler, then its dropdown)."""
    page.click("header .navbar-toggler")
    link = page.locator(f"header a[href='{href}']").first
    if not link.is_visible():
        page.click(f"header li.dropdown:has(a[href='{href}']) > a.dropdown-toggle")
    with page.expect_navigation():
        link.click()


def log_out(page) -> None:
    page.click("header .navbar-toggler")
    with page.expect_navigation():
        page.click("form[action$='/logout'] button[type=submit]")


def test_write_submit_and_verify_a_report_on_a_phone(live_server, phone, tmp_path):
    base, app, page = live_server.url, live_server.app, phone

    # 1. The employee: menu → daily reports → new report.
    login(page, base, "pegawai")
    phone_ready(page)
    open_menu_link(page, REPORTS)
    phone_ready(page)
    with page.expect_navigation():
        page.click(f"main a[href^='{REPORTS}new/']")
    phone_ready(page)
    page.fill("#description", DESCRIPTION)
    page.fill("#duration_minutes", "120")
    page.fill("#output_quantity", "3")
    page.fill("#output_unit", "berkas")
    save = "form.admin-form input[type=submit]:not([name])"
    page.evaluate("window.scrollTo(0, 0)")
    in_sight(page, save)   # the sticky action bar: Save shows with the form's top
    page.screenshot(path=str(tmp_path / "1-form.png"))
    with page.expect_navigation():
        page.click(save)
    assert "/new/" not in page.url, page.locator("form.admin-form").inner_text()

    # 2. "My reports": each report a card that names its fields.
    phone_ready(page)
    card = page.locator("table.stack-on-phone tr", has_text=DESCRIPTION)
    assert card.count() == 1
    assert card.locator("td[data-label]").count() >= 5
    assert card.locator(".badge-state").count() == 1
    page.screenshot(path=str(tmp_path / "2-list.png"))
    with page.expect_navigation():
        card.locator(f"a[href*='{REPORTS}details/']").first.click()
    report_id = int(re.search(r"[?&]id=(\d+)", page.url).group(1))
    phone_ready(page)
    in_sight(page, "button[data-transition='submit']")
    click_transition(page, "submit")
    phone_ready(page)
    log_out(page)

    # 3. The supervisor: inbox → the reports awaiting verification → verify.
    login(page, base, "atasan")
    open_menu_link(page, "/admin/inbox/")
    phone_ready(page)
    page.screenshot(path=str(tmp_path / "3-inbox.png"))
    with page.expect_navigation():
        page.click("#tasks tr:has([data-task='activity_report:verify']) a")
    phone_ready(page)
    card = page.locator("table.stack-on-phone tr", has_text=DESCRIPTION)
    with page.expect_navigation():
        card.locator(f"a[href*='{REPORTS}details/']").first.click()
    assert f"id={report_id}" in page.url
    phone_ready(page)
    in_sight(page, "button[data-transition='verify']")
    in_sight(page, "[data-transition='return']")
    page.screenshot(path=str(tmp_path / "4-verify.png"))
    click_transition(page, "verify")
    phone_ready(page)
    assert page.locator("table.searchable .badge-state.badge-success").count() == 1

    with app.app_context():
        report = db.session.get(ActivityReport, report_id)
        assert report.description == DESCRIPTION and report.status == "verified"


def test_the_phone_checks_can_fail(live_server, phone):
    """A page too wide, a tiny target or a buried button is caught."""
    login(phone, live_server.url, "pegawai")
    phone.evaluate("""() => {
        const a = document.createElement('a'); a.href = '#'; a.textContent = 'x';
        a.style.fontSize = '8px'; document.querySelector('main').append(a);
    }""")
    with pytest.raises(AssertionError, match="small tap targets"):
        phone_ready(phone)
    phone.evaluate("""() => { document.querySelector('main').style.minWidth = '600px'; }""")
    with pytest.raises(AssertionError, match="px wide"):
        fits(phone)
