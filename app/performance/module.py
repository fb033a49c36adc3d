"""Core module: periods, indicators, agreements, realisations and daily activity reports."""
from app.core.registry import Module
from app.core.signals import period_closed, record_changed
from app.performance.models import Period


def _announce_closed_period(sender, record, changes, **kwargs):
    """Turn `closed: False -> True` on a Period into the `period-closed` signal."""
    if changes.get("closed") == [False, True]:
        period_closed.send(record, year=record.year)


class PerformanceModule(Module):
    name = "performance"

    def init_app(self, app):
        from app.performance.workflow import binding
        from app.workflow.engine import register

        record_changed.connect(_announce_closed_period, sender=Period, weak=False)
        register(app, binding())

    def workflows(self):
        from app.performance.workflow import DEFAULT_DEFINITION

        return [DEFAULT_DEFINITION]

    def admin_views(self):
        from app.performance import admin

        return [admin.ActivityReportView(), admin.PeriodView(), admin.IndicatorView(),
                admin.AgreementView(), admin.TargetView(), admin.RealisationView(),
                admin.CapaianBandView()]


module = PerformanceModule()
