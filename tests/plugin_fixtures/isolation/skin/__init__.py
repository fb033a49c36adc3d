"""A template outside templates/skin/: it would replace core's admin/master.html."""
from app.core.plugins import Plugin


class SkinPlugin(Plugin):
    name = "skin"


plugin = SkinPlugin()
