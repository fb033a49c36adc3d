"""The .ics files and feeds, parsed back with icalendar as a calendar client would."""
from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar

from app.extensions import db
from app.i18n import utcnow
from plugins.forum import scheduling
from plugins.forum.tests.helpers import forum, venue, wit


def _setup(world):
    hall = venue()
    start = scheduling.local(utcnow() + timedelta(days=3)).replace(
        hour=9, minute=0, second=0, microsecond=0)
    series = forum(world, start.astimezone(scheduling.TZ), hours=3, topic="FKP bulanan",
                   venue_id=hall.id, recurrence="monthly_day", count=6,
                   description="Dialog standar pelayanan")
    one = forum(world, wit(2027, 5, 4, 10), topic="Dengar pendapat", kind="hearing",
                mode="online", online_link="https://meet.example.id/x")
    hidden = forum(world, wit(2027, 5, 5, 10), topic="Rapat internal", is_public=False)
    proposed = forum(world, wit(2027, 5, 6, 10), topic="Masih usulan", status="proposed")
    db.session.commit()
    meeting = scheduling.meeting_for(series, scheduling.occurrences(series)[1][0])
    meeting.status = "cancelled"
    db.session.commit()
    return series.id, one.id, hidden.id, proposed.id, meeting.id


def test_forum_ics_parses_back_with_timezone_rrule_alarm_and_exception(app, client, world):
    with app.app_context():
        series, one, hidden, proposed, meeting = _setup(world)
    response = client.get(f"/forum/{series}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    cal = Calendar.from_ical(response.data)
    zones = [c for c in cal.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["Asia/Jayapura"]
    events = cal.walk("VEVENT")
    master = next(e for e in events if "RECURRENCE-ID" not in e)
    assert str(master["SUMMARY"]) == "FKP bulanan"
    assert master.decoded("DTSTART").tzinfo is not None
    assert master.decoded("DTSTART").utcoffset() == timedelta(hours=9)
    assert master["RRULE"]["FREQ"] == ["MONTHLY"] and master["RRULE"]["COUNT"] == [6]
    assert "Aula DPMPTSP" in str(master["LOCATION"])
    alarm = master.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
    exception = next(e for e in events if "RECURRENCE-ID" in e)
    assert str(exception["UID"]) == str(master["UID"])
    assert str(exception["STATUS"]) == "CANCELLED"
    # The meeting's own .ics is its series' calendar.
    assert Calendar.from_ical(client.get(f"/forum/{meeting}.ics").data).walk("VEVENT")


def test_feeds_list_public_forums_only(app, client, world):
    with app.app_context():
        series, one, hidden, proposed, meeting = _setup(world)
    for url in ("/forum/all.ics", "/forum/unit/DPMPTSP.ics"):
        cal = Calendar.from_ical(client.get(url).data)
        topics = {str(e["SUMMARY"]) for e in cal.walk("VEVENT")}
        assert topics == {"FKP bulanan", "Dengar pendapat"}, url
        assert cal.walk("VTIMEZONE")
        online = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]) == "Dengar pendapat")
        assert str(online["URL"]) == "https://meet.example.id/x"
    assert not Calendar.from_ical(client.get("/forum/unit/BKPSDM.ics").data).walk("VEVENT")
    assert client.get("/forum/unit/NOPE.ics").status_code == 404
    # A forum that is not public, or only proposed, has no public .ics.
    assert client.get(f"/forum/{hidden}.ics").status_code == 404
    assert client.get(f"/forum/{proposed}.ics").status_code == 404
    assert client.get("/forum/99999999999.ics").status_code == 404
