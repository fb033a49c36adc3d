"""Training test scenes on the shared `world`: the `pelatih` account linked to a trainer
employee, the default JP rules, a programme and sessions in given states."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.extensions import db
from app.org.models import Employee, WorkUnit
from plugins.training.config import ensure_default_rules
from plugins.training.models import Programme, TrainingSession
from plugins.training.rules import WIT
from tests.fixtures.world import employee


def link_trainer() -> int:
    """The `pelatih` account gets an employee (in BKPSDM); returns its id."""
    user = db.session.scalar(select(User).where(User.username == "pelatih"))
    if user.employee_id is None:
        bkp = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "BKPSDM"))
        user.employee = employee("Widyaiswara Satu", bkp)
        db.session.commit()
    return user.employee_id


def programme(rule: str = "jam_pelajaran", kind: str = "teknis", name="Pelatihan OSS") -> int:
    rules = ensure_default_rules()
    p = Programme(name=name, kind=kind, route="klasikal", competency="teknis",
                  organiser="BKPSDM", jp_rule=rules[rule], active=True)
    db.session.add(p)
    db.session.commit()
    return p.id


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), WIT)


def session(programme_id: int, trainer_id: int, start: date, days: int = 1,
            hours=((8, 0), (15, 0)), status="direncanakan", **kwargs) -> int:
    s = TrainingSession(programme_id=programme_id, trainer_id=trainer_id,
                        starts_at=at(start, *hours[0]),
                        ends_at=at(start + timedelta(days=days - 1), *hours[1]),
                        venue="Aula", capacity=kwargs.pop("capacity", 30), status=status,
                        **kwargs)
    db.session.add(s)
    db.session.commit()
    return s.id


def nip_of(employee_id: int) -> str:
    return db.session.get(Employee, employee_id).nip
