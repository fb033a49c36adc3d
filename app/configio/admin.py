"""The Configuration page: download the configuration as JSON, upload one to apply it."""
import json

from flask import Response, flash, request
from flask_admin import expose
from wtforms import FileField
from wtforms.validators import DataRequired

from app.admin.base import SecurePage
from app.auth.roles import HR_ADMIN
from app.configio.transfer import ConfigErrors, export_config, import_config
from app.core.forms import Form
from app.i18n import _, _l, utcnow


PARTS = {"indicators": _l("indicators"), "custom_fields": _l("custom fields"),
         "workflows": _l("workflows"), "capaian_bands": _l("achievement bands")}


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
                data = json.loads(request.files["file"].read().decode("utf-8"))
                counts = import_config(data)
            except (UnicodeDecodeError, json.JSONDecodeError):
                errors = [_("The file is not valid JSON.")]
            except ConfigErrors as error:
                errors = error.errors
            else:
                flash(_("Configuration imported: %(what)s.",
                        what=", ".join(f"{v} {PARTS[k]}" for k, v in counts.items())), "success")
            if errors:
                flash(_("Nothing was imported: the file has %(count)s problem(s).",
                        count=len(errors)), "error")
        return self.render("admin/configuration.html", form=form, errors=errors)

    @expose("/export/")
    def export(self):
        body = json.dumps(export_config(), ensure_ascii=False, indent=2, default=str)
        name = f"konfigurasi-kinerja-{utcnow():%Y%m%d-%H%M}.json"
        return Response(body, mimetype="application/json",
                        headers={"Content-Disposition": f"attachment; filename={name}"})
