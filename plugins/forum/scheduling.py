"""When forums take place: the RRULE subset expanded with python-dateutil, venue conflicts
(occurrences of recurring forums included) and the meetings of a series.

Recurrence is expanded in WIT wall-clock time (a 09.00 forum stays at 09.00) and returned in
UTC. A monthly forum on day 29, 30 or 31 falls on the last day of shorter months
(`BYMONTHDAY=31,-1;BYSETPOS=1`), one in the fifth week of a month on the last such weekday
(`BYDAY=-1TU`), so no month is silently skipped.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from sqlalchemy import select

from app.extensions import db
from app.i18n import _, fmt_datetime

TZ = ZoneInfo("Asia/Jayapura")
MAX_OCCURRENCES = 120          # meetings of one series
MAX_SPAN_DAYS = 3 * 366        # from the first meeting to `until`
MAX_DURATION = timedelta(days=3)


def aware(value: datetime) -> datetime:
    """UTC-aware (SQLite returns naive UTC)."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def local(value: datetime) -> datetime:
    return aware(value).astimezone(TZ)


def rule_parts(forum) -> dict | None:
    """The forum's recurrence as dateutil keyword arguments (without dtstart), or None."""
    if forum.recurrence not in ("weekly", "monthly_day", "monthly_weekday"):
        return None
    start = local(forum.start_at)
    parts = {"interval": max(1, forum.interval or 1)}
    if forum.recurrence == "weekly":
        parts["freq"] = WEEKLY
    elif forum.recurrence == "monthly_day":
        parts["freq"] = MONTHLY
        if start.day > 28:
            parts.update(bymonthday=(start.day, -1), bysetpos=1)
        else:
            parts["bymonthday"] = start.day
    else:
        parts["freq"] = MONTHLY
        n = (start.day - 1) // 7 + 1
        parts["byweekday"] = weekday(start.weekday(), -1 if n == 5 else n)
    if forum.count:
        parts["count"] = min(forum.count, MAX_OCCURRENCES)
    elif forum.until:
        parts["until"] = datetime.combine(forum.until, time(23, 59, 59))
    else:
        parts["count"] = MAX_OCCURRENCES
    return parts


def rrule_text(forum) -> str | None:
    """The RRULE value for iCalendar ("FREQ=MONTHLY;BYMONTHDAY=31,-1;BYSETPOS=1;COUNT=12")."""
    parts = rule_parts(forum)
    if parts is None:
        return None
    text = str(rrule(dtstart=local(forum.start_at).replace(tzinfo=None), **parts))
    return text.split("RRULE:", 1)[1]


def _series_starts(forum) -> list[datetime]:
    parts = rule_parts(forum)
    start = local(forum.start_at).replace(tzinfo=None)
    if parts is None:
        return [aware(forum.start_at)]
    starts = islice(rrule(dtstart=start, **parts), MAX_OCCURRENCES)
    return [s.replace(tzinfo=TZ).astimezone(timezone.utc) for s in starts]


def occurrences(forum, after: datetime | None = None, before: datetime | None = None,
                skip: set | None = None) -> list[tuple[datetime, datetime]]:
    """(start, end) in UTC of every meeting of `forum` that overlaps [after, before): one for
    a single forum; for a series, the occurrences its own meetings have not replaced."""
    if forum.start_at is None or forum.end_at is None:
        return []
    length = aware(forum.end_at) - aware(forum.start_at)
    replaced = {aware(m.recurrence_id) for m in forum.meetings if m.recurrence_id} \
        if forum.id is not None and forum.recurrence != "none" else set()
    replaced |= skip or set()
    result = []
    for start in _series_starts(forum):
        end = start + length
        if start in replaced or (after and end <= after) or (before and start >= before):
            continue
        result.append((start, end))
    return result


def validation_errors(forum) -> list[str]:
    """What is wrong with the forum's times and recurrence (empty when nothing)."""
    errors = []
    if forum.start_at is None or forum.end_at is None:
        return [_("Enter the start and the end.")]
    if aware(forum.end_at) <= aware(forum.start_at):
        errors.append(_("The end must be after the start."))
    elif aware(forum.end_at) - aware(forum.start_at) > MAX_DURATION:
        errors.append(_("A forum lasts at most three days."))
    if forum.recurrence != "none":
        if forum.parent_id:
            errors.append(_("A meeting of a series does not repeat itself."))
        if not forum.until and not forum.count:
            errors.append(_("A recurring forum needs an end: a last date or a number of "
                            "meetings."))
        if forum.count is not None and not 1 <= forum.count <= MAX_OCCURRENCES:
            errors.append(_("The number of meetings must be between 1 and %(max)s.",
                            max=MAX_OCCURRENCES))
        if forum.until and not 0 <= (forum.until - local(forum.start_at).date()).days \
                <= MAX_SPAN_DAYS:
            errors.append(_("The last date must be after the first meeting and within three "
                            "years."))
        if not 1 <= (forum.interval or 1) <= 12:
            errors.append(_("The interval must be between 1 and 12."))
    return errors


def conflicts(forum):
    """The first booking of the forum's venue that overlaps one of its meetings:
    (other forum, start, end) or None. Online forums book no venue."""
    from plugins.forum.models import Forum
    from plugins.forum.workflows import ACTIVE

    if forum.venue_id is None or forum.mode == "online" or forum.status not in ACTIVE:
        return None
    mine = occurrences(forum)
    if not mine:
        return None
    first, last = min(s for s, _e in mine), max(e for _s, e in mine)
    others = db.session.scalars(
        select(Forum).where(Forum.venue_id == forum.venue_id, Forum.status.in_(ACTIVE),
                            Forum.mode != "online",
                            Forum.id != forum.id if forum.id is not None else True)).all()
    for other in sorted(others, key=lambda f: aware(f.start_at)):
        # A meeting replaces its own series' occurrence; a series does not clash with its
        # meetings.
        if other.id == forum.parent_id:
            skip = {aware(forum.recurrence_id)} if forum.recurrence_id else set()
        elif other.parent_id is not None and other.parent_id == forum.id:
            continue
        else:
            skip = set()
        for start, end in occurrences(other, first, last, skip):
            if any(s < end and start < e for s, e in mine):
                return other, start, end
    return None


def conflict_message(forum) -> str | None:
    found = conflicts(forum)
    if found is None:
        return None
    other, start, end = found
    return _("The venue %(venue)s is already booked for \"%(forum)s\" from %(start)s to "
             "%(end)s.", venue=forum.venue.name if forum.venue else "", forum=other.topic,
             start=fmt_datetime(start), end=fmt_datetime(end))


def meeting_for(series, start: datetime):
    """The meeting (own record) of `series` at the occurrence `start`, made when first
    needed (a registration, holding it); it takes the series' place, state and details."""
    from plugins.forum.models import Forum

    start = aware(start)
    if series.recurrence == "none":
        return series
    for meeting in series.meetings:
        if meeting.recurrence_id and aware(meeting.recurrence_id) == start:
            return meeting
    if start not in {s for s, _e in occurrences(series)}:
        return None
    length = aware(series.end_at) - aware(series.start_at)
    meeting = Forum(
        parent=series, recurrence_id=start, start_at=start, end_at=start + length,
        unit_id=series.unit_id, topic=series.topic, description=series.description,
        kind=series.kind, mode=series.mode, venue_id=series.venue_id,
        online_link=series.online_link, capacity=series.capacity,
        stakeholder_groups=series.stakeholder_groups, is_public=series.is_public,
        status=series.status, contact_id=series.contact_id, recurrence="none")
    db.session.add(meeting)
    db.session.flush()
    return meeting


def upcoming(forums, after: datetime, before: datetime | None = None):
    """[(forum, start, end)] of the forums' meetings from `after`, sorted by start."""
    rows = [(f, s, e) for f in forums for s, e in occurrences(f, after, before)]
    return sorted(rows, key=lambda r: r[1])
