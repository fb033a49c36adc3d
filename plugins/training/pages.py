"""Plain back-office pages: the trainer's page, the JP ledger (one's own; a supervisor's
staff; HR any) with the feedback form, and the compliance page per unit tree (HR and the
auditor) with its chart and export."""
from __future__ import annotations

from flask import flash, redirect, request
from flask_admin import expose
from sqlalchemy import select
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.admin.export import csv_response
from app.admin.fields import typed_key
from app.admin.gates import SecurePage
from app.admin.values import neutralise
from app.audit.security import tracked_export
from app.auth.permissions import current_employee_id, has_role
from app.core.forms import Form
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR, TRAINER
from app.extensions import db
from app.i18n import _, _l, fmt_number, local_today
from app.org.models import Employee, WorkUnit
from plugins.training import feedback, ledger
from plugins.training.dashboard import trainer_overview
from plugins.training.models import SessionFeedback, TrainingSession

MIN_YEAR, MAX_YEAR = 2000, 2100


def _year() -> int:
    year = request.args.get("year", type=int)
    return year if year and MIN_YEAR <= year <= MAX_YEAR else local_today().year


class TrainerPage(SecurePage):
    """The trainer's sessions: today's attendance, sessions to start, results to enter."""

    read_roles = frozenset({TRAINER})

    def __init__(self):
        super().__init__(name=_l("My training sessions"), endpoint="training_trainer",
                         url="/admin/training_trainer", category=_l("Training"))

    @expose("/")
    def index(self):
        return self.render("training/trainer.html", **trainer_overview(current_employee_id()))


class FeedbackForm(Form):
    content = IntegerField(feedback.QUESTIONS["content"], validators=[DataRequired(),
                                                                      NumberRange(1, 5)])
    trainer = IntegerField(feedback.QUESTIONS["trainer"], validators=[DataRequired(),
                                                                      NumberRange(1, 5)])
    relevance = IntegerField(feedback.QUESTIONS["relevance"], validators=[DataRequired(),
                                                                          NumberRange(1, 5)])
    organisation = IntegerField(feedback.QUESTIONS["organisation"],
                                validators=[DataRequired(), NumberRange(1, 5)])
    comment = TextAreaField(_l("Comment (optional)"),
                            validators=[Optional(), Length(max=feedback.COMMENT_MAX)])


class LedgerPage(SecurePage):
    """A JP ledger of one employee and year."""

    read_roles = frozenset({EMPLOYEE, SUPERVISOR, HR_ADMIN, AUDITOR})

    def __init__(self):
        super().__init__(name=_l("JP ledger"), endpoint="training_ledger",
                         url="/admin/training_ledger", category=_l("Training"))

    def _employee(self):
        nip = (request.args.get("nip") or "").replace(" ", "")[:18]
        if nip:
            wanted = db.session.scalar(select(Employee.id).where(Employee.nip == nip))
        elif request.args.get("employee"):
            wanted = typed_key(Employee, request.args.get("employee"))
        else:
            wanted = current_employee_id()
        if wanted is None:
            return None
        employee = db.session.get(Employee, wanted)
        if employee is None:
            return None
        me = current_employee_id()
        if has_role(HR_ADMIN, AUDITOR) or employee.id == me \
                or (has_role(SUPERVISOR) and me is not None and employee.supervisor_id == me):
            return employee
        return None

    @expose("/")
    def index(self):
        employee = self._employee()
        if employee is None:
            if request.args.get("employee") or request.args.get("nip"):
                flash(_("The employee does not exist or is not yours to see."), "error")
            if not has_role(HR_ADMIN, AUDITOR):
                if current_employee_id() is None:
                    flash(_("Your account is not linked to an employee."), "error")
                    return redirect("/admin/")
                return redirect(self.get_url(".index"))
            return self.render("training/ledger.html", employee=None, year=_year())
        year = _year()
        own = employee.id == current_employee_id()
        return self.render("training/ledger.html", employee=employee, year=year,
                           lines=ledger.lines(employee.id, year),
                           standing=ledger.standing(employee, year), own=own,
                           to_rate=feedback.to_rate(employee.id) if own else [])

    @expose("/feedback/", methods=("GET", "POST"))
    def feedback(self):
        session = db.session.get(TrainingSession,
                                 typed_key(TrainingSession, request.values.get("session")) or 0)
        me = current_employee_id()
        if session is None or not feedback.may_rate(session, me):
            flash(_("This session cannot be rated (not finished, not attended or already "
                    "rated)."), "error")
            return redirect(self.get_url(".index"))
        form = FeedbackForm()
        if form.validate_on_submit():
            row = SessionFeedback(session_id=session.id, employee_id=me,
                           comment=(form.comment.data or "").strip() or None,
                           **{q: form[q].data for q in feedback.QUESTIONS})
            db.session.add(row)
            try:
                db.session.commit()
            except Exception:  # noqa: BLE001 - the unique constraint: rated twice at once
                db.session.rollback()
                flash(_("You have already rated this session."), "warning")
                return redirect(self.get_url(".index"))
            flash(_("Thank you for your feedback."), "success")
            return redirect(self.get_url(".index"))
        return self.render("training/feedback.html", form=form, session=session,
                           questions=feedback.QUESTIONS)


class CompliancePage(SecurePage):
    """Who in a unit tree is below their JP for the year, by how much; the rate per unit."""

    read_roles = frozenset({HR_ADMIN, AUDITOR})

    def __init__(self):
        super().__init__(name=_l("JP compliance"), endpoint="training_compliance",
                         url="/admin/training_compliance", category=_l("Training"))

    def _unit(self):
        unit_id = typed_key(WorkUnit, request.args.get("unit")) if request.args.get(
            "unit") else None
        return db.session.get(WorkUnit, unit_id) if unit_id is not None else None

    @expose("/")
    def index(self):
        unit, year = self._unit(), _year()
        rows = ledger.compliance(unit.id if unit else None, year)
        children = db.session.scalars(
            select(WorkUnit).where(WorkUnit.parent_id == (unit.id if unit else None)
                                   if unit else WorkUnit.parent_id.is_(None),
                                   WorkUnit.active.is_(True)).order_by(WorkUnit.name)).all()
        if not unit and len(children) == 1:   # (the regency's single root: show its units)
            children = db.session.scalars(select(WorkUnit).where(
                WorkUnit.parent_id == children[0].id, WorkUnit.active.is_(True))
                .order_by(WorkUnit.name)).all()
        rates = [(u, total, met) for u, total, met in ledger.unit_rates(year, children) if total]
        below = [s for s in rows if not s.met]
        return self.render(
            "training/compliance.html", unit=unit, year=year, rows=rows, below=below,
            rates=rates, units=db.session.scalars(select(WorkUnit).where(
                WorkUnit.active.is_(True)).order_by(WorkUnit.name)).all(),
            chart_labels=[u.name for u, _t, _m in rates],
            chart_values=[round(met * 100 / total, 1) for _u, total, met in rates])

    @expose("/export/")
    def export(self):
        unit, year = self._unit(), _year()
        rows = ledger.compliance(unit.id if unit else None, year)
        header = [_("NIP"), _("Name"), _("Work unit"), _("Employment type"), _("JP"),
                  _("Required JP"), _("Short by")]
        body = ([neutralise(s.employee.nip), neutralise(s.employee.name),
                 neutralise(s.employee.unit.name if s.employee.unit else ""),
                 s.employee.employment_type.upper(), fmt_number(s.total),
                 fmt_number(s.required), fmt_number(s.short)] for s in rows)
        return csv_response(tracked_export(self, "csv", iter([header, *body])),
                            f"kepatuhan-jp-{year}.csv")


def views() -> list:
    return [TrainerPage(), LedgerPage(), CompliancePage()]

