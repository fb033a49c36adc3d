"""What the evaluation page shows, loaded in a fixed number of queries whatever the size of
the plan: the plan with its IKI, realisasi and evidence, the verified daily reports linked to
each RHK in the period (and, for the employee, the pending and the unlinked ones), the
feedback and ratings (hidden from the employee until the appraiser signs), and the forms of
whoever may edit a part now. Besides: the signers (outside the system, or none and the step
skipped) and the signatures HR recorded for them, the acknowledgement deadline, the objection
and its decision, the coaching dialogues of the period, for the annual evaluation the periodic
ones, and for a head of unit the unit's predikat beside the work results rating. Once the
appraiser has signed, the plan, reports, feedback and ratings come from the version on record
(`snapshots`), never the live records."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import local_today
from app.performance.models import ActivityReport
from plugins.appraisal import dialogue, rules, signers, snapshots
from plugins.appraisal.access import assessment_hidden
from plugins.appraisal.behaviours import BEHAVIOURS
from plugins.appraisal.forms import AssessmentForm, DecisionForm, RealisationForm, SignatureForm
from plugins.appraisal.labels import ORG_PREDIKAT_LABELS, PREDIKAT_LABELS, RATING_LABELS
from plugins.appraisal.models import (ANNUAL, MEASURES, OBJECTION_DECISIONS, RHK_KINDS,
                                      Dialogue, Evaluation, Feedback, IkiRealisation,
                                      ReportLink, Rhk, Skp, UnitPredikat)
from plugins.appraisal.periods import period_name, period_span
from plugins.appraisal.services import Actor, objecting, signing
from plugins.appraisal.services.editing import APPRAISER_PART, EMPLOYEE_PART, editable, may_edit
from plugins.appraisal.states import EvaluationState, EvaluationTransition
from plugins.appraisal.workflows import EVALUATION

VERIFIED = "verified"    # the daily report state that counts (app/performance/workflow.py)
MAX_REPORTS = 200        # unlinked reports offered at once (a year holds hundreds)


def period_reports(evaluation: Evaluation, skp: Skp, with_unlinked: bool):
    """Linked reports of the period per RHK (verified, and the others), and the unlinked."""
    first, last = period_span(skp.cycle, evaluation.period)
    verified: dict[int, list] = {}
    pending: dict[int, list] = {}
    rows = db.session.execute(
        select(ActivityReport, ReportLink.rhk_id)
        .join(ReportLink, ReportLink.report_id == ActivityReport.id)
        .where(ReportLink.rhk_id.in_([r.id for r in skp.rhks]),
               ActivityReport.employee_id == evaluation.employee_id,
               ActivityReport.date.between(first, last))
        .order_by(ActivityReport.date, ActivityReport.id)).all()
    for report, rhk_id in rows:
        (verified if report.status == VERIFIED else pending).setdefault(rhk_id, []).append(
            report)
    unlinked = db.session.scalars(
        select(ActivityReport)
        .outerjoin(ReportLink, ReportLink.report_id == ActivityReport.id)
        .where(ActivityReport.employee_id == evaluation.employee_id,
               ActivityReport.date.between(first, last), ReportLink.report_id.is_(None))
        .order_by(ActivityReport.date.desc(), ActivityReport.id.desc())
        .limit(MAX_REPORTS)).all() if with_unlinked else []
    return verified, pending, unlinked


def _feedback(evaluation: Evaluation):
    per_rhk, per_behaviour = {}, {}
    for item in db.session.scalars(select(Feedback).where(
            Feedback.evaluation_id == evaluation.id).order_by(Feedback.id)):
        if item.rhk_id is not None:
            per_rhk.setdefault(item.rhk_id, item)
        elif item.behaviour:
            per_behaviour.setdefault(item.behaviour, item)
    return per_rhk, per_behaviour


def _periodic(evaluation: Evaluation, skp: Skp, actor: Actor) -> dict:
    """For the annual evaluation: the periodic evaluations of the SKP (their predikat where
    the viewer may see it) and their realisasi per IKI, as input beside the annual form."""
    if evaluation.period != ANNUAL:
        return {"periodic": [], "periodic_values": {}}
    rows = db.session.scalars(select(Evaluation).where(
        Evaluation.skp_id == skp.id, Evaluation.period != ANNUAL)
        .order_by(Evaluation.period)).all()
    labels = {e.id: period_name(skp.cycle, e.period) for e in rows}
    values: dict[int, list] = {}
    for realisation in db.session.scalars(
            select(IkiRealisation).join(Evaluation, Evaluation.id == IkiRealisation.evaluation_id)
            .where(IkiRealisation.evaluation_id.in_(list(labels)))
            .order_by(Evaluation.period, IkiRealisation.id)):
        values.setdefault(realisation.indicator_id, []).append(
            (labels[realisation.evaluation_id], realisation.value))
    return {"periodic": [(labels[e.id], e, None if assessment_hidden(e, actor.employee_id)
                          else PREDIKAT_LABELS.get(e.predikat)) for e in rows],
            "periodic_values": values}


def _dialogues(evaluation: Evaluation, skp: Skp) -> list[Dialogue]:
    first, last = period_span(skp.cycle, evaluation.period)
    return db.session.scalars(select(Dialogue).where(
        Dialogue.skp_id == skp.id, Dialogue.held_on.between(first, last))
        .options(selectinload(Dialogue.recorded_by))
        .order_by(Dialogue.held_on, Dialogue.id)).all()


def _unit_predikat(evaluation: Evaluation, skp: Skp) -> dict | None:
    """The unit's predikat for a head of unit's evaluation (with the capaian behind it)."""
    unit = skp.unit
    if unit is None or unit.head_id != evaluation.employee_id:
        return None
    row = db.session.scalar(select(UnitPredikat).where(
        UnitPredikat.cycle_id == skp.cycle_id, UnitPredikat.unit_id == unit.id,
        UnitPredikat.period == evaluation.period))
    return {"unit": unit.name, "row": row,
            "label": ORG_PREDIKAT_LABELS.get(row.predikat) if row else None}


def _signing(evaluation: Evaluation, actor: Actor) -> dict:
    """Who signs, what HR recorded for outsiders, the objection, and HR's or the superior's
    form for what is due now."""
    step = signing.pending_step(EVALUATION, evaluation) if actor.hr else None
    signature_form = None
    if step is not None and not evaluation.skp.cycle.locked:
        role = "appraiser" if step == EvaluationState.RATED else "superior"
        name, position = signers.outsider(evaluation, role)
        signature_form = SignatureForm(data={"id": evaluation.id, "version": evaluation.version,
                                             "name": name,
                                             "position": position, "signed_on": local_today()})
        signature_form.role = role
    found = objecting.objection(evaluation)
    decider = objecting.decider(evaluation, actor) \
        if evaluation.status == EvaluationState.OBJECTED and found and not found.decision \
        and not evaluation.skp.cycle.locked else None
    decision_form = None
    if decider:
        decision_form = DecisionForm(data={"id": evaluation.id, "version": evaluation.version,
                                           "hasil_kerja":
                                           evaluation.hasil_kerja, "perilaku":
                                           evaluation.perilaku, "signed_on": local_today()})
        decision_form.outside = decider == EvaluationTransition.RECORD_DECISION
    mine = actor.employee_id == evaluation.employee_id
    return {
        "appraiser_kind": signers.appraiser_kind(evaluation),
        "superior_kind": signers.superior_kind(evaluation),
        "outsiders": {role: signers.outsider(evaluation, role)
                      for role in ("appraiser", "superior")},
        "outside_signatures": signing.signatures(EVALUATION, evaluation.id),
        "signature_form": signature_form, "objection": found, "decision_form": decision_form,
        "objection_until": objecting.objection_deadline(evaluation) if mine and not found
        and evaluation.status in (EvaluationState.RATED, EvaluationState.SIGNED) else None,
        "decisions": OBJECTION_DECISIONS,
    }


def context(evaluation: Evaluation, actor: Actor) -> dict:
    skp = db.session.scalar(select(Skp).where(Skp.id == evaluation.skp_id).options(
        selectinload(Skp.cycle), selectinload(Skp.expectations), selectinload(Skp.unit),
        selectinload(Skp.rhks).selectinload(Rhk.indicators),
        selectinload(Skp.rhks).selectinload(Rhk.parent)))
    cycle = skp.cycle
    can_realise = may_edit(evaluation, EMPLOYEE_PART, actor)
    can_assess = may_edit(evaluation, APPRAISER_PART, actor)
    show_assessment = not assessment_hidden(evaluation, actor.employee_id)
    first, last = period_span(cycle, evaluation.period)
    verified, pending, unlinked = period_reports(evaluation, skp, can_realise)
    rhk_feedback, behaviour_feedback = _feedback(evaluation) if show_assessment else ({}, {})
    realisations = {r.indicator_id: r for r in db.session.scalars(
        select(IkiRealisation).where(IkiRealisation.evaluation_id == evaluation.id)
        .order_by(IkiRealisation.id))}
    predikat = PREDIKAT_LABELS.get(evaluation.predikat) if show_assessment else None
    forms = {}
    if can_realise:
        forms["realisation_form"] = RealisationForm.build([])
    if can_assess:
        forms["assessment_form"] = AssessmentForm.build([])
    for form in forms.values():
        form.id.data = evaluation.id
        form.version.data = evaluation.version
    return {
        "skp": skp, "cycle": cycle, "period_name": period_name(cycle, evaluation.period),
        "first_day": first, "last_day": last,
        "can_realise": can_realise, "can_assess": can_assess,
        "show_assessment": show_assessment, "predikat_label": predikat,
        "realisations": realisations, "verified": verified, "pending": pending,
        "unlinked": unlinked,
        "rhk_feedback": rhk_feedback, "behaviour_feedback": behaviour_feedback,
        "expectations": {e.behaviour: e.text for e in skp.expectations},
        "behaviours": [{"code": code, "name": name, "guides": guides}
                       for code, (name, guides) in BEHAVIOURS.items()],
        "kinds": RHK_KINDS, "aspects": MEASURES, "ratings": RATING_LABELS,
        "matrix": {f"{h}|{p}": str(PREDIKAT_LABELS[v]) for (h, p), v in rules.MATRIX.items()},
        "locked": cycle.locked, "editable": editable(evaluation), **forms,
        "deadline": evaluation.deadline, "dialogues": _dialogues(evaluation, skp),
        "may_record_dialogue": dialogue.may_record(skp, actor),
        "unit_predikat": _unit_predikat(evaluation, skp),
        **_periodic(evaluation, skp, actor), **_signing(evaluation, actor),
        **_frozen(evaluation, show_assessment),
    }


def _frozen(evaluation: Evaluation, show_assessment: bool) -> dict:
    """Once signed, the page shows the version on record instead of the live records."""
    row = snapshots.current(evaluation.id) if show_assessment else None
    return {"frozen": snapshots.document_for(row, evaluation) if row else None,
            "versions": snapshots.versions(evaluation.id) if row else []}
