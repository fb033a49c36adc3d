"""A workflow definition drawn as an SVG on the server: its states in a row (in their order),
each transition an arrow between them, forward ones above the row and backward ones below.
No JavaScript and no library: a few lines of layout are enough for the handful of states a
workflow has, and the picture prints and passes the CSP like any other markup."""
from __future__ import annotations

from markupsafe import Markup

BOX_W, BOX_H, GAP, MARGIN = 130, 44, 70, 16
LANE = 26        # the height one more level of arcs takes
LABEL_MAX = 18   # characters of a label before it is shortened


def _short(text: str, limit: int = LABEL_MAX) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _arcs(transitions, index):
    """(transition, from index, to index, level, above) per drawable transition: levels keep
    arcs spanning the same or nested ranges apart."""
    arcs, used = [], {}
    for t in sorted(transitions, key=lambda t: (t.position or 0, t.code)):
        if t.from_state not in index or t.to_state not in index:
            continue   # (the validator refuses such a definition; draw what is consistent)
        a, b = index[t.from_state], index[t.to_state]
        above = b > a
        level = abs(b - a) if a != b else 1
        while (above, level, min(a, b)) in used:
            level += 1
        used[(above, level, min(a, b))] = True
        arcs.append((t, a, b, level, above))
    return arcs


def svg(definition, title: str = "") -> Markup:
    """The definition's states and transitions as an inline <svg> (labels escaped)."""
    states = sorted(definition.states, key=lambda s: (s.position or 0, s.id or 0))
    index = {s.code: i for i, s in enumerate(states)}
    arcs = _arcs(definition.transitions, index)
    up = max([lvl for *_, lvl, above in arcs if above] or [0])
    down = max([lvl for *_, lvl, above in arcs if not above] or [0])
    row_y = MARGIN + up * LANE + 14
    width = MARGIN * 2 + len(states) * BOX_W + max(len(states) - 1, 0) * GAP
    height = row_y + BOX_H + down * LANE + 14 + MARGIN

    def centre(i):
        return MARGIN + i * (BOX_W + GAP) + BOX_W / 2

    parts = [Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" class="workflow-diagram" role="img" '
        'viewBox="0 0 {w} {h}" width="100%">'
        '<title>{title}</title>'
        '<defs><marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#495057"/></marker></defs>').format(w=int(width), h=int(height),
                                                     title=title or definition.name)]
    for t, a, b, level, above in arcs:
        # Wider arcs leave and reach a box a little off its middle, so arrows do not overlap.
        shift = min((level - 1) * 12, BOX_W / 2 - 12) * (1 if b > a else -1)
        x1, x2 = centre(a) + shift, centre(b) - shift
        if a == b:   # a transition that keeps the state: a small loop over the box
            x1, x2 = centre(a) - 20, centre(a) + 20
        y = row_y if above else row_y + BOX_H
        bend = (level * LANE + 10) * (-1 if above else 1)
        mid_x, apex = (x1 + x2) / 2, y + bend
        parts.append(Markup(
            '<path d="M{x1:.0f},{y:.0f} Q{mx:.0f},{cy:.0f} {x2:.0f},{y:.0f}" fill="none" '
            'stroke="#495057" stroke-width="1.4" marker-end="url(#wf-arrow)"/>'
            '<text x="{mx:.0f}" y="{ty:.0f}" text-anchor="middle" font-size="11" '
            'fill="#212529" paint-order="stroke" stroke="#fff" stroke-width="3">{label}'
            '<title>{full}</title></text>').format(
                x1=x1, x2=x2, y=y, mx=mid_x, cy=y + 2 * bend * 0.75,
                ty=apex + (4 if above else 8), label=_short(t.label), full=t.label))
    for i, s in enumerate(states):
        x = MARGIN + i * (BOX_W + GAP)
        initial = s.code == definition.initial_state
        stroke = "#198754" if initial else "#343a40"
        parts.append(Markup(
            '<g class="workflow-state"><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" '
            'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"/>').format(
                x=x, y=row_y, w=BOX_W, h=BOX_H, fill="#e9ecef" if s.is_final else "#fff",
                stroke=stroke, sw=2.5 if initial else 1.2))
        if s.is_final:   # a final state: a double border
            parts.append(Markup('<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" '
                                'fill="none" stroke="#343a40"/>').format(
                x=x + 4, y=row_y + 4, w=BOX_W - 8, h=BOX_H - 8))
        parts.append(Markup(
            '<text x="{cx:.0f}" y="{cy:.0f}" text-anchor="middle" font-size="13" '
            'fill="#212529">{label}<title>{full}</title></text></g>').format(
                cx=x + BOX_W / 2, cy=row_y + BOX_H / 2 + 4, label=_short(s.label, 17),
                full=s.label))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
