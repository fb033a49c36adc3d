"""List filters the dashboards link to: reports of one employee or one unit's staff, and
employees who sent no report on a day."""
from __future__ import annotations

from flask_admin.contrib.sqla.filters import BaseSQLAFilter, FilterEqual
from sqlalchemy import exists, select

from app.org.models import Employee
from app.performance.models import ActivityReport
from app.performance.workflow import DRAFT


class _IdFilter(BaseSQLAFilter):
    def validate(self, value):
        return str(value).isdigit()

    def clean(self, value):
        return int(value)


class EmployeeFilter(_IdFilter, FilterEqual):
    """Reports of one employee (by id)."""

    link_name = "employee"


class UnitFilter(_IdFilter):
    """Reports of the staff of one unit (their unit today, not the units below it)."""

    link_name = "unit"

    def apply(self, query, value, alias=None):
        return query.filter(ActivityReport.employee_id.in_(
            select(Employee.id).where(Employee.unit_id == value)))

    def operation(self):
        from app.i18n import _

        return _("equals")


class NotReportedFilter(BaseSQLAFilter):
    """Employees who sent no report (in any state but draft) dated on the given day."""

    link_name = "not_reported_on"

    def validate(self, value):
        return self.clean(value) is not None

    def clean(self, value):
        from datetime import date

        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return None

    def apply(self, query, value, alias=None):
        return query.filter(~exists().where(ActivityReport.employee_id == Employee.id,
                                            ActivityReport.date == value,
                                            ActivityReport.status != DRAFT))

    def operation(self):
        from app.i18n import _

        return _("on (yyyy-mm-dd)")


class StaffOfFilter(_IdFilter):
    """Reports of the direct staff of one supervisor (by the supervisor's employee id)."""

    link_name = "staff_of"

    def apply(self, query, value, alias=None):
        return query.filter(ActivityReport.employee_id.in_(
            select(Employee.id).where(Employee.supervisor_id == value)))

    def operation(self):
        from app.i18n import _

        return _("equals")
