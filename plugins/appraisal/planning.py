"""SKP planning: RHK (utama / tambahan) with their IKI, each optionally supporting an RHK of
the appraiser (intervensi); the plan as officials read it on the SKP page; ekspektasi khusus
pimpinan; and the cascade of a unit's RHK as a tree.

Who changes what (DOMAIN 3):
- the SKP's owner (and HR) writes its RHK, IKI and appendix while the SKP is in the workflow's
  initial state (Draft) and the cycle is open;
- the supported RHK comes from the appraiser's *approved* SKP of the same cycle;
- IKI take an aspek, or a perspektif in a JPT plan;
- the appraiser (and HR) writes the expectations while the cycle is open and the SKP is not yet
  approved.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.fields import QuerySelectMultipleField
from flask_admin.model.form import InlineFormAdmin
from markupsafe import Markup
from sqlalchemy import false, or_, select, tuple_
from sqlalchemy.orm import selectinload
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from app.admin.base import IN_USE_MESSAGE, SecureModelView
from app.admin.fields import NumberFilter, typed_key
from app.admin.gates import SecurePage
from app.auth.permissions import current_employee_id, has_role
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l, local_today
from app.org.models import Employee, WorkUnit
from app.org.tree import unit_tree
from app.performance.models import Target
from app.workflow import engine
from plugins.appraisal import agreement, signers
from plugins.appraisal.access import people_scope
from plugins.appraisal.behaviours import BEHAVIOURS
from plugins.appraisal.forms import SignatureForm
from plugins.appraisal.models import (
    ASPECTS,
    FINISHED,
    MEASURES,
    PERSPECTIVES,
    RHK_KINDS,
    AppraisalCycle,
    Expectation,
    Iki,
    ReportLink,
    Rhk,
    RhkTarget,
    Skp,
)
from plugins.appraisal.services import signing
from plugins.appraisal.states import SkpState
from plugins.appraisal.workflows import ENTITY

STAFF_ROLES = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})
WRITERS = frozenset({HR_ADMIN, SUPERVISOR, EMPLOYEE})
APPROVED = SkpState.APPROVED
INDICATOR_LABELS = {"name": _l("Indicator"), "aspect": _l("Aspect / perspective"),
                    "target": _l("Target")}


# Who may do what with a plan -------------------------------------------------------------

def draft_state() -> str:
    """The SKP workflow's initial state (HR may rename it in the definition)."""
    definition = engine.definition(ENTITY)
    return definition.initial_state if definition else SkpState.DRAFT


def may_edit_plan(skp: Skp) -> bool:
    """The owner (or HR) writes the RHK and appendix of a draft SKP of an open cycle."""
    if skp.cycle.locked or skp.status != draft_state():
        return False
    if has_role(HR_ADMIN):
        return True
    me = current_employee_id()
    return me is not None and skp.employee_id == me and has_role(SUPERVISOR, EMPLOYEE)


def may_set_expectations(skp: Skp) -> bool:
    """The appraiser (or HR) writes the expectations until the SKP is approved."""
    if skp.cycle.locked or skp.status == APPROVED:
        return False
    if has_role(HR_ADMIN):
        return True
    me = current_employee_id()
    return me is not None and skp.appraiser_id == me and has_role(SUPERVISOR, EMPLOYEE)


def visible_skp_ids():
    """The ids of the SKP the current user sees (see `access.people_scope`)."""
    return people_scope(select(Skp.id), Skp)


def editable_skps(pinned: int | None = None) -> list[Skp]:
    """The SKP whose RHK this user may write (one when `pinned`), with what their label
    shows."""
    stmt = (select(Skp).join(AppraisalCycle, AppraisalCycle.id == Skp.cycle_id)
            .join(Employee, Employee.id == Skp.employee_id)
            .where(AppraisalCycle.state != FINISHED, Skp.status == draft_state())
            .options(selectinload(Skp.cycle), selectinload(Skp.employee))
            .order_by(AppraisalCycle.year.desc(), Employee.name, Skp.id))
    if not has_role(HR_ADMIN):
        me = current_employee_id()
        stmt = stmt.where(Skp.employee_id == me if me is not None else false())
    if pinned is not None:
        stmt = stmt.where(Skp.id == pinned)
    return db.session.scalars(stmt).all()


def supportable_rhks(skps: list[Skp]) -> list[Rhk]:
    """The RHK the plans `skps` may support: those of each plan's appraiser's approved SKP in
    the same cycle."""
    pairs = {(s.appraiser_id, s.cycle_id) for s in skps if s.appraiser_id is not None}
    if not pairs:
        return []
    return db.session.scalars(
        select(Rhk).join(Skp, Skp.id == Rhk.skp_id)
        .where(Skp.status == APPROVED, tuple_(Skp.employee_id, Skp.cycle_id).in_(pairs))
        .options(selectinload(Rhk.skp).selectinload(Skp.employee))
        .order_by(Rhk.skp_id, Rhk.kind.desc(), Rhk.id)).all()


def parent_problem(skp: Skp, parent: Rhk | None) -> str | None:
    """Why `parent` cannot be the RHK a plan of `skp` supports, or None."""
    if parent is None:
        return None
    boss = parent.skp
    if boss.status != APPROVED or boss.employee_id != skp.appraiser_id \
            or boss.cycle_id != skp.cycle_id:
        return _("Choose an RHK of the appraiser's approved SKP in the same cycle.")
    return None


def pk_targets(skps: list[Skp]) -> list[Target]:
    """The PK targets the plans `skps` may support: those of the unit of each plan of a head
    of unit, for the cycle's year."""
    found: list[Target] = []
    for skp in skps:
        if agreement.is_unit_head(skp):
            found += [t for t in agreement.unit_targets(skp.unit_id, skp.cycle.year)
                      if t not in found]
    return found


TARGETS_MESSAGE = _l("Only a main RHK of the head of a unit supports the targets of the "
                     "unit's PK of the cycle's year.")


def targets_problem(skp: Skp, kind: str, targets) -> str | None:
    """Why an RHK of `skp` of `kind` cannot support the PK `targets`, or None."""
    allowed = set(pk_targets([skp]))
    if kind != "utama" or not allowed or any(t not in allowed for t in targets):
        return str(TARGETS_MESSAGE)
    return None


def link_targets(rhk: Rhk, targets) -> None:
    """Make the RHK support exactly `targets` (links added and removed one by one: each is
    an audit event)."""
    wanted = {t.id for t in targets}
    for link in list(rhk.target_links):
        if link.target_id not in wanted:
            rhk.target_links.remove(link)
    have = {link.target_id for link in rhk.target_links}
    rhk.target_links.extend(RhkTarget(target_id=t.id) for t in targets if t.id not in have)


def target_label(target: Target) -> str:
    value = target.value if target.value is not None else f"{target.low}–{target.high}"
    return f"{target.indicator.code} – {target.objective} ({value})"


def aspect_problem(skp: Skp, code: str | None) -> str | None:
    """Why `code` is no aspect (or, in a JPT plan, no perspective) of an IKI of `skp`."""
    if skp.jpt and code not in PERSPECTIVES:
        return _("A JPT plan measures its indicators by perspective: choose %(choices)s.",
                 choices=", ".join(str(v) for v in PERSPECTIVES.values()))
    if not skp.jpt and code not in ASPECTS:
        return _("Choose an aspect (%(choices)s); perspectives are for JPT plans only.",
                 choices=", ".join(str(v) for v in ASPECTS.values()))
    return None


def rhks_in_use(rhk_ids) -> bool:
    """Whether an RHK among `rhk_ids` (ids or a select of them) is supported by another RHK or
    has daily reports linked: deleting it would quietly change the supporter's plan (the ORM
    empties its link) or drop the links by the database's cascade, with no audit event."""
    return any(db.session.scalar(stmt.limit(1)) is not None for stmt in (
        select(Rhk.id).where(Rhk.parent_id.in_(rhk_ids)),
        select(ReportLink.rhk_id).where(ReportLink.rhk_id.in_(rhk_ids))))


def rhk_label(rhk: Rhk) -> str:
    return f"{rhk.text} – {rhk.skp.employee.name}"


# The RHK view ----------------------------------------------------------------------------

def _aspect_choices():
    """Aspects, perspectives (JPT plans) or both, grouped, by the plan the form is for
    (`g.rhk_jpt`, set when the form is built)."""
    jpt = g.get("rhk_jpt")
    aspects = [SelectChoice(code, str(label), optgroup=None if jpt is False else _("Aspect"))
               for code, label in ASPECTS.items()]
    perspectives = [SelectChoice(code, str(label),
                                 optgroup=None if jpt else _("Perspective (JPT plans)"))
                    for code, label in PERSPECTIVES.items()]
    if jpt is None:
        return aspects + perspectives
    return perspectives if jpt else aspects


class IndicatorInline(InlineFormAdmin):
    """The IKI rows of an RHK, edited on its form."""

    form_columns = ["id", "name", "aspect", "target"]
    column_labels = INDICATOR_LABELS
    form_args = {"name": {"validators": [DataRequired(), Length(max=300)]},
                 "target": {"validators": [DataRequired(), Length(max=200)],
                            "description": _l("E.g. 12 dokumen, 100%, tepat waktu.")}}

    def postprocess_form(self, form_class):
        # Checked against the plan (aspect or perspective) in RhkView.validate_form, with a
        # clearer message than "not a valid choice".
        form_class.aspect = SelectField(INDICATOR_LABELS["aspect"], choices=_aspect_choices,
                                        validate_choice=False, validators=[DataRequired()])
        # Re-created so that it comes after the aspect on the form (fields keep creation order).
        target = form_class.target
        form_class.target = target.field_class(*target.args, **target.kwargs)
        return form_class


class CycleYearFilter(NumberFilter):
    """RHK of the SKP of one cycle, by its year (a subquery: no join in list or count)."""

    def apply(self, query, value, alias=None):
        return query.filter(Rhk.skp_id.in_(
            select(Skp.id).join(AppraisalCycle, AppraisalCycle.id == Skp.cycle_id)
            .where(AppraisalCycle.year == value)))


def _skp_link(view, context, model, name):
    return Markup('<a href="{}">{}</a>').format(
        url_for("appraisal_skp.details_view", id=model.skp_id), str(model.skp))


def _parent_formatter(view, context, model, name):
    return rhk_label(model.parent) if model.parent else ""


def _indicators_formatter(view, context, model, name):
    items = Markup("").join(Markup("<li>{}: {} ({})</li>").format(
        i.name, i.target, MEASURES.get(i.aspect, i.aspect)) for i in model.indicators)
    return Markup("<ul class='mb-0'>{}</ul>").format(items) if items else ""


def _targets_formatter(view, context, model, name):
    items = Markup("").join(Markup("<li>{}</li>").format(target_label(link.target))
                            for link in model.target_links)
    return Markup("<ul class='mb-0'>{}</ul>").format(items) if items else ""


def _children_formatter(view, context, model, name):
    items = Markup("").join(Markup("<li>{}</li>").format(rhk_label(c)) for c in model.children)
    return Markup("<ul class='mb-0'>{}</ul>").format(items) if items else ""


class RhkView(SecureModelView):
    """RHK with their IKI, scoped like the SKP; written by the plan's owner (and HR) while the
    plan is a draft of an open cycle."""

    read_roles = STAFF_ROLES
    write_roles = WRITERS
    column_list = ["skp", "kind", "text", "parent"]
    column_details_list = ["skp", "kind", "text", "parent", "target_links", "indicators",
                           "children"]
    column_export_list = ["skp", "kind", "text", "parent"]
    column_labels = {"skp": _l("SKP"), "kind": _l("Kind"), "text": _l("Planned work result"),
                     "parent": _l("Supports the appraiser's RHK (intervensi)"),
                     "indicators": _l("Individual performance indicators (IKI)"),
                     "children": _l("Supported by"), "skp.employee.name": _l("Employee name"),
                     "target_links": _l("Supports the unit's PK targets"),
                     "pk_targets": _l("Supports the unit's PK targets")}
    column_searchable_list = ["text", "skp.employee.name"]
    column_filters = [CycleYearFilter(Rhk.skp_id, _l("Cycle (year)")),
                      "kind"]
    choices = {"kind": RHK_KINDS}
    column_formatters = {"skp": _skp_link,
                         "parent": _parent_formatter, "indicators": _indicators_formatter,
                         "children": _children_formatter, "target_links": _targets_formatter}
    column_formatters_export = {"skp": lambda v, c, m, n: str(m.skp),
                                "parent": _parent_formatter}
    column_sortable_list = ["kind", "text"]
    column_default_sort = [("skp_id", True), ("kind", True), ("id", False)]
    form_columns = ["skp", "kind", "text", "parent", "pk_targets"]
    form_extra_fields = {"pk_targets": QuerySelectMultipleField(
        _l("Supports the unit's PK targets"), get_label=target_label,
        description=_l("For a head of unit's main RHK: the targets of the unit's performance "
                       "agreement (PK) of the year that it supports."))}
    form_overrides = {"text": TextAreaField}
    form_args = {"text": {"validators": [DataRequired(), Length(max=500)]},
                 "skp": {"description": _l("Only SKP drafts of an open cycle that you may "
                                           "change can be chosen.")},
                 "parent": {"description": _l("Optional: an RHK of the appraiser's approved "
                                              "SKP in the same cycle.")}}
    inline_models = [IndicatorInline(Iki)]
    row_locked_message = _l("Only the SKP's owner (or HR) changes its RHK, while the SKP is a "
                            "draft and its cycle is open.")

    model_class = Rhk
    view_name = _l("RHK")
    view_endpoint = "appraisal_rhk"

    def scope(self, query):
        if has_role(HR_ADMIN, AUDITOR):
            return query
        return query.filter(Rhk.skp_id.in_(visible_skp_ids()))

    def get_query(self):
        return super().get_query().options(
            selectinload(Rhk.skp).selectinload(Skp.employee),
            selectinload(Rhk.skp).selectinload(Skp.cycle),
            selectinload(Rhk.parent).selectinload(Rhk.skp).selectinload(Skp.employee))

    def row_writable(self, model) -> bool:
        return may_edit_plan(model.skp)

    # The form: the SKP among those this user writes, the supported RHK among the appraisers'.
    def _bind_choices(self, form, skps: list[Skp]):
        form.skp.query_factory = lambda: skps
        form.skp.get_label = str
        parents = supportable_rhks(skps)
        form.parent.query_factory = lambda: parents
        form.parent.get_label = rhk_label
        kinds = {s.jpt for s in skps}
        g.rhk_jpt = kinds.pop() if len(kinds) == 1 else None
        targets = pk_targets(skps)
        if targets:
            form.pk_targets.query_factory = lambda: targets
        else:   # (nobody here plans for a head of unit with a PK: no such field)
            del form.pk_targets
        return form

    def on_form_prefill(self, form, id):
        if "pk_targets" in form:
            form.pk_targets.data = [link.target for link in self.get_one(id).target_links]

    def create_form(self, obj=None):
        form = super().create_form(obj)
        pinned = self.typed_id(request.args.get("skp"))
        skps = editable_skps(pinned) if pinned is not None else []
        if not skps:   # no pin, or one this user may not write: the usual choice
            skps = editable_skps()
        if len(skps) == 1 and request.method == "GET":
            form.skp.data = skps[0]
        return self._bind_choices(form, skps)

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        # An RHK stays in its plan (its IKI realisations and supporters belong to that plan).
        return self._bind_choices(form, [obj.skp] if obj is not None else [])

    def validate_form(self, form):
        ok = super().validate_form(form)
        if request.method != "POST" or "skp" not in form:   # (the delete form has no plan)
            return ok
        # A value not among the choices reads as "none" (the field allows a blank): refuse it.
        posted = request.form.get("parent") or "__None"
        if form.parent.errors or (posted != "__None" and form.parent.data is None):
            form.parent.errors = [_("Choose an RHK of the appraiser's approved SKP in the same "
                                    "cycle.")]
            ok = False
        if form.skp.errors:
            form.skp.errors = [_("Choose an SKP draft of an open cycle that you may change.")]
        skp = form.skp.data
        if skp is None:
            return False
        if not may_edit_plan(skp):
            form.skp.errors = list(form.skp.errors) + [str(self.row_locked_message)]
            ok = False
        problem = parent_problem(skp, form.parent.data)
        if problem:
            form.parent.errors = [problem]
            ok = False
        ok = self._targets_valid(form, skp) and ok
        # An IKI row names one of this RHK's IKI or none (a new one): Flask-Admin would turn
        # an unknown id (another RHK's IKI, or one deleted meanwhile) into a new IKI.
        edited = self.get_one(request.args.get("id")) \
            if request.endpoint == f"{self.endpoint}.edit_view" else None
        own = {str(i.id) for i in edited.indicators} if edited is not None else set()
        for entry in form.indicators.entries:
            if str(entry.form.id.data or "") not in own | {""}:
                entry.form.name.errors = list(entry.form.name.errors) + [
                    _("The record does not exist or is not yours to process.")]
                ok = False
                continue
            if form.indicators.should_delete(entry):
                continue
            problem = aspect_problem(skp, entry.form.aspect.data)
            if problem:
                entry.form.aspect.errors = list(entry.form.aspect.errors) + [problem]
                ok = False
        return ok

    @staticmethod
    def _targets_valid(form, skp: Skp) -> bool:
        if "pk_targets" not in form:
            return True
        # (Flask-Admin's multiple select drops an id that is no choice without a word)
        posted = [v for v in request.form.getlist("pk_targets") if v]
        chosen = form.pk_targets.data
        problem = targets_problem(skp, form.kind.data, chosen) if chosen else None
        if len(posted) != len(chosen):
            problem = str(TARGETS_MESSAGE)
        if problem:
            form.pk_targets.errors = list(form.pk_targets.errors) + [problem]
        return problem is None

    def on_model_change(self, form, model, is_created):
        # The form checks all of this first; here it guards every other way in.
        if not may_edit_plan(model.skp):
            raise ValidationError(str(self.row_locked_message))
        problem = parent_problem(model.skp, model.parent)
        if problem:
            raise ValidationError(problem)
        for indicator in model.indicators:
            if indicator in db.session.deleted:   # (removed on the form, still listed)
                continue
            problem = aspect_problem(model.skp, indicator.aspect)
            if problem:
                raise ValidationError(problem)
        if "pk_targets" in form:
            wanted = list(form.pk_targets.data or [])
            problem = targets_problem(model.skp, model.kind, wanted) if wanted else None
            if problem:
                raise ValidationError(problem)
            link_targets(model, wanted)

    def on_model_delete(self, model):
        if rhks_in_use([model.id]):
            raise ValidationError(str(IN_USE_MESSAGE))

    def get_save_return_url(self, model, is_created=False):
        return url_for("appraisal_skp.details_view", id=model.skp_id)


# The SKP page ----------------------------------------------------------------------------

def plan_context(skp: Skp) -> dict:
    """What the SKP page shows of the plan, loaded in a handful of queries."""
    rhks = db.session.scalars(
        select(Rhk).where(Rhk.skp_id == skp.id)
        .options(selectinload(Rhk.indicators),
                 selectinload(Rhk.parent).selectinload(Rhk.skp).selectinload(Skp.employee))
        .order_by(Rhk.id)).all()
    expectations = {e.behaviour: e.text for e in db.session.scalars(
        select(Expectation).where(Expectation.skp_id == skp.id).order_by(Expectation.id))}
    evaluation_url = url_for("appraisal_evaluation.start_view", skp=skp.id) \
        if skp.status == APPROVED else None
    signature_form = None
    if has_role(HR_ADMIN) and not skp.cycle.locked \
            and signing.pending_step(ENTITY, skp) == SkpState.APPROVED:
        name, position = signers.outsider(skp, "appraiser")
        signature_form = SignatureForm(data={"id": skp.id, "name": name, "position": position,
                                             "signed_on": local_today()})
    return {
        "signature_form": signature_form,
        "outside_signatures": signing.signatures(ENTITY, skp.id),
        "rhk_groups": [(kind, label, [r for r in rhks if r.kind == kind])
                       for kind, label in RHK_KINDS.items()],
        "aspect_labels": MEASURES,
        "behaviours": [(code, name, guidelines, expectations.get(code, ""))
                       for code, (name, guidelines) in BEHAVIOURS.items()],
        "may_edit_plan": may_edit_plan(skp),
        "may_set_expectations": may_set_expectations(skp),
        "evaluation_url": evaluation_url,
    }


def save_expectations(skp: Skp, form) -> str | None:
    """Upsert the posted expectation texts (an empty one deletes); a behaviour the form does
    not carry is left alone. Returns an error message, or None when saved (not committed)."""
    texts = {code: (form.get(f"expectation-{code}") or "").strip()
             for code in BEHAVIOURS if f"expectation-{code}" in form}
    too_long = [BEHAVIOURS[code][0] for code, text in texts.items() if len(text) > 2000]
    if too_long:
        return _("An expectation has at most 2,000 characters (%(names)s).",
                 names=", ".join(too_long))
    existing = {e.behaviour: e for e in db.session.scalars(
        select(Expectation).where(Expectation.skp_id == skp.id))}
    for code, text in texts.items():
        row = existing.get(code)
        if text and row is None:
            db.session.add(Expectation(skp_id=skp.id, behaviour=code, text=text))
        elif text and row.text != text:
            row.text = text
        elif not text and row is not None:
            db.session.delete(row)
    return None


# The cascade -----------------------------------------------------------------------------

@dataclass
class Node:
    id: int
    text: str
    kind: str
    employee: str
    employee_id: int
    parent_id: int | None
    children: list = field(default_factory=list)


@dataclass
class TargetNode:
    """A target of the unit's PK and the head's RHK that support it."""

    target: Target
    children: list = field(default_factory=list)


def cascade(cycle: AppraisalCycle, unit: WorkUnit
            ) -> tuple[list[TargetNode], list[Node], list[Node]]:
    """The cascade of a unit tree, from its Perjanjian Kinerja down: the PK targets of the year
    with the unit head's RHK that support them and, recursively, the RHK that support those;
    the head's RHK that support no PK target; and the other RHK of the tree that support
    nothing shown (each with its own supporters). Three queries, built into trees here."""
    stmt = (select(Rhk.id, Rhk.text, Rhk.kind, Rhk.parent_id, Employee.name, Employee.id)
            .join(Skp, Skp.id == Rhk.skp_id).join(Employee, Employee.id == Skp.employee_id)
            .where(Skp.cycle_id == cycle.id, Skp.unit_id.in_(unit_tree(unit.id)))
            .order_by(Employee.name, Skp.id, Rhk.kind.desc(), Rhk.id))
    if not has_role(HR_ADMIN, AUDITOR):
        # The plans this user sees, and the RHK their own RHK support.
        me = current_employee_id()
        supported = select(Rhk.parent_id).join(Skp, Skp.id == Rhk.skp_id).where(
            Skp.employee_id == me, Rhk.parent_id.isnot(None))
        stmt = stmt.where(or_(Rhk.skp_id.in_(visible_skp_ids()), Rhk.id.in_(supported)))
    nodes = {rhk_id: Node(rhk_id, text, kind, name, employee_id, parent_id)
             for rhk_id, text, kind, parent_id, name, employee_id in db.session.execute(stmt)}
    tops = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id)
        if parent is not None:
            parent.children.append(node)
        else:
            tops.append(node)
    targets = [TargetNode(t) for t in agreement.unit_targets(unit.id, cycle.year)]
    by_target = {t.target.id: t for t in targets}
    linked = set()
    for rhk_id, target_id in db.session.execute(
            select(RhkTarget.rhk_id, RhkTarget.target_id)
            .where(RhkTarget.rhk_id.in_(list(nodes)))
            .order_by(RhkTarget.target_id, RhkTarget.rhk_id)) if nodes else []:
        node = nodes[rhk_id]
        if target_id in by_target and node.employee_id == unit.head_id:
            by_target[target_id].children.append(node)
            linked.add(rhk_id)
    head = [n for n in tops if n.employee_id == unit.head_id and n.id not in linked]
    loose = [n for n in tops if n.employee_id != unit.head_id]
    return targets, head, loose


class CascadePage(SecurePage):
    """"Cascade": from the unit's PK targets through the unit head's RHK to the staff RHK that
    support them, as a tree."""

    read_roles = STAFF_ROLES

    def __init__(self):
        super().__init__(name=_l("RHK cascade"), endpoint="appraisal_cascade",
                         url="/admin/appraisal_rhk/cascade")

    @expose("/")
    def index(self):
        cycles = db.session.scalars(select(AppraisalCycle)
                                    .order_by(AppraisalCycle.year.desc())).all()
        chosen = typed_key(AppraisalCycle, request.args.get("cycle"))
        cycle = next((c for c in cycles if c.id == chosen), cycles[0] if cycles else None)
        everyone = has_role(HR_ADMIN, AUDITOR)
        me = current_employee_id()
        own_unit = db.session.scalar(select(Employee.unit_id).where(Employee.id == me)) \
            if me is not None else None
        units = db.session.scalars(select(WorkUnit).where(WorkUnit.active.is_(True))
                                   .order_by(WorkUnit.name)).all() if everyone else []
        unit_id = (typed_key(WorkUnit, request.args.get("unit")) if everyone else None) \
            or own_unit
        unit = db.session.get(WorkUnit, unit_id) if unit_id else None
        if unit is None and everyone:
            unit = next((u for u in units if u.parent_id is None), units[0] if units else None)
        targets, roots, loose = cascade(cycle, unit) if cycle and unit else ([], [], [])
        head = db.session.get(Employee, unit.head_id) if unit and unit.head_id else None
        return self.render("appraisal/cascade.html", cycles=cycles, cycle=cycle, units=units,
                           unit=unit, head=head, targets=targets, roots=roots, loose=loose,
                           kinds=RHK_KINDS, target_label=target_label)


def views() -> list:
    return [RhkView(), CascadePage()]
