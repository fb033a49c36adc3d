"""Two-factor details Flask-Security leaves to the application: an authenticator code works only
once, and recovery codes are kept as keyed hashes (shown once, when made).

The QR code of the setup page is Flask-Security's own, an SVG drawn locally by `qrcode` into a
data: URL (no network, allowed by our CSP).
"""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from flask_security import MfRecoveryCodesUtil, Totp

from app.audit.security import security_event


def derived_key(purpose: str) -> str:
    """A key for `purpose` derived from SECRET_KEY (changing SECRET_KEY changes it)."""
    return hmac.new(current_app.secret_key.encode(), purpose.encode(), hashlib.sha256).hexdigest()


class OneTimeTotp(Totp):
    """Replay protection: the time step of the last accepted code is kept on the user, and a
    code of that step or an earlier one is refused (passlib checks it)."""

    def get_last_counter(self, user):
        return user.tf_totp_counter

    def set_last_counter(self, user, tmatch):
        user.tf_totp_counter = tmatch.counter


class HashedRecoveryCodes(MfRecoveryCodesUtil):
    """Recovery codes stored as HMAC-SHA256, never in clear: the user sees them once, when they
    are made, and a copy of the database reveals none. The key comes from the TOTP secrets, so
    the two stay usable together."""

    @staticmethod
    def _digest(code: str) -> str:
        secrets = current_app.config["SECURITY_TOTP_SECRETS"]
        key = hmac.new(str(secrets[min(secrets)]).encode(), b"recovery-codes",
                       hashlib.sha256).digest()
        return hmac.new(key, code.strip().lower().encode(), hashlib.sha256).hexdigest()

    def create_recovery_codes(self, user):
        from flask_security.proxies import _security

        codes = _security.totp_factory.generate_recovery_codes(
            current_app.config["SECURITY_MULTI_FACTOR_RECOVERY_CODES_N"])
        user.mf_recovery_codes = [self._digest(c) for c in codes]
        security_event("recovery_codes_new", "user", user.id, count=len(codes))
        return codes

    def get_recovery_codes(self, user):
        return []  # not kept in clear: only new codes can be shown

    def check_recovery_code(self, user, code):
        return self._digest(code) in (user.mf_recovery_codes or [])

    def delete_recovery_code(self, user, code):
        used = self._digest(code)
        user.mf_recovery_codes = [d for d in (user.mf_recovery_codes or []) if d != used]
        security_event("recovery_code_used", "user", user.id, username=user.username,
                       left=len(user.mf_recovery_codes))
        return True
