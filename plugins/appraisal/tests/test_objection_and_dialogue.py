"""Issue 10, objection (keberatan) and dialog kinerja: the employee objects after the
appraiser signs, within the cycle's days, once; the atasan pejabat penilai upholds or changes
the ratings with reasons (HR records a decision taken outside the system); all on the
workflow engine, audited and in the document. Appraiser and employee record coaching sessions
that the evaluation page lists."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.workflow.models import TransitionLog
from plugins.appraisal import rules
from plugins.appraisal.dialogue import may_record
from plugins.appraisal.models import AppraisalCycle, Dialogue, Evaluation, Objection, Skp
from plugins.appraisal.services import Actor, NotYours, Refused, objecting
from plugins.appraisal.tests.scenes import approve, chain, evaluation, get
from plugins.appraisal.workflows import EVALUATION
from tests.admin.helpers import alerts
from tests.i18n.conftest import assert_indonesian

EV = "/admin/appraisal_evaluation"


def _rated(app, scene, key="pegawai", days_ago=0, status="rated") -> int:
    """A rated evaluation of `key`, signed by the appraiser `days_ago` days ago (WIT)."""
    approve(app, scene.skp[key])
    ev = evaluation(app, scene.skp[key], period=1, status=status,
                    ratings=(rules.DI_BAWAH, rules.SESUAI))
    with app.app_context():
        db.session.add(TransitionLog(
            entity=EVALUATION, record_id=ev, transition="rate", label="Tetapkan",
            from_state="draft", to_state="rated", username="atasan",
            at=datetime.now(timezone.utc) - timedelta(days=days_ago)))
        db.session.commit()
    return ev


# --- objection: rules ------------------------------------------------------------------------

def test_the_objection_window_and_one_objection(app, world):
    scene = chain(app, world)
    ev = _rated(app, scene, days_ago=3)
    with app.app_context():
        row = db.session.get(Evaluation, ev)
        today = date.today()
        assert objecting.objection_deadline(row) in (today + timedelta(days=11),
                                                     today + timedelta(days=12))
        assert objecting.object_problem(row) is None
        assert "terlewati" in objecting.object_problem(row, today + timedelta(days=30))
        row.skp.cycle.objection_days = 2
        assert "terlewati" in objecting.object_problem(row)
        row.skp.cycle.objection_days = 14
        db.session.add(Objection(evaluation_id=ev, reasons="Tidak adil"))
        db.session.flush()
        assert "satu kali" in objecting.object_problem(row)
        db.session.rollback()


def test_decision_rules(app, world):
    scene = chain(app, world)
    ev = _rated(app, scene, status="objected")
    with app.app_context():
        hr = db.session.scalar(select(User).where(User.username == "hr"))
        row = db.session.get(Evaluation, ev)
        db.session.add(Objection(evaluation_id=ev, reasons="Tidak adil",
                                 hasil_kerja=rules.DI_BAWAH, perilaku=rules.SESUAI))
        db.session.commit()
        superior, appraiser = Actor(world.people["head"]), Actor(world.people["atasan"])
        assert objecting.decider(row, superior) == "decide"
        assert objecting.decider(row, appraiser) is None
        assert objecting.decider(row, Actor(hr.employee_id, hr=True)) is None   # in the system
        with pytest.raises(NotYours):
            objecting.decide(row, "uphold", {}, "Tetap", appraiser, hr)
        for decision, ratings in [("change", {"hasil_kerja": rules.DI_BAWAH,
                                              "perilaku": rules.SESUAI}),
                                  ("change", {"hasil_kerja": rules.SESUAI}),
                                  ("other", {})]:
            with pytest.raises(Refused):
                objecting.decide(row, decision, ratings, "Alasan", superior, hr)
        assert row.status == "objected" and row.hasil_kerja == rules.DI_BAWAH
        # The decision transitions wait for the decision itself.
        assert "formulir" in objecting.decision_problem(row)
        # Outside the system (the Sekda's superior is nobody): HR records whoever decided.
        sekda_ev = _rated(app, scene, key="sekda", status="objected")
        sekda_row = db.session.get(Evaluation, sekda_ev)
        assert objecting.decider(sekda_row, Actor(hr.employee_id, hr=True)) == "record_decision"


# --- objection: the journey --------------------------------------------------------------------

def test_the_employee_objects_and_the_superior_changes_the_ratings(app, world, as_user):
    scene = chain(app, world)
    ev = _rated(app, scene)
    pegawai, kepala = as_user("pegawai"), as_user("kepala")
    page = pegawai.get(f"{EV}/details/?id={ev}").get_data(as_text=True)
    assert 'id="objection-window"' in page and 'data-transition="object"' in page
    # The reasons are required (the engine's comment page).
    response = pegawai.post(f"{EV}/transition/object/", {"id": ev})
    assert "comment" in response.headers["Location"]
    pegawai.post(f"{EV}/transition/object/comment/",
                 {"ids": str(ev), "comment": "Realisasi melampaui target; mohon ditinjau."})
    assert get(app, Evaluation, ev).status == "objected"
    with app.app_context():
        objection = db.session.scalar(select(Objection))
        assert (objection.reasons, objection.hasil_kerja, objection.predikat) == (
            "Realisasi melampaui target; mohon ditinjau.", rules.DI_BAWAH,
            rules.BUTUH_PERBAIKAN)
    # The appraiser cannot decide; nor can the employee object twice.
    assert as_user("atasan").post(f"{EV}/decide/", {
        "id": ev, "decision": "uphold", "reasons": "x"}).status_code == 403
    assert re.search(r'data-count="decide"[^>]*>1<', kepala.get("/admin/").get_data(
        as_text=True))                                  # on the superior's dashboard
    response = kepala.get(f"{EV}/details/?id={ev}")
    assert_indonesian(response, "objection to decide, as the superior")
    assert 'id="decision-form"' in response.get_data(as_text=True)
    response = kepala.post(f"{EV}/decide/", {"id": ev, "decision": "change", "reasons": "",
                                             "hasil_kerja": rules.SESUAI,
                                             "perilaku": rules.SESUAI}, follow_redirects=True)
    assert get(app, Evaluation, ev).status == "objected"          # reasons required
    kepala.post(f"{EV}/decide/", {"id": ev, "decision": "change",
                                  "reasons": "Bukti dukung lengkap.",
                                  "hasil_kerja": rules.SESUAI, "perilaku": rules.SESUAI})
    row = get(app, Evaluation, ev)
    assert (row.status, row.hasil_kerja, row.predikat) == ("signed", rules.SESUAI, rules.BAIK)
    with app.app_context():
        assert db.session.scalar(select(Objection.decision)) == "change"
        assert db.session.scalar(select(TransitionLog.comment).where(
            TransitionLog.transition == "decide")) == "Bukti dukung lengkap."
        audited = set(db.session.scalars(select(AuditEvent.entity)))
    assert {"appraisal_objection", "appraisal_evaluation"} <= audited
    page = pegawai.get(f"{EV}/details/?id={ev}").get_data(as_text=True)
    assert 'data-transition="object"' not in page and 'data-transition="acknowledge"' in page
    document = pegawai.get(f"/admin/appraisal_document/?id={ev}").get_data(as_text=True)
    part = document.split('id="document-objection"', 1)[1].split("</table>", 1)[0]
    assert "mohon ditinjau" in part and "Penilaian diubah" in part and "Bukti dukung" in part
    pegawai.post(f"{EV}/transition/acknowledge/", {"id": ev})
    assert get(app, Evaluation, ev).status == "final"


def test_a_decision_taken_outside_the_system_is_recorded_by_hr(app, world, as_user):
    scene = chain(app, world)
    ev = _rated(app, scene, key="sekda")
    sekda, hr = as_user("sekda"), as_user("hr")
    sekda.post(f"{EV}/transition/object/comment/", {"ids": str(ev), "comment": "Keberatan"})
    assert get(app, Evaluation, ev).status == "objected"
    page = hr.get(f"{EV}/details/?id={ev}").get_data(as_text=True)
    assert 'id="decision-form"' in page and 'name="signed_on"' in page
    response = hr.post(f"{EV}/decide/", {"id": ev, "decision": "uphold",
                                         "reasons": "Penilaian sudah tepat."},
                       follow_redirects=True)
    assert any("nama, jabatan, dan tanggal" in a for a in alerts(response))
    hr.post(f"{EV}/decide/", {"id": ev, "decision": "uphold", "reasons": "Penilaian tepat.",
                              "name": "Bupati Manokwari", "position": "Bupati",
                              "signed_on": date.today().isoformat()})
    row = get(app, Evaluation, ev)
    assert (row.status, row.hasil_kerja) == ("signed", rules.DI_BAWAH)
    with app.app_context():
        assert db.session.scalar(select(Objection.decided_by)) == "Bupati Manokwari"


def test_no_objection_after_the_days_of_the_cycle(app, world, as_user):
    scene = chain(app, world)
    ev = _rated(app, scene, days_ago=20)
    pegawai = as_user("pegawai")
    assert 'data-transition="object"' not in pegawai.get(f"{EV}/details/?id={ev}").get_data(
        as_text=True)
    pegawai.post(f"{EV}/transition/object/comment/", {"ids": str(ev), "comment": "Terlambat"})
    assert get(app, Evaluation, ev).status == "rated"


# --- dialog kinerja ----------------------------------------------------------------------------

def test_who_records_a_dialogue(app, world):
    scene = chain(app, world)
    with app.app_context():
        skp = db.session.get(Skp, scene.skp["pegawai"])
        assert may_record(skp, Actor(world.people["pegawai"]))
        assert may_record(skp, Actor(world.people["atasan"]))
        assert may_record(skp, Actor(None, hr=True))
        assert not may_record(skp, Actor(world.people["head"]))        # reads only
        assert not may_record(skp, Actor(world.people["pegawai2"]))
        skp.cycle.state = "selesai"
        assert not may_record(skp, Actor(world.people["pegawai"]))
        db.session.rollback()


def test_appraiser_and_employee_record_coaching_that_the_evaluation_lists(app, world, as_user):
    scene = chain(app, world, state="pemantauan")
    skp = scene.skp["pegawai"]
    approve(app, skp)
    year = get(app, AppraisalCycle, scene.cycle).year
    ev = evaluation(app, skp, period=2)
    atasan, pegawai = as_user("atasan"), as_user("pegawai")
    page = atasan.get(f"{EV}/details/?id={ev}").get_data(as_text=True)
    link = re.search(r'data-action="record-dialogue" href="([^"]+)"', page).group(1)
    form = atasan.get(link.replace("&amp;", "&"))
    assert_indonesian(form, "record a coaching session")
    atasan.post(link.replace("&amp;", "&"), {
        "skp": str(skp), "held_on": f"{year}-05-12",
        "topics": "Capaian verifikasi berkas triwulan II", "actions": "Pelatihan aplikasi"})
    pegawai.post("/admin/appraisal_dialogue/new/", {
        "skp": str(skp), "held_on": f"{year}-01-15", "topics": "Rencana kerja awal tahun"})
    with app.app_context():
        rows = db.session.scalars(select(Dialogue).order_by(Dialogue.held_on)).all()
        assert [(d.topics, d.recorded_by_id) for d in rows] == [
            ("Rencana kerja awal tahun", world.people["pegawai"]),
            ("Capaian verifikasi berkas triwulan II", world.people["atasan"])]
        mine = rows[0].id
    page = pegawai.get(f"{EV}/details/?id={ev}").get_data(as_text=True)
    listed = re.search(r'id="dialogues">(.*?)</div></div>', page, re.S).group(1)
    assert "Capaian verifikasi berkas triwulan II" in listed and "Pelatihan aplikasi" in listed
    assert "Rencana kerja awal tahun" not in listed            # another period
    # Someone else's SKP, a future date, another's session: refused.
    other = as_user("pegawai2")
    other.post("/admin/appraisal_dialogue/new/", {"skp": str(skp), "held_on": f"{year}-05-01",
                                                  "topics": "Disusupkan"})
    response = pegawai.post("/admin/appraisal_dialogue/new/", {
        "skp": str(skp), "held_on": (date.today() + timedelta(days=3)).isoformat(),
        "topics": "Masa depan"})
    assert "masa depan" in response.get_data(as_text=True)
    atasan.post(f"/admin/appraisal_dialogue/edit/?id={mine}", {
        "skp": str(skp), "held_on": f"{year}-01-15", "topics": "Diubah atasan"})
    with app.app_context():
        assert db.session.scalar(select(Dialogue.topics).where(Dialogue.id == mine)) == \
            "Rencana kerja awal tahun"
        assert db.session.scalar(select(db.func.count()).select_from(Dialogue)) == 2
    assert "Rencana kerja" not in other.get("/admin/appraisal_dialogue/").get_data(as_text=True)
    assert "Rencana kerja" in as_user("kepala").get("/admin/appraisal_dialogue/").get_data(
        as_text=True)                                   # the atasan pejabat penilai reads
