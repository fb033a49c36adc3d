"""Every Flask-Security page we expose is our own template, in Indonesian (no English, its own
messages included), with one form per page that posts with a CSRF token."""
from __future__ import annotations

import pytest

from tests.auth.conftest import attempt
from tests.auth.test_two_factor import enable
from tests.fixtures.core import Client
from tests.i18n.conftest import assert_indonesian

ACCOUNT_PAGES = ["/change", "/tf-setup", "/mf-recovery-codes", "/verify"]


@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_account_pages_are_indonesian(url, as_user):
    response = as_user("pegawai").get(url)
    assert_indonesian(response, url)
    html = response.get_data(as_text=True)
    assert 'name="csrf_token"' in html and "security/" not in html


def test_pages_with_their_errors_and_states_are_indonesian(app, as_user, world):
    c = as_user("pegawai")
    assert_indonesian(c.post("/change", {"password": "x", "new_password": "y",
                                         "new_password_confirm": "z"}, token_from="/change"),
                      "/change with errors")
    assert_indonesian(c.post("/tf-setup", {"setup": "authenticator"}, token_from="/tf-setup"),
                      "/tf-setup with the QR code")
    enable(app, c)
    assert_indonesian(c.get("/tf-setup"), "/tf-setup when on")
    assert_indonesian(c.post("/mf-recovery-codes", {}, token_from="/mf-recovery-codes"),
                      "/mf-recovery-codes with new codes")
    fresh = Client(app)
    assert_indonesian(attempt(fresh, "tidak-ada"), "/login failed", status=401)
    assert attempt(fresh, "pegawai").status_code == 302
    assert_indonesian(fresh.get("/tf-validate"), "/tf-validate")
    wrong = fresh.http.post("/tf-validate", data={"code": "12",
                                                  "csrf_token": fresh.token("/tf-validate")})
    assert_indonesian(wrong, "/tf-validate with a wrong code", status=401)
    assert_indonesian(fresh.get("/mf-recovery"), "/mf-recovery")
