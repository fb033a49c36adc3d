"""Record versions against lost updates (optimistic locking).

A `Versioned` model carries a `version` counter that SQLAlchemy checks and advances on every
ORM UPDATE (`version_id_col`): `UPDATE ... SET version = n + 1 WHERE id = ? AND version = n`.
An edit form carries the version it was drawn from, so a save made from a page older than the
record changes nothing (app.admin.versioning says who changed it, and when). SQL UPDATEs written
by hand (the workflow engine's conditional transition) advance it with `bumped()`.
"""
from __future__ import annotations

from sqlalchemy import Integer, event, inspect
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

VERSION = "version"


class Versioned:
    """Mixin: a version counter, starting at 1, that every change of the row advances."""

    # No server default here (the migrations give existing rows 1): with one, SQLAlchemy takes
    # the version for server-generated and reads it back with UPDATE .. RETURNING, which SQLite
    # refuses for the batched UPDATEs of `post_update` relations (a unit's head).
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.version}


def is_versioned(model_or_record) -> bool:
    cls = model_or_record if isinstance(model_or_record, type) else type(model_or_record)
    return issubclass(cls, Versioned)


def parse_version(value) -> int | None:
    """A version sent by a form, or None when there is none (or it is no whole number)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def bumped(model) -> dict:
    """Extra values for an SQL `update(model)`: the version advances as with an ORM UPDATE."""
    return {VERSION: getattr(model, VERSION) + 1} if is_versioned(model) else {}


def advanced(record) -> None:
    """After an SQL UPDATE with `bumped()` of `record`'s row: the session's copy of the record
    takes the new version, so that a later ORM change of it in this transaction is no
    "stale" conflict with itself."""
    if is_versioned(record) and VERSION in inspect(record).dict:
        set_committed_value(record, VERSION, record.version + 1)


def force_new_version(record) -> None:
    """Make the next flush UPDATE `record` (and so advance its version) even when none of its
    own columns changed: a save that changed only its child rows (inline forms, custom field
    values, feedback) is a change of the record too."""
    if hasattr(record, "updated_at"):
        from app.i18n import utcnow

        record.updated_at = utcnow()   # (a column the audit trail leaves out)
        return
    from sqlalchemy.orm.attributes import flag_modified

    state = inspect(record)
    flag_modified(record, next(p.key for p in state.mapper.column_attrs
                               if p.key != VERSION and p.key in state.dict))


# A record being saved from a form: any other row its save changes (child rows, custom field
# values) advances its version too, once per transaction; see `guard`.
_GUARDED = "versioning_guarded"


def guard(session, record, on_advance=None) -> None:
    """`record` is being saved from a form in this transaction: when the save changes other
    rows but not the record's own columns, its version still advances (so a second tab
    holding the old version is refused, whatever part of the record it changed), and
    `on_advance(record, others)` hears of it (the other rows changed), inside the flush."""
    if is_versioned(record):
        session.info.setdefault(_GUARDED, {})[id(record)] = [record, False, on_advance]


@event.listens_for(Session, "before_flush")
def _advance_guarded(session, flush_context, instances) -> None:
    guarded = session.info.get(_GUARDED)
    if not guarded:
        return
    for entry in guarded.values():
        record, advanced_already, on_advance = entry
        if advanced_already or record in session.deleted:
            continue
        if record in session.dirty and session.is_modified(record):
            entry[1] = True       # its own UPDATE advances the version
            continue
        others = [o for o in (*session.new, *session.deleted, *(
            o for o in session.dirty if session.is_modified(o))) if o is not record]
        if others:
            force_new_version(record)
            entry[1] = True
            if on_advance is not None:
                on_advance(record, others)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget_guarded(session) -> None:
    session.info.pop(_GUARDED, None)
