"""What people do with SKP and evaluations, as functions of plain values: the views parse the
request (WTForms) and call these; tests call them without HTTP.

A service either returns (the change is made; the caller commits where the docstring says
so) or raises:

- `Refused(messages)`: a rule forbids it now; nothing was changed; the messages are for the
  user (Indonesian);
- `NotYours`: the record is visible to the actor but this part of it is not theirs (HTTP 403).

`Actor` is who acts: their employee id (None for an account without one) and whether they
hold the HR role.
"""
from __future__ import annotations

from dataclasses import dataclass


class Refused(Exception):
    def __init__(self, *messages: str, category: str = "error"):
        super().__init__(*messages)
        self.messages = [str(m) for m in messages]
        self.category = category


class NotYours(Exception):
    pass


@dataclass(frozen=True)
class Actor:
    employee_id: int | None
    hr: bool = False
    username: str = ""


def current_actor() -> Actor:
    """The signed-in user as an Actor (inside a request)."""
    from flask_login import current_user

    from app.auth.permissions import current_employee_id, has_role
    from app.core.roles import HR_ADMIN

    return Actor(current_employee_id(), has_role(HR_ADMIN),
                 getattr(current_user, "username", "") or "")
