"""A plugin that requires `sample`."""
from app.core.plugins import Plugin


class NeedsSample(Plugin):
    name = "needs_sample"
    title = "Butuh contoh"
    version = "0.1.0"
    requires = ("sample",)


plugin = NeedsSample()
