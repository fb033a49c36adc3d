"""The "Modul" page: which plugins are discovered, enabled or failing, with their versions."""
from flask import current_app
from flask_admin import expose

from app.admin.gates import SecurePage
from app.core.roles import AUDITOR, HR_ADMIN
from app.i18n import _l


class PluginsPage(SecurePage):
    read_roles = frozenset({HR_ADMIN, AUDITOR})

    def __init__(self):
        super().__init__(name=_l("Modules"), category=_l("Administration"), endpoint="plugins",
                         url="/admin/modules")

    @expose("/")
    def index(self):
        state = current_app.extensions["kinerja_plugins"]
        enabled = {p.name for p in state["enabled"]}
        rows = [{"name": name, "title": item.plugin.title if item.plugin else "",
                 "version": item.version, "source": item.source, "error": item.error,
                 "enabled": name in enabled}
                for name, item in sorted(state["found"].items())]
        return self.render("admin/plugins.html", rows=rows)
