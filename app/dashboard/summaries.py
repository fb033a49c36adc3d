"""Keeping the report summary tables (`app.dashboard.models`) current, in the transaction of
each write, and rebuilding or checking them from the reports.

Every change of a report becomes a delta on its group (employee, day, state): +1 report and its
minutes where it is now, -1 where it was. Deltas come from two places:

- the session's flush (`after_flush`): reports created, edited (employee, date, state or
  duration changed) and deleted through the ORM: forms, imports, inline edits, demo data;
- the workflow engine's signal `workflow-transitioned`: a transition moves a report with a
  conditional SQL UPDATE that no flush sees (single clicks and bulk verify alike).

Deltas gather per session and are written before the flush ends and before a commit, grouped
by key (fifty verifications of one person's day are one statement per table). Each group's
row is upserted (`INSERT ... ON CONFLICT DO UPDATE`, on SQLite and PostgreSQL); the unit
table takes the employee's unit at that moment, and when an employee moves unit their rows
move with them. A transaction that rolls back drops its pending deltas with it.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, event, func, inspect, literal, select
from sqlalchemy.orm import Session

from app.dashboard.models import EmployeeDaySummary, UnitDaySummary
from app.extensions import db
from app.org.models import Employee
from app.performance.models import ActivityReport
from app.performance.workflow import ENTITY

EMPLOYEE_DAY = EmployeeDaySummary.__table__
UNIT_DAY = UnitDaySummary.__table__
KEY = ("day", "status")
PENDING = "kinerja_summary_deltas"
TRACKED = ("employee_id", "date", "status", "duration_minutes")


def _pending(session) -> dict:
    return session.info.setdefault(PENDING, defaultdict(lambda: [0, 0]))


def add(session, employee_id: int, day, status: str, reports: int, minutes: int) -> None:
    """Queue a delta on the group (employee, day, state)."""
    delta = _pending(session)[(employee_id, day, status)]
    delta[0] += reports
    delta[1] += minutes or 0


def _upsert(conn, table, index, rows_or_select, columns=None):
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table)
    stmt = stmt.from_select(columns, rows_or_select) if columns else stmt.values(rows_or_select)
    conn.execute(stmt.on_conflict_do_update(index_elements=index, set_={
        "reports": table.c.reports + stmt.excluded.reports,
        "minutes": table.c.minutes + stmt.excluded.minutes}))


def _move_unit(conn, employee_id: int, unit_id: int, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) all of an employee's groups to a unit's."""
    rows = select(literal(unit_id), EMPLOYEE_DAY.c.day, EMPLOYEE_DAY.c.status,
                  sign * EMPLOYEE_DAY.c.reports, sign * EMPLOYEE_DAY.c.minutes) \
        .where(EMPLOYEE_DAY.c.employee_id == employee_id)
    _upsert(conn, UNIT_DAY, ["unit_id", *KEY], rows,
            ["unit_id", "day", "status", "reports", "minutes"])


def flush_pending(session) -> None:
    """Write the queued deltas (one upsert per group and table), then drop emptied groups."""
    deltas = {k: v for k, v in session.info.pop(PENDING, {}).items() if v != [0, 0]}
    if not deltas:
        return
    conn = session.connection()
    for (employee_id, day, status), (reports, minutes) in deltas.items():
        _upsert(conn, EMPLOYEE_DAY, ["employee_id", *KEY],
                {"employee_id": employee_id, "day": day, "status": status,
                 "reports": reports, "minutes": minutes})
        _upsert(conn, UNIT_DAY, ["unit_id", *KEY],
                select(Employee.unit_id, literal(day), literal(status), literal(reports),
                       literal(minutes))
                .where(Employee.id == employee_id, Employee.unit_id.is_not(None)),
                ["unit_id", "day", "status", "reports", "minutes"])
    if any(reports < 0 for reports, _m in deltas.values()):
        people = sorted({k[0] for k in deltas})
        conn.execute(delete(EMPLOYEE_DAY).where(EMPLOYEE_DAY.c.employee_id.in_(people),
                                                EMPLOYEE_DAY.c.reports <= 0))
        conn.execute(delete(UNIT_DAY).where(
            UNIT_DAY.c.unit_id.in_(select(Employee.unit_id).where(Employee.id.in_(people))),
            UNIT_DAY.c.reports <= 0))


def _old(obj, attr):
    history = inspect(obj).attrs[attr].history
    # Report and employee columns are audited: their old value is loaded before a change
    # (app.audit.trail), so `deleted` holds it whenever the value changed.
    return history.deleted[0] if history.deleted else getattr(obj, attr)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _context) -> None:
    conn = None
    for obj in session.dirty:
        # An employee who changes unit takes their summarised reports along (before this
        # flush's own deltas are written, which already count under the new unit).
        if isinstance(obj, Employee):
            history = inspect(obj).attrs.unit_id.history
            if history.has_changes() and obj.id is not None:
                old = history.deleted[0] if history.deleted else None
                conn = conn or session.connection()
                if old is not None:
                    _move_unit(conn, obj.id, old, -1)
                    conn.execute(delete(UNIT_DAY).where(UNIT_DAY.c.unit_id == old,
                                                        UNIT_DAY.c.reports <= 0))
                if obj.unit_id is not None:
                    _move_unit(conn, obj.id, obj.unit_id, 1)
    for obj in session.new:
        if isinstance(obj, ActivityReport):
            add(session, obj.employee_id, obj.date, obj.status or "draft", 1,
                obj.duration_minutes)
    for obj in session.dirty:
        if isinstance(obj, ActivityReport) and any(
                inspect(obj).attrs[a].history.has_changes() for a in TRACKED):
            old = [_old(obj, a) for a in TRACKED]
            add(session, old[0], old[1], old[2], -1, -(old[3] or 0))
            add(session, obj.employee_id, obj.date, obj.status, 1, obj.duration_minutes)
    for obj in session.deleted:
        if isinstance(obj, ActivityReport):
            old = [_old(obj, a) for a in TRACKED]
            add(session, old[0], old[1], old[2], -1, -(old[3] or 0))
    flush_pending(session)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # Transitions queued deltas without a flush; write them inside the transaction.
    flush_pending(session)


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, _previous) -> None:
    session.info.pop(PENDING, None)


def on_transition(sender, record_id, from_state, to_state, **_kwargs) -> None:
    """`workflow-transitioned` of an activity report: its group changes state. The engine has
    the report in the session already (loaded to check the transition): no query."""
    if sender != ENTITY:
        return
    report = db.session.get(ActivityReport, record_id)
    add(db.session, report.employee_id, report.date, from_state, -1,
        -(report.duration_minutes or 0))
    add(db.session, report.employee_id, report.date, to_state, 1, report.duration_minutes)


def rebuild() -> tuple[int, int]:
    """Recompute both tables from the reports (in the caller's transaction); returns the
    number of (employee, day, state) and (unit, day, state) groups."""
    db.session.flush()
    db.session.info.pop(PENDING, None)
    conn = db.session.connection()
    conn.execute(delete(UNIT_DAY))
    conn.execute(delete(EMPLOYEE_DAY))
    conn.execute(EMPLOYEE_DAY.insert().from_select(
        ["employee_id", "day", "status", "reports", "minutes"], _live_employee_groups()))
    conn.execute(UNIT_DAY.insert().from_select(
        ["unit_id", "day", "status", "reports", "minutes"], _live_unit_groups()))
    return (conn.scalar(select(func.count()).select_from(EMPLOYEE_DAY)),
            conn.scalar(select(func.count()).select_from(UNIT_DAY)))


def _live_employee_groups():
    r = ActivityReport
    return (select(r.employee_id, r.date, r.status, func.count(),
                   func.coalesce(func.sum(r.duration_minutes), 0))
            .group_by(r.employee_id, r.date, r.status))


def _live_unit_groups():
    r = ActivityReport
    return (select(Employee.unit_id, r.date, r.status, func.count(),
                   func.coalesce(func.sum(r.duration_minutes), 0))
            .join(Employee, Employee.id == r.employee_id)
            .where(Employee.unit_id.is_not(None))
            .group_by(Employee.unit_id, r.date, r.status))


def differences() -> list[str]:
    """Where the summary tables disagree with the reports (empty when they agree)."""
    problems = []
    for name, live, table, key in (
            ("employee", _live_employee_groups(), EMPLOYEE_DAY, "employee_id"),
            ("unit", _live_unit_groups(), UNIT_DAY, "unit_id")):
        expected = {tuple(row[:3]): tuple(row[3:]) for row in db.session.execute(live)}
        stored = {tuple(row[:3]): tuple(row[3:]) for row in db.session.execute(
            select(table.c[key], table.c.day, table.c.status, table.c.reports,
                   table.c.minutes).where(table.c.reports != 0))}
        for group in sorted(set(expected) | set(stored), key=str):
            if expected.get(group) != stored.get(group):
                problems.append(f"{name} {group}: reports has {expected.get(group)}, "
                                f"summary has {stored.get(group)}")
    return problems
