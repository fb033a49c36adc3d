"""The appraiser's part of an evaluation: umpan balik per RHK and per behaviour and the two
ratings. The predikat always follows from the ratings (`rules.predikat`, the matrix); nobody
types it."""
from __future__ import annotations

from app.extensions import db
from app.i18n import _
from plugins.appraisal import rules
from plugins.appraisal.models import Evaluation, Feedback
from plugins.appraisal.services import Actor, Refused
from plugins.appraisal.services.editing import APPRAISER_PART, check_part

RATING_FIELDS = ("hasil_kerja", "perilaku")


def derived_predikat(hasil_kerja: str | None, perilaku: str | None) -> str | None:
    """The predikat of the matrix once both ratings are given, else None."""
    return rules.predikat(hasil_kerja, perilaku) if hasil_kerja and perilaku else None


def set_ratings(evaluation: Evaluation, ratings: dict[str, str | None]) -> None:
    """Write the given ratings (only those present) and the predikat they imply."""
    if any(value is not None and value not in rules.RATINGS for value in ratings.values()):
        raise Refused(_("Choose one of the three ratings."))
    for field, value in ratings.items():
        if getattr(evaluation, field) != value:
            setattr(evaluation, field, value)
    predikat = derived_predikat(evaluation.hasil_kerja, evaluation.perilaku)
    if evaluation.predikat != predikat:
        evaluation.predikat = predikat


def save(evaluation: Evaluation, ratings: dict[str, str | None],
         texts: dict[tuple[int | None, str | None], str], actor: Actor) -> str:
    """`ratings`: the rating fields sent (None clears one); `texts`: feedback per
    (rhk id, None) or (None, behaviour code) sent, an empty text deleting it. Commits."""
    check_part(evaluation, APPRAISER_PART, actor)
    existing = {}
    for item in sorted(evaluation.feedback, key=lambda f: f.id, reverse=True):
        existing[(item.rhk_id, item.behaviour)] = item     # the first one of a target wins
    for (rhk_id, behaviour), text in texts.items():
        item = existing.get((rhk_id, behaviour))
        if not text:
            if item is not None:
                db.session.delete(item)
        elif item is None:
            db.session.add(Feedback(evaluation_id=evaluation.id, rhk_id=rhk_id,
                                    behaviour=behaviour, text=text))
        elif item.text != text:
            item.text = text
    set_ratings(evaluation, ratings)
    db.session.commit()
    return _("The feedback and the ratings are saved.")
