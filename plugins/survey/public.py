"""Public pages, no login: the list of open surveys, the form (phone first), the thank-you
page, a QR code per period and counter (SVG or PNG, by segno) and a printable poster."""
from __future__ import annotations

import io
from types import SimpleNamespace

from flask import (Blueprint, Response, abort, current_app, redirect,
                   render_template, request, url_for)
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.admin.fields import fits_integer
from app.extensions import db, limiter
from app.i18n import local_today
from app.org.models import WorkUnit
from plugins.survey import abuse
from plugins.survey.forms import build
from plugins.survey.ikm import UNSUR
from plugins.survey.models import COUNTED, PENDING, SurveyPeriod, SurveyResponse

bp = Blueprint("survey", __name__, url_prefix="/survei")


def _open_period(period_id: int) -> SurveyPeriod:
    # (PostgreSQL refuses an id beyond INTEGER with an error, not an empty result)
    period = db.session.get(SurveyPeriod, period_id) if fits_integer(period_id) else None
    if period is None:
        abort(404)
    return period


def _counter(period: SurveyPeriod) -> str | None:
    """The counter named in the link (?loket=), if the period has it."""
    name = (request.args.get("loket") or "").strip()
    return name if name in period.counter_list else None


@bp.route("/")
def choose():
    today = local_today()
    periods = db.session.scalars(select(SurveyPeriod).options(selectinload(SurveyPeriod.unit))
                                 .where(SurveyPeriod.open.is_(True),
                                        SurveyPeriod.starts_on <= today,
                                        SurveyPeriod.ends_on >= today)
                                 .order_by(SurveyPeriod.id)).all()
    return render_template("survey/choose.html", periods=periods)


@bp.route("/<int:period_id>", methods=["GET", "POST"])
@limiter.limit(abuse.rate_limit, methods=["POST"])
def form(period_id: int):
    period = _open_period(period_id)
    if not period.accepts(local_today()):
        return render_template("survey/closed.html", period=period), 410 \
            if request.method == "POST" else 200
    if request.method == "POST" and abuse.too_large():
        abort(413)
    if abuse.answered_today(period.id):
        return render_template("survey/already.html", period=period)
    form = build(period, current_app.config.get("SURVEY_SUGGESTION_MAX", 1000))()
    counter = _counter(period)
    if form.validate_on_submit():
        if abuse.bot(form):  # a bot: looks accepted, nothing is stored
            return redirect(url_for(".thanks", period_id=period.id))
        _store(period, form, counter)
        return abuse.remember(redirect(url_for(".thanks", period_id=period.id)), period.id)
    return render_template("survey/form.html", period=period, form=form, unsur=UNSUR,
                           counter=counter), 400 if request.method == "POST" else 200


def _store(period: SurveyPeriod, form, counter: str | None) -> None:
    response = SurveyResponse(
        period_id=period.id, status=PENDING if period.review_required else COUNTED,
        age_band=form.age_band.data, sex=form.sex.data, education=form.education.data,
        occupation=form.occupation.data, service=(form.service.data or "").strip() or None,
        counter=counter, suggestion=(form.suggestion.data or "").strip() or None,
        suggestion_published=False,
        **{u.field: int(getattr(form, u.field).data) for u in UNSUR})
    db.session.add(response)
    db.session.commit()


@bp.route("/unit/<code>")
def unit_form(code: str):
    """The address a unit's QR code holds: it outlives periods, leading to the unit's period
    open today (its counter kept)."""
    today = local_today()
    period = db.session.scalars(
        select(SurveyPeriod).join(SurveyPeriod.unit).where(
            WorkUnit.code == code, SurveyPeriod.open.is_(True), SurveyPeriod.starts_on <= today,
            SurveyPeriod.ends_on >= today).order_by(SurveyPeriod.starts_on.desc())).first()
    if period is None:
        unit = db.session.scalar(select(WorkUnit).where(WorkUnit.code == code))
        if unit is None:
            abort(404)
        return render_template("survey/closed.html", period=SimpleNamespace(unit=unit))
    return redirect(url_for(".form", period_id=period.id, loket=request.args.get("loket")))


@bp.route("/<int:period_id>/terima-kasih")
def thanks(period_id: int):
    return render_template("survey/thanks.html", period=_open_period(period_id))


def _form_url(period: SurveyPeriod, counter: str | None) -> str:
    return url_for(".unit_form", code=period.unit.code, loket=counter, _external=True)


@bp.route("/<int:period_id>/qr.<kind>")
def qr(period_id: int, kind: str):
    import segno

    if kind not in ("svg", "png"):
        abort(404)
    period = _open_period(period_id)
    code = segno.make(_form_url(period, _counter(period)), error="m")
    out = io.BytesIO()
    if kind == "svg":
        code.save(out, kind="svg", scale=8, border=2, xmldecl=False)
        mimetype = "image/svg+xml"
    else:
        code.save(out, kind="png", scale=10, border=2)
        mimetype = "image/png"
    response = Response(out.getvalue(), mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.route("/<int:period_id>/poster")
def poster(period_id: int):
    period = _open_period(period_id)
    counter = _counter(period)
    return render_template("survey/poster.html", period=period, counter=counter,
                           url=_form_url(period, counter))
