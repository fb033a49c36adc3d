"""Periodic and annual SKP evaluations (PermenPAN-RB 6/2022, DOMAIN 3): the back-office view.

- The list, scoped like the SKP (own, as appraiser, as atasan pejabat penilai; HR and the
  auditor all), with the evaluation workflow's transitions as bulk actions, so HR finalises
  several overdue evaluations at once.
- The start page: the periods of an approved SKP's cycle (quarters or months, then the annual
  evaluation), each with its evaluation or a button that starts it.
- The evaluation page: realisasi per IKI with evidence (the employee's part), the verified daily
  reports linked to each RHK beside it, umpan balik per RHK and per behaviour and the two ratings
  (the appraiser's part). The predikat always follows from the matrix (`rules.predikat`) when the
  ratings are saved; no form carries it. Signing, returning, acknowledging and finalising are
  the workflow's transitions (buttons on the page, history below).

The employee sees the ratings, the predikat and the feedback of their evaluation only once the
appraiser has rated it (past Draft, and again not after a return to Draft): not in the list, the
export, the predikat filter nor the page.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import (abort, current_app, flash, has_request_context, redirect, request,
                   send_from_directory, url_for)
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from sqlalchemy import and_, not_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.admin.base import NumberFilter, SecureModelView, like_pattern
from app.admin.evidence import store_upload, upload_problem
from app.auth.permissions import current_employee_id, has_role
from app.auth.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l
from app.org.models import Employee
from app.performance.models import ActivityReport
from app.performance.workflow import ENTITY as REPORT_ENTITY
from app.workflow import engine
from app.workflow.views import WorkflowViewMixin
from plugins.appraisal import rules
from plugins.appraisal.access import people_scope
from plugins.appraisal.behaviours import BEHAVIOURS
from plugins.appraisal.labels import (PREDIKAT_LABELS, RATING_LABELS, period_count,
                                      period_dates, period_label)
from plugins.appraisal.models import (ANNUAL, MEASURES, RHK_KINDS, AppraisalCycle, Evaluation,
                                      Feedback, Iki, IkiRealisation, ReportLink, Rhk, Skp)
from plugins.appraisal.workflows import EVALUATION

DRAFT = "draft"          # the evaluation workflow's initial state: the appraiser's working copy
VERIFIED = "verified"    # the daily report state that counts (app/performance/workflow.py)
OPEN_STAGES = ("pemantauan", "evaluasi")   # cycle stages in which evaluations start
MAX_TEXT = 5000
MAX_URL = 500
MAX_REPORTS = 200        # unlinked reports offered at once (a year holds hundreds)
MAX_SKP_CHOICES = 50

TRANSITION_ROLES = frozenset({HR_ADMIN, SUPERVISOR, EMPLOYEE})


# Periods of a cycle -------------------------------------------------------------------------

def periods(cycle: AppraisalCycle) -> list[int]:
    """The cycle's periodic evaluations in order (quarters or months), then the annual one."""
    return [*range(1, period_count(cycle.periodicity) + 1), ANNUAL]


def period_name(cycle: AppraisalCycle, period: int) -> str:
    """"Triwulan II", "Maret" or "Tahunan"."""
    return period_label(cycle.periodicity, period)


def period_span(cycle: AppraisalCycle, period: int) -> tuple[date, date]:
    """The first and the last day of a period (the whole year for the annual evaluation)."""
    return period_dates(cycle.year, cycle.periodicity, period)


# Who sees and does what ----------------------------------------------------------------------

def assessment_hidden(evaluation: Evaluation) -> bool:
    """Ratings, predikat and feedback stay the appraiser's draft until they rate it."""
    return evaluation.status == DRAFT and evaluation.employee_id == current_employee_id()


def may_start(skp: Skp) -> bool:
    """The SKP's employee, its appraiser or HR start an evaluation."""
    me = current_employee_id()
    return has_role(HR_ADMIN) or (me is not None and me in (skp.employee_id, skp.appraiser_id))


def start_problem(skp: Skp, period: int) -> str | None:
    """Why an evaluation of `period` cannot start now, or None."""
    if skp.status != "approved":
        return _("The SKP must be approved before it is evaluated.")
    if skp.cycle.state not in OPEN_STAGES:
        return _("Evaluations start in the monitoring or the evaluation stage of the cycle.")
    if period == ANNUAL and skp.cycle.state != "evaluasi":
        return _("The annual evaluation starts in the evaluation stage of the cycle.")
    return None


def _assessment_formatter(labels: dict):
    """A list/export cell of a rating or the predikat, blank while it is hidden."""
    def fmt(view, context, model, name):
        value = getattr(model, name)
        if value is None or assessment_hidden(model):
            return ""
        return str(labels.get(value, value))
    return fmt


class PredikatFilter(FilterEqual):
    """Filtering on the predikat must not reveal a hidden one: the user's own draft
    evaluations are left out of the result whatever they hold."""

    def apply(self, query, value, alias=None):
        query = super().apply(query, value, alias)
        me = current_employee_id()
        if me is None:
            return query
        return query.filter(not_(and_(Evaluation.employee_id == me,
                                      Evaluation.status == DRAFT)))


class CycleFilter(NumberFilter):
    """The cycle lives on the SKP: filter through it without joining the list query."""

    def apply(self, query, value, alias=None):
        return query.filter(Evaluation.skp_id.in_(select(Skp.id).where(Skp.cycle_id == value)))


def _states():
    return list(engine.state_labels(EVALUATION).items()) if has_request_context() else []


def _is_web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not any(
        c.isspace() for c in url)


class EvaluationView(WorkflowViewMixin, SecureModelView):
    """Evaluations of an SKP per period: no generic create or edit form; each person edits
    their own part through the page's POST routes, and HR may delete."""

    workflow_entity = EVALUATION
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})
    write_roles = frozenset()       # no generic form for anyone (see the class docstring)
    delete_roles = frozenset({HR_ADMIN})
    column_list = ["skp", "period", "employee", "unit", "appraiser", "status", "predikat"]
    column_export_list = ["skp", "period", "employee", "unit", "appraiser", "superior",
                          "status", "hasil_kerja", "perilaku", "predikat"]
    column_labels = {"skp": _l("Year"), "period": _l("Period"), "employee": _l("Employee"),
                     "unit": _l("Work unit"), "appraiser": _l("Appraiser"),
                     "superior": _l("Appraiser's superior"), "status": _l("Status"),
                     "hasil_kerja": _l("Work results"), "perilaku": _l("Work behaviour"),
                     "predikat": _l("Predikat"), "employee.name": _l("Employee name"),
                     "employee.nip": _l("NIP"), "created_at": _l("Created"),
                     "updated_at": _l("Updated")}
    column_searchable_list = ["employee.name", "employee.nip"]
    # In the order of FILTERS (the workflow inbox links to `flt1_0=<state>`; see list_url).
    column_filters = [
        FilterEqual(Evaluation.status, _l("Status"), options=_states),
        NumberFilter(Evaluation.unit_id, _l("Work unit (number)")),
        NumberFilter(Evaluation.period, _l("Period (number, 0 = annual)")),
        PredikatFilter(Evaluation.predikat, _l("Predikat"), options=list(PREDIKAT_LABELS.items())),
        CycleFilter(Skp.cycle_id, _l("Cycle (number)")),
    ]
    # Not the ratings or the predikat: the order of one's own rows would reveal them.
    column_sortable_list = ["period", "status"]
    column_default_sort = [("id", True)]
    column_formatters = {
        "skp": lambda v, c, m, n: m.skp.cycle.year,
        "period": lambda v, c, m, n: period_name(m.skp.cycle, m.period),
        "status": lambda v, c, m, n: v.state_label(m),
        "hasil_kerja": _assessment_formatter(RATING_LABELS),
        "perilaku": _assessment_formatter(RATING_LABELS),
        "predikat": _assessment_formatter(PREDIKAT_LABELS),
    }
    column_formatters_export = column_formatters
    list_eager_loads = (Evaluation.employee, Evaluation.unit, Evaluation.appraiser,
                        Evaluation.superior)
    list_template = "appraisal/evaluation_list.html"
    details_template = "appraisal/evaluation_details.html"
    start_template = "appraisal/evaluation_start.html"
    simple_list_pager = True

    def __init__(self):
        super().__init__(Evaluation, db, name=_l("SKP evaluations"),
                         endpoint="appraisal_evaluation")

    def scope(self, query):
        return people_scope(query, Evaluation)

    def get_query(self):
        return super().get_query().options(selectinload(Evaluation.skp).selectinload(Skp.cycle))

    def may_transition(self) -> bool:
        # Nobody writes through a generic form, yet the people named on the record move it.
        return self._has(TRANSITION_ROLES)

    def may_start_any(self) -> bool:
        return has_role(HR_ADMIN) or (current_employee_id() is not None
                                      and has_role(SUPERVISOR, EMPLOYEE))

    def row_writable(self, model) -> bool:
        return has_role(HR_ADMIN) and not model.skp.cycle.locked

    def get_details_columns(self):
        # The evaluation page draws its own header (see evaluation_details.html).
        return []

    # The evaluation page -----------------------------------------------------------------------

    @expose("/details/")
    def details_view(self):
        if self.get_one(request.args.get("id")) is None:
            abort(404)
        return super().details_view()

    def render(self, template, **kwargs):
        if template == self.details_template and "model" in kwargs:
            kwargs.update(self._page(kwargs["model"]))
        return super().render(template, **kwargs)

    def _page(self, evaluation: Evaluation) -> dict:
        """Everything the evaluation page shows, in a fixed number of queries."""
        skp = db.session.scalar(select(Skp).where(Skp.id == evaluation.skp_id).options(
            selectinload(Skp.cycle), selectinload(Skp.expectations),
            selectinload(Skp.rhks).selectinload(Rhk.indicators),
            selectinload(Skp.rhks).selectinload(Rhk.parent)))
        cycle = skp.cycle
        me = current_employee_id()
        editable = evaluation.status == DRAFT and not cycle.locked
        can_realise = editable and me is not None and me == evaluation.employee_id
        can_assess = editable and me is not None and me == evaluation.appraiser_id
        show_assessment = not assessment_hidden(evaluation)
        first, last = period_span(cycle, evaluation.period)
        verified: dict[int, list] = {}
        pending: dict[int, list] = {}
        rows = db.session.execute(
            select(ActivityReport, ReportLink.rhk_id)
            .join(ReportLink, ReportLink.report_id == ActivityReport.id)
            .where(ReportLink.rhk_id.in_([r.id for r in skp.rhks]),
                   ActivityReport.employee_id == evaluation.employee_id,
                   ActivityReport.date.between(first, last))
            .order_by(ActivityReport.date, ActivityReport.id)).all()
        for report, rhk_id in rows:
            (verified if report.status == VERIFIED else pending).setdefault(rhk_id, []).append(
                report)
        unlinked = []
        if can_realise:
            unlinked = db.session.scalars(
                select(ActivityReport)
                .outerjoin(ReportLink, ReportLink.report_id == ActivityReport.id)
                .where(ActivityReport.employee_id == evaluation.employee_id,
                       ActivityReport.date.between(first, last), ReportLink.report_id.is_(None))
                .order_by(ActivityReport.date.desc(), ActivityReport.id.desc())
                .limit(MAX_REPORTS)).all()
        rhk_feedback, behaviour_feedback = {}, {}
        if show_assessment:
            for item in db.session.scalars(select(Feedback).where(
                    Feedback.evaluation_id == evaluation.id).order_by(Feedback.id)):
                if item.rhk_id is not None:
                    rhk_feedback.setdefault(item.rhk_id, item)
                elif item.behaviour:
                    behaviour_feedback.setdefault(item.behaviour, item)
        realisations = {r.indicator_id: r for r in db.session.scalars(
            select(IkiRealisation).where(IkiRealisation.evaluation_id == evaluation.id)
            .order_by(IkiRealisation.id))}
        predikat = PREDIKAT_LABELS.get(evaluation.predikat) if show_assessment else None
        return {
            "skp": skp, "cycle": cycle, "period_name": period_name(cycle, evaluation.period),
            "first_day": first, "last_day": last, "status_label": self.state_label(evaluation),
            "can_realise": can_realise, "can_assess": can_assess,
            "show_assessment": show_assessment, "predikat_label": predikat,
            "realisations": realisations, "verified": verified, "pending": pending,
            "unlinked": unlinked, "report_states": engine.state_labels(REPORT_ENTITY),
            "rhk_feedback": rhk_feedback, "behaviour_feedback": behaviour_feedback,
            "expectations": {e.behaviour: e.text for e in skp.expectations},
            "behaviours": [{"code": code, "name": name, "guides": guides}
                           for code, (name, guides) in BEHAVIOURS.items()],
            "kinds": RHK_KINDS, "aspects": MEASURES,
            "ratings": RATING_LABELS,
            "matrix": {f"{h}|{p}": str(PREDIKAT_LABELS[v]) for (h, p), v in rules.MATRIX.items()},
            "locked": cycle.locked, "editable": editable,
        }

    # Saving: each route checks the role, the row, the state and the cycle ----------------------

    def _editable(self, part: str) -> Evaluation | None:
        """The evaluation named by the form's `id`, when the current user may edit its `part`
        now ("employee": realisasi and report links; "appraiser": feedback and ratings).
        404 for a record out of the user's scope, 403 for one whose part is not theirs; None
        (with a message) when the state or the locked cycle forbids edits."""
        evaluation = self.get_one(request.form.get("id"))
        if evaluation is None:
            abort(404)
        me = current_employee_id()
        person = evaluation.employee_id if part == "employee" else evaluation.appraiser_id
        if me is None or person != me:
            abort(403)
        if evaluation.skp.cycle.locked:
            flash(_("The cycle is finished and locked."), "error")
            return None
        if evaluation.status != DRAFT:
            flash(_("Only a draft evaluation can be changed; this one has moved on."), "error")
            return None
        return evaluation

    def _back(self):
        ident = self.typed_id(request.form.get("id"))
        if ident is None:
            return redirect(self.get_url(".index_view"))
        return redirect(self.get_url(".details_view", id=ident))

    @expose("/realisations/", methods=("POST",))
    def save_realisations(self):
        """The employee's realisasi per IKI with an evidence link and/or file. Only fields
        present in the form change; an emptied realisasi is removed."""
        evaluation = self._editable("employee")
        if evaluation is None:
            return self._back()
        indicators = db.session.scalars(select(Iki).join(Rhk, Rhk.id == Iki.rhk_id).where(
            Rhk.skp_id == evaluation.skp_id).order_by(Iki.id)).all()
        errors, changes = [], []
        for iki in indicators:
            if f"value-{iki.id}" not in request.form:
                continue
            value = request.form[f"value-{iki.id}"].strip()
            url = request.form.get(f"url-{iki.id}", "").strip()
            upload = request.files.get(f"file-{iki.id}")
            upload = upload if upload is not None and upload.filename else None
            if len(value) > MAX_TEXT or len(url) > MAX_URL:
                errors.append(_("%(indicator)s: the text is too long.", indicator=iki.name))
            elif url and not _is_web_address(url):
                errors.append(_("%(indicator)s: the evidence link must be a web address "
                                "(http or https).", indicator=iki.name))
            elif not value and (url or upload):
                errors.append(_("%(indicator)s: enter the realisation before its evidence.",
                                indicator=iki.name))
            elif upload and (problem := upload_problem(upload)):
                errors.append(f"{iki.name}: {problem}")
            else:
                changes.append((iki, value, url or None, upload))
        if errors:
            for error in errors:
                flash(error, "error")
            return self._back()
        existing = {r.indicator_id: r for r in evaluation.realisations}
        for iki, value, url, upload in changes:
            row = existing.get(iki.id)
            if not value:
                if row is not None:
                    db.session.delete(row)
                continue
            if row is None:
                row = IkiRealisation(evaluation_id=evaluation.id, indicator_id=iki.id,
                                     value=value)
                db.session.add(row)
            # Assign only what changed: every write is an audit event.
            if row.value != value:
                row.value = value
            if row.evidence_url != url:
                row.evidence_url = url
            if upload is not None:
                row.evidence_file = store_upload(upload)
        db.session.commit()
        flash(_("The realisation is saved."), "success")
        return self._back()

    @expose("/evidence/")
    def evidence(self):
        """An evidence file, for whoever may see its evaluation."""
        ident = self.typed_id(request.args.get("id"))
        row = db.session.get(IkiRealisation, ident) if ident is not None else None
        if row is None or not row.evidence_file or self.get_one(row.evaluation_id) is None:
            abort(404)
        return send_from_directory(current_app.config["UPLOAD_DIR"], row.evidence_file,
                                   as_attachment=True)

    @expose("/assessment/", methods=("POST",))
    def save_assessment(self):
        """The appraiser's umpan balik per RHK and per behaviour and the two ratings; the
        predikat follows from the ratings (any `predikat` in the form is ignored)."""
        evaluation = self._editable("appraiser")
        if evaluation is None:
            return self._back()
        form, errors = request.form, []
        ratings = {}
        for field in ("hasil_kerja", "perilaku"):
            if field in form:
                value = form[field].strip()
                if value and value not in rules.RATINGS:
                    errors.append(_("Choose one of the three ratings."))
                ratings[field] = value or None
        texts = {}
        rhk_ids = db.session.scalars(select(Rhk.id).where(Rhk.skp_id == evaluation.skp_id)
                                     .order_by(Rhk.id)).all()
        targets = [(f"rhk-{i}", (i, None)) for i in rhk_ids] + \
            [(f"behaviour-{code}", (None, code)) for code in BEHAVIOURS]
        for key, target in targets:
            if key in form:
                texts[target] = form[key].strip()
                if len(texts[target]) > MAX_TEXT:
                    errors.append(_("A feedback text is too long (at most %(count)s characters).",
                                    count=MAX_TEXT))
        if errors:
            for error in dict.fromkeys(errors):
                flash(error, "error")
            return self._back()
        existing = {}
        for item in sorted(evaluation.feedback, key=lambda f: f.id, reverse=True):
            existing[(item.rhk_id, item.behaviour)] = item     # the first one of a target wins
        for (rhk_id, behaviour), text in texts.items():
            item = existing.get((rhk_id, behaviour))
            if not text:
                if item is not None:
                    db.session.delete(item)
            elif item is None:
                db.session.add(Feedback(evaluation_id=evaluation.id, rhk_id=rhk_id,
                                        behaviour=behaviour, text=text))
            elif item.text != text:
                item.text = text
        for field, value in ratings.items():
            if getattr(evaluation, field) != value:
                setattr(evaluation, field, value)
        predikat = rules.predikat(evaluation.hasil_kerja, evaluation.perilaku) \
            if evaluation.hasil_kerja and evaluation.perilaku else None
        if evaluation.predikat != predikat:
            evaluation.predikat = predikat
        db.session.commit()
        flash(_("The feedback and the ratings are saved."), "success")
        return self._back()

    @expose("/link/", methods=("POST",))
    def link_reports(self):
        """The employee counts their daily reports of the period towards an RHK of this SKP."""
        evaluation = self._editable("employee")
        if evaluation is None:
            return self._back()
        rhk_id = self.typed_id(request.form.get("rhk"))
        rhk = db.session.scalar(select(Rhk).where(Rhk.id == rhk_id,
                                                  Rhk.skp_id == evaluation.skp_id)) \
            if rhk_id is not None else None
        if rhk is None:
            flash(_("Choose an RHK of this SKP."), "error")
            return self._back()
        wanted = {i for i in map(self.typed_id, request.form.getlist("report")) if i is not None}
        first, last = period_span(evaluation.skp.cycle, evaluation.period)
        ids = db.session.scalars(
            select(ActivityReport.id)
            .outerjoin(ReportLink, ReportLink.report_id == ActivityReport.id)
            .where(ActivityReport.id.in_(wanted),
                   ActivityReport.employee_id == evaluation.employee_id,
                   ActivityReport.date.between(first, last), ReportLink.report_id.is_(None))
            .order_by(ActivityReport.id)).all() if wanted else []
        if not ids:
            flash(_("Choose at least one of your reports of this period that is not linked "
                    "yet."), "error")
            return self._back()
        db.session.add_all([ReportLink(report_id=i, rhk_id=rhk.id) for i in ids])
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            flash(_("Some of these reports were linked in the meantime; nothing was changed. "
                    "Reload the page."), "error")
            return self._back()
        flash(_("%(count)s report(s) linked to the RHK.", count=len(ids)), "success")
        if len(wanted) > len(ids):
            flash(_("%(count)s report(s) were not linked: they are not yours, not of this "
                    "period or already linked.", count=len(wanted) - len(ids)), "warning")
        return self._back()

    @expose("/unlink/", methods=("POST",))
    def unlink_report(self):
        evaluation = self._editable("employee")
        if evaluation is None:
            return self._back()
        report_id = self.typed_id(request.form.get("report"))
        # Of this period only, like linking: another period's report counts towards its own
        # evaluation, which may have moved on.
        first, last = period_span(evaluation.skp.cycle, evaluation.period)
        link = db.session.scalar(
            select(ReportLink).join(Rhk, Rhk.id == ReportLink.rhk_id)
            .join(ActivityReport, ActivityReport.id == ReportLink.report_id)
            .where(ReportLink.report_id == report_id, Rhk.skp_id == evaluation.skp_id,
                   ActivityReport.employee_id == evaluation.employee_id,
                   ActivityReport.date.between(first, last))) \
            if report_id is not None else None
        if link is None:
            flash(_("This report is not linked to an RHK of this SKP."), "error")
            return self._back()
        db.session.delete(link)
        db.session.commit()
        flash(_("The report no longer counts towards the RHK."), "success")
        return self._back()

    # Starting an evaluation --------------------------------------------------------------------

    def _skp(self, value) -> Skp | None:
        ident = self.typed_id(value)
        if ident is None:
            return None
        return people_scope(db.session.query(Skp), Skp).filter(Skp.id == ident).options(
            selectinload(Skp.cycle), selectinload(Skp.employee)).one_or_none()

    @expose("/start/", methods=("GET", "POST"))
    def start_view(self):
        """GET: the periods of an SKP (`?skp=`) or, without one, the SKP to choose from;
        POST (`skp`, `period`): start that period's evaluation."""
        if request.method == "POST":
            return self._start()
        if "skp" not in request.args:
            return self._choose()
        skp = self._skp(request.args.get("skp"))
        if skp is None:
            abort(404)
        existing = {e.period: e for e in db.session.scalars(
            select(Evaluation).where(Evaluation.skp_id == skp.id).order_by(Evaluation.period))}
        rows = [{"period": p, "label": period_name(skp.cycle, p), "evaluation": existing.get(p),
                 "problem": start_problem(skp, p)} for p in periods(skp.cycle)]
        return self.render(self.start_template, skp=skp, rows=rows, may_start=may_start(skp),
                           state_labels=engine.state_labels(EVALUATION), choices=None)

    def _choose(self):
        """Approved SKP of open cycles the user sees, searchable by name or NIP."""
        term = request.args.get("q", "").strip()[:100]
        stmt = (select(Skp).join(AppraisalCycle, AppraisalCycle.id == Skp.cycle_id)
                .join(Employee, Employee.id == Skp.employee_id)
                .where(Skp.status == "approved", AppraisalCycle.state.in_(OPEN_STAGES)))
        if term:
            pattern = like_pattern(term)
            stmt = stmt.where(or_(Employee.name.ilike(pattern, escape="\\"),
                                  Employee.nip.ilike(pattern, escape="\\")))
        stmt = people_scope(stmt, Skp).order_by(AppraisalCycle.year.desc(), Employee.name,
                                                Skp.id)
        choices = db.session.scalars(stmt.limit(MAX_SKP_CHOICES + 1).options(
            selectinload(Skp.cycle), selectinload(Skp.employee), selectinload(Skp.unit))).all()
        return self.render(self.start_template, skp=None, choices=choices[:MAX_SKP_CHOICES],
                           more=len(choices) > MAX_SKP_CHOICES, term=term)

    def _start(self):
        skp = self._skp(request.form.get("skp"))
        if skp is None:
            abort(404)
        if not may_start(skp):
            abort(403)
        back = redirect(self.get_url(".start_view", skp=skp.id))
        period = self.typed_id(request.form.get("period"))
        if period not in periods(skp.cycle):
            flash(_("Choose a period of the cycle."), "error")
            return back
        problem = start_problem(skp, period)
        if problem:
            flash(problem, "error")
            return back
        label = period_name(skp.cycle, period)
        duplicate = _("The evaluation of %(period)s already exists.", period=label)
        if db.session.scalar(select(Evaluation.id).where(Evaluation.skp_id == skp.id,
                                                         Evaluation.period == period)):
            flash(duplicate, "error")
            return back
        evaluation = Evaluation(skp_id=skp.id, period=period, employee_id=skp.employee_id,
                                appraiser_id=skp.appraiser_id, superior_id=skp.superior_id,
                                unit_id=skp.unit_id, status=DRAFT)
        db.session.add(evaluation)
        try:
            db.session.commit()
        except IntegrityError:          # a concurrent click started it first
            db.session.rollback()
            flash(duplicate, "error")
            return back
        flash(_("The evaluation of %(period)s is started.", period=label), "success")
        return redirect(self.get_url(".details_view", id=evaluation.id))


FILTERS = ("status", "unit", "period", "predikat", "cycle")  # EvaluationView.column_filters


def list_url(**values) -> str:
    """The evaluation list filtered on `values`, keyed by the names of FILTERS."""
    return url_for("appraisal_evaluation.index_view", **{
        f"flt{n}_{FILTERS.index(name)}": value for n, (name, value) in enumerate(values.items())})


def views() -> list:
    return [EvaluationView()]
