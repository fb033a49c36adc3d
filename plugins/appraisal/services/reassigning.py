"""An SKP's people change (HR names another appraiser or atasan pejabat penilai): its open
evaluations follow, each person only while their step is still ahead; a step already signed
keeps who signed it, and final evaluations keep everyone."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from plugins.appraisal.models import Evaluation, Skp
from plugins.appraisal.states import EvaluationState as E

# Who an evaluation in a state still waits for (and so follows the SKP).
FOLLOWERS = {
    E.DRAFT: ("appraiser_id", "superior_id"),
    E.RATED: ("superior_id",),
    E.OBJECTED: ("superior_id",),
}


def followers(status: str) -> tuple[str, ...]:
    return FOLLOWERS.get(status, ())


def follow(skp: Skp) -> int:
    """Copy the SKP's appraiser and superior onto its open evaluations (not committed);
    returns how many evaluations changed."""
    changed = 0
    for evaluation in db.session.scalars(select(Evaluation).where(
            Evaluation.skp_id == skp.id, Evaluation.status.in_(list(FOLLOWERS)))
            .order_by(Evaluation.id)):
        touched = False
        for attr in followers(evaluation.status):
            if getattr(evaluation, attr) != getattr(skp, attr):
                setattr(evaluation, attr, getattr(skp, attr))   # (audited per change)
                touched = True
        changed += touched
    return changed
