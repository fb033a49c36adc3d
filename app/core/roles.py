"""The six roles of the portal (DESIGN section 7), their translated names, and acting as one
of them. A low layer: the secure base views (app.admin) and every module use it, and it imports
no feature (the role rows themselves are app.auth's: `app.auth.models.ensure_roles`)."""
from contextlib import contextmanager

from app.i18n import _l

HR_ADMIN = "hr_admin"
SUPERVISOR = "supervisor"
EMPLOYEE = "employee"
TRAINER = "trainer"
FORUM_COORDINATOR = "forum_coordinator"
AUDITOR = "auditor"

ROLES = {
    HR_ADMIN: _l("HR administrator (BKPSDM)"),
    SUPERVISOR: _l("Supervisor (atasan)"),
    EMPLOYEE: _l("Employee"),
    TRAINER: _l("Trainer"),
    FORUM_COORDINATOR: _l("Forum coordinator"),
    AUDITOR: _l("Auditor (read-only)"),
}


def role_labels() -> dict:
    """Every role of the current app, core's and those plugins declare: {name: label}."""
    from flask import has_app_context

    from app.core.registry import registry

    return registry().roles if has_app_context() else ROLES


# Acting as one role: combining roles never grants more on a view than the most one of those
# roles grants alone (DESIGN 7). A write request is served as the single role that grants it
# best (app.admin.base), so a restricted role cannot borrow another role's fields or rows.
def acting_roles() -> frozenset[str] | None:
    """The roles the current user acts with in this request, or None (all of theirs)."""
    from flask import g, has_app_context

    stack = g.get("_acting_roles") if has_app_context() else None
    return stack[-1] if stack else None


@contextmanager
def acting_as(*roles: str):
    """Within the block, `current_user` holds only `roles` (of the roles they have)."""
    from flask import g

    stack = g.setdefault("_acting_roles", [])
    stack.append(frozenset(roles))
    try:
        yield
    finally:
        stack.pop()


# Ties between roles granting as much go to the more privileged one.
PRIVILEGE = [HR_ADMIN, SUPERVISOR, EMPLOYEE, TRAINER, FORUM_COORDINATOR, AUDITOR]


def by_privilege(names) -> list[str]:
    """`names` from the most privileged role down (roles plugins declare after core's)."""
    rank = {name: i for i, name in enumerate(PRIVILEGE)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))
