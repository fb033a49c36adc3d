"""A second plugin claiming the name `sample`."""
from app.core.plugins import Plugin


class SampleCopy(Plugin):
    name = "sample"
    version = "9.9.9"


plugin = SampleCopy()
