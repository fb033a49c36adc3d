"""Demo data: a monthly Forum Konsultasi Publik of DPMPTSP (second Tuesday, 09.00 WIT) with
one meeting held, its minutes published (two revisions), attendance, and follow-ups in
several states (done, in progress, overdue); registrations for the next meeting. Names are
invented."""
from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta, timezone

from dateutil.relativedelta import TU, relativedelta
from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today, utcnow
from app.org.models import WorkUnit
from plugins.forum import scheduling
from plugins.forum.models import (REGISTERED, WAITLISTED, Forum, ForumAgendaItem,
                                  ForumAttendance, ForumFollowUp, ForumMinutes,
                                  ForumRegistration, ForumVenue)
from plugins.forum.workflows import DONE, IN_PROGRESS, OPEN, PUBLISHED, SCHEDULED

TOPIC = "Forum Konsultasi Publik Pelayanan Perizinan"
MINUTES = (
    "Forum dibuka oleh Kepala DPMPTSP pukul 09.10 WIT.\n\n"
    "1. Paparan standar pelayanan izin usaha mikro dan kecil (waktu penyelesaian 3 hari "
    "kerja, tanpa biaya).\n"
    "2. Masukan peserta: antrean loket pagi hari panjang; informasi persyaratan di papan "
    "pengumuman belum lengkap; pelaku usaha di distrik jauh meminta layanan jemput bola.\n"
    "3. Kesepakatan: nomor antrean daring, papan persyaratan diperbarui, layanan keliling "
    "ke distrik dua kali sebulan.\n\n"
    "Forum ditutup pukul 11.40 WIT.")


def _second_tuesday(day):
    return day.replace(day=1) + relativedelta(weekday=TU(2))


def load() -> None:
    unit = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "DPMPTSP"))
    if unit is None or unit.head_id is None or db.session.scalar(
            select(Forum.id).where(Forum.topic == TOPIC)) is not None:
        return
    capil = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "DISDUKCAPIL"))
    today = local_today()
    hall = ForumVenue(name="Aula DPMPTSP", address="Jl. Merdeka No. 12, Manokwari",
                      capacity=80)
    db.session.add_all([hall, ForumVenue(name="Ruang Rapat Bappeda",
                                         address="Jl. Siliwangi, Manokwari", capacity=30)])
    first = _second_tuesday(today - relativedelta(months=2))
    start = datetime.combine(first, time(9, 0), tzinfo=scheduling.TZ).astimezone(timezone.utc)
    series = Forum(
        unit=unit, topic=TOPIC, kind="fkp", mode="hybrid", venue=hall,
        online_link="https://meet.manokwarikab.go.id/fkp-dpmptsp",
        description="Dialog bulanan tentang standar pelayanan perizinan bersama masyarakat "
                    "dan pelaku usaha.",
        start_at=start, end_at=start + timedelta(hours=3), recurrence="monthly_weekday",
        interval=1, count=12, capacity=60, status=SCHEDULED, contact_id=unit.head_id,
        stakeholder_groups="public,business,customary,women,disability")
    db.session.add(series)
    db.session.flush()
    # The meeting of last month (or the first one), held with its minutes published.
    past = [s for s, _e in scheduling.occurrences(series, None, utcnow())]
    meeting = scheduling.meeting_for(series, past[-1])
    meeting.status = PUBLISHED
    meeting.agenda = [
        ForumAgendaItem(position=1, title="Pembukaan dan paparan standar pelayanan",
                        presenter="Kepala DPMPTSP", duration_minutes=30),
        ForumAgendaItem(position=2, title="Dialog dan masukan peserta", duration_minutes=90),
        ForumAgendaItem(position=3, title="Kesepakatan tindak lanjut", duration_minutes=30)]
    meeting.attendance = [
        ForumAttendance(stakeholder_group="public", male=14, female=11),
        ForumAttendance(stakeholder_group="business", male=9, female=6),
        ForumAttendance(stakeholder_group="customary", male=3, female=1),
        ForumAttendance(stakeholder_group="disability", male=1, female=2)]
    held_at = scheduling.aware(meeting.end_at)
    meeting.minutes = [
        ForumMinutes(revision=1, body=MINUTES.split("\n\nForum ditutup")[0],
                     author="koordinator", created_at=held_at + timedelta(hours=2)),
        ForumMinutes(revision=2, body=MINUTES, author="koordinator",
                     created_at=held_at + timedelta(days=1))]
    held_day = scheduling.local(meeting.start_at).date()
    meeting.follow_ups = [
        ForumFollowUp(title="Papan informasi persyaratan izin diperbarui",
                      owner_unit=unit, responsible_id=unit.head_id,
                      due_date=held_day + timedelta(days=14), status=DONE,
                      evidence="Papan baru dipasang di ruang tunggu; foto di laman DPMPTSP.",
                      evidence_url="https://dpmptsp.manokwarikab.go.id/berita/papan-informasi"),
        ForumFollowUp(title="Nomor antrean daring untuk loket perizinan",
                      owner_unit=unit, responsible_id=unit.head_id,
                      due_date=today + timedelta(days=30), status=IN_PROGRESS),
        ForumFollowUp(title="Layanan keliling ke distrik dua kali sebulan",
                      owner_unit=unit, responsible_id=unit.head_id,
                      due_date=min(held_day + timedelta(days=21), today - timedelta(days=1)),
                      status=OPEN)]
    if capil is not None and capil.head_id:
        meeting.follow_ups.append(ForumFollowUp(
            title="Perekaman KTP-el untuk pelaku usaha di lokasi layanan keliling",
            owner_unit=capil, responsible_id=capil.head_id,
            due_date=today + timedelta(days=45), status=OPEN))
    # Registrations for the next meeting (invented names).
    upcoming = scheduling.occurrences(series, utcnow())
    if upcoming:
        nxt = scheduling.meeting_for(series, upcoming[0][0])
        for name, group, sex, status in [("Yohanes Mandacan", "business", "m", REGISTERED),
                                         ("Maria Rumbiak", "public", "f", REGISTERED),
                                         ("Fransina Ullo", "women", "f", REGISTERED),
                                         ("Daniel Inden", "customary", "m", WAITLISTED)]:
            db.session.add(ForumRegistration(
                forum=nxt, name=name, stakeholder_group=group, sex=sex, status=status,
                token=secrets.token_urlsafe(24), created_at=utcnow(),
                email=f"{name.split()[0].lower()}@contoh.id"))
    db.session.commit()
