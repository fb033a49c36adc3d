"""Role checks and row-scoping helpers shared by every view."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy import false, select

from app.org.models import Employee


def has_role(*names: str) -> bool:
    return bool(current_user and current_user.is_authenticated and current_user.has_role(*names))


def current_employee_id() -> int | None:
    if current_user and current_user.is_authenticated:
        return current_user.employee_id
    return None


def staff_ids():
    """A subquery of the ids of the current user's direct staff (empty when unlinked)."""
    me = current_employee_id()
    if me is None:
        return select(Employee.id).where(false())
    return select(Employee.id).where(Employee.supervisor_id == me)
