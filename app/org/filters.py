"""List filters on the work-unit tree: "in this unit or any unit below it", for lists of
employees and of anything an employee owns (the dashboards link to them by `link_name`)."""
from __future__ import annotations

from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from sqlalchemy import select

from app.org.models import Employee
from app.org.tree import unit_tree


class UnitTreeFilter(BaseSQLAFilter):
    """Rows whose unit is the given unit or below it. `column` is a unit id column, or, with
    `owner=True`, an employee id column (the rows' owner's unit counts)."""

    link_name = "unit_tree"

    def __init__(self, column, name, owner: bool = False, **kwargs):
        super().__init__(column, name, **kwargs)
        self.owner = owner

    def validate(self, value):
        return str(value).isdigit()

    def clean(self, value):
        return int(value)

    def apply(self, query, value, alias=None):
        units = unit_tree(value)
        if self.owner:
            return query.filter(self.column.in_(
                select(Employee.id).where(Employee.unit_id.in_(units))))
        return query.filter(self.column.in_(units))

    def operation(self):
        from app.i18n import _

        return _("in the unit or below")
