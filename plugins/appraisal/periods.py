"""The periods of a cycle and their dates (DOMAIN 3, "Periods"): which evaluations a cycle has,
when each may start and until when the employee acknowledges it.

- A periodic evaluation opens in the last month of its period (`opening_months` of the cycle
  widens that to the last n months); the annual one in December, and only once the cycle is
  in its evaluation stage (see `services.starting`).
- The acknowledgement deadline is the period's last day plus the cycle's
  `acknowledgement_days` (default 14), a date in WIT: it has passed when WIT's today is after
  it.
"""
from __future__ import annotations

from datetime import date, timedelta

from app.i18n import local_today
from plugins.appraisal.labels import period_count, period_dates, period_label
from plugins.appraisal.models import ANNUAL, AppraisalCycle

DEFAULT_ACKNOWLEDGEMENT_DAYS = 14


def periods(cycle: AppraisalCycle) -> list[int]:
    """The cycle's periodic evaluations in order (quarters or months), then the annual one."""
    return [*range(1, period_count(cycle.periodicity) + 1), ANNUAL]


def period_name(cycle: AppraisalCycle, period: int) -> str:
    """"Triwulan II", "Maret" or "Tahunan"."""
    return period_label(cycle.periodicity, period)


def period_span(cycle: AppraisalCycle, period: int) -> tuple[date, date]:
    """The first and the last day of a period (the whole year for the annual evaluation)."""
    return period_dates(cycle.year, cycle.periodicity, period)


def opens_on(cycle: AppraisalCycle, period: int) -> date:
    """The first day a period's evaluation may start: the first day of the last
    `opening_months` months of the period, never before the period begins."""
    first, last = period_span(cycle, period)
    months = max(cycle.opening_months or 1, 1)
    index = last.year * 12 + last.month - months     # months since year 0, zero-based
    return max(first, date(index // 12, index % 12 + 1, 1))


def deadline(cycle: AppraisalCycle, period: int) -> date:
    """The employee's acknowledgement deadline of a period's evaluation."""
    days = cycle.acknowledgement_days
    days = DEFAULT_ACKNOWLEDGEMENT_DAYS if days is None else days
    return period_span(cycle, period)[1] + timedelta(days=days)


def deadline_passed(day: date | None, today: date | None = None) -> bool:
    """Whether a deadline has passed in WIT (the deadline day itself still counts)."""
    return day is not None and (today or local_today()) > day
