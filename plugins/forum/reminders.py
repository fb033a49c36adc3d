"""Reminders by e-mail: registrants a few days before their meeting, the owner units of
follow-ups that are due soon or overdue. The job worker runs them daily (the plugin's
scheduled job; also `flask forum-remind`); each mail is a job of core's (`app.jobs.mail`,
retried when the server is unreachable). Each reminder is sent once (a registration) or once a
day (a follow-up)."""
from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import _, fmt_date, fmt_datetime, local_today, utcnow
from app.jobs.mail import send_mail
from app.org.models import Employee, WorkUnit
from plugins.forum.models import REGISTERED, Forum, ForumFollowUp, ForumRegistration
from plugins.forum.workflows import SCHEDULED, UNFINISHED


def remind_registrants(now=None) -> int:
    now = now or utcnow()
    horizon = now + timedelta(days=current_app.config["FORUM_REMIND_DAYS"])
    entries = db.session.scalars(
        select(ForumRegistration).join(Forum)
        .where(ForumRegistration.status == REGISTERED, ForumRegistration.email != "",
               ForumRegistration.reminded_at.is_(None), Forum.status == SCHEDULED,
               Forum.start_at > now, Forum.start_at <= horizon)
        .options(selectinload(ForumRegistration.forum))).all()
    for entry in entries:
        forum = entry.forum
        where = forum.venue.name if forum.venue and forum.mode != "online" else \
            forum.online_link
        send_mail(entry.email, _("Reminder: %(topic)s", topic=forum.topic),
                  _("You registered for \"%(topic)s\" on %(when)s at %(where)s.",
                    topic=forum.topic, when=fmt_datetime(forum.start_at), where=where))
        entry.reminded_at = now
    db.session.commit()
    return len(entries)


def remind_owners(today=None) -> int:
    """One mail per follow-up to its responsible official and the owner unit's head."""
    today = today or local_today()
    horizon = today + timedelta(days=current_app.config["FORUM_FOLLOW_UP_DAYS"])
    items = db.session.scalars(
        select(ForumFollowUp).where(ForumFollowUp.status.in_(UNFINISHED),
                                    ForumFollowUp.due_date <= horizon,
                                    (ForumFollowUp.reminded_on.is_(None))
                                    | (ForumFollowUp.reminded_on < today))
        .options(selectinload(ForumFollowUp.forum))).all()
    sent = 0
    for item in items:
        unit = db.session.get(WorkUnit, item.owner_unit_id)
        people = {item.responsible_id, unit.head_id if unit else None} - {None}
        addresses = {e.email for e in db.session.scalars(
            select(Employee).where(Employee.id.in_(people))) if e.email}
        late = item.due_date < today
        subject = (_("Overdue follow-up: %(title)s", title=item.title) if late
                   else _("Follow-up due: %(title)s", title=item.title))
        body = _("Follow-up of the forum \"%(forum)s\": %(title)s, due %(due)s.",
                 forum=item.forum.topic, title=item.title, due=fmt_date(item.due_date))
        for address in sorted(addresses):
            send_mail(address, subject, body)
            sent += 1
        item.reminded_on = today
    db.session.commit()
    return sent


@click.command("forum-remind")
@with_appcontext
def remind_command():
    """Send the forum reminders (registrants, follow-up owners); run it daily."""
    registrants = remind_registrants()
    owners = remind_owners()
    click.echo(f"{registrants} registrant reminder(s), {owners} follow-up reminder(s)")


def remind_all() -> None:
    """Both kinds of reminders (the plugin's daily scheduled job)."""
    remind_registrants()
    remind_owners()
