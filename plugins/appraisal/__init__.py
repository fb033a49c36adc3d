"""Appraisal cycles plugin (SKP per PermenPAN-RB 6/2022): cycles, bulk SKP drafts for a unit
tree, the SKP workflow. Rules of ratings, predikat and the distribution curve: `rules.py`."""
from app.core.plugins import Plugin
from app.i18n import _l


class AppraisalPlugin(Plugin):
    name = "appraisal"
    title = _l("Appraisal (SKP)")
    version = "0.1.0"

    def init_app(self, app):
        from app.workflow.engine import register
        from plugins.appraisal.workflows import skp_binding

        register(app, skp_binding())

    def admin_views(self):
        from plugins.appraisal.admin import CycleView, SkpView

        return [CycleView(), SkpView()]

    def workflows(self):
        from plugins.appraisal.workflows import SKP_DEFINITION

        return [SKP_DEFINITION]


plugin = AppraisalPlugin()
