"""Combining roles never grants more on a view than the most one of those roles grants alone
(DESIGN 7, issue 8): for every back-office model view and every pair of roles, the create form,
the edit form of one's own record, the rows listed and the ajax lookups are exactly those of one
of the two roles on its own, never a mix (an employee who is also a trainer, a coordinator or an
auditor once got HR's forms: another employee's daily report, every NIP through the lookup).

One account (linked to a supervisor with staff) changes roles between requests; its session
stays valid, the roles are read on every request.
"""
from __future__ import annotations

import itertools
import re
from datetime import date

import pytest
from sqlalchemy import select

from app.auth.models import Role, User
from app.core.roles import ROLES
from app.extensions import db
from app.org.models import Employee
from app.performance.models import ActivityReport
from tests.admin.helpers import listed_ids
from tests.fixtures.world import user

FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.S)
NOT_FORM = {"csrf_token", "next"}
PAIRS = list(itertools.combinations(sorted(ROLES), 2))


def set_roles(app, user_id, roles) -> None:
    with app.app_context():
        account = db.session.get(User, user_id)
        account.roles = list(db.session.scalars(select(Role).where(Role.name.in_(roles))))
        db.session.commit()


def form_fields(response):
    """The names of a form page's fields, or None when there is no form (sent back, 403)."""
    if response.status_code != 200:
        return None
    return frozenset(FIELD.findall(response.get_data(as_text=True))) - NOT_FORM


def lookup(response):
    return (response.status_code, response.get_data(as_text=True)
            if response.status_code == 200 else "")


@pytest.fixture
def multi(app, world, as_user):
    """A client logged in as `multi` (the world's supervisor `atasan` under another account),
    with an own draft report to edit; returns (client, user id, {name: url})."""
    with app.app_context():
        me = db.session.get(Employee, world.people["atasan"])
        db.session.get(User, world.users["atasan"]).employee = None
        db.session.flush()
        account = user("multi", ["employee"], me)
        draft = ActivityReport(employee=me, date=date.today(), description="Draf sendiri",
                               duration_minutes=30, status="draft")
        db.session.add(draft)
        db.session.commit()
        ids = account.id, draft.id
        views = app.extensions["kinerja_registry"].admin_views
        urls = {}
        for endpoint, view in sorted(views.items()):
            urls[f"{endpoint} list"] = f"/admin/{endpoint}/"
            urls[f"{endpoint} create"] = f"/admin/{endpoint}/new/"
            for name in sorted(getattr(view, "form_ajax_refs", None) or {}):
                urls[f"{endpoint} lookup {name}"] = \
                    f"/admin/{endpoint}/ajax/lookup/?name={name}&query=e"
        urls["activity_report edit own"] = f"/admin/activity_report/edit/?id={ids[1]}"
    return as_user("multi"), ids[0], urls


def grants(client, urls) -> dict:
    """What the current roles get on each URL: form fields, listed row ids, lookup answers."""
    out = {}
    for key, url in urls.items():
        response = client.get(url)
        if key == "audit list":  # (grows with every request: the trail records them)
            out[key] = response.status_code
        elif key.endswith(" list"):
            out[key] = frozenset(listed_ids(response)) if response.status_code == 200 \
                else response.status_code
        elif " lookup " in key:
            out[key] = lookup(response)
        else:
            out[key] = form_fields(response)
    return out


def test_a_pair_of_roles_gets_on_every_view_what_the_better_of_them_gets_alone(app, multi):
    client, user_id, urls = multi
    alone = {}
    for role in ROLES:
        set_roles(app, user_id, [role])
        alone[role] = grants(client, urls)
    mixed, pairs = [], {}
    for a, b in PAIRS:
        set_roles(app, user_id, [a, b])
        pairs[a, b] = both = grants(client, urls)
        for key, got in both.items():
            if got not in (alone[a][key], alone[b][key]):
                mixed.append(f"{a}+{b} on {key}: {got!r} (alone: {alone[a][key]!r} / "
                             f"{alone[b][key]!r})")
    assert not mixed, "\n".join(mixed[:20])
    # The better grant, not the lesser: HR + employee is HR wherever HR has a grant (where only
    # the employee has one, e.g. recording one's own outside training, the employee's);
    # employee + trainer on the daily reports is the employee (the trainer has no grant there).
    assert pairs["employee", "hr_admin"] == {
        key: alone["employee"][key] if alone["hr_admin"][key] is None else grant
        for key, grant in alone["hr_admin"].items()}
    for key in urls:
        if key.startswith("activity_report"):
            assert pairs["employee", "trainer"][key] == alone["employee"][key], key
    assert "employee" in alone["hr_admin"]["activity_report create"]
    assert "employee" not in pairs["employee", "trainer"]["activity_report create"]


@pytest.mark.parametrize("second", ["trainer", "forum_coordinator", "auditor"])
def test_a_second_role_cannot_file_a_report_for_someone_else(app, world, as_user, second):
    with app.app_context():
        account = db.session.get(User, world.users["pegawai"])
        account.roles = list(db.session.scalars(select(Role).where(
            Role.name.in_(["employee", second]))))
        db.session.commit()
    client = as_user("pegawai")
    client.post("/admin/activity_report/new/", {
        "employee": world.people["lain"], "date": date.today().isoformat(),
        "description": "Laporan atas nama orang lain", "duration_minutes": "30"})
    with app.app_context():
        owners = db.session.scalars(select(ActivityReport.employee_id).where(
            ActivityReport.description == "Laporan atas nama orang lain")).all()
    assert owners == [world.people["pegawai"]]
    response = client.get("/admin/activity_report/ajax/lookup/?name=employee&query=a")
    assert response.status_code == 403
