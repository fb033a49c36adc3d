"""The audit event table. Rows are only ever inserted; each carries the hash of the one before."""
from __future__ import annotations

import hashlib
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


def event_hash(prev_hash: str, at: datetime, user_id, username: str, action: str, entity: str,
               entity_id, changes: str) -> str:
    """SHA-256 over the previous hash and this event's fields, in a fixed canonical form."""
    stamp = normalise_time(at).isoformat(timespec="microseconds")
    payload = json.dumps(
        [prev_hash, stamp, user_id, username, action, entity, entity_id, changes],
        separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def normalise_time(at: datetime) -> datetime:
    """UTC without tzinfo: SQLite returns naive datetimes, PostgreSQL aware ones."""
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc).replace(tzinfo=None)
    return at
