"""Daily activity report transitions: submit, verify, return.

Each transition is one conditional UPDATE (`WHERE id = ? AND status IN (...)`), so of two
concurrent clicks exactly one wins; the loser is told the report has already moved.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_login import current_user
from sqlalchemy import select, update

from app.audit.trail import record
from app.auth.permissions import current_employee_id
from app.core.signals import workflow_transitioned
from app.extensions import db
from app.i18n import _l, utcnow
from app.org.models import Employee
from app.performance.models import ActivityReport


@dataclass(frozen=True)
class Transition:
    name: str
    label: object
    sources: tuple[str, ...]
    target: str
    by_supervisor: bool
    needs_comment: bool = False


TRANSITIONS = {
    "submit": Transition("submit", _l("Submit"), ("draft", "returned"), "submitted", False),
    "verify": Transition("verify", _l("Verify"), ("submitted",), "verified", True),
    "return": Transition("return", _l("Return"), ("submitted",), "returned", True, True),
}


def allowed(transition: Transition, report: ActivityReport, supervisor_id: int | None) -> bool:
    """May the current user apply this transition to this report (ignoring its state)?"""
    me = current_employee_id()
    if me is None:
        return False
    if transition.by_supervisor:
        # Only the direct supervisor verifies; nobody verifies their own report.
        return supervisor_id == me and report.employee_id != me
    return report.employee_id == me


def available(report: ActivityReport) -> list[Transition]:
    """Transitions the current user can apply to this report now (buttons on its page)."""
    supervisor_id = report.employee.supervisor_id if report.employee else None
    return [t for t in TRANSITIONS.values()
            if report.status in t.sources and allowed(t, report, supervisor_id)]


def apply(name: str, ids: list[int], comment: str | None = None) -> tuple[int, int]:
    """Apply a transition to the given reports; returns (applied, refused) and commits."""
    transition = TRANSITIONS[name]
    rows = db.session.execute(
        select(ActivityReport, Employee.supervisor_id)
        .join(Employee, Employee.id == ActivityReport.employee_id)
        .where(ActivityReport.id.in_(ids))
    ).all()
    done = refused = 0
    now = utcnow()
    for report, supervisor_id in rows:
        if not allowed(transition, report, supervisor_id):
            refused += 1
            continue
        values = {"status": transition.target, "updated_at": now}
        if transition.by_supervisor:
            values.update(reviewed_at=now, reviewer_id=current_employee_id(),
                          review_comment=comment or None)
        else:
            values.update(submitted_at=now)
        result = db.session.execute(
            update(ActivityReport)
            .where(ActivityReport.id == report.id, ActivityReport.status.in_(transition.sources))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            record("transition", "activity_report", report.id,
                   status=[report.status, transition.target], comment=comment or "")
            workflow_transitioned.send("activity_report", record_id=report.id,
                                       transition=transition.name, from_state=report.status,
                                       to_state=transition.target,
                                       user_id=current_user.id, comment=comment or "")
            done += 1
        else:
            refused += 1
    db.session.commit()
    db.session.expire_all()
    return done, refused + (len(ids) - len(rows))
