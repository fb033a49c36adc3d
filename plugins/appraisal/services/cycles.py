"""Moving a cycle through its stages, and finishing it (DOMAIN 3).

Finishing locks the cycle. HR first sees what is still open (`open_items`): SKP not approved
and evaluations not final. Evaluations that await a signature (rated, signed or objected)
block the finish unless HR confirms that they are finalised as they stand: then each takes
the workflow's `close` transition (logged, audited, signalled like any other), and the
document says so. Drafts stay drafts (they have no predikat).
"""
from __future__ import annotations

from flask import g
from sqlalchemy import func, select, update

from app.audit.trail import record
from app.extensions import db
from app.i18n import _, ngettext
from app.workflow import engine
from plugins.appraisal.models import CYCLE_ORDER, FINISHED, AppraisalCycle, Evaluation, Skp
from plugins.appraisal.services import Actor, NotYours, Refused
from plugins.appraisal.states import EvaluationState, EvaluationTransition, SkpState
from plugins.appraisal.workflows import EVALUATION

CLOSING = "_appraisal_closing_cycle"   # `g` key: the cycle being finished (see `finish`)


def closing(cycle_id: int) -> bool:
    """Whether the current request is finishing the cycle (the `close` transition's rule)."""
    return g.get(CLOSING) == cycle_id


def move(cycle_id: int, source: str, target: str) -> bool:
    """One conditional UPDATE: of two concurrent clicks exactly one moves the cycle; commits."""
    moved = db.session.execute(
        update(AppraisalCycle).where(AppraisalCycle.id == cycle_id,
                                     AppraisalCycle.state == source)
        .values(state=target).execution_options(synchronize_session=False)).rowcount
    if moved:
        record("transition", "appraisal_cycle", cycle_id, state=[source, target])
        db.session.commit()
    else:
        db.session.rollback()
    return bool(moved)


def open_items(cycle_id: int) -> dict:
    """SKP per state other than approved, evaluations per state other than final."""
    skp = dict(db.session.execute(
        select(Skp.status, func.count()).where(Skp.cycle_id == cycle_id,
                                               Skp.status != SkpState.APPROVED)
        .group_by(Skp.status)).tuples().all())
    evaluations = dict(db.session.execute(
        select(Evaluation.status, func.count()).join(Skp, Skp.id == Evaluation.skp_id)
        .where(Skp.cycle_id == cycle_id, Evaluation.status != EvaluationState.FINAL)
        .group_by(Evaluation.status)).tuples().all())
    return {"skp": skp, "evaluations": evaluations,
            "awaiting": sum(evaluations.get(s, 0) for s in EvaluationState.AWAITING)}


def awaiting_ids(cycle_id: int) -> list[int]:
    return db.session.scalars(
        select(Evaluation.id).join(Skp, Skp.id == Evaluation.skp_id)
        .where(Skp.cycle_id == cycle_id,
               Evaluation.status.in_(EvaluationState.AWAITING))
        .order_by(Evaluation.id)).all()


def finish(cycle: AppraisalCycle, finalise_open: bool, actor: Actor, user) -> str:
    """Finish (lock) the cycle; with `finalise_open`, first finalise the evaluations awaiting
    a signature as they stand. Commits."""
    if not actor.hr:
        raise NotYours
    if cycle.state != CYCLE_ORDER[-2]:
        raise Refused(_("Only a cycle in its evaluation stage can be finished."))
    waiting = awaiting_ids(cycle.id)
    if waiting and not finalise_open:
        raise Refused(ngettext(
            "%(num)s evaluation awaits a signature: have it signed first, or confirm that it "
            "is finalised as it stands.",
            "%(num)s evaluations await a signature: have them signed first, or confirm that "
            "they are finalised as they stand.", len(waiting)))
    if waiting:
        g.setdefault(CLOSING, cycle.id)
        try:
            engine.apply(EVALUATION, waiting, EvaluationTransition.CLOSE, user,
                         _("Finalised as it stood when HR finished the cycle."))
        finally:
            g.pop(CLOSING, None)
        if awaiting_ids(cycle.id):
            raise Refused(_("Some evaluations could not be finalised; the cycle stays open. "
                            "Reload the page and try again."))
    if not move(cycle.id, cycle.state, FINISHED):
        raise Refused(_("The cycle has already moved on; reload the page."), category="warning")
    return _("The cycle is finished and locked.")


def refresh_deadlines(cycle: AppraisalCycle) -> int:
    """After HR changed the cycle's days: the deadlines of its evaluations that are not final
    yet, one UPDATE per period and one audit event; not committed. Returns the rows changed."""
    from plugins.appraisal.periods import deadline, periods

    changed = 0
    in_cycle = select(Skp.id).where(Skp.cycle_id == cycle.id)
    for period in periods(cycle):
        changed += db.session.execute(
            update(Evaluation).where(Evaluation.skp_id.in_(in_cycle),
                                     Evaluation.period == period,
                                     Evaluation.status != EvaluationState.FINAL)
            .values(deadline=deadline(cycle, period))
            .execution_options(synchronize_session=False)).rowcount
    if changed:
        record("deadlines", "appraisal_cycle", cycle.id, days=cycle.acknowledgement_days,
               evaluations=changed)
    return changed
