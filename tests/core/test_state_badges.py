"""A workflow state shows as a coloured badge everywhere, in the colour HR gives the state: the
colour is data (editor, validator, configuration file), with defaults that follow the diagram
for states that have none."""
import json

from sqlalchemy import select

from app.core.registry import registry
from app.extensions import db
from app.performance.workflow import DEFAULT_DEFINITION
from app.workflow.badges import badge, default_colors
from app.workflow.definition import validate
from app.workflow.models import WorkflowDefinition, WorkflowState
from tests.core.test_lowcode import _definition_form


def _state(app, code, entity="activity_report") -> WorkflowState:
    with app.app_context():
        return db.session.scalars(select(WorkflowState).join(WorkflowDefinition).where(
            WorkflowDefinition.entity == entity, WorkflowState.code == code)).one()


def test_the_seeded_report_states_have_their_colours(app, world):
    colours = {s["code"]: s["color"] for s in DEFAULT_DEFINITION["states"]}
    assert colours == {"draft": "secondary", "submitted": "info", "verified": "success",
                       "returned": "warning"}
    assert _state(app, "returned").color == "warning"


def test_states_without_a_colour_follow_the_diagram():
    spec = json.loads(json.dumps(DEFAULT_DEFINITION))
    for state in spec["states"]:
        state.pop("color")
    spec["states"].append({"code": "archived", "label": "Diarsipkan", "is_final": True,
                           "color": "dark"})
    assert default_colors(spec) == {"draft": "secondary", "submitted": "info",
                                    "verified": "success", "returned": "warning",
                                    "archived": "dark"}


def test_the_validator_refuses_a_colour_outside_the_palette(app):
    spec = json.loads(json.dumps(DEFAULT_DEFINITION))
    spec["states"][1]["color"] = "hotpink"
    with app.app_context():
        clean, errors = validate(spec, registry())
    assert clean is None
    assert any("color" in e and "hotpink" in e for e in errors), errors
    spec["states"][1]["color"] = ""
    with app.app_context():
        clean, errors = validate(spec, registry())
    assert errors == [] and clean["states"][1]["color"] is None   # empty: the default


def test_a_badge_escapes_its_label_and_falls_back_to_grey():
    html = str(badge("<b>Draf</b>", "not-a-colour"))
    assert html == ('<span class="badge badge-secondary badge-state">'
                    '&lt;b&gt;Draf&lt;/b&gt;</span>')


def test_hr_recolours_a_state_and_the_list_and_details_follow(app, as_user, world):
    report_id = world.reports["submitted"]
    definition_id, data = _definition_form(app)
    index = next(k for k, v in data.items() if v == "submitted" and k.startswith("states-"))
    row = index.rsplit("-", 1)[0]
    editor = as_user("hr").get(f"/admin/workflow/edit/?id={definition_id}").get_data(as_text=True)
    assert f'name="{row}-color"' in editor and 'value="danger"' in editor
    for key in [k for k in data if k.startswith("states-")]:
        data.setdefault(key.rsplit("-", 1)[0] + "-color", "")
    data[f"{row}-color"] = "danger"
    as_user("hr").post(f"/admin/workflow/edit/?id={definition_id}", data, follow_redirects=True)
    assert _state(app, "submitted").color == "danger"

    atasan = as_user("atasan")
    listing = atasan.get("/admin/activity_report/").get_data(as_text=True)
    assert '<span class="badge badge-danger badge-state">Diajukan</span>' in listing
    details = atasan.get(f"/admin/activity_report/details/?id={report_id}").get_data(as_text=True)
    assert '<span class="badge badge-danger badge-state">Diajukan</span>' in details
    # The export keeps the plain label.
    export = atasan.get("/admin/activity_report/export/csv/").get_data(as_text=True)
    assert "Diajukan" in export and "badge" not in export


def test_a_colour_outside_the_palette_is_refused_by_the_editor(app, as_user, world):
    definition_id, data = _definition_form(app)
    index = next(k for k, v in data.items() if v == "submitted" and k.startswith("states-"))
    data[index.rsplit("-", 1)[0] + "-color"] = "pink"
    as_user("hr").post(f"/admin/workflow/edit/?id={definition_id}", data, follow_redirects=True)
    assert _state(app, "submitted").color == "info"


def test_the_configuration_file_carries_the_colours(app, world, tmp_path):
    path = tmp_path / "konfigurasi.json"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["config", "export", str(path)]).exit_code == 0
    data = json.loads(path.read_text())
    report = next(w for w in data["workflows"] if w["entity"] == "activity_report")
    next(s for s in report["states"] if s["code"] == "returned")["color"] = "danger"
    path.write_text(json.dumps(data))
    result = runner.invoke(args=["config", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert _state(app, "returned").color == "danger"

    next(s for s in report["states"] if s["code"] == "returned")["color"] = "#ff00ff"
    path.write_text(json.dumps(data))
    result = runner.invoke(args=["config", "import", str(path)])
    assert result.exit_code != 0 and "#ff00ff" in result.output
    assert _state(app, "returned").color == "danger"
