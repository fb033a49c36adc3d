"""Summary tables of the daily activity reports, read by the dashboards instead of the report
table: counts and minutes per employee, day and state, and per work unit, day and state; and
the same per employee and per unit and state over all days (for "awaiting verification").

They hold nothing of their own: `app.dashboard.summaries` keeps them current in the same
transaction as every write of a report (so a dashboard never disagrees with the lists), and
`flask summaries rebuild` recomputes them from the reports. A group whose count falls to zero is
deleted, so the tables stay as small as the data they summarise.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class EmployeeDaySummary(db.Model):
    """Reports and minutes of one employee on one day in one state."""

    __tablename__ = "summary_employee_day"
    __table_args__ = (
        # Reports sent today, across everyone: by day first (the key serves per-person reads).
        Index("ix_summary_employee_day_day_status", "day", "status", "employee_id"),
    )

    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(Integer, default=0)


class UnitDaySummary(db.Model):
    """Reports and minutes of one work unit's staff (by their unit today) on one day in one
    state. Employees without a unit are left out, as the dashboards' per-unit figures do."""

    __tablename__ = "summary_unit_day"
    __table_args__ = (
        Index("ix_summary_unit_day_status_day", "status", "day", "unit_id"),
    )

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("work_unit.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(Integer, default=0)


class EmployeeStateSummary(db.Model):
    """Reports and minutes of one employee in one state, all days together (what awaits
    verification now, per person)."""

    __tablename__ = "summary_employee_state"

    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(Integer, default=0)


class UnitStateSummary(db.Model):
    """Reports and minutes of one unit's staff in one state, all days together (what awaits
    verification now, per unit: a handful of rows instead of a year of days)."""

    __tablename__ = "summary_unit_state"
    __table_args__ = (Index("ix_summary_unit_state_status", "status", "unit_id"),)

    unit_id: Mapped[int] = mapped_column(
        ForeignKey("work_unit.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    reports: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[int] = mapped_column(Integer, default=0)
