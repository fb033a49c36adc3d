"""Custom fields in the back office: HR defines them; `CustomFieldsMixin` puts them into an
entity view's forms, details, list, filters and export.

Field definitions are read once per process and re-read when any of them changes
(app.core.configcache), so a field HR adds appears on the next page, in every worker.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask import g
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_admin.helpers import get_form_data
from markupsafe import escape
from sqlalchemy import false, select
from wtforms import BooleanField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.admin.base import SecureModelView
from app.admin.fields import PickerDateField
from app.admin.export import Column
from app.admin.search import like_pattern
from app.core import configcache
from app.core.numbers import ColumnNumber
from app.core.registry import RegistryError, registry
from app.core.roles import AUDITOR, HR_ADMIN
from app.customfields.config import FIELDS, check_field
from app.customfields.models import FIELD_TYPES, CustomField, CustomValue
from app.extensions import db
from app.i18n import _, _l


def entity_labels() -> dict:
    """{entity name: label} of the data HR may add fields to (`Module.custom_field_entities`)."""
    return {name: entity.label for name, entity in registry().custom_field_entities.items()}


def check_views(reg) -> None:
    """Start-up check: each view that shows custom fields names a registered entity."""
    for endpoint, view in reg.admin_views.items():
        entity = getattr(view, "custom_entity", "")
        if entity and entity not in reg.custom_field_entities:
            raise RegistryError(f"Admin view '{endpoint}' shows the custom fields of "
                                f"'{entity}', which no module registers "
                                f"(Module.custom_field_entities).")


def fields_for(entity: str) -> list[CustomField]:
    """The entity's active fields: read-only snapshots kept in the process until a field
    changes anywhere (app.core.configcache)."""
    return configcache.cached(f"custom_fields:{entity}", lambda: [
        configcache.Snapshot(f) for f in db.session.scalars(
            select(CustomField).where(CustomField.entity == entity, CustomField.active.is_(True))
            .order_by(CustomField.position, CustomField.id))])


def _form_field(field: CustomField):
    required = [InputRequired()] if field.required and field.field_type != "boolean" \
        else [Optional()]
    # Flask-Admin prints a field's description as HTML (`|safe`): HR's help text is escaped
    # here, at its source, so it shows as the text HR typed (issue 8).
    kwargs = {"label": field.label, "description": escape(field.help_text or "")}
    kind = field.field_type
    if kind == "textarea":
        return TextAreaField(validators=required + [Length(max=5000)], **kwargs)
    if kind == "number":
        # (stored in a NUMERIC(18, 4) column: no nan, inf or 1e309)
        return DecimalField(validators=[ColumnNumber(CustomValue.value_number.type), *required],
                            places=None, **kwargs)
    if kind == "date":
        return PickerDateField(validators=required, **kwargs)
    if kind == "choice":
        return SelectField(validators=required, choices=[("", "–")] + [(o, o) for o in field.options],
                           **kwargs)
    if kind == "boolean":
        return BooleanField(**kwargs)
    return StringField(validators=required + [Length(max=500)], **kwargs)


def _typed(kind: str, value: str):
    """The filter's text as the column's type (PostgreSQL compares no number with text)."""
    try:
        if kind == "number":
            return Decimal(value.replace(",", "."))
        if kind == "date":
            return date.fromisoformat(value)
    except (InvalidOperation, ValueError):
        return None
    return value


class CustomValueFilter(BaseSQLAFilter):
    """Rows whose custom field equals (text, choice, yes/no) or contains (text) the value."""

    def __init__(self, model, field: CustomField):
        self.model, self.field_id, self.kind = model, field.id, field.field_type
        options = [(o, o) for o in field.options] if field.field_type == "choice" else None
        if field.field_type == "boolean":
            options = [("1", _l("Yes")), ("0", _l("No"))]
        super().__init__(model.id, field.label, options=options)

    def apply(self, query, value, alias=None):
        column = getattr(CustomValue, CustomValue.COLUMN[self.kind])
        if self.kind == "boolean":
            condition = column.is_(value == "1")
        elif self.kind == "text" or self.kind == "textarea":
            condition = column.ilike(like_pattern(value), escape="\\")
        else:
            typed = _typed(self.kind, value)
            if typed is None:
                return query.filter(false())  # a value of the wrong type matches nothing
            condition = column == typed
        return query.filter(self.model.id.in_(
            select(CustomValue.record_id).where(CustomValue.field_id == self.field_id, condition)))

    def operation(self):
        return _("contains") if self.kind in ("text", "textarea") else _("equals")


class CustomValueColumn(Column):
    """One custom field's column of an export (admin.export): values by record id, loaded a
    chunk at a time."""

    def __init__(self, expr, text, field_id: int):
        super().__init__(expr, text)
        self.field_id = field_id
        self.values: dict = {}
        self.cell = lambda record_id: self._remembered(self.values.get(record_id))

    def prepare(self, values) -> None:
        self.values = {v.record_id: v.value for v in db.session.scalars(select(CustomValue).where(
            CustomValue.field_id == self.field_id, CustomValue.record_id.in_(values)))}


class CustomFieldsMixin:
    """Mix into an entity's SecureModelView (before it) and set `custom_entity`."""

    custom_entity: str = ""

    def _custom(self) -> list[CustomField]:
        return fields_for(self.custom_entity)

    # Columns, filters and export follow the current definitions on every request.
    def _handle_view(self, name, **kwargs):
        response = super()._handle_view(name, **kwargs)
        if response is None and self.custom_entity:
            self._refresh_custom_columns()
        return response

    def _refresh_custom_columns(self) -> None:
        fields = self._custom()
        base_list = [c for c in self.get_list_columns() if not c[0].startswith("cf_")]
        self._list_columns = base_list + [(f.form_name, f.label) for f in fields if f.show_in_list]
        if self.can_view_details:
            self._details_columns = self.get_details_columns() + [
                (f.form_name, f.label) for f in fields]
        self._export_columns = self.get_export_columns() + [(f.form_name, f.label) for f in fields]
        # The view's own filters as its constructor left them (choices made into option
        # lists: list_url's positions), then the custom fields' of now.
        self.column_filters = [flt for flt in self.column_filters or []
                               if not isinstance(flt, CustomValueFilter)] + [
            CustomValueFilter(self.model, f) for f in fields]
        self._refresh_filters_cache()

    def _values(self, record_ids) -> dict[tuple[int, int], object]:
        """{(field id, record id): value} for the given records, in one query per page."""
        cache = g.setdefault("_custom_values", {})
        missing = [i for i in record_ids if (self.custom_entity, i) not in cache]
        if missing and self._custom():
            # (the column by the cached field's type: `CustomValue.value` would load each
            # value's field, one more statement per field)
            kinds = {f.id: f.field_type for f in self._custom()}
            for value in db.session.scalars(select(CustomValue).where(
                    CustomValue.field_id.in_(list(kinds)), CustomValue.record_id.in_(missing))):
                cache.setdefault((self.custom_entity, value.record_id), {})[value.field_id] = \
                    getattr(value, CustomValue.COLUMN[kinds[value.field_id]])
        for i in missing:
            cache.setdefault((self.custom_entity, i), {})
        return cache

    def get_list(self, *args, **kwargs):
        count, data = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True) and self._custom():
            self._values([row.id for row in data])
        return count, data

    def _get_field_value(self, model, name):
        if name.startswith("cf_"):
            code = name[3:]
            field = next((f for f in self._custom() if f.code == code), None)
            if field is None:
                return None
            return self._values([model.id])[(self.custom_entity, model.id)].get(field.id)
        return super()._get_field_value(model, name)

    def export_column(self, name):
        """A custom field in a plain-rows export: the record id is selected, and each chunk
        loads the field's values of its records in one query."""
        if not name.startswith("cf_"):
            return super().export_column(name)
        field = next((f for f in self._custom() if f.form_name == name), None)
        if field is None:
            return None
        return CustomValueColumn(self.model.id, self.export_text(name), field.id)

    # Forms
    def create_form(self, obj=None):
        return self._custom_form(self._create_form_class, obj, None)

    def edit_form(self, obj=None):
        return self._custom_form(self._edit_form_class, obj, obj)

    def _custom_form(self, form_class, obj, record):
        fields = self._custom()
        if fields:
            form_class = type(form_class.__name__, (form_class,),
                              {f.form_name: _form_field(f) for f in fields})
        formdata = get_form_data()
        form = form_class(formdata, obj=obj)
        if record is not None and formdata is None:
            stored = self._values([record.id])[(self.custom_entity, record.id)]
            for f in fields:
                form[f.form_name].data = stored.get(f.id)
        return self._restrict(form)

    def writable_fields(self):
        allowed = super().writable_fields()
        if allowed is not None:
            allowed = set(allowed) | {f.form_name for f in self._custom()}
        return allowed

    def _on_model_change(self, form, model, is_created):
        # Inside the same transaction as the record itself, after the view's own checks.
        super()._on_model_change(form, model, is_created)
        fields = [f for f in self._custom() if f.form_name in form]
        if not fields:
            return
        db.session.flush()  # a new record needs its id
        existing = {v.field_id: v for v in db.session.scalars(select(CustomValue).where(
            CustomValue.record_id == model.id,
            CustomValue.field_id.in_([f.id for f in fields])))}
        for field in fields:
            data = form[field.form_name].data
            if data in ("", None) and field.field_type != "boolean":
                if field.id in existing:
                    db.session.delete(existing[field.id])
                continue
            value = existing.get(field.id) or CustomValue(field_id=field.id, record_id=model.id)
            setattr(value, CustomValue.COLUMN[field.field_type], data)
            db.session.add(value)
        g.pop("_custom_values", None)


class CustomFieldView(SecureModelView):
    read_roles = frozenset({HR_ADMIN, AUDITOR})
    column_list = ["entity", "label", "code", "field_type", "required", "show_in_list", "active"]
    column_labels = {"entity": _l("Data"), "label": _l("Label"), "code": _l("Code"),
                     "field_type": _l("Type"), "required": _l("Required"),
                     "help_text": _l("Help text"), "choices": _l("Options (one per line)"),
                     "position": _l("Order"), "show_in_list": _l("Column in the list"),
                     "active": _l("Active")}
    column_formatters = {"entity": lambda v, c, m, n: str(entity_labels().get(m.entity,
                                                                              m.entity)),
                         "field_type": lambda v, c, m, n: str(FIELD_TYPES.get(m.field_type,
                                                                              m.field_type))}
    column_formatters_export = column_formatters
    column_filters = ["entity", "active"]
    column_searchable_list = ["label", "code"]
    form_columns = ["entity", "label", "code", "field_type", "required", "help_text", "choices",
                    "position", "show_in_list", "active"]
    form_choices = {"entity": lambda: list(entity_labels().items()),
                    "field_type": list(FIELD_TYPES.items())}
    form_args = {"code": {"description": _l("Lower-case letters, digits and _; cannot change "
                                            "once values exist.")}}

    model_class = CustomField
    view_name = _l("Custom fields")
    view_category = _l("Configuration")
    view_endpoint = "custom_field"

    def on_model_change(self, form, model, is_created):
        # The check the configuration import applies to each field (customfields.config).
        errors = []
        clean = check_field(model.label or "", {f: getattr(model, f) for f in FIELDS}, errors)
        if clean is None:
            raise ValidationError(" ".join(errors))
        for key, value in clean.items():
            setattr(model, key, value)

    def delete_model(self, model):
        # Deleting would drop stored values: HR deactivates a field instead, or purges it here
        # knowingly once it is inactive.
        if model.active:
            from flask import flash

            flash(_("Deactivate the field first; its stored values are kept until it is "
                    "deleted."), "error")
            return False
        return super().delete_model(model)
