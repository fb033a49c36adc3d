"""The version columns against lost updates (migrations 0006 and appraisal_0004) on a populated
database: existing rows start at version 1, and down and up again keeps every row."""
from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.extensions import db
from tests.test_migrations import empty_database  # noqa: F401  (the fixture)

pytestmark = pytest.mark.no_db


def _rows(conn) -> dict:
    return {t: conn.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar()
            for t in ("work_unit", "employee", "activity_report", "workflow_definition",
                      "appraisal_cycle", "appraisal_skp")}


def test_versions_down_and_up_on_a_populated_database(empty_database):  # noqa: F811
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="heads")
        assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
        db.session.remove()
        with db.engine.connect() as conn:
            before = _rows(conn)
        assert all(before.values()), before

        # To just below each (forced past the later steps that cannot keep their data: the
        # frozen versions of appraisal_0004_final_snapshots, the holidays of 0006_perf_*).
        downgrade(directory=directory, revision="appraisal_0003_appraisal_chain",
                  x_arg=["force=1"])
        downgrade(directory=directory, revision="0006_audit_keyed_chain", x_arg=["force=1"])
        with db.engine.connect() as conn:
            assert _rows(conn) == before
            for table in ("employee", "appraisal_skp"):
                assert "version" not in {c["name"] for c in inspect(conn).get_columns(table)}

        upgrade(directory=directory, revision="heads")
        with db.engine.connect() as conn:
            assert _rows(conn) == before
            for table in ("employee", "activity_report", "appraisal_evaluation"):
                assert conn.execute(text(
                    f'SELECT DISTINCT version FROM "{table}"')).scalars().all() in ([1], [])
        db.engine.dispose()
