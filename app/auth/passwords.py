"""The password policy, one function for every door: a user changing their own password
(Flask-Security's change-password form, through `PolicyPasswordUtil`) and HR choosing one in the
user admin.

At least PASSWORD_MIN_LENGTH (12) and at most PASSWORD_MAX_LENGTH (128) characters, any
characters; not one of the 10,000 most common passwords (common_passwords.txt, shipped with the
code: no network); not containing the username or the NIP of the linked employee.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_security import PasswordUtil

from app.i18n import _

COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
# A one- or two-letter username (say "hr") inside a long password gives a guesser nothing, and
# refusing every password that contains it would refuse half the dictionary.
MIN_NAME_LENGTH = 3


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with open(COMMON_PASSWORDS, encoding="utf-8") as f:
        return frozenset(line.strip().lower() for line in f
                         if line.strip() and not line.startswith("#"))


def password_problems(password: str, username: str | None = None,
                      nip: str | None = None) -> list[str]:
    """What is wrong with `password` for this account, in the user's language (empty: fine)."""
    config = current_app.config
    shortest, longest = config["PASSWORD_MIN_LENGTH"], config["PASSWORD_MAX_LENGTH"]
    if not shortest <= len(password) <= longest:
        return [_("The password must have %(min)d to %(max)d characters.",
                  min=shortest, max=longest)]
    problems = []
    lowered = password.lower()
    if lowered in common_passwords():
        problems.append(_("This password is one of the most common passwords. Choose another."))
    name = (username or "").strip().lower()
    if len(name) >= MIN_NAME_LENGTH and name in lowered:
        problems.append(_("The password must not contain the username."))
    if nip and nip in password:
        problems.append(_("The password must not contain the NIP."))
    return problems


def nip_of(user) -> str | None:
    return user.employee.nip if user is not None and user.employee is not None else None


class PolicyPasswordUtil(PasswordUtil):
    """Flask-Security's hook for new passwords (change password): our policy instead of its
    length and complexity checks."""

    def validate(self, password, is_register, **kwargs):
        password = self.normalize(password)
        user = kwargs.get("user")
        problems = password_problems(password, getattr(user, "username", None), nip_of(user))
        return problems or None, password
