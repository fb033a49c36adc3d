"""The audit chain's key (AUDIT_KEY, from KINERJA_AUDIT_KEY): required in production; in
development and testing a fixed, public key stands in, and the log says so."""
from __future__ import annotations

import logging

from flask import Flask, current_app

# Public on purpose: it only lets `make run` and the tests work without a setting. A chain
# keyed with it proves nothing, which is why production refuses to start without AUDIT_KEY.
DEVELOPMENT_KEY = "kinerja-development-audit-key-public-not-for-production"
MIN_LENGTH = 32


def check_audit_key(app: Flask, strict: bool) -> None:
    """Refuse to start without a strong AUDIT_KEY when `strict` (production); otherwise fall
    back to the development key and log a warning."""
    key = app.config.get("AUDIT_KEY") or ""
    if key and key != DEVELOPMENT_KEY and len(key) >= MIN_LENGTH:
        return
    if strict:
        raise RuntimeError(
            "AUDIT_KEY is unset, too short or the development key: set KINERJA_AUDIT_KEY to a "
            f"random value of at least {MIN_LENGTH} characters (e.g. `python -c \"import "
            "secrets; print(secrets.token_hex(32))\"`), kept outside the database.")
    if not key:
        app.config["AUDIT_KEY"] = DEVELOPMENT_KEY
        logging.getLogger("app.audit").warning(
            "AUDIT_KEY unset: the audit chain is keyed with the fixed development key, "
            "which proves nothing. Set KINERJA_AUDIT_KEY in production.")


def audit_key() -> bytes:
    return current_app.config["AUDIT_KEY"].encode("utf-8")
