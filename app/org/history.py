"""Positions held, with their dates: which position an employee held on a given day.

Every change of an employee's position (the form, an import, a script) closes the open row of
`position_history` on the day before the change (WIT) and opens a new one, whatever code made
it: a `before_flush` listener watches the `Employee.position` relationship. Records that must
name the position of their own time (a signed evaluation of last year) ask `position_on`.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event, inspect, or_, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.i18n import local_today
from app.org.models import Employee, PositionHistory


def position_on(employee_id: int, day: date) -> PositionHistory | None:
    """The position `employee_id` held on `day`, if the history knows it (rows opened before
    the history was kept have no start and count from the beginning)."""
    return db.session.scalar(select(PositionHistory).where(
        PositionHistory.employee_id == employee_id,
        or_(PositionHistory.since.is_(None), PositionHistory.since <= day),
        or_(PositionHistory.until.is_(None), PositionHistory.until >= day))
        .order_by(PositionHistory.since.desc().nulls_last()).limit(1))


def _changed(session: Session):
    new = session.new   # (built anew on every access: once, not once per object)
    for obj in list(new) + list(session.dirty):
        if isinstance(obj, Employee) and (
                obj in new or inspect(obj).attrs.position.history.has_changes()):
            yield obj


@event.listens_for(Session, "before_flush")
def _record_position_changes(session: Session, _context, _instances) -> None:
    today = local_today()
    for person in _changed(session):
        if person.id is not None:
            with session.no_autoflush:
                for row in session.scalars(select(PositionHistory).where(
                        PositionHistory.employee_id == person.id,
                        PositionHistory.until.is_(None))):
                    # Changed on its first day: the short-lived row goes; else it ends today-1.
                    if row.since == today:
                        session.delete(row)
                    else:
                        row.until = today - timedelta(days=1)
        position = person.position
        if position is not None:
            # A new record's position was held before it was entered: from an unknown date.
            since = None if person.id is None else today
            session.add(PositionHistory(employee=person, position=position, name=position.name,
                                        kind=position.kind, level=position.level, since=since))
