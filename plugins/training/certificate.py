"""Certificates: the generated PDF (WeasyPrint, like the appraisal documents) carrying a QR
code (segno, drawn locally as inline SVG) that opens the public check, which shows only
whether the certificate is valid, its programme, date and JP: no name, no NIP."""
from __future__ import annotations

import re

import segno
from flask import (Blueprint, Response, redirect, render_template, request, url_for)
from markupsafe import Markup
from sqlalchemy import select

from app.core import pdf
from app.extensions import db
from app.i18n import local_today
from plugins.training.choices import PASSED
from plugins.training.models import Participant
from plugins.training.workflows import DONE

bp = Blueprint("training", __name__, url_prefix="/training", static_folder="static",
               static_url_path="/static")
TOKEN = re.compile(r"[A-Za-z0-9_-]{10,40}")


def check_url(participant: Participant) -> str:
    return url_for("training.certificate", token=participant.certificate_token, _external=True)


def qr_svg(url: str) -> Markup:
    """The QR code of `url` as inline SVG (no file, no network)."""
    return Markup(segno.make(url, error="m").svg_inline(scale=4, omitsize=False))


def validity(participant: Participant | None) -> str:
    """"valid", "expired" or "unknown" (not found, not passed, session not finished)."""
    if participant is None or participant.result != PASSED \
            or participant.session.status != DONE or not participant.certificate_number:
        return "unknown"
    if participant.certificate_expires and participant.certificate_expires < local_today():
        return "expired"
    return "valid"


def context(participant: Participant) -> dict:
    url = check_url(participant)
    return {"p": participant, "session": participant.session,
            "programme": participant.session.programme, "qr": qr_svg(url), "check_url": url}


def pdf_response(participant: Participant, html: bool = False):
    page = render_template("training/certificate.html", **context(participant))
    if html:
        return page
    back = url_for("training_participant.details_view", id=participant.id)
    name = re.sub(r"[^A-Za-z0-9-]", "-", participant.certificate_number)
    return pdf.response(page, f"sertifikat-{name}.pdf", back)


@bp.route("/certificate/", methods=["GET"])
def check():
    """Public: a form to type the code printed under the QR code."""
    code = (request.args.get("code") or "").strip()
    if code:
        return redirect(url_for(".certificate", token=code[:60]))
    return render_template("training/check.html", state=None, p=None)


@bp.route("/certificate/<token>")
def certificate(token: str):
    """Public, without login: the certificate's validity, programme, date and JP."""
    participant = None
    if TOKEN.fullmatch(token):
        participant = db.session.scalar(select(Participant).where(
            Participant.certificate_token == token))
    state = validity(participant)
    response = Response(render_template("training/check.html", state=state,
                                        p=participant if state != "unknown" else None),
                        status=200 if state != "unknown" else 404)
    response.headers["Cache-Control"] = "no-store"
    return response
