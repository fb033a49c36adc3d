"""A role named outside the plugin's namespace."""
from app.core.plugins import Plugin


class RolegrabPlugin(Plugin):
    name = "rolegrab"

    def roles(self):
        return {"superuser": "Super user"}


plugin = RolegrabPlugin()
