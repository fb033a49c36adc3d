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

    def demo_data(self):
        """This year's cycle with SKP drafts for the whole regency (once)."""
        from datetime import date

        from sqlalchemy import select

        from app.extensions import db
        from app.org.models import WorkUnit
        from plugins.appraisal.generation import generate
        from plugins.appraisal.models import AppraisalCycle

        year = date.today().year
        root = db.session.scalar(select(WorkUnit).where(WorkUnit.code == "PEMDA"))
        if root is None or db.session.scalar(select(AppraisalCycle.id).where(
                AppraisalCycle.year == year)) is not None:
            return
        cycle = AppraisalCycle(year=year, periodicity="quarterly")
        db.session.add(cycle)
        db.session.commit()
        generate(cycle, root.id)

    def workflows(self):
        from plugins.appraisal.workflows import SKP_DEFINITION

        return [SKP_DEFINITION]


plugin = AppraisalPlugin()
