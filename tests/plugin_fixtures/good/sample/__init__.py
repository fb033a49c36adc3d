"""A small plugin used by the tests: a page, a route, a command, a setting, a widget."""
import click
from flask import Blueprint, current_app, render_template
from flask_admin import expose

from app.admin.gates import SecurePage
from app.core.hooks import Widget
from app.core.plugins import Plugin
from app.core.roles import HR_ADMIN
from app.core.signals import app_created
from app.i18n import _

bp = Blueprint("sample", __name__, url_prefix="/sample")
created = []


@bp.route("/")
def hello():
    return render_template("sample/hello.html", greeting=current_app.config["SAMPLE_GREETING"])


@bp.route("/greeting")
def greeting():
    return _("Greetings from the sample plugin")


@click.command("sample-hello")
def hello_command():
    click.echo("hello from sample")


class SamplePage(SecurePage):
    read_roles = frozenset({HR_ADMIN})

    @expose("/")
    def index(self):
        return "sample page"


class SamplePlugin(Plugin):
    name = "sample"
    title = "Contoh"
    version = "1.2.3"
    default_settings = {"greeting": "selamat pagi"}

    def init_app(self, app):
        app_created.connect(lambda sender: created.append(sender.name), weak=False)

    def blueprints(self):
        return [bp]

    def cli(self):
        return [hello_command]

    def admin_views(self):
        return [SamplePage(name="Halaman contoh", endpoint="sample_page", url="/admin/sample")]

    def dashboard_widgets(self):
        return [Widget("sample", lambda user: '<div class="col" id="widget-sample">contoh</div>')]


plugin = SamplePlugin()
