"""Appraisal cycles: bulk SKP generation on a large unit tree, the SKP workflow, locking of a
finished cycle, and who sees which SKP."""
from datetime import date

import pytest
from sqlalchemy import func, insert, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.org.models import Employee, WorkUnit
from plugins.appraisal.generation import generate
from plugins.appraisal import rules
from plugins.appraisal.models import ANNUAL, AppraisalCycle, Evaluation, Iki, Rhk, Skp


def _cycle(app, state="perencanaan") -> int:
    with app.app_context():
        cycle = AppraisalCycle(year=date.today().year, periodicity="quarterly", state=state)
        db.session.add(cycle)
        db.session.commit()
        return cycle.id


def _skps(app):
    with app.app_context():
        return {s.employee_id: (s.appraiser_id, s.superior_id, s.status)
                for s in db.session.scalars(select(Skp))}


def test_bulk_generation_on_a_tree_of_1000_employees(app, world):
    with app.app_context():
        root = WorkUnit(code="BESAR", name="Dinas Besar", kind="dinas")
        children = [WorkUnit(code=f"BESAR-B{i}", name=f"Bidang {i}", kind="bidang", parent=root)
                    for i in range(4)]
        db.session.add_all([root, *children])
        db.session.flush()
        head = Employee(nip="198001012005011001", name="Kepala Dinas Besar", unit=root)
        db.session.add(head)
        db.session.flush()
        rows, next_id = [], db.session.scalar(select(func.max(Employee.id))) + 1
        kabids = {}
        for i, unit in enumerate(children):
            kabids[unit.id] = next_id
            rows.append({"id": next_id, "nip": f"19800202200501{i + 1}{1:03d}"[:14] + f"1{i + 2:03d}",
                         "name": f"Kabid {i}", "unit_id": unit.id, "supervisor_id": head.id,
                         "employment_type": "pns", "active": True})
            next_id += 1
        for n in range(1000):
            unit = children[n % 4]
            rows.append({"id": next_id, "nip": f"1990{1 + n % 12:02d}{1 + n % 28:02d}2015031"
                                                f"{n % 999 + 1:03d}"[:18],
                         "name": f"Staf {n}", "unit_id": unit.id,
                         "supervisor_id": kabids[unit.id], "employment_type": "pns",
                         "active": n != 7})
            next_id += 1
        for row in rows:  # the same valid NIP shape, made unique by the running number
            row["nip"] = row["nip"][:15] + f"{row['id'] % 1000:03d}"
            row["nip"] = row["nip"][:6] + f"{1 + row['id'] // 1000 % 28:02d}" + row["nip"][8:]
        db.session.execute(insert(Employee), rows)
        db.session.commit()
        cycle = db.session.get(AppraisalCycle, _cycle(app))
        created = generate(cycle, root.id)
        assert created == 1 + 4 + 999                      # the inactive employee is left out
        assert generate(cycle, root.id) == 0               # no duplicates on a second run
        staff = db.session.scalar(select(Skp).join(Employee, Employee.id == Skp.employee_id)
                                  .where(Employee.name == "Staf 10"))
        assert staff.appraiser.name.startswith("Kabid")
        assert staff.superior_id == head.id
        assert db.session.scalar(select(func.count()).select_from(Skp).where(
            Skp.employee_id == world.people["pegawai"])) == 0   # another tree
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "generate").order_by(AuditEvent.id)).all()[-1]
        assert event.changes_dict["created"] == 0


def _generate_world(app, world, planned=True) -> int:
    """A cycle with SKP drafts for the world; `planned`: each with an RHK utama and an IKI, so
    that it may be submitted."""
    cycle_id = _cycle(app)
    with app.app_context():
        generate(db.session.get(AppraisalCycle, cycle_id), world.units["top"])
        if planned:
            give_plans(cycle_id)
    return cycle_id


def give_plans(cycle_id: int) -> None:
    """One RHK utama with one IKI on every SKP of the cycle (inside an app context)."""
    for skp in db.session.scalars(select(Skp).where(Skp.cycle_id == cycle_id)):
        db.session.add(Rhk(skp=skp, kind="utama", text="Layanan perizinan tepat waktu",
                           indicators=[Iki(name="Izin terbit", aspect="kuantitas",
                                           target="100 izin")]))
    db.session.commit()


def test_an_skp_without_a_main_rhk_with_an_indicator_cannot_be_submitted(app, as_user, world):
    _generate_world(app, world, planned=False)
    skp = _skp_id(app, world.people["pegawai"])
    pegawai = as_user("pegawai")
    pegawai.post("/admin/appraisal_skp/transition/submit/", {"id": skp})
    page = pegawai.get(f"/admin/appraisal_skp/details/?id={skp}").get_data(as_text=True)
    assert "RHK utama" in page and 'data-transition="submit"' not in page
    with app.app_context():
        assert db.session.get(Skp, skp).status == "draft"
        db.session.add(Rhk(skp_id=skp, kind="tambahan", text="Tugas tambahan",
                           indicators=[Iki(name="Laporan", aspect="kuantitas", target="1")]))
        db.session.commit()
    pegawai.post("/admin/appraisal_skp/transition/submit/", {"id": skp})
    with app.app_context():
        assert db.session.get(Skp, skp).status == "draft"           # tambahan is not enough
        give_plans(db.session.get(Skp, skp).cycle_id)
    pegawai.post("/admin/appraisal_skp/transition/submit/", {"id": skp})
    with app.app_context():
        assert db.session.get(Skp, skp).status == "submitted"


def _skp_id(app, employee_id):
    with app.app_context():
        return db.session.scalar(select(Skp.id).where(Skp.employee_id == employee_id))


def test_skp_workflow_submit_reject_with_comment_and_approve(app, as_user, world):
    _generate_world(app, world)
    skp = _skp_id(app, world.people["pegawai"])
    assert _skps(app)[world.people["pegawai"]] == (world.people["atasan"],
                                                   world.people["head"], "draft")
    pegawai, atasan = as_user("pegawai"), as_user("atasan")
    pegawai.post("/admin/appraisal_skp/transition/approve/", {"id": skp})  # not the appraiser
    pegawai.post("/admin/appraisal_skp/transition/submit/", {"id": skp})
    assert _skps(app)[world.people["pegawai"]][2] == "submitted"
    response = atasan.post("/admin/appraisal_skp/transition/reject/", {"id": skp})
    assert "comment" in response.headers["Location"]          # a comment is required first
    atasan.post("/admin/appraisal_skp/transition/reject/comment/",
                {"ids": str(skp), "comment": "Tambahkan RHK tambahan"})
    assert _skps(app)[world.people["pegawai"]][2] == "draft"
    pegawai.post("/admin/appraisal_skp/transition/submit/", {"id": skp})
    atasan.post("/admin/appraisal_skp/transition/approve/", {"id": skp})
    assert _skps(app)[world.people["pegawai"]][2] == "approved"


def test_finished_cycle_is_locked_until_hr_reopens_it(app, as_user, world):
    cycle_id = _generate_world(app, world)
    hr = as_user("hr")
    for _stage in range(2):
        hr.post("/admin/appraisal_cycle/advance/", {"id": cycle_id})
    # (the last step asks for a confirmation first)
    hr.post(f"/admin/appraisal_cycle/finish/?id={cycle_id}", {"confirm": "y"})
    with app.app_context():
        assert db.session.get(AppraisalCycle, cycle_id).state == "selesai"
    skp = _skp_id(app, world.people["pegawai"])
    as_user("pegawai").post("/admin/appraisal_skp/transition/submit/", {"id": skp})
    assert _skps(app)[world.people["pegawai"]][2] == "draft"       # locked
    hr.post(f"/admin/appraisal_skp/edit/?id={skp}", {"appraiser": str(world.people["head"])})
    assert _skps(app)[world.people["pegawai"]][0] == world.people["atasan"]
    as_user("auditor").post("/admin/appraisal_cycle/reopen/", {"id": cycle_id})
    with app.app_context():
        assert db.session.get(AppraisalCycle, cycle_id).state == "selesai"   # read-only role
    hr.post("/admin/appraisal_cycle/reopen/", {"id": cycle_id})
    as_user("pegawai").post("/admin/appraisal_skp/transition/submit/", {"id": skp})
    assert _skps(app)[world.people["pegawai"]][2] == "submitted"
    with app.app_context():
        moves = [e.changes_dict["state"] for e in db.session.scalars(select(AuditEvent).where(
            AuditEvent.entity == "appraisal_cycle", AuditEvent.action == "transition")
            .order_by(AuditEvent.id))]
        assert moves[-1] == ["selesai", "evaluasi"] and len(moves) == 4


@pytest.mark.parametrize("username,visible", [
    ("pegawai", {"pegawai"}),
    ("atasan", {"atasan", "pegawai", "pegawai2"}),
    ("atasan_lain", {"atasan_lain", "lain", "hr"}),
])
def test_each_role_sees_only_its_skp(app, as_user, world, username, visible):
    _generate_world(app, world)
    names = {"pegawai": "Pegawai Satu", "pegawai2": "Pegawai Dua", "atasan": "Atasan Satu",
             "atasan_lain": "Atasan Lain", "lain": "Pegawai Lain", "hr": "Staf Kepegawaian",
             "head": "Kepala DPMPTSP"}
    assert _owners(as_user(username)) == {names[key] for key in visible}


def _owners(client) -> set[str]:
    """The employees whose SKP the client may see (the scoped CSV export, column 2)."""
    import csv
    import io

    text = client.get("/admin/appraisal_skp/export/csv/").get_data(as_text=True).lstrip("\ufeff")
    return {row[1].split(" (")[0] for row in list(csv.reader(io.StringIO(text)))[1:]}


def test_superior_sees_the_appraisers_decisions_and_others_none(app, as_user, world):
    _generate_world(app, world)
    # `head` supervises `atasan`, so head is the atasan pejabat penilai of atasan's staff.
    from tests.fixtures.world import user

    with app.app_context():
        user("kepala", ["supervisor", "employee"], db.session.get(Employee, world.people["head"]))
        db.session.commit()
    assert _owners(as_user("kepala")) == {"Kepala DPMPTSP", "Atasan Satu", "Pegawai Satu",
                                          "Pegawai Dua"}
    for role in ["pelatih", "koordinator"]:
        assert as_user(role).get("/admin/appraisal_skp/").status_code == 403
        assert as_user(role).get("/admin/appraisal_cycle/").status_code == 403
    assert as_user("pegawai").get("/admin/appraisal_cycle/").status_code == 403


def test_demo_data_has_a_cycle_with_skp_for_everyone(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0          # idempotent
    with app.app_context():
        active = db.session.scalar(select(func.count()).select_from(Employee).where(
            Employee.active.is_(True)))
        years = db.session.execute(select(AppraisalCycle.year, AppraisalCycle.state)
                                   .order_by(AppraisalCycle.year)).all()
        assert [state for _year, state in years] == ["selesai", "pemantauan"]
        assert years[1][0] - years[0][0] == 1
        assert db.session.scalar(select(func.count()).select_from(Skp)) == 2 * active
        annual = db.session.scalars(select(Evaluation).where(Evaluation.period == ANNUAL)).all()
        assert annual and all(e.status == "final" and e.predikat == rules.predikat(
            e.hasil_kerja, e.perilaku) for e in annual)
        _demo_has_the_top_of_the_chain_and_a_functional_employee(annual)


def _demo_has_the_top_of_the_chain_and_a_functional_employee(annual):
    """Issue 10's demo: a kepala dinas, the Sekda and a functional employee whose evaluations
    go to Final; the kepala dinas's RHK start at DPMPTSP's PK."""
    from plugins.appraisal.credit import angka_kredit
    from plugins.appraisal.models import ExternalSignature, RhkTarget
    from plugins.appraisal.signers import ABSENT, EXTERNAL, superior_kind

    kinds = {e.employee.position.kind if e.employee.position else None for e in annual}
    assert {"jpt", "fungsional"} <= kinds
    sekda = next(e for e in annual if e.employee.supervisor_id is None)
    kepala = next(e for e in annual if e.employee.unit.code == "DPMPTSP"
                  and e.employee.unit.head_id == e.employee_id)
    assert (sekda.appraiser_id, superior_kind(sekda)) == (None, ABSENT)
    assert (kepala.appraiser_id, superior_kind(kepala)) == (sekda.employee_id, EXTERNAL)
    steps = {(s.record_id, s.step) for s in db.session.scalars(select(ExternalSignature))}
    assert {(sekda.id, "rated"), (kepala.id, "signed")} <= steps
    credits = [angka_kredit(e) for e in annual if e.employee.position
               and e.employee.position.kind == "fungsional"]
    assert credits and all(c and c > 0 for c in credits)
    assert db.session.scalar(select(func.count()).select_from(RhkTarget)) >= 2


def test_cycle_health_counts_per_unit_and_links_to_the_list(app, as_user, world):
    cycle_id = _generate_world(app, world)
    with app.app_context():
        db.session.add(Employee(nip="199001012015031999", name="Pegawai Baru", active=True,
                                unit_id=world.units["dpm"]))
        db.session.commit()
    as_user("pegawai").post("/admin/appraisal_skp/transition/submit/",
                            {"id": _skp_id(app, world.people["pegawai"])})
    page = as_user("hr").get(f"/admin/appraisal_cycle/details/?id={cycle_id}").get_data(
        as_text=True)
    import re

    row = re.search(rf'<tr data-unit="{world.units["dpm"]}">(.*?)</tr>', page, re.S).group(1)
    counts = dict(re.findall(r'data-count="(\w+)">(?:<a href="([^"]*)">)?(\d+)', row)[i][::2]
                  for i in range(4))
    assert counts == {"missing": "1", "draft": "3", "submitted": "1", "approved": "0"}
    link = re.search(r'data-count="submitted"><a href="([^"]+)"', row).group(1).replace("&amp;", "&")
    listing = as_user("hr").get(link).get_data(as_text=True)
    assert "Pegawai Satu" in listing and "Pegawai Dua" not in listing
