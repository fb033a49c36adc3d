"""Core module: work units, positions, employees, data-quality report and import."""
from app.core.hooks import CustomEntity
from app.core.registry import Module
from app.i18n import _l


class OrgModule(Module):
    name = "org"

    def init_app(self, flask_app):
        from app.org import history  # noqa: F401 - registers the position-change listener

    def admin_views(self):
        from app.org import admin, pages

        return [admin.EmployeeView(), admin.WorkUnitView(), pages.UnitTreePage(),
                admin.PositionView(), pages.DataProblemsPage(), pages.ImportPage()]

    def custom_field_entities(self):
        return [CustomEntity("employee", _l("Employees")),
                CustomEntity("work_unit", _l("Work units"))]


module = OrgModule()
