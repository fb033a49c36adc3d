"""Periodic and annual SKP evaluations (PermenPAN-RB 6/2022, DOMAIN 3): the back-office view.

- The list, scoped like the SKP (own, as appraiser, as atasan pejabat penilai; HR and the
  auditor all), with the evaluation workflow's transitions as bulk actions, so HR finalises
  several overdue evaluations at once.
- The start page: the periods of an approved SKP's cycle (quarters or months, then the annual
  evaluation), each with its evaluation or a button that starts it.
- The evaluation page (`evaluation_page`) and its POST routes. Each route parses its form,
  calls a service (`services.*`, where the rules live) and reports the outcome: 404 for a
  record out of the user's scope, 403 for a part that is not theirs, a message for anything a
  rule refuses. Signing, returning, acknowledging and finalising are the workflow's
  transitions (buttons on the page, history below).

The employee sees the ratings, the predikat and the feedback of their evaluation only once the
appraiser has rated it (past Draft, and again not after a return to Draft): not in the list, the
export, the predikat filter nor the page.
"""
from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    has_request_context,
    redirect,
    request,
    send_from_directory,
)
from flask_admin import expose
from flask_admin.contrib.sqla.filters import FilterEqual
from flask_login import current_user
from sqlalchemy import and_, not_, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from app.admin.base import SecureModelView
from app.admin.fields import NumberFilter
from app.admin.search import like_pattern
from app.admin.versioning import guard_save, refuse_stale, stale
from app.auth.permissions import current_employee_id, has_role
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l
from app.org.models import Employee
from app.workflow.badges import state_column
from app.workflow import engine
from app.workflow.views import WorkflowViewMixin
from plugins.appraisal import evaluation_page
from plugins.appraisal.access import assessment_hidden, people_scope
from plugins.appraisal.forms import (
    AssessmentForm,
    DecisionForm,
    LinkForm,
    RealisationForm,
    SignatureForm,
    StartForm,
    UnlinkForm,
    messages,
)
from plugins.appraisal.labels import PREDIKAT_LABELS, RATING_LABELS
from plugins.appraisal.models import AppraisalCycle, Evaluation, IkiRealisation, Rhk, Skp
from plugins.appraisal.periods import period_name, periods
from plugins.appraisal.services import (
    NotYours,
    Refused,
    assessing,
    current_actor,
    linking,
    objecting,
    realising,
    signing,
    starting,
)
from plugins.appraisal.services.editing import APPRAISER_PART, EMPLOYEE_PART, check_part
from plugins.appraisal.states import EvaluationState, SkpState
from plugins.appraisal.workflows import EVALUATION

MAX_SKP_CHOICES = 50
TRANSITION_ROLES = frozenset({HR_ADMIN, SUPERVISOR, EMPLOYEE})


def _assessment_formatter(labels: dict):
    """A list/export cell of a rating or the predikat, blank while it is hidden."""
    def fmt(view, context, model, name):
        value = getattr(model, name)
        if value is None or assessment_hidden(model, current_employee_id()):
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
                                      Evaluation.status == EvaluationState.DRAFT)))


class CycleFilter(NumberFilter):
    """The cycle lives on the SKP: filter through it without joining the list query."""

    def apply(self, query, value, alias=None):
        return query.filter(Evaluation.skp_id.in_(select(Skp.id).where(Skp.cycle_id == value)))


def _states():
    return list(engine.state_labels(EVALUATION).items()) if has_request_context() else []


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
                     "employee.nip": _l("NIP")}
    column_searchable_list = ["employee.name", "employee.nip"]
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
        "status": state_column,
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

    model_class = Evaluation
    view_name = _l("SKP evaluations")
    view_endpoint = "appraisal_evaluation"

    def scope(self, query):
        return people_scope(query, Evaluation)

    def get_query(self):
        # (joined into the page's statement: the list needs no second one for them)
        return super().get_query().options(joinedload(Evaluation.skp).joinedload(Skp.cycle))

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

    def details_context(self, model):
        # The page's own context first: it loads what the workflow's checks then read.
        page = evaluation_page.context(model, current_actor())
        return {**super().details_context(model), **page}

    @expose("/evidence/")
    def evidence(self):
        """An evidence file, for whoever may see its evaluation."""
        ident = self.typed_id(request.args.get("id"))
        row = db.session.get(IkiRealisation, ident) if ident is not None else None
        if row is None or not row.evidence_file or self.get_one(row.evaluation_id) is None:
            abort(404)
        return send_from_directory(current_app.config["UPLOAD_DIR"], row.evidence_file,
                                   as_attachment=True)

    # Saving a part: the form, the service, the outcome -----------------------------------------

    def _evaluation(self) -> Evaluation:
        """The evaluation the form names (404 when it is out of the user's scope)."""
        evaluation = self.get_one(request.form.get("id"))
        if evaluation is None:
            abort(404)
        return evaluation

    def _stale(self, evaluation: Evaluation):
        """A save from a page that showed an older state of the evaluation (another tab, the
        other party) is refused: the redirect back, with who changed it and when. Else None,
        and whatever the save changes (ratings, feedback, realisasi) is a new version."""
        back = self.get_url(".details_view", id=evaluation.id)
        if stale(evaluation, request.form.get("version")):
            refuse_stale(evaluation, back)
            return redirect(back)
        guard_save(evaluation)
        return None

    @staticmethod
    def _valid(form, evaluation: Evaluation | None = None, part: str | None = None):
        """The form once it is valid (else Refused), and, for a `part` of the evaluation,
        once that part is the user's (else NotYours) and editable now (else Refused)."""
        if part is not None:
            check_part(evaluation, part, current_actor())
        if not form.validate():
            raise Refused(*messages(form))
        return form

    def _outcome(self, work):
        """Run `work` (a service call): flash its notices, or the refusal; then go back to the
        evaluation. NotYours is a 403."""
        try:
            notices = work()
        except NotYours:
            abort(403)
        except StaleDataError:   # another save won the race past the version check
            db.session.rollback()
            evaluation = self.get_one(request.form.get("id"))
            refuse_stale(evaluation, self.get_url(".details_view", id=evaluation.id))
            notices = []
        except Refused as refused:
            db.session.rollback()
            for message in dict.fromkeys(refused.messages):
                flash(message, refused.category)
            notices = []
        for message, category in ([(notices, "success")] if isinstance(notices, str)
                                  else notices):
            flash(message, category)
        ident = self.typed_id(request.form.get("id"))
        return redirect(self.get_url(".details_view", id=ident) if ident is not None
                        else self.get_url(".index_view"))

    @expose("/realisations/", methods=("POST",))
    def save_realisations(self):
        """The employee's realisasi per IKI with an evidence link and/or file."""
        evaluation = self._evaluation()
        if (refused := self._stale(evaluation)) is not None:
            return refused

        def work():
            form = self._valid(RealisationForm.build(realising.indicators(evaluation)),
                               evaluation, EMPLOYEE_PART)
            return realising.save(evaluation, form.entries(), current_actor())
        return self._outcome(work)

    @expose("/assessment/", methods=("POST",))
    def save_assessment(self):
        """The appraiser's feedback and ratings (any `predikat` posted is ignored)."""
        evaluation = self._evaluation()
        if (refused := self._stale(evaluation)) is not None:
            return refused

        def work():
            rhk_ids = db.session.scalars(select(Rhk.id).where(
                Rhk.skp_id == evaluation.skp_id).order_by(Rhk.id)).all()
            form = self._valid(AssessmentForm.build(rhk_ids), evaluation, APPRAISER_PART)
            return assessing.save(evaluation, form.ratings(), form.texts(), current_actor())
        return self._outcome(work)

    @expose("/link/", methods=("POST",))
    def link_reports(self):
        """The employee counts their daily reports of the period towards an RHK."""
        evaluation, form = self._evaluation(), LinkForm()
        # (report and RHK ids are integer keys like the evaluation's: typed the same way)
        wanted = {i for i in map(self.typed_id, form.report.data or []) if i is not None}
        return self._outcome(lambda: linking.link(
            evaluation, self.typed_id(form.rhk.data), wanted, current_actor()))

    @expose("/unlink/", methods=("POST",))
    def unlink_report(self):
        evaluation, form = self._evaluation(), UnlinkForm()
        return self._outcome(lambda: linking.unlink(
            evaluation, self.typed_id(form.report.data), current_actor()))

    # Signatures and decisions HR or the atasan pejabat penilai record -------------------------

    @expose("/external/", methods=("POST",))
    def external_signature(self):
        """HR records the signature of an appraiser or superior outside the system."""
        evaluation = self._evaluation()
        if (refused := self._stale(evaluation)) is not None:
            return refused

        def work():
            form = self._valid(SignatureForm())
            step = signing.pending_step(EVALUATION, evaluation)
            return signing.record(EVALUATION, evaluation, step, form.name.data,
                                  form.position.data, form.signed_on.data, current_actor(),
                                  current_user)
        return self._outcome(work)

    @expose("/decide/", methods=("POST",))
    def decide(self):
        """The decision on an objection: the atasan pejabat penilai's, or one HR records."""
        evaluation = self._evaluation()
        if (refused := self._stale(evaluation)) is not None:
            return refused

        def work():
            form = self._valid(DecisionForm())
            outside = (form.name.data, form.position.data, form.signed_on.data) \
                if current_actor().hr else None
            ratings = {"hasil_kerja": form.hasil_kerja.data or None,
                       "perilaku": form.perilaku.data or None}
            return objecting.decide(evaluation, form.decision.data, ratings,
                                    form.reasons.data.strip(), current_actor(), current_user,
                                    outside)
        return self._outcome(work)

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
                 "problem": starting.start_problem(skp, p)} for p in periods(skp.cycle)]
        return self.render(self.start_template, skp=skp, rows=rows, choices=None,
                           may_start=starting.may_start(skp, current_actor()))

    def _choose(self):
        """Approved SKP of open cycles the user sees, searchable by name or NIP."""
        term = request.args.get("q", "").strip()[:100]
        stmt = (select(Skp).join(AppraisalCycle, AppraisalCycle.id == Skp.cycle_id)
                .join(Employee, Employee.id == Skp.employee_id)
                .where(Skp.status == SkpState.APPROVED,
                       AppraisalCycle.state.in_(starting.OPEN_STAGES)))
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
        form = StartForm()
        skp = self._skp(form.skp.data)
        if skp is None:
            abort(404)
        back = self.get_url(".start_view", skp=skp.id)
        period = self.typed_id(form.period.data)
        try:
            evaluation = starting.start(skp, period, current_actor())
        except NotYours:
            abort(403)
        except Refused as refused:
            for message in refused.messages:
                flash(message, "error")
            return redirect(back)
        flash(_("The evaluation of %(period)s is started.",
                 period=period_name(skp.cycle, period)), "success")
        return redirect(self.get_url(".details_view", id=evaluation.id))


def views() -> list:
    return [EvaluationView()]
