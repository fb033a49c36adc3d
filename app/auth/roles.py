"""The six roles of the portal (DESIGN section 7) and their translated names."""
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


def ensure_roles() -> dict:
    """Create the missing role rows of every declared role; {name: Role}."""
    from sqlalchemy import select

    from app.auth.models import Role
    from app.extensions import db

    existing = {r.name: r for r in db.session.scalars(select(Role))}
    for name in role_labels():
        if name not in existing:
            existing[name] = Role(name=name)
            db.session.add(existing[name])
    return existing
