"""Requires beta, which requires alpha."""
from app.core.plugins import Plugin


class Alpha(Plugin):
    name = "alpha"
    requires = ("beta",)


plugin = Alpha()
