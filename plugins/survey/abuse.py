"""What keeps the survey honest without a login: a honeypot field, a rate limit per source
(Flask-Limiter, the setting SURVEY_RATE_LIMIT), a cap on the request's size and one response
per device per day: a cookie, not a fingerprint, so it stops double submissions and casual
repeats, not a determined person (whom the unit's review before counting then catches)."""
from __future__ import annotations

from datetime import date

from flask import current_app, request

from app.i18n import local_today

MAX_BODY = 20_000  # bytes of a form post: nine answers, a profile and a suggestion
COOKIE = "ikm_{period}"


def rate_limit() -> str:
    return current_app.config.get("SURVEY_RATE_LIMIT", "20 per hour; 60 per day")


def too_large() -> bool:
    return (request.content_length or 0) > MAX_BODY


def bot(form) -> bool:
    return bool((form.website.data or "").strip())


def answered_today(period_id: int) -> bool:
    return request.cookies.get(COOKIE.format(period=period_id)) == local_today().isoformat()


def remember(response, period_id: int, today: date | None = None):
    """Mark this browser as having answered the period today (WIT), until the day ends."""
    today = today or local_today()
    response.set_cookie(COOKIE.format(period=period_id), today.isoformat(), max_age=24 * 3600,
                        httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response
