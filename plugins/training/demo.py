"""Demo data of the training plugin, made once by `flask demo`: the JP rules of DOMAIN 5,
a catalogue, and sessions of this year run by the `pelatih` account:

- a three-day technical training for the DPMPTSP licensing staff, finished, with attendance
  (some missed a day) and results (one did not pass), so most of them are above 20 JP and a
  few below; certificates issued;
- a one-day seminar for DISDUKCAPIL (4 JP: all of them stay below 20 JP), finished;
- a coaching series (2 JP a session, at most 2 a month: the third in a month earns nothing);
- a session running today (attendance to record), one approved, one planned;
- a verified outside training, and a suggestion from an appraisal below expectation.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.i18n import local_today
from app.org.models import Employee, WorkUnit
from plugins.training import credit, results, roster
from plugins.training.choices import ABSENT, FAILED, PASSED, PRESENT
from plugins.training.config import ensure_default_rules
from plugins.training.models import (Attendance, ExternalJp, Programme,
                                     Suggestion, TrainingSession)
from plugins.training.rules import WIT, session_days
from plugins.training.workflows import APPROVED, DONE, PLANNED, RUNNING, VERIFIED

PROGRAMMES = [
    # (name, kind, competency, organiser, rule)
    ("Pelatihan Pelayanan Perizinan Berbasis Risiko (OSS-RBA)", "teknis", "teknis",
     "BKPSDM Kabupaten Manokwari", "jam_pelajaran"),
    ("Seminar Budaya Kerja BerAKHLAK", "seminar", "sosial_kultural",
     "BKPSDM Kabupaten Manokwari", "seminar"),
    ("Coaching Kepemimpinan Pengawas", "coaching", "manajerial",
     "BKPSDM Kabupaten Manokwari", "coaching"),
    ("Bimbingan Teknis Penyusunan SKP", "bimtek", "teknis", "BKPSDM Kabupaten Manokwari",
     "jam_pelajaran"),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), WIT)


def _past(today: date, back: int) -> date:
    """A day `back` days ago, kept inside this year."""
    return max(today - timedelta(days=back), date(today.year, 1, 2))


def _session(programme, trainer, start: date, days: int, hours: tuple, status: str,
             **kwargs) -> TrainingSession:
    session = TrainingSession(programme=programme, trainer=trainer,
                              starts_at=_at(start, *hours[0]),
                              ends_at=_at(start + timedelta(days=days - 1), *hours[1]),
                              status=status, capacity=kwargs.pop("capacity", 30),
                              funding="apbd", **kwargs)
    db.session.add(session)
    db.session.flush()
    return session


def _mark_all(session, rng, absent_share=0.0, fail_share=0.0):
    """Attendance on every day and results; the few who miss days or fail are random."""
    for p in session.participants:
        for day in session_days(session.starts_at, session.ends_at):
            status = ABSENT if rng.random() < absent_share else PRESENT
            db.session.add(Attendance(participant=p, day=day, status=status))
        p.result = FAILED if rng.random() < fail_share else PASSED
    session.status = DONE   # (the roster was filled while it ran)
    db.session.flush()


def load() -> None:
    if db.session.scalar(select(Programme.id).limit(1)) is not None:
        return
    rules = ensure_default_rules()
    trainer_user = db.session.scalar(select(User).where(User.username == "pelatih"))
    if trainer_user is None or trainer_user.employee is None:
        db.session.commit()
        return
    trainer = trainer_user.employee
    units = {u.code: u for u in db.session.scalars(select(WorkUnit))}
    if "DPMPTSP" not in units or "DISDUKCAPIL" not in units:
        db.session.commit()
        return
    rng = random.Random(13)
    today = local_today()
    programmes = [Programme(name=n, kind=k, route="nonklasikal" if k == "coaching"
                            else "klasikal", competency=c, organiser=o, jp_rule=rules[r],
                            active=True) for n, k, c, o, r in PROGRAMMES]
    db.session.add_all(programmes)
    oss, seminar, coaching, bimtek = programmes

    # Finished: three days of 08.00-15.00 WIT (9,33 JP a day) for DPMPTSP's licensing bidang.
    start = _past(today, 40)
    training = _session(oss, trainer, start, 3, ((8, 0), (15, 0)), RUNNING,
                        title="Angkatan I", venue="Aula BKPSDM, Manokwari",
                        cost=Decimal("45000000"))
    roster.invite(training, roster.by_unit(units["DPMPTSP"].id, True), True)
    _mark_all(training, rng, absent_share=0.15, fail_share=0.1)

    # Finished: a one-day seminar (4 JP) for DISDUKCAPIL.
    day = _past(today, 25)
    talk = _session(seminar, trainer, day, 1, ((9, 0), (12, 0)), RUNNING,
                    venue="Gedung Pertemuan Distrik Manokwari Barat")
    roster.invite(talk, roster.by_unit(units["DISDUKCAPIL"].id, True), False)
    _mark_all(talk, rng)

    # Coaching: three sessions in one month for the DPMPTSP heads of bidang.
    heads = [u.head_id for u in units.values()
             if u.parent_id == units["DPMPTSP"].id and u.head_id]
    month_start = _past(today, 20).replace(day=1)
    for n in range(3):
        s = _session(coaching, trainer, month_start + timedelta(days=3 + 7 * n), 1,
                     ((13, 0), (14, 30)), RUNNING,
                     online_link="https://meet.manokwarikab.go.id/coaching",
                     capacity=5)
        roster.invite(s, heads, False)
        _mark_all(s, rng)

    # Running today: attendance to record; approved and planned ones to come.
    running = _session(bimtek, trainer, today, 2, ((8, 0), (12, 0)), RUNNING,
                       venue="Ruang Rapat BKPSDM")
    bkpsdm = [e for e in roster.by_unit(units["BKPSDM"].id, True) if e != trainer.id]
    roster.invite(running, bkpsdm[:12], True)
    _session(oss, trainer, today + timedelta(days=14), 3, ((8, 0), (15, 0)), APPROVED,
             title="Angkatan II", venue="Aula BKPSDM, Manokwari")
    _session(seminar, trainer, today + timedelta(days=30), 1, ((9, 0), (12, 0)), PLANNED,
             venue="Aula Kantor Bupati")

    credit.recredit([p.employee_id for s in (training, talk) for p in s.participants]
                    + heads)
    results.issue_certificates(training)

    # An outside training, verified, and a need from an appraisal.
    someone = db.session.scalar(select(Employee).where(
        Employee.unit_id == units["DISDUKCAPIL"].id).order_by(Employee.id))
    if someone is not None:
        db.session.add(ExternalJp(employee=someone, title="Kursus Daring Analisis Data",
                                  organiser="LAN RI", kind="elearning",
                                  ends_on=_past(today, 50), jp=Decimal(16),
                                  status=VERIFIED))
        db.session.add(Suggestion(employee=someone, competency="teknis",
                                  reason=f"Hasil kerja di bawah ekspektasi ({today.year - 1})",
                                  year=today.year - 1, period=0, status="open"))
    db.session.commit()


