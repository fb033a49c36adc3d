"""Appraisal cycles plugin (SKP per PermenPAN-RB 6/2022).

- `models`: cycles, SKP with RHK / IKI / behaviour expectations, evaluations, objections,
  dialogues, outside signatures, unit predikat, angka kredit coefficients; `rules`: predikat
  matrix, distribution curve, angka kredit, position ladder; `states`: the workflow codes;
- `admin` (cycles, SKP), `planning` (RHK and IKI, the cascade tree from the PK), `evaluation`
  (periodic and annual evaluations: thin routes over `services`, forms in `forms`, the page in
  `evaluation_page`), `dialogue` (dialog kinerja), `units` (unit predikat, its proposal from the
  PK capaian in `agreement`, and the curve chart, coefficients, the printable documents);
  `dashboard`: the card on the home page;
- `workflows`: the SKP and evaluation workflows on the core engine, their rules in
  `transition_rules`; `signers`: who signs (in the system, outside it, nobody); `periods`:
  opening and deadlines; `generation`: bulk SKP drafts; `health`: the cycle health counts;
  `finalisation`: what follows a transition (the `appraisal-finalised` signal, objections).
"""
from app.core.hooks import Widget
from app.core.plugins import Plugin
from app.i18n import _l


class AppraisalPlugin(Plugin):
    name = "appraisal"
    title = _l("Appraisal (SKP)")
    version = "0.2.0"
    # The regional head, outside the system, who appraises the Sekda and signs above a kepala
    # dinas (config APPRAISAL_REGIONAL_HEAD; empty: generation names nobody outside).
    default_settings = {"regional_head": "Bupati Manokwari"}

    def init_app(self, app):
        from app.core.signals import workflow_transitioned
        from plugins.appraisal.finalisation import on_transition

        workflow_transitioned.connect(on_transition)

    def admin_views(self):
        from plugins.appraisal import admin, dialogue, evaluation, planning, units

        return [*admin.views(), *planning.views(), *evaluation.views(), *dialogue.views(),
                *units.views()]

    def workflows(self):
        from plugins.appraisal.workflows import evaluation_binding, skp_binding

        return [skp_binding(), evaluation_binding()]

    def dashboard_widgets(self):
        from plugins.appraisal.dashboard import appraisal_widget

        return [Widget("appraisal", appraisal_widget)]

    def report_links(self):
        from plugins.appraisal.report_links import hook

        return [hook()]

    def audit_labels(self):
        from plugins.appraisal.audit_labels import audit_labels

        return audit_labels()

    def demo_data(self):
        from plugins.appraisal.demo import load

        load()


plugin = AppraisalPlugin()
