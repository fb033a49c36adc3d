"""The account pages on a phone (360 px) in a real browser: log in, change the password, turn on
two-step verification (the QR code drawn on the page; its key is what an authenticator app
reads), make recovery codes, log out and back in with a code. No page scrolls sideways."""
from __future__ import annotations

import re

import pytest
from passlib.totp import TOTP

from tests.fixtures.browser import PHONE, fits
from tests.fixtures.world import PASSWORD

pytestmark = pytest.mark.e2e
NEW_PASSWORD = "ikan-bakar-pantai-pasir-putih"


def submit(page) -> None:
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")


def test_account_pages_on_a_phone(live_server, phone, tmp_path):
    base, page = live_server.url, phone
    page.goto(f"{base}/login")
    fits(page)
    assert page.locator("label[for=username]").inner_text() == "Nama pengguna"
    page.fill("#username", "atasan")
    page.fill("#password", PASSWORD)
    submit(page)
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"{base}/change")
    fits(page)
    page.fill("#password", PASSWORD)
    page.fill("#new_password", NEW_PASSWORD)
    page.fill("#new_password_confirm", NEW_PASSWORD)
    submit(page)
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(f"{base}/tf-setup")
    fits(page)
    submit(page)  # set up with an authenticator app
    qr = page.locator("img.qr-code")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    box = qr.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    fits(page)
    page.screenshot(path=str(tmp_path / "tf-setup-360.png"), full_page=True)
    key = page.locator("[data-key]").inner_text().replace("-", "").replace(" ", "")
    totp = TOTP(key=key, format="base32")
    page.fill("#code", totp.generate().token)
    submit(page)

    page.goto(f"{base}/mf-recovery-codes")
    submit(page)
    codes = page.locator("[data-recovery-codes] li").all_inner_texts()
    assert len(codes) == 8
    fits(page)

    # Log out (from the account page's navbar) and back in: password, then a code.
    page.goto(f"{base}/admin/")
    if not page.locator("form[action$='/logout'] button").is_visible():
        page.click("button.navbar-toggler")
    with page.expect_navigation():
        page.click("form[action$='/logout'] button[type=submit]")
    page.fill("#username", "atasan")
    page.fill("#password", NEW_PASSWORD)
    submit(page)
    page.wait_for_url(re.compile(r"/tf-validate"))
    fits(page)
    page.fill("#code", totp.generate(totp.now() + 30).token)  # this period's code is spent
    submit(page)
    page.wait_for_url(re.compile(r"/admin/$"))
    assert page.locator("[data-user='atasan']").count() == 1
