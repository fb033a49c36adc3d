"""Forum data (tables prefixed `forum_`): venues, forums (one meeting, or a recurring series
whose occurrences are expanded on demand), agenda items, minutes with revisions, public
registrations, attendance by stakeholder group and sex, and follow-up actions.

A meeting of a recurring series becomes a record of its own (a child forum with `parent_id`
and the occurrence's start) when someone registers for it or it is held; like an iCalendar
RECURRENCE-ID instance, the child then replaces that occurrence of its series.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.mixins import Audited, TimestampMixin
from app.extensions import db
from app.i18n import _l
from app.org.models import Employee, WorkUnit

KINDS = {"fkp": _l("Public consultation forum (FKP)"),
         "community": _l("Community meeting"),
         "hearing": _l("Public hearing")}
MODES = {"in_person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid")}
RECURRENCES = {"none": _l("Once"), "weekly": _l("Weekly"),
               "monthly_day": _l("Monthly on the same day"),
               "monthly_weekday": _l("Monthly on the same weekday")}
GROUPS = {"public": _l("General public"), "business": _l("Business owners"),
          "academia": _l("Academia"), "ngo": _l("NGOs and civic groups"),
          "media": _l("Media"), "customary": _l("Customary and religious leaders"),
          "disability": _l("Persons with disabilities"), "women": _l("Women's groups"),
          "youth": _l("Youth"), "government": _l("Government")}
SEXES = {"m": _l("Male"), "f": _l("Female")}
REGISTERED, WAITLISTED, CANCELLED = "registered", "waitlisted", "cancelled"
REGISTRATION_STATES = {REGISTERED: _l("Registered"), WAITLISTED: _l("Waiting list"),
                       CANCELLED: _l("Cancelled")}


class ForumVenue(Audited, TimestampMixin, db.Model):
    """A room or hall forums are held in; two forums may not overlap in one venue."""

    __tablename__ = "forum_venue"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(150), unique=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)

    def __str__(self) -> str:
        return self.name


class Forum(Audited, TimestampMixin, db.Model):
    __tablename__ = "forum_forum"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("work_unit.id"), index=True)
    topic: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(12), default="fkp")
    mode: Mapped[str] = mapped_column(String(12), default="in_person")
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("forum_venue.id"), index=True)
    online_link: Mapped[str] = mapped_column(String(500), default="")
    # Stored in UTC, entered and shown in WIT.
    start_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    end_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The RRULE subset: weekly or monthly (by day of month or by weekday), every `interval`
    # weeks or months, ending on `until` (a WIT date) or after `count` meetings.
    recurrence: Mapped[str] = mapped_column(String(16), default="none")
    interval: Mapped[int] = mapped_column(Integer, default=1)
    until: Mapped[date | None] = mapped_column(Date)
    count: Mapped[int | None] = mapped_column(Integer)
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Codes of GROUPS, comma-separated.
    stakeholder_groups: Mapped[str] = mapped_column(String(300), default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    cancel_reason: Mapped[str] = mapped_column(String(2000), default="")
    # The official responsible (the workflow's owner column).
    contact_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("forum_forum.id", ondelete="CASCADE"), index=True)
    # A meeting of a series: the start of the occurrence it replaces (UTC).
    recurrence_id: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    unit: Mapped[WorkUnit] = relationship()
    venue: Mapped[ForumVenue | None] = relationship()
    contact: Mapped[Employee] = relationship()
    parent: Mapped[Forum | None] = relationship(remote_side=[id], back_populates="meetings")
    meetings: Mapped[list[Forum]] = relationship(back_populates="parent",
                                                 order_by="Forum.start_at")
    agenda: Mapped[list[ForumAgendaItem]] = relationship(
        back_populates="forum", order_by="ForumAgendaItem.position",
        cascade="all, delete-orphan")
    minutes: Mapped[list[ForumMinutes]] = relationship(
        back_populates="forum", order_by="ForumMinutes.revision", cascade="all, delete-orphan")
    registrations: Mapped[list[ForumRegistration]] = relationship(
        back_populates="forum", order_by="ForumRegistration.id", cascade="all, delete-orphan")
    attendance: Mapped[list[ForumAttendance]] = relationship(
        back_populates="forum", cascade="all, delete-orphan")
    follow_ups: Mapped[list[ForumFollowUp]] = relationship(
        back_populates="forum", order_by="ForumFollowUp.due_date",
        cascade="all, delete-orphan")

    @property
    def groups(self) -> list[str]:
        return [g for g in (self.stakeholder_groups or "").split(",") if g]

    @property
    def latest_minutes(self) -> ForumMinutes | None:
        return self.minutes[-1] if self.minutes else None

    def __str__(self) -> str:
        from app.i18n import fmt_date

        return f"{self.topic} ({fmt_date(self.start_at)})"


class ForumAgendaItem(Audited, db.Model):
    __tablename__ = "forum_agenda_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forum_forum.id", ondelete="CASCADE"),
                                          index=True)
    position: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str] = mapped_column(String(150), default="")
    duration_minutes: Mapped[int | None] = mapped_column(Integer)

    forum: Mapped[Forum] = relationship(back_populates="agenda")

    def __str__(self) -> str:
        return self.title


class ForumMinutes(Audited, db.Model):
    """One revision of a forum's minutes (notulen); the highest revision is the current one.
    Revisions are never edited: saving the minutes adds a revision."""

    __tablename__ = "forum_minutes"
    __table_args__ = (UniqueConstraint("forum_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forum_forum.id", ondelete="CASCADE"),
                                          index=True)
    revision: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    forum: Mapped[Forum] = relationship(back_populates="minutes")


class ForumRegistration(Audited, db.Model):
    """A citizen's registration (personal data: never shown on a public page)."""

    __tablename__ = "forum_registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forum_forum.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(150), default="")
    stakeholder_group: Mapped[str] = mapped_column(String(20), default="public")
    sex: Mapped[str] = mapped_column(String(1), default="")
    status: Mapped[str] = mapped_column(String(12), default=REGISTERED, index=True)
    # The confirmation page's key (random, unguessable; the page shows the status only).
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    forum: Mapped[Forum] = relationship(back_populates="registrations")

    def __str__(self) -> str:
        return self.name


class ForumAttendance(Audited, db.Model):
    """Head counts at the event per stakeholder group and sex (for the minutes)."""

    __tablename__ = "forum_attendance"
    __table_args__ = (UniqueConstraint("forum_id", "stakeholder_group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forum_forum.id", ondelete="CASCADE"),
                                          index=True)
    stakeholder_group: Mapped[str] = mapped_column(String(20))
    male: Mapped[int] = mapped_column(Integer, default=0)
    female: Mapped[int] = mapped_column(Integer, default=0)

    forum: Mapped[Forum] = relationship(back_populates="attendance")


class ForumFollowUp(Audited, TimestampMixin, db.Model):
    """A follow-up action (tindak lanjut) promised at a forum, owned by a unit."""

    __tablename__ = "forum_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forum_forum.id", ondelete="CASCADE"),
                                          index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("work_unit.id"), index=True)
    # The official who answers for it (the workflow's owner column).
    responsible_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(500), default="")
    reminded_on: Mapped[date | None] = mapped_column(Date)

    forum: Mapped[Forum] = relationship(back_populates="follow_ups")
    owner_unit: Mapped[WorkUnit] = relationship()
    responsible: Mapped[Employee] = relationship()

    def __str__(self) -> str:
        return self.title
