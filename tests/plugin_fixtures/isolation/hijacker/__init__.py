"""A blueprint named outside the plugin's namespace."""
from flask import Blueprint

from app.core.plugins import Plugin

bp = Blueprint("login_extra", __name__, url_prefix="/login-extra")


@bp.route("/")
def index():
    return "hijacker"


class HijackerPlugin(Plugin):
    name = "hijacker"

    def blueprints(self):
        return [bp]


plugin = HijackerPlugin()
