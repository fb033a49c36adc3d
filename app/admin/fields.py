"""Form fields, filters and keys that never pass a value the database cannot hold: a number
beyond an INTEGER column or text as a row id is refused here, with Flask-Admin's own message,
instead of a database error (a 500 on PostgreSQL). Dates are typed dd/mm/yyyy (or ISO) with
Flask-Admin's picker speaking Indonesian."""
from __future__ import annotations

from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.filters import IntEqualFilter
from flask_admin.contrib.sqla.validators import Unique
from flask_admin.form import DateTimeField as AdminDateTimeField
from flask_admin.form.widgets import DatePickerWidget, DateTimePickerWidget
from sqlalchemy import inspect as sa_inspect
from wtforms import DateField

from app.core.forms import LocalDateField, LocalDateTimeField


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


class PickerDateField(LocalDateField):
    """Every model form's date (SecureModelView.scaffold_form puts it in place of Flask-Admin's
    ISO-only field): Flask-Admin's date picker, writing and reading dd/mm/yyyy."""

    widget = DatePickerWidget()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"data-date-format": "DD/MM/YYYY",
                                        "placeholder": "dd/mm/yyyy", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)


class PickerDateTimeField(LocalDateTimeField):
    """Every model form's date and time, as `dd/mm/yyyy hh:mm` with Flask-Admin's picker."""

    widget = DateTimePickerWidget()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"data-date-format": "DD/MM/YYYY HH:mm",
                                        "placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"})
        super().__init__(label, validators, **kwargs)


def localise_dates(form_class) -> None:
    """Swap the date fields Flask-Admin scaffolded (ISO only: `2026-11-28`) for ours, which
    take dd/mm/yyyy too; fields a view overrides itself are left alone."""
    for field in vars(form_class).values():
        kind = getattr(field, "field_class", None)
        if kind is DateField:
            field.field_class = PickerDateField
        elif kind is AdminDateTimeField:
            field.field_class = PickerDateTimeField
        else:
            continue
        field.kwargs.pop("widget", None)  # (the converter's ISO picker)
        field.kwargs.pop("format", None)
