"""Feedback: each attendee (present at least one day) rates a finished session once, 1 to 5
on four questions with an optional comment; the trainer and HR see the averages."""
from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.i18n import _l
from plugins.training.choices import PRESENT
from plugins.training.models import Attendance, SessionFeedback, Participant, TrainingSession
from plugins.training.workflows import DONE

QUESTIONS = {
    "content": _l("The content was useful"),
    "trainer": _l("The trainer explained well"),
    "relevance": _l("It helps in my work"),
    "organisation": _l("It was well organised"),
}
COMMENT_MAX = 2000


def may_rate(session: TrainingSession, employee_id: int | None) -> bool:
    """A finished session the employee attended and has not rated yet."""
    if employee_id is None or session.status != DONE:
        return False
    attended = db.session.scalar(
        select(Attendance.id).join(Participant, Participant.id == Attendance.participant_id)
        .where(Participant.session_id == session.id, Participant.employee_id == employee_id,
               Attendance.status == PRESENT).limit(1))
    rated = db.session.scalar(select(SessionFeedback.id).where(
        SessionFeedback.session_id == session.id, SessionFeedback.employee_id == employee_id).limit(1))
    return attended is not None and rated is None


def to_rate(employee_id: int | None) -> list[TrainingSession]:
    """Finished sessions the employee attended and has not rated."""
    if employee_id is None:
        return []
    attended = select(Participant.session_id).join(
        Attendance, Attendance.participant_id == Participant.id).where(
        Participant.employee_id == employee_id, Attendance.status == PRESENT)
    rated = select(SessionFeedback.session_id).where(SessionFeedback.employee_id == employee_id)
    return db.session.scalars(select(TrainingSession).where(
        TrainingSession.status == DONE, TrainingSession.id.in_(attended),
        TrainingSession.id.not_in(rated)).order_by(TrainingSession.ends_at.desc())).all()


def summary(session_id: int) -> dict:
    """{"count": n, "<question>": average, "comments": [...]} (no names)."""
    row = db.session.execute(select(func.count(SessionFeedback.id),
                                    *(func.avg(getattr(SessionFeedback, q)) for q in QUESTIONS))
                             .where(SessionFeedback.session_id == session_id)).one()
    result = {"count": row[0], **{q: row[i + 1] for i, q in enumerate(QUESTIONS)}}
    result["comments"] = [c for c in db.session.scalars(
        select(SessionFeedback.comment).where(SessionFeedback.session_id == session_id,
                                       SessionFeedback.comment.is_not(None))
        .order_by(SessionFeedback.id)) if c.strip()]
    return result
