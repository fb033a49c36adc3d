"""The audit trail: who changed what (old and new values), transitions, and `flask audit verify`
detecting an edited or a deleted row."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from app.audit.key import audit_key
from app.audit.models import AuditEvent, event_hash
from app.extensions import db
from app.org.models import Employee
from tests.admin.test_integrity import NEW_NIP, employee_form


def events(app, **where):
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        for key, value in where.items():
            query = query.where(getattr(AuditEvent, key) == value)
        rows = db.session.scalars(query).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def verify(app):
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    output = result.output + (getattr(result, "stderr", "") or "")
    return result.exit_code, output


def test_employee_create_edit_delete_are_recorded_with_values_and_actor(app, as_user, world):
    c = as_user("hr")
    assert c.post("/admin/employee/new/", employee_form(world)).status_code == 302
    with app.app_context():
        new_id = db.session.scalar(select(Employee.id).where(Employee.nip == NEW_NIP))
    [created] = events(app, action="create", entity="employee", entity_id=str(new_id))
    assert created.username == "hr" and created.user_id == world.users["hr"]
    values = json.loads(created.changes)
    assert values["nip"] == NEW_NIP and values["name"] == "Pegawai Baru"
    assert values["supervisor_id"] == world.people["atasan"]

    response = c.post(f"/admin/employee/edit/?id={new_id}",
                      employee_form(world, name="Nama Diperbaiki", grade="III/b"))
    assert response.status_code == 302
    [updated] = events(app, action="update", entity="employee", entity_id=str(new_id))
    assert updated.username == "hr"
    changes = json.loads(updated.changes)
    assert changes["name"] == ["Pegawai Baru", "Nama Diperbaiki"]
    assert changes["grade"] == ["III/a", "III/b"]
    assert "nip" not in changes  # unchanged fields are not listed

    assert c.post("/admin/employee/delete/", {"id": new_id}).status_code == 302
    [deleted] = events(app, action="delete", entity="employee", entity_id=str(new_id))
    assert deleted.username == "hr"
    old = json.loads(deleted.changes)
    assert old["name"] == "Nama Diperbaiki" and old["nip"] == NEW_NIP
    assert verify(app)[0] == 0


def test_refused_change_leaves_no_event(app, as_user, world):
    c = as_user("hr")
    before = len(events(app))
    c.post("/admin/employee/new/", employee_form(world, nip="199001152015023001"))  # bad NIP
    c.post("/admin/employee/delete/", {"id": world.people["pegawai"]})  # still in use
    assert len(events(app)) == before


def test_report_transitions_are_recorded(app, as_user, world):
    rid = world.reports["draft"]
    as_user("pegawai").post("/admin/activity_report/transition/submit/", {"id": rid})
    as_user("atasan").post("/admin/activity_report/transition/verify/", {"id": rid})
    recorded = [e for e in events(app, entity="activity_report", entity_id=str(rid))
                if e.action == "transition"]
    assert [(e.username, json.loads(e.changes)["status"]) for e in recorded] == [
        ("pegawai", ["draft", "submitted"]), ("atasan", ["submitted", "verified"])]
    assert verify(app)[0] == 0


def test_return_comment_is_recorded(app, as_user, world):
    rid = world.reports["p2_submitted"]
    as_user("atasan").post("/admin/activity_report/transition/return/comment/",
                           {"ids": str(rid), "comment": "Lampirkan daftar hadir"})
    [event] = [e for e in events(app, entity="activity_report", entity_id=str(rid))
               if e.action == "transition"]
    changes = json.loads(event.changes)
    assert changes["status"] == ["submitted", "returned"]
    assert changes["comment"] == "Lampirkan daftar hadir"


def test_refused_transition_leaves_no_event(app, as_user, world):
    before = len(events(app, action="transition"))
    as_user("atasan_lain").post("/admin/activity_report/transition/verify/",
                                {"id": world.reports["p2_submitted"]})
    c = as_user("pegawai")
    c.post("/admin/activity_report/transition/submit/", {"id": world.reports["submitted"]})
    assert len(events(app, action="transition")) == before


def test_audit_trail_is_visible_to_hr_and_auditor_only(as_user, world):
    for username in ["hr", "auditor"]:
        assert as_user(username).get("/admin/audit/").status_code == 200
    for username in ["atasan", "pegawai", "pelatih", "koordinator"]:
        assert as_user(username).get("/admin/audit/").status_code == 403


# -- the verify command --------------------------------------------------------------------------

def test_verify_passes_on_an_intact_chain(app, world):
    code, output = verify(app)
    assert code == 0, output
    assert str(len(events(app))) in output


def test_verify_passes_on_an_empty_trail(app):
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_checkpoint"))
        db.session.execute(text("DELETE FROM audit_event"))
        db.session.commit()
    assert verify(app)[0] == 0


def middle_event(app):
    rows = events(app)
    assert len(rows) >= 5
    return rows[len(rows) // 2]


def test_verify_detects_edited_changes(app, world):
    target = middle_event(app)
    with app.app_context():
        db.session.execute(text("UPDATE audit_event SET changes = :c WHERE id = :i"),
                           {"c": json.dumps({"name": "dipalsukan"}), "i": target.id})
        db.session.commit()
    code, output = verify(app)
    assert code != 0
    assert f"#{target.id}" in output


@pytest.mark.parametrize("column,value", [("username", "orang_lain"), ("action", "delete"),
                                          ("entity_id", "999"), ("user_id", 42)])
def test_verify_detects_other_edited_columns(column, value, app, world):
    target = middle_event(app)
    with app.app_context():
        db.session.execute(text(f"UPDATE audit_event SET {column} = :v WHERE id = :i"),
                           {"v": value, "i": target.id})
        db.session.commit()
    code, output = verify(app)
    assert code != 0 and f"#{target.id}" in output


def test_verify_detects_edited_time(app, world):
    target = middle_event(app)
    with app.app_context():
        event = db.session.get(AuditEvent, target.id)
        from datetime import timedelta

        db.session.execute(text("UPDATE audit_event SET at = :v WHERE id = :i"),
                           {"v": event.at - timedelta(days=1), "i": target.id})
        db.session.commit()
    code, output = verify(app)
    assert code != 0 and f"#{target.id}" in output


def test_verify_detects_a_deleted_middle_row(app, world):
    rows = events(app)
    target = middle_event(app)
    following = rows[rows.index(next(r for r in rows if r.id == target.id)) + 1]
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_event WHERE id = :i"), {"i": target.id})
        db.session.commit()
    code, output = verify(app)
    assert code != 0
    assert f"#{following.id}" in output


def test_verify_detects_a_rewritten_row_with_a_recomputed_hash(app, world):
    """Editing a row and recomputing its own hash still breaks the link to the next row."""
    rows = events(app)
    target = middle_event(app)
    following = rows[[r.id for r in rows].index(target.id) + 1]
    forged = json.dumps({"name": "dipalsukan"})
    with app.app_context():
        key = audit_key()
    digest = event_hash(key, target.prev_hash, target.at, target.user_id, target.username,
                        target.action, target.entity, target.entity_id, forged)
    with app.app_context():
        db.session.execute(text("UPDATE audit_event SET changes = :c, hash = :h WHERE id = :i"),
                           {"c": forged, "h": digest, "i": target.id})
        db.session.commit()
    code, output = verify(app)
    assert code != 0
    assert f"#{following.id}" in output


def test_audit_events_cannot_be_changed_through_the_orm_unnoticed(app, world):
    """Even a change made through the ORM (not the admin) is caught by verify."""
    target = middle_event(app)
    with app.app_context():
        db.session.get(AuditEvent, target.id).username = "tersangka"
        db.session.commit()
    assert verify(app)[0] != 0
