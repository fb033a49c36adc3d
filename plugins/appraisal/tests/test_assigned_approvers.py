"""The engine's approvers named on the record: the SKP's appraiser approves even after the
employee's supervisor changed, the inbox counts what awaits that appraiser, and HR cannot give
an entity whose records name no approver such a transition."""
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.org.models import Employee
from app.workflow import engine
from app.workflow.models import WorkflowDefinition
from plugins.appraisal.generation import generate
from plugins.appraisal.models import AppraisalCycle, Skp
from plugins.appraisal.tests.test_cycles import give_plans
from tests.core.test_lowcode import _definition_form


def _submitted_skp(app, as_user, world) -> int:
    with app.app_context():
        cycle = AppraisalCycle(year=date.today().year, periodicity="quarterly")
        db.session.add(cycle)
        db.session.commit()
        generate(cycle, world.units["top"])
        give_plans(cycle.id)
        skp_id = db.session.scalar(select(Skp.id).where(
            Skp.employee_id == world.people["pegawai"]))
    as_user("pegawai").post("/admin/appraisal_skp/transition/submit/", {"id": skp_id})
    return skp_id


def test_the_appraiser_named_on_the_skp_approves_not_the_new_supervisor(app, as_user, world):
    skp_id = _submitted_skp(app, as_user, world)
    with app.app_context():  # the employee moves to another supervisor after planning
        db.session.get(Employee, world.people["pegawai"]).supervisor_id = \
            world.people["atasan_lain"]
        db.session.commit()
    assert "appraisal_skp" in as_user("atasan").get("/admin/inbox/").get_data(as_text=True)
    as_user("atasan_lain").post("/admin/appraisal_skp/transition/approve/", {"id": skp_id})
    with app.app_context():
        assert db.session.get(Skp, skp_id).status == "submitted"
    as_user("atasan").post("/admin/appraisal_skp/transition/approve/", {"id": skp_id})
    with app.app_context():
        assert db.session.get(Skp, skp_id).status == "approved"


def test_an_entity_without_named_approvers_refuses_the_assigned_kind(app, as_user, world):
    definition_id, data = _definition_form(app)
    i = sum(1 for key in data if key.endswith("-code") and key.startswith("transitions-"))
    data.update({f"transitions-{i}-id": "", f"transitions-{i}-code": "jump",
                 f"transitions-{i}-label": "Setujui", f"transitions-{i}-from_state": "submitted",
                 f"transitions-{i}-to_state": "verified", f"transitions-{i}-approver": "assigned",
                 f"transitions-{i}-role": "", f"transitions-{i}-position": i})
    page = as_user("hr").post(f"/admin/workflow/edit/?id={definition_id}", data)
    assert "tidak mencantumkan penyetuju" in page.get_data(as_text=True)
    with app.app_context():
        d = db.session.get(WorkflowDefinition, definition_id)
        assert all(t.code != "jump" for t in d.transitions)
        assert engine.bindings()["appraisal_skp"].assignee_column("assigned") is Skp.appraiser_id
