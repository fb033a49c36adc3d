"""Signed checkpoints of the audit chain's head, and the verdict of a verification.

A checkpoint says "the chain held N events ending in hash H", signed with AUDIT_KEY, in the
`audit_checkpoint` table and as a line of the `app.audit` log (a copy outside the database).
One is written on every successful verify, by `flask audit checkpoint` (cron), and at the next
audited write once the newest is older than AUDIT_CHECKPOINT_EVERY (a day). Verify holds the
chain against each: fewer events than a checkpoint counted means the newest were deleted.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from app.audit.key import audit_key
from app.audit.models import (GENESIS, AuditCheckpoint, AuditEvent, checkpoint_signature,
                              normalise_time)
from app.i18n import utcnow

log = logging.getLogger("app.audit")
PENDING = "audit_checkpoints_to_log"


@dataclass
class Verdict:
    """The result of `app.audit.trail.verify`: `checked` events intact in order; if not `ok`,
    the first `broken` event (None when events are missing at the end) and why: "prev" (does
    not follow the one before: deleted or reordered), "hash" (altered), "diverged" (differs from
    what `checkpoint` signed), "truncated" (fewer events than `checkpoint` counted), "forged"
    (a checkpoint whose signature does not hold)."""
    checked: int
    broken: AuditEvent | None
    reason: str
    checkpoint: AuditCheckpoint | None = None
    head_id: int | None = None  # the newest event checked (signed by verify's checkpoint)
    head_hash: str = GENESIS

    @property
    def ok(self) -> bool:
        return not self.reason


def load_checkpoints(session: Session, key: bytes | None = None):
    """Every checkpoint in order, and the first whose signature does not hold (or None)."""
    key = key or audit_key()
    checkpoints = session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.id)).all()
    for cp in checkpoints:
        expected = checkpoint_signature(key, cp.at, cp.event_count, cp.last_event_id,
                                        cp.head_hash, cp.reason)
        if expected != cp.signature:
            return checkpoints, cp
    return checkpoints, None


def write_checkpoint(session: Session, reason: str, count: int | None = None,
                     last_event_id: int | None = None, head_hash: str | None = None) -> None:
    """Sign and store the head (by default the chain as it is now); the log line follows when
    the transaction commits, so a rolled-back checkpoint is never announced."""
    conn = session.connection()
    if count is None:
        count = conn.execute(select(func.count()).select_from(AuditEvent)).scalar()
        last_event_id, head_hash = conn.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        ).first() or (None, GENESIS)
    at = normalise_time(utcnow())
    signature = checkpoint_signature(audit_key(), at, count, last_event_id, head_hash, reason)
    new_id = conn.execute(AuditCheckpoint.__table__.insert().values(
        at=at, event_count=count, last_event_id=last_event_id, head_hash=head_hash,
        reason=reason, signature=signature)).inserted_primary_key[0]
    session.info.setdefault(PENDING, []).append(
        f"audit checkpoint #{new_id} at={at.isoformat()}Z events={count} "
        f"last_event={last_event_id} head={head_hash} reason={reason} signature={signature}")


def checkpoint_if_due(session: Session, reason: str) -> None:
    """Write a checkpoint when none is younger than AUDIT_CHECKPOINT_EVERY."""
    newest = session.connection().execute(
        select(AuditCheckpoint.at).order_by(AuditCheckpoint.id.desc()).limit(1)).scalar()
    every = timedelta(seconds=current_app.config["AUDIT_CHECKPOINT_EVERY"])
    if newest is None or normalise_time(newest) <= normalise_time(utcnow()) - every:
        write_checkpoint(session, reason)


def lock_chain(session: Session) -> None:
    """Serialise with writers of the chain (PostgreSQL; SQLite serialises writes anyway)."""
    from app.audit.trail import ADVISORY_LOCK_KEY

    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK_KEY})


@event.listens_for(Session, "after_commit")
def _log_checkpoints(session: Session) -> None:
    for line in session.info.pop(PENDING, []):
        log.info(line)


@event.listens_for(Session, "after_rollback")
def _forget_checkpoints(session: Session) -> None:
    session.info.pop(PENDING, None)
