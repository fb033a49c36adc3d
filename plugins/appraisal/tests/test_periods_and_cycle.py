"""Issue 10, periods and dates, and the cycle's end: a period's evaluation opens in its last
month and not before; each period has its own acknowledgement deadline (HR's inbox and
buttons follow it); the annual evaluation shows the periodic ones beside its form; an SKP
whose RHK utama lacks an IKI is not submitted; finishing a cycle shows what is still open and
finalises what awaits a signature only when HR confirms. Rules, then HTTP journeys."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.workflow import engine
from app.workflow.models import TransitionLog
from plugins.appraisal import rules
from plugins.appraisal.models import (AppraisalCycle, Evaluation, Iki, IkiRealisation, Rhk,
                                      Skp)
from plugins.appraisal.services import Actor, Refused, cycles
from plugins.appraisal.tests.scenes import YEAR, approve, chain, evaluation, get
from plugins.appraisal.transition_rules import plan_problem
from plugins.appraisal.workflows import EVALUATION
from tests.admin.helpers import alerts
from tests.i18n.conftest import assert_indonesian

EV = "/admin/appraisal_evaluation"


def _set(app, model, ident, **values):
    with app.app_context():
        row = db.session.get(model, ident)
        for name, value in values.items():
            setattr(row, name, value)
        db.session.commit()


# --- a period's evaluation opens in its last month ---------------------------------------------

def test_a_future_period_cannot_be_started(app, world, as_user):
    scene = chain(app, world, state="pemantauan")
    _set(app, AppraisalCycle, scene.cycle, year=date.today().year + 1)
    approve(app, scene.skp["pegawai"])
    pegawai = as_user("pegawai")
    page = pegawai.get(f"{EV}/start/?skp={scene.skp['pegawai']}").get_data(as_text=True)
    assert 'data-action="start"' not in page
    assert f"Evaluasi Triwulan I dibuka pada 1 Maret {date.today().year + 1}" in page
    response = pegawai.post(f"{EV}/start/", {"skp": scene.skp["pegawai"], "period": 1},
                            follow_redirects=True)
    assert any("dibuka pada 1 Maret" in a for a in alerts(response))
    with app.app_context():
        assert db.session.scalar(select(Evaluation.id)) is None
    # HR widens the opening to the whole quarter: still the future.
    _set(app, AppraisalCycle, scene.cycle, opening_months=3)
    assert "dibuka pada 1 Januari" in pegawai.get(
        f"{EV}/start/?skp={scene.skp['pegawai']}").get_data(as_text=True)


# --- deadlines per period; HR's inbox follows them ---------------------------------------------

def _signed(app, skp_id, period) -> int:
    return evaluation(app, skp_id, period=period, status="signed",
                      ratings=(rules.SESUAI, rules.SESUAI))


def _inbox_finalise(client) -> int:
    page = client.get("/admin/inbox/").get_data(as_text=True)
    return sum(int(n.replace(".", "")) for n in re.findall(
        r'data-task="appraisal_evaluation:finalise">([\d.]+)<', page))


def test_each_period_has_its_own_deadline_and_the_inbox_follows_it(app, world, as_user):
    scene = chain(app, world)
    skp = scene.skp["pegawai"]
    approve(app, skp)
    # The cycle's days: Q4's deadline (31 December + days) is ten days away; Q1's long past.
    days = (date.today() - date(YEAR, 12, 31)).days + 10
    _set(app, AppraisalCycle, scene.cycle, acknowledgement_days=days)
    q1, q4 = _signed(app, skp, 1), _signed(app, skp, 4)
    assert get(app, Evaluation, q1).deadline == date(YEAR, 3, 31) + timedelta(days=days)
    assert get(app, Evaluation, q4).deadline == date.today() + timedelta(days=10)
    hr = as_user("hr")
    assert _inbox_finalise(hr) == 1            # (before the fix: 2, Q4 with no button)
    assert 'data-transition="finalise"' in hr.get(f"{EV}/details/?id={q1}").get_data(
        as_text=True)
    assert 'data-transition="finalise"' not in hr.get(f"{EV}/details/?id={q4}").get_data(
        as_text=True)
    hr.post(f"{EV}/action/", {"action": "finalise", "rowid": [q1, q4]})
    assert (get(app, Evaluation, q1).status, get(app, Evaluation, q4).status) == (
        "final", "signed")
    assert _inbox_finalise(hr) == 0
    # The deadline is shown on the page; HR shortening the days moves the open ones.
    assert f'data-field="deadline">{(date.today() + timedelta(days=10)).day} ' in \
        hr.get(f"{EV}/details/?id={q4}").get_data(as_text=True)
    hr.post(f"/admin/appraisal_cycle/edit/?id={scene.cycle}", {
        "year": str(YEAR), "periodicity": "quarterly", "acknowledgement_days": str(days - 11),
        "objection_days": "14", "opening_months": "1", "require_cascade": "y"})
    assert get(app, Evaluation, q4).deadline == date.today() - timedelta(days=1)
    assert get(app, Evaluation, q1).deadline == date(YEAR, 3, 31) + timedelta(days=days)  # final
    assert _inbox_finalise(hr) == 1


def test_the_inbox_narrowing_mirrors_the_rule(app, world):
    """`pending` of the finalise transition selects exactly the records `check` lets through."""
    scene = chain(app, world)
    approve(app, scene.skp["pegawai"], scene.skp["sekda"])
    ids = [_signed(app, scene.skp["pegawai"], p) for p in (1, 2, 3, 4)]
    rated = evaluation(app, scene.skp["sekda"], period=1, status="rated",
                       ratings=(rules.SESUAI,) * 2)
    with app.app_context():
        for i, ident in enumerate(ids):
            db.session.get(Evaluation, ident).deadline = date.today() + timedelta(days=1 - i)
        db.session.commit()
        binding, d = engine.bindings()[EVALUATION], engine.definition(EVALUATION)
        for t in (t for t in d.transitions if t.code == "finalise"):
            pending = set(db.session.scalars(select(Evaluation.id).where(
                Evaluation.status == t.from_state, binding.pending(t))))
            allowed = {e.id for e in db.session.scalars(select(Evaluation).where(
                Evaluation.status == t.from_state)) if not binding.check(e, t)}
            assert pending == allowed, t.from_state
            assert pending, t.from_state     # (rated: the Sekda's, who has no superior)
    assert get(app, Evaluation, rated).status == "rated"


# --- the annual evaluation shows the periodic ones ---------------------------------------------

def test_the_annual_evaluation_shows_the_periodic_predikat_and_realisasi(app, world, as_user):
    scene = chain(app, world)
    skp = scene.skp["pegawai"]
    approve(app, skp)
    final = evaluation(app, skp, period=1, status="final", ratings=(rules.DI_ATAS,) * 2)
    draft = evaluation(app, skp, period=2, ratings=(rules.DI_BAWAH,) * 2)
    annual = evaluation(app, skp, period=0)
    with app.app_context():
        iki = db.session.scalar(select(Iki).join(Rhk).where(Rhk.skp_id == skp))
        db.session.add_all([IkiRealisation(evaluation_id=final, indicator_id=iki.id,
                                           value="48 izin"),
                            IkiRealisation(evaluation_id=draft, indicator_id=iki.id,
                                           value="51 izin")])
        db.session.commit()
        iki_id = iki.id
    for who in ("pegawai", "atasan"):
        response = as_user(who).get(f"{EV}/details/?id={annual}")
        assert_indonesian(response, f"annual evaluation as {who}")
        page = response.get_data(as_text=True)
        periodic = re.search(r'id="periodic">(.*?)</table>', page, re.S).group(1)
        assert "Triwulan I" in periodic and "Sangat Baik" in periodic
        beside = re.search(rf'data-periodic="{iki_id}">(.*?)</td>', page, re.S).group(1)
        assert "Triwulan I: 48 izin" in beside and "Triwulan II: 51 izin" in beside
        # The employee does not see the predikat of a periodic draft; the appraiser does.
        assert ("Sangat Kurang" in periodic) == (who == "atasan")
    page = as_user("atasan").get(f"{EV}/details/?id={final}").get_data(as_text=True)
    assert 'id="periodic"' not in page


# --- an RHK utama without an IKI ---------------------------------------------------------------

def test_every_main_rhk_needs_an_indicator(app, world, as_user):
    scene = chain(app, world, state="perencanaan")
    skp = scene.skp["pegawai"]
    with app.app_context():
        row = db.session.get(Skp, skp)
        assert plan_problem(row) is None
        db.session.add(Rhk(skp=row, kind="utama", text="RHK utama tanpa indikator"))
        db.session.commit()
        assert "RHK utama tanpa indikator" in plan_problem(db.session.get(Skp, skp))
    pegawai = as_user("pegawai")
    page = pegawai.get(f"/admin/appraisal_skp/details/?id={skp}").get_data(as_text=True)
    assert 'data-transition="submit"' not in page
    response = pegawai.post("/admin/appraisal_skp/transition/submit/", {"id": skp},
                            follow_redirects=True)
    assert any("Setiap RHK utama memerlukan paling sedikit satu indikator" in a
               for a in alerts(response)), alerts(response)
    assert get(app, Skp, skp).status == "draft"


# --- finishing a cycle -------------------------------------------------------------------------

def test_finishing_refuses_while_evaluations_await_a_signature_unless_confirmed(app, world):
    scene = chain(app, world)
    approve(app, scene.skp["pegawai"])
    rated = evaluation(app, scene.skp["pegawai"], period=1, status="rated",
                       ratings=(rules.SESUAI,) * 2)
    evaluation(app, scene.skp["pegawai"], period=2)
    with app.test_request_context():
        hr = db.session.scalar(select(User).where(User.username == "hr"))
        cycle = db.session.get(AppraisalCycle, scene.cycle)
        items = cycles.open_items(cycle.id)
        assert items["evaluations"] == {"draft": 1, "rated": 1} and items["awaiting"] == 1
        assert items["skp"]["draft"] >= 5
        with pytest.raises(Refused, match="menunggu tanda tangan"):
            cycles.finish(cycle, False, Actor(hr.employee_id, hr=True), hr)
        assert cycle.state == "evaluasi"
        assert cycles.finish(cycle, True, Actor(hr.employee_id, hr=True), hr)
        db.session.expire_all()
        assert db.session.get(AppraisalCycle, scene.cycle).state == "selesai"
        assert db.session.get(Evaluation, rated).status == "final"
        assert db.session.scalar(select(TransitionLog.transition).where(
            TransitionLog.record_id == rated)) == "close"
        with pytest.raises(Refused):
            cycles.finish(db.session.get(AppraisalCycle, scene.cycle), True,
                          Actor(hr.employee_id, hr=True), hr)


def test_finishing_a_cycle_shows_what_is_open_and_asks_for_confirmation(app, world, as_user):
    scene = chain(app, world)
    approve(app, scene.skp["pegawai"])
    rated = evaluation(app, scene.skp["pegawai"], period=1, status="rated",
                       ratings=(rules.SESUAI,) * 2)
    draft = evaluation(app, scene.skp["pegawai"], period=2)
    hr = as_user("hr")
    page = hr.get(f"/admin/appraisal_cycle/details/?id={scene.cycle}").get_data(as_text=True)
    assert 'data-action="finish"' in page and 'data-action="advance"' not in page
    # The old one-click advance now only leads to the confirmation.
    response = hr.post("/admin/appraisal_cycle/advance/", {"id": scene.cycle})
    assert "/finish/" in response.headers["Location"]
    assert get(app, AppraisalCycle, scene.cycle).state == "evaluasi"
    response = hr.get(f"/admin/appraisal_cycle/finish/?id={scene.cycle}")
    assert_indonesian(response, "finish a cycle")
    page = response.get_data(as_text=True)
    assert 'data-evaluation-state="rated"' in page and 'data-skp-state="draft"' in page
    assert 'name="finalise_open"' in page
    hr.post(f"/admin/appraisal_cycle/finish/?id={scene.cycle}", {})          # not confirmed
    response = hr.post(f"/admin/appraisal_cycle/finish/?id={scene.cycle}", {"confirm": "y"},
                       follow_redirects=True)
    assert any("menunggu tanda tangan" in a for a in alerts(response))
    assert get(app, AppraisalCycle, scene.cycle).state == "evaluasi"
    for username in ("atasan", "auditor"):
        as_user(username).post(f"/admin/appraisal_cycle/finish/?id={scene.cycle}",
                               {"confirm": "y", "finalise_open": "y"})
        assert get(app, AppraisalCycle, scene.cycle).state == "evaluasi"
    hr.post(f"/admin/appraisal_cycle/finish/?id={scene.cycle}",
            {"confirm": "y", "finalise_open": "y"})
    assert get(app, AppraisalCycle, scene.cycle).state == "selesai"
    assert (get(app, Evaluation, rated).status, get(app, Evaluation, draft).status) == (
        "final", "draft")
    document = hr.get(f"/admin/appraisal_document/?id={rated}").get_data(as_text=True)
    assert "Difinalkan oleh admin kepegawaian saat siklus diselesaikan" in document
    assert "Tidak ditandatangani: difinalkan sebagaimana adanya" in document
    # The close transition is never offered otherwise (nor counted in an inbox).
    _set(app, AppraisalCycle, scene.cycle, state="evaluasi")
    other = evaluation(app, scene.skp["pegawai"], period=3, status="rated",
                       ratings=(rules.SESUAI,) * 2)
    assert 'data-transition="close"' not in hr.get(f"{EV}/details/?id={other}").get_data(
        as_text=True)
    assert 'appraisal_evaluation:close' not in hr.get("/admin/inbox/").get_data(as_text=True)
