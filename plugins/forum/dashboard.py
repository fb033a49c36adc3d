"""Overdue follow-ups on the owner unit's home page (a card) and in its inbox."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import func, or_, select

from app.admin.links import list_url
from app.core.hooks import Task
from app.extensions import db
from app.i18n import _l, local_today
from plugins.forum.admin import owner_conditions
from plugins.forum.models import ForumFollowUp
from plugins.forum.workflows import UNFINISHED


def _overdue(user, stmt):
    conditions = owner_conditions(user)
    if not conditions:
        return None
    return stmt.where(or_(*conditions), ForumFollowUp.status.in_(UNFINISHED),
                      ForumFollowUp.due_date < local_today())


def overdue_count(user) -> int:
    stmt = _overdue(user, select(func.count()).select_from(ForumFollowUp))
    return db.session.scalar(stmt) if stmt is not None else 0


def widget(user):
    """The card: the unit's overdue follow-ups, oldest first (None when there are none)."""
    stmt = _overdue(user, select(ForumFollowUp))
    if stmt is None:
        return None
    rows = db.session.scalars(stmt.order_by(ForumFollowUp.due_date).limit(5)).all()
    if not rows:
        return None
    return render_template("forum/widget.html", rows=rows, count=overdue_count(user),
                           today=local_today())


def inbox(user) -> list[Task]:
    count = overdue_count(user)
    if not count:
        return []
    return [Task(key="forum:overdue", title=_l("Forum follow-ups"),
                 action=_l("Overdue: report what was done"), count=count,
                 url=list_url("forum_follow_up"), state=_l("Overdue"))]
