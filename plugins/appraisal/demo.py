"""Demo data of the appraisal plugin, made once by `flask demo`:

- last year's cycle, finished, with the same DPMPTSP plans (below) and final annual
  evaluations (angka kredit, the annual curve and the predikat distribution show them);
- this year's cycle in the monitoring stage with SKP drafts for the whole regency;
- in DPMPTSP the cascade of approved plans: the head's RHK (a JPT plan with perspektif), each
  kepala bidang's RHK supporting it, and the RHK of the `atasan` account's staff supporting
  the kepala bidang's, with IKI, behaviour expectations and verified daily reports linked;
- final evaluations of the past quarters for that staff (realisasi, feedback, ratings and the
  predikat of the matrix), the current quarter's evaluation as an unrated draft (the linked
  reports of the month show beside the RHK), and DPMPTSP's organisation predikat for the latest
  past quarter, so the curve check has something to show.

The `pegawai` account's SKP stays an empty draft: planning it is the demo journey.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.i18n import local_today, utcnow
from app.org.models import Employee, WorkUnit
from app.performance.models import ActivityReport
from app.workflow.models import TransitionLog
from plugins.appraisal import rules
from plugins.appraisal.generation import generate
from plugins.appraisal.labels import period_of
from plugins.appraisal.models import (ANNUAL, AppraisalCycle, Evaluation, Expectation, Feedback, Iki,
                                      IkiRealisation, ReportLink, Rhk, Skp, UnitPredikat)
from plugins.appraisal.workflows import EVALUATION

HEAD_PLAN = [
    ("Meningkatnya kualitas pelayanan perizinan dan nonperizinan",
     [("Indeks Kepuasan Masyarakat atas layanan perizinan", "penerima_layanan", "82 (indeks)"),
      ("Persentase izin terbit sesuai standar pelayanan", "proses_bisnis", "95%")]),
    ("Meningkatnya realisasi investasi di Kabupaten Manokwari",
     [("Nilai realisasi investasi", "anggaran", "Rp150 miliar")]),
]
KABID_PLAN = ("Terselenggaranya layanan perizinan yang cepat, mudah dan tepat waktu",
              [("Persentase permohonan izin selesai tepat waktu", "waktu", "95%"),
               ("Persentase pemohon yang menyatakan puas", "kualitas", "90%")])
STAFF_PLAN = ("Berkas permohonan izin terverifikasi lengkap dan tepat waktu",
              [("Jumlah berkas permohonan yang diverifikasi", "kuantitas", "600 berkas"),
               ("Rata-rata waktu verifikasi berkas", "waktu", "2 hari kerja")])
STAFF_EXTRA = ("Tersusunnya laporan bulanan layanan perizinan",
               [("Jumlah laporan bulanan yang tersusun", "kuantitas", "12 laporan")])
EXPECTATIONS = {
    "berorientasi_pelayanan": "Menjawab setiap pertanyaan pemohon paling lambat satu hari kerja.",
    "kolaboratif": "Berbagi data permohonan dengan bidang lain melalui aplikasi, bukan kertas.",
}
# (hasil kerja, perilaku) per staff member: mostly Baik, some Sangat Baik, one Butuh Perbaikan.
RATINGS = [(rules.SESUAI, rules.SESUAI), (rules.DI_ATAS, rules.DI_ATAS),
           (rules.SESUAI, rules.DI_ATAS), (rules.SESUAI, rules.SESUAI),
           (rules.DI_BAWAH, rules.SESUAI), (rules.DI_ATAS, rules.SESUAI),
           (rules.SESUAI, rules.SESUAI)]


def load() -> None:
    """Create the demo cycles and plans unless this year's cycle exists."""
    today = local_today()
    root = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "PEMDA"))
    if root is None or db.session.scalar(select(AppraisalCycle.id).where(
            AppraisalCycle.year == today.year)) is not None:
        return
    # Last year, finished: its annual evaluations feed the angka kredit and the annual curve.
    past = _cycle(root, today.year - 1, "selesai")
    _dpmptsp(past, finals=[ANNUAL], draft=None, link_reports=False)
    quarters = [q for q in range(1, 5) if date(today.year, 3 * q, 1) + timedelta(days=31) <= today]
    current = period_of("quarterly", today)
    cycle = _cycle(root, today.year, "pemantauan")
    _dpmptsp(cycle, finals=quarters, draft=current if current not in quarters else None,
             link_reports=True)
    db.session.commit()


def _cycle(root: WorkUnit, year: int, state: str) -> AppraisalCycle:
    cycle = AppraisalCycle(year=year, periodicity="quarterly", state=state,
                           acknowledgement_deadline=date(year + 1, 1, 31))
    db.session.add(cycle)
    db.session.commit()
    generate(cycle, root.id)
    return cycle


def _account(username: str) -> Employee | None:
    user = db.session.scalar(select(User).where(User.username == username))
    return user.employee if user else None


def _skps(cycle: AppraisalCycle, employees) -> dict[int, Skp]:
    ids = [e.id for e in employees]
    return {s.employee_id: s for s in db.session.scalars(
        select(Skp).where(Skp.cycle_id == cycle.id, Skp.employee_id.in_(ids)))}


def _plan(skp: Skp, text: str, indicators, parent: Rhk | None = None,
          kind: str = "utama") -> Rhk:
    rhk = Rhk(skp=skp, kind=kind, text=text, parent=parent,
              indicators=[Iki(name=n, aspect=a, target=t) for n, a, t in indicators])
    db.session.add(rhk)
    return rhk


def _dpmptsp(cycle: AppraisalCycle, finals: list[int], draft: int | None,
             link_reports: bool) -> None:
    """DPMPTSP's approved plans in `cycle`, final evaluations of the `finals` periods for
    atasan's staff, an unrated `draft` period, and the unit predikat of the last final."""
    unit = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "DPMPTSP"))
    atasan, pegawai = _account("atasan"), _account("pegawai")
    if unit is None or unit.head is None or atasan is None:
        return
    kabids = db.session.scalars(select(Employee).where(
        Employee.supervisor_id == unit.head_id, Employee.active.is_(True))
        .order_by(Employee.id)).all()
    staff = db.session.scalars(select(Employee).where(
        Employee.supervisor_id == atasan.id, Employee.active.is_(True),
        Employee.id != (pegawai.id if pegawai else None)).order_by(Employee.id)).all()
    skps = _skps(cycle, [unit.head, *kabids, *staff])
    for skp in skps.values():
        skp.status = "approved"
        skp.resources = "Aplikasi perizinan daring, ruang layanan, dan anggaran operasional."
        skp.accountability = "Laporan kinerja bulanan kepada atasan langsung."
        skp.consequences = "Penghargaan atau pembinaan sesuai predikat kinerja."
    head_skp = skps[unit.head_id]
    head_skp.jpt = True
    head_rhk = [_plan(head_skp, text, iki) for text, iki in HEAD_PLAN]
    kabid_rhk = {k.id: _plan(skps[k.id], *KABID_PLAN, parent=head_rhk[0]) for k in kabids
                 if k.id in skps}
    rng = random.Random(cycle.year)
    for index, person in enumerate(staff):
        skp = skps.get(person.id)
        if skp is None or atasan.id not in kabid_rhk:
            continue
        main = _plan(skp, *STAFF_PLAN, parent=kabid_rhk[atasan.id])
        _plan(skp, *STAFF_EXTRA, kind="tambahan")
        skp.expectations = [Expectation(behaviour=code, text=text)
                            for code, text in EXPECTATIONS.items()]
        if link_reports:
            _link_reports(person, main)
        for period in finals:
            _final_evaluation(skp, period, RATINGS[index % len(RATINGS)], main, rng)
        if draft is not None:  # the period under way: the appraiser's draft, unrated
            db.session.add(Evaluation(
                skp=skp, period=draft, employee_id=skp.employee_id,
                appraiser_id=skp.appraiser_id, superior_id=skp.superior_id, unit_id=skp.unit_id,
                status="draft"))
    if finals:
        db.session.add(UnitPredikat(cycle=cycle, unit=unit, period=finals[-1],
                                    predikat=rules.ORG_BAIK))


def _link_reports(person: Employee, rhk: Rhk) -> None:
    db.session.flush()
    for report_id in db.session.scalars(select(ActivityReport.id).where(
            ActivityReport.employee_id == person.id, ActivityReport.status == "verified")
            .order_by(ActivityReport.id).limit(12)):
        db.session.add(ReportLink(report_id=report_id, rhk=rhk))


def _final_evaluation(skp: Skp, quarter: int, ratings, main: Rhk, rng: random.Random) -> None:
    hasil, perilaku = ratings
    evaluation = Evaluation(
        skp=skp, period=quarter, employee_id=skp.employee_id, appraiser_id=skp.appraiser_id,
        superior_id=skp.superior_id, unit_id=skp.unit_id, status="final", hasil_kerja=hasil,
        perilaku=perilaku, predikat=rules.predikat(hasil, perilaku))
    evaluation.realisations = [
        IkiRealisation(indicator=iki, value=f"{rng.randint(140, 165)} berkas"
                       if iki.aspect == "kuantitas" else f"{rng.randint(2, 3)} hari kerja")
        for iki in main.indicators]
    evaluation.feedback = [
        Feedback(rhk=main, text="Verifikasi berkas konsisten; pertahankan ketepatan waktu."),
        Feedback(behaviour="berorientasi_pelayanan",
                 text="Pemohon mendapat jawaban yang jelas dan ramah."),
    ]
    db.session.add(evaluation)
    db.session.flush()
    at = utcnow()
    for code, label, source, target in [
            ("rate", "Tetapkan dan tanda tangani penilaian", "draft", "rated"),
            ("sign", "Sahkan (atasan pejabat penilai)", "rated", "signed"),
            ("acknowledge", "Terima penilaian", "signed", "final")]:
        db.session.add(TransitionLog(entity=EVALUATION, record_id=evaluation.id, transition=code,
                                     label=label, from_state=source, to_state=target,
                                     username="demo", at=at))

