"""Public pages, without login: upcoming forums with registration, published minutes and
follow-ups with their status, per unit; calendar files and feeds. They show no registrant's
personal data and no staff name: only forums, counts and the units' work.

Spam protection of the registration: a honeypot field, a rate limit per source address
(`FORUM_REGISTER_RATE`), field sizes, and a request size cap."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db, limiter
from app.i18n import _, utcnow
from app.org.models import WorkUnit
from plugins.forum import calendar, registration, scheduling
from plugins.forum.forms import RegistrationForm
from plugins.forum.models import GROUPS, KINDS, MODES, REGISTERED, Forum, ForumFollowUp
from plugins.forum.workflows import (
    DONE,
    HELD,
    PROPOSED,
    PUBLISHED,
    SCHEDULED,
    UNFINISHED,
)

bp = Blueprint("forum", __name__, url_prefix="/forum")
MAX_BODY = 8 * 1024          # bytes of a registration request
HORIZON = timedelta(days=120)


def _public(forum_id: int) -> Forum:
    forum = db.session.get(Forum, forum_id) if 0 < forum_id < 2**31 else None
    if forum is None or not forum.is_public or forum.status == PROPOSED:
        abort(404)
    return forum


def _units():
    """Units with at least one public forum."""
    return list(db.session.scalars(
        select(WorkUnit).where(WorkUnit.id.in_(
            select(Forum.unit_id).where(Forum.is_public.is_(True), Forum.status != PROPOSED)))
        .order_by(WorkUnit.name)))


def _overview(unit=None):
    now = utcnow()
    base = select(Forum).where(Forum.is_public.is_(True)).options(
        selectinload(Forum.meetings), selectinload(Forum.venue), selectinload(Forum.unit))
    if unit is not None:
        base = base.where(Forum.unit_id == unit.id)
    scheduled = db.session.scalars(base.where(Forum.status == SCHEDULED)).all()
    upcoming = scheduling.upcoming(scheduled, now, now + HORIZON)
    published = db.session.scalars(base.where(Forum.status == PUBLISHED)
                                   .order_by(Forum.start_at.desc()).limit(50)).all()
    follow_ups = select(ForumFollowUp).join(Forum).where(
        Forum.status == PUBLISHED, Forum.is_public.is_(True)).options(
        selectinload(ForumFollowUp.owner_unit), selectinload(ForumFollowUp.forum))
    if unit is not None:
        follow_ups = follow_ups.where(ForumFollowUp.owner_unit_id == unit.id)
    follow_ups = db.session.scalars(follow_ups.order_by(ForumFollowUp.due_date)
                                    .limit(200)).all()
    return dict(upcoming=upcoming, published=published, follow_ups=follow_ups,
                units=_units(), unit=unit,
                kinds=KINDS, modes=MODES, today=scheduling.local(now).date(),
                unfinished=UNFINISHED, done=DONE, start_key=registration.start_key,
                places_left=registration.places_left)


@bp.route("/")
def index():
    """Upcoming forums, published minutes and follow-ups of every unit."""
    if request.args.get("unit"):
        return redirect(url_for(".unit_page", code=request.args["unit"][:30]))
    return render_template("forum/public_index.html", **_overview())


@bp.route("/unit/<code>/")
def unit_page(code: str):
    unit = db.session.scalar(select(WorkUnit).where(WorkUnit.code == code[:30]))
    if unit is None:
        abort(404)
    return render_template("forum/public_index.html", **_overview(unit))


@bp.route("/<int:forum_id>/")
def forum_page(forum_id: int):
    """One forum or meeting: details, registration, and once published the minutes,
    attendance by group and sex, and follow-ups. A series lists its meetings."""
    forum = _public(forum_id)
    start = registration.parse_start(request.args.get("meeting", ""))
    if forum.recurrence != "none" and start is not None:
        child = next((m for m in forum.meetings
                      if m.recurrence_id and scheduling.aware(m.recurrence_id) == start), None)
        if child is not None:
            return redirect(url_for(".forum_page", forum_id=child.id))
    now = utcnow()
    return render_template(
        "forum/public_forum.html", forum=forum, form=RegistrationForm(), kinds=KINDS,
        modes=MODES, groups=GROUPS,
        meeting_start=start if start in {s for s, _e in scheduling.occurrences(forum, now)}
        else None,
        upcoming=scheduling.occurrences(forum, now)[:12] if forum.recurrence != "none" else [],
        closed=registration.open_for_registration(forum), places=registration.places_left(forum),
        totals=registration.attendance_totals(forum), published=forum.status == PUBLISHED,
        start_key=registration.start_key, held=forum.status in (HELD, PUBLISHED))


def _register_rate():
    return current_app.config["FORUM_REGISTER_RATE"]


@bp.route("/<int:forum_id>/register", methods=["POST"])
@limiter.limit(_register_rate, methods=["POST"])
def register(forum_id: int):
    if (request.content_length or 0) > MAX_BODY:
        abort(413)
    forum = _public(forum_id)
    form = RegistrationForm()
    back = url_for(".forum_page", forum_id=forum.id, meeting=form.meeting.data or None)
    if form.website.data:
        # A bot filled the hidden field: pretend success, store nothing.
        return render_template("forum/public_confirmation.html", entry=None, forum=forum)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return redirect(back)
    if forum.recurrence != "none":
        start = registration.parse_start(form.meeting.data or "")
        target = scheduling.meeting_for(forum, start) if start else None
        if target is None or scheduling.aware(target.start_at) <= utcnow():
            db.session.rollback()
            flash(_("Choose one meeting of the series."), "error")
            return redirect(back)
        forum = target
    clean = {k: (getattr(form, k).data or "").replace("\x00", "").strip()
             for k in ("name", "email", "organisation", "stakeholder_group", "sex")}
    try:
        entry = registration.register(forum, clean["name"], clean["email"],
                                      clean["organisation"], clean["stakeholder_group"],
                                      clean["sex"])
    except registration.RegistrationClosed as closed:
        db.session.rollback()
        flash(str(closed), "error")
        return redirect(back)
    return redirect(url_for(".confirmation", token=entry.token))


@bp.route("/registration/<token>", methods=["GET", "POST"])
def confirmation(token: str):
    """The registrant's own page (reached only through the unguessable link): their status,
    and a button to cancel."""
    from plugins.forum.models import CANCELLED, ForumRegistration

    entry = db.session.scalar(select(ForumRegistration).where(
        ForumRegistration.token == token[:64])) if token else None
    if entry is None:
        abort(404)
    if request.method == "POST" and entry.status != CANCELLED:
        registration.cancel(entry)
        flash(_("Your registration was cancelled."), "success")
        return redirect(url_for(".confirmation", token=token))
    position = None
    if entry.status == "waitlisted":
        from plugins.forum.models import WAITLISTED

        position = db.session.scalar(select(func.count()).where(
            ForumRegistration.forum_id == entry.forum_id,
            ForumRegistration.status == WAITLISTED, ForumRegistration.id <= entry.id))
    return render_template("forum/public_confirmation.html", entry=entry, forum=entry.forum,
                           position=position, registered=REGISTERED)


@bp.route("/<int:forum_id>.ics")
def forum_ics(forum_id: int):
    from flask_login import current_user

    from app.core.roles import AUDITOR, FORUM_COORDINATOR, HR_ADMIN

    forum = db.session.get(Forum, forum_id) if 0 < forum_id < 2**31 else None
    if forum is None:
        abort(404)
    staff = current_user.is_authenticated and current_user.has_role(
        FORUM_COORDINATOR, HR_ADMIN, AUDITOR)
    if not staff:
        forum = _public(forum_id)
    series = forum.parent or forum
    return calendar.ics_response(calendar.build([series], series.topic),
                                 f"forum-{series.id}.ics")


@bp.route("/unit/<code>.ics")
def feed_unit(code: str):
    unit = db.session.scalar(select(WorkUnit).where(WorkUnit.code == code[:30]))
    if unit is None:
        abort(404)
    return calendar.ics_response(
        calendar.build(calendar.feed_forums(unit.id), _("Forums of %(unit)s", unit=unit.name)),
        f"forum-{unit.code}.ics")


@bp.route("/all.ics")
def feed_all():
    return calendar.ics_response(
        calendar.build(calendar.feed_forums(), _("Public forums")), "forum.ics")
