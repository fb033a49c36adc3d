"""Export and import of the low-code configuration as one JSON document."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from app.audit.trail import record
from app.customfields.models import FIELD_TYPES, CustomField
from app.extensions import db
from app.i18n import _
from app.performance.choices import ASPECTS, INDICATOR_LEVELS, PERSPECTIVES, POLARITIES
from app.performance.formula import FormulaError, validate as validate_formula, variable
from app.performance.models import CapaianBand, Indicator
from app.workflow.models import (APPROVERS, WorkflowDefinition, WorkflowState,
                                 WorkflowTransition)

FORMAT = "portal-kinerja-config"
VERSION = 1
INDICATOR_FIELDS = ["code", "name", "unit_of_measure", "polarity", "aspect", "perspective",
                    "level", "description", "formula"]
FIELD_FIELDS = ["entity", "code", "label", "field_type", "required", "help_text", "choices",
                "position", "show_in_list", "active"]
STATE_FIELDS = ["code", "label", "is_final", "position"]
TRANSITION_FIELDS = ["code", "label", "from_state", "to_state", "approver", "role", "allow_self",
                     "comment_required", "position"]


def export_config() -> dict:
    def row(obj, fields):
        return {f: getattr(obj, f) for f in fields}

    return {
        "format": FORMAT, "version": VERSION,
        "indicators": [row(i, INDICATOR_FIELDS)
                       for i in db.session.scalars(select(Indicator).order_by(Indicator.code))],
        "custom_fields": [row(f, FIELD_FIELDS) for f in db.session.scalars(
            select(CustomField).order_by(CustomField.entity, CustomField.position))],
        "workflows": [{"entity": d.entity, "name": d.name, "initial_state": d.initial_state,
                       "states": [row(s, STATE_FIELDS) for s in d.states],
                       "transitions": [row(t, TRANSITION_FIELDS) for t in d.transitions]}
                      for d in db.session.scalars(select(WorkflowDefinition)
                                                  .order_by(WorkflowDefinition.entity))],
        "capaian_bands": [{"lower_bound": None if b.lower_bound is None else float(b.lower_bound),
                           "label": b.label, "color": b.color}
                          for b in db.session.scalars(select(CapaianBand))],
    }


class ConfigErrors(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _check_row(where: str, row, required: list[str], choices: dict, errors: list[str]) -> bool:
    if not isinstance(row, dict):
        errors.append(_("%(where)s: must be an object.", where=where))
        return False
    ok = True
    for key in required:
        if not str(row.get(key) or "").strip():
            errors.append(_("%(where)s: \"%(field)s\" is missing.", where=where, field=key))
            ok = False
    for key, allowed in choices.items():
        value = row.get(key)
        if value not in (None, "") and value not in allowed:
            errors.append(_("%(where)s: \"%(field)s\" has the unknown value %(value)s.",
                            where=where, field=key, value=value))
            ok = False
    return ok


def validate_config(data) -> list[str]:
    """Every problem in the document, as messages naming where it is; empty when valid."""
    errors: list[str] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [_("This is not a Portal Kinerja configuration file.")]
    if data.get("version") != VERSION:
        return [_("Unsupported configuration version %(version)s.", version=data.get("version"))]
    indicators = data.get("indicators", [])
    codes = set()
    for n, row in enumerate(indicators, 1):
        where = _("indicator %(n)s", n=n)
        if _check_row(where, row, ["code", "name", "unit_of_measure", "polarity", "level"],
                      {"polarity": POLARITIES, "aspect": ASPECTS, "perspective": PERSPECTIVES,
                       "level": INDICATOR_LEVELS}, errors):
            if row["code"] in codes:
                errors.append(_("%(where)s: the code %(code)s appears twice.", where=where,
                                code=row["code"]))
            codes.add(row["code"])
    known = {variable(code): formula for code, formula in
             db.session.execute(select(Indicator.code, Indicator.formula))}
    known.update({variable(r["code"]): r.get("formula") for r in indicators
                  if isinstance(r, dict) and r.get("code")})
    for n, row in enumerate(indicators, 1):
        if isinstance(row, dict) and row.get("formula"):
            try:
                validate_formula(row["formula"], row.get("code", ""),
                                 {k: v for k, v in known.items()
                                  if k != variable(row.get("code", ""))})
            except FormulaError as error:
                errors.append(_("indicator %(n)s: formula: %(error)s", n=n, error=str(error)))
    from app.customfields.views import ENTITIES

    seen_fields = set()
    for n, row in enumerate(data.get("custom_fields", []), 1):
        where = _("custom field %(n)s", n=n)
        if _check_row(where, row, ["entity", "code", "label", "field_type"],
                      {"entity": ENTITIES, "field_type": FIELD_TYPES}, errors):
            if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", row["code"]):
                errors.append(_("%(where)s: invalid code %(code)s.", where=where,
                                code=row["code"]))
            if (row["entity"], row["code"]) in seen_fields:
                errors.append(_("%(where)s: the code %(code)s appears twice.", where=where,
                                code=row["code"]))
            seen_fields.add((row["entity"], row["code"]))
    for n, spec in enumerate(data.get("workflows", []), 1):
        where = _("workflow %(n)s", n=n)
        if not _check_row(where, spec, ["entity", "name", "initial_state"], {}, errors):
            continue
        states = {s.get("code") for s in spec.get("states", []) if isinstance(s, dict)}
        if spec["initial_state"] not in states:
            errors.append(_("%(where)s: the initial state is not one of its states.",
                            where=where))
        for m, t in enumerate(spec.get("transitions", []), 1):
            twhere = f"{where}, {_('transition %(n)s', n=m)}"
            if _check_row(twhere, t, ["code", "label", "from_state", "to_state", "approver"],
                          {"approver": APPROVERS}, errors):
                for key in ("from_state", "to_state"):
                    if t[key] not in states:
                        errors.append(_("%(where)s: unknown state %(code)s.", where=twhere,
                                        code=t[key]))
    for n, row in enumerate(data.get("capaian_bands", []), 1):
        where = _("band %(n)s", n=n)
        if _check_row(where, row, ["label"], {}, errors):
            try:
                if row.get("lower_bound") is not None:
                    Decimal(str(row["lower_bound"]))
            except InvalidOperation:
                errors.append(_("%(where)s: the lower bound is not a number.", where=where))
            if not re.fullmatch(r"#[0-9a-fA-F]{6}", str(row.get("color") or "#6c757d")):
                errors.append(_("%(where)s: invalid colour.", where=where))
    return errors


def import_config(data) -> dict:
    """Validate, then upsert everything in one transaction. Raises ConfigErrors if invalid."""
    errors = validate_config(data)
    if errors:
        raise ConfigErrors(errors)
    counts = {}
    existing = {i.code: i for i in db.session.scalars(select(Indicator))}
    for row in data.get("indicators", []):
        item = existing.get(row["code"]) or Indicator(code=row["code"])
        for key in INDICATOR_FIELDS:
            setattr(item, key, row.get(key) or None if key in ("aspect", "perspective",
                                                              "description", "formula")
                    else row.get(key))
        db.session.add(item)
    counts["indicators"] = len(data.get("indicators", []))
    fields = {(f.entity, f.code): f for f in db.session.scalars(select(CustomField))}
    for row in data.get("custom_fields", []):
        item = fields.get((row["entity"], row["code"])) or CustomField(entity=row["entity"],
                                                                       code=row["code"])
        for key in FIELD_FIELDS:
            if key in row:
                setattr(item, key, row[key])
        db.session.add(item)
    counts["custom_fields"] = len(data.get("custom_fields", []))
    for spec in data.get("workflows", []):
        d = db.session.scalar(select(WorkflowDefinition).where(
            WorkflowDefinition.entity == spec["entity"]))
        if d is None:
            d = WorkflowDefinition(entity=spec["entity"])
            db.session.add(d)
        d.name, d.initial_state = spec["name"], spec["initial_state"]
        # Old rows go first: new ones may reuse their codes (unique per definition).
        d.states, d.transitions = [], []
        db.session.flush()
        d.states = [WorkflowState(**{k: s.get(k) for k in STATE_FIELDS if k in s})
                    for s in spec.get("states", [])]
        d.transitions = [WorkflowTransition(**{k: t.get(k) for k in TRANSITION_FIELDS if k in t})
                         for t in spec.get("transitions", [])]
    counts["workflows"] = len(data.get("workflows", []))
    if "capaian_bands" in data:
        for band in db.session.scalars(select(CapaianBand)):
            db.session.delete(band)
        for row in data["capaian_bands"]:
            db.session.add(CapaianBand(lower_bound=row.get("lower_bound"), label=row["label"],
                                       color=row.get("color") or "#6c757d"))
        counts["capaian_bands"] = len(data["capaian_bands"])
    record("import", "configuration", None, **counts)
    db.session.commit()
    return counts
