"""Periods, indicators, performance agreements (PK) with targets, realisations, activity reports."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import fulltext
from app.core.mixins import Audited, TimestampMixin
from app.core.versioning import Versioned
from app.extensions import db
from app.org.models import Employee, WorkUnit
from app.performance.capaian import capaian
from app.performance.choices import period_labels


class Period(Audited, Versioned, TimestampMixin, db.Model):
    """A performance year and how its realisations are reported (monthly or quarterly)."""

    __tablename__ = "period"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    periodicity: Mapped[str] = mapped_column(String(10), default="quarterly")
    closed: Mapped[bool] = mapped_column(default=False)

    def period_count(self) -> int:
        return 4 if self.periodicity == "quarterly" else 12

    def __str__(self) -> str:
        return str(self.year)


class Indicator(Audited, Versioned, TimestampMixin, db.Model):
    """Indikator kinerja: what is measured and which way is better."""

    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    unit_of_measure: Mapped[str] = mapped_column(String(50))
    polarity: Mapped[str] = mapped_column(String(10), default="higher")
    aspect: Mapped[str | None] = mapped_column(String(20))
    perspective: Mapped[str | None] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(20), default="unit")
    description: Mapped[str | None] = mapped_column(Text)
    # A derived indicator's realisation is computed from other indicators (performance.formula).
    formula: Mapped[str | None] = mapped_column(Text)
    # How the year's period realisations add up (capaian.AGGREGATIONS); None: by polarity.
    aggregation: Mapped[str | None] = mapped_column(String(10))

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CapaianBand(Audited, Versioned, TimestampMixin, db.Model):
    """A capaian band (e.g. >= 91 Sangat Baik): rows HR edits, highest lower bound first."""

    __tablename__ = "capaian_band"

    id: Mapped[int] = mapped_column(primary_key=True)
    lower_bound: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))  # None: everything below
    label: Mapped[str] = mapped_column(String(60))
    color: Mapped[str] = mapped_column(String(7), default="#6c757d")

    def __str__(self) -> str:
        return self.label


class PerformanceAgreement(Audited, Versioned, TimestampMixin, db.Model):
    """Perjanjian Kinerja: one per unit per year."""

    __tablename__ = "performance_agreement"
    __table_args__ = (UniqueConstraint("unit_id", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("work_unit.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    signed_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[WorkUnit] = relationship()
    period: Mapped[Period] = relationship()
    targets: Mapped[list[Target]] = relationship(back_populates="agreement",
                                                 cascade="all, delete-orphan")

    def __str__(self) -> str:
        return f"PK {self.unit.name if self.unit else ''} {self.period.year if self.period else ''}"


class Target(Audited, Versioned, TimestampMixin, db.Model):
    """A sasaran with its indicator and target value inside a performance agreement."""

    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("agreement_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("performance_agreement.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id"), index=True)
    objective: Mapped[str] = mapped_column(String(300))
    value: Mapped[Decimal | None] = mapped_column(Numeric(16, 4))
    low: Mapped[Decimal | None] = mapped_column(Numeric(16, 4))
    high: Mapped[Decimal | None] = mapped_column(Numeric(16, 4))

    agreement: Mapped[PerformanceAgreement] = relationship(back_populates="targets")
    indicator: Mapped[Indicator] = relationship()
    realisations: Mapped[list[Realisation]] = relationship(back_populates="target",
                                                           cascade="all, delete-orphan")
    period_targets: Mapped[list[TargetPeriod]] = relationship(
        back_populates="target", cascade="all, delete-orphan", order_by="TargetPeriod.period_no")

    def for_period(self, period_no: int) -> tuple:
        """(value, low, high) the period's realisation is compared with: the period's own
        target, or the annual one when the period has none."""
        for row in self.period_targets:
            if row.period_no == period_no:
                return (row.value if row.value is not None else self.value,
                        row.low if row.low is not None else self.low,
                        row.high if row.high is not None else self.high)
        return self.value, self.low, self.high

    def __str__(self) -> str:
        unit = self.agreement.unit.name if self.agreement and self.agreement.unit else ""
        return f"{self.indicator.name if self.indicator else ''} ({unit})"


class TargetPeriod(Audited, TimestampMixin, db.Model):
    """A target's value for one reporting period (optional: the annual target applies when a
    period has none)."""

    __tablename__ = "target_period"
    __table_args__ = (UniqueConstraint("target_id", "period_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"))
    period_no: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal | None] = mapped_column(Numeric(16, 4))
    low: Mapped[Decimal | None] = mapped_column(Numeric(16, 4))
    high: Mapped[Decimal | None] = mapped_column(Numeric(16, 4))

    target: Mapped[Target] = relationship(back_populates="period_targets")

    def __str__(self) -> str:
        return f"{self.target} – {self.period_no}"


class Realisation(Audited, Versioned, TimestampMixin, db.Model):
    """Realisasi of a target in one reporting period, with evidence."""

    __tablename__ = "realisation"
    __table_args__ = (UniqueConstraint("target_id", "period_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id"))
    period_no: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(Numeric(16, 4))
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    evidence_file: Mapped[str | None] = mapped_column(String(300))
    notes: Mapped[str | None] = mapped_column(Text)

    target: Mapped[Target] = relationship(back_populates="realisations")

    evidence_name: Mapped[str | None] = mapped_column(String(200))  # the uploaded file's name

    @property
    def capaian(self) -> float | None:
        """Against the period's own target (the annual one when the period has none)."""
        t = self.target
        return capaian(t.indicator.polarity, self.value, *t.for_period(self.period_no))

    @property
    def period_label(self) -> str:
        period = self.target.agreement.period
        return period_labels(period.periodicity).get(self.period_no, str(self.period_no))

    def __str__(self) -> str:
        return f"{self.target} – {self.period_no}"


class ActivityReport(Audited, Versioned, TimestampMixin, db.Model):
    """Laporan kegiatan harian: one piece of work on one day, verified by the supervisor."""

    __tablename__ = "activity_report"
    __table_args__ = (
        Index("ix_activity_report_employee_date", "employee_id", "date"),
        Index("ix_activity_report_status_date", "status", "date"),
        # Pending (submitted) reports per employee: dashboards count them per unit and per
        # supervisor's staff from this index alone.
        Index("ix_activity_report_status_employee", "status", "employee_id", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    date: Mapped[date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(Text)
    duration_minutes: Mapped[int] = mapped_column(Integer, index=True)  # a sortable list column
    output_quantity: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    output_unit: Mapped[str | None] = mapped_column(String(50))
    target_id: Mapped[int | None] = mapped_column(ForeignKey("target.id", ondelete="SET NULL"),
                                                  index=True)
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    evidence_file: Mapped[str | None] = mapped_column(String(300))
    evidence_name: Mapped[str | None] = mapped_column(String(200))  # the uploaded file's name
    status: Mapped[str] = mapped_column(String(12), default="draft")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    review_comment: Mapped[str | None] = mapped_column(Text)
    # The id a phone gave a report written offline (app.daily): a report sent twice (a lost
    # answer, a retry, two tabs) is stored once. Deferred: only app.daily reads it, and the
    # data migrations that load reports through these models (appraisal_0004's frozen
    # versions) run on a schema that may not have it yet.
    offline_client_id: Mapped[str | None] = mapped_column(String(36), unique=True, index=True,
                                                          deferred=True)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    reviewer: Mapped[Employee | None] = relationship(foreign_keys=[reviewer_id])
    target: Mapped[Target | None] = relationship()

    def __str__(self) -> str:
        return f"{self.date} {self.description[:40]}"


class Holiday(Audited, TimestampMixin, db.Model):
    """A national holiday or cuti bersama (rows HR edits): daily reports on it are marked."""

    __tablename__ = "holiday"

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="national")  # or "cuti_bersama"

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


# Searching a million descriptions: a trigram index (SQLite FTS5, PostgreSQL pg_trgm).
fulltext.register(ActivityReport.__table__.c.description)
