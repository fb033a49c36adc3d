"""Security events: logins (and failures, with the username tried, never the password), throttles,
logouts, refused pages, password and two-factor changes, HR unlocks, exports.

Each one lands twice: in the audit trail (`app.audit.trail.record`, committed at once, so a
refused request leaves its trace too) and as a line of the `app.security` logger, which
create_app sends to stderr (gunicorn's error log). Both carry the time, the user, the client's
address and its user agent.
"""
from __future__ import annotations

import json
import logging

from flask import has_request_context, request

from app.audit.trail import record
from app.extensions import db
from app.i18n import utcnow

log = logging.getLogger("app.security")
USER_AGENT_LENGTH = 300
# Every security event, by the name it carries in the trail (at most 20 characters).
ACTIONS = frozenset({
    "login", "login_failed", "login_throttled", "logout", "two_factor_failed",
    "password_changed", "password_set", "two_factor_enabled", "two_factor_disabled",
    "two_factor_reset", "recovery_codes_new", "recovery_code_used", "account_unlocked",
    "access_denied", "export",
})


def _client() -> dict:
    if not has_request_context():
        return {}
    return {"ip": request.remote_addr,
            "user_agent": request.user_agent.string[:USER_AGENT_LENGTH]}


def _username() -> str:
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.username
        return "anonim"
    return "sistem"


def security_event(action: str, entity: str = "security", entity_id=None, **details) -> None:
    """Record `action` (one of ACTIONS) in the trail and the log."""
    assert action in ACTIONS, action
    details.update(_client())
    record(action, entity, entity_id, **details)
    db.session.commit()
    log.info("security event=%s at=%s user=%s %s/%s %s", action, utcnow().isoformat(),
             _username(), entity, entity_id if entity_id is not None else "-",
             json.dumps(details, ensure_ascii=False, sort_keys=True, default=str))


def tracked_export(view, export_type: str, rows):
    """Pass an export's rows through (header first) and, once they are out, record who
    exported which view, with which filters and search, and how many rows."""
    sent, complete = 0, False
    try:
        for row in rows:
            sent += 1
            yield row
        complete = True
    finally:
        if not complete:  # cut off (a database error, the client went away): say so
            db.session.rollback()
        security_event("export", view.endpoint, None, format=export_type,
                       query=request.args.to_dict(flat=False), rows=max(sent - 1, 0),
                       complete=complete)
