"""The application factory: the one place the app is assembled, in a fixed order."""
from __future__ import annotations

import importlib
import logging
import os
import sys

from flask import Flask, jsonify, request

from app.core.settings import apply_environment, warn_unknown
from config import CONFIGS, TRANSLATIONS_DIR, WEAK_SECRET_KEYS

# Core modules, in menu order. Each package has a `module.py` exposing `module`.
CORE_MODULES = ["app.dashboard", "app.workflow", "app.performance", "app.daily", "app.org",
                "app.auth", "app.customfields", "app.configio", "app.audit", "app.core",
                "app.public", "app.demo", "app.backup"]


def create_app(config: str | type | None = None, **overrides) -> Flask:
    """Build the app in a fixed order: config, extensions, core modules, plugins (with their
    models), the registries of what every module contributes, Babel, each module's init_app,
    the back office, the start-up checks, then the `app-created` signal. Issues no database
    query.
    """
    from app.core.plugins import check_names
    from app.core.registry import collect
    from app.core.signals import app_created

    app = Flask(__name__, instance_path=str(TRANSLATIONS_DIR.parent / "instance"))
    _configure(app, config, overrides)
    _init_extensions(app)
    core = [importlib.import_module(f"{name}.module").module for name in CORE_MODULES]
    plugins = _load_plugins(app)
    warn_unknown(app.extensions.pop("kinerja_defaults") | {
        f"{plugin.name.upper()}_{key.upper()}" for plugin in plugins
        for key in plugin.default_settings})
    modules = core + plugins
    app.extensions["kinerja_modules"] = modules
    registry = app.extensions["kinerja_registry"] = collect(modules)
    for blueprint in registry.blueprints.values():
        app.register_blueprint(blueprint)
    for command in registry.cli.values():
        app.cli.add_command(command)
    _init_babel(app, plugins)
    for module in modules:
        module.init_app(app)
    from app.admin.build import build_admin

    build_admin(app, modules)
    check_names(plugins, registry)
    _check_contributions(app)
    _install_security_headers(app)
    _install_error_pages(app)
    app_created.send(app)
    return app


def _check_contributions(app: Flask) -> None:
    """What modules contributed fits together: each workflow's default definition passes the
    validator HR's edits pass, its view can list records by state, and each view showing
    custom fields names a registered entity. A problem stops start-up (no query is needed)."""
    from app.customfields.views import check_views
    from app.workflow.definition import check_bindings

    with app.app_context():
        check_bindings(app.extensions["kinerja_registry"])
        check_views(app.extensions["kinerja_registry"])


def _load_plugins(app: Flask) -> list:
    """Discover plugins, load the enabled ones in `requires` order, apply their settings,
    templates and migration branches. A problem with an enabled plugin raises PluginError."""
    from flask import Blueprint

    from app.core.plugins import discover, enabled_names, resolve

    found = discover(app.config["PLUGIN_PACKAGES"])
    plugins = resolve(enabled_names(app.config["PLUGINS"]), found)
    app.extensions["kinerja_plugins"] = {"found": found, "enabled": plugins}
    for plugin in plugins:
        for key, value in plugin.default_settings.items():
            app.config.setdefault(f"{plugin.name.upper()}_{key.upper()}", value)
        if plugin.templates_dir():
            app.register_blueprint(Blueprint(f"{plugin.name}_templates", __name__,
                                             template_folder=str(plugin.templates_dir())))
    return plugins


def _configure(app: Flask, config, overrides: dict) -> None:
    if config is None:
        config = os.environ.get("KINERJA_CONFIG", "development")
    app.config.from_object(CONFIGS[config] if isinstance(config, str) else config)
    app.extensions["kinerja_defaults"] = set(app.config)  # the settings there are
    apply_environment(app.config)
    app.config.update(overrides)
    if not (app.debug or app.testing or config == "development"):
        if app.config["SECRET_KEY"] in WEAK_SECRET_KEYS or len(app.config["SECRET_KEY"]) < 24:
            raise RuntimeError(
                "SECRET_KEY is weak or unset: set KINERJA_SECRET_KEY to a long random value."
            )
    os.makedirs(app.instance_path, exist_ok=True)
    os.makedirs(app.config["UPLOAD_DIR"], exist_ok=True)
    logging.basicConfig(level=logging.WARNING)
    _configure_logging(app)
    from app.audit.key import check_audit_key

    check_audit_key(app, strict=not (app.debug or app.testing or config == "development"))
    if app.config["PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _configure_logging(app: Flask) -> None:
    """The `app` loggers (security events, errors) write to stderr at LOG_LEVEL, with the
    time: under gunicorn that is its error log. Without this, INFO lines went nowhere."""
    logger = logging.getLogger("app")
    logger.setLevel(app.config["LOG_LEVEL"])
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(name)s] %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (a server or a test may replace it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def _init_extensions(app: Flask) -> None:
    from app.auth.security import init_security
    from app.core.inputs import refuse_control_characters
    from app.extensions import csrf, db, limiter, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(TRANSLATIONS_DIR.parent / "migrations"))
    refuse_control_characters(app)  # first: no view, login or CSRF check sees a NUL byte
    csrf.init_app(app)  # before Flask-Security, which then leaves every POST's CSRF to it
    limiter.init_app(app)
    init_security(app)
    from app.core import sqlite  # noqa: F401  (pragma listener)
    from app.audit import trail  # noqa: F401  (audit listener on every session)


def _init_babel(app: Flask, plugins) -> None:
    import flask_admin.babel as admin_babel
    from flask_babel import Babel, get_locale

    from app.i18n import fmt_date, fmt_datetime, fmt_number, fmt_percent, select_locale

    # Each plugin's own `messages` catalogue is merged after the core ones.
    plugin_dirs = [str(p.translations_dir()) for p in plugins if p.translations_dir()]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(
        [app.config["BABEL_TRANSLATION_DIRECTORIES"], *plugin_dirs])
    app.config["BABEL_DOMAIN"] = ";".join(
        [app.config["BABEL_DOMAIN"], *["messages"] * len(plugin_dirs)])
    # One Babel per app: Flask-Babel caches the merged catalogue on its instance, so a shared
    # instance would serve the first app's catalogues (without its plugins') to every app.
    Babel(app, locale_selector=select_locale)
    # Flask-Admin's gettext and its WTForms messages read our Indonesian catalogues too; set at
    # start-up so a first call outside an admin view cannot lock its cache to English
    # (private attribute: flask-admin is pinned to 2.2.1 and tests/i18n cover this).
    admin_babel.domain._translation_directories = [str(TRANSLATIONS_DIR)]
    admin_babel.wtforms_domain._translation_directories = [str(TRANSLATIONS_DIR)]
    app.jinja_env.filters.update(date=fmt_date, datetime=fmt_datetime, number=fmt_number,
                                 percent=fmt_percent)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    from app.admin.links import list_url

    app.jinja_env.globals["list_url"] = list_url


def _install_security_headers(app: Flask) -> None:
    from app.core import csp

    app.jinja_env.globals["csp_nonce"] = csp.csp_nonce
    @app.after_request
    def headers(response):
        # Nothing loads from another origin; scripts inline only with this request's nonce.
        response.headers.setdefault("Content-Security-Policy", csp.policy())
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.path.startswith("/admin") or request.path.startswith("/login"):
            response.headers["Cache-Control"] = "no-store"
        if app.config["HSTS"]:
            response.headers.setdefault("Strict-Transport-Security", app.config["HSTS"])
        return response


def _install_error_pages(app: Flask) -> None:
    from flask import render_template
    from flask_wtf.csrf import CSRFError

    from app.i18n import _

    messages = {
        400: lambda: _("The request could not be understood."),
        403: lambda: _("You do not have access to this page."),
        404: lambda: _("The page you are looking for does not exist."),
        405: lambda: _("This action is not allowed in this way."),
        413: lambda: _("The uploaded file is too large."),
        429: lambda: _("Too many attempts. Please wait a few minutes and try again."),
        500: lambda: _("Something went wrong on our side. Nothing was changed."),
    }

    def handler(error):
        code = getattr(error, "code", 500) or 500
        if isinstance(error, CSRFError):
            message = _("The form has expired or is invalid. Reload the page and try again.")
            return render_template("error.html", code=400, message=message), 400
        if code == 500:
            from app.extensions import db

            db.session.rollback()
        if request.path in ("/healthz",) or request.accept_mimetypes.best == "application/json":
            return jsonify(error=str(messages.get(code, messages[500])())), code
        return render_template("error.html", code=code,
                               message=messages.get(code, messages[500])()), code

    for code in messages:
        app.register_error_handler(code, handler)
    app.register_error_handler(Exception, _unexpected(handler))


def _unexpected(handler):
    def wrapper(error):
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return handler(error)
        logging.getLogger("app").exception("Unhandled error")

        class _E:
            code = 500

        return handler(_E())
    return wrapper
