"""The 0003 revision gives existing SKP and evaluation workflow definitions (seeded before
it, perhaps edited by HR) the new state and transitions, fills the evaluations' deadlines,
and takes them away again on downgrade."""
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from app import create_app
from app.extensions import db
from app.workflow.definition import build
from app.workflow.models import WorkflowDefinition
from plugins.appraisal.workflows import EVALUATION_DEFINITION, SKP_DEFINITION

pytestmark = pytest.mark.no_db
OLD_CODES = {"submit", "approve", "reject", "rate", "sign", "return", "acknowledge", "finalise"}


def _old(spec: dict) -> dict:
    """The definition as the plugin seeded it before this revision."""
    return {**spec, "states": [s for s in spec["states"] if s["code"] != "objected"],
            "transitions": [t for t in spec["transitions"] if t["code"] in OLD_CODES
                            and (t["code"], t["from_state"]) not in {
                                ("acknowledge", "rated"), ("finalise", "rated")}]}


def _arrows(entity):
    d = db.session.scalar(select(WorkflowDefinition).where(WorkflowDefinition.entity == entity))
    db.session.refresh(d)
    return {(t.code, t.from_state) for t in d.transitions}, {s.code for s in d.states}


def test_existing_definitions_get_the_new_transitions(tmp_path):
    from tests.fixtures.core import ON_POSTGRES

    if ON_POSTGRES:
        pytest.skip("the revision's data steps are the same on both; run on SQLite")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}")
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="appraisal_0002")
        # The definitions are built with today's models: the core at its newest
        # revision (version columns, workflow states' "editable" and colour, the
        # configuration version the cache reads).
        upgrade(directory=directory, revision="0007_lookfeel_state_color")
        db.session.add_all([build(_old(SKP_DEFINITION)), build(_old(EVALUATION_DEFINITION))])
        db.session.commit()
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO work_unit (id, code, name, kind, is_service_unit, active, "
                "created_at, updated_at) VALUES (1, 'U', 'Unit', 'dinas', 0, 1, :t, :t)"),
                {"t": "2026-01-01"})
            conn.execute(text(
                "INSERT INTO employee (id, nip, name, employment_type, active, created_at, "
                "updated_at) VALUES (1, '198504122010031001', 'A', 'pns', 1, :t, :t)"),
                {"t": "2026-01-01"})
            conn.execute(text(
                "INSERT INTO appraisal_cycle (id, year, periodicity, state, created_at, "
                "updated_at) VALUES (1, 2025, 'quarterly', 'pemantauan', :t, :t)"),
                {"t": "2026-01-01"})
            conn.execute(text(
                "INSERT INTO appraisal_skp (id, cycle_id, employee_id, status, jpt, created_at, "
                "updated_at) VALUES (1, 1, 1, 'approved', 0, :t, :t)"), {"t": "2026-01-01"})
            conn.execute(text(
                "INSERT INTO appraisal_evaluation (id, skp_id, period, employee_id, status, "
                "created_at, updated_at) VALUES (1, 1, 2, 1, 'draft', :t, :t)"),
                {"t": "2026-01-01"})
        before, _states = _arrows("appraisal_evaluation")
        assert ("object", "rated") not in before

        upgrade(directory=directory, revision="heads")
        arrows, states = _arrows("appraisal_evaluation")
        assert {(t["code"], t["from_state"]) for t in EVALUATION_DEFINITION["transitions"]} \
            == arrows and "objected" in states
        assert ("record_approval", "submitted") in _arrows("appraisal_skp")[0]
        assert db.session.execute(text("SELECT deadline FROM appraisal_evaluation")).scalar() \
            in (date(2025, 7, 14), "2025-07-14")
        db.session.remove()

        downgrade(directory=directory, revision="appraisal_0002")
        arrows, states = _arrows("appraisal_evaluation")
        assert arrows == before and "objected" not in states
        db.session.remove()
        db.engine.dispose()
