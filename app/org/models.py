"""Work units, positions, employees and the positions they held (`position_history`)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.core import configcache
from app.core.mixins import Audited, TimestampMixin
from app.core.versioning import Versioned
from app.extensions import db
from app.org.choices import POSITION_KINDS, UNIT_KINDS
from app.org.nip import normalise_nip, parse_nip


class WorkUnit(Audited, Versioned, TimestampMixin, db.Model):
    """Unit kerja / OPD: a node in the organisation tree, with a head."""

    __tablename__ = "work_unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="dinas")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("work_unit.id"), index=True)
    # use_alter breaks the unit <-> employee foreign-key cycle when tables are created.
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("employee.id", use_alter=True, ondelete="SET NULL"), index=True
    )
    is_service_unit: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[WorkUnit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[WorkUnit]] = relationship(back_populates="parent")
    head: Mapped[Employee | None] = relationship(foreign_keys=[head_id], post_update=True)
    employees: Mapped[list[Employee]] = relationship(
        back_populates="unit", foreign_keys="Employee.unit_id"
    )

    @property
    def kind_label(self) -> str:
        return str(UNIT_KINDS.get(self.kind, self.kind))

    def __str__(self) -> str:
        return self.name


class Position(Audited, Versioned, TimestampMixin, db.Model):
    """Jabatan: its kind sets the appraisal ladder; functional positions also carry a level."""

    __tablename__ = "position"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="pelaksana")
    level: Mapped[str | None] = mapped_column(String(20))

    @property
    def kind_label(self) -> str:
        return str(POSITION_KINDS.get(self.kind, self.kind))

    def __str__(self) -> str:
        return self.name


class Employee(Audited, Versioned, TimestampMixin, db.Model):
    """Pegawai ASN (PNS or PPPK)."""

    __tablename__ = "employee"
    __table_args__ = (Index("ix_employee_unit_active", "unit_id", "active"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    employment_type: Mapped[str] = mapped_column(String(4), default="pns")
    grade: Mapped[str | None] = mapped_column(String(10))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("work_unit.id"))
    position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("employee.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Days this person may back-date a daily report (HR's extension); None: the setting.
    backdate_days: Mapped[int | None] = mapped_column(Integer)

    unit: Mapped[WorkUnit | None] = relationship(back_populates="employees", foreign_keys=[unit_id])
    position: Mapped[Position | None] = relationship()
    supervisor: Mapped[Employee | None] = relationship(remote_side=[id], back_populates="staff")
    staff: Mapped[list[Employee]] = relationship(back_populates="supervisor")

    @validates("nip")
    def _validate_nip(self, key, value):
        parse_nip(value)   # either layout: the form and the import check it against the type
        return normalise_nip(value)

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"


class PositionHistory(db.Model):
    """A position an employee held, from `since` until `until` (inclusive; open: still held).
    Written by `app.org.history` on every change of `Employee.position`, never by hand; the
    name, kind and level are copied so that a later edit of the position changes no past."""

    __tablename__ = "position_history"
    __table_args__ = (Index("ix_position_history_employee_since", "employee_id", "since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id", ondelete="CASCADE"))
    position_id: Mapped[int | None] = mapped_column(
        ForeignKey("position.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20))
    since: Mapped[date | None] = mapped_column(Date)    # None: held before the history began
    until: Mapped[date | None] = mapped_column(Date)

    employee: Mapped[Employee] = relationship()
    position: Mapped[Position | None] = relationship()


# The unit tree is cached per process (app.org.tree): a change of a unit replaces the
# configuration version, so every worker re-reads it.
configcache.watch(WorkUnit)
