"""Public registration (capacity, waiting list, cancelling, spam limits) and the public pages,
which never show a registrant's personal data."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.i18n import utcnow
from plugins.forum import scheduling
from plugins.forum.models import Forum, ForumAttendance, ForumFollowUp, ForumMinutes, \
    ForumRegistration
from plugins.forum.tests.helpers import forum, venue

PERSON = {"name": "Siti Rahmawati Wonggor", "email": "siti.wonggor@contoh.id",
          "organisation": "Kelompok Tani Sidey", "stakeholder_group": "business", "sex": "f"}


def _upcoming(app, world, **more):
    with app.app_context():
        hall = venue()
        f = forum(world, utcnow() + timedelta(days=5), topic="FKP perizinan",
                  venue_id=hall.id, **more)
        db.session.commit()
        return f.id


def _register(client, forum_id, environ=None, **data):
    form = {**PERSON, **data}
    return client.post(f"/forum/{forum_id}/register", form, token_from=f"/forum/{forum_id}/",
                       environ_base=environ or {"REMOTE_ADDR": "10.0.0.1"})


def _statuses(app):
    with app.app_context():
        return [r.status for r in db.session.scalars(
            select(ForumRegistration).order_by(ForumRegistration.id))]


def test_capacity_then_waiting_list_then_moving_up(app, client, world):
    forum_id = _upcoming(app, world, capacity=2)
    first = _register(client, forum_id, name="Satu")
    assert first.status_code == 302 and "/forum/registration/" in first.location
    page = client.get(first.location).get_data(as_text=True)
    assert 'data-status="registered"' in page
    _register(client, forum_id, name="Dua")
    third = _register(client, forum_id, name="Tiga")
    page = client.get(third.location).get_data(as_text=True)
    assert 'data-status="waitlisted"' in page and "(nomor 1)" in page
    assert _statuses(app) == ["registered", "registered", "waitlisted"]
    assert "penuh" in client.get(f"/forum/{forum_id}/").get_data(as_text=True)
    # The first cancels from their page: the waiting list moves up.
    response = client.post(first.location, {}, token_from=first.location)
    assert response.status_code == 302
    assert _statuses(app) == ["cancelled", "registered", "registered"]
    assert 'data-status="registered"' in client.get(third.location).get_data(as_text=True)
    assert client.get("/forum/registration/not-a-token").status_code == 404


def test_registration_closed_for_unscheduled_past_or_hidden_forums(app, client, world):
    with app.app_context():
        past = forum(world, utcnow() - timedelta(days=1), topic="Lalu")
        proposed = forum(world, utcnow() + timedelta(days=3), topic="Usulan",
                         status="proposed")
        hidden = forum(world, utcnow() + timedelta(days=3), topic="Internal",
                       is_public=False)
        db.session.commit()
        ids = past.id, proposed.id, hidden.id
    response = client.post(f"/forum/{ids[0]}/register", PERSON,
                           token_from=f"/forum/{ids[0]}/")
    assert response.status_code == 302
    assert _statuses(app) == []
    assert client.get(f"/forum/{ids[1]}/").status_code == 404
    assert client.get(f"/forum/{ids[2]}/").status_code == 404


def test_series_registration_is_for_one_meeting(app, client, world):
    with app.app_context():
        start = utcnow() + timedelta(days=2)
        series = forum(world, start, topic="Klinik mingguan", recurrence="weekly", count=4,
                       capacity=1)
        db.session.commit()
        starts = [s for s, _e in scheduling.occurrences(series)]
        series_id = series.id
    key = starts[1].strftime("%Y%m%dT%H%M%SZ")
    page = client.get(f"/forum/{series_id}/?meeting={key}").get_data(as_text=True)
    assert 'id="registration-form"' in page
    response = client.post(f"/forum/{series_id}/register", {**PERSON, "meeting": key},
                           token_from=f"/forum/{series_id}/?meeting={key}")
    assert "/forum/registration/" in response.location
    with app.app_context():
        entry = db.session.scalar(select(ForumRegistration))
        assert entry.forum.parent_id == series_id
        assert scheduling.aware(entry.forum.start_at) == starts[1]
    # Without a meeting: refused, nothing stored.
    client.post(f"/forum/{series_id}/register", PERSON, token_from=f"/forum/{series_id}/")
    assert len(_statuses(app)) == 1


def test_spam_honeypot_sizes_and_rate_limit(app, client, world):
    forum_id = _upcoming(app, world)
    # The honeypot: a friendly page, nothing stored.
    response = _register(client, forum_id, website="http://spam.example")
    assert response.status_code == 200 and _statuses(app) == []
    # Field sizes and bad input: a message, nothing stored.
    for n, bad in enumerate(({"name": "x" * 121}, {"email": "not-an-address"}, {"name": ""},
                {"organisation": "o" * 151}, {"stakeholder_group": "martians"},
                {"name": "nul\x00byte"})):
        response = _register(client, forum_id, environ={"REMOTE_ADDR": f"10.0.1.{n}"}, **bad)
        if "\x00" in bad.get("name", ""):   # refused before the view (app/core/inputs.py)
            assert response.status_code == 400, bad
            continue
        assert response.status_code == 302 and "/registration/" not in response.location, bad
    assert _statuses(app) == []
    # A huge body is refused before it is read.
    response = client.http.post(f"/forum/{forum_id}/register", data={"name": "x" * 20000},
                                environ_base={"REMOTE_ADDR": "10.0.0.3"})
    assert response.status_code in (400, 413)
    # The rate per source address: 5 an hour.
    codes = [_register(client, forum_id, environ={"REMOTE_ADDR": "10.0.0.7"},
                       name=f"Orang {n}").status_code for n in range(6)]
    assert codes[:5] == [302] * 5 and codes[5] == 429
    # Another source is not affected.
    assert _register(client, forum_id, environ={"REMOTE_ADDR": "10.0.0.8"}).status_code == 302


def test_no_personal_data_on_any_public_page(app, client, world):
    forum_id = _upcoming(app, world)
    response = _register(client, forum_id)
    confirmation = response.location
    with app.app_context():
        # The forum is held, its minutes published, follow-ups agreed.
        held = forum(world, utcnow() - timedelta(days=3), topic="FKP lalu", status="published")
        held.minutes = [ForumMinutes(revision=1, body="Notulen rapat", created_at=utcnow())]
        held.attendance = [ForumAttendance(stakeholder_group="business", male=3, female=2)]
        held.follow_ups = [ForumFollowUp(title="Perbaiki papan informasi",
                                         owner_unit_id=world.units["dpm"],
                                         responsible_id=world.people["pegawai"],
                                         due_date=utcnow().date() + timedelta(days=9))]
        db.session.add(ForumRegistration(
            forum=held, name="Yakobus Mansim", email="yakobus@contoh.id", organisation="LMA",
            token="t" * 30, created_at=utcnow(), status="registered"))
        db.session.commit()
        held_id = held.id
    secrets_ = [PERSON["name"], PERSON["email"], PERSON["organisation"], "Yakobus",
                "yakobus@contoh.id", "Pegawai Satu", "Kepala DPMPTSP"]
    pages = ["/", "/forum/", "/forum/unit/DPMPTSP/", f"/forum/{forum_id}/",
             f"/forum/{held_id}/", "/forum/all.ics", "/forum/unit/DPMPTSP.ics",
             f"/forum/{forum_id}.ics", f"/forum/{held_id}.ics", confirmation]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        for secret in secrets_:
            assert secret not in text, (secret, url)
    public = client.get(f"/forum/{held_id}/").get_data(as_text=True)
    assert "Notulen rapat" in public and "Perbaiki papan informasi" in public
    assert 'id="attendance"' in public
    listing = client.get("/forum/").get_data(as_text=True)
    assert "FKP perizinan" in listing and "FKP lalu" in listing
    # The transparency section: counts per unit.
    with app.test_request_context():
        from app.core.registry import registry

        section = registry().transparency_sections["forum"]
        html = str(section.render(None, utcnow().year))
        rows = section.rows(None, utcnow().year)
        assert rows[0]["forums_held"] == 1 and rows[0]["follow_ups"] == 1
        assert not any(s in html for s in secrets_)


def test_coordinator_frees_a_place_and_what_people_typed_is_escaped(app, as_user, client,
                                                                    world):
    forum_id = _upcoming(app, world, capacity=1)
    _register(client, forum_id, name="<script>alert(1)</script>")
    _register(client, forum_id, name="Kedua")
    assert _statuses(app) == ["registered", "waitlisted"]
    with app.app_context():
        first = db.session.scalar(select(ForumRegistration).order_by(ForumRegistration.id))
        first_id = first.id
    koordinator = as_user("koordinator")
    page = koordinator.get("/admin/forum_registration/").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    response = koordinator.post(f"/admin/forum_registration/edit/?id={first_id}",
                                {"status": "cancelled"})
    assert response.status_code == 302
    assert _statuses(app) == ["cancelled", "registered"]
    with app.app_context():
        f = db.session.get(Forum, forum_id)
        f.topic = "<b>Forum</b> & <i>warga</i>"
        db.session.commit()
    page = client.get(f"/forum/{forum_id}/").get_data(as_text=True)
    assert "&lt;b&gt;Forum&lt;/b&gt; &amp; &lt;i&gt;warga&lt;/i&gt;" in page
