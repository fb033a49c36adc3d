"""The audit trail in words: entity and field labels and readable values instead of table
names (`appraisal_feedback`), keys (`rhk_id`) and codes (`["signed", "final"]`).

Everything comes from what the back office already declares, found through the registry (core
imports no plugin): the admin view of a table (its name, `column_labels`, `choices` and, for a
workflow's state, the state labels HR gave), the inline forms that edit a table on another
view's page, and for tables no view shows, the `hooks.AuditLabels` a module contributes
(`Module.audit_labels()`). A key that is a foreign key reads as the entity it points to
("rhk_id" -> "RHK"). The raw record stays on the event's page for the auditor.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from markupsafe import Markup

from app.core.registry import registry
from app.i18n import _, _l, fmt_date, fmt_datetime, fmt_number

# Entities of events that are no table.
PSEUDO_ENTITIES = {"security": _l("Security"), "configuration": _l("Configuration")}
# Keys every kind of record shares, and those of events that are no row change.
COMMON_FIELDS = {
    "id": _l("Number"), "name": _l("Name"), "code": _l("Code"), "label": _l("Label"),
    "title": _l("Title"), "text": _l("Text"), "position": _l("Order"), "status": _l("Status"),
    "state": _l("Status"), "comment": _l("Comment"), "value": _l("Value"),
    "created_at": _l("Created"), "updated_at": _l("Updated"), "transition": _l("Action"),
    "ip": _l("IP address"), "user_agent": _l("Browser"), "via": _l("Through"),
    "related": _l("Related data"), "username": _l("User"), "reason": _l("Reason"),
    "rows": _l("Rows"), "count": _l("Count"), "kind": _l("Kind"), "path": _l("Page address"),
    "format": _l("Format"), "endpoint": _l("Page address"), "sha256": _l("SHA-256 fingerprint"),
    "match": _l("Matches"), "days": _l("Days"), "evaluations": _l("Evaluations"),
    "version": _l("Version"), "token": _l("Token"), "revision": _l("Revision"),
    "body": _l("Content"), "author": _l("Author"), "day": _l("Day"),
    "deadline": _l("Deadline"), "created": _l("Created"), "record_id": _l("Record ID"),
    "entity": _l("Data"), "cycle": _l("Cycle"),
}
_DECIMAL = re.compile(r"-?\d+\.\d+|-?\d+(\.\d+)?E[+-]?\d+")
# Whole numbers that are no quantity: no thousands separator (a year is 2026, not 2.026).
NOT_QUANTITIES = {"id", "position", "revision", "period", "cycle", "version", "record_id"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


class Describer:
    """Labels of one entity (a table): its name, its fields' labels, its values' labels."""

    def __init__(self, entity: str, names: bool = True):
        self.entity = entity
        self.names = names   # False: a foreign key reads `#3` (a list page: no query per cell)
        self.view, self.inline = _view_of(entity)
        self.extra = registry().audit_labels.get(entity)
        self.model = _models().get(entity)
        self._sources = None

    def label(self) -> str:
        if self.view is not None and self.inline is None:
            return str(self.view.name)
        if self.inline is not None and self.inline.get("label"):
            return str(self.inline["label"])
        if self.extra is not None:
            return str(self.extra.label)
        if self.entity in PSEUDO_ENTITIES:
            return str(PSEUDO_ENTITIES[self.entity])
        return self.entity

    def field(self, key: str) -> str:
        for labels in self._label_sources():
            label = labels.get(key) or (labels.get(key[:-3]) if key.endswith("_id") else None)
            if label:
                return str(label)
        target = _foreign_table(self.model, key)
        if target is not None and target != self.entity:
            return Describer(target).label()
        if key in COMMON_FIELDS:
            return str(COMMON_FIELDS[key])
        return key

    def value(self, key: str, value) -> str:
        """One value in words: a choice's or state's label, Ya/Tidak, a date, a number."""
        if isinstance(value, list):
            return ", ".join(self.value(key, v) for v in value) or "–"
        if isinstance(value, str) and "," in value and self._choice(key, value) is None:
            parts = value.split(",")   # several codes in one column ("public,business")
            labels = [self._choice(key, p) for p in parts]
            if all(labels):
                return ", ".join(labels)
        if value is None or value == "":
            return "–"
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if key == "entity" and isinstance(value, str):   # a table the record belongs to
            return describe(value).label()
        if key == "code":   # a record's own code (a state's `draft`) is data: shown as code
            return Markup("<code>{}</code>").format(value)
        label = self._choice(key, value)
        if label is not None:
            return label
        target = _foreign_table(self.model, key)
        if target is not None and isinstance(value, (int, str)):
            return _record_name(target, value) if self.names else f"#{value}"
        if isinstance(value, (int, float)) and not key.endswith(("_id", "year", "_no")) \
                and key not in NOT_QUANTITIES:
            return fmt_number(value)
        if isinstance(value, str):
            return _text(value)
        return str(value)

    def _label_sources(self):
        if self.inline is not None:
            yield self.inline.get("labels") or {}
        elif self.view is not None:
            yield self.view.column_labels or {}
        if self.extra is not None:
            yield self.extra.fields

    def _choice(self, key, value):
        for choices in self._choice_sources():
            options = choices.get(key)
            if options and str(value) in {str(k) for k in options}:
                return str(next(v for k, v in options.items() if str(k) == str(value)))
        return None

    def _choice_sources(self) -> list[dict]:
        """{column: {code: label}} from each declaration, gathered once per entity."""
        if self._sources is not None:
            return self._sources
        sources = []
        if self.inline is not None:
            sources.append(self.inline.get("choices") or {})
        elif self.view is not None:
            sources.append(getattr(self.view, "choices", None) or {})
            sources.append({name: dict(values) for name, values in
                            (getattr(self.view, "form_choices", None) or {}).items()
                            if isinstance(values, (list, tuple, dict))})
            sources.append({name: fmt.choices for name, fmt in
                            (self.view.column_formatters or {}).items()
                            if hasattr(fmt, "choices")})   # (admin.values.choice_formatter)
        value_labels = getattr(self.view, "audit_value_labels", None)   # (workflow views)
        if value_labels is not None:
            sources.append(value_labels())
        if self.extra is not None:
            sources.append(self.extra.choices)
        self._sources = sources
        return sources


def _text(value: str) -> str:
    if _ISO_DATETIME.match(value):
        try:
            return fmt_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    if _ISO_DATE.match(value):
        try:
            return fmt_date(date.fromisoformat(value))
        except ValueError:
            return value
    if _DECIMAL.fullmatch(value):   # a Decimal the trail keeps as text ("2.5E+2")
        try:
            return fmt_number(Decimal(value))
        except InvalidOperation:
            return value
    return value


def _record_name(table: str, ident) -> str:
    """The record a foreign key points to, by its name ("Aula DPMPTSP"), or `#3` when it is
    gone (the trail outlives deleted rows)."""
    from app.extensions import db

    model = _models().get(table)
    try:
        record = db.session.get(model, int(ident)) if model is not None else None
    except (TypeError, ValueError):
        record = None
    return f"{record} (#{ident})" if record is not None else f"#{ident}"


def describe(entity: str) -> Describer:
    return Describer(entity)


def changes_rows(entity: str, action: str, changes_json: str,
                 names: bool = True) -> list[tuple[str, str]]:
    """(field label, value in words) per key of an event's changes, in label order; an update
    or a transition shows `old → new`. `names`: the records foreign keys point to by name (a
    query each), else by number."""
    data = json.loads(changes_json or "{}")
    if not isinstance(data, dict):
        return []
    who = Describer(entity, names)
    rows = []
    for key, value in data.items():
        if action in ("update", "transition") and isinstance(value, list) and len(value) == 2 \
                and not key == "related":
            shown = " → ".join(who.value(key, v) for v in value)
        else:
            shown = who.value(key, value)
        rows.append((who.field(key), shown))
    return sorted(rows, key=lambda row: row[0].lower())


def _view_of(entity: str):
    """(the view showing this table, None) or (the view editing it inline, its labels)."""
    views = list(registry().admin_views.values())
    for view in views:
        if getattr(getattr(view, "model", None), "__tablename__", None) == entity:
            return view, None
    for view in views:
        for item in getattr(view, "inline_models", None) or ():
            if isinstance(item, tuple):
                model, options = item
            else:   # an InlineFormAdmin: its options are (class) attributes
                model = getattr(item, "model", None)
                options = {k: getattr(item, k, None) for k in
                           ("form_label", "column_labels", "form_args", "form_choices")}
            if getattr(model, "__tablename__", None) == entity:
                return view, _inline_labels(view, model, options)
    return None, None


def _inline_labels(view, model, options: dict) -> dict:
    label = options.get("form_label")
    if not label:
        for rel in view.model.__mapper__.relationships:
            if rel.mapper.class_ is model:
                label = (view.column_labels or {}).get(rel.key)
                break
    choices = {name: args["choices"] for name, args in
               (options.get("form_args") or {}).items() if (args or {}).get("choices")}
    choices.update(options.get("form_choices") or {})
    # (choices given as a function are read per request by their form; not here)
    choices = {name: dict(values) for name, values in choices.items()
               if isinstance(values, (list, tuple, dict))}
    return {"label": label, "labels": options.get("column_labels") or {}, "choices": choices}


def _models() -> dict:
    from app.extensions import db

    return {m.class_.__tablename__: m.class_ for m in db.Model.registry.mappers
            if hasattr(m.class_, "__tablename__")}


def _foreign_table(model, key: str) -> str | None:
    """The table a foreign-key column of `model` points to, if `key` is one."""
    table = getattr(model, "__table__", None)
    column = table.c.get(key) if table is not None else None
    for fk in (column.foreign_keys if column is not None else ()):
        return fk.column.table.name
    return None
