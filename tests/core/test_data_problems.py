"""The report of supervisor-link problems HR must fix."""
from app.extensions import db
from app.org import problems
from app.org.models import Employee


def test_detects_missing_elsewhere_and_loops(app, as_user, world):
    with app.app_context():
        people = {k: db.session.get(Employee, v) for k, v in world.people.items()}
        # `atasan_lain` has no supervisor and heads no top-level unit: missing.
        missing = {e.id for e in problems.without_supervisor()}
        assert people["atasan_lain"].id in missing
        # The head of DPMPTSP (a top unit's head would be exempt; DPMPTSP is under PEMDA).
        # A supervisor in an unrelated unit:
        people["pegawai2"].supervisor = people["atasan_lain"]
        # A loop: atasan -> head -> atasan.
        people["head"].supervisor = people["atasan"]
        db.session.commit()
        elsewhere = {(e.id, s.id) for e, s in problems.supervisor_elsewhere()}
        assert (people["pegawai2"].id, people["atasan_lain"].id) in elsewhere
        # Staff whose supervisor sits in a unit above theirs is fine.
        assert all(e.id != people["pegawai"].id for e, _s in problems.supervisor_elsewhere())
        loops = problems.supervisor_loops()
        assert [sorted(loop) for loop in loops] == [sorted([people["atasan"].id,
                                                             people["head"].id])]
    page = as_user("hr").get("/admin/data-problems/").get_data(as_text=True)
    assert "Pegawai Dua" in page and "Kepala DPMPTSP" in page


def test_supervisor_loop_is_refused_in_the_form(app, as_user, world):
    hr = as_user("hr")
    head_id = world.people["head"]
    with app.app_context():
        head = db.session.get(Employee, head_id)
        form = {"nip": head.nip, "name": head.name, "employment_type": "pns", "grade": "III/a",
                "unit": str(head.unit_id), "supervisor": str(world.people["pegawai"]),
                "active": "y"}
    hr.post(f"/admin/employee/edit/?id={head_id}", form)
    with app.app_context():
        assert db.session.get(Employee, head_id).supervisor_id is None
