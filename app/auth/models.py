"""User accounts and roles, in the shape Flask-Security expects (argon2 hashes, trackable logins,
two-factor and recovery codes)."""
from __future__ import annotations

import time
import uuid
from datetime import datetime

from flask import current_app
from flask_security import UserMixin
from flask_security.utils import hash_password, verify_password
from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.mixins import Audited, TimestampMixin
from app.core.roles import HR_ADMIN, acting_roles, role_labels
from app.extensions import db
from app.org.models import Employee

user_roles = Table(
    "user_roles",
    db.metadata,
    Column("user_id", Integer, ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", Integer, ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)


def clock() -> float:
    """Seconds since the epoch; the one clock of logins and sessions (tests replace it)."""
    return time.time()


class Role(db.Model):
    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)

    @property
    def label(self) -> str:
        return str(role_labels().get(self.name, self.name))

    def get_permissions(self) -> set[str]:
        # Flask-Security asks each role for permissions; ours are the roles themselves.
        return set()

    def __str__(self) -> str:
        return self.label


class User(Audited, TimestampMixin, UserMixin, db.Model):
    __tablename__ = "user"
    # Secrets never reach the trail; login bookkeeping would drown it (logins are events).
    __audit_exclude__ = {"password", "fs_uniquifier", "tf_totp_secret", "tf_totp_counter",
                         "mf_recovery_codes", "last_login_at", "last_login_ip",
                         "current_login_at", "current_login_ip", "login_count", "locale"}

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    # The column keeps its first name: existing argon2 hashes stay where they are.
    password: Mapped[str] = mapped_column("password_hash", String(255))
    # Part of every session and "remember me" cookie: changing it (a new password, logout,
    # deactivation) ends every session of the account, on every device. The column keeps the
    # name it had before Flask-Security (the same role, already unique and filled).
    fs_uniquifier: Mapped[str] = mapped_column(
        "session_token", String(64), unique=True, default=lambda: uuid.uuid4().hex
    )
    active: Mapped[bool] = mapped_column(default=True)
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employee.id", ondelete="SET NULL"), unique=True
    )
    locale: Mapped[str | None] = mapped_column(String(5))
    # Trackable (Flask-Security): `current_*` is the latest login, `last_*` the one before.
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_ip: Mapped[str | None] = mapped_column(String(64))
    current_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    current_login_ip: Mapped[str | None] = mapped_column(String(64))
    login_count: Mapped[int] = mapped_column(default=0)
    # Set when HR chooses the password: the user picks their own at the next login.
    password_change_required: Mapped[bool] = mapped_column(default=False,
                                                           server_default=false())
    # Two-factor (TOTP): the method, the secret (encrypted by Flask-Security), the last time
    # step used (a code works once), and the HMACs of the unused recovery codes.
    tf_primary_method: Mapped[str | None] = mapped_column(String(64))
    tf_totp_secret: Mapped[str | None] = mapped_column(String(255))
    tf_totp_counter: Mapped[int | None] = mapped_column(Integer)
    mf_recovery_codes: Mapped[list | None] = mapped_column(JSON(none_as_null=True))

    employee: Mapped[Employee | None] = relationship()
    roles: Mapped[list[Role]] = relationship(secondary=user_roles, lazy="selectin")

    def get_login_id(self) -> str:
        """What Flask-Login keeps in the session and the "remember me" cookie: the account's
        uniquifier and the moment of this login, so both expire on the server
        (app.auth.sessions), not only in the browser."""
        return f"{self.fs_uniquifier}:{int(clock())}"

    def set_password(self, password: str) -> None:
        """Hash with the configured argon2 cost and end every session of the account."""
        self.password = hash_password(password)
        self.fs_uniquifier = uuid.uuid4().hex

    def check_password(self, password: str) -> bool:
        return verify_password(password, self.password)

    @property
    def role_names(self) -> set[str]:
        """The roles this request acts with: all of the user's, or one of them while a view
        serves a write as that role (app.core.roles.acting_as)."""
        acting = acting_roles()
        return self.all_role_names if acting is None else self.all_role_names & acting

    @property
    def all_role_names(self) -> set[str]:
        return {r.name for r in self.roles}

    def has_role(self, *names) -> bool:
        # Variadic for our views; Flask-Security passes one name or Role.
        wanted = {getattr(n, "name", n) for n in names}
        return bool(self.role_names & wanted)

    # Two-factor policy (Flask-Security asks after the password was right).
    def two_factor_required(self) -> bool:
        return bool(current_app.config["TWO_FACTOR_REQUIRED_FOR_HR_ADMIN"]
                    and self.has_role(HR_ADMIN))

    def check_tf_required(self, tf_setup_methods, tf_fresh):
        return bool(tf_setup_methods) or self.two_factor_required(), tf_setup_methods

    def check_tf_required_setup(self) -> bool:
        return self.two_factor_required()

    def __str__(self) -> str:
        return self.username


def ensure_roles() -> dict:
    """Create the missing role rows of every declared role; {name: Role}."""
    from sqlalchemy import select

    existing = {r.name: r for r in db.session.scalars(select(Role))}
    for name in role_labels():
        if name not in existing:
            existing[name] = Role(name=name)
            db.session.add(existing[name])
    return existing
