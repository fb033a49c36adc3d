"""Credited JP: each passed participation earns JP under its programme's rule for the days
the employee was present; the monthly session caps apply per employee in the order the
sessions ended. Kept on `Participant.jp`, recomputed whenever attendance, a result or a rule
changes (for the employees concerned)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from plugins.training.choices import PASSED, PRESENT
from plugins.training.models import Participant, Programme, TrainingSession
from plugins.training.rules import Rule, capped, credit, local, minutes_per_day
from plugins.training.workflows import CANCELLED, SESSION


def rule_of(jp_rule) -> Rule:
    return Rule(jp_rule.basis, jp_rule.jp, jp_rule.max_jp_per_day,
                jp_rule.max_sessions_per_month)


def earned(participant: Participant) -> Decimal:
    """JP of one participation before the monthly cap."""
    session = participant.session
    if participant.result != PASSED or session.status == CANCELLED:
        return Decimal(0)
    days = sum(1 for a in participant.attendance if a.status == PRESENT)
    return credit(rule_of(session.programme.jp_rule), days,
                  minutes_per_day(session.starts_at, session.ends_at))


def recredit(employee_ids) -> None:
    """Recompute the credited JP of every participation of these employees (no commit)."""
    ids = list(set(employee_ids))
    if not ids:
        return
    participants = db.session.scalars(
        select(Participant).join(TrainingSession, TrainingSession.id == Participant.session_id)
        .where(Participant.employee_id.in_(ids))
        .options(selectinload(Participant.attendance),
                 selectinload(Participant.session).selectinload(TrainingSession.programme)
                 .selectinload(Programme.jp_rule))
        .order_by(Participant.employee_id, TrainingSession.ends_at, TrainingSession.id)).all()
    by_employee: dict[int, list] = {}
    for p in participants:
        ended = local(p.session.ends_at)
        rule = p.session.programme.jp_rule
        by_employee.setdefault(p.employee_id, []).append(
            (p, rule.id, rule_of(rule), (ended.year, ended.month), earned(p)))
    for entries in by_employee.values():
        for p, jp in capped(entries).items():
            if p.jp is None or Decimal(p.jp) != jp:
                p.jp = jp
    db.session.flush()


def recredit_session(session_id: int) -> None:
    recredit(db.session.scalars(select(Participant.employee_id).where(
        Participant.session_id == session_id)))


def recredit_rule(rule_id: int) -> None:
    recredit(db.session.scalars(
        select(Participant.employee_id).join(TrainingSession).join(Programme)
        .where(Programme.jp_rule_id == rule_id)))


def on_transition(sender, record_id: int, to_state: str, **_kwargs) -> None:
    """A cancelled session earns nothing (and frees its month's coaching slot for another):
    recompute its participants (a `workflow-transitioned` receiver, inside the engine's
    transaction; the engine moved the row with a plain UPDATE, so the loaded session is
    refreshed first)."""
    if sender != SESSION or to_state != CANCELLED:
        return
    session = db.session.get(TrainingSession, record_id)
    if session is not None:
        db.session.refresh(session)
        recredit_session(record_id)
