"""The Content-Security-Policy allows no inline script but the request's own (issue 8): the
header's script-src has no 'unsafe-inline' and carries a fresh nonce; every <script> on the
main pages loads from this origin or carries that nonce; no element has an inline handler
(the policy would silently block it, breaking the button)."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db

SCRIPT = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
NONCE = re.compile(r"'nonce-([^']+)'")


def script_src(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return next(p for p in policy.split(";") if p.strip().startswith("script-src"))


def check(response, url):
    assert response.status_code == 200, url
    src = script_src(response)
    assert "'unsafe-inline'" not in src and "'unsafe-eval'" not in src, url
    nonce = NONCE.search(src).group(1)
    html = response.get_data(as_text=True)
    for attributes in SCRIPT.findall(html):
        assert "src=" in attributes or f'nonce="{nonce}"' in attributes, (url, attributes)
    assert not HANDLER.search(html), (url, HANDLER.search(html).group(0))
    return nonce


def main_pages(app) -> list[str]:
    from app.performance.models import ActivityReport

    pages = ["/admin/", "/admin/inbox/", "/admin/configuration/", "/admin/import/",
             "/admin/data-problems/", "/admin/modules/"]
    with app.app_context():
        views = app.extensions["kinerja_registry"].admin_views
        for endpoint, view in sorted(views.items()):
            pages.append(view.url + "/")
            if not hasattr(view, "model"):
                continue
            if endpoint != "audit":
                pages.append(f"/admin/{endpoint}/new/")
            first = db.session.scalar(select(view.model.id).order_by(view.model.id).limit(1))
            if first is not None:
                pages.append(f"/admin/{endpoint}/details/?id={first}")
        report = db.session.scalar(select(ActivityReport.id).where(
            ActivityReport.status == "draft"))
        pages.append(f"/admin/activity_report/edit/?id={report}")
    return pages


def test_no_inline_script_runs_without_the_nonce_on_the_main_pages(app, world, as_user):
    # HR opens nearly every page; the forum registrations (personal data) are the
    # coordinator's, the trainer's own page the trainer's.
    clients = [as_user(name) for name in ("hr", "koordinator", "pelatih")]
    nonces = set()
    for url in main_pages(app):
        response = next(r for r in (c.get(url, follow_redirects=True) for c in clients)
                        if r.status_code != 403)
        nonces.add(check(response, url))
    assert len(nonces) > 1  # a fresh nonce per response


def test_public_and_login_pages_have_the_same_policy(app, world, client):
    for url in ["/", "/login"]:
        check(client.get(url, follow_redirects=True), url)
