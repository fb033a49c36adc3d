"""The plugin's home-page cards and inbox tasks: an employee's JP of the year against their
minimum; a trainer's sessions (today's attendance, sessions to start, results to enter)."""
from __future__ import annotations

from flask import render_template, url_for
from sqlalchemy import select

from app.core.hooks import Task
from app.core.roles import EMPLOYEE, SUPERVISOR, TRAINER
from app.extensions import db
from app.i18n import _l, local_today
from app.org.models import Employee
from plugins.training import feedback, ledger
from plugins.training.models import Participant, TrainingSession
from plugins.training.rules import local, session_days
from plugins.training.workflows import APPROVED, DONE, PLANNED, RUNNING


def trainer_overview(me: int | None) -> dict:
    """The trainer's sessions by what they need now."""
    if me is None:
        return {"today": [], "to_start": [], "to_grade": [], "planned": [], "linked": False}
    sessions = db.session.scalars(
        select(TrainingSession).where(TrainingSession.trainer_id == me,
                                      TrainingSession.status.in_((PLANNED, APPROVED, RUNNING,
                                                                  DONE)))
        .order_by(TrainingSession.starts_at)).all()
    today = local_today()
    ungraded = set(db.session.scalars(
        select(Participant.session_id).where(Participant.result.is_(None),
                                             Participant.session_id.in_([s.id for s in sessions]))
    )) if sessions else set()
    return {
        "linked": True,
        "today": [s for s in sessions if s.status == RUNNING
                  and today in session_days(s.starts_at, s.ends_at)],
        "to_start": [s for s in sessions if s.status == APPROVED],
        "to_grade": [s for s in sessions if s.status in (RUNNING, DONE) and s.id in ungraded
                     and local(s.ends_at).date() <= today],
        "planned": [s for s in sessions if s.status == PLANNED],
        "running": [s for s in sessions if s.status == RUNNING],
    }


def ledger_widget(user):
    """An employee's own JP this year, with what is missing and sessions to rate."""
    if user.employee_id is None or not user.has_role(EMPLOYEE, SUPERVISOR):
        return None
    employee = db.session.get(Employee, user.employee_id)
    year = local_today().year
    return render_template("training/widget_ledger.html", year=year,
                           standing=ledger.standing(employee, year),
                           to_rate=feedback.to_rate(employee.id))


def trainer_widget(user):
    if not user.has_role(TRAINER):
        return None
    overview = trainer_overview(user.employee_id)
    return render_template("training/widget_trainer.html", **overview)


def trainer_tasks(user) -> list[Task]:
    """Inbox: attendance to record today, sessions to start, results to enter; and for
    employees, finished sessions to rate."""
    tasks = []
    if user.has_role(TRAINER) and user.employee_id is not None:
        overview = trainer_overview(user.employee_id)
        url = url_for("training_trainer.index")
        for key, title, action in (
                ("today", _l("Training sessions today"), _l("Record attendance")),
                ("to_start", _l("Approved training sessions"), _l("Start the session")),
                ("to_grade", _l("Training sessions"), _l("Enter the results"))):
            if overview[key]:
                tasks.append(Task(key=f"training:{key}", title=title, action=action,
                                  count=len(overview[key]), url=url))
    if user.has_role(EMPLOYEE, SUPERVISOR) and user.employee_id is not None:
        count = len(feedback.to_rate(user.employee_id))
        if count:
            tasks.append(Task(key="training:feedback", title=_l("Finished training sessions"),
                              action=_l("Give your feedback"), count=count,
                              url=url_for("training_ledger.index")))
    return tasks


