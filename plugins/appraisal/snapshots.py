"""Final means final: what a signed evaluation shows is frozen, and its PDF is kept.

From the moment the appraiser signs (the evaluation reaches Rated, however), its document
(people with their NIP, position, grade and unit; the plan with realisasi and evidence; the
verified daily reports linked to each RHK in the period; feedback; ratings and predikat; the
coefficient and angka kredit; the unit predikat that governed the curve) is stored as a
version (`EvaluationSnapshot`). The details page, the document (HTML and PDF), the angka kredit
list and its export read that version, never the live records: a promotion, a renamed unit,
an edited coefficient or a report linked later changes nothing in it.

- A new version is made when the evaluation is rated again after going back (returned to the
  appraiser, HR's correction) and when an objection is decided; the previous one is marked
  superseded with the reason and stays readable.
- The signatures (the workflow's log and what HR recorded for outsiders) and the objection are
  read live while a version is current (steps after signing, themselves append-only) and
  frozen with it when superseded.
- When the evaluation becomes final, its PDF is made once from the version and stored with
  its SHA-256, which also goes to the audit trail; downloads serve those bytes, and the
  verification page says whether a given PDF is the one on record.

The document is frozen in Indonesian, the language of the record.
"""
from __future__ import annotations

import hashlib
import json
import logging
from datetime import date, datetime
from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy import func, select

from app.audit.trail import record
from app.extensions import db
from app.i18n import utcnow
from plugins.appraisal.models import EvaluationSnapshot

log = logging.getLogger(__name__)
ENTITY = "appraisal_evaluation_snapshot"

# What a frozen document keeps of the model objects it shows (everything else is plain data).
KEPT = {
    "Rhk": ("id", "text"),
    "IkiRealisation": ("value", "evidence_url"),
    "TransitionLog": ("at", "transition", "from_state", "to_state", "username"),
    "ExternalSignature": ("name", "position", "signed_on"),
}


def freeze(value):
    """`value` as JSON-compatible data; dates, times and decimals tagged so `thaw` restores
    them, lazy strings translated now, model objects reduced to what the document shows."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, dict):
        return {str(key): freeze(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [freeze(item) for item in value]
    kept = KEPT.get(type(value).__name__)
    if kept is not None:
        return {name: freeze(getattr(value, name)) for name in kept}
    return str(value)


def thaw(value):
    if isinstance(value, list):
        return [thaw(item) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        (tag, raw), = value.items()
        if tag == "$datetime":
            return datetime.fromisoformat(raw)
        if tag == "$date":
            return date.fromisoformat(raw)
        if tag == "$decimal":
            return Decimal(raw)
    return {key: thaw(item) for key, item in value.items()}


def current(evaluation_id: int) -> EvaluationSnapshot | None:
    """The version in force, if the evaluation has been signed."""
    return db.session.scalar(select(EvaluationSnapshot).where(
        EvaluationSnapshot.evaluation_id == evaluation_id,
        EvaluationSnapshot.superseded_at.is_(None)))


def versions(evaluation_id: int) -> list[EvaluationSnapshot]:
    return list(db.session.scalars(select(EvaluationSnapshot).where(
        EvaluationSnapshot.evaluation_id == evaluation_id)
        .order_by(EvaluationSnapshot.version.desc())))


def _latest(evaluation_id: int) -> EvaluationSnapshot | None:
    return db.session.scalar(select(EvaluationSnapshot).where(
        EvaluationSnapshot.evaluation_id == evaluation_id)
        .order_by(EvaluationSnapshot.version.desc()).limit(1))


def get(evaluation_id: int, version) -> EvaluationSnapshot | None:
    try:
        number = int(version)
    except (TypeError, ValueError):
        return None
    if not 0 < number < 2**31:
        return None
    return db.session.scalar(select(EvaluationSnapshot).where(
        EvaluationSnapshot.evaluation_id == evaluation_id,
        EvaluationSnapshot.version == number))


class _Held:
    name, kind, level = "–", None, None


def _position_held(evaluation):
    """The position the employee held at the end of the period (the history), else the one
    they hold now: a version taken late (the upgrade, a correction) names the right one."""
    from app.org.history import position_on
    from plugins.appraisal.labels import period_dates

    cycle = evaluation.skp.cycle
    _start, end = period_dates(cycle.year, cycle.periodicity, evaluation.period)
    return (position_on(evaluation.employee_id, end) or evaluation.employee.position
            or _Held())


def _linked_reports(evaluation) -> list[dict]:
    """The verified daily reports linked to each RHK in the evaluation's period."""
    from plugins.appraisal.evaluation_page import period_reports

    verified, _pending, _unlinked = period_reports(evaluation, evaluation.skp, False)
    texts = {rhk.id: rhk.text for rhk in evaluation.skp.rhks}
    return [{"rhk": texts.get(rhk_id, ""),
             "reports": [{"date": r.date, "description": r.description,
                          "minutes": r.duration_minutes} for r in reports]}
            for rhk_id, reports in verified.items()]


def supersede(evaluation_id: int, reason: str | None) -> EvaluationSnapshot | None:
    """Mark the version in force superseded (the evaluation went back or is being re-made),
    freezing the signatures it carried. Not committed."""
    from plugins.appraisal.document import _objection, signatures
    from plugins.appraisal.models import Evaluation

    row = current(evaluation_id)
    if row is None:
        return None
    content = json.loads(row.content)
    evaluation = db.session.get(Evaluation, evaluation_id)
    with force_locale("id"):
        content["signed"] = freeze(signatures(evaluation))
        content["objection"] = freeze(_objection(evaluation))
    row.content = json.dumps(content, ensure_ascii=False, sort_keys=True)
    row.superseded_at, row.superseded_reason = utcnow(), reason or None
    record("supersede", ENTITY, row.id, evaluation_id=evaluation_id, version=row.version,
           reason=reason or "")
    return row


def take(evaluation, reason: str | None = None) -> EvaluationSnapshot:
    """Freeze what the evaluation shows now as its next version (superseding the one in
    force). Not committed: it is part of the transition that signs."""
    from plugins.appraisal.credit import credit
    from plugins.appraisal.document import document
    from plugins.appraisal.labels import period_count
    from plugins.appraisal.models import ANNUAL
    from plugins.appraisal import rules

    previous = supersede(evaluation.id, reason) or _latest(evaluation.id)
    held = _position_held(evaluation)
    coefficient, value = (credit(evaluation.predikat, held.level)
                          if held.kind == "fungsional" else (None, None))
    if value is not None and evaluation.period != ANNUAL:
        value = rules.periodic_share(value, period_count(evaluation.skp.cycle.periodicity))
    with force_locale("id"):
        doc = document(evaluation)
        content = {key: item for key, item in doc.items() if key not in ("evaluation", "signed")}
        content["cycle"] = {"year": doc["cycle"].year}
        content["reports"] = _linked_reports(evaluation)
        content["people"][0]["position"] = held.name
        content["functional"] = held.kind == "fungsional"
        content["coefficient"] = coefficient   # (the angka kredit shows once final)
        frozen = freeze(content)
    number = (db.session.scalar(select(func.max(EvaluationSnapshot.version)).where(
        EvaluationSnapshot.evaluation_id == evaluation.id)) or 0) + 1
    row = EvaluationSnapshot(
        evaluation_id=evaluation.id, version=number, taken_at=utcnow(),
        reason=reason or (previous.superseded_reason if previous is not None else None),
        content=json.dumps(frozen, ensure_ascii=False, sort_keys=True),
        employee_name=evaluation.employee.name, employee_nip=evaluation.employee.nip,
        position_kind=held.kind, level=held.level, predikat=evaluation.predikat,
        coefficient=coefficient, credit=value)
    db.session.add(row)
    db.session.flush()
    record("freeze", ENTITY, row.id, evaluation_id=evaluation.id, version=number,
           predikat=evaluation.predikat or "", reason=reason or "")
    return row


def document_for(row: EvaluationSnapshot, evaluation) -> dict:
    """The document of a version, as `document.document` gives it for the live records."""
    from plugins.appraisal.document import _objection, signatures
    from plugins.appraisal.states import EvaluationState

    doc = thaw(json.loads(row.content))
    doc["evaluation"] = evaluation
    doc["version"] = row
    if row.superseded_at is None:   # the steps after signing, themselves append-only
        doc["signed"] = signatures(evaluation)
        doc["objection"] = _objection(evaluation)
    final = row.superseded_at is None and evaluation.status == EvaluationState.FINAL
    doc["credit"] = row.credit if final and doc.get("functional") else None
    return doc


def render_pdf(row: EvaluationSnapshot, evaluation) -> bytes:
    """The PDF of a version (WeasyPrint, fetching nothing); raises when it cannot be made."""
    from flask import render_template

    from app.core import pdf
    from plugins.appraisal.verification import qr_svg

    with force_locale("id"):
        html = render_template("appraisal/document_pdf.html", doc=document_for(row, evaluation),
                               body="appraisal/document_body.html",
                               title="DOKUMEN EVALUASI KINERJA PEGAWAI",
                               qr=qr_svg(evaluation.id, row.version))
    return pdf.render(html)


def keep_pdf(row: EvaluationSnapshot, evaluation) -> bool:
    """Make the final version's PDF once and keep it with its SHA-256 (in the audit trail
    too). False when it cannot be made now (no WeasyPrint): the next download tries again."""
    if row.pdf_sha256:
        return True
    try:
        pdf = render_pdf(row, evaluation)
    except Exception:  # noqa: BLE001 - a missing library or a rendering failure
        log.warning("The PDF of evaluation %s v%s could not be made", evaluation.id,
                    row.version, exc_info=True)
        return False
    row.pdf, row.pdf_sha256 = pdf, hashlib.sha256(pdf).hexdigest()
    record("keep_pdf", ENTITY, row.id, evaluation_id=evaluation.id, version=row.version,
           sha256=row.pdf_sha256, size=len(pdf))
    return True


def find_pdf(data: bytes) -> EvaluationSnapshot | None:
    """The version whose kept PDF is exactly these bytes."""
    return db.session.scalar(select(EvaluationSnapshot).where(
        EvaluationSnapshot.pdf_sha256 == hashlib.sha256(data).hexdigest()))
