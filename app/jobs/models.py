"""The job table: one row per piece of background work people may want to see, retry or
download (exports, e-mails). Huey's own queue holds only the job's id."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.i18n import _l, utcnow

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATES = {QUEUED: _l("Queued"), RUNNING: _l("Running"), DONE: _l("Done"), FAILED: _l("Failed")}
KINDS = {"export": _l("Export"), "mail": _l("E-mail")}  # plugins' kinds show by their code


class Job(db.Model):
    __tablename__ = "job"
    __table_args__ = (Index("ix_job_state_created", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    # Who asked (None: the system); only they may download the result.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default=QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # per cent
    total: Mapped[int | None] = mapped_column(Integer)  # rows, when known
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    result_path: Mapped[str | None] = mapped_column(String(300))  # under JOBS_RESULTS_DIR
    result_name: Mapped[str | None] = mapped_column(String(200))  # the download's file name
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user = relationship("User", lazy="joined")

    def __str__(self) -> str:
        return f"#{self.id} {self.title or self.kind}"
