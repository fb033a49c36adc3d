"""Translation helpers and Indonesian formatting: dates, numbers and times in WIT."""
from datetime import date, datetime, timezone

from flask import current_app, request, session
from flask_babel import (format_date, format_datetime, format_decimal, get_translations, gettext,
                         lazy_gettext, ngettext)

_ = gettext
_l = lazy_gettext

__all__ = ["_", "_l", "ngettext", "select_locale", "fmt_date", "fmt_datetime", "fmt_number",
           "fmt_percent", "WTFormsTranslations", "utcnow", "local_today"]


def select_locale() -> str:
    """The user's chosen language (kept in the session), else Indonesian."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang") if request else None
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def utcnow() -> datetime:
    """Aware UTC now: everything is stored in UTC and shown in WIT."""
    return datetime.now(timezone.utc)


def local_today() -> date:
    """Today's date in Manokwari (WIT, UTC+9): deadlines are days in local time."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def fmt_date(value: date | datetime | None, fmt: str = "d MMMM y") -> str:
    """`28 November 2026`."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(_aware(value), fmt)
    return format_date(value, fmt)


def fmt_datetime(value: datetime | None, fmt: str = "d MMMM y HH.mm") -> str:
    """`28 November 2026 14.05 WIT`: stored UTC, shown in Asia/Jayapura."""
    if value is None:
        return ""
    return f"{format_datetime(_aware(value), fmt)} WIT"


def fmt_number(value, digits: int = 2) -> str:
    """`1.234,5` in Indonesian; at most `digits` decimals."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern)


def fmt_percent(value) -> str:
    """`107,14%`."""
    if value is None:
        return "–"
    return f"{fmt_number(value, 2)}%"


def _aware(value: datetime) -> datetime:
    # Naive datetimes come back from SQLite; they were stored as UTC.
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class WTFormsTranslations:
    """WTForms messages through our merged catalogue (which includes the `wtforms` domain)."""

    # WTForms fills in the placeholders itself: return the bare translation. (flask_babel's
    # ngettext formats with `num` only, which raised KeyError on "%(max)d characters".)
    def gettext(self, string):
        return get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ungettext(singular, plural, n)


wtforms_translations = WTFormsTranslations()
