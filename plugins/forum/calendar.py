"""Calendars: an .ics per forum and subscribable feeds (per unit, all public forums) with a
VTIMEZONE for Asia/Jayapura and a reminder the day before; the month page of the back office.

A series is one VEVENT with its RRULE; a meeting that became its own record is a VEVENT with
the series' UID and a RECURRENCE-ID (so a calendar client replaces that occurrence), and a
cancelled one says STATUS:CANCELLED. Feeds carry no personal data: no registrant, no contact.
"""
from __future__ import annotations

import calendar as pycalendar
from datetime import date, datetime, timedelta, timezone

from flask import current_app, request, url_for
from flask_admin import expose
from icalendar import Alarm, Calendar, Event, vRecur
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.admin.gates import SecurePage
from app.core.roles import AUDITOR, FORUM_COORDINATOR, HR_ADMIN
from app.extensions import db
from app.i18n import _, _l, fmt_date, utcnow
from plugins.forum import scheduling
from plugins.forum.models import MODES, Forum
from plugins.forum.scheduling import TZ, aware
from plugins.forum.workflows import ACTIVE, CANCELLED, PROPOSED

PRODID = "-//Pemerintah Kabupaten Manokwari//Portal Kinerja ASN forum//ID"
STATUS = {CANCELLED: "CANCELLED", PROPOSED: "TENTATIVE"}


def _uid(forum) -> str:
    root = forum.parent_id or forum.id
    return f"forum-{root}@{request.host if request else 'kinerja'}"


def _event(forum) -> Event:
    event = Event()
    event.add("uid", _uid(forum))
    event.add("summary", forum.topic)
    event.add("dtstamp", aware(forum.updated_at or utcnow()))
    event.add("dtstart", scheduling.local(forum.start_at))
    event.add("dtend", scheduling.local(forum.end_at))
    where = []
    if forum.venue is not None and forum.mode != "online":
        where.append(f"{forum.venue.name}, {forum.venue.address}".strip(", "))
    if forum.online_link and forum.mode != "in_person":
        where.append(forum.online_link)
        event.add("url", forum.online_link)
    if where:
        event.add("location", " · ".join(where))
    lines = [f"{forum.unit.name} · {MODES.get(forum.mode, forum.mode)}"]
    if forum.description:
        lines.append(forum.description)
    if forum.is_public:
        lines.append(url_for("forum.forum_page", forum_id=forum.id, _external=True))
    event.add("description", "\n\n".join(str(x) for x in lines))
    event.add("status", STATUS.get(forum.status, "CONFIRMED"))
    if forum.recurrence_id is not None:
        event.add("recurrence-id", scheduling.local(forum.recurrence_id))
    rule = scheduling.rrule_text(forum)
    if rule:
        event.add("rrule", vRecur.from_ical(rule))
    if forum.status != CANCELLED:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Tomorrow: %(topic)s", topic=forum.topic))
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
    return event


def build(forums, name: str) -> bytes:
    """The calendar of `forums` (series with their meetings) as iCalendar bytes."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Jayapura")
    seen = set()
    for forum in forums:
        for item in [forum, *forum.meetings]:
            if item.id not in seen:
                seen.add(item.id)
                cal.add_component(_event(item))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_forums(unit_id: int | None = None) -> list[Forum]:
    """Public forums for a feed: the series and single forums (meetings ride with their
    series), not mere proposals."""
    stmt = (select(Forum).where(Forum.is_public.is_(True), Forum.parent_id.is_(None),
                                Forum.status != PROPOSED)
            .options(selectinload(Forum.meetings), selectinload(Forum.unit),
                     selectinload(Forum.venue)).order_by(Forum.start_at))
    if unit_id is not None:
        stmt = stmt.where(Forum.unit_id == unit_id)
    return list(db.session.scalars(stmt))


def ics_response(payload: bytes, filename: str):
    response = current_app.response_class(payload, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "public, max-age=900"
    return response


def month_grid(year: int, month: int, forums) -> list[list[tuple[date, list]]]:
    """Weeks (Monday first) of (day, [(forum, start)]) for the month, in WIT."""
    first = datetime(year, month, 1, tzinfo=TZ)
    last = (first + timedelta(days=32)).replace(day=1)
    by_day: dict[date, list] = {}
    for forum, start, _end in scheduling.upcoming(forums, first.astimezone(timezone.utc),
                                                  last.astimezone(timezone.utc)):
        by_day.setdefault(start.astimezone(TZ).date(), []).append((forum, start))
    weeks = pycalendar.Calendar().monthdatescalendar(year, month)
    return [[(day, by_day.get(day, [])) for day in week] for week in weeks]


class MonthView(SecurePage):
    """The back office's month calendar of forums (every meeting, every unit)."""

    read_roles = frozenset({FORUM_COORDINATOR, HR_ADMIN, AUDITOR})

    def __init__(self):
        super().__init__(name=_l("Forum calendar"), endpoint="forum_calendar",
                         url="/admin/forum_calendar")

    @expose("/")
    def index(self):
        today = scheduling.local(utcnow()).date()
        try:
            year, month = (int(x) for x in request.args.get("month", "").split("-"))
            date(year, month, 1)
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            year, month = today.year, today.month
        forums = db.session.scalars(
            select(Forum).where(Forum.status.in_(ACTIVE))
            .options(selectinload(Forum.meetings), selectinload(Forum.venue))).all()
        first = date(year, month, 1)
        previous = (first - timedelta(days=1)).replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return self.render("forum/month.html", weeks=month_grid(year, month, forums),
                           month=first, title=fmt_date(first, "MMMM y"), today=today,
                           previous=f"{previous:%Y-%m}", following=f"{following:%Y-%m}")
