"""Appraisal cycles and SKP (one per employee per cycle); tables prefixed `appraisal_`."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.mixins import Audited, TimestampMixin
from app.extensions import db
from app.i18n import _l
from app.org.models import Employee, WorkUnit

CYCLE_STATES = {
    "perencanaan": _l("Planning"),
    "pemantauan": _l("Monitoring"),
    "evaluasi": _l("Evaluation"),
    "selesai": _l("Finished"),
}
CYCLE_ORDER = list(CYCLE_STATES)


class AppraisalCycle(Audited, TimestampMixin, db.Model):
    __tablename__ = "appraisal_cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    periodicity: Mapped[str] = mapped_column(String(10), default="quarterly")
    state: Mapped[str] = mapped_column(String(12), default="perencanaan")
    acknowledgement_deadline: Mapped[date | None] = mapped_column(Date)

    @property
    def locked(self) -> bool:
        """A finished cycle is locked against edits (HR may reopen it)."""
        return self.state == "selesai"

    def __str__(self) -> str:
        return f"SKP {self.year}"


class Skp(Audited, TimestampMixin, db.Model):
    """Sasaran Kinerja Pegawai: the employee's plan for a cycle, with appraiser and superior."""

    __tablename__ = "appraisal_skp"
    __table_args__ = (
        UniqueConstraint("cycle_id", "employee_id"),
        Index("ix_appraisal_skp_appraiser_status", "appraiser_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("appraisal_cycle.id"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    appraiser_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    superior_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("work_unit.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="draft")

    cycle: Mapped[AppraisalCycle] = relationship()
    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    appraiser: Mapped[Employee | None] = relationship(foreign_keys=[appraiser_id])
    superior: Mapped[Employee | None] = relationship(foreign_keys=[superior_id])
    unit: Mapped[WorkUnit | None] = relationship()

    def __str__(self) -> str:
        return f"SKP {self.cycle.year if self.cycle else ''} {self.employee.name if self.employee else ''}"
