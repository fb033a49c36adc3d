"""The coordinator's journey over HTTP (the issue's "done when", without a browser):
`koordinator` adds a venue and schedules a monthly forum; a conflicting booking is refused
naming the forum and the time; a meeting is opened, held, its minutes written in two
revisions and published; a follow-up is agreed; its owner sees it overdue on the home page
and in the inbox and reports it done with evidence; the public sees minutes and follow-up
without login. Then the guards: roles, rows, and states."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today, utcnow
from plugins.forum import scheduling
from plugins.forum.models import Forum, ForumFollowUp, ForumMinutes, ForumVenue
from plugins.forum.tests.helpers import forum, venue


def _form(start, **more):
    data = {"topic": "FKP bulanan perizinan", "kind": "fkp", "mode": "in_person",
            "online_link": "", "start_at": start.strftime("%Y-%m-%dT%H:%M"),
            "end_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "recurrence": "monthly_day", "interval": "1", "until": "", "count": "6",
            "capacity": "50", "stakeholder_groups": ["public", "business"], "is_public": "y",
            "description": "Dialog standar pelayanan"}
    data.update(more)
    return data


def _one(model, **where):
    return db.session.scalar(select(model).filter_by(**where).order_by(model.id.desc()))


def test_coordinator_journey(app, as_user, client, world):
    koordinator = as_user("koordinator")
    response = koordinator.post("/admin/forum_venue/new/", {
        "name": "Aula DPMPTSP", "address": "Jl. Merdeka 12", "capacity": "80"})
    assert response.status_code == 302
    with app.app_context():
        hall = _one(ForumVenue).id
    # A monthly forum whose first meeting was 40 days ago at 09.00 WIT.
    first = scheduling.local(utcnow() - timedelta(days=40)).replace(
        hour=9, minute=0, second=0, microsecond=0, tzinfo=None)
    response = koordinator.post("/admin/forum_forum/new/", _form(
        first, unit=str(world.units["dpm"]), venue=str(hall)))
    assert response.status_code == 302
    with app.app_context():
        series = _one(Forum)
        assert series.status == "proposed" and series.contact_id == world.people["head"]
        assert scheduling.local(series.start_at).hour == 9
        assert series.stakeholder_groups == "public,business"
        series_id = series.id
        starts = [s for s, _e in scheduling.occurrences(series)]
    koordinator.post("/admin/forum_forum/transition/schedule/", {"id": series_id})
    with app.app_context():
        assert db.session.get(Forum, series_id).status == "scheduled"
    # A one-off in the same hall during the series' third meeting: refused, naming both.
    clash = scheduling.local(starts[2]).replace(tzinfo=None) + timedelta(hours=1)
    response = koordinator.post("/admin/forum_forum/new/", _form(
        clash, topic="Sosialisasi OSS", recurrence="none", count="",
        unit=str(world.units["dpm"]), venue=str(hall)))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "sudah dipesan" in page
    assert "FKP bulanan perizinan" in page
    assert scheduling.local(starts[2]).strftime("%H.%M WIT") in page
    with app.app_context():
        assert db.session.scalar(select(Forum).where(Forum.topic == "Sosialisasi OSS")) is None
    # The month page shows the series.
    month = scheduling.local(starts[1]).strftime("%Y-%m")
    page = koordinator.get(f"/admin/forum_calendar/?month={month}").get_data(as_text=True)
    assert f'data-forum="{series_id}"' in page
    # The series itself is not "held"; its first meeting is opened and held.
    page = koordinator.get(f"/admin/forum_forum/details/?id={series_id}").get_data(as_text=True)
    assert "data-blocked" in page
    key = starts[0].strftime("%Y%m%dT%H%M%SZ")
    response = koordinator.post("/admin/forum_forum/meeting/", {"id": series_id, "start": key})
    meeting_id = int(response.location.split("id=")[1])
    koordinator.post("/admin/forum_forum/transition/hold/", {"id": meeting_id})
    # Agenda and attendance (by stakeholder group and sex) on the meeting's form.
    response = koordinator.post(f"/admin/forum_forum/edit/?id={meeting_id}", _form(
        scheduling.local(starts[0]).replace(tzinfo=None), recurrence="none", count="",
        unit=str(world.units["dpm"]), venue=str(hall), **{
            "agenda-0-position": "1", "agenda-0-title": "Paparan standar pelayanan",
            "agenda-0-presenter": "Kepala Bidang", "agenda-0-duration_minutes": "30",
            "attendance-0-stakeholder_group": "business", "attendance-0-male": "4",
            "attendance-0-female": "3", "attendance-1-stakeholder_group": "public",
            "attendance-1-male": "10", "attendance-1-female": "12"}))
    assert response.status_code == 302
    # Publishing without minutes is refused.
    koordinator.post("/admin/forum_forum/transition/publish_minutes/", {"id": meeting_id})
    with app.app_context():
        assert db.session.get(Forum, meeting_id).status == "held"
    for body in ("Notulen awal", "Notulen final: antrean daring disepakati"):
        koordinator.post("/admin/forum_forum/minutes/", {"id": meeting_id, "body": body})
    koordinator.post("/admin/forum_forum/transition/publish_minutes/", {"id": meeting_id})
    with app.app_context():
        m = db.session.get(Forum, meeting_id)
        assert m.status == "published"
        assert [x.revision for x in m.minutes] == [1, 2]
        assert [a.title for a in m.agenda] == ["Paparan standar pelayanan"]
        assert sorted((a.stakeholder_group, a.male, a.female) for a in m.attendance) == [
            ("business", 4, 3), ("public", 10, 12)]
    # A follow-up owned by DPMPTSP, answered for by pegawai, due yesterday.
    response = koordinator.post("/admin/forum_follow_up/new/", {
        "forum": str(meeting_id), "title": "Nomor antrean daring",
        "owner_unit": str(world.units["dpm"]), "responsible": str(world.people["pegawai"]),
        "due_date": (scheduling.local(utcnow()).date() - timedelta(days=1)).isoformat(),
        "description": "",
        "evidence": "", "evidence_url": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    with app.app_context():
        follow_up = _one(ForumFollowUp).id
    # Public, without login: minutes (latest revision) and the follow-up.
    page = client.get(f"/forum/{meeting_id}/").get_data(as_text=True)
    assert "antrean daring disepakati" in page and "Nomor antrean daring" in page
    assert "Notulen awal" not in page
    assert 'id="attendance"' in page and "Paparan standar pelayanan" in page
    assert "Nomor antrean daring" in client.get("/forum/unit/DPMPTSP/").get_data(as_text=True)
    # The owner: overdue on the home page and in the inbox; evidence, then done.
    pegawai = as_user("pegawai")
    assert 'id="widget-forum"' in pegawai.get("/admin/").get_data(as_text=True)
    assert "Nomor antrean daring" in pegawai.get("/admin/").get_data(as_text=True)
    assert "laporkan yang sudah dikerjakan" in pegawai.get("/admin/inbox/").get_data(as_text=True)
    pegawai.post("/admin/forum_follow_up/transition/start/", {"id": follow_up})
    pegawai.post("/admin/forum_follow_up/transition/complete/", {"id": follow_up})
    with app.app_context():
        assert db.session.get(ForumFollowUp, follow_up).status == "in_progress"  # no evidence
    response = pegawai.post(f"/admin/forum_follow_up/edit/?id={follow_up}", {
        "evidence": "Antrean daring berjalan", "evidence_url": "https://antrean.example.id"})
    assert response.status_code == 302
    pegawai.post("/admin/forum_follow_up/transition/complete/", {"id": follow_up})
    with app.app_context():
        item = db.session.get(ForumFollowUp, follow_up)
        assert item.status == "done" and item.title == "Nomor antrean daring"
    assert 'id="widget-forum"' not in pegawai.get("/admin/").get_data(as_text=True)
    # The series' .ics carries the held meeting as an exception.
    assert b"RECURRENCE-ID" in client.get(f"/forum/{series_id}.ics").data


def test_roles_rows_and_states(app, as_user, world):
    with app.app_context():
        f = forum(world, utcnow() + timedelta(days=3), venue_id=venue().id)
        cancelled = forum(world, utcnow() + timedelta(days=4), topic="Batal")
        db.session.commit()
        forum_id, cancelled_id = f.id, cancelled.id
    pegawai, lain = as_user("pegawai"), as_user("lain")
    # Staff without the coordinator role neither see nor change forums and registrations.
    assert pegawai.get("/admin/forum_forum/").status_code == 403
    assert pegawai.get("/admin/forum_registration/").status_code == 403
    assert as_user("hr").get("/admin/forum_registration/").status_code == 403
    assert pegawai.post("/admin/forum_forum/transition/cancel/",
                        {"id": forum_id, "comment": "x"}).status_code == 403
    # Cancelling needs a reason, which is kept.
    koordinator = as_user("koordinator")
    koordinator.post("/admin/forum_forum/transition/cancel/comment/?ids=%d" % cancelled_id,
                     {"comment": "Tempat direnovasi"})
    with app.app_context():
        c = db.session.get(Forum, cancelled_id)
        assert c.status == "cancelled" and c.cancel_reason == "Tempat direnovasi"
    # Minutes only once held; a NUL byte is refused.
    koordinator.post("/admin/forum_forum/minutes/", {"id": forum_id, "body": "Terlalu dini"})
    with app.app_context():
        assert db.session.scalar(select(ForumMinutes)) is None
    # Follow-ups of another unit are not the employee's to see.
    with app.app_context():
        held = forum(world, utcnow() - timedelta(days=2), topic="Lalu", status="held")
        item = ForumFollowUp(forum=held, title="Urusan DPMPTSP", owner_unit_id=world.units["dpm"],
                             responsible_id=world.people["pegawai"],
                             due_date=local_today() + timedelta(days=3))
        db.session.add(item)
        db.session.commit()
        item_id = item.id
    assert lain.get(f"/admin/forum_follow_up/details/?id={item_id}").status_code == 302
    assert "Urusan DPMPTSP" not in lain.get("/admin/forum_follow_up/").get_data(as_text=True)
    assert "Urusan DPMPTSP" in pegawai.get("/admin/forum_follow_up/").get_data(as_text=True)
    # The employee writes only the evidence: the title stays.
    pegawai.post(f"/admin/forum_follow_up/edit/?id={item_id}", {
        "title": "Diubah", "evidence": "Bukti"})
    with app.app_context():
        item = db.session.get(ForumFollowUp, item_id)
        assert item.title == "Urusan DPMPTSP" and item.evidence == "Bukti"
    # A bad month on the calendar page falls back to this month.
    assert koordinator.get("/admin/forum_calendar/?month=99999-99").status_code == 200
    # (a control character is refused before any view runs: app/core/inputs.py)
    assert koordinator.get("/admin/forum_calendar/?month=%00").status_code == 400


def test_coordinator_inbox_counts_what_can_move(app, world):
    from app.auth.models import User
    from app.workflow import engine

    with app.app_context():
        forum(world, utcnow() + timedelta(days=3), status="proposed", topic="Usulan")
        forum(world, utcnow() - timedelta(days=40), status="scheduled", topic="Seri",
              recurrence="monthly_day", count=6)
        forum(world, utcnow() - timedelta(days=1), status="scheduled", topic="Kemarin")
        forum(world, utcnow() + timedelta(days=1), status="scheduled", topic="Besok")
        held = forum(world, utcnow() - timedelta(days=2), status="held", topic="Tanpa notulen")
        with_minutes = forum(world, utcnow() - timedelta(days=2), status="held", topic="Siap")
        with_minutes.minutes = [ForumMinutes(revision=1, body="N", created_at=utcnow())]
        db.session.commit()
        user = db.session.scalar(select(User).where(User.username == "koordinator"))
        counts = {t.key: t.count for t in engine.inbox(user) if "forum_forum" in t.key}
        by_code = {key.split(":")[-1]: n for key, n in counts.items()}
        assert held.id and by_code.get("schedule") == 1
        assert by_code.get("hold") == 1            # "Kemarin" only: not the series, not "Besok"
        assert by_code.get("publish_minutes") == 1
