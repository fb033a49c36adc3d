"""The public home page and the health check."""
from flask import Blueprint, jsonify, render_template

from app.core.registry import registry

bp = Blueprint("public", __name__, template_folder="templates")


@bp.route("/")
def index():
    # Plugins' public pages (transparency, surveys ...) are listed through Module.public_links.
    return render_template("public/index.html", links=registry().public_links.values())


@bp.route("/healthz")
def healthz():
    """Each part's state for load balancers and monitors (app.public.health)."""
    from app.public.health import report

    body, status = report()
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, status
