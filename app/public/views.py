"""The public home page, the site icon and the health check."""
from flask import Blueprint, current_app, jsonify, render_template, send_from_directory

from app.core.registry import registry

bp = Blueprint("public", __name__, template_folder="templates")


@bp.route("/")
def index():
    # Plugins' public pages (transparency, surveys ...) are listed through Module.public_links.
    return render_template("public/index.html", links=registry().public_links.values())


@bp.route("/favicon.ico")
def favicon():
    # Browsers ask the site's root for it whatever the page links (PDFs, JSON, old bookmarks).
    return send_from_directory(current_app.static_folder, "img/favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=86400)


@bp.route("/healthz")
def healthz():
    """Each part's state for load balancers and monitors (app.public.health)."""
    from app.public.health import report

    body, status = report()
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, status
