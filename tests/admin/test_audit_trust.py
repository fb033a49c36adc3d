"""Audit you can trust (issue 8): the chain is keyed with AUDIT_KEY, so recomputing it without
the key fails verify; signed checkpoints of the head catch deleted newest events; checkpoints
are written on verify, daily and by `flask audit checkpoint`; HR and the auditor verify from
the back office; production refuses to start without the key; the chain can be re-keyed."""
from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from app import create_app
from app.audit.key import DEVELOPMENT_KEY
from app.audit.models import GENESIS, AuditCheckpoint, AuditEvent, event_hash, unkeyed_event_hash
from app.extensions import db
from tests.admin.test_audit import events, verify
from tests.admin.test_integrity import employee_form


def recompute_chain(app, start_id, hash_fn):
    """What an attacker with only the database does: rewrite every hash from `start_id` on."""
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        prev = GENESIS
        for row in rows:
            if row.id >= start_id:
                digest = hash_fn(prev, row.at, row.user_id, row.username, row.action,
                                 row.entity, row.entity_id, row.changes)
                db.session.execute(text("UPDATE audit_event SET prev_hash = :p, hash = :h "
                                        "WHERE id = :i"), {"p": prev, "h": digest, "i": row.id})
                prev = digest
            else:
                prev = row.hash
        db.session.commit()


def forget_checkpoints(app):
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_checkpoint"))
        db.session.commit()


@pytest.mark.parametrize("attack", ["sha256", "guessed_key"])
def test_an_edited_row_with_a_recomputed_chain_fails_verify(app, world, attack):
    """The app's hash function without the key (the plain SHA-256 it used before, or the keyed
    one with a guessed key) cannot produce a chain that verifies."""
    rows = events(app)
    target = rows[len(rows) // 2]
    with app.app_context():
        db.session.execute(text("UPDATE audit_event SET changes = :c WHERE id = :i"),
                           {"c": json.dumps({"name": "dipalsukan"}), "i": target.id})
        db.session.commit()
    hash_fn = unkeyed_event_hash if attack == "sha256" else \
        (lambda *fields: event_hash(DEVELOPMENT_KEY.encode()[::-1], *fields))
    recompute_chain(app, target.id, hash_fn)
    forget_checkpoints(app)  # the attacker deletes those too: the key alone must catch it
    code, output = verify(app)
    assert code != 0, output
    assert f"#{target.id}" in output


def test_deleting_the_newest_events_fails_verify(app, as_user, world):
    assert verify(app)[0] == 0  # signs a checkpoint of the head
    rows = events(app)
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_event WHERE id > :i"), {"i": rows[-4].id})
        db.session.commit()
    code, output = verify(app)
    assert code != 0
    assert "deleted" in output and f"{len(rows) - 3} events" in output


def test_deleting_newest_events_and_recomputing_fails_verify(app, world):
    assert verify(app)[0] == 0
    rows = events(app)
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_event WHERE id >= :i"), {"i": rows[-2].id})
        db.session.commit()
    recompute_chain(app, rows[0].id, unkeyed_event_hash)
    assert verify(app)[0] != 0


def test_a_forged_checkpoint_fails_verify(app, world):
    assert verify(app)[0] == 0
    with app.app_context():
        db.session.execute(text("UPDATE audit_checkpoint SET event_count = 1"))
        db.session.commit()
    code, output = verify(app)
    assert code != 0 and "signature" in output


def test_verify_writes_a_signed_checkpoint_to_the_table_and_the_log(app, world, caplog):
    caplog.set_level(logging.INFO, logger="app.audit")
    assert verify(app)[0] == 0
    with app.app_context():
        cp = db.session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc())
                                ).first()
        count = db.session.scalar(select(func.count()).select_from(AuditEvent))
        head = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (cp.reason, cp.event_count, cp.last_event_id, cp.head_hash) == (
        "verify", count, head.id, head.hash)
    [line] = [r.getMessage() for r in caplog.records
              if r.getMessage().startswith(f"audit checkpoint #{cp.id} ")]
    assert f"events={count}" in line and cp.signature in line


def test_a_checkpoint_follows_the_first_audited_write_after_a_day(app, as_user, world):
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditCheckpoint))
        events_before = db.session.scalar(select(func.count()).select_from(AuditEvent))
        assert before >= 1  # the first audited write of a fresh trail signs one
        db.session.execute(text("UPDATE audit_checkpoint SET at = :t"),
                           {"t": AuditCheckpoint.at.type.python_type.now() - timedelta(days=2)})
        db.session.commit()
    # An old checkpoint's signature no longer holds after that edit; that is not the point
    # here: count what the next write adds.
    as_user("hr").post("/admin/employee/new/", employee_form(world))
    with app.app_context():
        newest = db.session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc())
                                    ).first()
        assert newest.reason == "daily" and newest.id > before
        # It signs the head as the write left it (later writes of the request follow it).
        assert events_before < newest.event_count <= db.session.scalar(
            select(func.count()).select_from(AuditEvent))


def test_checkpoint_command_signs_the_head(app, world):
    result = app.test_cli_runner().invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        cp = db.session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id.desc())
                                ).first()
    assert cp.reason == "command"
    assert verify(app)[0] == 0


def test_production_refuses_to_start_without_the_audit_key(monkeypatch):
    monkeypatch.setenv("KINERJA_SECRET_KEY", "x" * 40)
    monkeypatch.delenv("KINERJA_AUDIT_KEY", raising=False)
    with pytest.raises(RuntimeError, match="AUDIT_KEY"):
        create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://")
    with pytest.raises(RuntimeError, match="AUDIT_KEY"):
        create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://", AUDIT_KEY="short")
    monkeypatch.setenv("KINERJA_AUDIT_KEY", "k" * 64)
    app = create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["AUDIT_KEY"] == "k" * 64


def test_development_uses_the_fixed_key_and_says_so(caplog):
    caplog.set_level(logging.WARNING, logger="app.audit")
    app = create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["AUDIT_KEY"] == DEVELOPMENT_KEY
    assert any("development key" in r.getMessage() for r in caplog.records)


def test_rekey_moves_the_chain_to_a_new_key(app, world):
    assert verify(app)[0] == 0
    old = app.config["AUDIT_KEY"]
    runner = app.test_cli_runner()
    try:
        app.config["AUDIT_KEY"] = "n" * 64
        assert verify(app)[0] != 0  # the new key does not verify the old chain
        refused = runner.invoke(args=["audit", "rekey", "--old-key", "w" * 64])
        assert refused.exit_code != 0
        done = runner.invoke(args=["audit", "rekey"], env={"KINERJA_AUDIT_OLD_KEY": old})
        assert done.exit_code == 0, done.output
        assert verify(app)[0] == 0
    finally:
        app.config["AUDIT_KEY"] = old


# -- the back office -----------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["hr", "auditor"])
def test_the_auditor_verifies_from_the_back_office(app, as_user, world, username):
    c = as_user(username)
    assert c.get("/admin/audit/verify/").status_code == 405  # no state change on GET
    page = c.get("/admin/audit/").get_data(as_text=True)
    assert 'action="/admin/audit/verify/"' in page and "Verifikasi jejak audit" in page
    response = c.post("/admin/audit/verify/", {}, token_from="/admin/audit/")
    assert response.status_code == 302
    page = c.get("/admin/audit/").get_data(as_text=True)
    assert "Jejak audit utuh" in page
    with app.app_context():
        assert db.session.scalars(select(AuditCheckpoint.reason)).all()[-1] == "verify"


def test_the_back_office_names_the_first_broken_event_with_a_link(app, as_user, world):
    target = events(app)[3]
    with app.app_context():
        db.session.execute(text("UPDATE audit_event SET username = 'orang_lain' WHERE id = :i"),
                           {"i": target.id})
        db.session.commit()
    c = as_user("auditor")
    c.post("/admin/audit/verify/", {}, token_from="/admin/audit/")
    page = c.get("/admin/audit/").get_data(as_text=True)
    assert "Jejak audit TIDAK utuh" in page
    assert f'/admin/audit/details/?id={target.id}' in page and f">#{target.id}</a>" in page


def test_verification_needs_csrf_and_the_role(app, as_user, world):
    assert as_user("hr").http.post("/admin/audit/verify/").status_code == 400
    assert as_user("pegawai").post("/admin/audit/verify/", {}).status_code == 403


def test_the_configuration_export_is_a_security_event(app, as_user, world):
    assert as_user("hr").get("/admin/configuration/export/").status_code == 200
    [event] = events(app, action="export")
    assert (event.entity, event.username) == ("config_transfer", "hr")
    recorded = json.loads(event.changes)
    assert recorded["format"] == "json" and recorded["rows"] > 0 and recorded["sections"]
