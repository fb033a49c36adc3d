"""Custom field definitions as configuration: one check per definition, used by their admin
form and by the configuration file's "custom_fields" section."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.core.hooks import ConfigSection
from app.core.registry import registry
from app.core.rows import check_row, show
from app.customfields.models import FIELD_TYPES, CustomField
from app.extensions import db
from app.i18n import _, _l

FIELDS = ["entity", "code", "label", "field_type", "required", "help_text", "choices",
          "position", "show_in_list", "active"]
CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")


def check_field(where: str, row, errors: list[str]) -> dict | None:
    """A clean custom field definition, or None with the problems in `errors`: a registered
    entity (`Module.custom_field_entities`), a code of lower-case letters, digits and _, a
    known type, and options for a choice."""
    clean = check_row(where, row, CustomField, FIELDS, errors,
                      required=("entity", "code", "label", "field_type"),
                      choices={"entity": registry().custom_field_entities,
                               "field_type": FIELD_TYPES})
    if clean is None:
        return None
    before = len(errors)
    if not CODE.fullmatch(clean["code"]):
        errors.append(_("%(where)s: the code %(code)s must start with a letter and use only "
                        "lower-case letters, digits and _.", where=where,
                        code=show(clean["code"])))
    if clean["field_type"] == "choice" and not (clean.get("choices") or "").strip():
        errors.append(_("%(where)s: a choice field needs at least one option.", where=where))
    return clean if len(errors) == before else None


def _clean(rows) -> tuple[list[dict], list[str]]:
    errors, clean, seen = [], [], set()
    for n, row in enumerate(rows, 1):
        where = _("custom field %(n)s", n=n)
        item = check_field(where, row, errors)
        if item is None:
            continue
        if (item["entity"], item["code"]) in seen:
            errors.append(_("%(where)s: the code %(code)s appears twice.", where=where,
                            code=item["code"]))
        seen.add((item["entity"], item["code"]))
        clean.append(item)
    return clean, errors


def _apply(rows) -> int:
    clean, _errors = _clean(rows)
    fields = {(f.entity, f.code): f for f in db.session.scalars(select(CustomField))}
    for row in clean:
        item = fields.get((row["entity"], row["code"])) or CustomField(entity=row["entity"],
                                                                       code=row["code"])
        for key, value in row.items():
            setattr(item, key, value)
        db.session.add(item)
    return len(clean)


def _export() -> list[dict]:
    return [{f: getattr(field, f) for f in FIELDS} for field in db.session.scalars(
        select(CustomField).order_by(CustomField.entity, CustomField.position, CustomField.code))]


def section() -> ConfigSection:
    return ConfigSection("custom_fields", _l("custom fields"), _export,
                         lambda rows: _clean(rows)[1], _apply)
