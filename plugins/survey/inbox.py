"""The inbox task of the survey: responses waiting for the unit's review before they count
(periods with review), for those who manage the unit's survey."""
from __future__ import annotations

from sqlalchemy import func, select

from app.admin.links import list_url
from app.auth.permissions import has_role
from app.core.hooks import Task
from app.core.roles import HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _l
from plugins.survey.access import scope_units
from plugins.survey.models import PENDING, SurveyPeriod, SurveyResponse


def pending_reviews(user) -> list[Task]:
    if not has_role(HR_ADMIN, SUPERVISOR):
        return []
    periods = scope_units(select(SurveyPeriod.id), SurveyPeriod.unit_id)
    count = db.session.scalar(select(func.count()).select_from(SurveyResponse).where(
        SurveyResponse.status == PENDING, SurveyResponse.period_id.in_(periods)))
    if not count:
        return []
    return [Task(key="survey:pending", title=_l("Survey responses"), action=_l("Review"),
                 count=count, url=list_url("survey_response", status=PENDING))]
