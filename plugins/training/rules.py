"""The JP arithmetic of DOMAIN 5, free of the database: what one participation earns under a
rule, the monthly cap on sessions, the days of a session in WIT and the year a JP belongs to.

1 JP = 45 minutes. A rule counts actual hours, JP per day attended, JP per session or JP per
activity, each optionally capped per day; a rule may also cap the sessions credited per
calendar month (coaching and mentoring: 2). Only a passed participation earns JP, and only for
days the employee was present.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from plugins.training.choices import FIXED, HOURS, PER_DAY, PER_SESSION

WIT = ZoneInfo("Asia/Jayapura")
MINUTES_PER_JP = 45
CENT = Decimal("0.01")

# The defaults of DOMAIN 5: (code, name, basis, jp, max JP a day, max sessions a month).
DEFAULT_RULES = [
    ("jam_pelajaran", "Pelatihan dan kursus: jam sebenarnya", HOURS, None, None, None),
    ("seminar", "Seminar, konferensi, sosialisasi: 4 JP per hari", PER_DAY, 4, None, None),
    ("workshop", "Lokakarya (workshop): 5 JP per hari", PER_DAY, 5, None, None),
    ("coaching", "Coaching dan mentoring: 2 JP per sesi, paling banyak 2 sesi sebulan",
     PER_SESSION, 2, None, 2),
    ("elearning", "E-learning: jam sebenarnya, paling banyak 3 JP per hari", HOURS, None, 3,
     None),
    ("penugasan", "Detasering, pertukaran pegawai, magang: 20 JP per kegiatan", FIXED, 20,
     None, None),
    ("patok_banding", "Patok banding: 10 JP per kegiatan", FIXED, 10, None, None),
    ("belajar_mandiri", "Belajar mandiri, komunitas belajar: jam sebenarnya, paling banyak "
     "2 JP per hari", HOURS, None, 2, None),
    ("tugas_belajar", "Tugas/izin belajar: 20 JP per semester", FIXED, 20, None, None),
]
# Which default rule a programme kind starts with (HR may pick another).
DEFAULT_RULE_OF_KIND = {
    "seminar": "seminar", "sosialisasi": "seminar", "workshop": "workshop",
    "coaching": "coaching", "mentoring": "coaching", "elearning": "elearning",
    "detasering": "penugasan", "pertukaran": "penugasan", "magang": "penugasan",
    "patok_banding": "patok_banding", "belajar_mandiri": "belajar_mandiri",
    "komunitas_belajar": "belajar_mandiri", "tugas_belajar": "tugas_belajar",
    "izin_belajar": "tugas_belajar",
}


@dataclass(frozen=True)
class Rule:
    basis: str
    jp: Decimal | None = None
    max_jp_per_day: Decimal | None = None
    max_sessions_per_month: int | None = None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def local(value: datetime) -> datetime:
    """A stored (UTC) time in WIT."""
    return _aware(value).astimezone(WIT)


def session_days(starts_at: datetime, ends_at: datetime) -> list[date]:
    """The calendar days (WIT) a session runs on."""
    first, last = local(starts_at).date(), local(ends_at).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def minutes_per_day(starts_at: datetime, ends_at: datetime) -> int:
    """The teaching minutes of each day: the daily time span from the start time to the end
    time; a session through the night counts its whole length spread over its days."""
    start, end = local(starts_at), local(ends_at)
    days = len(session_days(starts_at, ends_at))
    daily = (datetime.combine(date.min, end.time()) - datetime.combine(date.min, start.time()))
    if days == 1 or daily <= timedelta(0):
        return max(int((end - start).total_seconds() // 60) // days, 0)
    return int(daily.total_seconds() // 60)


def credit(rule: Rule, days_present: int, minutes: int) -> Decimal:
    """JP one passed participation earns before the monthly cap: `days_present` days attended
    of `minutes` each."""
    if days_present <= 0:
        return Decimal(0)
    if rule.basis in (PER_SESSION, FIXED):
        return Decimal(rule.jp or 0).quantize(CENT)
    per_day = (Decimal(minutes) / MINUTES_PER_JP if rule.basis == HOURS
               else Decimal(rule.jp or 0))
    if rule.max_jp_per_day is not None:
        per_day = min(per_day, Decimal(rule.max_jp_per_day))
    return (per_day * days_present).quantize(CENT, rounding=ROUND_DOWN)


def capped(entries) -> dict:
    """Apply the monthly session caps: `entries` are (key, rule_id, rule, month, jp) in the
    order the sessions ended; within one rule and month only the first
    `max_sessions_per_month` sessions that earn JP are credited. Returns {key: jp}."""
    seen = defaultdict(int)
    result = {}
    for key, rule_id, rule, month, jp in entries:
        limit = rule.max_sessions_per_month
        if jp and limit is not None:
            seen[(rule_id, month)] += 1
            if seen[(rule_id, month)] > limit:
                jp = Decimal(0)
        result[key] = jp
    return result


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The UTC instants between which a session must end to count in `year` (WIT)."""
    start = datetime.combine(date(year, 1, 1), time(), WIT).astimezone(timezone.utc)
    end = datetime.combine(date(year + 1, 1, 1), time(), WIT).astimezone(timezone.utc)
    return start, end


def year_of(ends_at: datetime) -> int:
    """The JP year of a session: the year of its end date in WIT."""
    return local(ends_at).year


def shortfall(total: Decimal, required: Decimal) -> Decimal:
    """How many JP are missing to reach `required` (0 when reached)."""
    return max(Decimal(required) - Decimal(total), Decimal(0))
