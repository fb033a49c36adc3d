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

from app.dashboard.models import (EmployeeDaySummary, EmployeeStateSummary, UnitDaySummary,
                                  UnitStateSummary)
from app.extensions import db
from app.org.models import Employee
from app.performance.models import ActivityReport
from app.performance.workflow import ENTITY

EMPLOYEE_DAY = EmployeeDaySummary.__table__
UNIT_DAY = UnitDaySummary.__table__
EMPLOYEE_STATE = EmployeeStateSummary.__table__
UNIT_STATE = UnitStateSummary.__table__
# Each table and the columns of its group besides the employee or unit.
EMPLOYEE_TABLES = ((EMPLOYEE_DAY, ("day", "status")), (EMPLOYEE_STATE, ("status",)))
UNIT_TABLES = ((UNIT_DAY, ("day", "status")), (UNIT_STATE, ("status",)))
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
    for (source, key), (target, _key) in zip(EMPLOYEE_TABLES, UNIT_TABLES):
        rows = select(literal(unit_id), *(source.c[k] for k in key),
                      sign * source.c.reports, sign * source.c.minutes) \
            .where(source.c.employee_id == employee_id)
        _upsert(conn, target, ["unit_id", *key], rows,
                ["unit_id", *key, "reports", "minutes"])


def flush_pending(session) -> None:
    """Write the queued deltas (one upsert per group and table), then drop emptied groups."""
    deltas = {k: v for k, v in session.info.pop(PENDING, {}).items() if v != [0, 0]}
    if not deltas:
        return
    conn = session.connection()
    by_state: dict = defaultdict(lambda: [0, 0])
    for (employee_id, _day, status), (reports, minutes) in deltas.items():
        by_state[(employee_id, status)][0] += reports
        by_state[(employee_id, status)][1] += minutes
    for table, key, groups in ((EMPLOYEE_DAY, ("day", "status"), deltas),
                               (EMPLOYEE_STATE, ("status",), by_state)):
        unit_table = UNIT_DAY if table is EMPLOYEE_DAY else UNIT_STATE
        for group, (reports, minutes) in groups.items():
            if (reports, minutes) == (0, 0):
                continue
            employee_id, values = group[0], dict(zip(key, group[1:]))
            _upsert(conn, table, ["employee_id", *key],
                    {"employee_id": employee_id, **values, "reports": reports,
                     "minutes": minutes})
            _upsert(conn, unit_table, ["unit_id", *key],
                    select(Employee.unit_id, *(literal(v) for v in values.values()),
                           literal(reports), literal(minutes))
                    .where(Employee.id == employee_id, Employee.unit_id.is_not(None)),
                    ["unit_id", *key, "reports", "minutes"])
    if any(reports < 0 for reports, _m in deltas.values()):
        people = sorted({k[0] for k in deltas})
        units = select(Employee.unit_id).where(Employee.id.in_(people))
        for table, _key in EMPLOYEE_TABLES:
            conn.execute(delete(table).where(table.c.employee_id.in_(people),
                                             table.c.reports <= 0))
        for table, _key in UNIT_TABLES:
            conn.execute(delete(table).where(table.c.unit_id.in_(units), table.c.reports <= 0))


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
                    for table, _key in UNIT_TABLES:
                        conn.execute(delete(table).where(table.c.unit_id == old,
                                                         table.c.reports <= 0))
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
    """Recompute the tables from the reports (in the caller's transaction); returns the
    number of (employee, day, state) and (unit, day, state) groups."""
    db.session.flush()
    db.session.info.pop(PENDING, None)
    conn = db.session.connection()
    for table, _key in (*UNIT_TABLES, *EMPLOYEE_TABLES):
        conn.execute(delete(table))
    for table, key in EMPLOYEE_TABLES:
        conn.execute(table.insert().from_select(["employee_id", *key, "reports", "minutes"],
                                                _live(key, unit=False)))
    for table, key in UNIT_TABLES:
        conn.execute(table.insert().from_select(["unit_id", *key, "reports", "minutes"],
                                                _live(key, unit=True)))
    return (conn.scalar(select(func.count()).select_from(EMPLOYEE_DAY)),
            conn.scalar(select(func.count()).select_from(UNIT_DAY)))


def _live(key: tuple, unit: bool):
    """The groups as the reports have them now: (owner, *key, reports, minutes)."""
    r = ActivityReport
    columns = {"day": r.date, "status": r.status}
    owner = Employee.unit_id if unit else r.employee_id
    group = [owner, *(columns[k] for k in key)]
    stmt = select(*group, func.count(), func.coalesce(func.sum(r.duration_minutes), 0))
    if unit:
        stmt = stmt.join(Employee, Employee.id == r.employee_id) \
            .where(Employee.unit_id.is_not(None))
    return stmt.group_by(*group)


def differences() -> list[str]:
    """Where the summary tables disagree with the reports (empty when they agree)."""
    problems = []
    for (table, key), owner in [*((t, "employee_id") for t in EMPLOYEE_TABLES),
                                *((t, "unit_id") for t in UNIT_TABLES)]:
        expected = {tuple(row[:-2]): tuple(row[-2:]) for row in db.session.execute(
            _live(key, unit=owner == "unit_id"))}
        stored = {tuple(row[:-2]): tuple(row[-2:]) for row in db.session.execute(
            select(table.c[owner], *(table.c[k] for k in key), table.c.reports,
                   table.c.minutes).where(table.c.reports != 0))}
        for group in sorted(set(expected) | set(stored), key=str):
            if expected.get(group) != stored.get(group):
                problems.append(f"{table.name} {group}: reports has {expected.get(group)}, "
                                f"summary has {stored.get(group)}")
    return problems
