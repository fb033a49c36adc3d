"""Migrations on a populated database (the demo data), SQLite and PostgreSQL: a downgrade that
cannot keep data refuses, naming what would be lost, and changes nothing; forced, it runs
(no FOREIGN KEY failure on SQLite) and the upgrade rebuilds the schema; one that can keep the
data round-trips. Migration 0006 makes the audit tables append-only and re-keys an existing
chain."""
from __future__ import annotations

import os
import shutil
import uuid

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.audit.models import GENESIS, unkeyed_event_hash
from app.core.downgrade import DowngradeRefused
from app.extensions import db
from tests.fixtures.core import ON_POSTGRES
from tests.test_migrations import COMPARE

pytestmark = pytest.mark.no_db


def _server():
    return make_url(os.environ["TEST_DATABASE_URL"])


def _admin():
    return create_engine(_server(), isolation_level="AUTOCOMMIT")


def _new_database(template: str | None = None) -> str:
    name = f"kinerja_mig_{uuid.uuid4().hex[:8]}"
    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'
                          + (f' TEMPLATE "{template}"' if template else "")))
    engine.dispose()
    return name


def _drop_database(name: str) -> None:
    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _url(name: str) -> str:
    return _server().set(database=name).render_as_string(hide_password=False)


def alembic(app, action: str, revision: str, force: bool = False) -> None:
    """Run an Alembic command as `flask db` does, letting its exception through."""
    migrate = app.extensions["migrate"]
    config = migrate.migrate.get_config(migrate.directory,
                                        x_arg=["force=1"] if force else None)
    getattr(command, action)(config, revision)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    """A database at the heads filled by `flask demo`, built once per module."""
    if ON_POSTGRES:
        name = _new_database()
        url = _url(name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        alembic(app, "upgrade", "heads")
        runner = app.test_cli_runner()
        for args in (["workflows", "seed"], ["demo"]):
            result = runner.invoke(args=args)
            assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()
    yield name if ON_POSTGRES else url
    if ON_POSTGRES:
        _drop_database(name)


@pytest.fixture
def demo_app(demo_template, tmp_path):
    """An app on a fresh copy of the demo database."""
    if ON_POSTGRES:
        name = _new_database(template=demo_template)
        url = _url(name)
    else:
        copy = tmp_path / "demo.db"
        shutil.copy(make_url(demo_template).database, copy)
        url = f"sqlite:///{copy}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if ON_POSTGRES:
        _drop_database(name)


def snapshot(tables=None) -> dict:
    """Every row of every table (or of `tables`), as sorted tuples."""
    names = tables or [t for t in inspect(db.engine).get_table_names()
                       if t != "alembic_version"]
    # (Not the version columns against lost updates: a downgrade past 0006_lostupd drops them
    # and the upgrade starts every row at 1 again, as documented.)
    inspector = inspect(db.engine)
    columns = {t: ", ".join(f'"{c["name"]}"' for c in inspector.get_columns(t)
                            if c["name"] != "version") for t in names}
    with db.engine.connect() as conn:
        return {t: sorted(tuple(str(v) for v in row)
                          for row in conn.execute(text(f'SELECT {columns[t]} FROM "{t}"')))
                for t in names}


def heads() -> set[str]:
    with db.engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def test_lossy_downgrades_refuse_naming_the_loss_and_change_nothing(demo_app):
    before, revisions = snapshot(), heads()
    with pytest.raises(DowngradeRefused) as refused:
        alembic(demo_app, "downgrade", "appraisal@base")
    message = str(refused.value)
    assert "appraisal_evaluation_snapshot" in message and "force=1" in message
    alembic(demo_app, "downgrade", "appraisal_0003_appraisal_chain", force=True)
    before, revisions = snapshot(), heads()
    with pytest.raises(DowngradeRefused) as refused:
        alembic(demo_app, "downgrade", "appraisal@base")
    message = str(refused.value)
    assert "appraisal_external_signature" in message and "force=1" in message
    with pytest.raises(DowngradeRefused, match="badge colours"):   # the newest lossy core step
        alembic(demo_app, "downgrade", "0005_auth_security")
    # (0007_offline_client_id loses nothing here: the demo has no reports sent by a phone.
    # SQLite commits each step's DDL, so it goes down first, outside the refused run; the
    # seeded badge colours of 0007_lookfeel_state_color go with it.)
    alembic(demo_app, "downgrade", "0006_perf_reports", force=True)
    before, revisions = snapshot(), heads()
    with pytest.raises(DowngradeRefused, match="holidays"):    # the newest lossy core step
        alembic(demo_app, "downgrade", "0005_auth_security")
    db.engine.dispose()
    assert heads() == revisions
    after = snapshot()
    assert not [t for t in after if t.startswith("_alembic_tmp")]
    assert after == before


def test_each_plugin_step_refuses_what_it_would_lose(demo_app):
    """Forced past the newest step, the older ones still refuse on their own (PostgreSQL
    downgrade + upgrade used to wipe every appraisal row)."""
    alembic(demo_app, "downgrade", "appraisal_0002", force=True)
    with pytest.raises(DowngradeRefused, match="rows of appraisal_evaluation"):
        alembic(demo_app, "downgrade", "appraisal@base")
    db.engine.dispose()
    counts = {t: len(rows) for t, rows in snapshot(["appraisal_skp", "appraisal_cycle"]).items()}
    assert counts["appraisal_skp"] > 0 and counts["appraisal_cycle"] > 0


def test_forced_downgrade_runs_and_upgrade_rebuilds_the_schema(demo_app):
    """On SQLite this failed with FOREIGN KEY constraint failed (dropping appraisal_skp's
    batch copy) and left _alembic_tmp_appraisal_skp behind."""
    alembic(demo_app, "downgrade", "appraisal@base", force=True)
    db.engine.dispose()
    assert not [t for t in inspect(db.engine).get_table_names() if t.startswith("appraisal_")]
    alembic(demo_app, "upgrade", "heads")
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts=COMPARE),
                                db.metadata) == []


def test_downgrades_that_keep_the_data_round_trip(demo_app):
    """Without what appraisal_0003 cannot keep (signatures outside the system, cascade links,
    outside signers' names) and the frozen versions appraisal_0004 cannot, they and 0006 (its
    checkpoints forced away) go down and up again with every other row as it was, and the
    audit chain still verifies."""
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM appraisal_evaluation_snapshot"))
        conn.execute(text("DELETE FROM holiday"))           # (and what 0006_perf_* cannot)
        conn.execute(text("DELETE FROM target_period"))
        conn.execute(text("UPDATE indicator SET aggregation = NULL"))
        conn.execute(text("UPDATE realisation SET evidence_name = NULL"))
        conn.execute(text("UPDATE activity_report SET evidence_name = NULL"))
        conn.execute(text("UPDATE employee SET backdate_days = NULL"))
        conn.execute(text("DELETE FROM appraisal_external_signature"))
        conn.execute(text("DELETE FROM appraisal_rhk_target"))
        conn.execute(text("UPDATE appraisal_skp SET appraiser_name = NULL, "
                          "appraiser_position = NULL, superior_name = NULL, "
                          "superior_position = NULL"))
    # Re-created on the way up: the seeded workflow rows, the position history and the frozen
    # versions appraisal_0004 takes of the signed evaluations (recording that in the trail).
    # Derived, rebuilt on the way up: the dashboard's summaries (from the reports) and the
    # configuration cache's version (a new random token); the job queue's history goes with a
    # forced downgrade.
    volatile = {"audit_checkpoint", "workflow_state", "workflow_transition",
                "position_history", "appraisal_evaluation_snapshot", "audit_event",
                "summary_employee_day", "summary_unit_day", "summary_employee_state",
                "summary_unit_state", "config_version", "job"}
    trail = snapshot(["audit_event"])["audit_event"]
    before = {t: rows for t, rows in snapshot().items() if t not in volatile}
    alembic(demo_app, "downgrade", "appraisal_0002")
    alembic(demo_app, "downgrade", "0005_auth_security", force=True)
    alembic(demo_app, "upgrade", "heads")
    db.engine.dispose()
    after = {t: rows for t, rows in snapshot().items() if t not in volatile}
    assert after == before
    assert set(trail) <= set(snapshot(["audit_event"])["audit_event"])   # only appended to
    result = demo_app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("statement", [
    "UPDATE audit_event SET username = 'x'", "DELETE FROM audit_event",
    "UPDATE audit_checkpoint SET event_count = 0", "DELETE FROM audit_checkpoint",
    "TRUNCATE audit_event"])
def test_the_database_refuses_to_change_audit_rows(demo_app, statement):
    if statement.startswith("TRUNCATE") and not ON_POSTGRES:
        pytest.skip("SQLite has no TRUNCATE (DELETE is refused)")
    demo_app.test_cli_runner().invoke(args=["audit", "verify"])  # at least one checkpoint
    with pytest.raises(Exception, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text(statement))
    db.engine.dispose()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM audit_event")).scalar() > 0
        assert conn.execute(text("SELECT COUNT(*) FROM audit_event WHERE username = 'x'")
                            ).scalar() == 0


@pytest.fixture
def empty_app(tmp_path):
    if ON_POSTGRES:
        name = _new_database()
        url = _url(name)
    else:
        url = f"sqlite:///{tmp_path / 'empty.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    if ON_POSTGRES:
        _drop_database(name)


def _unkeyed_chain(conn, changes: list[str]) -> None:
    from datetime import datetime

    prev = GENESIS
    for number, body in enumerate(changes, 1):
        at = datetime(2026, 11, 30, 8, number)
        digest = unkeyed_event_hash(prev, at, None, "sistem", "create", "unit", str(number),
                                    body)
        conn.execute(text(
            "INSERT INTO audit_event (at, user_id, username, action, entity, entity_id, "
            "changes, prev_hash, hash) VALUES (:at, NULL, 'sistem', 'create', 'unit', :e, :c, "
            ":p, :h)"), {"at": at, "e": str(number), "c": body, "p": prev, "h": digest})
        prev = digest


def test_0006_rekeys_an_existing_chain(empty_app):
    alembic(empty_app, "upgrade", "0005_auth_security")
    with db.engine.begin() as conn:
        _unkeyed_chain(conn, ['{"a":1}', '{"b":2}', '{"c":3}'])
    alembic(empty_app, "upgrade", "heads")
    result = empty_app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "3 audit events" in result.output, result.output


def test_0006_refuses_to_rekey_an_altered_chain(empty_app):
    alembic(empty_app, "upgrade", "0005_auth_security")
    with db.engine.begin() as conn:
        _unkeyed_chain(conn, ['{"a":1}', '{"b":2}'])
        conn.execute(text("UPDATE audit_event SET changes = :c WHERE id = 2"),
                     {"c": '{"b":3}'})
    with pytest.raises(Exception, match="audit event #2 does not verify"):
        alembic(empty_app, "upgrade", "heads")


def test_0007_offline_refuses_to_lose_the_device_ids(demo_app):
    """Without the ids a phone that sends a report again would store it twice: the downgrade
    refuses while any report carries one; forced, it drops the column in place."""
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE activity_report SET offline_client_id = "
                          "'c0ffee00-0000-4000-8000-000000000001' "
                          "WHERE id = (SELECT MIN(id) FROM activity_report)"))
    # (past the newer step first: it refuses on its own, for the seeded badge colours)
    alembic(demo_app, "downgrade", "0007_offline_client_id", force=True)
    revisions = heads()
    with pytest.raises(DowngradeRefused, match="offline_client_id"):
        alembic(demo_app, "downgrade", "0006_perf_reports")
    db.engine.dispose()
    assert heads() == revisions
    alembic(demo_app, "downgrade", "0006_perf_reports", force=True)
    db.engine.dispose()
    columns = {c["name"] for c in inspect(db.engine).get_columns("activity_report")}
    assert "offline_client_id" not in columns and "description" in columns
    alembic(demo_app, "upgrade", "heads")
    db.engine.dispose()
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts=COMPARE),
                                db.metadata) == []
