"""The one validator of workflow definitions, used by every door: the back-office editor, the
configuration import (page and `flask config import`), `flask workflows seed`, and the
start-up check of the defaults that modules ship.

A definition is checked as a plain dict (what a configuration file holds; the editor builds
the same dict from its form): its shape (`app.core.rows`), its rules (a bound entity, known
states, approvers and roles, no reserved code) and the contract of its binding: the states and
transitions the entity's code relies on may not be removed or renamed, and the initial state
stays the one the code creates records in. Labels stay free, and so do added states and
transitions.
"""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.core.rows import check_list, check_row, show
from app.i18n import _
from app.workflow.models import (APPROVERS, ASSIGNED, STATE_COLORS, WorkflowDefinition,
                                 WorkflowState, WorkflowTransition)

CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")
# Flask-Admin's bulk "delete" action has this name: a transition may not shadow it.
RESERVED_CODES = frozenset({"delete"})
DEFINITION_FIELDS = ["entity", "name", "initial_state"]
STATE_FIELDS = ["code", "label", "is_final", "editable", "color", "position"]
TRANSITION_FIELDS = ["code", "label", "from_state", "to_state", "approver", "role",
                     "allow_self", "comment_required", "position"]


def validate(spec, registry, where: str | None = None) -> tuple[dict | None, list[str]]:
    """(the clean definition, []) or (None, every problem as a message naming its place).

    `registry`: the app's `app.core.registry.Registry` (bindings and roles)."""
    where = where or _("workflow")
    errors: list[str] = []
    head = check_row(where, spec, WorkflowDefinition, DEFINITION_FIELDS, errors,
                     required=DEFINITION_FIELDS, nested=("states", "transitions"))
    if head is None:
        return None, errors
    binding = registry.workflows.get(head["entity"])
    if binding is None:
        errors.append(_("%(where)s: unknown data %(entity)s; known: %(known)s.", where=where,
                        entity=show(head["entity"]), known=", ".join(sorted(registry.workflows))))
    states = _states(where, spec.get("states"), errors)
    transitions = _transitions(where, spec.get("transitions", []), states, registry, binding,
                               errors)
    codes = {s["code"] for s in states}
    if states and head["initial_state"] not in codes:
        errors.append(_("%(where)s: the initial state %(code)s is not one of its states.",
                        where=where, code=show(head["initial_state"])))
    if binding is not None:
        errors += _contract(where, binding, head["initial_state"], codes, transitions,
                            registry.owners.get(("workflows", binding.entity), "?"))
    if errors:
        return None, errors
    return {**head, "states": states, "transitions": transitions}, []


def _states(where, rows, errors) -> list[dict]:
    result, seen = [], set()
    for n, row in enumerate(check_list(_("%(where)s, states", where=where), rows, errors), 1):
        here = _("%(where)s, state %(n)s", where=where, n=n)
        state = check_row(here, row, WorkflowState, STATE_FIELDS, errors,
                          required=("code", "label"), choices={"color": STATE_COLORS})
        if state is None:
            continue
        state["color"] = state.get("color") or None   # (empty: the default colour)
        if not CODE.fullmatch(state["code"]):
            errors.append(_("%(where)s: the code %(code)s must start with a lower-case letter "
                            "and use only lower-case letters, digits and _ (at most 40).",
                            where=here, code=show(state["code"])))
        elif state["code"] in seen:
            errors.append(_("%(where)s: the code %(code)s appears twice.", where=here,
                            code=state["code"]))
        seen.add(state["code"])
        result.append(state)
    if rows == []:
        errors.append(_("%(where)s: a workflow needs at least one state.", where=where))
    return result


def _transitions(where, rows, states, registry, binding, errors) -> list[dict]:
    codes = {s["code"] for s in states}
    result, seen = [], set()
    for n, row in enumerate(check_list(_("%(where)s, transitions", where=where), rows, errors),
                            1):
        here = _("%(where)s, transition %(n)s", where=where, n=n)
        t = check_row(here, row, WorkflowTransition, TRANSITION_FIELDS, errors,
                      required=("code", "label", "from_state", "to_state", "approver"),
                      choices={"approver": APPROVERS, "role": registry.roles})
        if t is None:
            continue
        t["role"] = t.get("role") or None
        label = t["label"]
        if not CODE.fullmatch(t["code"]):
            errors.append(_("%(where)s: the code %(code)s must start with a lower-case letter "
                            "and use only lower-case letters, digits and _ (at most 40).",
                            where=here, code=show(t["code"])))
        elif t["code"] in RESERVED_CODES:
            errors.append(_("%(where)s: the code \"%(code)s\" is reserved.", where=here,
                            code=t["code"]))
        if (t["code"], t["from_state"]) in seen:
            errors.append(_("%(where)s: two transitions from the same state share the code "
                            "%(code)s.", where=here, code=t["code"]))
        seen.add((t["code"], t["from_state"]))
        for key in ("from_state", "to_state"):
            if states and t[key] not in codes:
                errors.append(_("%(where)s: transition \"%(label)s\" uses the unknown state "
                                "%(code)s.", where=here, label=label, code=show(t[key])))
        if t["approver"] == "role" and not t["role"]:
            errors.append(_("%(where)s: transition \"%(label)s\" needs a role.", where=here,
                            label=label))
        if t["approver"] in ASSIGNED and binding is not None \
                and binding.assignee_column(t["approver"]) is None:
            errors.append(_("%(where)s: records of this workflow name no such approver "
                            "(transition \"%(label)s\").", where=here, label=label))
        result.append(t)
    return result


def _contract(where, binding, initial, codes, transitions, owner) -> list[str]:
    """What the binding's code relies on and the definition no longer offers."""
    errors = []
    if binding.initial_state and initial != binding.initial_state:
        errors.append(_("%(where)s: the initial state must stay %(code)s: the code of module "
                        "\"%(module)s\" creates records in it.", where=where,
                        code=binding.initial_state, module=owner))
    for code in binding.required_states:
        if code not in codes:
            errors.append(_("%(where)s: the state %(code)s cannot be removed or renamed: the "
                            "code of module \"%(module)s\" relies on it (its label may "
                            "change).", where=where, code=code, module=owner))
    arrows = {(t["code"], t["from_state"], t["to_state"]) for t in transitions}
    for code, source, target in binding.required_transitions:
        if (code, source, target) not in arrows:
            errors.append(_("%(where)s: the transition %(code)s from %(from)s to %(to)s "
                            "cannot be removed or changed: the code of module \"%(module)s\" "
                            "relies on it (its label and who may apply it may change).",
                            where=where, code=code, module=owner, **{"from": source,
                                                                     "to": target}))
    return errors


def editable_states(spec: dict) -> set[str]:
    """The states in which a record may be edited: those marked `editable`, and where a state
    leaves the flag empty, the default: the initial state and the states a reviewer returns a
    record to (reached by someone other than the owner, left again by the owner)."""
    owner_leaves = {t["from_state"] for t in spec["transitions"] if t["approver"] == "owner"}
    returned_to = {t["to_state"] for t in spec["transitions"] if t["approver"] != "owner"}
    result = set()
    for state in spec["states"]:
        flag = state.get("editable")
        if flag is None:
            flag = state["code"] == spec["initial_state"] or (
                state["code"] in returned_to and state["code"] in owner_leaves
                and not state.get("is_final"))
        if flag:
            result.add(state["code"])
    return result


def states_in_use(binding, codes, where: str | None = None) -> list[str]:
    """Messages for states that records are still in but `codes` (a new definition's states)
    no longer has: removing or renaming such a state would strand those records."""
    from app.extensions import db

    column = getattr(binding.model, binding.state_attr)
    rows = db.session.execute(select(column, func.count()).where(column.not_in(codes))
                              .group_by(column)).all()
    return [_("%(where)s: %(count)s record(s) are in the state %(code)s; it cannot be removed "
              "or renamed.", where=where or _("workflow"), count=count, code=code)
            for code, count in rows]


def build(spec: dict) -> WorkflowDefinition:
    """A new definition from a validated spec."""
    d = WorkflowDefinition(**{k: spec[k] for k in DEFINITION_FIELDS})
    fill(d, spec)
    return d


def fill(d: WorkflowDefinition, spec: dict) -> None:
    """Give `d` the states and transitions of a validated spec (positions follow the list
    where the spec has none)."""
    d.states = [WorkflowState(**_row(i, s)) for i, s in enumerate(spec["states"])]
    d.transitions = [WorkflowTransition(**_row(i, t)) for i, t in enumerate(spec["transitions"])]


def _row(position: int, values: dict) -> dict:
    # Absent values take the column defaults (a file may leave out "position" or "is_final").
    return {"position": position, **{k: v for k, v in values.items() if v is not None}}


def as_spec(d: WorkflowDefinition, states=None, transitions=None) -> dict:
    """A definition (or its edited rows) as the dict the validator checks."""
    return {**{k: getattr(d, k) for k in DEFINITION_FIELDS},
            "states": [{k: getattr(s, k) for k in STATE_FIELDS}
                       for s in (d.states if states is None else states)],
            "transitions": [{k: getattr(t, k) for k in TRANSITION_FIELDS}
                            for t in (d.transitions if transitions is None else transitions)]}


def check_bindings(registry) -> None:
    """Start-up check of every binding: its default definition passes the validator (so a
    module cannot ship what HR could not save) and its admin view filters on the state (the
    inbox links to the records in a state)."""
    from app.admin.links import filter_positions
    from app.core.registry import RegistryError

    for entity, binding in registry.workflows.items():
        owner = registry.owners.get(("workflows", entity), "?")
        if binding.default is not None:
            _spec, errors = validate(binding.default, registry)
            if errors:
                raise RegistryError(f"Module '{owner}': the default definition of workflow "
                                    f"'{entity}' is invalid: {'; '.join(errors)}")
        view = registry.admin_views.get(binding.endpoint)
        if view is None or binding.state_attr not in filter_positions(view):
            raise RegistryError(f"Module '{owner}': workflow '{entity}' needs the admin view "
                                f"'{binding.endpoint}' with a filter on "
                                f"'{binding.state_attr}' (the inbox links to it).")


def check_stored() -> list[str]:
    """Problems of the stored definitions of bound entities: what the validator and the
    contracts refuse (e.g. a state renamed before the code declared it), and states records
    are in that the definition lacks."""
    from app.core.registry import registry
    from app.extensions import db

    problems = []
    for d in db.session.scalars(select(WorkflowDefinition).order_by(WorkflowDefinition.entity)):
        binding = registry().workflows.get(d.entity)
        if binding is None:
            continue  # (a disabled plugin's definition)
        spec, errors = validate(as_spec(d), registry(), where=d.name)
        problems += errors or states_in_use(binding, {s["code"] for s in spec["states"]},
                                            where=d.name)
    return problems
