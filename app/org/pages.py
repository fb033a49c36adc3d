"""Back-office pages of the organisation module: the data-problems report and the import."""
from flask import Response, abort, flash, request
from flask_admin import expose
from wtforms import FileField, RadioField
from wtforms.validators import DataRequired

from app.admin.gates import SecurePage
from app.core.forms import Form
from app.core.roles import AUDITOR, HR_ADMIN
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
