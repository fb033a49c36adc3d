"""A state walk over a workflow definition: which states can reach a final state through
transitions someone can take. Generic: the caller says which transitions are usable."""
from __future__ import annotations


def dead_ends(definition, usable) -> list[str]:
    """The states of `definition` from which no path of transitions for which
    `usable(transition)` is true reaches a final state (walked backwards from the finals)."""
    reach = {s.code for s in definition.states if s.is_final}
    grew = True
    while grew:
        grew = False
        for t in definition.transitions:
            if t.from_state not in reach and t.to_state in reach and usable(t):
                reach.add(t.from_state)
                grew = True
    return [s.code for s in definition.states if s.code not in reach]
