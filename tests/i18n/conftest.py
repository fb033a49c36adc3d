"""Shared helpers of the i18n tests: compiled catalogues, users by role, page checks."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.i18n.english import find_english

LC_MESSAGES = Path(__file__).resolve().parents[2] / "translations" / "id" / "LC_MESSAGES"

# A test user holding each role (tests/fixtures/world.py), in order of preference.
USER_FOR_ROLE = {"hr_admin": "hr", "auditor": "auditor", "supervisor": "atasan",
                 "employee": "pegawai", "trainer": "pelatih", "forum_coordinator": "koordinator"}


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """The .mo files are build outputs (`make translations`); stale ones make these tests lie."""
    for po in sorted(LC_MESSAGES.glob("*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            pytest.fail(f"{mo.name} is missing or older than {po.name}: run `make translations`",
                        pytrace=False)


def page_text(response) -> str:
    return response.get_data(as_text=True)


def assert_indonesian(response, page: str, status: int = 200, extra_words=()) -> None:
    """The page rendered (with the expected status) and shows no untranslated English."""
    assert response.status_code == status, f"{page}: HTTP {response.status_code}"
    html = page_text(response)
    assert 'lang="en"' not in html.split("<body", 1)[0], f"{page} rendered in English"
    problems = find_english(html, extra_words)
    assert not problems, f"untranslated English on {page}:\n  " + "\n  ".join(problems)
