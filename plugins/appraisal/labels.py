"""Translated labels of the appraisal codes of `rules` (ratings, predikat, organisation
predikat) and of evaluation periods. `rules` stays pure and holds only the codes.

The English msgids are title-cased ("Very Good") on purpose: the core catalogue already has
"Very good" -> "Sangat baik" for capaian bands, and a plugin msgid equal to a core one would
override the core's translation."""
from __future__ import annotations

from datetime import date

from app.i18n import _, _l
from app.performance.choices import period_labels
from plugins.appraisal import rules
from plugins.appraisal.models import ANNUAL

RATING_LABELS = {
    rules.DI_ATAS: _l("Above Expectations"),
    rules.SESUAI: _l("Meets Expectations"),
    rules.DI_BAWAH: _l("Below Expectations"),
}

PREDIKAT_LABELS = {
    rules.SANGAT_BAIK: _l("Very Good"),
    rules.BAIK: _l("Good"),
    rules.BUTUH_PERBAIKAN: _l("Needs Improvement"),
    rules.KURANG: _l("Poor/Misconduct"),
    rules.SANGAT_KURANG: _l("Very Poor"),
}

ORG_PREDIKAT_LABELS = {
    rules.ORG_ISTIMEWA: _l("Outstanding"),
    rules.ORG_BAIK: _l("Good"),
    rules.ORG_BUTUH_PERBAIKAN: _l("Needs Improvement"),
    rules.ORG_KURANG: _l("Poor"),
    rules.ORG_SANGAT_KURANG: _l("Very Poor"),
}


def period_count(periodicity: str) -> int:
    """How many periodic evaluations a cycle has: 4 quarters or 12 months."""
    return 4 if periodicity == "quarterly" else 12


def period_of(periodicity: str, day: date) -> int:
    """The quarter or month `day` falls in."""
    return (day.month - 1) // 3 + 1 if periodicity == "quarterly" else day.month


def period_label(periodicity: str, period: int) -> str:
    """"Annual", "Quarter II" or "March" (translated)."""
    if period == ANNUAL:
        return _("Annual")
    return period_labels(periodicity).get(period, str(period))


def period_dates(year: int, periodicity: str, period: int) -> tuple[date, date]:
    """First and last day of a period of `year` (the whole year for the annual one)."""
    if period == ANNUAL:
        return date(year, 1, 1), date(year, 12, 31)
    months = 3 if periodicity == "quarterly" else 1
    first = (period - 1) * months + 1
    last = first + months - 1
    end = date(year + 1, 1, 1) if last == 12 else date(year, last + 1, 1)
    return date(year, first, 1), date.fromordinal(end.toordinal() - 1)
