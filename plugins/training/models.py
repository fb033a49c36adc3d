"""Training data (tables prefixed `training_`): JP rules HR edits, the programme catalogue,
sessions with their roster (participants), attendance per day, results and certificates,
feedback, JP from outside trainings that an employee records and HR verifies, and the
training suggestions that come from appraisals."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String,
                        Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.core.mixins import Audited, TimestampMixin
from app.extensions import db
from app.org.models import Employee
from plugins.training.choices import KIND_LABELS


class JpRule(Audited, TimestampMixin, db.Model):
    """How a kind of development converts to JP (DOMAIN 5), with its caps."""

    __tablename__ = "training_jp_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(String(10))
    # JP per day, session or activity (unused for actual hours).
    jp: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    max_jp_per_day: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    max_sessions_per_month: Mapped[int | None] = mapped_column(Integer)

    def __str__(self) -> str:
        return self.name


class Programme(Audited, TimestampMixin, db.Model):
    """A programme of the catalogue (several sessions each)."""

    __tablename__ = "training_programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    route: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(20))
    competency: Mapped[str] = mapped_column(String(20))
    organiser: Mapped[str] = mapped_column(String(200))
    jp_rule_id: Mapped[int] = mapped_column(ForeignKey("training_jp_rule.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    jp_rule: Mapped[JpRule] = relationship()

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    def __str__(self) -> str:
        return self.name


class TrainingSession(Audited, TimestampMixin, db.Model):
    """One run of a programme, led by a trainer (an employee with the trainer role)."""

    __tablename__ = "training_session"
    __table_args__ = (Index("ix_training_session_trainer_status", "trainer_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("training_programme.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    trainer_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    venue: Mapped[str | None] = mapped_column(String(200))
    online_link: Mapped[str | None] = mapped_column(String(500))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    capacity: Mapped[int] = mapped_column(Integer, default=30)
    cost: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    funding: Mapped[str | None] = mapped_column(String(10))
    # Results as a score (0-100, passed from the pass mark) instead of passed/not passed.
    scored: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(14), default="direncanakan", index=True)
    cancel_reason: Mapped[str | None] = mapped_column(Text)

    programme: Mapped[Programme] = relationship()
    trainer: Mapped[Employee] = relationship()
    participants: Mapped[list[Participant]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Participant.id")

    @validates("starts_at", "ends_at")
    def _in_utc(self, key, value):
        # Stored in UTC: SQLite keeps no offset, so a WIT time would read back 9 hours off.
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value

    def __str__(self) -> str:
        from app.i18n import fmt_date

        name = self.title or (self.programme.name if self.programme else "")
        return f"{name} ({fmt_date(self.starts_at)})"


class Participant(Audited, TimestampMixin, db.Model):
    """An employee on a session's roster: invitation, result, credited JP, certificate."""

    __tablename__ = "training_participant"
    __table_args__ = (UniqueConstraint("session_id", "employee_id"),
                      Index("ix_training_participant_employee", "employee_id", "session_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    result: Mapped[str | None] = mapped_column(String(12))
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    # JP credited by the rules (with the caps), kept up to date by credit.recredit.
    jp: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    certificate_number: Mapped[str | None] = mapped_column(String(100))
    certificate_issued: Mapped[date | None] = mapped_column(Date)
    certificate_expires: Mapped[date | None] = mapped_column(Date)
    certificate_file: Mapped[str | None] = mapped_column(String(100))
    # The secret in the public verification link (the QR code); no id, no NIP.
    certificate_token: Mapped[str | None] = mapped_column(String(40), unique=True)

    session: Mapped[TrainingSession] = relationship(back_populates="participants")
    employee: Mapped[Employee] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", order_by="Attendance.day")

    def __str__(self) -> str:
        return f"{self.employee.name if self.employee else ''} – {self.session or ''}"


class Attendance(Audited, db.Model):
    __tablename__ = "training_attendance"
    __table_args__ = (UniqueConstraint("participant_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("training_participant.id"))
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))

    participant: Mapped[Participant] = relationship(back_populates="attendance")


class SessionFeedback(Audited, TimestampMixin, db.Model):
    """An attendee's rating of a finished session, once (1-5 per question)."""

    __tablename__ = "training_feedback"
    __table_args__ = (UniqueConstraint("session_id", "employee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    content: Mapped[int] = mapped_column(Integer)
    trainer: Mapped[int] = mapped_column(Integer)
    relevance: Mapped[int] = mapped_column(Integer)
    organisation: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)


class ExternalJp(Audited, TimestampMixin, db.Model):
    """JP from a training outside the portal, recorded by the employee with evidence and
    verified by HR (a workflow)."""

    __tablename__ = "training_external"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    ends_on: Mapped[date] = mapped_column(Date, index=True)
    jp: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    evidence_file: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(12), default="diajukan", index=True)

    employee: Mapped[Employee] = relationship()

    def __str__(self) -> str:
        return f"{self.title} ({self.employee.name if self.employee else ''})"


class Suggestion(Audited, TimestampMixin, db.Model):
    """A training need: an appraisal below expectation suggests a competency area."""

    __tablename__ = "training_suggestion"
    __table_args__ = (UniqueConstraint("employee_id", "year", "period", "competency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    competency: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(300))
    year: Mapped[int] = mapped_column(Integer)
    period: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("training_session.id"))

    employee: Mapped[Employee] = relationship()
    session: Mapped[TrainingSession | None] = relationship()

    def __str__(self) -> str:
        return f"{self.employee.name if self.employee else ''} ({self.year})"
