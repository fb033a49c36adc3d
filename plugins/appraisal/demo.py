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
  past quarter, so the curve check has something to show;
- the top of the chain, whose evaluations also go to Final: the kepala dinas of DPMPTSP (the
  `kepala` account; appraised by the Sekda, the Bupati signing above him through HR) and the
  Sekda (appraised by the Bupati through HR, with no atasan pejabat penilai: the step is
  skipped); the kepala dinas's RHK support the targets of DPMPTSP's Perjanjian Kinerja, where
  the cascade starts; among atasan's staff a functional employee, whose final evaluations earn
  angka kredit.

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
from plugins.appraisal import rules, snapshots
from plugins.appraisal.generation import generate
from plugins.appraisal.agreement import unit_targets
from plugins.appraisal.labels import period_dates, period_of
from plugins.appraisal.models import (ANNUAL, ASPECTS, AppraisalCycle, Evaluation, Expectation,
                                      ExternalSignature, Feedback, Iki, IkiRealisation,
                                      ReportLink, Rhk, RhkTarget, Skp, UnitPredikat)
from plugins.appraisal.states import (EvaluationState, EvaluationTransition as ET, SkpState,
                                      SkpTransition)
from plugins.appraisal.workflows import (ENTITY, EVALUATION, EVALUATION_DEFINITION,
                                         SKP_DEFINITION)

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
SEKDA_PLAN = ("Terwujudnya tata kelola pemerintahan daerah yang akuntabel dan responsif",
              [("Nilai SAKIP Pemerintah Kabupaten Manokwari", "proses_bisnis", "B"),
               ("Indeks Kepuasan Masyarakat Kabupaten", "penerima_layanan", "80 (indeks)"),
               ("Persentase realisasi anggaran daerah", "anggaran", "95%")])
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
    cycle = AppraisalCycle(year=year, periodicity="quarterly", state=state)
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


def _steps(*codes):
    """Log entries of the transitions `codes` of the evaluation workflow, as the engine writes
    them (code, label, from, to)."""
    arrows = {(t["code"], t["from_state"]): t for t in EVALUATION_DEFINITION["transitions"]}
    state, steps = EvaluationState.DRAFT, []
    for code in codes:
        arrow = arrows[(code, state)]
        steps.append((code, arrow["label"], state, arrow["to_state"]))
        state = arrow["to_state"]
    return steps


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
    _approved(skps.values())
    for skp in skps.values():
        skp.status = SkpState.APPROVED
        skp.resources = "Aplikasi perizinan daring, ruang layanan, dan anggaran operasional."
        skp.accountability = "Laporan kinerja bulanan kepada atasan langsung."
        skp.consequences = "Penghargaan atau pembinaan sesuai predikat kinerja."
    head_skp = skps[unit.head_id]
    head_skp.jpt = True
    head_rhk = [_plan(head_skp, text, iki) for text, iki in HEAD_PLAN]
    targets = unit_targets(unit.id, cycle.year)     # (this year's PK: the cascade's start)
    for rhk, target in zip(head_rhk, targets):
        rhk.target_links = [RhkTarget(target_id=target.id)]
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
            _final_evaluation(skp, period, RATINGS[index % len(RATINGS)], main, rng,
                              _steps(ET.RATE, ET.SIGN, ET.ACKNOWLEDGE))
        if draft is not None:  # the period under way: the appraiser's draft, unrated
            db.session.add(Evaluation(
                skp=skp, period=draft, employee_id=skp.employee_id,
                appraiser_id=skp.appraiser_id, superior_id=skp.superior_id, unit_id=skp.unit_id,
                status=EvaluationState.DRAFT))
    if finals:
        db.session.add(UnitPredikat(cycle=cycle, unit=unit, period=finals[-1],
                                    predikat=rules.ORG_BAIK))
    _top_of_the_chain(cycle, unit, head_skp, head_rhk[0], finals, rng)


def _top_of_the_chain(cycle: AppraisalCycle, unit: WorkUnit, head_skp: Skp, head_rhk: Rhk,
                      finals: list[int], rng: random.Random) -> None:
    """The kepala dinas and the Sekda: plans approved, evaluations of `finals` final, the
    Bupati's signatures recorded by HR (generation named him outside the system)."""
    sekda = unit.head.supervisor
    sekda_skp = db.session.scalar(select(Skp).where(Skp.cycle_id == cycle.id,
                                                    Skp.employee_id == sekda.id)) \
        if sekda is not None else None
    if sekda_skp is None or sekda_skp.appraiser_name is None:
        return
    sekda_skp.status, sekda_skp.jpt = SkpState.APPROVED, True
    _approved([sekda_skp], appraiser_outside=True)
    sekda_rhk = _plan(sekda_skp, *SEKDA_PLAN)
    head_rhk.parent = sekda_rhk
    db.session.flush()
    bupati = (sekda_skp.appraiser_name, sekda_skp.appraiser_position)
    db.session.add(ExternalSignature(entity=ENTITY, record_id=sekda_skp.id,
                                     step=SkpState.APPROVED, name=bupati[0],
                                     position=bupati[1], signed_on=date(cycle.year, 1, 31)))
    for period in finals:
        end = period_dates(cycle.year, cycle.periodicity, period)[1]
        signed_on = min(end + timedelta(days=5), local_today())
        sekda_ev = _final_evaluation(sekda_skp, period, (rules.DI_ATAS, rules.SESUAI),
                                     sekda_rhk, rng,
                                     _steps(ET.RECORD_RATING, ET.ACKNOWLEDGE))
        head_ev = _final_evaluation(head_skp, period, (rules.DI_ATAS, rules.DI_ATAS), head_rhk,
                                    rng, _steps(ET.RATE, ET.RECORD_SIGNATURE, ET.ACKNOWLEDGE))
        db.session.add_all([
            ExternalSignature(entity=EVALUATION, record_id=sekda_ev.id,
                              step=EvaluationState.RATED, name=bupati[0], position=bupati[1],
                              signed_on=signed_on),
            ExternalSignature(entity=EVALUATION, record_id=head_ev.id,
                              step=EvaluationState.SIGNED, name=bupati[0], position=bupati[1],
                              signed_on=signed_on)])


def _link_reports(person: Employee, rhk: Rhk) -> None:
    db.session.flush()
    for report_id in db.session.scalars(select(ActivityReport.id).where(
            ActivityReport.employee_id == person.id, ActivityReport.status == "verified")
            .order_by(ActivityReport.id).limit(12)):
        db.session.add(ReportLink(report_id=report_id, rhk=rhk))


def _realised(iki: Iki, rng: random.Random) -> str:
    if iki.aspect == "kuantitas":
        return f"{rng.randint(140, 165)} berkas"
    if iki.aspect in ASPECTS:
        return f"{rng.randint(2, 3)} hari kerja"
    return f"{iki.target} (tercapai)"        # a JPT indicator, by perspektif


def _approved(skps, appraiser_outside: bool = False) -> None:
    """The SKP workflow's log of the plans made approved here (submitted, then approved by
    the appraiser or, outside the system, recorded by HR)."""
    at = utcnow()
    approval = SkpTransition.RECORD_APPROVAL if appraiser_outside else SkpTransition.APPROVE
    arrows = {t["code"]: t for t in SKP_DEFINITION["transitions"]}
    for skp in skps:
        for code in (SkpTransition.SUBMIT, approval):
            arrow = arrows[code]
            db.session.add(TransitionLog(
                entity=ENTITY, record_id=skp.id, transition=code, label=arrow["label"],
                from_state=arrow["from_state"], to_state=arrow["to_state"], username="demo",
                at=at))


def _final_evaluation(skp: Skp, quarter: int, ratings, main: Rhk, rng: random.Random,
                      steps) -> Evaluation:
    hasil, perilaku = ratings
    evaluation = Evaluation(
        skp=skp, period=quarter, employee_id=skp.employee_id, appraiser_id=skp.appraiser_id,
        superior_id=skp.superior_id, unit_id=skp.unit_id, status=EvaluationState.FINAL,
        hasil_kerja=hasil, perilaku=perilaku, predikat=rules.predikat(hasil, perilaku))
    evaluation.realisations = [IkiRealisation(indicator=iki, value=_realised(iki, rng))
                               for iki in main.indicators]
    evaluation.feedback = [
        Feedback(rhk=main, text="Hasil kerja sesuai rencana; pertahankan konsistensinya."),
        Feedback(behaviour="berorientasi_pelayanan",
                 text="Pemohon mendapat jawaban yang jelas dan ramah."),
    ]
    db.session.add(evaluation)
    db.session.flush()
    at = utcnow()
    for code, label, source, target in steps:
        db.session.add(TransitionLog(entity=EVALUATION, record_id=evaluation.id, transition=code,
                                     label=label, from_state=source, to_state=target,
                                     username="demo", at=at))
    snapshots.take(evaluation)   # what the appraiser signed, frozen as the workflow does
    return evaluation

