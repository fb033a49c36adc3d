"""The JP arithmetic of DOMAIN 5: conversions, daily and monthly caps, the days of a session
and the year boundary in WIT."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from plugins.training.choices import FIXED, HOURS, PER_DAY, PER_SESSION
from plugins.training.rules import (DEFAULT_RULES, Rule, capped, credit, minutes_per_day,
                                    session_days, shortfall, year_bounds, year_of)
from plugins.training.tests.scenes import at

pytestmark = pytest.mark.no_db
RULES = {code: Rule(basis, None if jp is None else Decimal(jp),
                    None if day is None else Decimal(day), month)
         for code, _name, basis, jp, day, month in DEFAULT_RULES}


def test_actual_hours_one_jp_is_45_minutes():
    assert credit(RULES["jam_pelajaran"], 3, 420) == Decimal("28.00")   # 3 x 9,33
    assert credit(RULES["jam_pelajaran"], 1, 45) == Decimal("1.00")
    assert credit(RULES["jam_pelajaran"], 0, 420) == 0


def test_per_day_and_daily_caps():
    assert credit(RULES["seminar"], 2, 480) == Decimal("8.00")          # 4 JP a day
    assert credit(RULES["workshop"], 3, 480) == Decimal("15.00")        # 5 JP a day
    assert credit(RULES["elearning"], 2, 300) == Decimal("6.00")        # at most 3 JP a day
    assert credit(RULES["elearning"], 1, 90) == Decimal("2.00")         # under the cap
    assert credit(RULES["belajar_mandiri"], 5, 240) == Decimal("10.00")  # at most 2 a day


def test_per_session_and_per_activity():
    assert credit(RULES["coaching"], 1, 90) == Decimal("2.00")
    assert credit(RULES["penugasan"], 20, 480) == Decimal("20.00")
    assert credit(RULES["patok_banding"], 2, 480) == Decimal("10.00")
    assert credit(RULES["tugas_belajar"], 100, 480) == Decimal("20.00")


def test_coaching_at_most_two_sessions_a_month():
    rule = RULES["coaching"]
    entries = [("a", 1, rule, (2026, 3), Decimal(2)), ("b", 1, rule, (2026, 3), Decimal(2)),
               ("c", 1, rule, (2026, 3), Decimal(2)), ("d", 1, rule, (2026, 4), Decimal(2)),
               # a session that earned nothing (absent) does not use up the month
               ("e", 1, rule, (2026, 4), Decimal(0)), ("f", 1, rule, (2026, 4), Decimal(2)),
               ("g", 1, rule, (2026, 4), Decimal(2))]
    assert capped(entries) == {"a": 2, "b": 2, "c": 0, "d": 2, "e": 0, "f": 2, "g": 0}


def test_caps_are_per_rule():
    coaching, seminar = RULES["coaching"], RULES["seminar"]
    entries = [(n, 1, coaching, (2026, 3), Decimal(2)) for n in "abc"] + \
        [(n, 2, seminar, (2026, 3), Decimal(4)) for n in "xyz"]
    result = capped(entries)
    assert [result[n] for n in "abc"] == [2, 2, 0]
    assert [result[n] for n in "xyz"] == [4, 4, 4]


def test_session_days_and_minutes_in_wit():
    start, end = at(date(2026, 3, 2), 8), at(date(2026, 3, 4), 15)
    assert session_days(start, end) == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]
    assert minutes_per_day(start, end) == 420
    # 07.00 WIT is 22.00 UTC the day before: the days are WIT days.
    utc_start = datetime(2026, 3, 1, 22, 0, tzinfo=timezone.utc)
    assert session_days(utc_start, utc_start.replace(hour=23)) == [date(2026, 3, 2)]


def test_year_by_end_date_in_wit():
    # 31 December 2026 20.00 WIT is still 2026; 1 January 2027 06.00 WIT is 2027, though it
    # is 31 December 2026 in UTC.
    assert year_of(at(date(2026, 12, 31), 20)) == 2026
    assert year_of(datetime(2026, 12, 31, 21, 0, tzinfo=timezone.utc)) == 2027
    start, end = year_bounds(2027)
    assert start == datetime(2026, 12, 31, 15, 0, tzinfo=timezone.utc)
    assert end == datetime(2027, 12, 31, 15, 0, tzinfo=timezone.utc)


def test_shortfall():
    assert shortfall(Decimal("12.5"), Decimal(20)) == Decimal("7.5")
    assert shortfall(Decimal(28), Decimal(20)) == 0


def test_basis_codes_are_known():
    assert {r.basis for r in RULES.values()} <= {HOURS, PER_DAY, PER_SESSION, FIXED}
