"""Who sees which SKP and evaluation rows: the three people named on them (the employee, the
appraiser and the appraiser's superior); HR and the auditor see all; anyone else none. The
employee sees the assessment of their own evaluation only once the appraiser has signed it."""
from __future__ import annotations

from sqlalchemy import false, or_

from app.auth.permissions import current_employee_id, has_role
from app.core.roles import AUDITOR, HR_ADMIN
from plugins.appraisal.states import EvaluationState


def people_scope(stmt, model):
    """Narrow a query or select of `model` (Skp or Evaluation) to the current user's rows."""
    if has_role(HR_ADMIN, AUDITOR):
        return stmt
    me = current_employee_id()
    if me is None:  # (`appraiser_id == None` would match every row without an appraiser)
        return stmt.filter(false())
    return stmt.filter(or_(model.employee_id == me, model.appraiser_id == me,
                           model.superior_id == me))


def assessment_hidden(evaluation, me: int | None) -> bool:
    """Ratings, predikat and feedback stay the appraiser's draft, hidden from the employee
    `me`, until the appraiser has rated (signed) the evaluation."""
    return evaluation.status == EvaluationState.DRAFT and evaluation.employee_id == me
