"""Results of a session: passed / not passed, or a score (0-100) against the pass mark; then
the certificates of those who passed (number, issue date, the token of the public check)."""
from __future__ import annotations

import math
import secrets
from decimal import Decimal, InvalidOperation

from flask import current_app

from app.extensions import db
from app.i18n import _, local_today
from plugins.training import credit
from plugins.training.attendance import roster
from plugins.training.choices import FAILED, PASSED, RESULTS
from plugins.training.models import TrainingSession
from plugins.training.rules import local
from plugins.training.workflows import DONE, RUNNING

RESULT_STATES = (RUNNING, DONE)


def problem(session: TrainingSession) -> str | None:
    if session.status not in RESULT_STATES:
        return _("Results are entered once the session has started.")
    return None


def _score(text: str):
    """A score 0-100 with at most two decimals, or a message."""
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None, _("is not a number")
    if not value.is_finite() or not math.isfinite(float(value)) or not 0 <= value <= 100:
        return None, _("must be between 0 and 100")
    return value.quantize(Decimal("0.01")), None


def save(session: TrainingSession, form) -> list[str]:
    """Results from the form (`r<participant id>` a result or `s<participant id>` a score);
    every row is checked first, nothing is saved when one is wrong."""
    pass_mark = Decimal(str(current_app.config["TRAINING_PASS_SCORE"]))
    errors, changes = [], []
    for p in roster(session.id):
        if session.scored:
            text = (form.get(f"s{p.id}") or "").strip()
            if not text:
                changes.append((p, None, None))
                continue
            score, message = _score(text)
            if message:
                errors.append(_("%(name)s: the score %(problem)s.", name=p.employee.name,
                                problem=message))
                continue
            changes.append((p, PASSED if score >= pass_mark else FAILED, score))
        else:
            result = form.get(f"r{p.id}") or None
            if result is not None and result not in RESULTS:
                errors.append(_("%(name)s: unknown result.", name=p.employee.name))
                continue
            changes.append((p, result, None))
    if errors:
        return errors
    for p, result, score in changes:
        p.result, p.score = result, score
    credit.recredit_session(session.id)
    return []


def issue_certificates(session: TrainingSession) -> int:
    """Number and date the certificates of those who passed and have none yet."""
    year = local(session.ends_at).year
    count = 0
    for index, p in enumerate(roster(session.id), start=1):
        if p.result == PASSED and not p.certificate_number:
            p.certificate_number = f"{session.id:04d}/{index:03d}/PK-BKPSDM/{year}"
            p.certificate_issued = local_today()
            count += 1
        if p.certificate_number and not p.certificate_token:
            p.certificate_token = secrets.token_urlsafe(16)
    db.session.flush()
    return count
