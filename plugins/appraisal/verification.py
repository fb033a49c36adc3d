"""Is this PDF the evaluation document on record? The printed document carries a QR code to
the verification page of its version; there HR or the auditor uploads a PDF and is told
whether its bytes are exactly those kept when the evaluation became final (SHA-256), and which
evaluation and version they belong to (and whether that version was later superseded)."""
from __future__ import annotations

import io

import segno
from flask import has_request_context, url_for
from markupsafe import Markup

MAX_PDF_BYTES = 20 * 1024 * 1024   # a document is well under 1 MB; refuse what cannot be one


def verify_url(evaluation_id: int, version: int) -> str:
    if has_request_context():
        return url_for("appraisal_document.verify", id=evaluation_id, v=version, _external=True)
    return f"/admin/appraisal_document/verify/?id={evaluation_id}&v={version}"


def qr_svg(evaluation_id: int, version: int) -> Markup:
    """The QR code (inline SVG, drawn here: no network) of a version's verification link."""
    buffer = io.BytesIO()
    segno.make(verify_url(evaluation_id, version), error="m").save(
        buffer, kind="svg", scale=2, xmldecl=False, svgns=True, title="QR")
    return Markup(buffer.getvalue().decode("utf-8"))  # noqa: S704 - segno's own SVG, no input


def read_upload(storage) -> tuple[bytes | None, str | None]:
    """The uploaded file's bytes, or an error message key: none, too large, not a PDF."""
    if storage is None or not storage.filename:
        return None, "missing"
    data = storage.read(MAX_PDF_BYTES + 1)
    if len(data) > MAX_PDF_BYTES:
        return None, "large"
    if not data.startswith(b"%PDF-"):
        return None, "format"
    return data, None
