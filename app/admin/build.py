"""Assemble the Flask-Admin back office from the views of every module."""
import os

import flask_admin
from flask import Blueprint
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from flask import redirect, request, url_for
from markupsafe import Markup

from config import TRANSLATIONS_DIR


class HomeView(AdminIndexView):
    """The back-office home: the dashboard widgets every module offers for this user."""

    def is_accessible(self):
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self):
        from app.core.registry import registry

        widgets = []
        for widget in registry().dashboard_widgets.values():
            html = widget.render(current_user)
            if html:
                widgets.append(Markup(html))
        return self.render("admin/home.html", widgets=widgets)


def build_admin(app, modules) -> Admin:
    from app.admin.listing import ROW_ID, ROW_NAME, list_rows
    from app.admin.menu import cached_menu
    from app.core.csp import csp_nonce
    from app.i18n import _l

    admin = Admin(
        app,
        name=app.config["APP_NAME"],
        index_view=HomeView(name=_l("Home"), url="/admin"),
        translations_path=str(TRANSLATIONS_DIR),
        theme=Bootstrap4Theme(base_template="admin/kinerja_base.html", fluid=True),
        csp_nonce_generator=csp_nonce,
    )
    # app/templates/admin/model/{create,edit}.html shadow Flask-Admin's own templates (for the
    # Indonesian word order of their titles) and extend them as "bootstrap4/admin/model/...".
    app.register_blueprint(Blueprint("flask_admin_stock", __name__, template_folder=os.path.join(
        os.path.dirname(flask_admin.__file__), "templates")))
    # The rows of every list page (app/templates/admin/model/list.html) and the main menu
    # (admin/kinerja_base.html), both rendered in Python for speed.
    app.jinja_env.globals.update(list_rows=list_rows, list_row_id=ROW_ID, list_row_name=ROW_NAME, cached_menu=cached_menu)
    registry = app.extensions["kinerja_registry"]
    views = [(module, view) for module in modules for view in module.admin_views()]
    registry.add("admin_views", [(module.name, view.endpoint, view) for module, view in views])
    for module, view in views:
        if view.category is None and module.menu_category is not None:
            view.category = module.menu_category  # a plugin's views sit under its title
        admin.add_view(view)
    app.extensions["kinerja_admin"] = admin
    return admin
