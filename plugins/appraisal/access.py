"""Who sees which SKP and evaluation rows: the three people named on them (the employee, the
appraiser and the appraiser's superior); HR and the auditor see all; anyone else none."""
from __future__ import annotations

from sqlalchemy import false, or_

from app.auth.permissions import current_employee_id, has_role
from app.auth.roles import AUDITOR, HR_ADMIN


def people_scope(stmt, model):
    """Narrow a query or select of `model` (Skp or Evaluation) to the current user's rows."""
    if has_role(HR_ADMIN, AUDITOR):
        return stmt
    me = current_employee_id()
    if me is None:  # (`appraiser_id == None` would match every row without an appraiser)
        return stmt.filter(false())
    return stmt.filter(or_(model.employee_id == me, model.appraiser_id == me,
                           model.superior_id == me))
