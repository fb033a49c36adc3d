"""Needs from appraisal (only the `appraisal-finalised` signal: the plugin never imports the
appraisal plugin), HR turning suggestions into invitations, and feedback once per attendee."""
from pathlib import Path

from sqlalchemy import select

from app.core.signals import appraisal_finalised
from app.extensions import db
from app.i18n import local_today
from plugins.training.models import Attendance, Participant, SessionFeedback, Suggestion
from plugins.training.tests import scenes


def _finalise(employee_id, ratings, year=2026, period=0):
    appraisal_finalised.send("appraisal", employee_id=employee_id, year=year, period=period,
                             ratings=ratings, predikat="butuh_perbaikan")
    db.session.commit()


def test_below_expectation_creates_a_suggestion_once(app, world):
    with app.app_context():
        pegawai = world.people["pegawai"]
        _finalise(pegawai, {"hasil_kerja": "di_bawah", "perilaku": "sesuai"})
        _finalise(pegawai, {"hasil_kerja": "di_bawah", "perilaku": "sesuai"})   # again
        _finalise(world.people["pegawai2"], {"hasil_kerja": "sesuai", "perilaku": "di_atas"})
        _finalise(world.people["lain"], {"hasil_kerja": "di_bawah", "perilaku": "di_bawah"})
        rows = {(s.employee_id, s.competency) for s in db.session.scalars(select(Suggestion))}
    assert rows == {(pegawai, "teknis"), (world.people["lain"], "teknis"),
                    (world.people["lain"], "sosial_kultural")}


def test_the_plugin_does_not_import_the_appraisal_plugin():
    for source in Path(__file__).parents[1].glob("*.py"):
        assert "plugins.appraisal" not in source.read_text(), source


def test_hr_turns_suggestions_into_invitations(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        sid = scenes.session(scenes.programme(), trainer, local_today(), status="disetujui")
        _finalise(world.people["pegawai"], {"hasil_kerja": "di_bawah", "perilaku": "sesuai"})
        suggestion = db.session.scalar(select(Suggestion.id))
    hr = as_user("hr")
    page = hr.post("/admin/training_suggestion/action/", {"action": "invite",
                                                          "rowid": [suggestion]})
    assert page.status_code == 302 and "invite" in page.location
    form = hr.get(page.location).get_data(as_text=True)
    assert "Pegawai Satu" in form
    hr.post("/admin/training_suggestion/invite/", {"rowid": [suggestion], "session": sid})
    with app.app_context():
        s = db.session.get(Suggestion, suggestion)
        assert s.status == "invited" and s.session_id == sid
        p = db.session.scalar(select(Participant).where(Participant.session_id == sid))
        assert p.employee_id == world.people["pegawai"] and p.mandatory
    assert as_user("pelatih").post("/admin/training_suggestion/invite/", {
        "rowid": [suggestion], "session": sid}).status_code == 403


def test_attendees_rate_a_finished_session_once_and_trainer_sees_summary(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        sid = scenes.session(scenes.programme(), trainer, local_today(), status="selesai")
        for who, mark in (("pegawai", "hadir"), ("pegawai2", "tidak_hadir")):
            p = Participant(session_id=sid, employee_id=world.people[who], result="lulus")
            db.session.add(p)
            db.session.flush()
            db.session.add(Attendance(participant_id=p.id, day=local_today(), status=mark))
        db.session.commit()
    pegawai = as_user("pegawai")
    assert f"session={sid}" in pegawai.get("/admin/training_ledger/").get_data(as_text=True)
    inbox = pegawai.get("/admin/").get_data(as_text=True)
    assert "Beri umpan balik" in inbox
    url = f"/admin/training_ledger/feedback/?session={sid}"
    answers = {"content": "5", "trainer": "4", "relevance": "4", "organisation": "3",
               "comment": "Materi <b>bagus</b>"}
    assert pegawai.post(url, {**answers, "content": "9"}, token_from=url).status_code == 200
    assert pegawai.post(url, answers, token_from=url).status_code == 302
    assert pegawai.get(url).status_code == 302               # once only
    # The absent colleague may not rate.
    assert as_user("pegawai2").get(url).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(SessionFeedback)) == 1
    page = as_user("pelatih").get(f"/admin/training_session/details/?id={sid}").get_data(
        as_text=True)
    assert 'data-average="content">5 / 5' in page and "Materi &lt;b&gt;bagus&lt;/b&gt;" in page
    assert "Pegawai Satu" in page   # (the roster) – but the comment carries no name:
    assert page.index("Materi &lt;b&gt;") > page.index('id="feedback-summary"')
