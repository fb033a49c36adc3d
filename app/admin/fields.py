"""Form fields, filters and keys that never pass a value the database cannot hold: a number
beyond an INTEGER column or text as a row id is refused here, with Flask-Admin's own message,
instead of a database error (a 500 on PostgreSQL)."""
from __future__ import annotations

from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.filters import IntEqualFilter
from flask_admin.contrib.sqla.validators import Unique
from sqlalchemy import inspect as sa_inspect


def fits_integer(number: int) -> bool:
    """Whether an INTEGER column holds `number`: PostgreSQL refuses a larger one (a 500)."""
    return -2**31 <= number < 2**31


def typed_key(model, value):
    """`value` as `model`'s primary key, or None: text, or a number beyond PostgreSQL's
    integer, is no row id."""
    try:
        ident = sa_inspect(model).primary_key[0].type.python_type(value)
    except (TypeError, ValueError):
        return None
    if isinstance(ident, int) and not fits_integer(ident):
        return None
    return ident


class NumberFilter(IntEqualFilter):
    """Equal to a whole number of an INTEGER column: a larger one is an invalid filter value
    (Flask-Admin says so and ignores it) rather than a 500 in the list and its export."""

    def clean(self, value):
        number = super().clean(value)
        if not fits_integer(number):
            raise ValueError(value)
        return number


class BoundedUnique(Unique):
    """Flask-Admin's duplicate check, skipping an integer no INTEGER column holds (its query
    would be a database error, a 500; the field's range check reports such a value)."""

    def __call__(self, form, field):
        if isinstance(field.data, int) and not fits_integer(field.data):
            return
        super().__call__(form, field)


class TypedAjaxLoader(QueryAjaxModelLoader):
    """form_ajax_refs fields: a submitted id that is no key of the model is no record."""

    def get_one(self, pk):
        ident = typed_key(self.model, pk)
        return None if ident is None else super().get_one(ident)
