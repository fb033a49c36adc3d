"""Core module: the dashboard widgets for HR, supervisors and employees."""
from flask import render_template

from app.core.hooks import Widget
from app.core.registry import Module
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.i18n import local_today


def hr_widget(user):
    if not user.has_role(HR_ADMIN, AUDITOR):
        return None
    from app.dashboard import queries

    year = local_today().year
    return render_template("dashboard/hr.html", counts=queries.hr_counts(),
                           pending=queries.pending_per_unit(),
                           capaian=queries.capaian_per_unit(year), year=year)


def supervisor_widget(user):
    if not user.has_role(SUPERVISOR) or user.employee_id is None:
        return None
    from app.admin.links import list_url
    from app.dashboard import queries
    from app.performance.workflow import SUBMITTED

    count, rows = queries.staff_pending(user.employee_id)
    return render_template("dashboard/supervisor.html", count=count, rows=rows,
                           list_url=list_url("activity_report", status=SUBMITTED))


def employee_widget(user):
    if not user.has_role(EMPLOYEE, SUPERVISOR) or user.employee_id is None:
        return None
    from app.dashboard import queries

    monday, days = queries.own_week(user.employee_id)
    return render_template("dashboard/employee.html", monday=monday, days=days,
                           total=sum(d["minutes"] for d in days))


class DashboardModule(Module):
    name = "dashboard"

    def dashboard_widgets(self):
        return [Widget("hr", hr_widget), Widget("supervisor", supervisor_widget),
                Widget("employee", employee_widget)]


module = DashboardModule()
