"""Making forums for the tests: times are given in WIT, as a coordinator types them."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.extensions import db
from plugins.forum.models import Forum, ForumVenue
from plugins.forum.scheduling import TZ


def wit(*args) -> datetime:
    """A WIT wall-clock time as aware UTC."""
    return datetime(*args, tzinfo=TZ).astimezone(timezone.utc)


def venue(name="Aula DPMPTSP", capacity=80) -> ForumVenue:
    v = ForumVenue(name=name, address="Jl. Merdeka, Manokwari", capacity=capacity)
    db.session.add(v)
    db.session.flush()
    return v


def forum(world, start: datetime, hours=2, topic="Forum uji", status="scheduled", **more):
    f = Forum(unit_id=world.units["dpm"], topic=topic, kind=more.pop("kind", "fkp"),
              mode=more.pop("mode", "in_person"), start_at=start,
              end_at=start + timedelta(hours=hours), status=status,
              contact_id=world.people["head"], **more)
    db.session.add(f)
    db.session.flush()
    return f
