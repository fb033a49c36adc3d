"""The workflow editor (issue 12): entity and states picked from lists, the definition drawn
as a server-side SVG on its page, states and transitions as compact rows; validation stays
with the shared definition validator."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.extensions import db
from app.workflow.models import WorkflowDefinition, WorkflowState
from tests.core.test_lowcode import _definition_form


def _definition_id(app, entity="activity_report") -> int:
    with app.app_context():
        return db.session.scalar(select(WorkflowDefinition.id).where(
            WorkflowDefinition.entity == entity))


def test_the_list_and_page_name_the_entity_and_states_by_label(app, as_user, world):
    hr = as_user("hr")
    listing = hr.get("/admin/workflow/").get_data(as_text=True)
    cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", listing, re.S)
    assert "Laporan kegiatan harian" in cells and "Draf" in cells
    assert "activity_report" not in cells and "draft" not in cells


def test_the_definition_is_drawn_as_an_svg(app, as_user, world):
    definition_id = _definition_id(app)
    with app.app_context():
        state = db.session.scalars(select(WorkflowState).where(
            WorkflowState.definition_id == definition_id, WorkflowState.code == "returned")).one()
        state.label = "Dikembalikan <b>"
        db.session.commit()
    page = as_user("auditor").get(f"/admin/workflow/details/?id={definition_id}").get_data(
        as_text=True)
    drawing = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert drawing.count('class="workflow-state"') == 4          # draft, submitted, ...
    assert drawing.count("marker-end=") == 4                      # one arrow per transition
    for label in ["Draf", "Diajukan", "Diverifikasi", "Ajukan", "Verifikasi", "Kembalikan"]:
        assert f">{label}<" in drawing, label
    assert "Dikembalikan &lt;b&gt;" in drawing and "<b>" not in drawing
    assert "<script" not in drawing and "http" not in drawing.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_states_are_picked_from_lists_in_compact_rows(app, as_user, world):
    definition_id = _definition_id(app)
    form = as_user("hr").get(f"/admin/workflow/edit/?id={definition_id}").get_data(as_text=True)
    assert "css/workflow_editor.css" in form
    for name in ["initial_state", "transitions-0-from_state", "transitions-0-to_state"]:
        select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', form, re.S).group(0)
        assert ">Draf</option>" in select_html and ">Diajukan</option>" in select_html, name
    assert re.search(r'<select[^>]*name="entity"', form)
    initial = re.search(r'<select[^>]*name="initial_state".*?</select>', form, re.S).group(0)
    assert re.search(r'<option selected value="draft">Draf</option>|'
                     r'<option value="draft" selected>Draf</option>', initial)


def test_a_state_added_on_the_form_can_be_picked_at_once_and_the_validator_decides(
        app, as_user, world):
    """The lists do not validate: a state typed on the same form is offered and accepted, and
    a state that exists nowhere is refused by the shared validator with its own message."""
    review = ("", "review", "Tinjau", "submitted", "reviewed", "owner_supervisor", "supervisor",
              False, False)
    definition_id, data = _definition_form(app, extra_state=("reviewed", "Ditinjau"),
                                           rewire=[review])
    hr = as_user("hr")
    assert hr.post(f"/admin/workflow/edit/?id={definition_id}", data).status_code == 302
    bad = ("", "jump", "Lompat", "submitted", "nowhere", "owner_supervisor", "", False, False)
    definition_id, data = _definition_form(app, rewire=[bad])
    page = hr.post(f"/admin/workflow/edit/?id={definition_id}", data).get_data(as_text=True)
    assert "nowhere" in page and "Not a valid choice" not in page
    assert "Pilihan tidak valid" not in page
