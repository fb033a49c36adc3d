"""The Configuration page: download the configuration as JSON, upload one to apply it."""
import json

from flask import Response, flash
from flask_admin import expose
from wtforms import FileField
from wtforms.validators import DataRequired

from app.admin.gates import SecurePage
from app.audit.security import security_event
from app.configio.transfer import ConfigErrors, export_config, import_config, read_document
from app.core.forms import Form
from app.core.registry import registry
from app.core.roles import HR_ADMIN
from app.i18n import _, _l, utcnow


class ConfigUploadForm(Form):
    file = FileField(_l("Configuration file (.json)"), validators=[DataRequired()])


class ConfigPage(SecurePage):
    read_roles = frozenset({HR_ADMIN})

    def __init__(self):
        super().__init__(name=_l("Export and import"), category=_l("Configuration"),
                         endpoint="config_transfer", url="/admin/configuration")

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = ConfigUploadForm()
        errors = []
        if form.validate_on_submit():
            try:
                upload = form.file.data  # (text in place of a file reads as no JSON)
                counts = import_config(read_document(
                    upload.read() if hasattr(upload, "read") else b""))
            except ConfigErrors as error:
                errors = error.errors
            else:
                sections = registry().config_sections
                flash(_("Configuration imported: %(what)s.", what=", ".join(
                    f"{v} {sections[k].label}" for k, v in counts.items())), "success")
            if errors:
                flash(_("Nothing was imported: the file has %(count)s problem(s).",
                        count=len(errors)), "error")
        sections = [str(s.label) for s in registry().config_sections.values()]
        return self.render("admin/configuration.html", form=form, errors=errors,
                           sections=sections)

    @expose("/export/")
    def export(self):
        document = export_config()
        body = json.dumps(document, ensure_ascii=False, indent=2, default=str)
        security_event("export", self.endpoint, None, format="json", sections=sorted(
            k for k, v in document.items() if isinstance(v, list)), rows=sum(
            len(v) for v in document.values() if isinstance(v, list)))
        name = f"konfigurasi-kinerja-{utcnow():%Y%m%d-%H%M}.json"
        return Response(body, mimetype="application/json",
                        headers={"Content-Disposition": f"attachment; filename={name}"})
