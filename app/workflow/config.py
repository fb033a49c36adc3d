"""The configuration file's "workflows" section: definitions checked by the validator the
editor uses (app.workflow.definition), replacing the states and transitions of an entity's
definition on import."""
from __future__ import annotations

from sqlalchemy import select

from app.core.hooks import ConfigSection
from app.core.registry import registry
from app.extensions import db
from app.i18n import _, _l
from app.workflow.definition import (STATE_FIELDS, TRANSITION_FIELDS, build, fill, states_in_use,
                                     validate)
from app.workflow.models import WorkflowDefinition


def export() -> list[dict]:
    """The definitions of the entities bound here (a disabled plugin's definition stays in
    the database but is no configuration this server could import)."""
    def row(obj, fields):
        return {f: getattr(obj, f) for f in fields}

    return [{"entity": d.entity, "name": d.name, "initial_state": d.initial_state,
             "states": [row(s, STATE_FIELDS) for s in d.states],
             "transitions": [row(t, TRANSITION_FIELDS) for t in d.transitions]}
            for d in db.session.scalars(
                select(WorkflowDefinition).where(
                    WorkflowDefinition.entity.in_(list(registry().workflows)))
                .order_by(WorkflowDefinition.entity))]


def _clean(rows) -> tuple[list[dict], list[str]]:
    specs, errors, seen = [], [], set()
    for n, row in enumerate(rows, 1):
        where = _("workflow %(n)s", n=n)
        spec, problems = validate(row, registry(), where=where)
        errors += problems
        if spec is None:
            continue
        if spec["entity"] in seen:
            errors.append(_("%(where)s: a second definition of %(entity)s.", where=where,
                            entity=spec["entity"]))
        seen.add(spec["entity"])
        errors += states_in_use(registry().workflows[spec["entity"]],
                                {s["code"] for s in spec["states"]}, where=where)
        specs.append(spec)
    return specs, errors


def apply(rows) -> int:
    specs, _errors = _clean(rows)
    for spec in specs:
        d = db.session.scalar(select(WorkflowDefinition).where(
            WorkflowDefinition.entity == spec["entity"]))
        if d is None:
            db.session.add(build(spec))
            continue
        d.name, d.initial_state = spec["name"], spec["initial_state"]
        # Old rows go first: new ones may reuse their codes (unique per definition).
        d.states, d.transitions = [], []
        db.session.flush()
        fill(d, spec)
    return len(specs)


def section() -> ConfigSection:
    return ConfigSection("workflows", _l("workflows"), export,
                         lambda rows: _clean(rows)[1], apply)
