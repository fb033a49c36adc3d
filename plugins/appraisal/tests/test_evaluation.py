"""SKP evaluations: starting a period, the employee's realisasi and linked reports, the
appraiser's feedback and ratings with the predikat of the matrix, the signing workflow to Final
with the `appraisal-finalised` signal, who sees what (ratings hidden from the employee until
rated), HR's finalisation after the deadline and the locked cycle."""
from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.core.signals import appraisal_finalised
from app.extensions import db
from app.org.models import Employee
from app.performance.models import ActivityReport
from plugins.appraisal import rules
from plugins.appraisal.models import (ANNUAL, AppraisalCycle, Evaluation, Expectation, Feedback,
                                      Iki, IkiRealisation, ReportLink, Rhk, Skp)
from tests.i18n.conftest import assert_indonesian

# Last year's cycle: all of its periods have opened (a period's evaluation opens in its last
# month), whatever today's date.
YEAR = date.today().year - 1
BASE = "/admin/appraisal_evaluation"


class Plan:
    """Ids of an approved SKP of `pegawai` (appraiser `atasan`, superior `head`)."""

    cycle: int
    skp: int
    main: int
    extra: int
    iki: list[int]


def _plan(app, world, state="pemantauan", periodicity="quarterly", days=14) -> Plan:
    with app.app_context():
        cycle = AppraisalCycle(year=YEAR, periodicity=periodicity, state=state,
                               acknowledgement_days=days)
        skp = Skp(cycle=cycle, employee_id=world.people["pegawai"],
                  appraiser_id=world.people["atasan"], superior_id=world.people["head"],
                  unit_id=world.units["dpm"], status="approved")
        main = Rhk(skp=skp, kind="utama", text="Berkas permohonan izin terverifikasi lengkap",
                   indicators=[Iki(name="Jumlah berkas terverifikasi", aspect="kuantitas",
                                   target="150 berkas"),
                               Iki(name="Rata-rata waktu verifikasi", aspect="waktu",
                                   target="2 hari kerja")])
        extra = Rhk(skp=skp, kind="tambahan", text="Laporan bulanan layanan tersusun",
                    indicators=[Iki(name="Jumlah laporan", aspect="kuantitas", target="3")])
        skp.expectations = [Expectation(behaviour="kolaboratif",
                                        text="Berbagi data permohonan lewat aplikasi.")]
        db.session.add_all([cycle, skp, main, extra])
        db.session.commit()
        plan = Plan()
        plan.cycle, plan.skp, plan.main, plan.extra = cycle.id, skp.id, main.id, extra.id
        plan.iki = [i.id for i in main.indicators] + [i.id for i in extra.indicators]
        return plan


def _kepala(app, world):
    """A login for `head`, the atasan pejabat penilai of atasan's staff."""
    from tests.fixtures.world import user

    with app.app_context():
        user("kepala", ["supervisor", "employee"], db.session.get(Employee, world.people["head"]))
        db.session.commit()


def _report(app, employee_id, day, status, text) -> int:
    with app.app_context():
        report = ActivityReport(employee_id=employee_id, date=day, description=text,
                                duration_minutes=90, status=status)
        db.session.add(report)
        db.session.commit()
        return report.id


def _evaluation(app, skp_id, period) -> Evaluation | None:
    with app.app_context():
        row = db.session.scalar(select(Evaluation).where(Evaluation.skp_id == skp_id,
                                                         Evaluation.period == period))
        if row is not None:
            db.session.expunge(row)
        return row


def _start(client, plan, period) -> int:
    response = client.post(f"{BASE}/start/", {"skp": plan.skp, "period": period})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    match = re.search(r"details/\?id=(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def _page(client, evaluation_id) -> str:
    response = client.get(f"{BASE}/details/?id={evaluation_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _flashes(client) -> str:
    return client.get("/admin/").get_data(as_text=True)


def _export(client) -> list[dict]:
    text = client.get(f"{BASE}/export/csv/").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def _cell(html, column) -> list[str]:
    return [re.sub(r"<[^>]+>|\s+", " ", c).strip()
            for c in re.findall(rf'<td class="col-{column}">(.*?)</td>', html, re.S)]


def _rate(client, evaluation_id, hasil=rules.SESUAI, perilaku=rules.SESUAI, **extra):
    return client.post(f"{BASE}/assessment/", {"id": evaluation_id, "hasil_kerja": hasil,
                                                "perilaku": perilaku, **extra})


def test_a_period_from_start_to_final(app, world, as_user):
    plan = _plan(app, world)
    _kepala(app, world)
    pegawai, atasan, kepala = as_user("pegawai"), as_user("atasan"), as_user("kepala")

    # Start: the cycle's four quarters and the annual evaluation (not yet: monitoring stage).
    start_page = pegawai.get(f"{BASE}/start/?skp={plan.skp}")
    assert_indonesian(start_page, "start page as pegawai")
    html = start_page.get_data(as_text=True)
    for label in ["Triwulan I", "Triwulan IV", "Tahunan"]:
        assert label in html
    assert html.count('data-action="start"') == 4
    evaluation_id = _start(pegawai, plan, 1)
    row = _evaluation(app, plan.skp, 1)
    assert (row.id, row.employee_id, row.appraiser_id, row.superior_id, row.unit_id,
            row.status) == (evaluation_id, world.people["pegawai"], world.people["atasan"],
                            world.people["head"], world.units["dpm"], "draft")
    pegawai.post(f"{BASE}/start/", {"skp": plan.skp, "period": 1})     # a second click
    assert "sudah ada" in _flashes(pegawai)
    pegawai.post(f"{BASE}/start/", {"skp": plan.skp, "period": ANNUAL})
    assert "tahap evaluasi" in _flashes(pegawai)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Evaluation)) == 1

    # The employee's realisasi with a link and a file.
    main_iki, second_iki, extra_iki = plan.iki
    response = pegawai.post(f"{BASE}/realisations/", {
        "id": evaluation_id, f"value-{main_iki}": "160 berkas",
        f"url-{main_iki}": "https://arsip.example.go.id/berkas-q1",
        f"file-{main_iki}": (io.BytesIO(b"%PDF-1.4 bukti"), "bukti.pdf"),
        f"value-{extra_iki}": "3 laporan"})
    assert response.status_code == 302
    with app.app_context():
        realised = {r.indicator_id: (r.value, r.evidence_url, bool(r.evidence_file))
                    for r in db.session.scalars(select(IkiRealisation))}
    assert realised == {main_iki: ("160 berkas", "https://arsip.example.go.id/berkas-q1", True),
                        extra_iki: ("3 laporan", None, False)}
    with app.app_context():
        file_row = db.session.scalar(select(IkiRealisation.id).where(
            IkiRealisation.indicator_id == main_iki))
    download = atasan.get(f"{BASE}/evidence/?id={file_row}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 bukti"
    assert as_user("pegawai2").get(f"{BASE}/evidence/?id={file_row}").status_code == 404
    # Bad input changes nothing: an evidence link that is no web address, a wrong file type.
    pegawai.post(f"{BASE}/realisations/", {"id": evaluation_id,
                                           f"value-{second_iki}": "2 hari",
                                           f"url-{second_iki}": "javascript:alert(1)"})
    pegawai.post(f"{BASE}/realisations/", {
        "id": evaluation_id, f"value-{second_iki}": "2 hari",
        f"file-{second_iki}": (io.BytesIO(b"MZ"), "virus.exe")})
    assert "tidak diizinkan" in _flashes(pegawai)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IkiRealisation)) == 2

    # Linking reports: own reports of the quarter only; only verified ones show beside the RHK.
    feb = date(YEAR, 2, 10)
    verified = _report(app, world.people["pegawai"], feb, "verified", "Verifikasi 40 berkas izin")
    submitted = _report(app, world.people["pegawai"], feb, "submitted", "Rekap berkas menunggu")
    later = _report(app, world.people["pegawai"], date(YEAR, 5, 4), "verified", "Kegiatan Mei")
    others = _report(app, world.people["pegawai2"], feb, "verified", "Milik pegawai lain")
    html = _page(pegawai, evaluation_id)
    assert f'data-unlinked="{verified}"' in html and f'data-unlinked="{later}"' not in html
    pegawai.post(f"{BASE}/link/", {"id": evaluation_id, "rhk": plan.main,
                                   "report": [verified, submitted, later, others]})
    with app.app_context():
        links = dict(db.session.execute(select(ReportLink.report_id, ReportLink.rhk_id)
                                        .order_by(ReportLink.report_id)).all())
    assert links == {verified: plan.main, submitted: plan.main}
    appraiser_page = _page(atasan, evaluation_id)
    beside = re.search(rf'data-reports="{plan.main}">(.*?)</div>', appraiser_page, re.S).group(1)
    assert "Verifikasi 40 berkas izin" in beside and "90 menit" in beside
    assert "Rekap berkas menunggu" not in appraiser_page
    pegawai.post(f"{BASE}/unlink/", {"id": evaluation_id, "report": submitted})
    pegawai.post(f"{BASE}/unlink/", {"id": evaluation_id, "report": verified})
    pegawai.post(f"{BASE}/link/", {"id": evaluation_id, "rhk": plan.main, "report": verified})
    with app.app_context():
        assert db.session.scalars(select(ReportLink.report_id)).all() == [verified]

    # The appraiser's feedback and ratings; the predikat follows the matrix, never the form.
    for (hasil, perilaku), expected in rules.MATRIX.items():
        _rate(atasan, evaluation_id, hasil, perilaku, predikat=rules.SANGAT_KURANG
              if expected != rules.SANGAT_KURANG else rules.SANGAT_BAIK)
        assert _evaluation(app, plan.skp, 1).predikat == expected, (hasil, perilaku)
    atasan.post(f"{BASE}/assessment/", {
        "id": evaluation_id, f"rhk-{plan.main}": "Verifikasi konsisten dan tepat waktu.",
        "behaviour-kolaboratif": "Aktif berbagi data dengan bidang lain.",
        "hasil_kerja": rules.DI_ATAS, "perilaku": rules.DI_ATAS, "predikat": rules.KURANG})
    row = _evaluation(app, plan.skp, 1)
    assert (row.hasil_kerja, row.perilaku, row.predikat) == (rules.DI_ATAS, rules.DI_ATAS,
                                                             rules.SANGAT_BAIK)
    atasan.post(f"{BASE}/assessment/", {"id": evaluation_id, "hasil_kerja": "luar_biasa"})
    assert _evaluation(app, plan.skp, 1).hasil_kerja == rules.DI_ATAS      # refused
    with app.app_context():
        assert {(f.rhk_id, f.behaviour) for f in db.session.scalars(select(Feedback))} == {
            (plan.main, None), (None, "kolaboratif")}
    appraiser_page = _page(atasan, evaluation_id)
    assert "Aktif berbagi data dengan bidang lain." in appraiser_page
    assert "Sangat Baik" in appraiser_page and "Berbagi data permohonan lewat aplikasi." \
        in appraiser_page                                                # ekspektasi khusus

    # Roles: the employee does not rate, the appraiser does not write the realisasi.
    assert pegawai.post(f"{BASE}/assessment/", {"id": evaluation_id,
                                                "hasil_kerja": rules.DI_BAWAH}).status_code == 403
    pegawai.post(f"{BASE}/transition/rate/", {"id": evaluation_id})
    assert _evaluation(app, plan.skp, 1).status == "draft"
    assert atasan.post(f"{BASE}/realisations/", {
        "id": evaluation_id, f"value-{main_iki}": "999 berkas"}).status_code == 403
    assert atasan.post(f"{BASE}/link/", {"id": evaluation_id, "rhk": plan.main,
                                         "report": submitted}).status_code == 403

    # Rate -> sign by the atasan pejabat penilai -> acknowledged by the employee: Final.
    atasan.post(f"{BASE}/transition/rate/", {"id": evaluation_id})
    assert _evaluation(app, plan.skp, 1).status == "rated"
    # Once rated, the employee's parts are closed too.
    pegawai.post(f"{BASE}/realisations/", {"id": evaluation_id, f"value-{main_iki}": "1"})
    with app.app_context():
        assert db.session.scalar(select(IkiRealisation.value).where(
            IkiRealisation.indicator_id == main_iki)) == "160 berkas"
    atasan.post(f"{BASE}/transition/sign/", {"id": evaluation_id})      # not the superior
    assert _evaluation(app, plan.skp, 1).status == "rated"
    kepala.post(f"{BASE}/transition/sign/", {"id": evaluation_id})
    assert _evaluation(app, plan.skp, 1).status == "signed"
    received = []

    def receiver(sender, **kwargs):
        received.append((sender, kwargs))

    with appraisal_finalised.connected_to(receiver):
        pegawai.post(f"{BASE}/transition/acknowledge/", {"id": evaluation_id})
    assert _evaluation(app, plan.skp, 1).status == "final"
    assert received == [("appraisal", {
        "employee_id": world.people["pegawai"], "year": YEAR, "period": 1,
        "ratings": {"hasil_kerja": rules.DI_ATAS, "perilaku": rules.DI_ATAS},
        "predikat": rules.SANGAT_BAIK})]
    final_page = _page(pegawai, evaluation_id)
    assert "Verifikasi konsisten dan tepat waktu." in final_page and "Sangat Baik" in final_page
    assert 'data-action="save-realisations"' not in final_page


def test_ratings_and_feedback_are_hidden_from_the_employee_until_rated(app, world, as_user):
    plan = _plan(app, world)
    pegawai, atasan = as_user("pegawai"), as_user("atasan")
    evaluation_id = _start(pegawai, plan, 2)
    _rate(atasan, evaluation_id, rules.DI_ATAS, rules.DI_ATAS,
          **{f"rhk-{plan.main}": "Umpan balik rahasia", "behaviour-akuntabel": "Catatan akuntabel"})
    assert _evaluation(app, plan.skp, 2).predikat == rules.SANGAT_BAIK

    def employee_sees_nothing():
        page = _page(pegawai, evaluation_id)
        assert "Umpan balik rahasia" not in page and "Catatan akuntabel" not in page
        assert 'id="assessment-hidden"' in page and 'data-field="predikat"' not in page
        listing = pegawai.get(f"{BASE}/").get_data(as_text=True)
        assert _cell(listing, "predikat") == [""]
        assert [(r["Hasil kerja"], r["Perilaku kerja"], r["Predikat"])
                for r in _export(pegawai)] == [("", "", "")]
        # Filtering on the predikat does not reveal it either.
        filtered = pegawai.get(f"{BASE}/?flt1_3={rules.SANGAT_BAIK}").get_data(as_text=True)
        other = pegawai.get(f"{BASE}/?flt1_3={rules.KURANG}").get_data(as_text=True)
        assert _cell(filtered, "predikat") == _cell(other, "predikat") == []

    employee_sees_nothing()
    # The appraiser and the superior see the draft rating.
    assert _cell(atasan.get(f"{BASE}/").get_data(as_text=True), "predikat") == ["Sangat Baik"]
    assert [r["Predikat"] for r in _export(atasan)] == ["Sangat Baik"]
    assert _cell(atasan.get(f"{BASE}/?flt1_3={rules.SANGAT_BAIK}").get_data(as_text=True),
                 "predikat") == ["Sangat Baik"]

    atasan.post(f"{BASE}/transition/rate/", {"id": evaluation_id})
    page = _page(pegawai, evaluation_id)
    assert "Umpan balik rahasia" in page and "Catatan akuntabel" in page
    assert _cell(pegawai.get(f"{BASE}/").get_data(as_text=True), "predikat") == ["Sangat Baik"]
    assert [r["Hasil kerja"] for r in _export(pegawai)] == ["Di Atas Ekspektasi"]
    assert_indonesian(pegawai.get(f"{BASE}/details/?id={evaluation_id}"), "rated, as pegawai")

    # Returned by the superior to Draft: hidden again from the employee.
    _kepala(app, world)
    as_user("kepala").post(f"{BASE}/transition/return/comment/",
                           {"ids": str(evaluation_id), "comment": "Periksa kembali"})
    assert _evaluation(app, plan.skp, 2).status == "draft"
    employee_sees_nothing()


def test_who_may_see_and_change_an_evaluation(app, world, as_user):
    plan = _plan(app, world)
    evaluation_id = _start(as_user("atasan"), plan, 1)       # the appraiser may start it too
    for username in ["pegawai2", "atasan_lain", "lain"]:
        c = as_user(username)
        assert c.get(f"{BASE}/details/?id={evaluation_id}").status_code == 404, username
        assert c.get(f"{BASE}/start/?skp={plan.skp}").status_code == 404, username
        assert c.post(f"{BASE}/realisations/", {"id": evaluation_id,
                                                f"value-{plan.iki[0]}": "1"}).status_code == 404
        assert c.post(f"{BASE}/assessment/", {"id": evaluation_id}).status_code == 404
        assert c.post(f"{BASE}/start/", {"skp": plan.skp, "period": 2}).status_code == 404
        assert _cell(c.get(f"{BASE}/").get_data(as_text=True), "employee") == []
        assert _export(c) == []
    for username in ["pelatih", "koordinator"]:
        c = as_user(username)
        for url in [f"{BASE}/", f"{BASE}/details/?id={evaluation_id}", f"{BASE}/start/",
                    f"{BASE}/start/?skp={plan.skp}", f"{BASE}/export/csv/"]:
            assert c.get(url).status_code == 403, (username, url)
        assert c.post(f"{BASE}/start/", {"skp": plan.skp, "period": 2}).status_code == 403
    # The auditor reads everything and changes nothing.
    auditor = as_user("auditor")
    page = _page(auditor, evaluation_id)
    assert "data-transition" not in page and 'data-action="start"' not in page
    assert 'data-action="start"' not in auditor.get(f"{BASE}/start/?skp={plan.skp}").get_data(
        as_text=True)
    assert auditor.post(f"{BASE}/start/", {"skp": plan.skp, "period": 2}).status_code == 403
    assert auditor.post(f"{BASE}/assessment/", {"id": evaluation_id}).status_code == 403
    # HR starts one and may delete; nobody gets a generic form.
    hr = as_user("hr")
    second = _start(hr, plan, 2)
    assert hr.get(f"{BASE}/new/").status_code == 302
    assert hr.get(f"{BASE}/edit/?id={second}").status_code == 302
    assert hr.post(f"{BASE}/realisations/", {"id": second,
                                             f"value-{plan.iki[0]}": "1"}).status_code == 403
    hr.post(f"{BASE}/delete/", {"id": second})
    assert _evaluation(app, plan.skp, 2) is None
    # The superior (atasan pejabat penilai) sees the staff's evaluation.
    _kepala(app, world)
    staff = _cell(as_user("kepala").get(f"{BASE}/").get_data(as_text=True), "employee")
    assert [name.split(" (")[0] for name in staff] == ["Pegawai Satu"]


def test_start_requires_an_approved_skp_in_an_open_stage(app, world, as_user):
    plan = _plan(app, world, state="perencanaan")
    pegawai = as_user("pegawai")
    pegawai.post(f"{BASE}/start/", {"skp": plan.skp, "period": 1})
    assert _evaluation(app, plan.skp, 1) is None
    with app.app_context():
        db.session.get(AppraisalCycle, plan.cycle).state = "pemantauan"
        db.session.get(Skp, plan.skp).status = "submitted"
        db.session.commit()
    pegawai.post(f"{BASE}/start/", {"skp": plan.skp, "period": 1})
    assert _evaluation(app, plan.skp, 1) is None
    for bad in ["5", "-1", "x", "99999999999"]:
        response = pegawai.post(f"{BASE}/start/", {"skp": plan.skp, "period": bad})
        assert response.status_code == 302
    with app.app_context():
        db.session.get(Skp, plan.skp).status = "approved"
        db.session.commit()
    # The chooser lists the approved SKP of open cycles the user sees.
    chooser = pegawai.get(f"{BASE}/start/")
    assert_indonesian(chooser, "start chooser as pegawai")
    assert f'data-skp="{plan.skp}"' in chooser.get_data(as_text=True)
    assert f'data-skp="{plan.skp}"' not in as_user("pegawai2").get(f"{BASE}/start/").get_data(
        as_text=True)
    hr_search = as_user("hr").get(f"{BASE}/start/?q=Satu").get_data(as_text=True)
    assert f'data-skp="{plan.skp}"' in hr_search
    assert f'data-skp="{plan.skp}"' not in as_user("hr").get(
        f"{BASE}/start/?q=Lain").get_data(as_text=True)
    assert _start(pegawai, plan, 4)


def test_monthly_cycle_has_twelve_periods_and_month_names(app, world, as_user):
    plan = _plan(app, world, periodicity="monthly")
    html = as_user("pegawai").get(f"{BASE}/start/?skp={plan.skp}").get_data(as_text=True)
    assert html.count('data-action="start"') == 12
    assert "Maret" in html and "Desember" in html and "Tahunan" in html
    evaluation_id = _start(as_user("pegawai"), plan, 3)
    listing = as_user("pegawai").get(f"{BASE}/").get_data(as_text=True)
    assert _cell(listing, "period") == ["Maret"]
    # The period filter (number) and the unit filter.
    assert _cell(as_user("hr").get(f"{BASE}/?flt1_2=3").get_data(as_text=True),
                 "period") == ["Maret"]
    assert _cell(as_user("hr").get(f"{BASE}/?flt1_2=4").get_data(as_text=True), "period") == []
    assert _cell(as_user("hr").get(f"{BASE}/?flt1_1={world.units['bkp']}").get_data(
        as_text=True), "period") == []
    assert _page(as_user("pegawai"), evaluation_id)


def _to_signed(app, world, as_user, plan, period) -> int:
    evaluation_id = _start(as_user("hr"), plan, period)
    atasan = as_user("atasan")
    _rate(atasan, evaluation_id, rules.SESUAI, rules.DI_BAWAH)
    atasan.post(f"{BASE}/transition/rate/", {"id": evaluation_id})
    as_user("kepala").post(f"{BASE}/transition/sign/", {"id": evaluation_id})
    assert _evaluation(app, plan.skp, period).status == "signed"
    return evaluation_id


def test_annual_evaluation_and_hr_finalises_after_the_deadline(app, world, as_user):
    # The deadline (the end of the year plus the cycle's days) is ten days away.
    days_left = (date.today() - date(YEAR, 12, 31)).days + 10
    plan = _plan(app, world, state="evaluasi", days=days_left)
    _kepala(app, world)
    annual = _to_signed(app, world, as_user, plan, ANNUAL)
    quarter = _to_signed(app, world, as_user, plan, 4)
    assert _evaluation(app, plan.skp, ANNUAL).predikat == rules.KURANG
    hr = as_user("hr")
    page = _page(hr, annual)
    assert "Tahunan" in page and 'data-transition="finalise"' not in page
    hr.post(f"{BASE}/transition/finalise/", {"id": annual})
    assert "belum terlewati" in _flashes(hr)
    hr.post(f"{BASE}/action/", {"action": "finalise", "rowid": [annual, quarter]})
    assert _evaluation(app, plan.skp, ANNUAL).status == "signed"
    # HR shortens the cycle's days: the deadline was yesterday.
    hr.post(f"/admin/appraisal_cycle/edit/?id={plan.cycle}",
            {"year": str(YEAR), "periodicity": "quarterly", "acknowledgement_days": str(days_left - 11),
             "objection_days": "14", "opening_months": "1", "require_cascade": "y"})
    assert 'data-transition="finalise"' in _page(hr, annual)
    assert as_user("atasan").post(f"{BASE}/action/", {"action": "finalise", "rowid": [annual]})
    assert _evaluation(app, plan.skp, ANNUAL).status == "signed"       # HR only
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    with appraisal_finalised.connected_to(receiver):
        hr.post(f"{BASE}/action/", {"action": "finalise", "rowid": [annual, quarter]})
    assert {(_evaluation(app, plan.skp, p).status) for p in (ANNUAL, 4)} == {"final"}
    assert sorted((r["period"], r["predikat"], r["year"]) for r in received) == [
        (ANNUAL, rules.KURANG, YEAR), (4, rules.KURANG, YEAR)]


def test_locked_cycle_blocks_every_edit(app, world, as_user):
    plan = _plan(app, world)
    pegawai, atasan = as_user("pegawai"), as_user("atasan")
    evaluation_id = _start(pegawai, plan, 1)
    report = _report(app, world.people["pegawai"], date(YEAR, 1, 20), "verified", "Kegiatan Januari")
    with app.app_context():
        db.session.get(AppraisalCycle, plan.cycle).state = "selesai"
        db.session.commit()
    pegawai.post(f"{BASE}/realisations/", {"id": evaluation_id, f"value-{plan.iki[0]}": "10"})
    assert "dikunci" in _flashes(pegawai)
    pegawai.post(f"{BASE}/link/", {"id": evaluation_id, "rhk": plan.main, "report": report})
    _rate(atasan, evaluation_id, rules.DI_ATAS, rules.DI_ATAS)
    atasan.post(f"{BASE}/transition/rate/", {"id": evaluation_id})
    pegawai.post(f"{BASE}/start/", {"skp": plan.skp, "period": 2})
    as_user("hr").post(f"{BASE}/delete/", {"id": evaluation_id})
    row = _evaluation(app, plan.skp, 1)
    assert (row.status, row.hasil_kerja, row.predikat) == ("draft", None, None)
    assert _evaluation(app, plan.skp, 2) is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(IkiRealisation)) == 0
        assert db.session.scalar(select(func.count()).select_from(ReportLink)) == 0
    page = _page(pegawai, evaluation_id)
    assert 'form="realisation-form"' not in page and 'id="link-reports"' not in page
    assert 'form="assessment-form"' not in _page(atasan, evaluation_id)


def test_evaluation_pages_are_indonesian_and_query_count_is_flat(app, world, as_user):
    from sqlalchemy import event

    plan = _plan(app, world)
    pegawai, atasan = as_user("pegawai"), as_user("atasan")
    evaluation_id = _start(pegawai, plan, 1)
    for n in range(3):
        report = _report(app, world.people["pegawai"], date(YEAR, 2, 1 + n), "verified",
                         f"Kegiatan {n}")
        pegawai.post(f"{BASE}/link/", {"id": evaluation_id,
                                       "rhk": plan.main if n % 2 else plan.extra,
                                       "report": report})
    _rate(atasan, evaluation_id, **{f"rhk-{plan.main}": "Baik sekali"})
    with app.app_context():        # the appraiser's plan, whose RHK the staff's RHK support
        own = Skp(cycle_id=plan.cycle, employee_id=world.people["atasan"],
                  appraiser_id=world.people["head"], unit_id=world.units["dpm"],
                  status="approved")
        parents = [Rhk(skp=own, text=f"RHK atasan {n}") for n in range(5)]
        db.session.add_all([own, *parents])
        db.session.get(Rhk, plan.main).parent = parents[0]
        db.session.commit()
        parent_ids = [r.id for r in parents]
    assert_indonesian(pegawai.get(f"{BASE}/details/?id={evaluation_id}"), "draft as pegawai")
    assert_indonesian(atasan.get(f"{BASE}/details/?id={evaluation_id}"), "draft as atasan")
    assert_indonesian(atasan.get(f"{BASE}/"), "list as atasan")
    assert_indonesian(atasan.get(f"{BASE}/start/?skp={plan.skp}"), "start as atasan")

    def statements(url) -> int:
        count = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: count.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert atasan.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(count)

    page_before = statements(f"{BASE}/details/?id={evaluation_id}")
    list_before = statements(f"{BASE}/")
    # More RHK, indicators, reports, feedback and evaluations: the same number of statements.
    with app.app_context():
        skp = db.session.get(Skp, plan.skp)
        for n in range(4):
            db.session.add(Rhk(skp=skp, kind="tambahan", text=f"RHK tambahan {n}",
                               parent_id=parent_ids[n + 1],
                               indicators=[Iki(name=f"IKI {n}", aspect="kualitas",
                                               target="100%")]))
        for person in ["pegawai2", "lain"]:
            other = Skp(cycle_id=plan.cycle, employee_id=world.people[person],
                        appraiser_id=world.people["atasan"], unit_id=world.units["dpm"],
                        status="approved")
            db.session.add(other)
            db.session.flush()
            db.session.add(Evaluation(skp_id=other.id, period=1, employee_id=other.employee_id,
                                      appraiser_id=other.appraiser_id, unit_id=other.unit_id))
        db.session.commit()
    for n in range(3):
        report = _report(app, world.people["pegawai"], date(YEAR, 3, 1 + n), "verified",
                         f"Kegiatan Maret {n}")
        pegawai.post(f"{BASE}/link/", {"id": evaluation_id, "rhk": plan.main, "report": report})
    assert statements(f"{BASE}/details/?id={evaluation_id}") == page_before
    assert statements(f"{BASE}/") == list_before


@pytest.mark.parametrize("periodicity,period,first,last", [
    ("quarterly", 1, date(2024, 1, 1), date(2024, 3, 31)),
    ("quarterly", 4, date(2024, 10, 1), date(2024, 12, 31)),
    ("monthly", 2, date(2024, 2, 1), date(2024, 2, 29)),
    ("monthly", ANNUAL, date(2024, 1, 1), date(2024, 12, 31))])
def test_period_span(periodicity, period, first, last):
    from plugins.appraisal.periods import period_span

    cycle = AppraisalCycle(year=2024, periodicity=periodicity)
    assert period_span(cycle, period) == (first, last)
