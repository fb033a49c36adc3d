"""The JP ledger: per employee and year (the year of a session's end date in WIT, of an
outside training's end date), JP from finished sessions plus verified outside JP, against the
PNS minimum (20 JP) or the PPPK quota; and compliance over a unit tree."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.org.models import Employee, WorkUnit
from plugins.training.models import ExternalJp, Participant, TrainingSession
from app.org.tree import unit_tree
from plugins.training.rules import shortfall, year_bounds
from plugins.training.workflows import DONE, VERIFIED


def required(employment_type: str) -> Decimal:
    """JP a year the employee must reach: the PNS minimum or the PPPK quota."""
    key = "TRAINING_PPPK_QUOTA_JP" if employment_type == "pppk" else "TRAINING_PNS_MIN_JP"
    return Decimal(str(current_app.config[key]))


def _session_rows(year: int):
    start, end = year_bounds(year)
    return (select(Participant.employee_id, Participant.jp)
            .join(TrainingSession, TrainingSession.id == Participant.session_id)
            .where(TrainingSession.status == DONE, TrainingSession.ends_at >= start,
                   TrainingSession.ends_at < end, Participant.jp > 0))


def _external_rows(year: int):
    from datetime import date

    return (select(ExternalJp.employee_id, ExternalJp.jp)
            .where(ExternalJp.status == VERIFIED, ExternalJp.ends_on >= date(year, 1, 1),
                   ExternalJp.ends_on <= date(year, 12, 31)))


def totals(year: int, employee_ids=None) -> dict[int, Decimal]:
    """{employee id: JP of the year}, two grouped sums."""
    result: dict[int, Decimal] = {}
    for stmt in (_session_rows(year), _external_rows(year)):
        sub = stmt.subquery()
        grouped = select(sub.c.employee_id, func.sum(sub.c.jp)).group_by(sub.c.employee_id)
        if employee_ids is not None:
            grouped = grouped.where(sub.c.employee_id.in_(employee_ids))
        for employee_id, jp in db.session.execute(grouped):
            result[employee_id] = result.get(employee_id, Decimal(0)) + Decimal(jp or 0)
    return result


@dataclass
class Line:
    when: object          # the end (datetime of a session, date of an outside training)
    title: str
    organiser: str
    jp: Decimal
    source: str           # "session" or "external"
    record_id: int


def lines(employee_id: int, year: int) -> list[Line]:
    """The entries of one employee's ledger for the year, in date order."""
    start, end = year_bounds(year)
    found = []
    for p, session in db.session.execute(
            select(Participant, TrainingSession)
            .join(TrainingSession, TrainingSession.id == Participant.session_id)
            .where(Participant.employee_id == employee_id, TrainingSession.status == DONE,
                   TrainingSession.ends_at >= start, TrainingSession.ends_at < end,
                   Participant.jp > 0)):
        found.append(Line(session.ends_at.date(), str(session.title or session.programme.name),
                          session.programme.organiser, Decimal(p.jp), "session", p.id))
    for ext in db.session.scalars(_external_rows(year).with_only_columns(ExternalJp)
                                  .where(ExternalJp.employee_id == employee_id)):
        found.append(Line(ext.ends_on, ext.title, ext.organiser, Decimal(ext.jp), "external",
                          ext.id))
    return sorted(found, key=lambda line: (line.when, line.title))


@dataclass
class Standing:
    employee: Employee
    total: Decimal
    required: Decimal

    @property
    def short(self) -> Decimal:
        return shortfall(self.total, self.required)

    @property
    def met(self) -> bool:
        return self.short == 0


def standing(employee: Employee, year: int) -> Standing:
    return Standing(employee, totals(year, [employee.id]).get(employee.id, Decimal(0)),
                    required(employee.employment_type))


def compliance(root_unit_id: int | None, year: int) -> list[Standing]:
    """Every active employee of the unit tree (or of the regency) with their JP, those
    furthest below first."""
    stmt = select(Employee).where(Employee.active.is_(True))
    if root_unit_id is not None:
        stmt = stmt.where(Employee.unit_id.in_(unit_tree(root_unit_id)))
    people = db.session.scalars(stmt.order_by(Employee.name)).all()
    sums = totals(year, [e.id for e in people]) if people else {}
    rows = [Standing(e, sums.get(e.id, Decimal(0)), required(e.employment_type))
            for e in people]
    return sorted(rows, key=lambda s: (-s.short, s.employee.name))


def unit_rates(year: int, units: list[WorkUnit]) -> list[tuple[WorkUnit, int, int]]:
    """Per unit (with its sub-units): (unit, employees, employees who met their JP)."""
    result = []
    for unit in units:
        rows = compliance(unit.id, year)
        result.append((unit, len(rows), sum(1 for s in rows if s.met)))
    return result


