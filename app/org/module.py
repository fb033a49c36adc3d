"""Core module: work units, positions, employees, data-quality report and import."""
from app.core.registry import Module


class OrgModule(Module):
    name = "org"

    def admin_views(self):
        from app.org import admin, pages

        return [admin.EmployeeView(), admin.WorkUnitView(), admin.PositionView(),
                pages.DataProblemsPage(), pages.ImportPage()]


module = OrgModule()
