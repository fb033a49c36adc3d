"""Applying a workflow transition from a service that first writes what the transition needs
(a recorded signature, a decision): all of it commits together, or nothing does.

`claim` comes first: a no-op conditional UPDATE of the record in its current state, which
takes the row's write lock, so that no concurrent request moves the record between the data
written and the engine's own conditional UPDATE (which then cannot miss).
"""
from __future__ import annotations

from sqlalchemy import update

from app.extensions import db
from app.i18n import _
from app.workflow import engine
from plugins.appraisal.services import Refused


def claim(entity: str, record) -> None:
    binding = engine.bindings()[entity]
    model, state = binding.model, getattr(record, binding.state_attr)
    column = getattr(model, binding.state_attr)
    claimed = db.session.execute(
        update(model).where(model.id == record.id, column == state).values({column: state})
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.rollback()
        raise Refused(_("The record has already moved on; reload the page."))


def apply(entity: str, record, code: str, user, comment: str | None = None) -> None:
    """Apply transition `code` to the claimed `record` as `user`, committing it with what the
    session holds; Refused (everything rolled back) when the user may not apply it now."""
    binding = engine.bindings()[entity]
    if code not in {t.code for t in engine.available(entity, record, user)}:
        state = getattr(record, binding.state_attr)
        definition = engine.definition(entity)
        arrow = next((t for t in (definition.transitions if definition else [])
                      if t.code == code and t.from_state == state), None)
        problem = binding.check(record, arrow) if arrow is not None and binding.check else None
        db.session.rollback()
        raise Refused(problem or _("Permission denied."))
    try:
        engine.apply(entity, [record.id], code, user, comment)
    except engine.WorkflowError as error:
        db.session.rollback()
        raise Refused(str(error)) from None
