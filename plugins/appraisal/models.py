"""Appraisal data (tables prefixed `appraisal_`): cycles and SKP (one per employee per cycle)
with their RHK (linked to the unit's Perjanjian Kinerja targets or to the appraiser's RHK),
individual indicators (IKI) and behaviour expectations; evaluations per period (0 = the annual
one) with realisasi, feedback and objections; coaching dialogues; signatures HR records for
signers outside the system; daily reports linked to an RHK; the unit predikat per period;
angka kredit coefficients; the frozen versions of signed evaluations (with the PDF of the final
ones)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary,
                        Numeric, String, Text, UniqueConstraint, event, select, true)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.core.mixins import Audited, TimestampMixin
from app.core.versioning import Versioned
from app.extensions import db
from app.i18n import _l, utcnow
from app.org.models import Employee, WorkUnit
from app.performance.models import ActivityReport, Target

CYCLE_STATES = {
    "perencanaan": _l("Planning"),
    "pemantauan": _l("Monitoring"),
    "evaluasi": _l("Evaluation"),
    "selesai": _l("Finished"),
}
CYCLE_ORDER = list(CYCLE_STATES)
FINISHED = CYCLE_ORDER[-1]  # the stage in which a cycle is locked


class AppraisalCycle(Audited, Versioned, TimestampMixin, db.Model):
    __tablename__ = "appraisal_cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    periodicity: Mapped[str] = mapped_column(String(10), default="quarterly")
    state: Mapped[str] = mapped_column(String(12), default="perencanaan")
    # Settings of the cycle (DOMAIN 3): the employee acknowledges an evaluation within
    # `acknowledgement_days` after its period ends (in WIT), may object within `objection_days`
    # after the appraiser signs; a period's evaluation opens `opening_months` before the
    # period ends (1: in its last month); staff RHK utama name the RHK they support (and a
    # head of unit's the PK targets) unless `require_cascade` is off.
    acknowledgement_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    objection_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    opening_months: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    require_cascade: Mapped[bool] = mapped_column(Boolean, default=True,
                                                  server_default=true())

    @property
    def locked(self) -> bool:
        """A finished cycle is locked against edits (HR may reopen it)."""
        return self.state == FINISHED

    def __str__(self) -> str:
        return f"SKP {self.year}"


class Skp(Audited, Versioned, TimestampMixin, db.Model):
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
    # An appraiser or superior outside the system (a political official such as the Bupati):
    # named here, with no employee; HR records their signatures. Neither set: there is none.
    appraiser_name: Mapped[str | None] = mapped_column(String(200))
    appraiser_position: Mapped[str | None] = mapped_column(String(200))
    superior_name: Mapped[str | None] = mapped_column(String(200))
    superior_position: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("work_unit.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    # JPT plans measure their indicators by perspektif instead of aspek (DOMAIN 3).
    jpt: Mapped[bool] = mapped_column(Boolean, default=False)
    # The appendix (lampiran).
    resources: Mapped[str | None] = mapped_column(Text)       # dukungan sumber daya
    accountability: Mapped[str | None] = mapped_column(Text)  # skema pertanggungjawaban
    consequences: Mapped[str | None] = mapped_column(Text)    # konsekuensi

    cycle: Mapped[AppraisalCycle] = relationship()
    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    appraiser: Mapped[Employee | None] = relationship(foreign_keys=[appraiser_id])
    superior: Mapped[Employee | None] = relationship(foreign_keys=[superior_id])
    unit: Mapped[WorkUnit | None] = relationship()
    rhks: Mapped[list[Rhk]] = relationship(back_populates="skp", cascade="all, delete-orphan",
                                           order_by="(Rhk.kind.desc(), Rhk.id)")
    expectations: Mapped[list[Expectation]] = relationship(
        back_populates="skp", cascade="all, delete-orphan", order_by="Expectation.id")

    def __str__(self) -> str:
        return f"SKP {self.cycle.year if self.cycle else ''} {self.employee.name if self.employee else ''}"


RHK_KINDS = {"utama": _l("Main (utama)"), "tambahan": _l("Additional (tambahan)")}


class Rhk(Audited, Versioned, TimestampMixin, db.Model):
    """Rencana hasil kerja, optionally supporting an RHK of the appraiser (intervensi)."""

    __tablename__ = "appraisal_rhk"

    id: Mapped[int] = mapped_column(primary_key=True)
    skp_id: Mapped[int] = mapped_column(ForeignKey("appraisal_skp.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="utama")
    text: Mapped[str] = mapped_column(String(500))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("appraisal_rhk.id"), index=True)

    skp: Mapped[Skp] = relationship(back_populates="rhks")
    parent: Mapped[Rhk | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Rhk]] = relationship(back_populates="parent", order_by="Rhk.id")
    indicators: Mapped[list[Iki]] = relationship(
        back_populates="rhk", cascade="all, delete-orphan", order_by="Iki.id")
    target_links: Mapped[list[RhkTarget]] = relationship(
        back_populates="rhk", cascade="all, delete-orphan", order_by="RhkTarget.target_id")

    def __str__(self) -> str:
        return self.text


class RhkTarget(Audited, db.Model):
    """A head of unit's RHK utama supports a target of the unit's Perjanjian Kinerja: where
    the cascade starts (DOMAIN 3)."""

    __tablename__ = "appraisal_rhk_target"

    rhk_id: Mapped[int] = mapped_column(ForeignKey("appraisal_rhk.id", ondelete="CASCADE"),
                                        primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("target.id", ondelete="CASCADE"),
                                           primary_key=True, index=True)

    rhk: Mapped[Rhk] = relationship(back_populates="target_links")
    # Deleting a PK target (a core view) deletes its links through the session, audited.
    target: Mapped[Target] = relationship(
        backref=backref("appraisal_rhk_links", cascade="all, delete-orphan"))


ASPECTS = {"kuantitas": _l("Quantity"), "kualitas": _l("Quality"), "waktu": _l("Time"),
           "biaya": _l("Cost")}
PERSPECTIVES = {"penerima_layanan": _l("Service recipients"),
                "proses_bisnis": _l("Business processes"),
                "penguatan_internal": _l("Internal strengthening"), "anggaran": _l("Budget")}
MEASURES = {**ASPECTS, **PERSPECTIVES}  # what an IKI measures by, in any plan


class Iki(Audited, Versioned, TimestampMixin, db.Model):
    """Indikator kinerja individu of an RHK: an aspek (or perspektif in JPT plans) and a
    target."""

    __tablename__ = "appraisal_indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    rhk_id: Mapped[int] = mapped_column(ForeignKey("appraisal_rhk.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    aspect: Mapped[str] = mapped_column(String(20))   # an ASPECTS or PERSPECTIVES code
    target: Mapped[str] = mapped_column(String(200))

    rhk: Mapped[Rhk] = relationship(back_populates="indicators")

    def __str__(self) -> str:
        return self.name


class Expectation(Audited, Versioned, TimestampMixin, db.Model):
    """Ekspektasi khusus pimpinan for one BerAKHLAK behaviour of an SKP."""

    __tablename__ = "appraisal_expectation"
    __table_args__ = (UniqueConstraint("skp_id", "behaviour"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    skp_id: Mapped[int] = mapped_column(ForeignKey("appraisal_skp.id"))
    behaviour: Mapped[str] = mapped_column(String(30))  # a behaviours.BEHAVIOURS code
    text: Mapped[str] = mapped_column(Text)

    skp: Mapped[Skp] = relationship(back_populates="expectations")


ANNUAL = 0  # the period number of the annual evaluation


class Evaluation(Audited, Versioned, TimestampMixin, db.Model):
    """One periodic (period 1..n) or annual (period 0) evaluation of an SKP. The owner, the
    appraiser and the atasan pejabat penilai are copied from the SKP so that the workflow
    engine and the unit charts filter on indexed columns. `predikat` is always derived from
    the two ratings (`rules.predikat`) and is never typed."""

    __tablename__ = "appraisal_evaluation"
    __table_args__ = (
        UniqueConstraint("skp_id", "period"),
        Index("ix_appraisal_evaluation_appraiser_status", "appraiser_id", "status"),
        Index("ix_appraisal_evaluation_unit_period", "unit_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    skp_id: Mapped[int] = mapped_column(ForeignKey("appraisal_skp.id"))
    period: Mapped[int] = mapped_column(Integer)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    appraiser_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    superior_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("work_unit.id"))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    # The employee's acknowledgement deadline: the period's end plus the cycle's days (WIT).
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    hasil_kerja: Mapped[str | None] = mapped_column(String(10))  # a rules.RATINGS code
    perilaku: Mapped[str | None] = mapped_column(String(10))
    predikat: Mapped[str | None] = mapped_column(String(20), index=True)

    skp: Mapped[Skp] = relationship()
    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    appraiser: Mapped[Employee | None] = relationship(foreign_keys=[appraiser_id])
    superior: Mapped[Employee | None] = relationship(foreign_keys=[superior_id])
    unit: Mapped[WorkUnit | None] = relationship()
    realisations: Mapped[list[IkiRealisation]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="IkiRealisation.id")
    feedback: Mapped[list[Feedback]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="Feedback.id")

    def __str__(self) -> str:
        return f"{self.skp} – {self.period}"


@event.listens_for(Evaluation, "before_insert")
def _default_deadline(mapper, connection, target: Evaluation) -> None:
    """Every evaluation has its acknowledgement deadline, however it was made (the start page
    sets it; rows made by the demo, a test or a script get it here)."""
    if target.deadline is not None:
        return
    from plugins.appraisal.periods import deadline

    skp = target.__dict__.get("skp")      # (set, not lazily loaded inside the flush)
    cycle = skp.__dict__.get("cycle") if skp is not None else None
    if cycle is None and target.skp_id is not None:
        cycle = connection.execute(select(
            AppraisalCycle.year, AppraisalCycle.periodicity,
            AppraisalCycle.acknowledgement_days).join(Skp, Skp.cycle_id == AppraisalCycle.id)
            .where(Skp.id == target.skp_id)).first()
    if cycle is not None:
        target.deadline = deadline(cycle, target.period)


class IkiRealisation(Audited, Versioned, TimestampMixin, db.Model):
    """Realisasi of one IKI in one evaluation, with evidence."""

    __tablename__ = "appraisal_realisation"
    __table_args__ = (UniqueConstraint("evaluation_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("appraisal_evaluation.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("appraisal_indicator.id"), index=True)
    value: Mapped[str] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    evidence_file: Mapped[str | None] = mapped_column(String(300))

    evaluation: Mapped[Evaluation] = relationship(back_populates="realisations")
    indicator: Mapped[Iki] = relationship()


class Feedback(Audited, Versioned, TimestampMixin, db.Model):
    """Umpan balik berkelanjutan of the appraiser, on an RHK or on a behaviour."""

    __tablename__ = "appraisal_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("appraisal_evaluation.id"), index=True)
    rhk_id: Mapped[int | None] = mapped_column(ForeignKey("appraisal_rhk.id"))
    behaviour: Mapped[str | None] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)

    evaluation: Mapped[Evaluation] = relationship(back_populates="feedback")
    rhk: Mapped[Rhk | None] = relationship()


class ReportLink(Audited, db.Model):
    """A daily activity report counted towards an RHK (each report supports at most one)."""

    __tablename__ = "appraisal_report_link"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("activity_report.id", ondelete="CASCADE"), primary_key=True)
    rhk_id: Mapped[int] = mapped_column(ForeignKey("appraisal_rhk.id", ondelete="CASCADE"),
                                        index=True)

    rhk: Mapped[Rhk] = relationship()
    # Deleting a daily report (a core view) deletes its link through the session, so that the
    # audit trail records it: the database's ON DELETE CASCADE alone would not.
    report: Mapped[ActivityReport] = relationship(
        backref=backref("appraisal_links", cascade="all, delete-orphan"))


class UnitPredikat(Audited, Versioned, TimestampMixin, db.Model):
    """The organisation predikat HR sets for a unit in a cycle period (0 = annual)."""

    __tablename__ = "appraisal_unit_predikat"
    __table_args__ = (UniqueConstraint("cycle_id", "unit_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("appraisal_cycle.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("work_unit.id"), index=True)
    period: Mapped[int] = mapped_column(Integer, default=ANNUAL)
    predikat: Mapped[str] = mapped_column(String(20))  # a rules.ORG_PREDIKATS code
    # What the unit's PK capaian proposed when HR saved it, and HR's reason for another one.
    capaian: Mapped[Decimal | None] = mapped_column(Numeric(9, 2))
    proposed: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)

    cycle: Mapped[AppraisalCycle] = relationship()
    unit: Mapped[WorkUnit] = relationship()


class CreditCoefficient(Audited, Versioned, TimestampMixin, db.Model):
    """The annual angka kredit coefficient of a functional jenjang (HR edits the defaults)."""

    __tablename__ = "appraisal_coefficient"

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(20), unique=True)  # an org FUNCTIONAL_LEVELS code
    coefficient: Mapped[Decimal] = mapped_column(Numeric(8, 3))


class ExternalSignature(Audited, Versioned, TimestampMixin, db.Model):
    """A signature HR records on behalf of a signer outside the system (e.g. the Bupati):
    who signed, as what, and when, for the step that moved the record to `step` (a state
    code of the SKP or evaluation workflow, or "decided" for an objection's decision)."""

    __tablename__ = "appraisal_external_signature"
    __table_args__ = (Index("ix_appraisal_external_signature_record", "entity", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(200))
    signed_on: Mapped[date] = mapped_column(Date)


OBJECTION_DECISIONS = {"uphold": _l("Uphold the ratings"), "change": _l("Change the ratings")}


class Objection(Audited, Versioned, TimestampMixin, db.Model):
    """Keberatan: the employee's reasons against the ratings, the ratings objected to, and the
    atasan pejabat penilai's decision (uphold or change) with reasons."""

    __tablename__ = "appraisal_objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("appraisal_evaluation.id"),
                                               unique=True)
    reasons: Mapped[str] = mapped_column(Text)
    hasil_kerja: Mapped[str | None] = mapped_column(String(10))
    perilaku: Mapped[str | None] = mapped_column(String(10))
    predikat: Mapped[str | None] = mapped_column(String(20))
    decision: Mapped[str | None] = mapped_column(String(10))   # an OBJECTION_DECISIONS code
    decision_reasons: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_on: Mapped[date | None] = mapped_column(Date)

    evaluation: Mapped[Evaluation] = relationship()


class Dialogue(Audited, Versioned, TimestampMixin, db.Model):
    """Dialog kinerja: a coaching session of the appraiser and the employee on an SKP."""

    __tablename__ = "appraisal_dialogue"

    id: Mapped[int] = mapped_column(primary_key=True)
    skp_id: Mapped[int] = mapped_column(ForeignKey("appraisal_skp.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    topics: Mapped[str] = mapped_column(Text)
    actions: Mapped[str | None] = mapped_column(Text)           # the agreed follow-up
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))

    skp: Mapped[Skp] = relationship()
    recorded_by: Mapped[Employee | None] = relationship()


class EvaluationSnapshot(db.Model):
    """What a signed evaluation shows, frozen when the appraiser signs (`snapshots`): a legal
    record that never changes afterwards. `content` holds the document (JSON: people, plan,
    realisasi, feedback, linked reports, ratings, coefficient, governing unit predikat);
    the columns beside it are what lists filter and sort on. A return, an objection decided
    or HR's correction makes a new version; the old one stays, marked superseded. The PDF of
    a final version is made once and kept with its SHA-256 (also in the audit trail).

    Rows are written by `snapshots` only and never edited but to mark them superseded or to
    attach the PDF once; the audit trail records each of those events."""

    __tablename__ = "appraisal_evaluation_snapshot"
    __table_args__ = (UniqueConstraint("evaluation_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("appraisal_evaluation.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)        # why this version was made
    content: Mapped[str] = mapped_column(Text)
    employee_name: Mapped[str] = mapped_column(String(200))
    employee_nip: Mapped[str] = mapped_column(String(30))
    position_kind: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(20))   # the jenjang when signed
    predikat: Mapped[str | None] = mapped_column(String(20))
    coefficient: Mapped[Decimal | None] = mapped_column(Numeric(8, 3))
    credit: Mapped[Decimal | None] = mapped_column(Numeric(10, 3))  # if it becomes final
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_reason: Mapped[str | None] = mapped_column(Text)

    evaluation: Mapped[Evaluation] = relationship()
