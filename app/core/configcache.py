"""Configuration rows (custom fields, workflow definitions) read once per process, refreshed
by a version that every change of them replaces, in the database so every worker sees it.

Why: every list page needed its entity's custom fields and workflow definition (four
statements) on every request, so that an edit by HR showed on the next page. Now the rows are
kept in the process as plain snapshots (`Snapshot`, no session attached) and re-read only when
the version changes.

The version is one row of `config_version`, a random token (not a counter: a transaction that
bumped and then rolled back could otherwise hand a later, different change the same number,
and a worker that had cached the rolled-back rows would keep them). It changes in the same
transaction as the change itself: a `before_flush` listener replaces it whenever a watched
model (`watch`) is added, changed or deleted through the ORM, whoever makes the change (the
back-office forms, the configuration import, `flask workflows seed`, a plugin's code).

Checking it costs no statement: the query that loads the logged-in user on every request
(app.auth.sessions) reads the token as one more column, a scalar subquery on a one-row table
(`version_column`), and leaves it in `g` for the rest of the request (`note`). Outside a request
(commands, jobs) or before the user is loaded, `current()` reads it with its own small query.
A TTL would serve stale configuration for its length after each change, and Redis would add a
service to every installation for a question the database answers in the same round trip.
"""
from __future__ import annotations

import secrets
import threading
from typing import Callable

from flask import g, has_app_context, has_request_context
from sqlalchemy import String, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.extensions import db

_WATCHED: set[type] = set()
_CACHE: dict[str, tuple[str | None, object]] = {}
_LOCK = threading.Lock()


class ConfigVersion(db.Model):
    """One row: the token of the current configuration (see the module docstring)."""

    __tablename__ = "config_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


@event.listens_for(ConfigVersion.__table__, "after_create")
def _first_row(table, connection, **kwargs) -> None:
    # (`db.create_all` in tests and tools; the migration inserts it too)
    connection.execute(table.insert().values(id=1, token=new_token()))


def new_token() -> str:
    return secrets.token_hex(16)


def watch(*models: type) -> None:
    """Changes of these models replace the version (called once at import by their module)."""
    _WATCHED.update(models)


def version_column():
    """The token as a scalar subquery, to be read as one more column of an existing query."""
    return select(ConfigVersion.token).where(ConfigVersion.id == 1).scalar_subquery() \
        .label("config_version")


def note(token: str | None) -> None:
    """Remember the token read by the request's first query (app.auth.sessions)."""
    g._config_version = token


def current() -> str | None:
    """The token: the one this request already read, else from the database."""
    if has_request_context() and "_config_version" in g:
        return g._config_version
    return db.session.scalar(select(ConfigVersion.token).where(ConfigVersion.id == 1))


def cached(key: str, load: Callable[[], object]) -> object:
    """`load()`'s value, kept in the process until the version changes."""
    token = current()
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == token and token is not None:
        return hit[1]
    value = load()
    with _LOCK:
        _CACHE[key] = (token, value)
    return value


def bump(session: Session) -> None:
    """Replace the token in the session's transaction (creating the row if it is missing)."""
    token = new_token()
    done = session.execute(update(ConfigVersion).where(ConfigVersion.id == 1)
                           .values(token=token).execution_options(synchronize_session=False))
    if done.rowcount == 0:
        session.execute(ConfigVersion.__table__.insert().values(id=1, token=token))
    if has_app_context():
        note(token)   # what this request reads from now on is the changed configuration


@event.listens_for(Session, "before_flush")
def _bump_on_change(session, flush_context, instances) -> None:
    if not _WATCHED:
        return
    watched = tuple(_WATCHED)
    if any(isinstance(obj, watched) for obj in (*session.new, *session.deleted)) or any(
            isinstance(obj, watched) and session.is_modified(obj) for obj in session.dirty):
        bump(session)


class Snapshot:
    """A plain, read-only copy of a row's columns (and of the child lists given), safe to share
    between requests and threads: no session, no lazy loading."""

    def __init__(self, obj, children: dict[str, list] | None = None):
        for column in obj.__table__.columns:
            key = obj.__mapper__.get_property_by_column(column).key
            object.__setattr__(self, key, getattr(obj, key))
        for name, items in (children or {}).items():
            object.__setattr__(self, name, items)
        object.__setattr__(self, "_text", str(obj))
        object.__setattr__(self, "_type", type(obj))
        # Properties of the model (e.g. CustomField.options) keep working on the copy.
        for name in dir(type(obj)):
            attr = getattr(type(obj), name, None)
            if isinstance(attr, property) and name not in vars(self):
                object.__setattr__(self, name, attr.fget(self))

    def __setattr__(self, name, value):
        raise AttributeError(f"{self._type.__name__} snapshot is read-only")

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<{self._type.__name__} snapshot {getattr(self, 'id', '?')}>"
