"""Recurrence (the RRULE subset, expanded in WIT) and venue conflicts, recurring ones
included."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr

from app.extensions import db
from plugins.forum import scheduling
from plugins.forum.models import Forum
from plugins.forum.tests.helpers import forum, venue, wit


def _local(starts):
    return [scheduling.local(s).strftime("%Y-%m-%d %H:%M") for s, _e in starts]


def _series(start, recurrence, **more):
    return Forum(start_at=start, end_at=start + timedelta(hours=2), recurrence=recurrence,
                 interval=more.pop("interval", 1), **more)


def test_monthly_by_day_on_the_31st_falls_on_the_last_day_of_shorter_months(app):
    with app.app_context():
        f = _series(wit(2027, 1, 31, 9, 0), "monthly_day", count=6)
        assert _local(scheduling.occurrences(f)) == [
            "2027-01-31 09:00", "2027-02-28 09:00", "2027-03-31 09:00", "2027-04-30 09:00",
            "2027-05-31 09:00", "2027-06-30 09:00"]
        # Leap year, day 30: February's last day, then back to the 30th.
        f = _series(wit(2028, 1, 30, 14, 0), "monthly_day", count=3)
        assert _local(scheduling.occurrences(f)) == [
            "2028-01-30 14:00", "2028-02-29 14:00", "2028-03-30 14:00"]
        # The written RRULE says the same to a calendar client.
        text = scheduling.rrule_text(_series(wit(2027, 1, 31, 9, 0), "monthly_day", count=6))
        assert "BYMONTHDAY=31,-1" in text and "BYSETPOS=1" in text
        again = rrulestr(text, dtstart=datetime(2027, 1, 31, 9, 0))
        assert [d.day for d in again] == [31, 28, 31, 30, 31, 30]


def test_monthly_by_weekday_and_the_fifth_week(app):
    with app.app_context():
        # Second Tuesday: 12 Jan 2027.
        f = _series(wit(2027, 1, 12, 9, 0), "monthly_weekday", count=3)
        assert _local(scheduling.occurrences(f)) == [
            "2027-01-12 09:00", "2027-02-09 09:00", "2027-03-09 09:00"]
        # A fifth Friday (29 Jan 2027) becomes the last Friday of each month.
        f = _series(wit(2027, 1, 29, 9, 0), "monthly_weekday", count=3)
        assert _local(scheduling.occurrences(f)) == [
            "2027-01-29 09:00", "2027-02-26 09:00", "2027-03-26 09:00"]


def test_weekly_until_crosses_month_and_year_end_in_wit(app):
    with app.app_context():
        # 08.00 WIT is 23.00 UTC the day before: the WIT wall clock decides the day.
        f = _series(wit(2026, 12, 22, 8, 0), "weekly", until=date(2027, 1, 12))
        assert _local(scheduling.occurrences(f)) == [
            "2026-12-22 08:00", "2026-12-29 08:00", "2027-01-05 08:00", "2027-01-12 08:00"]
        f = _series(wit(2026, 12, 22, 8, 0), "weekly", interval=2, count=3)
        assert _local(scheduling.occurrences(f)) == [
            "2026-12-22 08:00", "2027-01-05 08:00", "2027-01-19 08:00"]
        # A window selects the overlapping meetings only.
        f = _series(wit(2026, 12, 22, 8, 0), "weekly", count=10)
        assert len(scheduling.occurrences(f, wit(2027, 1, 1), wit(2027, 1, 15))) == 2


def test_recurrence_limits(app):
    with app.app_context():
        f = _series(wit(2027, 1, 5, 9), "weekly")
        assert len(scheduling.validation_errors(f)) == 1   # no end
        f = _series(wit(2027, 1, 5, 9), "weekly", count=500)
        assert scheduling.validation_errors(f)
        f = _series(wit(2027, 1, 5, 9), "weekly", until=date(2035, 1, 1))
        assert scheduling.validation_errors(f)
        f = Forum(start_at=wit(2027, 1, 5, 9), end_at=wit(2027, 1, 5, 8), recurrence="none")
        assert scheduling.validation_errors(f)


def test_conflicts_with_occurrences_of_a_recurring_forum(app, world):
    with app.app_context():
        hall = venue()
        # Monthly on the second Tuesday from January 2027, 09.00-12.00, six times.
        series = forum(world, wit(2027, 1, 12, 9), hours=3, topic="FKP bulanan",
                       venue_id=hall.id, recurrence="monthly_weekday", count=6)
        db.session.commit()
        # A one-off on 9 March 2027 (the series' third meeting) at 11.00 in the same hall.
        clash = forum(world, wit(2027, 3, 9, 11), topic="Sosialisasi", venue_id=hall.id)
        found = scheduling.conflicts(clash)
        assert found is not None and found[0].id == series.id
        assert scheduling.local(found[1]).strftime("%Y-%m-%d %H:%M") == "2027-03-09 09:00"
        message = scheduling.conflict_message(clash)
        assert "FKP bulanan" in message and "9 Maret 2027 09.00 WIT" in message
        # After the series' meeting ends, or another day, or another venue: no conflict.
        clash.start_at, clash.end_at = wit(2027, 3, 9, 12), wit(2027, 3, 9, 14)
        assert scheduling.conflicts(clash) is None
        clash.start_at, clash.end_at = wit(2027, 3, 10, 9), wit(2027, 3, 10, 11)
        assert scheduling.conflicts(clash) is None
        # After the last (sixth) meeting in June: free.
        clash.start_at, clash.end_at = wit(2027, 7, 13, 9), wit(2027, 7, 13, 11)
        assert scheduling.conflicts(clash) is None
        # Two series: a weekly Tuesday one collides with the monthly second Tuesday.
        weekly = forum(world, wit(2027, 1, 19, 10), topic="Klinik perizinan",
                       venue_id=hall.id, recurrence="weekly", count=4)
        found = scheduling.conflicts(weekly)
        assert found and scheduling.local(found[1]).date() == date(2027, 2, 9)
        # Online forums book no hall; cancelled ones free it.
        weekly.mode = "online"
        assert scheduling.conflicts(weekly) is None
        weekly.mode = "in_person"
        series.status = "cancelled"
        db.session.flush()
        assert scheduling.conflicts(weekly) is None


def test_a_meeting_replaces_its_occurrence(app, world):
    with app.app_context():
        hall = venue()
        series = forum(world, wit(2027, 1, 12, 9), hours=3, topic="FKP bulanan",
                       venue_id=hall.id, recurrence="monthly_weekday", count=3)
        db.session.commit()
        second = scheduling.occurrences(series)[1][0]
        meeting = scheduling.meeting_for(series, second)
        db.session.commit()
        assert meeting.parent_id == series.id and meeting.status == "scheduled"
        assert scheduling.meeting_for(series, second).id == meeting.id
        db.session.refresh(series)
        assert len(scheduling.occurrences(series)) == 2
        # The meeting does not clash with its own series.
        assert scheduling.conflicts(meeting) is None and scheduling.conflicts(series) is None
        # No meeting at a time the series does not have.
        assert scheduling.meeting_for(series, wit(2027, 1, 13, 9)) is None
