"""The states and transitions code relies on are a contract: the workflow editor refuses to
remove or rename them (naming the module that needs them), labels and additions stay free, and
states that records are in cannot disappear either."""
from sqlalchemy import select

from app.extensions import db
from app.performance.models import ActivityReport
from app.workflow.models import WorkflowDefinition
from tests.core.test_lowcode import _definition_form


def _codes(app, entity="activity_report"):
    with app.app_context():
        d = db.session.scalars(select(WorkflowDefinition).where(
            WorkflowDefinition.entity == entity)).one()
        return [s.code for s in d.states], [s.label for s in d.states]


def _post(as_user, definition_id, data):
    response = as_user("hr").post(f"/admin/workflow/edit/?id={definition_id}", data,
                                  follow_redirects=True)
    return response.get_data(as_text=True).replace("&#34;", '"')


def test_renaming_a_state_the_code_relies_on_is_refused(app, as_user, world):
    definition_id, data = _definition_form(app)
    index = next(k for k, v in data.items() if v == "submitted" and k.startswith("states-"))
    data[index] = "diajukan"
    for key, value in list(data.items()):
        if key.startswith("transitions-") and value == "submitted":
            data[key] = "diajukan"
    page = _post(as_user, definition_id, data)
    assert "status submitted tidak dapat dihapus atau diganti kodenya" in page
    assert 'modul "performance"' in page
    assert "submitted" in _codes(app)[0]


def test_labels_stay_free(app, as_user, world):
    definition_id, data = _definition_form(app)
    index = next(k for k, v in data.items() if v == "Diajukan")
    data[index] = "Menunggu verifikasi"
    _post(as_user, definition_id, data)
    assert "Menunggu verifikasi" in _codes(app)[1]


def test_the_initial_state_stays_and_a_reserved_code_is_refused(app, as_user, world):
    definition_id, data = _definition_form(app)
    page = _post(as_user, definition_id, {**data, "initial_state": "returned"})
    assert "status awal harus tetap draft" in page
    definition_id, data = _definition_form(app)
    code = next(k for k, v in data.items() if k.startswith("transitions-") and v == "verify")
    page = _post(as_user, definition_id, {**data, code: "delete"})
    assert 'kode "delete" sudah dipakai oleh sistem' in page
    with app.app_context():
        d = db.session.get(WorkflowDefinition, definition_id)
        assert d.initial_state == "draft" and "delete" not in {t.code for t in d.transitions}


def test_a_state_records_are_in_cannot_be_removed(app, as_user, world):
    definition_id, data = _definition_form(app, extra_state=("reviewed", "Ditinjau"))
    _post(as_user, definition_id, data)
    assert "reviewed" in _codes(app)[0]                      # adding a state is free
    with app.app_context():
        db.session.get(ActivityReport, world.reports["submitted"]).status = "reviewed"
        db.session.commit()
    definition_id, data = _definition_form(app)
    index = next(k for k, v in data.items() if v == "reviewed" and k.startswith("states-"))
    data["del-" + index.rsplit("-", 1)[0]] = "y"             # Flask-Admin's inline delete box
    page = _post(as_user, definition_id, data)
    assert "1 data berada pada status reviewed" in page
    assert "reviewed" in _codes(app)[0]


def test_the_appraisal_contract_names_its_plugin(app, as_user, world):
    from app.core.registry import registry
    from app.workflow.definition import validate
    from plugins.appraisal.workflows import SKP_DEFINITION

    spec = {**SKP_DEFINITION, "states": [dict(s) for s in SKP_DEFINITION["states"]],
            "transitions": [dict(t) for t in SKP_DEFINITION["transitions"]]}
    spec["states"][2]["code"] = "disetujui"
    for t in spec["transitions"]:
        t["to_state"] = "disetujui" if t["to_state"] == "approved" else t["to_state"]
    with app.test_request_context():
        _clean, errors = validate(spec, registry())
    text = " ".join(errors)
    assert "status approved tidak dapat dihapus" in text and 'modul "appraisal"' in text
    assert "transisi approve dari submitted ke approved" in text


def test_workflows_check_finds_a_stored_definition_that_breaks_the_contract(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["workflows", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():   # as if HR had renamed it before the code declared its contract
        d = db.session.scalars(select(WorkflowDefinition).where(
            WorkflowDefinition.entity == "activity_report")).one()
        next(s for s in d.states if s.code == "verified").code = "disahkan"
        for t in d.transitions:
            t.to_state = "disahkan" if t.to_state == "verified" else t.to_state
        db.session.commit()
    result = runner.invoke(args=["workflows", "check"])
    assert result.exit_code == 1
    assert "status verified tidak dapat dihapus atau diganti kodenya" in result.output
