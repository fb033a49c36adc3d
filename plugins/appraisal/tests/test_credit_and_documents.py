"""Issue 10, angka kredit and documents: only final evaluations earn angka kredit, a periodic
one its share of the year; the Rencana SKP prints the cascade and its signatures; JPT plans
print by perspektif; a unit's predikat list prints with its curve; each also as PDF."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.org.models import Employee, Position
from plugins.appraisal import rules, snapshots
from plugins.appraisal.credit import angka_kredit, evaluation_credit
from plugins.appraisal.models import Evaluation, Rhk, RhkTarget, UnitPredikat
from plugins.appraisal.tests.scenes import approve, chain, evaluation, held_all_along
from tests.i18n.conftest import assert_indonesian

DOC = "/admin/appraisal_document"
SB = (rules.DI_ATAS, rules.DI_ATAS)


def _functional(app, world, level="ahli_muda"):
    with app.app_context():
        db.session.get(Employee, world.people["pegawai"]).position = Position(
            name="Analis Kebijakan", kind="fungsional", level=level)
        db.session.commit()
        held_all_along(world.people["pegawai"])


# --- angka kredit ------------------------------------------------------------------------------

def test_periodic_share_rule():
    assert rules.periodic_share(Decimal("37.5"), 4) == Decimal("9.375")
    assert rules.periodic_share(Decimal("12"), 12) == Decimal("1")
    with pytest.raises(ValueError):
        rules.periodic_share(Decimal("1"), 0)


def test_only_final_evaluations_earn_angka_kredit_and_periodic_ones_their_share(
        app, world, as_user):
    scene = chain(app, world)
    _functional(app, world)
    skp = scene.skp["pegawai"]
    approve(app, skp)
    annual = evaluation(app, skp, period=0, status="signed", ratings=SB)
    quarter = evaluation(app, skp, period=1, status="final", ratings=SB)
    with app.app_context():
        row = db.session.get(Evaluation, annual)
        assert angka_kredit(row) is None and evaluation_credit(row) == (None, None)
        assert evaluation_credit(db.session.get(Evaluation, quarter)) == (
            Decimal("25"), Decimal("9.375"))            # 25 x 150% / 4
        assert angka_kredit(db.session.get(Evaluation, quarter)) is None   # (the annual one)
    hr = as_user("hr")
    listing = hr.get(f"/admin/appraisal_coefficient/credits/?cycle={scene.cycle}")
    assert_indonesian(listing, "angka kredit list")
    assert "Pegawai Satu" not in listing.get_data(as_text=True)     # signed, not final
    document = hr.get(f"{DOC}/?id={annual}").get_data(as_text=True)
    assert "dihitung setelah evaluasi final" in document
    document = hr.get(f"{DOC}/?id={quarter}").get_data(as_text=True)
    assert "bagian periode ini dari setahun" in document
    assert re.search(r'data-field="angka-kredit">9,375<', document)
    with app.app_context():
        row = db.session.get(Evaluation, annual)
        row.status = "final"
        snapshots.take(row)        # (as the workflow does when the appraiser signs)
        db.session.commit()
    html = hr.get(f"/admin/appraisal_coefficient/credits/?cycle={scene.cycle}").get_data(
        as_text=True)
    assert re.search(r"Pegawai Satu</td>.*?data-credit>37,5</td>", html, re.S)


# --- the Rencana SKP -----------------------------------------------------------------------------

def test_the_plan_prints_the_cascade_and_its_signatures(app, world, as_user):
    scene = chain(app, world)
    with app.app_context():
        head_rhk = db.session.scalar(select(Rhk).where(Rhk.skp_id == scene.skp["head"]))
        head_rhk.text = "Pelayanan perizinan prima"
        head_rhk.target_links = [RhkTarget(target_id=world.targets["ikm"])]
        staff_rhk = db.session.scalar(select(Rhk).where(Rhk.skp_id == scene.skp["atasan"]))
        staff_rhk.parent = head_rhk
        db.session.commit()
    kepala, atasan = as_user("kepala"), as_user("atasan")
    kepala.post("/admin/appraisal_skp/transition/submit/", {"id": scene.skp["head"]})
    as_user("sekda").post("/admin/appraisal_skp/transition/approve/", {"id": scene.skp["head"]})
    # The head's plan (JPT): by perspektif, supporting the PK target; both signatures.
    response = kepala.get(f"{DOC}/plan/?skp={scene.skp['head']}")
    assert_indonesian(response, "Rencana SKP (JPT)")
    page = response.get_data(as_text=True)
    assert 'data-layout="jpt"' in page and "SASARAN KINERJA PEGAWAI (SKP) – JPT" in page
    assert "IKU-01 – Pelayanan memuaskan" in page and "<th>Aspek</th>" not in page
    signatures = page.split('id="plan-signatures"', 1)[1]
    assert signatures.count("Ditandatangani secara elektronik") == 2
    assert "Sekretaris Daerah" in signatures
    # The staff's plan (JA): the aspect column, supporting the head's RHK; not yet signed.
    page = atasan.get(f"{DOC}/plan/?skp={scene.skp['atasan']}").get_data(as_text=True)
    assert 'data-layout="ja-jf"' in page and "<th>Aspek</th>" in page
    assert re.search(r"data-supports><p>Pelayanan perizinan prima</p>", page)
    assert "Belum diajukan" in page and "Belum disetujui" in page
    # An outside approval prints as recorded by HR.
    hr = as_user("hr")
    as_user("sekda").post("/admin/appraisal_skp/transition/submit/", {"id": scene.skp["sekda"]})
    hr.post("/admin/appraisal_skp/external/", {"id": scene.skp["sekda"],
                                               "name": "Bupati Manokwari",
                                               "position": "Bupati", "signed_on": "2024-01-20"})
    page = hr.get(f"{DOC}/plan/?skp={scene.skp['sekda']}").get_data(as_text=True)
    assert "Ditandatangani di luar sistem; dicatat oleh admin kepegawaian" in page
    assert "Manokwari, 20 Januari 2024" in page
    # Who may open it: the people on it, HR and the auditor; nobody else.
    assert as_user("pegawai2").get(f"{DOC}/plan/?skp={scene.skp['atasan']}").status_code == 302
    assert as_user("auditor").get(f"{DOC}/plan/?skp={scene.skp['atasan']}").status_code == 200
    response = atasan.get(f"{DOC}/plan/pdf/?skp={scene.skp['atasan']}")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")


# --- a unit's predikat list with its curve -----------------------------------------------------

def test_the_units_predikat_list_prints_with_its_curve(app, world, as_user):
    scene = chain(app, world)
    for key, ratings in (("pegawai", SB), ("pegawai2", (rules.SESUAI, rules.SESUAI)),
                         ("atasan", SB)):
        approve(app, scene.skp[key])
        evaluation(app, scene.skp[key], period=0, status="final", ratings=ratings)
    evaluation(app, scene.skp["head"], period=0, status="draft", ratings=SB)   # not counted
    with app.app_context():
        row = UnitPredikat(cycle_id=scene.cycle, unit_id=world.units["dpm"], period=0,
                           predikat=rules.ORG_ISTIMEWA)
        db.session.add(row)
        db.session.commit()
        row_id = row.id
    kepala = as_user("kepala")
    page = kepala.get(f"/admin/appraisal_unit_predikat/details/?id={row_id}").get_data(
        as_text=True)
    assert f"{DOC}/unit/?id={row_id}" in page
    response = kepala.get(f"{DOC}/unit/?id={row_id}")
    assert_indonesian(response, "unit predikat list")
    html = response.get_data(as_text=True)
    document = html.split('id="unit-document"', 1)[1].split("</article>", 1)[0]
    assert '<svg class="doc-chart" id="unit-curve"' in document and "<script" not in document
    shares = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" '
                        r'fill="#4a90d9" data-share="([\d.]+)"', html)
    assert shares[:2] == ["66.7", "33.3"]
    staff = html.split('id="unit-staff"', 1)[1]
    assert "Pegawai Satu" in staff and "Pegawai Dua" in staff and "Kepala DPMPTSP" not in staff
    assert "paling banyak 70% Sangat Baik" in html
    response = kepala.get(f"{DOC}/unit/pdf/?id={row_id}")
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    # A supervisor heading no unit, an employee: not theirs.
    for username in ("atasan", "pegawai"):
        assert as_user(username).get(f"{DOC}/unit/?id={row_id}").status_code == 302
