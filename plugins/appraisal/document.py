"""The printable evaluation document (Dokumen Evaluasi Kinerja Pegawai) of one evaluation, as
HTML with print CSS (A4) and as PDF (WeasyPrint renders the same HTML).

Who may open it follows the evaluations: HR and the auditor all; the appraiser and the
atasan pejabat penilai theirs; the employee their own once it has left Draft. The signatures
are the workflow's transitions: the appraiser's rating, the atasan's signature and the
employee's acknowledgement (or HR's finalisation after the deadline), each with its date.
"""
from __future__ import annotations

import logging

from flask import (Response, flash, redirect, render_template, request,
                   url_for)
from flask_admin import expose
from sqlalchemy import and_, not_, select
from sqlalchemy.orm import selectinload

from app.admin.base import SecurePage, typed_key
from app.auth.permissions import current_employee_id
from app.auth.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l
from app.org.models import Employee
from app.workflow.models import TransitionLog
from plugins.appraisal.access import people_scope
from plugins.appraisal.behaviours import BEHAVIOURS
from plugins.appraisal.credit import earns_credit, evaluation_credit
from plugins.appraisal.curve import governing_predikat
from plugins.appraisal.labels import (ORG_PREDIKAT_LABELS, PREDIKAT_LABELS, RATING_LABELS,
                                      period_dates, period_label)
from plugins.appraisal.models import MEASURES, RHK_KINDS, Evaluation, Rhk, Skp
from plugins.appraisal.workflows import EVALUATION

log = logging.getLogger(__name__)
PLACE = "Manokwari"  # where the documents are signed (the regency's seat)
LIST_SIZE = 100


def scoped(stmt):
    """Narrow a select of evaluations to those the current user may see; the employee's own
    only once the appraiser has rated it."""
    return people_scope(stmt, Evaluation).where(not_(and_(
        Evaluation.employee_id == current_employee_id(), Evaluation.status == "draft")))


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
    """The last rating, signature and finalisation of the evaluation that still stand."""
    logs = db.session.scalars(select(TransitionLog).where(
        TransitionLog.entity == EVALUATION, TransitionLog.record_id == evaluation.id)
        .order_by(TransitionLog.at, TransitionLog.id)).all()
    last = {log_.to_state: log_ for log_ in logs}
    reached = {"rated": ("rated", "signed", "final"), "signed": ("signed", "final"),
               "final": ("final",)}
    return {state: last.get(state) if evaluation.status in states else None
            for state, states in reached.items()}


def _person(title, employee, unit=None) -> dict:
    if employee is None:
        return {"title": title, "name": "–", "nip": "–", "grade": "–", "position": "–",
                "unit": "–"}
    unit = unit or employee.unit
    return {"title": title, "name": employee.name, "nip": employee.nip,
            "grade": employee.grade or "–",
            "position": employee.position.name if employee.position else "–",
            "unit": unit.name if unit else "–"}


def document(evaluation: Evaluation) -> dict:
    """Everything the document template shows, in the user's language."""
    skp, cycle = evaluation.skp, evaluation.skp.cycle
    realised = {r.indicator_id: r for r in evaluation.realisations}
    rhk_feedback: dict[int, list[str]] = {}
    behaviour_feedback: dict[str, list[str]] = {}
    for item in evaluation.feedback:
        if item.rhk_id is not None:
            rhk_feedback.setdefault(item.rhk_id, []).append(item.text)
        elif item.behaviour:
            behaviour_feedback.setdefault(item.behaviour, []).append(item.text)
    sections = []
    for kind, label in RHK_KINDS.items():
        rows = []
        for rhk in (r for r in skp.rhks if r.kind == kind):
            indicators = [{"aspect": str(MEASURES.get(i.aspect, i.aspect)), "name": i.name,
                           "target": i.target, "realisation": realised.get(i.id)}
                          for i in rhk.indicators]
            rows.append({"rhk": rhk, "parent": rhk.parent.text if rhk.parent else "",
                         "indicators": indicators or [None],
                         "feedback": rhk_feedback.get(rhk.id, [])})
        sections.append({"kind": kind, "label": label, "rows": rows})
    expectations = {e.behaviour: e.text for e in skp.expectations}
    behaviours = [{"code": code, "name": name, "guidelines": guidelines,
                   "expectation": expectations.get(code, ""),
                   "feedback": behaviour_feedback.get(code, [])}
                  for code, (name, guidelines) in BEHAVIOURS.items()]
    start, end = period_dates(cycle.year, cycle.periodicity, evaluation.period)
    coefficient, value = evaluation_credit(evaluation)
    org = governing_predikat(cycle.id, evaluation.unit_id, evaluation.period)
    return {
        "evaluation": evaluation, "cycle": cycle, "place": PLACE,
        "period_name": period_label(cycle.periodicity, evaluation.period),
        "start": start, "end": end,
        "people": [
            _person(_("Assessed employee"), evaluation.employee, evaluation.unit),
            _person(_("Performance appraiser"), evaluation.appraiser),
            _person(_("Superior of the performance appraiser"), evaluation.superior)],
        "org_predikat": ORG_PREDIKAT_LABELS.get(org.predikat, org.predikat) if org else None,
        "org_unit": org.unit.name if org and org.unit_id != evaluation.unit_id else None,
        "sections": sections, "behaviours": behaviours,
        "hasil_kerja": RATING_LABELS.get(evaluation.hasil_kerja),
        "perilaku": RATING_LABELS.get(evaluation.perilaku),
        "predikat": PREDIKAT_LABELS.get(evaluation.predikat),
        "annual_credit": earns_credit(evaluation),
        "coefficient": coefficient, "credit": value,
        "signed": signatures(evaluation),
    }


class EvaluationDocumentPage(SecurePage):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})

    def __init__(self):
        super().__init__(name=_l("Evaluation documents"), endpoint="appraisal_document",
                         url="/admin/appraisal_document")

    def _missing(self):
        flash(_("The evaluation does not exist or is not yours to see."), "error")
        return redirect(self.get_url(".index"))

    @expose("/")
    def index(self):
        if "id" not in request.args:
            return self._listing()
        evaluation = load(request.args.get("id"))
        if evaluation is None:
            return self._missing()
        return self.render("appraisal/document.html", doc=document(evaluation),
                           evaluation_url=url_for("appraisal_evaluation.details_view",
                                                  id=evaluation.id))

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
        back = self.get_url(".index", id=evaluation.id)
        try:
            from weasyprint import HTML
            from weasyprint.urls import URLFetcher
        except (ImportError, OSError):  # the package, or Pango/Cairo, missing on this server
            log.warning("PDF unavailable: WeasyPrint or its libraries are missing", exc_info=True)
            flash(_("PDF is not available on this server; use the Print button to print or "
                    "save the document as PDF."), "error")
            return redirect(back)
        html = render_template("appraisal/document_pdf.html", doc=document(evaluation))
        try:
            # Our own HTML with inline styles: fetch nothing at all (no file or network access).
            pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
        except Exception:  # a rendering failure must not become a 500
            log.exception("PDF rendering failed for evaluation %s", evaluation.id)
            flash(_("The PDF could not be made; use the Print button instead."), "error")
            return redirect(back)
        name = f"evaluasi-{evaluation.employee.nip}-{evaluation.skp.cycle.year}-" \
               f"{evaluation.period}.pdf"
        return Response(pdf, mimetype="application/pdf",
                        headers={"Content-Disposition": f"inline; filename={name}"})
