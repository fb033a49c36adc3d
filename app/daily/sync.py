"""A report sent by the phone, checked with the back office's rules and stored once.

The rules are the daily report form's (app.performance): the same field validators, the date
window and 24 hours a day (`daily_rules`), the RHK list (`report_links`), the evidence file
types (`app.admin.evidence`), plus what a phone photo must be (JPEG or PNG, at most
OFFLINE_PHOTO_MAX_BYTES). Each report carries the id the device made for it
(`ActivityReport.offline_client_id`, unique): sent again after a lost answer, a retry or from a
second tab, it is found and answered as already stored, never stored twice.

A stored report is submitted to the supervisor at once (the workflow's "submit"): the
employee pressed "Simpan" on the phone to hand it in, and the district has no second chance
to press "Ajukan" in the back office.
"""
from __future__ import annotations

import logging
import os
import uuid

from flask import current_app
from flask_login import current_user
from sqlalchemy import Integer, Numeric, select
from sqlalchemy.exc import IntegrityError
from wtforms import DecimalField, FileField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import (DataRequired, InputRequired, Length, NumberRange, Optional,
                                ValidationError)

from app.admin.evidence import download_name, store_upload, upload_problem
from app.core.forms import Form, LocalDateField
from app.core.numbers import ColumnNumber
from app.extensions import db
from app.i18n import _, _l, fmt_date
from app.org.models import Employee
from app.performance import daily_rules, report_links
from app.performance.models import ActivityReport
from app.performance.workflow import ENTITY, SUBMIT
from app.workflow import engine

log = logging.getLogger(__name__)

PHOTO_TYPES = {"jpg": b"\xff\xd8\xff", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}


class Refused(Exception):
    """The report cannot be stored; `message` (and per-field `errors`) say why, in the
    user's language. The phone shows it next to the report and keeps the report."""

    def __init__(self, message: str, errors: dict | None = None, status: int = 422):
        super().__init__(message)
        self.message, self.errors, self.status = message, errors or {}, status


class ReportForm(Form):
    """The daily report form's fields and validators (ActivityReportView's form_args), as the
    phone sends them (multipart: the photo is a file)."""

    date = LocalDateField(_l("Date"), validators=[InputRequired()])
    description = TextAreaField(_l("Activity"), validators=[DataRequired(), Length(max=5000)])
    duration_minutes = IntegerField(_l("Duration (minutes)"), validators=[
        InputRequired(), ColumnNumber(Integer()), NumberRange(1, daily_rules.DAY_MINUTES)])
    output_quantity = DecimalField(_l("Output"), validators=[
        Optional(), ColumnNumber(Numeric(12, 2)), NumberRange(min=0)])
    output_unit = StringField(_l("Output unit"), validators=[Optional(), Length(max=50)])
    # Filled by report_links.offer (e.g. the RHK of the author's approved SKP), as on the form.
    serves = SelectField(_l("Serves"), choices=[("", "–")], validate_choice=False)
    photo = FileField(_l("Photo (evidence)"))


class AlreadyStored(Exception):
    """The report with this device id was stored by a request that ran at the same time."""

    def __init__(self, report: ActivityReport):
        super().__init__(report.id)
        self.report = report


def client_id(value) -> str:
    """The device's id for the report, as a canonical UUID; Refused when it is not one."""
    try:
        return str(uuid.UUID(str(value or "")))
    except ValueError:
        raise Refused(_("The report has no valid device id. Reload the page and try "
                        "again.")) from None


def stored(cid: str) -> ActivityReport | None:
    return db.session.scalar(select(ActivityReport)
                             .where(ActivityReport.offline_client_id == cid))


def photo_problem(upload) -> str | None:
    """Why an uploaded photo cannot be the report's evidence, or None. The evidence rules
    (allowed types) first, then a phone photo's own: JPEG or PNG, really (its first bytes),
    and not larger than OFFLINE_PHOTO_MAX_BYTES."""
    name = upload.filename or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    problem = upload_problem(upload)
    if problem:
        return problem
    if extension not in PHOTO_TYPES:
        return _("The photo must be a JPEG or PNG image.")
    stream = upload.stream
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    limit = int(current_app.config["OFFLINE_PHOTO_MAX_BYTES"])
    if size > limit:
        return _("The photo is too large: at most %(size)s MB.",
                 size=f"{limit / 1024 / 1024:g}")
    head = stream.read(len(PHOTO_TYPES[extension]))
    stream.seek(0)
    if head != PHOTO_TYPES[extension]:
        return _("The photo cannot be read as a JPEG or PNG image; it may be damaged.")
    return None


def _first_error(form) -> tuple[str, dict]:
    errors = {name: [str(e) for e in messages] for name, messages in form.errors.items()}
    name, messages = next(iter(errors.items()))
    return f"{form[name].label.text}: {messages[0]}", errors


def store(employee: Employee, cid: str) -> tuple[ActivityReport, list[str]]:
    """Check the posted report like the back-office form does and store it for `employee`,
    then submit it; returns the report and the warnings (daily norm, holiday). Raises Refused.
    The caller has checked that `cid` is not stored yet; of two requests racing with one id,
    the second hits the unique index and raises AlreadyStored with the first one's report."""
    form = ReportForm(meta={"csrf": False})
    report_links.offer(form, None)
    if not form.validate():
        message, errors = _first_error(form)
        raise Refused(message, errors)
    day = form.date.data
    problem = daily_rules.date_problem(employee, day)
    if problem:
        raise Refused(problem, {"date": [problem]})
    total = daily_rules.minutes_that_day(employee.id, day) + form.duration_minutes.data
    problem = daily_rules.minutes_problem(total)
    if problem:
        raise Refused(problem, {"duration_minutes": [problem]})
    upload = form.photo.data
    if upload is not None and not getattr(upload, "filename", ""):
        upload = None
    if upload is not None:
        problem = photo_problem(upload)
        if problem:
            raise Refused(problem, {"photo": [problem]})
    report = ActivityReport(
        employee_id=employee.id, offline_client_id=cid, date=day,
        description=form.description.data.strip(), duration_minutes=form.duration_minutes.data,
        output_quantity=form.output_quantity.data, output_unit=form.output_unit.data or None)
    try:
        report_links.check(form, report)
    except ValidationError as error:
        raise Refused(str(error), {"serves": [str(error)]}) from None
    if upload is not None:
        report.evidence_file = store_upload(upload)
        report.evidence_name = download_name(upload.filename, report.evidence_file)
    db.session.add(report)
    try:
        db.session.flush()
        report_links.save(form, report)
        db.session.commit()
    except IntegrityError:
        # The same report arrived twice at once (two tabs, a retry): the other one is stored.
        db.session.rollback()
        if report.evidence_file:
            _remove(report.evidence_file)
        again = stored(cid)
        if again is None:
            raise
        raise AlreadyStored(again) from None
    _submit(report)
    warnings = [w for w in (daily_rules.norm_warning(total), daily_rules.day_mark_notice(day))
                if w]
    return report, warnings


def _remove(stored_name: str) -> None:
    try:
        os.remove(os.path.join(current_app.config["UPLOAD_DIR"], stored_name))
    except OSError:
        log.warning("could not remove the unused upload %s", stored_name)


def _submit(report: ActivityReport) -> None:
    """Hand the report to the supervisor. Should HR's definition not let the author submit
    now, the report stays a draft the author submits in the back office."""
    try:
        engine.apply(ENTITY, [report.id], SUBMIT, current_user)
    except engine.WorkflowError:
        db.session.rollback()
    db.session.refresh(report)


def as_json(report: ActivityReport, labels: dict) -> dict:
    """What the page shows of a stored report."""
    return {
        "id": report.id, "client_id": report.offline_client_id,
        "date": report.date.isoformat(), "date_label": fmt_date(report.date),
        "description": report.description, "duration_minutes": report.duration_minutes,
        "output_quantity": None if report.output_quantity is None
        else f"{report.output_quantity.normalize():f}",
        "output_unit": report.output_unit, "state": report.status,
        "state_label": labels.get(report.status, report.status),
        "review_comment": report.review_comment, "photo": bool(report.evidence_file),
    }
