"""Back-office views for work units, positions and employees."""
from sqlalchemy import or_
from wtforms.validators import NumberRange, Optional, ValidationError

from app.admin.base import SecureModelView
from app.auth.permissions import current_employee_id, has_role, staff_ids
from app.core.roles import AUDITOR, EMPLOYEE, FORUM_COORDINATOR, HR_ADMIN, SUPERVISOR, TRAINER
from app.customfields.views import CustomFieldsMixin
from app.i18n import _, _l
from app.org.choices import (
    EMPLOYMENT_TYPES,
    FUNCTIONAL_LEVELS,
    PNS_GRADES,
    POSITION_KINDS,
    PPPK_GRADES,
    UNIT_KINDS,
)
from app.org.email import email_problem
from app.org.models import Employee, Position, WorkUnit
from app.org.nip import normalise_nip, parse_nip

ALL_ROLES = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE, TRAINER, FORUM_COORDINATOR})
ORG = _l("Organisation")


def nip_validator(form, field):
    etype = form.employment_type.data if "employment_type" in form else None
    try:
        parse_nip(field.data or "", etype)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


def email_validator(form, field):
    problem = email_problem((field.data or "").strip())
    if problem:
        raise ValidationError(problem)


def loops_back(model, attr: str) -> bool:
    """Does following `attr` (parent, supervisor) from this record come back to it?"""
    seen, node = set(), getattr(model, attr)
    while node is not None:
        if node is model or node.id in seen:
            return True
        seen.add(node.id)
        node = getattr(node, attr)
    return False


# Who reads employee records (EmployeeView); other roles see a unit head's name, not the NIP.
PERSONNEL_ROLES = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})


def head_formatter(view, context, model, name):
    """The unit head: with the NIP for roles that read employee records; only the name for
    trainers and forum coordinators, in the list, the details and the export alike."""
    head = model.head
    if head is None:
        return ""
    return str(head) if has_role(*PERSONNEL_ROLES) else head.name


class WorkUnitView(CustomFieldsMixin, SecureModelView):
    custom_entity = "work_unit"
    read_roles = ALL_ROLES
    column_list = ["code", "name", "kind", "parent", "head", "is_service_unit", "active"]
    column_labels = {
        "code": _l("Code"), "name": _l("Name"), "kind": _l("Kind"), "parent": _l("Parent unit"),
        "head": _l("Head"), "is_service_unit": _l("Public service unit"), "active": _l("Active"),
        "parent.name": _l("Parent unit"),
    }
    column_searchable_list = ["code", "name"]
    column_filters = ["kind", "active", "is_service_unit", "parent.name"]
    column_sortable_list = ["code", "name", "kind", "active"]
    column_default_sort = "name"
    choices = {"kind": UNIT_KINDS}
    column_formatters = {"head": head_formatter}
    column_formatters_export = column_formatters
    column_details_list = ["code", "name", "kind", "parent", "head", "is_service_unit",
                           "active", "created_at", "updated_at"]
    form_columns = ["code", "name", "kind", "parent", "head", "is_service_unit", "active"]
    form_ajax_refs = {"head": {"fields": ["name", "nip"], "page_size": 10}}
    list_eager_loads = (WorkUnit.parent, WorkUnit.head)

    model_class = WorkUnit
    view_name = _l("Work units")
    view_category = ORG
    view_endpoint = "work_unit"

    def on_model_change(self, form, model, is_created):
        if loops_back(model, "parent"):
            raise ValidationError(_("A unit cannot be placed under itself or its own sub-unit."))


class PositionView(SecureModelView):
    read_roles = ALL_ROLES
    column_list = ["name", "kind", "level"]
    column_labels = {"name": _l("Name"), "kind": _l("Kind"), "level": _l("Functional level")}
    column_searchable_list = ["name"]
    column_filters = ["kind", "level"]
    column_default_sort = "name"
    choices = {"kind": POSITION_KINDS, "level": FUNCTIONAL_LEVELS}
    form_columns = ["name", "kind", "level"]
    form_choices = {"level": [("", "–")] + list(FUNCTIONAL_LEVELS.items())}  # (optional)

    model_class = Position
    view_name = _l("Positions")
    view_category = ORG
    view_endpoint = "position"

    def on_model_change(self, form, model, is_created):
        if model.kind == "fungsional" and not model.level:
            raise ValidationError(_("A functional position needs a level."))
        if model.kind != "fungsional":
            model.level = None


class EmployeeView(CustomFieldsMixin, SecureModelView):
    """HR manages everyone; a supervisor reads their staff; an employee reads their own record."""

    custom_entity = "employee"

    read_roles = PERSONNEL_ROLES
    column_list = ["nip", "name", "employment_type", "grade", "unit", "position", "supervisor",
                   "active"]
    column_details_list = column_list + ["email", "phone", "backdate_days", "created_at",
                                         "updated_at"]
    column_export_list = column_list + ["email", "phone"]
    column_labels = {
        "nip": _l("NIP"), "name": _l("Name"), "employment_type": _l("Employment type"),
        "grade": _l("Grade (golongan)"), "unit": _l("Work unit"), "position": _l("Position"),
        "supervisor": _l("Supervisor"), "active": _l("Active"), "email": _l("E-mail"),
        "phone": _l("Phone"), "backdate_days": _l("Back-dating of daily reports (days)"), "unit.name": _l("Work unit"), "position.kind": _l("Position kind"),
    }
    column_searchable_list = ["nip", "name"]
    column_filters = ["employment_type", "grade", "unit.name", "position.kind", "active"]
    column_sortable_list = ["nip", "name", "grade", "active", ("unit", "unit.name")]
    column_default_sort = "name"
    choices = {"employment_type": EMPLOYMENT_TYPES}
    form_columns = ["nip", "name", "employment_type", "grade", "unit", "position", "supervisor",
                    "email", "phone", "active", "backdate_days"]
    form_choices = {"grade": [(g, g) for g in PNS_GRADES + PPPK_GRADES]}
    form_args = {"nip": {"validators": [nip_validator],
                         # "19850412 201003 1 004" as printed on an SK: drop the spaces before
                         # the 18-character length and uniqueness checks see the value.
                         # Full-width and Arabic-Indic digits become ASCII before the
                         # uniqueness check, so a look-alike cannot register a NIP twice.
                         "filters": [normalise_nip],
                         "description": _l("18 digits: birth date, TMT CPNS (PPPK: year and "
                                           "code), sex (1/2), serial.")},
                 "email": {"validators": [email_validator],
                           "filters": [lambda v: v.strip() or None if isinstance(v, str)
                                       else v]},
                 "backdate_days": {"validators": [Optional(), NumberRange(0, 366)],
                                   "description": _l(
                                       "Empty: the general setting (7 days). HR may extend it "
                                       "for this person.")}}
    form_ajax_refs = {"supervisor": {"fields": ["name", "nip"], "page_size": 10}}
    list_eager_loads = (Employee.unit, Employee.position, Employee.supervisor)

    model_class = Employee
    view_name = _l("Employees")
    view_category = ORG
    view_endpoint = "employee"

    # The export is a file the import reads back: the import's column names and values.
    EXPORT_AS_IMPORT = {
        "nip": lambda e: e.nip, "nama": lambda e: e.name,
        "jenis_pegawai": lambda e: e.employment_type.upper(),
        "golongan": lambda e: e.grade or "", "kode_unit": lambda e: e.unit.code if e.unit else "",
        "jabatan": lambda e: e.position.name if e.position else "",
        "nip_atasan": lambda e: e.supervisor.nip if e.supervisor else "",
        "email": lambda e: e.email or "", "telepon": lambda e: e.phone or "",
        "aktif": lambda e: "ya" if e.active else "tidak",
    }

    def get_export_columns(self):
        return [(name, name) for name in self.EXPORT_AS_IMPORT]

    def get_export_value(self, model, name):
        if name in self.EXPORT_AS_IMPORT:
            return self.EXPORT_AS_IMPORT[name](model)
        return super().get_export_value(model, name)

    def scope(self, query):
        if has_role(HR_ADMIN, AUDITOR):
            return query
        me = current_employee_id()
        if has_role(SUPERVISOR):
            return query.filter(or_(Employee.id == me, Employee.id.in_(staff_ids())))
        return query.filter(Employee.id == me)

    def on_model_change(self, form, model, is_created):
        grades = PNS_GRADES if model.employment_type == "pns" else PPPK_GRADES
        if model.grade and model.grade not in grades:
            raise ValidationError(_("Grade %(grade)s does not exist for %(type)s.",
                                    grade=model.grade, type=EMPLOYMENT_TYPES[model.employment_type]))
        if loops_back(model, "supervisor"):
            raise ValidationError(_("The supervisor chain would loop back to this employee."))
