"""The forum's part of the public transparency page and its open data: per unit, forums held
in the year and follow-ups agreed, done, in progress and overdue. Counts of forums and
actions, never of people: no registrant, no attendee, no staff name."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import render_template
from sqlalchemy import case, func, select

from app.extensions import db
from app.i18n import local_today
from app.org.models import WorkUnit
from plugins.forum.models import Forum, ForumFollowUp
from plugins.forum.scheduling import TZ
from plugins.forum.workflows import DONE, HELD, PUBLISHED, UNFINISHED

SCHEMA = {"unit_code": "kode unit kerja", "unit": "nama unit kerja",
          "forums_held": "forum terlaksana dalam tahun itu",
          "minutes_published": "forum dengan notulen dipublikasikan",
          "follow_ups": "tindak lanjut dari forum tahun itu",
          "follow_ups_done": "tindak lanjut selesai",
          "follow_ups_open": "tindak lanjut belum selesai",
          "follow_ups_overdue": "tindak lanjut belum selesai yang lewat tenggat"}


def _unit_ids(unit) -> list[int] | None:
    """The unit and its sub-units (None: the whole regency)."""
    if unit is None:
        return None
    pairs = db.session.execute(select(WorkUnit.id, WorkUnit.parent_id)).all()
    ids, frontier = {unit.id}, {unit.id}
    while frontier:
        frontier = {i for i, parent in pairs if parent in frontier} - ids
        ids |= frontier
    return list(ids)


def rows(unit, year: int) -> list[dict]:
    start = datetime(year, 1, 1, tzinfo=TZ).astimezone(timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=TZ).astimezone(timezone.utc)
    ids = _unit_ids(unit)
    held = (select(Forum.unit_id, Forum.status, func.count())
            .where(Forum.status.in_((HELD, PUBLISHED)), Forum.start_at >= start,
                   Forum.start_at < end).group_by(Forum.unit_id, Forum.status))
    late = func.sum(case((ForumFollowUp.due_date < local_today(), 1), else_=0))
    follow = (select(ForumFollowUp.owner_unit_id, ForumFollowUp.status, late, func.count())
              .join(Forum, Forum.id == ForumFollowUp.forum_id)
              .where(Forum.start_at >= start, Forum.start_at < end)
              .group_by(ForumFollowUp.owner_unit_id, ForumFollowUp.status))
    if ids is not None:
        held = held.where(Forum.unit_id.in_(ids))
        follow = follow.where(ForumFollowUp.owner_unit_id.in_(ids))
    table: dict[int, dict] = {}

    def line(unit_id):
        return table.setdefault(unit_id, dict.fromkeys(list(SCHEMA)[2:], 0))

    for unit_id, status, n in db.session.execute(held):
        line(unit_id)["forums_held"] += n
        if status == PUBLISHED:
            line(unit_id)["minutes_published"] += n
    for unit_id, status, late, n in db.session.execute(follow):
        row = line(unit_id)
        row["follow_ups"] += n
        if status == DONE:
            row["follow_ups_done"] += n
        elif status in UNFINISHED:
            row["follow_ups_open"] += n
            row["follow_ups_overdue"] += int(late or 0)
    units = {u.id: u for u in db.session.scalars(select(WorkUnit).where(
        WorkUnit.id.in_(list(table))))} if table else {}
    result = [{"unit_code": units[i].code, "unit": units[i].name, **values}
              for i, values in table.items() if i in units]
    return sorted(result, key=lambda r: r["unit"])


def render(unit, year: int):
    data = rows(unit, year)
    if not data:
        return None
    return render_template("forum/transparency.html", rows=data, year=year)
