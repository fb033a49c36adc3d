"""The SKP and evaluation lists run at most two statements besides the two that load the user
(issue 16), at page size 20, at page size 100 and on a far page, for HR and the appraiser."""
from __future__ import annotations

import pytest

from plugins.appraisal.tests.scenes import chain, evaluation
from tests.fixtures.statements import LIST_STATEMENTS, USER_STATEMENTS, list_page

PAGES = ["", "?page_size=100", "?page=5"]


@pytest.fixture
def appraisals(app, world):
    c = chain(app, world)
    for skp in c.skp.values():
        evaluation(app, skp, period=0)
        evaluation(app, skp, period=1)
    return c


@pytest.mark.parametrize("url", ["/admin/appraisal_skp/", "/admin/appraisal_evaluation/"])
@pytest.mark.parametrize("query", PAGES)
@pytest.mark.parametrize("who", ["hr", "atasan"])
def test_appraisal_lists_run_at_most_two_statements(app, appraisals, as_user, who, url, query):
    rows, seen = list_page(app, as_user(who), url + query)
    assert len(seen) - USER_STATEMENTS <= LIST_STATEMENTS, seen
    if who == "hr" and not query:
        assert rows > 0
