"""Printable documents, as HTML with print CSS (A4) and as PDF (WeasyPrint renders the same
HTML): the evaluation document (Dokumen Evaluasi Kinerja Pegawai), the SKP plan (Rencana SKP,
`plan_document`) and a unit's predikat list with its curve (`unit_document`).

Who may open them: an evaluation's and a plan's follow the evaluations and SKP (HR and the
auditor all; the appraiser and the atasan pejabat penilai theirs; the employee their own, an
evaluation once it has left Draft); a unit's list follows the unit predikat (HR, the auditor,
the head of the unit or of a unit above it). The signatures are the workflow's transitions
with their dates; a signer outside the system signs through what HR recorded, and a missing
atasan pejabat penilai is printed as a skipped step.
"""
from __future__ import annotations

import hashlib

from flask import Response, flash, redirect, render_template, request, url_for
from flask_admin import expose
from sqlalchemy import and_, not_, select
from sqlalchemy.orm import selectinload

from app.admin.fields import typed_key
from app.admin.gates import SecurePage
from app.audit.trail import record
from app.auth.permissions import current_employee_id, has_role
from app.core import pdf
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l
from app.org.models import Employee
from app.workflow.models import TransitionLog
from plugins.appraisal import plan_document, signers, snapshots, unit_document
from plugins.appraisal.access import people_scope
from plugins.appraisal.behaviours import BEHAVIOURS
from plugins.appraisal.credit import earns_credit, evaluation_credit, functional
from plugins.appraisal.curve import governing_predikat
from plugins.appraisal.labels import (
    ORG_PREDIKAT_LABELS,
    PREDIKAT_LABELS,
    RATING_LABELS,
    period_dates,
    period_label,
)
from plugins.appraisal.models import (
    ANNUAL,
    OBJECTION_DECISIONS,
    Evaluation,
    Objection,
    Rhk,
    Skp,
    UnitPredikat,
)
from plugins.appraisal.services import signing
from plugins.appraisal.states import EvaluationState as E
from plugins.appraisal.verification import qr_svg, read_upload
from plugins.appraisal.workflows import EVALUATION

PLACE = plan_document.PLACE
LIST_SIZE = 100


def scoped(stmt):
    """Narrow a select of evaluations to those the current user may see; the employee's own
    only once the appraiser has rated it."""
    return people_scope(stmt, Evaluation).where(not_(and_(
        Evaluation.employee_id == current_employee_id(), Evaluation.status == E.DRAFT)))


def load(evaluation_id) -> Evaluation | None:
    """The evaluation with everything its document shows, if the user may see it."""
    ident = typed_key(Evaluation, evaluation_id)
    if ident is None:
        return None
    person = (selectinload(Employee.position), selectinload(Employee.unit))
    skp = selectinload(Evaluation.skp)
    return db.session.scalars(scoped(select(Evaluation).where(Evaluation.id == ident)).options(
        skp.selectinload(Skp.cycle),
        skp.selectinload(Skp.rhks).selectinload(Rhk.indicators),
        skp.selectinload(Skp.rhks).selectinload(Rhk.parent),
        skp.selectinload(Skp.expectations),
        selectinload(Evaluation.realisations), selectinload(Evaluation.feedback),
        selectinload(Evaluation.unit),
        *(selectinload(rel).options(*person) for rel in (
            Evaluation.employee, Evaluation.appraiser, Evaluation.superior)))).first()


def signatures(evaluation: Evaluation) -> dict:
    """Per signing step (rated, signed, final) the last log entry that still stands, the
    signature HR recorded for an outsider, and whether the step is skipped."""
    logs = db.session.scalars(select(TransitionLog).where(
        TransitionLog.entity == EVALUATION, TransitionLog.record_id == evaluation.id)
        .order_by(TransitionLog.at, TransitionLog.id)).all()
    last = {log_.to_state: log_ for log_ in logs}
    outside = signing.signatures(EVALUATION, evaluation.id)
    status = evaluation.status
    reached = {E.RATED: status != E.DRAFT, E.SIGNED: status in (E.SIGNED, E.FINAL),
               E.FINAL: status == E.FINAL}
    steps = {state: {"log": last.get(state) if done else None,
                     "outside": outside.get(state) if done else None}
             for state, done in reached.items()}
    final = steps[E.FINAL]["log"]
    superior_absent = signers.superior_kind(evaluation) == signers.ABSENT
    closed_early = final is not None and final.from_state == E.RATED
    steps[E.SIGNED]["skipped"] = superior_absent and status == E.FINAL
    steps[E.SIGNED]["closed"] = closed_early and not superior_absent
    return steps


def _objection(evaluation: Evaluation) -> dict | None:
    found = db.session.scalar(select(Objection).where(Objection.evaluation_id == evaluation.id))
    if found is None:
        return None
    return {"reasons": found.reasons, "decided_by": found.decided_by,
            "decided_on": found.decided_on, "decision_reasons": found.decision_reasons,
            "decision": OBJECTION_DECISIONS.get(found.decision) if found.decision else None,
            "before": [RATING_LABELS.get(found.hasil_kerja), RATING_LABELS.get(found.perilaku),
                       PREDIKAT_LABELS.get(found.predikat)]}


def document(evaluation: Evaluation) -> dict:
    """Everything the evaluation document shows, in the user's language."""
    skp, cycle = evaluation.skp, evaluation.skp.cycle
    realised = {r.indicator_id: r for r in evaluation.realisations}
    rhk_feedback: dict[int, list[str]] = {}
    behaviour_feedback: dict[str, list[str]] = {}
    for item in evaluation.feedback:
        if item.rhk_id is not None:
            rhk_feedback.setdefault(item.rhk_id, []).append(item.text)
        elif item.behaviour:
            behaviour_feedback.setdefault(item.behaviour, []).append(item.text)
    expectations = {e.behaviour: e.text for e in skp.expectations}
    behaviours = [{"code": code, "name": name, "guidelines": guidelines,
                   "expectation": expectations.get(code, ""),
                   "feedback": behaviour_feedback.get(code, [])}
                  for code, (name, guidelines) in BEHAVIOURS.items()]
    start, end = period_dates(cycle.year, cycle.periodicity, evaluation.period)
    coefficient, value = evaluation_credit(evaluation)
    org = governing_predikat(cycle.id, evaluation.unit_id, evaluation.period)
    person = plan_document.person
    return {
        "evaluation": evaluation, "cycle": cycle, "place": PLACE, "jpt": skp.jpt,
        "period_name": period_label(cycle.periodicity, evaluation.period),
        "start": start, "end": end,
        "people": [
            person(_("Assessed employee"), evaluation.employee, evaluation.unit),
            person(_("Performance appraiser"), evaluation.appraiser,
                   outsider=signers.outsider(evaluation, "appraiser")),
            person(_("Superior of the performance appraiser"), evaluation.superior,
                   outsider=signers.outsider(evaluation, "superior"))],
        "org_predikat": ORG_PREDIKAT_LABELS.get(org.predikat, org.predikat) if org else None,
        "org_unit": org.unit.name if org and org.unit_id != evaluation.unit_id else None,
        "sections": plan_document.sections(skp, realised, rhk_feedback),
        "behaviours": behaviours,
        "hasil_kerja": RATING_LABELS.get(evaluation.hasil_kerja),
        "perilaku": RATING_LABELS.get(evaluation.perilaku),
        "predikat": PREDIKAT_LABELS.get(evaluation.predikat),
        "functional": functional(evaluation), "annual": evaluation.period == ANNUAL,
        "annual_credit": earns_credit(evaluation) and evaluation.period == ANNUAL,
        "coefficient": coefficient, "credit": value,
        "objection": _objection(evaluation),
        "signed": signatures(evaluation),
    }


def pdf_response(template: str, context: dict, filename: str, back: str):
    """The PDF of a document, or back to its page with a message when it cannot be made."""
    return pdf.response(render_template(template, **context), filename, back)


class EvaluationDocumentPage(SecurePage):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})

    def __init__(self):
        super().__init__(name=_l("Evaluation documents"), endpoint="appraisal_document",
                         url="/admin/appraisal_document")

    def _missing(self):
        flash(_("The evaluation does not exist or is not yours to see."), "error")
        return redirect(self.get_url(".index"))

    # The evaluation document ---------------------------------------------------------------

    @expose("/")
    def index(self):
        if "id" not in request.args:
            return self._listing()
        evaluation = load(request.args.get("id"))
        if evaluation is None:
            return self._missing()
        doc, row = self._document(evaluation)
        if doc is None:
            return self._missing()
        final = row is not None and evaluation.status == E.FINAL
        return self.render("appraisal/document.html", doc=doc,
                           body="appraisal/document_body.html",
                           pdf_url=self.get_url(".pdf", id=evaluation.id,
                                                v=row.version if row else None),
                           qr=qr_svg(evaluation.id, row.version) if final else None,
                           versions=snapshots.versions(evaluation.id),
                           evaluation_url=url_for("appraisal_evaluation.details_view",
                                                  id=evaluation.id))

    @staticmethod
    def _document(evaluation: Evaluation):
        """(document, version): the version asked for (`v`), else the one in force, else the
        live records (a draft); (None, None) for a version that does not exist."""
        if request.args.get("v"):
            row = snapshots.get(evaluation.id, request.args.get("v"))
            return (snapshots.document_for(row, evaluation), row) if row else (None, None)
        row = snapshots.current(evaluation.id)
        if row is None:
            return document(evaluation), None
        return snapshots.document_for(row, evaluation), row

    def _listing(self):
        """The latest evaluations the user may open, to pick a document from."""
        rows = db.session.scalars(scoped(select(Evaluation)).options(
            selectinload(Evaluation.employee), selectinload(Evaluation.skp).selectinload(
                Skp.cycle)).order_by(Evaluation.id.desc()).limit(LIST_SIZE)).all()
        return self.render("appraisal/document_list.html", rows=rows, limit=LIST_SIZE,
                           period_label=period_label, predikats=PREDIKAT_LABELS)

    @expose("/pdf/")
    def pdf(self):
        evaluation = load(request.args.get("id"))
        if evaluation is None:
            return self._missing()
        doc, row = self._document(evaluation)
        if doc is None:
            return self._missing()
        suffix = f"-v{row.version}" if row else ""
        name = f"evaluasi-{doc['people'][0]['nip']}-{evaluation.skp.cycle.year}-" \
               f"{evaluation.period}{suffix}.pdf"
        back = self.get_url(".index", id=evaluation.id)
        if row is not None and (row.pdf_sha256 or (
                row.superseded_at is None and evaluation.status == E.FINAL)):
            # The final document on record: made once, then always these bytes.
            if not row.pdf_sha256:
                if not snapshots.keep_pdf(row, evaluation):
                    db.session.rollback()
                    flash(_("The PDF could not be made; use the Print button instead."),
                          "error")
                    return redirect(back)
                db.session.commit()
            return Response(row.pdf, mimetype="application/pdf",
                            headers={"Content-Disposition": f"inline; filename={name}"})
        return pdf_response("appraisal/document_pdf.html",
                            {"doc": doc, "body": "appraisal/document_body.html",
                             "title": _("EMPLOYEE PERFORMANCE EVALUATION DOCUMENT")},
                            name, back)

    # Verification of a printed or downloaded document ------------------------------------------

    @expose("/verify/", methods=("GET", "POST"))
    def verify(self):
        if not has_role(HR_ADMIN, AUDITOR):
            flash(_("Only HR and the auditor verify documents."), "error")
            return redirect(self.get_url(".index"))
        claimed = None
        ident = typed_key(Evaluation, request.args.get("id"))
        if ident is not None:
            claimed = snapshots.get(ident, request.args.get("v"))
        result = None
        if request.method == "POST":
            data, problem = read_upload(request.files.get("document"))
            if problem:
                flash({"missing": _("Choose the PDF file to verify."),
                       "large": _("The file is too large to be an evaluation document."),
                       "format": _("The file is not a PDF.")}[problem], "error")
            else:
                found = snapshots.find_pdf(data)
                result = {"found": found, "matches_claim": claimed is None or (
                    found is not None and found.id == claimed.id)}
                # Who checked which document, and what they were told, stays on record.
                record("verify_pdf", snapshots.ENTITY, found.id if found else None,
                       sha256=hashlib.sha256(data).hexdigest(), match=found is not None)
                db.session.commit()
        return self.render("appraisal/verify.html", claimed=claimed, result=result)

    # The SKP plan -----------------------------------------------------------------------------

    def _skp(self):
        ident = typed_key(Skp, request.args.get("skp"))
        skp = plan_document.load(ident, lambda stmt: people_scope(stmt, Skp)) \
            if ident is not None else None
        if skp is None:
            flash(_("The SKP does not exist or is not yours to see."), "error")
        return skp

    @expose("/plan/")
    def plan(self):
        skp = self._skp()
        if skp is None:
            return redirect(url_for("appraisal_skp.index_view"))
        return self.render("appraisal/document.html", doc=plan_document.plan(skp),
                           body="appraisal/plan_body.html",
                           pdf_url=self.get_url(".plan_pdf", skp=skp.id),
                           skp_url=url_for("appraisal_skp.details_view", id=skp.id))

    @expose("/plan/pdf/")
    def plan_pdf(self):
        skp = self._skp()
        if skp is None:
            return redirect(url_for("appraisal_skp.index_view"))
        return pdf_response("appraisal/document_pdf.html",
                            {"doc": plan_document.plan(skp), "body": "appraisal/plan_body.html",
                             "title": _("EMPLOYEE PERFORMANCE TARGETS (SKP)")},
                            f"skp-{skp.employee.nip}-{skp.cycle.year}.pdf",
                            self.get_url(".plan", skp=skp.id))

    # A unit's predikat list -------------------------------------------------------------------

    def _unit_predikat(self):
        from plugins.appraisal.units import headed_units

        ident = typed_key(UnitPredikat, request.args.get("id"))
        row = db.session.get(UnitPredikat, ident) if ident is not None else None
        if row is None or not (has_role(HR_ADMIN, AUDITOR)
                               or (has_role(SUPERVISOR) and row.unit_id in headed_units())):
            flash(_("The unit predikat does not exist or is not yours to see."), "error")
            return None
        return row

    @expose("/unit/")
    def unit(self):
        row = self._unit_predikat()
        if row is None:
            return redirect(self.get_url(".index"))
        return self.render("appraisal/document.html", doc=unit_document.unit_list(row),
                           body="appraisal/unit_body.html",
                           pdf_url=self.get_url(".unit_pdf", id=row.id),
                           unit_predikat_url=url_for("appraisal_unit_predikat.details_view",
                                                     id=row.id))

    @expose("/unit/pdf/")
    def unit_pdf(self):
        row = self._unit_predikat()
        if row is None:
            return redirect(self.get_url(".index"))
        return pdf_response("appraisal/document_pdf.html",
                            {"doc": unit_document.unit_list(row),
                             "body": "appraisal/unit_body.html",
                             "title": _("STAFF PREDIKAT OF THE UNIT")},
                            f"predikat-unit-{row.unit_id}-{row.cycle.year}-{row.period}.pdf",
                            self.get_url(".unit", id=row.id))
