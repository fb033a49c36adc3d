"""Issue 10, "the chain must always reach Final": every state of every workflow definition
reaches Final for each kind of SKP (staff, head of unit, top official); signers outside the
system sign through HR and an absent atasan pejabat penilai is skipped; open evaluations follow
the SKP's people; who may appraise whom; generation names the regional head and lists who has
no appraiser. Rules first (no HTTP), then one HTTP journey each."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.extensions import db
from app.org.models import Employee
from app.workflow import engine
from plugins.appraisal import appointment, rules, signers
from plugins.appraisal.generation import generate, without_appraiser
from plugins.appraisal.models import (AppraisalCycle, Evaluation, ExternalSignature, Objection,
                                      Skp)
from plugins.appraisal.services import reassigning
from plugins.appraisal.tests.scenes import YEAR, approve, chain, evaluation, get
from plugins.appraisal.tests.statewalk import dead_ends
from plugins.appraisal.workflows import ENTITY, EVALUATION
from tests.admin.helpers import alerts

EV = "/admin/appraisal_evaluation"
KINDS = {"staff": "pegawai", "head of unit": "head", "top official": "sekda"}


# --- the state walk --------------------------------------------------------------------------

def _ready(record, entity):
    """Everything people can supply before the steps of `record` (ratings, the signatures HR
    records for outsiders, a decided objection, a passed deadline): what is left is who may
    act, and the rules."""
    steps = ["approved"] if entity == ENTITY else ["rated", "signed", "decided"]
    for step in steps:
        db.session.add(ExternalSignature(entity=entity, record_id=record.id, step=step,
                                         name="Bupati Manokwari", position="Bupati",
                                         signed_on=date(YEAR, 12, 31)))
    if entity == EVALUATION:
        record.hasil_kerja, record.perilaku = rules.SESUAI, rules.SESUAI
        record.predikat = rules.BAIK
        record.deadline = date.today() - timedelta(days=1)
        db.session.add(Objection(evaluation_id=record.id, reasons="Alasan", decision="uphold",
                                 decision_reasons="Tetap"))
    db.session.flush()


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_state_of_every_definition_reaches_final(app, world, kind):
    scene = chain(app, world)
    key = KINDS[kind]
    approve(app, scene.skp[key])
    ev_id = evaluation(app, scene.skp[key])
    with app.app_context():
        records = {ENTITY: db.session.get(Skp, scene.skp[key]),
                   EVALUATION: db.session.get(Evaluation, ev_id)}
        owner = db.session.get(Employee, scene.people[key])
        skp = records[ENTITY]
        people = [p for p in (skp.employee_id, skp.appraiser_id, skp.superior_id) if p]
        actors = db.session.scalars(select(User).where(
            (User.employee_id.in_(people)) | (User.username == "hr"))).all()
        assert len(actors) == len(people) + 1, "every person of the chain has an account"
        for entity, record in records.items():
            _ready(record, entity)
            binding, definition = engine.bindings()[entity], engine.definition(entity)

            def usable(transition, record=record, binding=binding):
                record.status = transition.from_state
                return any(engine.allowed(transition, owner, user, binding, record)
                           for user in actors) and not binding.check(record, transition)

            assert len(definition.states) >= 3
            assert dead_ends(definition, usable) == [], (kind, entity)
        db.session.rollback()


def test_the_walk_finds_a_dead_end_when_there_is_one(app, world):
    """(The walk is not vacuous: without HR's outside transitions, the top official's
    evaluation stalls at Draft, as the issue found.)"""
    scene = chain(app, world)
    ev_id = evaluation(app, scene.skp["sekda"])
    with app.app_context():
        record = db.session.get(Evaluation, ev_id)
        _ready(record, EVALUATION)
        owner = db.session.get(Employee, scene.people["sekda"])
        actors = db.session.scalars(select(User).where(User.username.in_(["sekda", "hr"]))).all()
        binding = engine.bindings()[EVALUATION]

        def usable(t):
            record.status = t.from_state
            return t.code not in ("record_rating", "record_signature", "record_decision") and \
                any(engine.allowed(t, owner, u, binding, record) for u in actors) and \
                not binding.check(record, t)

        assert "draft" in dead_ends(engine.definition(EVALUATION), usable)
        db.session.rollback()


# --- signers outside the system: rules -------------------------------------------------------

def test_generation_names_the_regional_head_at_the_top_of_the_chain(app, world):
    scene = chain(app, world)
    with app.app_context():
        sekda, head = (db.session.get(Skp, scene.skp[k]) for k in ("sekda", "head"))
        atasan = db.session.get(Skp, scene.skp["atasan"])
        assert (sekda.appraiser_id, sekda.appraiser_name, sekda.superior_id,
                sekda.superior_name) == (None, "Bupati Manokwari", None, None)
        assert (signers.appraiser_kind(sekda), signers.superior_kind(sekda)) == (
            signers.EXTERNAL, signers.ABSENT)
        assert (head.appraiser_id, head.superior_name) == (scene.people["sekda"],
                                                           "Bupati Manokwari")
        assert signers.superior_kind(head) == signers.EXTERNAL
        assert (signers.appraiser_kind(atasan), signers.superior_kind(atasan)) == (
            signers.INTERNAL, signers.INTERNAL)
        # Nobody at all: an employee with no supervisor who holds no JPT position.
        rows, total = without_appraiser(scene.cycle)
        assert total == 1 and [r[2] for r in rows] == ["Atasan Lain"]
        app.config["APPRAISAL_REGIONAL_HEAD"] = ""
        try:
            other = AppraisalCycle(year=YEAR - 1)
            db.session.add(other)
            db.session.commit()
            generate(other, world.units["top"])
            assert without_appraiser(other.id)[1] == 2      # the Sekda too, with no setting
        finally:
            app.config["APPRAISAL_REGIONAL_HEAD"] = "Bupati Manokwari"


def test_a_top_officials_evaluation_goes_to_final_through_hr(app, world, as_user):
    """The Sekda: the Bupati's approval and rating recorded by HR; no atasan, so the Sekda
    acknowledges the rated evaluation (the step is skipped, and the document says so)."""
    scene = chain(app, world)
    skp = scene.skp["sekda"]
    hr, sekda = as_user("hr"), as_user("sekda")
    sekda.post("/admin/appraisal_skp/transition/submit/", {"id": skp})
    assert get(app, Skp, skp).status == "submitted"
    page = hr.get(f"/admin/appraisal_skp/details/?id={skp}").get_data(as_text=True)
    assert 'id="outside-signature"' in page and 'value="Bupati Manokwari"' in page
    hr.post("/admin/appraisal_skp/transition/record_approval/", {"id": skp})   # no record yet
    assert get(app, Skp, skp).status == "submitted"
    hr.post("/admin/appraisal_skp/external/", {"id": skp, "name": "Bupati Manokwari",
                                               "position": "Bupati",
                                               "signed_on": f"{YEAR}-01-20"})
    assert get(app, Skp, skp).status == "approved"

    evaluation_id = int(re.search(r"details/\?id=(\d+)", hr.post(
        f"{EV}/start/", {"skp": skp, "period": 0}).headers["Location"]).group(1))
    # HR enters the Bupati's ratings (the appraiser's part is HR's for an outsider) and signs.
    hr.post(f"{EV}/assessment/", {"id": evaluation_id, "hasil_kerja": rules.DI_ATAS,
                                  "perilaku": rules.SESUAI})
    page = hr.get(f"{EV}/details/?id={evaluation_id}").get_data(as_text=True)
    assert 'data-kind="absent"' in page and "langkah ini dilewati" in page
    assert 'data-transition="rate"' not in page and 'data-action="record-signature"' in page
    future = (date.today() + timedelta(days=2)).isoformat()
    response = hr.post(f"{EV}/external/", {"id": evaluation_id, "name": "Bupati Manokwari",
                                           "position": "Bupati", "signed_on": future},
                       follow_redirects=True)
    assert any("masa depan" in a for a in alerts(response))
    assert get(app, Evaluation, evaluation_id).status == "draft"
    hr.post(f"{EV}/external/", {"id": evaluation_id, "name": "Bupati Manokwari",
                                "position": "Bupati", "signed_on": f"{YEAR + 1}-01-05"})
    assert get(app, Evaluation, evaluation_id).status == "rated"
    page = sekda.get(f"{EV}/details/?id={evaluation_id}").get_data(as_text=True)
    assert 'id="superior-skipped"' in page and 'data-transition="acknowledge"' in page
    sekda.post(f"{EV}/transition/acknowledge/", {"id": evaluation_id})
    assert get(app, Evaluation, evaluation_id).status == "final"
    document = sekda.get(f"/admin/appraisal_document/?id={evaluation_id}").get_data(
        as_text=True)
    signatures = document.split('id="document-signatures"', 1)[1]
    assert "Ditandatangani di luar sistem; dicatat oleh admin kepegawaian" in signatures
    assert "Tidak ada penanda tangan: langkah ini dilewati" in signatures
    assert f"Manokwari, 5 Januari {YEAR + 1}" in signatures
    with app.app_context():
        events = set(db.session.scalars(select(AuditEvent.entity)))
    assert "appraisal_external_signature" in events


def test_a_heads_evaluation_is_signed_above_through_hr(app, world, as_user):
    """The kepala dinas: the Sekda rates in the system, HR records the Bupati's signature."""
    scene = chain(app, world)
    approve(app, scene.skp["head"])
    evaluation_id = evaluation(app, scene.skp["head"])
    sekda, hr, kepala = as_user("sekda"), as_user("hr"), as_user("kepala")
    assert hr.post(f"{EV}/assessment/", {"id": evaluation_id,
                                         "hasil_kerja": rules.SESUAI}).status_code == 403
    sekda.post(f"{EV}/assessment/", {"id": evaluation_id, "hasil_kerja": rules.SESUAI,
                                     "perilaku": rules.DI_ATAS})
    sekda.post(f"{EV}/transition/rate/", {"id": evaluation_id})
    assert get(app, Evaluation, evaluation_id).status == "rated"
    page = kepala.get(f"{EV}/details/?id={evaluation_id}").get_data(as_text=True)
    assert 'data-transition="acknowledge"' not in page      # the Bupati signs first
    assert hr.post(f"{EV}/external/", {"id": evaluation_id, "name": "Bupati Manokwari",
                                       "position": "Bupati", "signed_on": f"{YEAR}-12-30"}
                   ).status_code == 302
    assert get(app, Evaluation, evaluation_id).status == "signed"
    kepala.post(f"{EV}/transition/acknowledge/", {"id": evaluation_id})
    assert get(app, Evaluation, evaluation_id).status == "final"
    # Only HR records outsiders' signatures; a step of someone in the system is not theirs.
    other = evaluation(app, scene.skp["head"], period=4)
    assert as_user("atasan").post(f"{EV}/external/", {
        "id": other, "name": "X", "position": "Y",
        "signed_on": f"{YEAR}-12-30"}).status_code in (403, 404)
    response = hr.post(f"{EV}/external/", {"id": other, "name": "X", "position": "Y",
                                           "signed_on": f"{YEAR}-12-30"}, follow_redirects=True)
    assert any("bukan langkah" in a for a in alerts(response))
    assert get(app, Evaluation, other).status == "draft"


def test_returning_an_evaluation_drops_the_signatures_recorded_after_draft(app, world):
    scene = chain(app, world)
    approve(app, scene.skp["sekda"])
    ev_id = evaluation(app, scene.skp["sekda"], ratings=(rules.SESUAI, rules.SESUAI))
    with app.app_context():
        from plugins.appraisal.finalisation import on_transition

        db.session.add(ExternalSignature(entity=EVALUATION, record_id=ev_id, step="rated",
                                         name="Bupati", position="Bupati",
                                         signed_on=date(YEAR, 12, 31)))
        db.session.commit()
        on_transition(EVALUATION, record_id=ev_id, to_state="draft", transition="return")
        db.session.commit()
        assert db.session.scalar(select(ExternalSignature.id)) is None


# --- open evaluations follow the SKP's people ------------------------------------------------

def test_followers_by_state():
    assert reassigning.followers("draft") == ("appraiser_id", "superior_id")
    assert reassigning.followers("rated") == ("superior_id",)
    assert reassigning.followers("objected") == ("superior_id",)
    assert reassigning.followers("signed") == () == reassigning.followers("final")


def test_changing_the_appraiser_reaches_the_open_evaluations(app, world, as_user):
    scene = chain(app, world)
    skp = scene.skp["pegawai"]
    approve(app, skp)
    draft = evaluation(app, skp, period=1)
    rated = evaluation(app, skp, period=2, status="rated", ratings=(rules.SESUAI,) * 2)
    final = evaluation(app, skp, period=3, status="final", ratings=(rules.SESUAI,) * 2)
    hr = as_user("hr")
    # HR names atasan_lain as appraiser and the Sekda as the appraiser's superior.
    hr.post(f"/admin/appraisal_skp/edit/?id={skp}", {
        "cycle": str(scene.cycle), "employee": str(world.people["pegawai"]),
        "appraiser": str(world.people["atasan_lain"]), "superior": str(scene.people["sekda"])})
    assert get(app, Skp, skp).appraiser_id == world.people["atasan_lain"]
    people = {e: (get(app, Evaluation, e).appraiser_id, get(app, Evaluation, e).superior_id)
              for e in (draft, rated, final)}
    assert people == {
        draft: (world.people["atasan_lain"], scene.people["sekda"]),
        rated: (world.people["atasan"], scene.people["sekda"]),       # already rated
        final: (world.people["atasan"], world.people["head"])}        # signed: kept
    new, old = as_user("atasan_lain"), as_user("atasan")
    assert old.post(f"{EV}/assessment/", {"id": draft,
                                          "hasil_kerja": rules.DI_ATAS}).status_code == 404
    new.post(f"{EV}/assessment/", {"id": draft, "hasil_kerja": rules.DI_ATAS,
                                   "perilaku": rules.DI_ATAS})
    new.post(f"{EV}/transition/rate/", {"id": draft})
    assert get(app, Evaluation, draft).status == "rated"


# --- who may appraise whom -------------------------------------------------------------------

def test_appointment_rules():
    assert set(appointment.problems(1, 1, 2)) == {"appraiser"}
    assert set(appointment.problems(1, 2, 1)) == {"superior"}
    assert set(appointment.problems(1, 2, 2)) == {"superior"}
    assert set(appointment.problems(1, 2, None, "Bupati", "Bupati")) == {"appraiser_name"}
    assert set(appointment.problems(1, None, None, "Bupati", "")) == {"appraiser_position"}
    assert set(appointment.problems(1, None, None, "", "", "", "Bupati")) == {"superior_name"}
    assert appointment.problems(1, 2, 3) == {}
    assert appointment.problems(1, None, None, "Bupati", "Bupati", "", "") == {}
    rank = rules.ladder_rank
    assert rules.appraises_upward(rank("pelaksana"), rank("pengawas"))
    assert rules.appraises_upward(rank("fungsional", "ahli_pertama"), rank("administrator"))
    assert rules.appraises_upward(rank("jpt"), rank("jpt"))        # a kepala dinas by the Sekda
    assert not rules.appraises_upward(rank("pengawas"), rank("pelaksana"))
    assert not rules.appraises_upward(rank("administrator"), rank("administrator"))
    assert not rules.appraises_upward(rank("fungsional", "ahli_madya"), rank("pengawas"))
    assert not rules.appraises_upward(rank("pelaksana"), None)


def test_hr_cannot_name_an_employee_their_own_appraiser_and_is_warned_on_the_ladder(
        app, world, as_user):
    scene = chain(app, world, state="perencanaan")
    skp = scene.skp["pegawai"]
    hr = as_user("hr")
    base = {"cycle": str(scene.cycle), "employee": str(world.people["pegawai"])}
    for data in [{"appraiser": str(world.people["pegawai"])},
                 {"appraiser": str(world.people["atasan"]), "superior": str(world.people["atasan"])},
                 {"appraiser": str(world.people["atasan"]),
                  "superior": str(world.people["pegawai"])}]:
        response = hr.post(f"/admin/appraisal_skp/edit/?id={skp}", {**base, **data})
        assert response.status_code == 200, data
        assert "is-invalid" in response.get_data(as_text=True), data
    row = get(app, Skp, skp)
    assert (row.appraiser_id, row.superior_id) == (world.people["atasan"], world.people["head"])
    # A Pelaksana appraising a Pelaksana: saved, with a warning.
    response = hr.post(f"/admin/appraisal_skp/edit/?id={skp}", {
        **base, "appraiser": str(world.people["pegawai2"]),
        "superior": str(world.people["atasan"])}, follow_redirects=True)
    assert any("jenjang jabatan" in a for a in alerts(response)), alerts(response)
    assert get(app, Skp, skp).appraiser_id == world.people["pegawai2"]
    # An outsider named on the SKP needs a position, and excludes an employee in the role.
    response = hr.post(f"/admin/appraisal_skp/edit/?id={skp}", {
        **base, "appraiser": str(world.people["atasan"]), "appraiser_name": "Bupati"})
    assert "di dalam sistem atau di luar sistem" in response.get_data(as_text=True)


# --- generation lists who has no appraiser ---------------------------------------------------

def test_generation_lists_the_employees_it_could_not_give_an_appraiser(app, world, as_user):
    with app.app_context():
        cycle = AppraisalCycle(year=YEAR, state="perencanaan")
        db.session.add(cycle)
        db.session.commit()
        cycle_id = cycle.id
    hr = as_user("hr")
    response = hr.post("/admin/appraisal_cycle/generate/",
                       {"id": cycle_id, "unit": world.units["top"]}, follow_redirects=True)
    assert any("tidak mencantumkan pejabat penilai" in a for a in alerts(response))
    page = response.get_data(as_text=True)
    listed = re.search(r'id="without-appraiser">(.*?)</div>', page, re.S).group(1)
    # The world's roots: the head of DPMPTSP and Atasan Lain have no supervisor (and no JPT).
    assert "Kepala DPMPTSP" in listed and "Atasan Lain" in listed and "Pegawai Satu" not in listed
    with app.app_context():
        skp_id = db.session.scalar(select(Skp.id).where(
            Skp.employee_id == world.people["atasan_lain"]))
    assert f"/admin/appraisal_skp/edit/?id={skp_id}" in listed
    assert f"/admin/employee/edit/?id={world.people['atasan_lain']}" in listed
    # Fixed on the SKP: the list shrinks; an SKP without appraiser cannot be submitted.
    as_user("atasan_lain").post("/admin/appraisal_skp/transition/submit/", {"id": skp_id})
    assert get(app, Skp, skp_id).status == "draft"
    hr.post(f"/admin/appraisal_skp/edit/?id={skp_id}", {
        "cycle": str(cycle_id), "employee": str(world.people["atasan_lain"]),
        "appraiser": str(world.people["head"])})
    page = hr.get(f"/admin/appraisal_cycle/details/?id={cycle_id}").get_data(as_text=True)
    assert "Atasan Lain" not in re.search(r'id="without-appraiser">(.*?)</div>', page,
                                          re.S).group(1)
