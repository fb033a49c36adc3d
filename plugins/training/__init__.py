"""Training plugin (pengembangan kompetensi, DOMAIN 5): the programme catalogue and its
sessions, the roster and attendance, results with JP and certificates, the JP ledger per
employee and year with the 20 JP rule, compliance per unit tree, needs from appraisals and
session feedback.

- `choices`: vocabularies; `rules`: the JP arithmetic (pure); `models`; `workflows`: the
  session and outside-JP workflows on the core engine;
- `admin`: the back-office views (JP rules, programmes, sessions, participants, outside JP,
  suggestions); `roster`: inviting by unit, position kind or list; `attendance`: the
  trainer's phone page and the XLSX import; `results`: results and certificates;
  `credit`: credited JP with the caps; `ledger`: totals per employee and year, compliance;
  `certificate`: the PDF with its QR code and the public check; `needs`: suggestions from the
  `appraisal-finalised` signal; `feedback`; `pages`: the trainer's page, the ledger and
  compliance pages; `dashboard`: widgets and inbox tasks; `transparency`: the public section;
  `demo`: demo data.
"""
from app.core.hooks import InboxSource, PublicLink, TransparencySection, Widget
from app.core.plugins import Plugin
from app.i18n import _l


class TrainingPlugin(Plugin):
    name = "training"
    title = _l("Training")
    version = "0.1.0"
    # The PNS minimum per year (PP 11/2017 art. 203(4)) and the PPPK quota (DOMAIN 5), and the
    # pass mark of scored sessions (config TRAINING_PNS_MIN_JP, ...).
    default_settings = {"pns_min_jp": 20, "pppk_quota_jp": 24, "pass_score": 70}

    def init_app(self, app):
        from app.core.signals import appraisal_finalised, workflow_transitioned
        from plugins.training.credit import on_transition
        from plugins.training.needs import on_appraisal_finalised

        appraisal_finalised.connect(on_appraisal_finalised, weak=False)
        workflow_transitioned.connect(on_transition, weak=False)

    def admin_views(self):
        from plugins.training import admin, pages

        return [*admin.views(), *pages.views()]

    def blueprints(self):
        from plugins.training.certificate import bp

        return [bp]

    def workflows(self):
        from plugins.training.workflows import external_binding, session_binding

        return [session_binding(), external_binding()]

    def dashboard_widgets(self):
        from plugins.training.dashboard import ledger_widget, trainer_widget

        return [Widget("training_ledger", ledger_widget),
                Widget("training_trainer", trainer_widget)]

    def inbox_sources(self):
        from plugins.training.dashboard import trainer_tasks

        return [InboxSource("training", trainer_tasks)]

    def public_links(self):
        return [PublicLink("training_certificate", _l("Check a training certificate"),
                           "training.check")]

    def transparency_sections(self):
        from plugins.training.transparency import render, rows, SCHEMA

        return [TransparencySection("training", _l("Training (20 JP per year)"), render,
                                    rows=rows, schema=SCHEMA)]

    def config_sections(self):
        from plugins.training.config import section

        return [section()]

    def audit_labels(self):
        from app.core.hooks import AuditLabels
        from plugins.training.choices import ATTENDANCE

        return [AuditLabels("training_attendance", _l("Attendance"), {"day": _l("Day")},
                            {"status": ATTENDANCE}),
                AuditLabels("training_feedback", _l("Feedback"),
                            {"content": _l("Content"), "trainer": _l("Trainer"),
                             "relevance": _l("Relevance"), "organisation": _l("Organisation")})]

    def demo_data(self):
        from plugins.training.demo import load

        load()


plugin = TrainingPlugin()
