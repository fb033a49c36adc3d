"""Record audit events: automatically on every flush of an audited model, or explicitly; and
verify the chain.

The listener runs inside the flush, on the same connection, so an event commits or rolls back
together with the change it describes. Each event's hash is an HMAC keyed with AUDIT_KEY.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from flask import has_request_context
from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Mapper, Session

from app.audit.key import audit_key
from app.audit.models import GENESIS, AuditEvent, event_hash, normalise_time
from app.core import signals
from app.i18n import utcnow

# Columns never written to the trail (secrets) or too noisy to be worth an event on their own.
ALWAYS_EXCLUDED = {"created_at", "updated_at", "version"}  # (version: app.core.versioning)
ADVISORY_LOCK_KEY = 7_262_026  # serialises the hash chain on PostgreSQL


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return sorted(str(v) for v in value)
    return value


def _actor() -> tuple[int | None, str]:
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id, current_user.username
        return None, "anonim"
    return None, "sistem"


def _excluded(obj) -> set[str]:
    return ALWAYS_EXCLUDED | set(getattr(obj, "__audit_exclude__", ()))


def _column_values(obj) -> dict:
    state = inspect(obj)
    skip = _excluded(obj)
    values = {}
    for prop in state.mapper.column_attrs:
        if prop.key in skip:
            continue
        if prop.deferred and prop.key in state.unloaded:
            continue   # (a deferred column never read: loading it after a DELETE would fail)
        value = getattr(obj, prop.key, None)
        if value is not None:
            values[prop.key] = _jsonable(value)
    return values


def _diff(obj) -> dict:
    """{field: [old, new]} for changed columns and many-to-many collections."""
    state = inspect(obj)
    skip = _excluded(obj)
    changes = {}
    for prop in state.mapper.column_attrs:
        if prop.key in skip:
            continue
        hist = state.attrs[prop.key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if _jsonable(old) != _jsonable(new):
                changes[prop.key] = [_jsonable(old), _jsonable(new)]
    for rel in state.mapper.relationships:
        if rel.secondary is None or rel.key in skip:
            continue
        hist = state.attrs[rel.key].history
        if hist.added or hist.deleted:
            unchanged = [str(v) for v in hist.unchanged]
            changes[rel.key] = [sorted(unchanged + [str(v) for v in hist.deleted]),
                                sorted(unchanged + [str(v) for v in hist.added])]
    return changes


def _identity(obj) -> str | None:
    # New objects have their primary key but no identity key yet inside after_flush.
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(i) for i in ident) if any(i is not None for i in ident) else None


def _keep_old_value(target, value, oldvalue, initiator):
    return value


@event.listens_for(Mapper, "mapper_configured")
def _track_old_values(mapper, class_) -> None:
    """Load the old value of an audited column before it is overwritten, even on an expired
    object, so the trail records [old, new] and not [None, new]."""
    if getattr(class_, "__audited__", False):
        for prop in mapper.column_attrs:
            event.listen(getattr(class_, prop.key), "set", _keep_old_value,
                         active_history=True, retval=True)


@event.listens_for(Session, "after_flush")
def _record_flush(session: Session, flush_context) -> None:
    events = []
    for obj in session.new:
        if getattr(obj, "__audited__", False):
            events.append(("create", obj, _column_values(obj)))
    for obj in session.dirty:
        if getattr(obj, "__audited__", False) and session.is_modified(obj):
            changes = _diff(obj)
            if changes:
                events.append(("update", obj, changes))
    for obj in session.deleted:
        if getattr(obj, "__audited__", False):
            events.append(("delete", obj, _column_values(obj)))
    if events:
        append_events(session, [(a, o.__tablename__, _identity(o), c) for a, o, c in events])
        user_id = _actor()[0]
        for action, obj, changes in events:
            if action == "create":
                signals.record_created.send(type(obj), record=obj, user_id=user_id)
            elif action == "update":
                signals.record_changed.send(type(obj), record=obj, changes=changes,
                                            user_id=user_id)


def append_events(session: Session, rows: list[tuple[str, str, str | None, dict]]) -> None:
    """Insert events (action, entity, entity_id, changes) at the end of the hash chain."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
    prev = conn.execute(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar() or GENESIS
    user_id, username = _actor()
    at = normalise_time(utcnow())
    table = AuditEvent.__table__
    key = audit_key()
    events = []
    for action, entity, entity_id, changes in rows:
        body = json.dumps(changes, sort_keys=True, ensure_ascii=False, default=str)
        digest = event_hash(key, prev, at, user_id, username, action, entity, entity_id, body)
        events.append({"at": at, "user_id": user_id, "username": username, "action": action,
                       "entity": entity, "entity_id": entity_id, "changes": body,
                       "prev_hash": prev, "hash": digest})
        prev = digest
    # One statement for all of them, in chain order (executemany keeps the order, so the ids
    # follow the chain): one compiled INSERT per event cost half of a 10,000-row import.
    conn.execute(table.insert(), events)
    from app.audit.checkpoint import checkpoint_if_due

    checkpoint_if_due(session, "daily")


def record(action: str, entity: str, entity_id=None, **changes) -> None:
    """Record an event that is not a row change (a login, a transition, an import)."""
    from app.extensions import db

    append_events(db.session, [(action, entity, None if entity_id is None else str(entity_id),
                                changes)])


def verify(session: Session, hash_fn=None):
    """Walk the chain in order and hold it against every signed checkpoint; return a
    `Verdict`. `hash_fn` (default: the keyed event hash) serves re-keying."""
    from app.audit.checkpoint import Verdict, load_checkpoints

    if hash_fn is None:
        key = audit_key()

        def hash_fn(*fields):
            return event_hash(key, *fields)

    checkpoints, forged = load_checkpoints(session)
    if forged is not None:
        return Verdict(0, None, "forged", forged)
    by_count = {}
    for cp in checkpoints:
        by_count.setdefault(cp.event_count, []).append(cp)
    prev = GENESIS
    checked = 0
    for ev in session.execute(select(AuditEvent).order_by(AuditEvent.id)
                              .execution_options(yield_per=1000)).scalars():
        if ev.prev_hash != prev:
            return Verdict(checked, ev, "prev")
        expected = hash_fn(ev.prev_hash, ev.at, ev.user_id, ev.username, ev.action,
                           ev.entity, ev.entity_id, ev.changes)
        if expected != ev.hash:
            return Verdict(checked, ev, "hash")
        prev = ev.hash
        checked += 1
        for cp in by_count.get(checked, ()):
            if cp.head_hash != ev.hash or cp.last_event_id != ev.id:
                return Verdict(checked, ev, "diverged", cp)
    for cp in checkpoints:
        if cp.event_count > checked:
            return Verdict(checked, None, "truncated", cp)
    return Verdict(checked, None, "", head_id=ev.id if checked else None, head_hash=prev)
