"""Who sees which training rows. HR and the auditor see everything; a trainer the sessions
they run and those sessions' participants; an employee their own participations, outside JP
and feedback; a supervisor also their direct staff's participations and outside JP."""
from __future__ import annotations

from sqlalchemy import false, or_, select

from app.auth.permissions import current_employee_id, has_role, staff_ids
from app.core.roles import AUDITOR, HR_ADMIN, SUPERVISOR, TRAINER
from plugins.training.models import TrainingSession


def sees_all() -> bool:
    return has_role(HR_ADMIN, AUDITOR)


def session_scope(query):
    if sees_all():
        return query
    me = current_employee_id()
    if me is None or not has_role(TRAINER):
        return query.filter(false())
    return query.filter(TrainingSession.trainer_id == me)


def people_scope(query, model):
    """Rows of `model` (with `employee_id`, and `session_id` for participants)."""
    if sees_all():
        return query
    me = current_employee_id()
    if me is None:
        return query.filter(false())
    conditions = [model.employee_id == me]
    if has_role(SUPERVISOR):
        conditions.append(model.employee_id.in_(staff_ids()))
    if has_role(TRAINER) and hasattr(model, "session_id"):
        conditions.append(model.session_id.in_(
            select(TrainingSession.id).where(TrainingSession.trainer_id == me)))
    return query.filter(or_(*conditions))
