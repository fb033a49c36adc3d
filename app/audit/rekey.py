"""Re-key the audit chain: check every event (and checkpoint) under the old key, then rewrite
the hashes and signatures under the new one, in one transaction. A key of None means the plain
SHA-256 of chains written before the key existed (migration 0006 re-keys those). A chain that
does not verify under the old key is refused: re-keying must never launder a forgery."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.audit import triggers
from app.audit.models import GENESIS, checkpoint_signature, event_hash, unkeyed_event_hash

# The tables as this code knows them (a migration must not depend on today's models).
AT = sa.column("at", sa.DateTime(timezone=True))
EVENTS = sa.table("audit_event", AT, *(sa.column(c) for c in (
    "id", "user_id", "username", "action", "entity", "entity_id", "changes", "prev_hash",
    "hash")))
CHECKPOINTS = sa.table("audit_checkpoint", sa.column("at", sa.DateTime(timezone=True)),
                       *(sa.column(c) for c in ("id", "event_count", "last_event_id",
                                                "head_hash", "reason", "signature")))


class RekeyRefused(RuntimeError):
    pass


def _hasher(key: bytes | None):
    if key is None:
        return unkeyed_event_hash
    return lambda *fields: event_hash(key, *fields)


def rekey(conn: Connection, old_key: bytes | None, new_key: bytes | None,
          with_checkpoints: bool = True) -> int:
    """Rewrite the chain from `old_key` to `new_key`; return the number of events."""
    old_hash, new_hash = _hasher(old_key), _hasher(new_key)
    rows = conn.execute(sa.select(EVENTS).order_by(EVENTS.c.id)).all()
    renamed = {GENESIS: GENESIS}
    old_prev = new_prev = GENESIS
    updates = []
    for row in rows:
        fields = (row.at, row.user_id, row.username, row.action, row.entity, row.entity_id,
                  row.changes)
        if row.prev_hash != old_prev or old_hash(row.prev_hash, *fields) != row.hash:
            raise RekeyRefused(
                f"Re-keying refused: audit event #{row.id} does not verify under the old key "
                "(the chain was altered, or the old key is wrong). Nothing was changed.")
        digest = new_hash(new_prev, *fields)
        updates.append({"b_id": row.id, "b_prev": new_prev, "b_hash": digest})
        renamed[row.hash] = digest
        old_prev, new_prev = row.hash, digest
    checkpoints = conn.execute(sa.select(CHECKPOINTS).order_by(CHECKPOINTS.c.id)).all() \
        if with_checkpoints else []
    signed = []
    for cp in checkpoints:
        if old_key is None or new_key is None or cp.head_hash not in renamed or \
                checkpoint_signature(old_key, cp.at, cp.event_count, cp.last_event_id,
                                     cp.head_hash, cp.reason) != cp.signature:
            raise RekeyRefused(
                f"Re-keying refused: audit checkpoint #{cp.id} does not hold under the old key. "
                "Nothing was changed.")
        head = renamed[cp.head_hash]
        signed.append({"b_id": cp.id, "b_head": head, "b_sig": checkpoint_signature(
            new_key, cp.at, cp.event_count, cp.last_event_id, head, cp.reason)})
    guarded = triggers.installed(conn)
    if guarded:
        triggers.remove(conn)
    if updates:
        conn.execute(EVENTS.update().where(EVENTS.c.id == sa.bindparam("b_id")).values(
            prev_hash=sa.bindparam("b_prev"), hash=sa.bindparam("b_hash")), updates)
    if signed:
        conn.execute(CHECKPOINTS.update().where(CHECKPOINTS.c.id == sa.bindparam("b_id")).values(
            head_hash=sa.bindparam("b_head"), signature=sa.bindparam("b_sig")), signed)
    if guarded:
        triggers.install(conn)
    return len(rows)
