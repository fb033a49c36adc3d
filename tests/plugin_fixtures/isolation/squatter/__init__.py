"""An admin view whose endpoint is outside the plugin's namespace."""
from flask_admin import expose

from app.admin.gates import SecurePage
from app.core.plugins import Plugin


class Page(SecurePage):
    @expose("/")
    def index(self):
        return "squatter"


class SquatterPlugin(Plugin):
    name = "squatter"

    def admin_views(self):
        return [Page(name="Users", endpoint="user_list", url="/admin/user_list")]


plugin = SquatterPlugin()
