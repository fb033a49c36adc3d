"""The example plugin's public page, dashboard card and inbox source."""
from flask import Blueprint, render_template
from sqlalchemy import func, select

from app.admin.links import list_url
from app.core.hooks import Task
from app.extensions import db
from app.i18n import _l
from tests.plugin_fixtures.guide.example.models import ExampleCategory, ExampleRequest
from tests.plugin_fixtures.guide.example.workflows import APPROVED, DRAFT, SUBMITTED

bp = Blueprint("example", __name__, url_prefix="/example")


@bp.route("/")
def public_summary():
    """Public, without login: approved requests per category (counts, no names)."""
    rows = db.session.execute(
        select(ExampleCategory.label, func.count(ExampleRequest.id))
        .select_from(ExampleRequest).outerjoin(ExampleCategory)
        .where(ExampleRequest.status == APPROVED)
        .group_by(ExampleCategory.label).order_by(ExampleCategory.label)).all()
    return render_template("example/public.html", rows=rows)


def _own(user, state) -> int:
    return db.session.scalar(select(func.count()).select_from(ExampleRequest).where(
        ExampleRequest.employee_id == user.employee_id, ExampleRequest.status == state))


def widget(user):
    """The home page card: the user's own requests in draft and waiting."""
    if user.employee_id is None:
        return None
    drafts, waiting = _own(user, DRAFT), _own(user, SUBMITTED)
    if not drafts and not waiting:
        return None
    return render_template("example/widget.html", drafts=drafts, waiting=waiting)


def drafts_to_submit(user) -> list[Task]:
    """Inbox source: one's own drafts are a task too (the workflow inbox leaves them out)."""
    count = _own(user, DRAFT) if user.employee_id is not None else 0
    if not count:
        return []
    return [Task(key="example:drafts", title=_l("Example requests"),
                 action=_l("Submit your drafts"), count=count,
                 url=list_url("example_request", status=DRAFT))]
