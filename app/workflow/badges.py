"""A workflow state as a coloured badge: the one formatter of every list, details page, inbox
and plugin page that shows a state.

The colour is data: each state of a definition may name one of `STATE_COLORS` (HR picks it in
the workflow editor; the configuration file carries it). A state without one takes a default
that follows the diagram, so a definition saved before colours existed still reads well:
the initial state grey, a final state green, a state reviewers return records to yellow,
anything in between teal.
"""
from __future__ import annotations

from markupsafe import Markup

from app.workflow import engine
from app.workflow.definition import as_spec
from app.workflow.models import STATE_COLORS

DEFAULT_COLOR = "secondary"


def default_colors(spec: dict) -> dict[str, str]:
    """{state code: colour} of a definition as the validator sees it, defaults filled in."""
    owner_leaves = {t["from_state"] for t in spec["transitions"] if t["approver"] == "owner"}
    returned_to = {t["to_state"] for t in spec["transitions"] if t["approver"] != "owner"}
    colors = {}
    for state in spec["states"]:
        code = state["code"]
        if state.get("color") in STATE_COLORS:
            colors[code] = state["color"]
        elif code == spec["initial_state"]:
            colors[code] = DEFAULT_COLOR
        elif state.get("is_final"):
            colors[code] = "success"
        elif code in returned_to and code in owner_leaves:
            colors[code] = "warning"
        else:
            colors[code] = "info"
    return colors


def state_colors(entity: str) -> dict[str, str]:
    """The entity's {state code: colour}, from its definition (read once per request)."""
    d = engine.definition(entity)
    return default_colors(as_spec(d)) if d is not None else {}


def badge(label, color: str | None) -> Markup:
    """A state label as a badge of a palette colour (anything else is grey)."""
    color = color if color in STATE_COLORS else DEFAULT_COLOR
    return Markup('<span class="badge badge-{} badge-state">{}</span>').format(color, label)


def state_badge(entity: str, code: str | None) -> Markup:
    """The badge of `code` in the entity's workflow: HR's label in HR's colour. A code the
    definition no longer has shows as it is, grey."""
    if code is None:
        return Markup("")
    label = engine.state_labels(entity).get(code, code)
    return badge(label, state_colors(entity).get(code))


def state_column(view, context, model, name):
    """Flask-Admin column formatter of a `WorkflowViewMixin` view's state column: a badge on
    pages, the plain label in exports (which Flask-Admin formats without a context)."""
    code = getattr(model, name)
    if context is None:
        return engine.state_labels(view.workflow_entity).get(code, code)
    return state_badge(view.workflow_entity, code)
