"""A second role never lifts the SKP owner's restriction (issue 8): an employee who is also a
trainer, a coordinator or an auditor changed the appraiser and the atasan pejabat penilai of
their own SKP through HR's form."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.auth.models import Role, User
from app.extensions import db
from plugins.appraisal.generation import generate
from plugins.appraisal.models import AppraisalCycle, Skp

YEAR = date.today().year


def _own_draft_skp(app, world, roles) -> int:
    with app.app_context():
        cycle = AppraisalCycle(year=YEAR, periodicity="quarterly", state="perencanaan")
        db.session.add(cycle)
        db.session.commit()
        generate(cycle, world.units["top"])
        account = db.session.get(User, world.users["pegawai2"])
        account.roles = list(db.session.scalars(select(Role).where(Role.name.in_(roles))))
        db.session.commit()
        return db.session.scalar(select(Skp.id).where(
            Skp.employee_id == world.people["pegawai2"], Skp.cycle_id == cycle.id))


@pytest.mark.parametrize("second", ["trainer", "forum_coordinator", "auditor"])
def test_a_second_role_does_not_let_the_owner_choose_their_appraiser(app, world, as_user,
                                                                      second):
    skp = _own_draft_skp(app, world, ["employee", second])
    client = as_user("pegawai2")
    form = client.get(f"/admin/appraisal_skp/edit/?id={skp}").get_data(as_text=True)
    assert 'name="resources"' in form
    assert 'name="appraiser"' not in form and 'name="superior"' not in form
    client.post(f"/admin/appraisal_skp/edit/?id={skp}", {
        "resources": "Ruang kerja", "appraiser": world.people["lain"],
        "superior": world.people["hr"], "employee": world.people["lain"],
        "appraiser_name": "Saya Sendiri"})
    with app.app_context():
        row = db.session.get(Skp, skp)
        assert row.resources == "Ruang kerja"
        assert (row.employee_id, row.appraiser_id, row.superior_id, row.appraiser_name) == (
            world.people["pegawai2"], world.people["atasan"], world.people["head"], None)
    for name in ("appraiser", "superior", "employee"):
        assert client.get(f"/admin/appraisal_skp/ajax/lookup/?name={name}&query=a"
                          ).status_code == 403
