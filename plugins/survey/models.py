"""Survey periods of a service unit and the citizens' responses (tables survey_*).

A period belongs to one service unit (a work unit); HR or the unit opens it with the unit's
yearly service population, from which the Krejcie-Morgan minimum sample follows. A response
holds the nine unsur answers (1-4), the respondent's profile in coded bands (no name, no
contact) and an optional suggestion, which staff must review before it is ever published.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, ForeignKey, Integer,
                        SmallInteger, String, Text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.mixins import Audited, TimestampMixin
from app.extensions import db
from app.i18n import utcnow
from app.org.models import WorkUnit

# Response status: counted in the results, waiting for the unit's review, or set aside.
COUNTED, PENDING, REJECTED = "counted", "pending", "rejected"


class SurveyPeriod(Audited, TimestampMixin, db.Model):
    __tablename__ = "survey_period"
    __table_args__ = (CheckConstraint("population >= 1", name="population_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("work_unit.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    population: Mapped[int] = mapped_column(Integer)  # people served per year (sample size)
    # The unit's services (one per line) a respondent picks from, and its counters (one per
    # line), each with its own QR code.
    services: Mapped[str | None] = mapped_column(Text)
    counters: Mapped[str | None] = mapped_column(Text)
    review_required: Mapped[bool] = mapped_column(Boolean, default=False)
    open: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[WorkUnit] = relationship()

    @property
    def service_list(self) -> list[str]:
        return [s.strip() for s in (self.services or "").splitlines() if s.strip()]

    @property
    def counter_list(self) -> list[str]:
        return [s.strip() for s in (self.counters or "").splitlines() if s.strip()]

    def accepts(self, today: date) -> bool:
        return bool(self.open and self.starts_on <= today <= self.ends_on)

    def __str__(self) -> str:
        return f"{self.unit.name if self.unit else ''} – {self.title}"


class SurveyResponse(Audited, db.Model):
    __tablename__ = "survey_response"
    __table_args__ = tuple(
        CheckConstraint(f"u{n} BETWEEN 1 AND 4", name=f"u{n}_range") for n in range(1, 10))

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("survey_period.id", ondelete="CASCADE"),
                                           index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default=COUNTED, index=True)
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    age_band: Mapped[str] = mapped_column(String(10))
    sex: Mapped[str] = mapped_column(String(1))
    education: Mapped[str] = mapped_column(String(10))
    occupation: Mapped[str] = mapped_column(String(20))
    service: Mapped[str | None] = mapped_column(String(200))
    counter: Mapped[str | None] = mapped_column(String(100))
    suggestion: Mapped[str | None] = mapped_column(Text)
    # A suggestion is published only after staff reviewed it (never by default).
    suggestion_published: Mapped[bool] = mapped_column(Boolean, default=False)

    period: Mapped[SurveyPeriod] = relationship()

    def answers(self) -> list[int]:
        return [getattr(self, f"u{n}") for n in range(1, 10)]

    def __str__(self) -> str:
        return f"#{self.id}"
