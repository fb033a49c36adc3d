"""Exports and lookups show a role only what its pages show (issue 8): trainers and forum
coordinators exported the NIPs of unit heads from the work-unit list."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.org.models import Employee


def _head(app, world):
    with app.app_context():
        return db.session.scalar(select(Employee).where(Employee.id == world.people["head"]))


@pytest.mark.parametrize("who", ["pelatih", "koordinator"])
def test_trainers_and_coordinators_see_no_nip_of_unit_heads(app, world, as_user, who):
    head = _head(app, world)
    client = as_user(who)
    for url in ["/admin/work_unit/", "/admin/work_unit/export/csv/",
                f"/admin/work_unit/details/?id={world.units['dpm']}"]:
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert head.name in body, url
        assert head.nip not in body, url
    assert client.get("/admin/work_unit/ajax/lookup/?name=head&query=a").status_code == 403


def test_hr_still_exports_the_heads_nip_and_the_details_columns(app, world, as_user):
    head = _head(app, world)
    with app.app_context():
        db.session.get(Employee, world.people["head"]).email = "kepala@manokwarikab.go.id"
        db.session.commit()
    hr = as_user("hr")
    assert f"{head.name} ({head.nip})" in hr.get("/admin/work_unit/export/csv/").get_data(
        as_text=True)
    # (e-mail is on the employee's details page, so it stays in the export)
    assert "kepala@manokwarikab.go.id" in hr.get("/admin/employee/export/csv/").get_data(
        as_text=True)
