"""Back-office pages of the organisation module: the data-problems report and the import."""
from flask import Response, abort, flash, request
from flask_admin import expose
from wtforms import FileField, RadioField
from wtforms.validators import DataRequired

from app.admin.gates import SecurePage
from app.core.forms import Form
from app.core.roles import AUDITOR, HR_ADMIN, SUPERVISOR
from app.i18n import _, _l
from app.org import importer, problems

ORG = _l("Organisation")


class DataProblemsPage(SecurePage):
    read_roles = frozenset({HR_ADMIN, AUDITOR})

    def __init__(self):
        super().__init__(name=_l("Data problems"), category=ORG, endpoint="data_problems",
                         url="/admin/data-problems")

    @expose("/")
    def index(self):
        loops = problems.supervisor_loops()
        people = problems.employees_by_id({i for loop in loops for i in loop})
        return self.render("admin/org/data_problems.html",
                           missing=problems.without_supervisor(),
                           elsewhere=problems.supervisor_elsewhere(),
                           loops=[[people[i] for i in loop] for loop in loops])


class ImportForm(Form):
    kind = RadioField(_l("What to import"), default="employees",
                      choices=[("units", _l("Work units")), ("employees", _l("Employees"))])
    file = FileField(_l("File (.xlsx or .csv)"), validators=[DataRequired()])


class ImportPage(SecurePage):
    """HR imports units or employees; the template download gives the exact columns."""

    read_roles = frozenset({HR_ADMIN})

    def __init__(self):
        super().__init__(name=_l("Import"), category=ORG, endpoint="org_import",
                         url="/admin/import")

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = ImportForm()
        result = None
        if form.validate_on_submit():
            upload = request.files.get("file")
            try:
                rows = importer.read_rows(upload.filename or "", upload.read())
            except ValueError as exc:
                flash(str(exc), "error")
            else:
                run = importer.import_units if form.kind.data == "units" else importer.import_employees
                result = run(rows)
                if result.ok:
                    flash(_("Import finished: %(created)s created, %(updated)s updated.",
                            created=result.created, updated=result.updated), "success")
                else:
                    flash(_("Nothing was imported: the file has %(count)s problem(s). Fix them and "
                            "upload the file again.", count=len(result.errors)), "error")
        return self.render("admin/org/import.html", form=form, result=result,
                           unit_columns=importer.UNIT_COLUMNS,
                           employee_columns=importer.EMPLOYEE_COLUMNS)

    @expose("/template/")
    def template(self):
        """An XLSX template of the import's columns (`?kind=employees` or `units`)."""
        kind = request.args.get("kind", "employees")
        if kind not in ("units", "employees"):
            abort(404)
        name = "templat-pegawai.xlsx" if kind == "employees" else "templat-unit-kerja.xlsx"
        return Response(importer.template(kind), headers={
            "Content-Disposition": f"attachment; filename={name}"},
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class UnitTreePage(SecurePage):
    """The work units as a tree (beside the flat list): each unit's head and staff, folded with
    <details> so no script is needed. Staff numbers link to the employee list where the reader
    sees every row it counts (HR and the auditor everywhere, a head of unit in their tree)."""

    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR})

    def __init__(self):
        super().__init__(name=_l("Unit tree"), category=ORG, endpoint="unit_tree",
                         url="/admin/unit-tree")

    @expose("/")
    def index(self):
        from flask_login import current_user

        from app.admin.links import list_url
        from app.org.tree import unit_tree

        units, staff = tree_rows()
        children: dict = {}
        for unit in units:
            children.setdefault(unit.parent_id, []).append(unit)
        pairs = [(u.id, u.parent_id) for u in units]
        if current_user.has_role(HR_ADMIN, AUDITOR):
            linked = {u.id for u in units}
        else:
            me = current_user.employee_id
            linked = {i for u in units if me is not None and u.head_id == me
                      for i in unit_tree(u.id, pairs)}
        known = {u.id for u in units}
        roots = [u for u in units if u.parent_id is None or u.parent_id not in known]

        def node(unit, seen=frozenset()):
            below = [node(child, seen | {unit.id}) for child in children.get(unit.id, [])
                     if child.id not in seen]   # (a cycle in bad data must not recurse forever)
            total = staff.get(unit.id, 0) + sum(n["total"] for n in below)
            links = {"staff": list_url("employee", unit_id=unit.id, active=1),
                     "total": list_url("employee", unit_tree=unit.id, active=1)} \
                if unit.id in linked else {}
            return {"unit": unit, "staff": staff.get(unit.id, 0), "total": total,
                    "children": below, "links": links}

        return self.render("admin/org/unit_tree.html", nodes=[node(r) for r in roots])


def tree_rows():
    """Every unit with its head's name, and active staff per unit: two statements."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import aliased

    from app.extensions import db
    from app.org.models import Employee, WorkUnit

    head = aliased(Employee)
    units = db.session.execute(
        select(WorkUnit.id, WorkUnit.parent_id, WorkUnit.head_id, WorkUnit.name, WorkUnit.kind,
               WorkUnit.active, head.name.label("head_name"))
        .outerjoin(head, head.id == WorkUnit.head_id).order_by(WorkUnit.name)).all()
    staff = dict(db.session.execute(
        select(Employee.unit_id, func.count()).where(Employee.active.is_(True),
                                                     Employee.unit_id.is_not(None))
        .group_by(Employee.unit_id)).all())
    return units, staff
