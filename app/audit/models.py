"""The audit tables. Events are only ever inserted; each carries an HMAC over the one before it,
keyed with AUDIT_KEY (kept outside the database), so nobody holding only the database can
rewrite history and recompute a chain that verifies. Checkpoints are signed snapshots of the
chain's head (how many events, the newest hash): truncating the chain after one is detected.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

GENESIS = "0" * 64


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    username: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20), index=True)
    entity: Mapped[str] = mapped_column(String(60), index=True)
    entity_id: Mapped[str | None] = mapped_column(String(40))
    changes: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    @property
    def changes_dict(self) -> dict:
        return json.loads(self.changes or "{}")


class AuditCheckpoint(db.Model):
    """A signed statement "at `at` the chain held `event_count` events ending in `head_hash`"
    (the newest event's id is `last_event_id`). Also written to the application log."""
    __tablename__ = "audit_checkpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    event_count: Mapped[int] = mapped_column(Integer)
    last_event_id: Mapped[int | None] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(String(20))
    signature: Mapped[str] = mapped_column(String(64))


def _mac(key: bytes, purpose: str, fields: list) -> str:
    """HMAC-SHA256 over a purpose label and the fields in a fixed canonical form (the label
    keeps an event hash from ever passing for a checkpoint signature and back)."""
    payload = json.dumps([purpose, *fields], separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def event_hash(key: bytes, prev_hash: str, at: datetime, user_id, username: str, action: str,
               entity: str, entity_id, changes: str) -> str:
    """HMAC-SHA256 (keyed with AUDIT_KEY) over the previous hash and this event's fields."""
    stamp = normalise_time(at).isoformat(timespec="microseconds")
    return _mac(key, "event", [prev_hash, stamp, user_id, username, action, entity, entity_id,
                               changes])


def unkeyed_event_hash(prev_hash: str, at: datetime, user_id, username: str, action: str,
                       entity: str, entity_id, changes: str) -> str:
    """The plain SHA-256 of chains written before the key (migration 0006 re-keys them)."""
    stamp = normalise_time(at).isoformat(timespec="microseconds")
    payload = json.dumps(
        [prev_hash, stamp, user_id, username, action, entity, entity_id, changes],
        separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def checkpoint_signature(key: bytes, at: datetime, event_count: int, last_event_id,
                         head_hash: str, reason: str) -> str:
    stamp = normalise_time(at).isoformat(timespec="microseconds")
    return _mac(key, "checkpoint", [stamp, event_count, last_event_id, head_hash, reason])


def normalise_time(at: datetime) -> datetime:
    """UTC without tzinfo: SQLite returns naive datetimes, PostgreSQL aware ones."""
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc).replace(tzinfo=None)
    return at
