"""A widget under a name core already uses."""
from app.core.hooks import Widget
from app.core.plugins import Plugin


class ClashPlugin(Plugin):
    name = "clash"

    def dashboard_widgets(self):
        return [Widget("inbox", lambda user: None)]


plugin = ClashPlugin()
