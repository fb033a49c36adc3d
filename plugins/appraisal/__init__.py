"""Appraisal cycles plugin (SKP per PermenPAN-RB 6/2022).

- `models`: cycles, SKP with RHK / IKI / behaviour expectations, evaluations, unit predikat,
  angka kredit coefficients; `rules`: predikat matrix, distribution curve, angka kredit;
- `admin` (cycles, SKP), `planning` (RHK and IKI, the cascade tree), `evaluation` (periodic and
  annual evaluations), `units` (unit predikat and curve chart, coefficients, the printable
  document); `dashboard`: the card on the home page;
- `workflows`: the SKP and evaluation workflows on the core engine, with the states and
  transitions the code relies on; `generation`: bulk SKP drafts; `health`: the cycle health
  counts; `finalisation`: the `appraisal-finalised` signal.
"""
from app.core.hooks import Widget
from app.core.plugins import Plugin
from app.i18n import _l


class AppraisalPlugin(Plugin):
    name = "appraisal"
    title = _l("Appraisal (SKP)")
    version = "0.2.0"

    def init_app(self, app):
        from app.core.signals import workflow_transitioned
        from plugins.appraisal.finalisation import on_transition

        workflow_transitioned.connect(on_transition)

    def admin_views(self):
        from plugins.appraisal import admin, evaluation, planning, units

        return [*admin.views(), *planning.views(), *evaluation.views(), *units.views()]

    def workflows(self):
        from plugins.appraisal.workflows import evaluation_binding, skp_binding

        return [skp_binding(), evaluation_binding()]

    def dashboard_widgets(self):
        from plugins.appraisal.dashboard import appraisal_widget

        return [Widget("appraisal", appraisal_widget)]

    def demo_data(self):
        from plugins.appraisal.demo import load

        load()


plugin = AppraisalPlugin()
