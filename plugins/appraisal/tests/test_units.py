"""Unit predikat and the distribution curve, angka kredit, the cycle health counts and the
printable evaluation document. Evaluations are written directly to the database (their views
live elsewhere); the document's signatures come from the workflow engine itself."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.auth.models import User
from app.extensions import db
from app.org.models import Employee, Position, WorkUnit
from app.workflow import engine
from app.workflow.models import TransitionLog
from plugins.appraisal import rules, snapshots
from plugins.appraisal.credit import angka_kredit
from plugins.appraisal.generation import generate
from plugins.appraisal.models import (ANNUAL, AppraisalCycle, CreditCoefficient, Evaluation,
                                      Expectation, Feedback, Iki, IkiRealisation, Rhk, Skp,
                                      UnitPredikat)
from plugins.appraisal.workflows import EVALUATION
from tests.fixtures.world import employee, user
from tests.i18n.conftest import assert_indonesian

SB = (rules.DI_ATAS, rules.DI_ATAS)                 # Sangat Baik
BAIK = (rules.SESUAI, rules.SESUAI)                 # Baik
BP = (rules.DI_BAWAH, rules.SESUAI)                 # Butuh Perbaikan
YEAR = date.today().year


# --- helpers -------------------------------------------------------------------------------

def _cycle(app, world, state="evaluasi", periodicity="quarterly") -> int:
    """A cycle with SKP for the whole world (plus a sub-unit of DPMPTSP with one employee)."""
    with app.app_context():
        dpm = db.session.get(WorkUnit, world.units["dpm"])
        bidang = WorkUnit(code="DPM-IZIN", name="Bidang Perizinan", kind="bidang", parent=dpm)
        db.session.add(bidang)
        employee("Staf Bidang Perizinan", bidang, db.session.get(Employee, world.people["atasan"]))
        cycle = AppraisalCycle(year=YEAR, periodicity=periodicity, state="perencanaan")
        db.session.add(cycle)
        db.session.commit()
        generate(cycle, world.units["top"])
        cycle.state = state
        db.session.commit()
        return cycle.id


def _person(app, name) -> int:
    with app.app_context():
        return db.session.scalar(select(Employee.id).where(Employee.name == name))


def _skp(app, employee_id) -> int:
    with app.app_context():
        return db.session.scalar(select(Skp.id).where(Skp.employee_id == employee_id))


def _evaluate(app, employee_id, ratings, status="rated", period=ANNUAL) -> int:
    """An evaluation row as the evaluation views would leave it (predikat from the matrix)."""
    with app.app_context():
        skp = db.session.scalar(select(Skp).where(Skp.employee_id == employee_id))
        ev = Evaluation(skp=skp, period=period, employee_id=skp.employee_id,
                        appraiser_id=skp.appraiser_id, superior_id=skp.superior_id,
                        unit_id=skp.unit_id, status=status)
        if ratings:
            ev.hasil_kerja, ev.perilaku = ratings
            ev.predikat = rules.predikat(*ratings)
        db.session.add(ev)
        db.session.commit()
        if status != "draft":       # signed: frozen, as the workflow does
            snapshots.take(ev)
            db.session.commit()
        return ev.id


def _unit_predikat(app, cycle_id, unit_id, predikat, period=ANNUAL) -> int:
    with app.app_context():
        row = UnitPredikat(cycle_id=cycle_id, unit_id=unit_id, period=period, predikat=predikat)
        db.session.add(row)
        db.session.commit()
        return row.id


def _stored(app, row_id):
    with app.app_context():
        row = db.session.get(UnitPredikat, row_id)
        return None if row is None else (row.predikat, row.period)


def _head_user(app, world):
    """`head` heads DPMPTSP (and supervises `atasan`): give them a supervisor account."""
    with app.app_context():
        user("kepala", ["supervisor", "employee"], db.session.get(Employee, world.people["head"]))
        db.session.commit()


def _curve_world(app, world):
    """DPMPTSP tree: 4 Sangat Baik and 1 Baik rated, 1 Sangat Baik still in draft (ignored);
    BKPSDM: Baik, Sangat Baik and one Butuh Perbaikan."""
    cycle_id = _cycle(app, world)
    p = world.people
    for who in ("head", "atasan", "pegawai"):
        _evaluate(app, p[who], SB, status="final")
    _evaluate(app, _person(app, "Staf Bidang Perizinan"), SB, status="signed")
    _evaluate(app, p["pegawai2"], BAIK)
    with app.app_context():
        dpm = db.session.get(WorkUnit, world.units["dpm"])
        late = employee("Pegawai Terlambat", dpm, db.session.get(Employee, p["atasan"]))
        db.session.flush()
        db.session.add(Skp(cycle_id=cycle_id, employee=late, appraiser_id=p["atasan"],
                           unit_id=dpm.id, status="approved"))
        db.session.commit()
        late_id = late.id
    _evaluate(app, late_id, SB, status="draft")
    _evaluate(app, p["atasan_lain"], BAIK)
    _evaluate(app, p["lain"], SB)
    _evaluate(app, p["hr"], BP)
    return cycle_id


def _chart(page: str) -> dict:
    raw = re.search(r"data-chart='([^']*)'", page).group(1)
    return json.loads(raw.replace("&#34;", '"').replace("&quot;", '"'))


# --- unit predikat and curve ---------------------------------------------------------------

def test_curve_warns_for_a_broken_bound_and_not_for_a_compliant_unit(app, world, as_user):
    cycle_id = _curve_world(app, world)
    dpm = _unit_predikat(app, cycle_id, world.units["dpm"], rules.ORG_ISTIMEWA)
    bkp = _unit_predikat(app, cycle_id, world.units["bkp"], rules.ORG_BAIK)
    hr = as_user("hr")

    response = hr.get(f"/admin/appraisal_unit_predikat/details/?id={dpm}")
    assert_indonesian(response, "unit predikat with a broken curve")
    page = response.get_data(as_text=True)
    assert 'data-curve="warnings"' in page
    # 4 of 5 rated staff of the unit tree (the sub-unit counts, the draft does not).
    assert "80% Sangat Baik; paling banyak 70% diizinkan" in page
    assert re.search(r'data-predikat="sangat_baik"><td>Sangat Baik</td>'
                     r'<td class="text-right" data-count>4<', page)
    chart = _chart(page)
    assert chart["shares"][:5] == [80.0, 20.0, 0, 0, 0]
    assert chart["max"][0] == 70.0 and chart["labels"][0] == "Sangat Baik"
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in page and "cdn" not in page.lower()

    page = hr.get(f"/admin/appraisal_unit_predikat/details/?id={bkp}").get_data(as_text=True)
    assert 'data-curve="ok"' in page and "data-warning" not in page
    assert "Sebaran predikat pegawai sesuai dengan kurva predikat unit ini." in page
    chart = _chart(page)
    # Baik curve: the combined "Butuh Perbaikan or Kurang" bar and its minimum of one of three.
    assert chart["labels"][-1] == "Butuh Perbaikan atau Kurang/Misconduct"
    assert chart["min"][-1] == pytest.approx(33.3) and chart["max"][1] == 70.0

    # HR changes DPMPTSP's predikat to Baik: now nobody below Baik breaks the count bound.
    hr.post(f"/admin/appraisal_unit_predikat/edit/?id={dpm}",
            {"cycle": str(cycle_id), "unit": str(world.units["dpm"]), "period": "0",
             "predikat": rules.ORG_BAIK})
    assert _stored(app, dpm) == (rules.ORG_BAIK, 0)
    page = hr.get(f"/admin/appraisal_unit_predikat/details/?id={dpm}").get_data(as_text=True)
    assert ("Belum ada pegawai Butuh Perbaikan atau Kurang/Misconduct; paling sedikit 1 "
            "diperlukan") in page
    assert "paling banyak 70% diizinkan" not in page     # 20% Baik is within its bound


def test_curve_of_a_unit_without_rated_staff_says_so(app, world, as_user):
    cycle_id = _cycle(app, world)
    row = _unit_predikat(app, cycle_id, world.units["bkp"], rules.ORG_SANGAT_KURANG, period=2)
    page = as_user("hr").get(f"/admin/appraisal_unit_predikat/details/?id={row}").get_data(
        as_text=True)
    assert 'data-curve="empty"' in page and "Triwulan II" in page


def test_unit_predikat_access_per_role(app, world, as_user):
    cycle_id = _curve_world(app, world)
    dpm = _unit_predikat(app, cycle_id, world.units["dpm"], rules.ORG_ISTIMEWA)
    bkp = _unit_predikat(app, cycle_id, world.units["bkp"], rules.ORG_BAIK)
    _head_user(app, world)

    # HR creates, edits and deletes.
    hr = as_user("hr")
    hr.post("/admin/appraisal_unit_predikat/new/",
            {"cycle": str(cycle_id), "unit": str(world.units["top"]), "period": "1",
             "predikat": rules.ORG_KURANG})
    with app.app_context():
        created = db.session.scalar(select(UnitPredikat.id).where(
            UnitPredikat.unit_id == world.units["top"]))
    assert _stored(app, created) == (rules.ORG_KURANG, 1)
    hr.post("/admin/appraisal_unit_predikat/delete/", {"id": str(created)})
    assert _stored(app, created) is None

    # The auditor reads but changes nothing.
    auditor = as_user("auditor")
    assert auditor.get(f"/admin/appraisal_unit_predikat/details/?id={dpm}").status_code == 200
    auditor.post(f"/admin/appraisal_unit_predikat/edit/?id={dpm}",
                 {"cycle": str(cycle_id), "unit": str(world.units["dpm"]), "period": "0",
                  "predikat": rules.ORG_SANGAT_KURANG})
    auditor.post("/admin/appraisal_unit_predikat/delete/", {"id": str(dpm)})
    assert _stored(app, dpm) == (rules.ORG_ISTIMEWA, 0)

    # The head of DPMPTSP reads its row only, and cannot edit it.
    kepala = as_user("kepala")
    page = kepala.get(f"/admin/appraisal_unit_predikat/details/?id={dpm}")
    assert page.status_code == 200 and "80% Sangat Baik" in page.get_data(as_text=True)
    assert kepala.get(f"/admin/appraisal_unit_predikat/details/?id={bkp}").status_code == 302
    listing = kepala.get("/admin/appraisal_unit_predikat/").get_data(as_text=True)
    assert "Dinas Penanaman Modal" in listing and "Badan Kepegawaian" not in listing
    kepala.post(f"/admin/appraisal_unit_predikat/edit/?id={dpm}",
                {"cycle": str(cycle_id), "unit": str(world.units["dpm"]), "period": "0",
                 "predikat": rules.ORG_BAIK})
    assert _stored(app, dpm) == (rules.ORG_ISTIMEWA, 0)

    # A supervisor heading no unit, employees, trainers and coordinators: 403.
    for username in ("atasan", "pegawai", "pelatih", "koordinator"):
        client = as_user(username)
        assert client.get("/admin/appraisal_unit_predikat/").status_code == 403, username
        assert client.get(f"/admin/appraisal_unit_predikat/details/?id={dpm}"
                          ).status_code == 403, username


def test_period_is_checked_against_the_cycle_and_a_locked_cycle_takes_no_edits(
        app, world, as_user):
    cycle_id = _cycle(app, world)
    hr = as_user("hr")
    response = hr.post("/admin/appraisal_unit_predikat/new/",
                       {"cycle": str(cycle_id), "unit": str(world.units["dpm"]), "period": "5",
                        "predikat": rules.ORG_BAIK})
    assert response.status_code == 200
    assert "Siklus ini memiliki 4 periode" in response.get_data(as_text=True)
    row = _unit_predikat(app, cycle_id, world.units["dpm"], rules.ORG_BAIK)
    duplicate = hr.post("/admin/appraisal_unit_predikat/new/",
                        {"cycle": str(cycle_id), "unit": str(world.units["dpm"]), "period": "0",
                         "predikat": rules.ORG_KURANG})
    assert "sudah memiliki predikat" in duplicate.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UnitPredikat)) == 1
        db.session.get(AppraisalCycle, cycle_id).state = "selesai"
        db.session.commit()
    hr.post(f"/admin/appraisal_unit_predikat/edit/?id={row}",
            {"cycle": str(cycle_id), "unit": str(world.units["dpm"]), "period": "0",
             "predikat": rules.ORG_KURANG})
    hr.post("/admin/appraisal_unit_predikat/delete/", {"id": str(row)})
    assert _stored(app, row) == (rules.ORG_BAIK, 0)
    refused = hr.post("/admin/appraisal_unit_predikat/new/",
                      {"cycle": str(cycle_id), "unit": str(world.units["bkp"]), "period": "0",
                       "predikat": rules.ORG_BAIK})
    assert "Siklus sudah selesai dan dikunci." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UnitPredikat)) == 1


# --- angka kredit --------------------------------------------------------------------------

def _functional(app, world, level="ahli_muda"):
    with app.app_context():
        position = Position(name="Analis Kebijakan", kind="fungsional", level=level)
        db.session.add(position)
        db.session.get(Employee, world.people["pegawai"]).position = position
        db.session.commit()


def _credit_of(app, evaluation_id):
    with app.app_context():
        return angka_kredit(db.session.get(Evaluation, evaluation_id))


def test_coefficient_edit_changes_the_angka_kredit(app, world, as_user):
    cycle_id = _cycle(app, world)
    _functional(app, world)
    annual = _evaluate(app, world.people["pegawai"], SB, status="final")
    periodic = _evaluate(app, world.people["pegawai"], SB, status="final", period=1)
    _evaluate(app, world.people["pegawai2"], SB, status="final")        # not functional
    assert _credit_of(app, annual) == Decimal("37.5")     # default 25 x 150%
    assert _credit_of(app, periodic) is None              # angka kredit is annual

    hr = as_user("hr")
    page = hr.get(f"/admin/appraisal_coefficient/credits/?cycle={cycle_id}")
    assert_indonesian(page, "angka kredit list")
    html = page.get_data(as_text=True)
    assert re.search(r"Pegawai Satu</td>.*?Ahli Muda</td><td>Sangat Baik</td>\s*"
                     r"<td class=\"text-right\">25</td><td class=\"text-right\" data-credit>"
                     r"37,5</td>", html, re.S)
    assert "Pegawai Dua" not in html

    # Bad coefficients change nothing.
    for bad in ("0", "-3", "12.3456", "NaN", "abc"):
        response = hr.post("/admin/appraisal_coefficient/new/",
                           {"level": "ahli_muda", "coefficient": bad})
        assert response.status_code == 200, bad
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CreditCoefficient)) == 0
    hr.post("/admin/appraisal_coefficient/new/", {"level": "ahli_muda", "coefficient": "30"})
    assert _credit_of(app, annual) == Decimal("45")
    again = hr.post("/admin/appraisal_coefficient/new/", {"level": "ahli_muda",
                                                          "coefficient": "31"})
    assert "Sudah ada." in again.get_data(as_text=True)
    html = hr.get(f"/admin/appraisal_coefficient/credits/?cycle={cycle_id}").get_data(
        as_text=True)
    assert "data-credit>37,5</td>" in html     # signed under the old coefficient: kept
    with app.app_context():                    # HR's correction signs a new version
        snapshots.take(db.session.get(Evaluation, annual), reason="Koreksi koefisien")
        db.session.commit()
    html = hr.get(f"/admin/appraisal_coefficient/credits/?cycle={cycle_id}").get_data(
        as_text=True)
    assert "data-credit>45</td>" in html

    export = hr.get(f"/admin/appraisal_coefficient/credits/export/?cycle={cycle_id}")
    assert export.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Nama", "NIP", "Jenjang jabatan fungsional", "Predikat",
                       "Koefisien tahunan", "Angka kredit"]
    assert rows[1][0] == "Pegawai Satu" and rows[1][3:] == ["Sangat Baik", "30", "45"]
    assert len(rows) == 2
    with app.app_context():  # a security event: who exported which cycle, how many rows
        from app.audit.models import AuditEvent

        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")
                                   .order_by(AuditEvent.id.desc())).first()
        assert (event.entity, event.username) == ("appraisal_coefficient", "hr")
        assert event.changes_dict["rows"] == 1
        assert event.changes_dict["query"] == {"cycle": [str(cycle_id)]}

    # The auditor reads; employees, supervisors and trainers may not.
    auditor = as_user("auditor")
    assert auditor.get(f"/admin/appraisal_coefficient/credits/?cycle={cycle_id}"
                       ).status_code == 200
    with app.app_context():
        row_id = db.session.scalar(select(CreditCoefficient.id))
    auditor.post(f"/admin/appraisal_coefficient/edit/?id={row_id}",
                 {"level": "ahli_muda", "coefficient": "99"})
    assert _credit_of(app, annual) == Decimal("45")
    for username in ("atasan", "pegawai", "pelatih"):
        assert as_user(username).get("/admin/appraisal_coefficient/credits/").status_code == 403


# --- cycle health --------------------------------------------------------------------------

def _health_row(page: str, unit_id: int, table: str) -> str:
    section = page.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    return re.search(rf'<tr data-unit="{unit_id}">(.*?)</tr>', section, re.S).group(1)


def _approve(app, *employee_ids):
    with app.app_context():
        for skp in db.session.scalars(select(Skp).where(Skp.employee_id.in_(employee_ids))):
            skp.status = "approved"
        db.session.commit()


def test_health_counts_missing_evaluations_and_the_predikat_per_unit(app, world, as_user):
    cycle_id = _cycle(app, world, state="evaluasi")
    p = world.people
    _approve(app, p["pegawai"], p["pegawai2"], p["atasan"])
    _evaluate(app, p["pegawai"], SB, status="final")
    _evaluate(app, p["pegawai2"], BAIK, status="draft")       # not rated yet: missing
    _evaluate(app, p["atasan"], BP, status="rated", period=1)  # periodic: not the annual one
    _evaluate(app, p["lain"], BAIK, status="signed")           # SKP not approved: not missing

    hr = as_user("hr")
    page = hr.get(f"/admin/appraisal_cycle/details/?id={cycle_id}").get_data(as_text=True)
    assert "Evaluasi belum ada (Tahunan)" in page
    row = _health_row(page, world.units["dpm"], "cycle-health")
    assert re.search(r'data-count="evaluations_missing">2<', row)     # pegawai2 and atasan
    row = _health_row(page, world.units["bkp"], "cycle-health")
    assert re.search(r'data-count="evaluations_missing">0<', row)
    dist = _health_row(page, world.units["dpm"], "predikat-distribution")
    assert dict(re.findall(r'data-predikat="(\w+)">(?:<a href="[^"]*">)?(\d+)<', dist)) == {
        "sangat_baik": "1", "baik": "0", "butuh_perbaikan": "0", "kurang": "0",
        "sangat_kurang": "0"}
    # The count links to the evaluation list filtered by unit, annual period and predikat.
    link = re.search(r'data-predikat="sangat_baik"><a href="([^"]+)"', dist).group(1)
    listing = hr.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Pegawai Satu" in listing and "Pegawai Dua" not in listing
    dist = _health_row(page, world.units["bkp"], "predikat-distribution")
    assert re.findall(r'data-predikat="baik">(?:<a href="[^"]*">)?(\d+)<', dist) == ["1"]
    assert 'id="predikat-distribution"' in page and "Bidang Perizinan" not in \
        page.split('id="predikat-distribution"', 1)[1].split("</table>")[0]   # nobody rated

    # During monitoring the current period counts instead of the annual evaluation.
    current = (date.today().month - 1) // 3 + 1
    _evaluate(app, p["pegawai2"], BAIK, status="rated", period=current)
    with app.app_context():
        db.session.get(AppraisalCycle, cycle_id).state = "pemantauan"
        db.session.commit()
    page = hr.get(f"/admin/appraisal_cycle/details/?id={cycle_id}").get_data(as_text=True)
    assert "Evaluasi belum ada (Triwulan " in page
    row = _health_row(page, world.units["dpm"], "cycle-health")
    missing = 2 if current != 1 else 1    # pegawai has no periodic one; atasan's Q1 is rated
    assert re.search(rf'data-count="evaluations_missing">{missing}<', row)


# --- the printable document ----------------------------------------------------------------

def _document_world(app, world):
    """Pegawai Satu's annual evaluation with a plan, realisasi and feedback, rated by Atasan
    Satu, signed by Kepala DPMPTSP and acknowledged by the employee through the engine."""
    cycle_id = _cycle(app, world)
    _head_user(app, world)
    p = world.people
    _functional(app, world)
    with app.app_context():
        boss_skp = db.session.scalar(select(Skp).where(Skp.employee_id == p["atasan"]))
        boss_rhk = Rhk(skp=boss_skp, kind="utama", text="Meningkatnya kualitas layanan perizinan")
        db.session.add(boss_rhk)
        db.session.flush()
        skp = db.session.scalar(select(Skp).where(Skp.employee_id == p["pegawai"]))
        skp.status = "approved"
        main = Rhk(skp=skp, kind="utama", text="Terverifikasinya berkas permohonan izin",
                   parent=boss_rhk)
        extra = Rhk(skp=skp, kind="tambahan", text="Menjadi narasumber sosialisasi")
        iki = Iki(rhk=main, name="Persentase berkas terverifikasi tepat waktu",
                  aspect="kuantitas", target="95%")
        db.session.add_all([boss_rhk, main, extra, iki,
                            Expectation(skp=skp, behaviour="akuntabel",
                                        text="Laporan harian tepat waktu")])
        db.session.commit()
        ev_id = _evaluate(app, p["pegawai"], SB, status="draft")
        ev = db.session.get(Evaluation, ev_id)
        db.session.add_all([
            IkiRealisation(evaluation=ev, indicator=iki, value="97% berkas terverifikasi",
                           evidence_url="https://example.org/bukti.pdf"),
            Feedback(evaluation=ev, rhk=main, text="Pertahankan ketelitian"),
            Feedback(evaluation=ev, behaviour="akuntabel", text="Selalu tepat waktu")])
        db.session.commit()
        return cycle_id, ev_id


def _apply(app, username, code, ev_id):
    with app.app_context():
        account = db.session.scalar(select(User).where(User.username == username))
        assert engine.apply(EVALUATION, [ev_id], code, account) == (1, 0), code


def test_document_renders_in_indonesian_with_names_predikat_and_signatures(
        app, world, as_user):
    cycle_id, ev_id = _document_world(app, world)
    # The regency's own predikat covers DPMPTSP, which has none of its own.
    _unit_predikat(app, cycle_id, world.units["top"], rules.ORG_BAIK)
    url = f"/admin/appraisal_document/?id={ev_id}"
    pegawai, atasan = as_user("pegawai"), as_user("atasan")
    # A draft is not the employee's to see yet; the appraiser sees it.
    response = pegawai.get(url)
    assert response.status_code == 302
    assert "Pegawai Satu" not in pegawai.get(response.headers["Location"]).get_data(as_text=True)
    assert atasan.get(url).status_code == 200

    _apply(app, "atasan", "rate", ev_id)
    _apply(app, "kepala", "sign", ev_id)
    _apply(app, "pegawai", "acknowledge", ev_id)
    with app.app_context():
        rate = db.session.scalar(select(TransitionLog).where(
            TransitionLog.record_id == ev_id, TransitionLog.transition == "rate"))
        rate.at = datetime(2026, 11, 28, 2, 30, tzinfo=timezone.utc)   # 11.30 WIT
        db.session.commit()

    response = pegawai.get(url)
    assert_indonesian(response, "evaluation document")
    html = response.get_data(as_text=True)
    with app.app_context():
        nips = {k: db.session.get(Employee, p).nip for k, p in world.people.items()}
    for text in ["DOKUMEN EVALUASI KINERJA PEGAWAI", f"PERIODE: TAHUNAN {YEAR}",
                 "PEGAWAI YANG DINILAI", "PEJABAT PENILAI KINERJA",
                 "ATASAN PEJABAT PENILAI KINERJA", "Pegawai Satu", "Atasan Satu",
                 "Kepala DPMPTSP", nips["pegawai"], nips["atasan"], nips["head"],
                 "Meningkatnya kualitas layanan perizinan",
                 "Terverifikasinya berkas permohonan izin", "Kuantitas", "95%",
                 "97% berkas terverifikasi", "Pertahankan ketelitian",
                 "Laporan harian tepat waktu", "Selalu tepat waktu", "Berorientasi Pelayanan",
                 "Melakukan perbaikan tiada henti", "Di Atas Ekspektasi", "SANGAT BAIK",
                 "Manokwari, 28 November 2026", "Diterima secara elektronik", "Cetak"]:
        assert text in html, text
    assert html.index("UTAMA") < html.index("Menjadi narasumber sosialisasi")
    assert re.search(r'data-field="angka-kredit">37,5<', html)
    assert 'data-field="org-predikat">Baik (Pemerintah Kabupaten Manokwari)<' in html
    signatures = html.split('id="document-signatures"', 1)[1]
    assert re.search(r'data-sign="appraiser">.*Manokwari, 28 November 2026.*Atasan Satu',
                     signatures, re.S)
    assert f"NIP {nips['head']}" in signatures
    assert "@media print" in html and "size: A4" in html

    # Another employee, a trainer: no document.
    assert as_user("pegawai2").get(url).status_code == 302
    assert "Pegawai Satu" not in as_user("pegawai2").get(
        "/admin/appraisal_document/").get_data(as_text=True)
    assert as_user("pelatih").get(url).status_code == 403
    listing = pegawai.get("/admin/appraisal_document/")
    assert_indonesian(listing, "document list")
    assert f"?id={ev_id}" in listing.get_data(as_text=True)
    # HR and the auditor read every document.
    assert "Pegawai Satu" in as_user("auditor").get(url).get_data(as_text=True)
    assert as_user("hr").get(url).status_code == 200


def test_document_as_pdf_and_a_clear_message_without_pango(app, world, as_user, monkeypatch):
    _cycle_id, ev_id = _document_world(app, world)
    atasan = as_user("atasan")
    response = atasan.get(f"/admin/appraisal_document/pdf/?id={ev_id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.get_data().startswith(b"%PDF")
    assert as_user("pegawai2").get(f"/admin/appraisal_document/pdf/?id={ev_id}"
                                   ).status_code == 302
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)     # import fails as without Pango
    response = atasan.get(f"/admin/appraisal_document/pdf/?id={ev_id}", follow_redirects=True)
    assert response.status_code == 200
    assert "PDF tidak tersedia di server ini" in response.get_data(as_text=True)
    for bad in ("abc", "99999999999", "-1"):
        assert atasan.get(f"/admin/appraisal_document/?id={bad}").status_code == 302
