"""User accounts and roles; passwords hashed with argon2."""
from __future__ import annotations

import secrets
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.roles import role_labels
from app.core.mixins import Audited, TimestampMixin
from app.extensions import db
from app.org.models import Employee

_hashers: dict[tuple, PasswordHasher] = {}


def _hasher() -> PasswordHasher:
    """argon2 with the configured cost (the library's defaults unless PASSWORD_HASH_PARAMS says
    otherwise; the test configuration makes it cheap)."""
    from flask import current_app, has_app_context

    params = current_app.config.get("PASSWORD_HASH_PARAMS", {}) if has_app_context() else {}
    key = tuple(sorted(params.items()))
    if key not in _hashers:
        _hashers[key] = PasswordHasher(**params)
    return _hashers[key]

user_roles = Table(
    "user_roles",
    db.metadata,
    Column("user_id", Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", Integer, ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)


class Role(db.Model):
    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)

    @property
    def label(self) -> str:
        return str(role_labels().get(self.name, self.name))

    def __str__(self) -> str:
        return self.label


class User(Audited, TimestampMixin, db.Model):
    __tablename__ = "user"
    __audit_exclude__ = {"password_hash", "session_token", "last_login_at", "last_login_ip",
                         "login_count", "locale"}

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Part of the login cookie: changing it (new password, deactivation) ends every session.
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_hex(32)
    )
    active: Mapped[bool] = mapped_column(default=True)
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employee.id", ondelete="SET NULL"), unique=True
    )
    locale: Mapped[str | None] = mapped_column(String(5))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_ip: Mapped[str | None] = mapped_column(String(64))
    login_count: Mapped[int] = mapped_column(default=0)

    employee: Mapped[Employee | None] = relationship()
    roles: Mapped[list[Role]] = relationship(secondary=user_roles, lazy="selectin")

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return self.session_token

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher().hash(password)
        self.session_token = secrets.token_hex(32)

    def check_password(self, password: str) -> bool:
        try:
            return _hasher().verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    @property
    def role_names(self) -> set[str]:
        return {r.name for r in self.roles}

    def has_role(self, *names: str) -> bool:
        return bool(self.role_names.intersection(names))

    def __str__(self) -> str:
        return self.username


_dummy_hashes: dict[int, str] = {}


def verify_dummy(password: str) -> None:
    """Spend the same time as a real verification, so an unknown user is not told apart by time."""
    hasher = _hasher()
    dummy = _dummy_hashes.setdefault(id(hasher), hasher.hash("not-a-real-password"))
    try:
        hasher.verify(dummy, password)
    except VerificationError:
        pass
