"""Done when (issue 12): a crawl of every page of every role in the `id` locale finds no
English and no internal code.

The demo world is loaded (`flask demo`); each demo account logs in and the crawl
(tests/i18n/crawl.py) visits its back office from the menu, a sample of each list's records
(details, edit, create) and the pages those link to, and then the public pages. A page fails on
a missing `lang="id"`, an untranslated msgid, a common English UI word, a snake_case
identifier or a bare workflow state code where a label belongs. One URL pattern is visited
once per user, within a page budget, so the whole crawl stays bounded.
"""
from __future__ import annotations

import time

from sqlalchemy import select

from app.extensions import db
from tests.fixtures.core import Client
from tests.i18n.crawl import crawl, internal_codes, page_problems

DEMO_PASSWORD = "kinerja-demo"
DEMO_USERS = ("kepegawaian", "kepala", "atasan", "pegawai", "pelatih", "koordinator", "auditor")
BUDGET = 150  # pages per user: enough for HR's list, details, create and edit of every view


def _state_codes(app) -> frozenset[str]:
    """Workflow state codes that are not also their own label (a code shown is a leak)."""
    from app.workflow.models import WorkflowState

    with app.app_context():
        rows = db.session.execute(select(WorkflowState.code, WorkflowState.label)).all()
    return frozenset(code for code, label in rows if code != label)


def test_every_role_sees_only_indonesian(app):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    codes = _state_codes(app)
    assert {"draft", "submitted"} <= codes
    started = time.process_time()   # (CPU time: the machine's load does not count)
    report, visited_total = [], 0
    for username in DEMO_USERS:
        client = Client(app)
        assert client.login(username, DEMO_PASSWORD).status_code == 302, username
        visited, problems = crawl(client, "/admin/", "/admin", BUDGET, codes)
        assert 5 <= len(visited) < BUDGET, f"{username} reached {len(visited)} pages"
        visited_total += len(visited)
        report += [f"{username} {url}: {p}" for url, found in problems.items() for p in found]
    visited, problems = crawl(Client(app), "/", "/", 25, codes)
    visited_total += len(visited)
    report += [f"(public) {url}: {p}" for url, found in problems.items() for p in found]
    elapsed = time.process_time() - started
    assert not report, f"{len(report)} problem(s) on {visited_total} pages:\n" + "\n".join(
        report[:200])
    assert visited_total >= 150 and elapsed < 60, (visited_total, elapsed)


def test_the_crawl_finds_codes_and_english():
    """The checks above can fail: a page with a table name, a key, a state code, English and
    no language is reported on each count."""
    html = ('<html><body><table><tr><td>appraisal_feedback</td><td>rhk_id</td>'
            '<td>submitted</td><td>Save</td><td>Page 2 of 3</td></tr>'
            '<tr><td>bukti_kegiatan.pdf</td><td>Disetujui</td><td>Jl. Merdeka No. 12</td>'
            '<td>["signed", "final"]</td></tr></table><code>kode_unit</code></body></html>')
    found = "\n".join(page_problems(html, frozenset({"submitted", "signed", "final"})))
    for expected in ["no <html lang", "'appraisal_feedback'", "'rhk_id'",
                     "state code(s) ['submitted']", "'final' shows the state code",
                     "'Save'", "'Page 2 of 3'"]:
        assert expected in found, (expected, found)
    for fine in ["bukti_kegiatan", "Disetujui", "Merdeka", "kode_unit"]:
        assert fine not in found, (fine, found)
    # A state code that is an Indonesian word inside a sentence is no leak.
    assert internal_codes('<p>Kegiatan selesai hari ini</p>', frozenset({"selesai"})) == []
