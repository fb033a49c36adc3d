"""Workflow definitions (states and transitions as rows), the transition log, notifications."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import configcache
from app.core.mixins import Audited, TimestampMixin
from app.core.versioning import Versioned
from app.extensions import db
from app.i18n import _l, utcnow

APPROVERS = {
    "owner": _l("The record's owner"),
    "owner_supervisor": _l("The owner's supervisor"),
    "unit_head": _l("The head of the owner's unit"),
    "role": _l("Anyone with the role below"),
    "assigned": _l("The approver named on the record"),
    "assigned_second": _l("The second-level approver named on the record"),
}
# Approver kinds whose employee is named on the record (see `Binding.assigned_attr`).
ASSIGNED = ("assigned", "assigned_second")
# The colours a state's badge may take: Bootstrap contexts whose badges keep a 4.5:1 contrast
# (app/static/css/kinerja.css darkens primary, info and success for that). A small palette on
# purpose: a colour means something (grey waits to start, green is done, yellow needs the
# owner, red is refused), and HR picks from it instead of typing CSS.
STATE_COLORS = {
    "secondary": _l("Grey"),
    "primary": _l("Blue"),
    "info": _l("Teal"),
    "success": _l("Green"),
    "warning": _l("Yellow"),
    "danger": _l("Red"),
    "dark": _l("Black"),
}


class WorkflowDefinition(Audited, Versioned, TimestampMixin, db.Model):
    __tablename__ = "workflow_definition"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    initial_state: Mapped[str] = mapped_column(String(40))

    states: Mapped[list[WorkflowState]] = relationship(
        back_populates="definition", cascade="all, delete-orphan",
        order_by="WorkflowState.position")
    transitions: Mapped[list[WorkflowTransition]] = relationship(
        back_populates="definition", cascade="all, delete-orphan",
        order_by="WorkflowTransition.position")

    def __str__(self) -> str:
        return self.name


class WorkflowState(Audited, Versioned, db.Model):
    __tablename__ = "workflow_state"
    __table_args__ = (UniqueConstraint("definition_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("workflow_definition.id",
                                                          ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    is_final: Mapped[bool] = mapped_column(Boolean, default=False)
    # May the record be edited in this state? None: the default (the initial state and states
    # a transition "return" leads to); see app.workflow.definition.editable_states.
    editable: Mapped[bool | None] = mapped_column(Boolean)
    # The badge colour, one of STATE_COLORS. None: the default (app.workflow.badges).
    color: Mapped[str | None] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer, default=0)

    definition: Mapped[WorkflowDefinition] = relationship(back_populates="states")

    def __str__(self) -> str:
        return self.label


class WorkflowTransition(Audited, Versioned, db.Model):
    """One arrow of the state diagram. A code may label several arrows from different states
    (e.g. "submit" from Draft and from Returned); it names one bulk action."""

    __tablename__ = "workflow_transition"
    __table_args__ = (UniqueConstraint("definition_id", "code", "from_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("workflow_definition.id",
                                                          ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    from_state: Mapped[str] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    approver: Mapped[str] = mapped_column(String(20), default="owner")
    role: Mapped[str | None] = mapped_column(String(40))
    allow_self: Mapped[bool] = mapped_column(Boolean, default=False)
    comment_required: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    definition: Mapped[WorkflowDefinition] = relationship(back_populates="transitions")

    def __str__(self) -> str:
        return self.label


class TransitionLog(db.Model):
    """Who moved which record from where to where, when, and why."""

    __tablename__ = "transition_log"
    __table_args__ = (Index("ix_transition_log_record", "entity", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int] = mapped_column(Integer)
    transition: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    from_state: Mapped[str] = mapped_column(String(40))
    to_state: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(80))
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Notification(db.Model):
    """An in-app message for one user (e.g. a report awaits their verification)."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# Definitions are cached per process (app.workflow.engine.definition): a change of any of
# these rows replaces the configuration version, so every worker re-reads them.
configcache.watch(WorkflowDefinition, WorkflowState, WorkflowTransition)
