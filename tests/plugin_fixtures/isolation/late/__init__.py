"""Its model lives in models.py, which only the loader imports: a table without the prefix."""
from app.core.plugins import Plugin


class LatePlugin(Plugin):
    name = "late"


plugin = LatePlugin()
