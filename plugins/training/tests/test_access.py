"""Access per role: a trainer sees and runs only their own sessions; an employee sees their
own ledger and participations; a supervisor their staff's; the auditor reads and changes
nothing; HR sees everything."""
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today
from plugins.training.models import Participant, TrainingSession
from plugins.training.tests import scenes
from tests.fixtures.world import employee, user


def _two_sessions(app, world):
    """One session of `pelatih`, one of another trainer; pegawai on both."""
    with app.app_context():
        mine = scenes.link_trainer()
        other = employee("Pelatih Lain", None)
        db.session.flush()
        user("pelatih2", ["trainer"], other)
        db.session.commit()
        programme = scenes.programme()
        today = local_today()
        own = scenes.session(programme, mine, today, status="berlangsung")
        theirs = scenes.session(programme, other.id, today, status="berlangsung")
        for sid in (own, theirs):
            db.session.add(Participant(session_id=sid, employee_id=world.people["pegawai"]))
            db.session.add(Participant(session_id=sid, employee_id=world.people["lain"]))
        db.session.commit()
        return own, theirs


def test_trainer_sees_and_runs_only_their_sessions(app, as_user, world):
    own, theirs = _two_sessions(app, world)
    pelatih = as_user("pelatih")
    listing = pelatih.get("/admin/training_session/").get_data(as_text=True)
    assert f"id={own}" in listing and f"id={theirs}" not in listing
    assert pelatih.get(f"/admin/training_session/details/?id={theirs}").status_code == 302
    assert pelatih.get(f"/admin/training_session/attendance/?id={theirs}").status_code == 404
    for url in ("invite", "results", "certificates"):
        assert pelatih.post(f"/admin/training_session/{url}/",
                            {"id": theirs, "mode": "list", "nips": ""}).status_code == 404
    assert pelatih.get(f"/admin/training_session/attendance/?id={own}").status_code == 200
    export = pelatih.get("/admin/training_session/export/csv/").get_data(as_text=True)
    assert export.count("\n") == 2          # header and their one session
    participants = pelatih.get("/admin/training_participant/").get_data(as_text=True)
    with app.app_context():
        ids = {p.session_id: p.id for p in db.session.scalars(select(Participant))}
    assert f"id={ids[own]}" in participants and f"id={ids[theirs]}" not in participants
    # A trainer cannot plan a session for someone else: the field is not in their form.
    assert 'name="trainer"' not in pelatih.get("/admin/training_session/new/").get_data(
        as_text=True)


def test_employee_sees_own_ledger_and_participations(app, as_user, world):
    own, theirs = _two_sessions(app, world)
    pegawai = as_user("pegawai")
    assert pegawai.get("/admin/training_ledger/").status_code == 200
    # Another employee's ledger is refused (back to one's own), a staff member's is not for
    # a colleague.
    other = pegawai.get(f"/admin/training_ledger/?employee={world.people['lain']}")
    assert other.status_code == 302 and other.location.endswith("/admin/training_ledger/")
    page = pegawai.get("/admin/training_participant/").get_data(as_text=True)
    with app.app_context():
        mine = set(db.session.scalars(select(Participant.id).where(
            Participant.employee_id == world.people["pegawai"])))
        others = set(db.session.scalars(select(Participant.id).where(
            Participant.employee_id == world.people["lain"])))
    assert all(f"id={i}" in page for i in mine)
    assert not any(f"id={i}\"" in page for i in others)
    assert pegawai.get("/admin/training_session/").status_code == 403
    assert pegawai.get("/admin/training_compliance/").status_code == 403
    # Their supervisor sees it; the auditor too, HR any by NIP.
    atasan = as_user("atasan")
    assert atasan.get(f"/admin/training_ledger/?employee={world.people['pegawai']}"
                      ).status_code == 200
    assert atasan.get(f"/admin/training_ledger/?employee={world.people['lain']}"
                      ).status_code == 302
    with app.app_context():
        nip = scenes.nip_of(world.people["lain"])
    page = as_user("hr").get(f"/admin/training_ledger/?nip={nip}").get_data(as_text=True)
    assert "Pegawai Lain" in page


def test_auditor_reads_but_changes_nothing(app, as_user, world):
    own, _theirs = _two_sessions(app, world)
    auditor = as_user("auditor")
    assert auditor.get(f"/admin/training_session/details/?id={own}").status_code == 200
    assert auditor.get("/admin/training_compliance/").status_code == 200
    assert auditor.post(f"/admin/training_session/attendance/?id={own}",
                        {"x": "1"}).status_code == 404
    assert auditor.post("/admin/training_session/transition/finish/",
                        {"id": own}).status_code == 302
    with app.app_context():
        assert db.session.get(TrainingSession, own).status == "berlangsung"


def test_only_hr_approves_and_trainer_cancels_with_a_reason(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        sid = scenes.session(scenes.programme(), trainer, local_today() + timedelta(days=3))
    pelatih, hr = as_user("pelatih"), as_user("hr")
    pelatih.post("/admin/training_session/transition/approve/", {"id": sid})
    hr.post("/admin/training_session/transition/start/", {"id": sid})
    with app.app_context():
        assert db.session.get(TrainingSession, sid).status == "direncanakan"
    hr.post("/admin/training_session/transition/approve/", {"id": sid})
    # Cancelling needs a reason, which is kept on the session.
    pelatih.post("/admin/training_session/transition/cancel/comment/?ids=" + str(sid),
                 {"comment": ""}, token_from=f"/admin/training_session/details/?id={sid}")
    with app.app_context():
        assert db.session.get(TrainingSession, sid).status == "disetujui"
    response = pelatih.post(f"/admin/training_session/transition/cancel/comment/?ids={sid}",
                            {"comment": "Narasumber berhalangan"},
                            token_from=f"/admin/training_session/details/?id={sid}")
    assert response.status_code == 302
    with app.app_context():
        s = db.session.get(TrainingSession, sid)
        assert s.status == "dibatalkan" and s.cancel_reason == "Narasumber berhalangan"
