"""Evidence files (bukti dukung) on any model view: an upload field and a scoped download."""
from __future__ import annotations

import os
import uuid

from flask import current_app, flash, redirect, request, send_from_directory
from flask_admin import expose
from markupsafe import Markup
from werkzeug.utils import secure_filename
from wtforms import FileField
from wtforms.validators import ValidationError

from app.i18n import _, _l


def _extension(upload) -> str:
    name = upload.filename or ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def upload_problem(upload) -> str | None:
    """Why an uploaded file cannot be evidence (only known document and image types), or
    None."""
    allowed = current_app.config["ALLOWED_EVIDENCE_EXTENSIONS"]
    if _extension(upload) not in allowed:
        return _("This file type is not allowed. Allowed: %(types)s.",
                 types=", ".join(sorted(allowed)))
    return None


def store_upload(upload) -> str:
    """Save an uploaded file under a random name; ValidationError if it cannot be evidence."""
    problem = upload_problem(upload)
    if problem:
        raise ValidationError(problem)
    stored = f"{uuid.uuid4().hex}.{_extension(upload)}"
    upload.save(os.path.join(current_app.config["UPLOAD_DIR"], stored))
    return stored


def download_name(original: str, stored: str) -> str:
    """The uploaded file's own name, made safe (no path, no control characters, ASCII), for the
    download; the stored random name when nothing of it survives."""
    name = secure_filename(original or "")[:200]
    if not name or "." not in name:
        return stored
    return name


def evidence_link(view, context, model, name):
    if not model.evidence_file:
        return ""
    return Markup('<a href="{}">{}</a>').format(view.get_url(".evidence", id=model.id),
                                                _("Download"))


class EvidenceMixin:
    """Mix into a SecureModelView whose model has `evidence_file`; list `evidence_upload` in
    `form_columns`. Downloads go through `get_one`, so they are scoped like every other read."""

    form_extra_fields = {"evidence_upload": FileField(_l("Upload evidence"))}

    def save_evidence(self, form, model) -> None:
        upload = form.evidence_upload.data if "evidence_upload" in form else None
        if upload and getattr(upload, "filename", ""):
            model.evidence_file = store_upload(upload)
            if hasattr(model, "evidence_name"):
                model.evidence_name = download_name(upload.filename, model.evidence_file)

    @expose("/evidence/")
    def evidence(self):
        record = self.get_one(request.args.get("id"))
        if record is None or not record.evidence_file:
            flash(_("The file does not exist."), "error")
            return redirect(self.get_url(".index_view"))
        return send_from_directory(current_app.config["UPLOAD_DIR"], record.evidence_file,
                                   as_attachment=True,
                                   download_name=getattr(record, "evidence_name", None)
                                   or record.evidence_file)
