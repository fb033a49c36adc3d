"""Public registration: places up to the forum's capacity, then a waiting list that moves up
when a place is set free; attendance totals for the minutes. Spam limits (honeypot, rate per
source, field sizes) sit in `public`, before anything here runs."""
from __future__ import annotations

import secrets
from datetime import datetime, timezone

from sqlalchemy import func, select

from app.extensions import db
from app.i18n import _, utcnow
from plugins.forum.models import (CANCELLED, GROUPS, REGISTERED, WAITLISTED, Forum,
                                  ForumRegistration)
from plugins.forum.scheduling import aware
from plugins.forum.workflows import SCHEDULED


class RegistrationClosed(ValueError):
    """The forum takes no registrations (the message is for the citizen)."""


def counts(forum) -> dict[str, int]:
    rows = db.session.execute(
        select(ForumRegistration.status, func.count()).where(
            ForumRegistration.forum_id == forum.id).group_by(ForumRegistration.status)).all() \
        if forum.id is not None else []
    result = {REGISTERED: 0, WAITLISTED: 0, CANCELLED: 0}
    result.update(dict(rows))
    return result


def places_left(forum) -> int | None:
    """Free places, or None when the forum has no limit."""
    if not forum.capacity:
        return None
    return max(0, forum.capacity - counts(forum)[REGISTERED])


def open_for_registration(forum) -> str | None:
    """Why the forum takes no registration now, or None."""
    if not forum.is_public or forum.status != SCHEDULED:
        return _("This forum takes no registrations.")
    if forum.recurrence != "none":
        return _("Choose one meeting of the series.")
    if aware(forum.start_at) <= utcnow():
        return _("This forum has already started.")
    return None


def register(forum: Forum, name: str, email: str, organisation: str, group: str,
             sex: str) -> ForumRegistration:
    """A place, or a place on the waiting list when the forum is full; commits."""
    reason = open_for_registration(forum)
    if reason:
        raise RegistrationClosed(reason)
    # One registration at a time per forum (PostgreSQL locks the row; SQLite writes serially).
    db.session.execute(select(Forum.id).where(Forum.id == forum.id).with_for_update())
    left = places_left(forum)
    entry = ForumRegistration(
        forum=forum, name=name, email=email, organisation=organisation,
        stakeholder_group=group if group in GROUPS else "public",
        sex=sex if sex in ("m", "f") else "", token=secrets.token_urlsafe(24),
        status=REGISTERED if left is None or left > 0 else WAITLISTED, created_at=utcnow())
    db.session.add(entry)
    db.session.commit()
    return entry


def fill_from_waiting_list(forum) -> list[ForumRegistration]:
    """Give free places to the waiting list, first come first served (no commit)."""
    db.session.flush()
    left = places_left(forum)
    if left is None:
        left = 10**9
    moved = list(db.session.scalars(
        select(ForumRegistration).where(ForumRegistration.forum_id == forum.id,
                                        ForumRegistration.status == WAITLISTED)
        .order_by(ForumRegistration.created_at, ForumRegistration.id).limit(left)))
    for entry in moved:
        entry.status = REGISTERED
    return moved


def cancel(entry: ForumRegistration) -> None:
    """The citizen cancels from the confirmation page; the next on the list moves up."""
    entry.status = CANCELLED
    fill_from_waiting_list(entry.forum)
    db.session.commit()


def attendance_totals(forum) -> dict[str, int]:
    male = sum(a.male or 0 for a in forum.attendance)
    female = sum(a.female or 0 for a in forum.attendance)
    return {"male": male, "female": female, "total": male + female}


def parse_start(value: str) -> datetime | None:
    """An occurrence's start from a form or URL (`20261215T010000Z`, UTC), or None."""
    try:
        return datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except (ValueError, AttributeError):
        return None


def start_key(start: datetime) -> str:
    return aware(start).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
