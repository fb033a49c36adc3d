"""The example plugin's back-office views: categories (HR) and requests (everyone, on the
workflow, with HR's custom fields)."""
from flask_login import current_user
from sqlalchemy import false, or_, select
from wtforms.validators import ValidationError

from app.admin.base import SecureModelView
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.customfields.views import CustomFieldsMixin
from app.i18n import _l
from app.org.models import Employee
from app.workflow.views import WorkflowViewMixin, state_filter
from tests.plugin_fixtures.guide.example.config import FIELDS, check_category
from tests.plugin_fixtures.guide.example.models import ExampleCategory, ExampleRequest
from tests.plugin_fixtures.guide.example.workflows import ENTITY


class CategoryView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR})
    column_list = ["code", "label"]
    column_labels = {"code": _l("Code"), "label": _l("Label")}
    form_columns = ["code", "label"]

    model_class = ExampleCategory
    view_name = _l("Request categories")
    view_endpoint = "example_category"

    def on_model_change(self, form, model, is_created):
        errors = []
        clean = check_category(model.code or "", {f: getattr(model, f) for f in FIELDS}, errors)
        if clean is None:
            raise ValidationError(" ".join(errors))


class RequestView(CustomFieldsMixin, WorkflowViewMixin, SecureModelView):
    workflow_entity = ENTITY
    custom_entity = ENTITY
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})
    write_roles = frozenset({HR_ADMIN, SUPERVISOR, EMPLOYEE})
    writable_fields_by_role = {EMPLOYEE: ["category", "title"],
                               SUPERVISOR: ["category", "title"]}
    column_list = ["title", "employee", "category", "status"]
    column_labels = {"title": _l("Title"), "employee": _l("Employee"),
                     "category": _l("Category"), "status": _l("Status")}
    column_filters = [state_filter(ENTITY, ExampleRequest.status)]
    column_formatters = {"status": lambda v, c, m, n: v.state_label(m)}
    form_columns = ["employee", "category", "title"]
    details_template = "admin/workflow_details.html"
    list_eager_loads = (ExampleRequest.employee, ExampleRequest.category)

    model_class = ExampleRequest
    view_name = _l("Example requests")
    view_endpoint = "example_request"

    def scope(self, query):
        if current_user.has_role(HR_ADMIN, AUDITOR):
            return query
        me = current_user.employee_id
        if me is None:
            return query.filter(false())
        team = select(Employee.id).where(or_(Employee.id == me, Employee.supervisor_id == me))
        return query.filter(ExampleRequest.employee_id.in_(team))

    def row_writable(self, model) -> bool:
        return current_user.has_role(HR_ADMIN) or (
            model.employee_id == current_user.employee_id and self.owner_may_edit(model))

    def on_model_change(self, form, model, is_created):
        if "employee" not in form and is_created:
            model.employee_id = current_user.employee_id
        if model.employee_id is None and model.employee is None:
            raise ValidationError(_l("Choose the employee."))
