"""The roster of a session: inviting by work unit (with its sub-units), by position kind, or
by a list of NIPs, up to the session's capacity; a suggestion from an appraisal becomes an
invitation the same way."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.extensions import db
from app.org.tree import unit_tree
from app.i18n import _
from app.org.models import Employee, Position
from plugins.training.models import Participant, Suggestion, TrainingSession
from plugins.training.workflows import APPROVED, PLANNED, RUNNING

OPEN_STATES = (PLANNED, APPROVED, RUNNING)   # a roster may change until the session is over
MAX_LIST = 500                                # NIPs in one pasted list


def by_unit(unit_id: int, sub_units: bool = True, position_kind: str | None = None) -> list[int]:
    """Active employees of the unit (and the units below it), optionally of one position kind."""
    units = unit_tree(unit_id) if sub_units else [unit_id]
    stmt = select(Employee.id).where(Employee.unit_id.in_(units), Employee.active.is_(True))
    if position_kind:
        stmt = stmt.join(Position, Position.id == Employee.position_id).where(
            Position.kind == position_kind)
    return list(db.session.scalars(stmt.order_by(Employee.name)))


def by_position_kind(position_kind: str) -> list[int]:
    return list(db.session.scalars(
        select(Employee.id).join(Position, Position.id == Employee.position_id)
        .where(Position.kind == position_kind, Employee.active.is_(True))
        .order_by(Employee.name)))


def by_nips(text: str) -> tuple[list[int], list[str]]:
    """Employees named by NIP in pasted text (spaces, commas or lines); and the NIPs not
    found among active employees."""
    nips = list(dict.fromkeys(re.findall(r"\d{18}", (text or "").replace(" ", ""))))
    if len(nips) > MAX_LIST:
        raise ValueError(_("At most %(max)s NIPs at once.", max=MAX_LIST))
    found = dict(db.session.execute(select(Employee.nip, Employee.id).where(
        Employee.nip.in_(nips), Employee.active.is_(True))).all()) if nips else {}
    return [found[n] for n in nips if n in found], [n for n in nips if n not in found]


def invite(session: TrainingSession, employee_ids, mandatory: bool) -> tuple[int, int, int]:
    """Put employees on the roster up to the capacity; returns (added, already on it, left
    out for lack of seats). The trainer is never their own participant."""
    if session.status not in OPEN_STATES:
        raise ValueError(_("The roster of a finished or cancelled session cannot change."))
    existing = set(db.session.scalars(select(Participant.employee_id).where(
        Participant.session_id == session.id)))
    seats = session.capacity - len(existing)
    added = already = full = 0
    for employee_id in dict.fromkeys(employee_ids):
        if employee_id in existing:
            already += 1
        elif employee_id == session.trainer_id:
            continue
        elif seats <= 0:
            full += 1
        else:
            db.session.add(Participant(session_id=session.id, employee_id=employee_id,
                                       mandatory=mandatory))
            existing.add(employee_id)
            seats -= 1
            added += 1
    db.session.flush()
    return added, already, full


def invite_suggestions(session: TrainingSession, suggestion_ids) -> int:
    """HR turns open suggestions into (mandatory) invitations to `session`."""
    suggestions = db.session.scalars(select(Suggestion).where(
        Suggestion.id.in_(suggestion_ids), Suggestion.status == "open")).all()
    added, already, full = invite(session, [s.employee_id for s in suggestions], True)
    invited = set(db.session.scalars(select(Participant.employee_id).where(
        Participant.session_id == session.id)))
    count = 0
    for suggestion in suggestions:
        if suggestion.employee_id in invited:
            suggestion.status, suggestion.session_id = "invited", session.id
            count += 1
    return count


def seats_taken(session_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Participant).where(
        Participant.session_id == session_id))
