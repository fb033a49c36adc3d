"""Core module: the offline daily-report app (`/kegiatan/`)."""
from app.core.registry import Module


class DailyModule(Module):
    name = "daily"

    def blueprints(self):
        from app.daily.views import blueprint

        return [blueprint]


module = DailyModule()
