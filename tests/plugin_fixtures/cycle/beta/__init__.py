"""Requires alpha, which requires beta."""
from app.core.plugins import Plugin


class Beta(Plugin):
    name = "beta"
    requires = ("alpha",)


plugin = Beta()
