"""The workflow engine: which transitions a user may apply to a record, applying them safely,
the transition log, the inbox and notifications.

An entity takes part through a `Binding` that its module returns from `Module.workflows()`
(its model, state and owner columns, its default definition and the states and transitions its
code relies on); its definition is data (`WorkflowDefinition` rows) that HR edits at run time,
checked by `app.workflow.definition`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask import current_app, has_request_context, url_for
from sqlalchemy import and_, func, select, union, update
from sqlalchemy.orm import selectinload

from app.admin.links import list_url
from app.audit.trail import record as audit
from app.core import configcache
from app.core.hooks import Task
from app.core.registry import registry
from app.core.signals import workflow_transitioned
from app.core.versioning import advanced, bumped
from app.extensions import db
from app.i18n import _, utcnow
from app.org.models import Employee, WorkUnit
from app.workflow.models import (
    ASSIGNED,
    Notification,
    TransitionLog,
    WorkflowDefinition,
    WorkflowTransition,
)



COMMENT_MAX = 2000  # characters of a transition's comment


class WorkflowError(ValueError):
    """A transition request that cannot be carried out; the message is for the user."""


@dataclass
class Binding:
    """How an entity takes part in workflows (returned from `Module.workflows()`)."""

    entity: str
    model: type
    endpoint: str                       # the admin view's endpoint (details and list links)
    state_attr: str = "status"          # the view needs a filter on it (for the inbox links)
    owner_attr: str = "employee_id"     # the employee who owns a record
    title: object = ""                  # what the records are called (a lazy string)
    describe: Callable = str            # a record's one-line description in messages
    # The default definition (seed data HR may change later): a dict as in a configuration
    # file, checked at start-up by app.workflow.definition.
    default: dict | None = field(default=None, repr=False)
    # The contract: what the entity's code relies on. HR may relabel these and add states and
    # transitions, but the editor and the import refuse to remove or rename them.
    initial_state: str | None = None    # the state the code creates records in
    required_states: tuple[str, ...] = ()
    required_transitions: tuple[tuple[str, str, str], ...] = ()   # (code, from, to)
    # Extra column values written with a transition: f(transition, user, comment) -> dict
    extra_values: Callable | None = None
    # f(record) -> True when the record is locked against any transition (a closed cycle)
    locked: Callable | None = field(default=None, repr=False)
    # Approvers named on the record itself (approver kinds "assigned" and "assigned_second"):
    # the attributes holding their employee ids, e.g. an SKP's appraiser and the appraiser's
    # superior, fixed when the plan was made rather than taken from today's supervisor.
    assigned_attr: str | None = None
    second_attr: str | None = None
    # f(record, transition) -> a message for the user when the record cannot take the
    # transition yet (e.g. ratings missing), else None; such transitions are not offered.
    check: Callable | None = field(default=None, repr=False)
    # f(transition) -> an SQL condition on the model that narrows the inbox's count of records
    # awaiting that transition the way `check` narrows the buttons (e.g. only records whose
    # deadline has passed), or None for no narrowing.
    pending: Callable | None = field(default=None, repr=False)

    def _assignee_attr(self, approver: str) -> str | None:
        return {"assigned": self.assigned_attr, "assigned_second": self.second_attr}.get(approver)

    def assignee(self, approver: str, record) -> int | None:
        """The employee id named on `record` for an "assigned" kind of approver."""
        attr = self._assignee_attr(approver)
        return getattr(record, attr) if attr else None

    def assignee_column(self, approver: str):
        """The model column of an "assigned" kind of approver, or None."""
        attr = self._assignee_attr(approver)
        return getattr(self.model, attr) if attr else None


def bindings() -> dict[str, Binding]:
    """The bound entities of the current app: {entity: Binding}."""
    return registry().workflows


def state_list_url(binding: Binding, state: str) -> str:
    """The admin list of the entity's records in `state`."""
    return list_url(binding.endpoint, **{binding.state_attr: state})


def definition(entity: str) -> WorkflowDefinition | None:
    """The entity's definition with its states and transitions: a read-only snapshot kept in
    the process until HR (or an import, or the seed) changes any definition, which replaces
    the configuration version every worker checks (app.core.configcache)."""
    return configcache.cached(f"workflow:{entity}", lambda: _load_definition(entity))


def _load_definition(entity: str):
    d = db.session.scalar(
        select(WorkflowDefinition).where(WorkflowDefinition.entity == entity)
        .options(selectinload(WorkflowDefinition.states),
                 selectinload(WorkflowDefinition.transitions)))
    if d is None:
        return None
    return configcache.Snapshot(d, {"states": [configcache.Snapshot(s) for s in d.states],
                                    "transitions": [configcache.Snapshot(t)
                                                    for t in d.transitions]})


def state_labels(entity: str) -> dict[str, str]:
    d = definition(entity)
    return {s.code: s.label for s in d.states} if d else {}


def _owner_of(binding: Binding, record) -> int | None:
    return getattr(record, binding.owner_attr)


def allowed(transition: WorkflowTransition, owner: Employee | None, user,
            binding: Binding | None = None, record=None) -> bool:
    """May `user` apply this transition to a record owned by `owner` (ignoring its state)?
    Approvers named on the record need its `binding` and the `record`."""
    if transition.role and not user.has_role(transition.role):
        return False
    me = user.employee_id
    owner_id = owner.id if owner else None
    approver = transition.approver
    if approver == "owner":
        return me is not None and me == owner_id
    if approver == "owner_supervisor":
        ok = me is not None and owner is not None and owner.supervisor_id == me
    elif approver == "unit_head":
        ok = me is not None and owner is not None and owner.unit is not None \
            and owner.unit.head_id == me
    elif approver == "role":
        ok = bool(transition.role)
    elif approver in ASSIGNED and binding is not None and record is not None:
        ok = me is not None and binding.assignee(approver, record) == me
    else:
        return False
    if ok and not transition.allow_self and me is not None and me == owner_id:
        return False  # nobody approves their own record unless the definition allows it
    return ok


def available(entity: str, record, user) -> list[WorkflowTransition]:
    """Transitions the user can apply to this record now: the buttons on its page."""
    binding, d = bindings()[entity], definition(entity)
    if d is None:
        return []
    if binding.locked and binding.locked(record):
        return []
    owner_id = _owner_of(binding, record)
    owner = db.session.get(Employee, owner_id) if owner_id else None
    state = getattr(record, binding.state_attr)
    return [t for t in d.transitions if t.from_state == state
            and allowed(t, owner, user, binding, record)
            and not (binding.check and binding.check(record, t))]


def _eligible(t: WorkflowTransition, user) -> bool:
    """Could this user apply the transition to any record at all?"""
    if t.role and not user.has_role(t.role):
        return False
    return t.approver == "role" or user.employee_id is not None


def transition_codes(entity: str, user) -> list[WorkflowTransition]:
    """Transitions this user could apply to some record, one per code (the bulk actions)."""
    d = definition(entity)
    result, codes = [], set()
    for t in d.transitions if d else []:
        if t.code not in codes and _eligible(t, user):
            codes.add(t.code)
            result.append(t)
    return result


def apply(entity: str, ids, code: str, user, comment: str | None = None) -> tuple[int, int]:
    """Apply transition `code` to the records `ids`; returns (applied, refused) and commits.

    Each record moves with one `UPDATE ... WHERE id = ? AND state = ?`: of two concurrent
    requests exactly one changes the row, the other is refused as "already moved".
    """
    binding, d = bindings()[entity], definition(entity)
    # One code may label arrows from several states; each record takes the one from its state.
    by_state = {t.from_state: t for t in d.transitions if t.code == code} if d else {}
    if not by_state:
        raise WorkflowError(_("This action does not exist (any more)."))
    comment = (comment or "").strip() or None
    if comment and len(comment) > COMMENT_MAX:
        raise WorkflowError(_("The comment is too long: at most %(max)s characters.",
                              max=COMMENT_MAX))
    if not comment and any(t.comment_required for t in by_state.values()):
        raise WorkflowError(_("A comment is required for \"%(action)s\".",
                              action=next(iter(by_state.values())).label))
    model = binding.model
    state_col = getattr(model, binding.state_attr)
    owner_col = getattr(model, binding.owner_attr)
    ids = [int(i) for i in ids]
    rows = db.session.execute(
        select(model, Employee).join(Employee, Employee.id == owner_col)
        .options(selectinload(Employee.unit))
        .where(model.id.in_(ids))).all()
    done = refused = 0
    now = utcnow()
    for record, owner in rows:
        transition = by_state.get(getattr(record, binding.state_attr))
        if transition is None or not allowed(transition, owner, user, binding, record) \
                or (binding.locked and binding.locked(record)):
            refused += 1
            continue
        problem = binding.check(record, transition) if binding.check else None
        if problem:
            if len(ids) == 1:
                raise WorkflowError(problem)
            refused += 1
            continue
        values = {binding.state_attr: transition.to_state}
        if hasattr(model, "updated_at"):
            values["updated_at"] = now
        if binding.extra_values:
            values.update(binding.extra_values(transition, user, comment))
        values.update(bumped(model))   # a transition is a change: an open edit form is stale
        result = db.session.execute(
            update(model).where(model.id == record.id, state_col == transition.from_state)
            .values(**values).execution_options(synchronize_session=False))
        if result.rowcount != 1:
            refused += 1
            continue
        advanced(record)
        db.session.add(TransitionLog(
            entity=entity, record_id=record.id, transition=transition.code,
            label=transition.label, from_state=transition.from_state,
            to_state=transition.to_state, user_id=user.id, username=user.username,
            comment=comment, at=now))
        audit("transition", entity, record.id, transition=transition.code,
              status=[transition.from_state, transition.to_state], comment=comment or "")
        workflow_transitioned.send(entity, record_id=record.id, transition=transition.code,
                                   from_state=transition.from_state,
                                   to_state=transition.to_state, user_id=user.id,
                                   comment=comment or "")
        _notify_next(binding, d, record, owner, transition, user)
        done += 1
    db.session.commit()
    db.session.expire_all()
    return done, refused + (len(ids) - len(rows))


def timeline(entity: str, record_id: int) -> list[TransitionLog]:
    return db.session.scalars(
        select(TransitionLog).where(TransitionLog.entity == entity,
                                    TransitionLog.record_id == record_id)
        .order_by(TransitionLog.at, TransitionLog.id)).all()


def _notify_next(binding, d, record, owner, transition, actor) -> None:
    """In-app notifications: whoever must act next, and the owner when someone else acted."""
    from app.auth.models import User

    targets: set[int] = set()
    for nxt in (t for t in d.transitions if t.from_state == transition.to_state):
        if nxt.approver == "owner":
            targets.add(owner.id)
        elif nxt.approver == "owner_supervisor" and owner.supervisor_id:
            targets.add(owner.supervisor_id)
        elif nxt.approver == "unit_head" and owner.unit and owner.unit.head_id:
            targets.add(owner.unit.head_id)
        elif nxt.approver in ASSIGNED:
            targets.add(binding.assignee(nxt.approver, record))
    if actor.employee_id != owner.id:
        targets.add(owner.id)
    targets -= {actor.employee_id, None}
    if not targets:
        return
    url = url_for(f"{binding.endpoint}.details_view", id=record.id) if has_request_context() \
        else None
    message = _("%(who)s: %(action)s – %(record)s", who=actor.username,
                action=transition.label, record=binding.describe(record))[:300]
    for user in db.session.scalars(select(User).where(User.employee_id.in_(targets),
                                                      User.active.is_(True))):
        db.session.add(Notification(user_id=user.id, message=message, url=url))
        _email(user, message, url)


def _email(user, message: str, url: str | None) -> None:
    """Queue an e-mail (sent by the job worker once the transition commits, so the
    transition never waits on SMTP)."""
    from app.jobs.mail import send_mail

    address = user.employee.email if user.employee else None
    send_mail(address, current_app.config["APP_NAME"], f"{message}\n{url or ''}")


def inbox(user) -> list[Task]:
    """What awaits this user: per entity and transition, the records they can move now (the
    workflow engine's inbox source). Transitions from one state act on the same records: they
    share a `group`, whose `group_count` counts each record once (a UNION of their queries)."""
    from app.workflow.badges import state_badge  # (badges reads definitions through here)

    items = []
    for entity, binding in bindings().items():
        d = definition(entity)
        if d is None:
            continue
        by_state: dict[str, list] = {}
        counted: dict[tuple, int] = {}
        for t in d.transitions:
            if t.approver == "owner" or not _eligible(t, user):
                continue  # one's own drafts are not "tasks"
            stmt = _actionable(binding, t, user)
            if stmt is None:
                continue
            # Transitions from one state with the same approver select the same records
            # (unless the binding narrows each one): count them once (verify and return).
            same = None if binding.pending else (t.from_state, t.approver, t.allow_self)
            if same in counted:
                count = counted[same]
            else:
                count = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
                if same is not None:
                    counted[same] = count
            if count:
                by_state.setdefault(t.from_state, []).append((t, stmt, count))
        for state, found in by_state.items():
            if len(found) == 1 or len({(t.approver, t.allow_self) for t, _s, _n in found}) == 1 \
                    and not binding.pending:
                group_count = found[0][2]
            else:
                group_count = db.session.scalar(select(func.count()).select_from(
                    union(*(s for _t, s, _n in found)).subquery()))
            url = state_list_url(binding, state) if has_request_context() else None
            label = state_badge(entity, state)
            items.extend(Task(key=f"{entity}:{t.code}", title=binding.title, action=t.label,
                              count=count, url=url, state=label, group=f"{entity}:{state}",
                              group_count=group_count)
                         for t, _stmt, count in found)
    return items


def _actionable(binding: Binding, t: WorkflowTransition, user):
    model = binding.model
    owner_col = getattr(model, binding.owner_attr)
    stmt = select(model.id).join(Employee, Employee.id == owner_col).where(
        getattr(model, binding.state_attr) == t.from_state)
    me = user.employee_id
    if t.approver == "owner_supervisor":
        stmt = stmt.where(Employee.supervisor_id == me)
    elif t.approver == "unit_head":
        stmt = stmt.join(WorkUnit, and_(WorkUnit.id == Employee.unit_id, WorkUnit.head_id == me))
    elif t.approver in ASSIGNED and binding.assignee_column(t.approver) is not None:
        stmt = stmt.where(binding.assignee_column(t.approver) == me)
    elif t.approver != "role":
        return None
    condition = binding.pending(t) if binding.pending else None
    if condition is not None:
        stmt = stmt.where(condition)
    if not t.allow_self and me is not None:
        stmt = stmt.where(owner_col != me)
    return stmt


def seed_defaults() -> int:
    """Create the default definitions of the bound entities that have none yet (HR's edits
    win), and the roles modules declare; returns the number of definitions created."""
    from app.auth.models import ensure_roles
    from app.workflow.definition import build, validate

    ensure_roles()
    existing = set(db.session.scalars(select(WorkflowDefinition.entity)))
    created = 0
    for entity, binding in bindings().items():
        if binding.default is None or entity in existing:
            continue
        spec, errors = validate(binding.default, registry())
        if errors:  # (checked at start-up already: only a changed registry gets here)
            raise WorkflowError("; ".join(errors))
        db.session.add(build(spec))
        created += 1
    db.session.commit()
    return created
