"""Core module: periods, indicators, agreements, realisations and daily activity reports."""
from app.core.registry import Module


class PerformanceModule(Module):
    name = "performance"

    def admin_views(self):
        from app.performance import admin

        return [admin.ActivityReportView(), admin.PeriodView(), admin.IndicatorView(),
                admin.AgreementView(), admin.TargetView(), admin.RealisationView()]


module = PerformanceModule()
