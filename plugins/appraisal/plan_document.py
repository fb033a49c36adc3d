"""The SKP plan as the printed forms of PermenPAN-RB 6/2022 lay it out (Rencana SKP, and the
work results part of the evaluation document):

- JA/JF plans: per RHK (utama, then tambahan) the RHK it supports, its IKI with their aspek and
  target;
- JPT plans: the same rows grouped by perspektif (penerima layanan, proses bisnis, penguatan
  internal, anggaran), with no aspek column;
- what an RHK supports: the appraiser's RHK (intervensi), or for a head of unit the targets of
  the unit's Perjanjian Kinerja: the cascade, printed.

`plan(skp)` gives the Rencana SKP itself: the people, the plan, the behaviour expectations,
the appendix and the signatures (the employee's submission and the appraiser's approval, or
the approval HR recorded for an appraiser outside the system).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import _
from app.org.models import Employee
from app.performance.models import Target
from app.workflow.models import TransitionLog
from plugins.appraisal import signers
from plugins.appraisal.behaviours import BEHAVIOURS
from plugins.appraisal.models import (ASPECTS, PERSPECTIVES, RHK_KINDS, Rhk, RhkTarget, Skp)
from plugins.appraisal.services import signing
from plugins.appraisal.states import SkpState
from plugins.appraisal.workflows import ENTITY

PLACE = "Manokwari"  # where the documents are signed (the regency's seat)


def target_labels(rhk_ids) -> dict[int, list[str]]:
    """RHK id -> the PK targets it supports, as "IKU-01 – objective"."""
    labels: dict[int, list[str]] = {}
    for rhk_id, target in db.session.execute(
            select(RhkTarget.rhk_id, Target).join(Target, Target.id == RhkTarget.target_id)
            .where(RhkTarget.rhk_id.in_(list(rhk_ids)))
            .options(selectinload(Target.indicator))
            .order_by(RhkTarget.rhk_id, Target.id)).tuples() if rhk_ids else []:
        labels.setdefault(rhk_id, []).append(f"{target.indicator.code} – {target.objective}")
    return labels


def sections(skp: Skp, realised: dict | None = None, feedback: dict | None = None) -> list:
    """The plan's rows: per kind, groups (per perspektif in a JPT plan, else one), each row an
    RHK with what it supports, its IKI (with their realisasi) and its feedback."""
    realised, feedback = realised or {}, feedback or {}
    supports = target_labels([r.id for r in skp.rhks])
    result = []
    for kind, label in RHK_KINDS.items():
        rhks = [r for r in skp.rhks if r.kind == kind]
        if skp.jpt:   # an RHK shows under each perspektif it has IKI in
            groups = []
            for key in [*PERSPECTIVES, None]:
                rows = []
                for rhk in rhks:
                    own = [i for i in rhk.indicators if (
                        i.aspect == key if key else i.aspect not in PERSPECTIVES)]
                    if own or (key is None and not rhk.indicators):
                        rows.append(_row(rhk, own, supports, realised, feedback))
                if rows:
                    groups.append({"perspective": PERSPECTIVES.get(key), "rows": rows})
        else:
            groups = [{"perspective": None,
                       "rows": [_row(r, r.indicators, supports, realised, feedback)
                                for r in rhks]}]
        result.append({"kind": kind, "label": label, "groups": groups,
                       "empty": not rhks})
    return result


def _row(rhk: Rhk, indicators, supports, realised, feedback) -> dict:
    supported = ([rhk.parent.text] if rhk.parent else []) + supports.get(rhk.id, [])
    return {"rhk": rhk, "supports": supported,
            "indicators": [{"aspect": str(ASPECTS.get(i.aspect, PERSPECTIVES.get(i.aspect,
                                                                                  i.aspect))),
                            "name": i.name, "target": i.target,
                            "realisation": realised.get(i.id)} for i in indicators] or [None],
            "feedback": feedback.get(rhk.id, [])}


def person(title, employee: Employee | None, unit=None, outsider=("", "")) -> dict:
    """A block of the people table; an outsider by name and position; nobody as dashes."""
    if employee is None:
        name, position = outsider
        return {"title": title, "name": name or "–", "nip": "–", "grade": "–",
                "position": position or "–", "unit": "–", "outside": bool(name)}
    unit = unit or employee.unit
    return {"title": title, "name": employee.name, "nip": employee.nip,
            "grade": employee.grade or "–",
            "position": employee.position.name if employee.position else "–",
            "unit": unit.name if unit else "–", "outside": False}


def load(skp_id: int, scope) -> Skp | None:
    """The SKP with what its plan shows, if `scope` (a select narrower) lets the user see it."""
    people = (selectinload(Employee.position), selectinload(Employee.unit))
    return db.session.scalars(scope(select(Skp).where(Skp.id == skp_id)).options(
        selectinload(Skp.cycle), selectinload(Skp.unit), selectinload(Skp.expectations),
        selectinload(Skp.rhks).selectinload(Rhk.indicators),
        selectinload(Skp.rhks).selectinload(Rhk.parent),
        *(selectinload(rel).options(*people) for rel in (Skp.employee, Skp.appraiser,
                                                         Skp.superior)))).first()


def plan(skp: Skp) -> dict:
    """Everything the Rencana SKP shows."""
    logs = {log.to_state: log for log in db.session.scalars(select(TransitionLog).where(
        TransitionLog.entity == ENTITY, TransitionLog.record_id == skp.id)
        .order_by(TransitionLog.at, TransitionLog.id))}
    approved = skp.status == SkpState.APPROVED
    expectations = {e.behaviour: e.text for e in skp.expectations}
    return {
        "skp": skp, "cycle": skp.cycle, "place": PLACE, "jpt": skp.jpt,
        "start": date(skp.cycle.year, 1, 1), "end": date(skp.cycle.year, 12, 31),
        "people": [person(_("Employee"), skp.employee, skp.unit),
                   person(_("Performance appraiser"), skp.appraiser,
                          outsider=signers.outsider(skp, "appraiser"))],
        "sections": sections(skp),
        "behaviours": [{"code": code, "name": name, "guidelines": guidelines,
                        "expectation": expectations.get(code, "")}
                       for code, (name, guidelines) in BEHAVIOURS.items()],
        "appendix": [(_("Resource support"), skp.resources),
                     (_("Accountability scheme"), skp.accountability),
                     (_("Consequences"), skp.consequences)],
        "submitted": logs.get(SkpState.SUBMITTED) if skp.status != SkpState.DRAFT else None,
        "approved": logs.get(SkpState.APPROVED) if approved else None,
        "outside_approval": signing.signature(ENTITY, skp.id, SkpState.APPROVED)
        if approved else None,
    }
