"""The appraisal journey of the issue's "done when", in a real browser:

`pegawai` drafts an SKP whose RHK supports one of `atasan`'s and submits it; `atasan` approves
it, evaluates a quarter and, once HR has moved the cycle on, the year; each predikat is the one
the matrix dictates; the unit's curve chart warns; the printable document renders in
Indonesian. Elements are chosen by URL, ids, names and data attributes.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.i18n import local_today
from app.org.models import WorkUnit
from plugins.appraisal import rules
from plugins.appraisal.generation import generate
from plugins.appraisal.models import (ANNUAL, AppraisalCycle, Evaluation, Iki, Rhk, Skp,
                                      UnitPredikat)
from tests.fixtures.browser import click_transition, login, logout

pytestmark = pytest.mark.e2e

BOSS_RHK = "Layanan perizinan berusaha selesai tepat waktu"
MY_RHK = "Berkas izin usaha mikro terverifikasi lengkap"


def _setup(app) -> dict:
    """Last year's cycle in Pemantauan (all of its quarters have opened: a period's evaluation
    opens in its last month) with drafts for everyone; atasan's plan is approved."""
    with app.app_context():
        users = {u.username: u.employee_id for u in db.session.scalars(select(User))}
        cycle = AppraisalCycle(year=local_today().year - 1, periodicity="quarterly",
                               state="pemantauan")
        db.session.add(cycle)
        db.session.commit()
        top = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "PEMDA"))
        generate(cycle, top.id)
        skps = {s.employee_id: s for s in db.session.scalars(select(Skp))}
        boss = skps[users["atasan"]]
        boss.status = "approved"
        boss_rhk = Rhk(skp_id=boss.id, kind="utama", text=BOSS_RHK, indicators=[
            Iki(name="Izin terbit tepat waktu", aspect="waktu", target="95%")])
        dpm = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "DPMPTSP"))
        db.session.add_all([boss_rhk, UnitPredikat(cycle=cycle, unit=dpm, period=ANNUAL,
                                                   predikat=rules.ORG_BUTUH_PERBAIKAN)])
        db.session.commit()
        return {"cycle": cycle.id, "skp": skps[users["pegawai"]].id, "boss_rhk": boss_rhk.id,
                "unit_predikat": db.session.scalar(select(UnitPredikat.id))}


def _evaluate(page, base, ids, period, hasil, perilaku) -> int:
    """As the appraiser: start the period, give feedback and ratings, sign (rate)."""
    page.goto(f"{base}/admin/appraisal_evaluation/start/?skp={ids['skp']}")
    with page.expect_navigation():
        page.click(f"[data-period='{period}'] button[data-action='start']")
    page.wait_for_url(re.compile(r"/appraisal_evaluation/details/\?id=\d+"))
    evaluation_id = int(re.search(r"[?&]id=(\d+)", page.url).group(1))
    page.locator("textarea[name^='rhk-']").first.fill("Verifikasi berkas rapi dan tepat waktu.")
    page.select_option("select[name='hasil_kerja']", hasil)
    page.select_option("select[name='perilaku']", perilaku)
    with page.expect_navigation():
        page.click("[data-action='save-assessment']")
    click_transition(page, "rate")
    return evaluation_id


def test_pegawai_plans_atasan_approves_and_evaluates(live_server, page, tmp_path):
    base, app = live_server.url, live_server.app
    ids = _setup(app)

    # 1. The employee adds an RHK supporting the appraiser's, with an IKI, and submits.
    login(page, base, "pegawai")
    page.goto(f"{base}/admin/appraisal_skp/details/?id={ids['skp']}")
    page.click("#add-rhk")
    page.wait_for_selector("#text")
    page.fill("#text", MY_RHK)
    page.eval_on_selector("#parent", "(el, v) => { el.value = v; }", str(ids["boss_rhk"]))
    page.click("#indicators-button")
    page.fill("#indicators-0-name", "Jumlah berkas terverifikasi")
    page.select_option("#indicators-0-aspect", "kuantitas")
    page.fill("#indicators-0-target", "600 berkas")
    with page.expect_navigation():
        page.click("form.admin-form input[type=submit]:not([name])")
    page.wait_for_url(re.compile(r"/appraisal_skp/details/"))
    assert page.locator(f"[data-parent='{ids['boss_rhk']}']").count() == 1
    click_transition(page, "submit")
    logout(page)

    # 2. The appraiser approves and evaluates the last quarter: Di Atas x Di Atas.
    login(page, base, "atasan")
    page.goto(f"{base}/admin/appraisal_skp/details/?id={ids['skp']}")
    click_transition(page, "approve")
    quarter = 4
    _evaluate(page, base, ids, quarter, rules.DI_ATAS, rules.DI_ATAS)
    assert page.locator("#evaluation-header [data-field='predikat']").inner_text().strip() == "Sangat Baik"
    logout(page)

    # 3. HR moves the cycle to Evaluasi; the appraiser evaluates the year: Sesuai x Di Bawah.
    login(page, base, "hr")
    page.goto(f"{base}/admin/appraisal_cycle/details/?id={ids['cycle']}")
    with page.expect_navigation():
        page.click("[data-action='advance']")
    logout(page)
    login(page, base, "atasan")
    annual = _evaluate(page, base, ids, ANNUAL, rules.SESUAI, rules.DI_BAWAH)
    assert page.locator("#evaluation-header [data-field='predikat']").inner_text().strip() == "Kurang/Misconduct"
    logout(page)

    # 4. HR sees the unit's curve: "Butuh Perbaikan" needs 60% Butuh Perbaikan; none here.
    login(page, base, "hr")
    page.goto(f"{base}/admin/appraisal_unit_predikat/details/?id={ids['unit_predikat']}")
    assert page.locator("canvas#curve-chart").count() == 1
    assert page.locator("[data-curve='warnings']").count() == 1
    page.screenshot(path=str(tmp_path / "kurva-unit.png"), full_page=True)
    logout(page)

    # 5. The employee, now allowed to see the rated evaluation, opens its document.
    login(page, base, "pegawai")
    page.goto(f"{base}/admin/appraisal_evaluation/details/?id={annual}")
    with page.expect_navigation():
        page.click("[data-link='document']")
    document = page.locator("#evaluation-document")
    assert document.count() == 1
    text = document.inner_text()
    predikat = document.locator("[data-field='predikat']").inner_text().strip()
    assert predikat.upper() == "KURANG/MISCONDUCT"
    assert MY_RHK in text and BOSS_RHK in text and "Pegawai Satu" in text
    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text and "Di Bawah Ekspektasi" in text
    page.screenshot(path=str(tmp_path / "dokumen-evaluasi.png"), full_page=True)

    with app.app_context():
        evaluations = {e.period: (e.predikat, e.status)
                       for e in db.session.scalars(select(Evaluation))}
        assert evaluations == {quarter: (rules.SANGAT_BAIK, "rated"),
                               ANNUAL: (rules.KURANG, "rated")}
        assert db.session.scalar(select(AppraisalCycle.state)) == "evaluasi"
