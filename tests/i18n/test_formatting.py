"""Indonesian formats: dates, numbers, and times in WIT (UTC+9)."""
from datetime import date, datetime, timezone
from decimal import Decimal

from app.i18n import fmt_date, fmt_datetime, fmt_number, fmt_percent


def test_indonesian_formats(app):
    with app.test_request_context("/"):
        assert fmt_date(date(2026, 11, 28)) == "28 November 2026"
        assert fmt_date(date(2026, 8, 17)) == "17 Agustus 2026"
        assert fmt_number(1234.5) == "1.234,5"
        assert fmt_number(Decimal("1234567.891")) == "1.234.567,89"
        assert fmt_percent(107.14) == "107,14%"


def test_datetime_is_shown_in_wit(app):
    with app.test_request_context("/"):
        shown = fmt_datetime(datetime(2026, 11, 28, 5, 5, tzinfo=timezone.utc))
        assert shown == "28 November 2026 14.05 WIT"
        # Late in the UTC day is already the next day in Papua.
        assert fmt_datetime(datetime(2026, 12, 31, 16, 30, tzinfo=timezone.utc)) == \
            "1 Januari 2027 01.30 WIT"
        # Naive values (SQLite) are UTC.
        assert fmt_datetime(datetime(2026, 11, 28, 5, 5)) == "28 November 2026 14.05 WIT"


def test_month_and_quarter_labels_in_indonesian(app):
    from app.performance.choices import period_labels

    with app.test_request_context("/"):
        assert period_labels("quarterly")[2] == "Triwulan II"
        assert period_labels("monthly")[8] == "Agustus"
