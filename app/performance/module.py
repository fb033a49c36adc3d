"""Core module: periods, indicators, agreements, realisations and daily activity reports."""
from app.core.hooks import CustomEntity, TransparencySection
from app.core.registry import Module
from app.core.signals import period_closed, record_changed
from app.i18n import _l
from app.performance.models import Period


def _announce_closed_period(sender, record, changes, **kwargs):
    """Turn `closed: False -> True` on a Period into the `period-closed` signal."""
    if changes.get("closed") == [False, True]:
        period_closed.send(record, year=record.year)


class PerformanceModule(Module):
    name = "performance"

    def init_app(self, app):
        record_changed.connect(_announce_closed_period, sender=Period, weak=False)

    def workflows(self):
        from app.performance.workflow import binding

        return [binding()]

    def custom_field_entities(self):
        return [CustomEntity("indicator", _l("Indicators")),
                CustomEntity("activity_report", _l("Daily activity reports"))]

    def config_sections(self):
        from app.performance.config import sections

        return sections()

    def admin_views(self):
        from app.performance import admin

        return [admin.ActivityReportView(), admin.PeriodView(), admin.IndicatorView(),
                admin.AgreementView(), admin.TargetView(), admin.RealisationView(),
                admin.CapaianBandView(), admin.HolidayView()]

    def transparency_sections(self):
        from app.performance.transparency import SCHEMA, render, rows

        return [TransparencySection("performance", _l("Achievement of the performance "
                                                      "agreements (PK)"), render, rows, SCHEMA)]


module = PerformanceModule()
