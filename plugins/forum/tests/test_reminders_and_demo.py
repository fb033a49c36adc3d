"""E-mail reminders (jobs of the worker's), their once-only bookkeeping, the demo
data of the issue, and the plugin's hooks."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from app.core.registry import registry
from app.extensions import db
from app.i18n import local_today, utcnow
from app.jobs.models import Job
from app.org.models import Employee
from plugins.forum import demo, reminders
from plugins.forum.models import Forum, ForumFollowUp, ForumRegistration
from plugins.forum.tests.helpers import forum


def test_reminders_to_registrants_and_owner_units(app, world):
    with app.app_context():
        db.session.get(Employee, world.people["pegawai"]).email = "pegawai@manokwarikab.go.id"
        db.session.get(Employee, world.people["head"]).email = "kepala@manokwarikab.go.id"
        soon = forum(world, utcnow() + timedelta(days=1), topic="Besok")
        later = forum(world, utcnow() + timedelta(days=20), topic="Nanti")
        for f, email, status in [(soon, "warga@contoh.id", "registered"),
                                 (soon, "", "registered"),
                                 (soon, "tunggu@contoh.id", "waitlisted"),
                                 (later, "nanti@contoh.id", "registered")]:
            db.session.add(ForumRegistration(forum=f, name="W", email=email, status=status,
                                             token=f"{email}-{status}", created_at=utcnow()))
        held = forum(world, utcnow() - timedelta(days=5), topic="Lalu", status="held")
        for title, due, status in [("Terlambat", -2, "open"), ("Segera", 3, "in_progress"),
                                   ("Masih lama", 40, "open"), ("Beres", -9, "done")]:
            db.session.add(ForumFollowUp(forum=held, title=title,
                                         owner_unit_id=world.units["dpm"],
                                         responsible_id=world.people["pegawai"],
                                         due_date=local_today() + timedelta(days=due),
                                         status=status))
        db.session.commit()
        assert reminders.remind_registrants() == 1
        # Two follow-ups, each to the responsible official and the unit's head.
        assert reminders.remind_owners() == 4
        # (each mail is a job of the worker's)
        text = " ".join(f"{j.params['to']} {j.params['subject']} {j.params['body']}"
                        for j in db.session.scalars(select(Job).where(Job.kind == "mail")))
        assert "warga@contoh.id" in text and "tunggu@contoh.id" not in text
        assert "nanti@contoh.id" not in text
        assert "Tindak lanjut lewat tenggat: Terlambat" in text
        assert "Segera" in text and "Masih lama" not in text and "Beres" not in text
        # Once per registration, once a day per follow-up.
        assert reminders.remind_registrants() == 0 and reminders.remind_owners() == 0
    runner = app.test_cli_runner()
    result = runner.invoke(args=["forum-remind"])
    assert result.exit_code == 0 and "0 registrant reminder(s)" in result.output


def test_demo_data_monthly_fkp_with_a_held_meeting(app, world, client):
    with app.app_context():
        demo.load()
        demo.load()  # idempotent
        series = db.session.scalar(select(Forum).where(Forum.topic == demo.TOPIC,
                                                       Forum.parent_id.is_(None)))
        assert series.recurrence == "monthly_weekday" and series.status == "scheduled"
        meetings = {m.status: m for m in series.meetings}
        held = meetings["published"]
        assert [m.revision for m in held.minutes] == [1, 2] and held.attendance
        states = {f.status for f in held.follow_ups}
        assert states == {"done", "in_progress", "open"}
        assert any(f.due_date < local_today() and f.status == "open" for f in held.follow_ups)
        assert db.session.scalar(select(func.count()).select_from(Forum).where(
            Forum.topic == demo.TOPIC, Forum.parent_id.is_(None))) == 1
        held_id = held.id
    page = client.get(f"/forum/{held_id}/").get_data(as_text=True)
    assert "Forum ditutup pukul 11.40 WIT" in page and 'data-status="done"' in page
    assert "Yohanes" not in client.get("/forum/").get_data(as_text=True)


def test_the_plugin_contributes_its_hooks(app):
    with app.app_context():
        r = registry()
        assert {"forum_forum", "forum_follow_up"} <= set(r.workflows)
        assert "forum" in r.public_links and "forum" in r.transparency_sections
        assert "forum" in r.dashboard_widgets and "forum" in r.inbox_sources
        assert "forum-remind" in r.cli
