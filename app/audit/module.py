"""Core module: the audit trail's back-office view and `flask audit verify`."""
import sys

import click
from flask.cli import with_appcontext

from app.core.registry import Module


@click.group("audit")
def audit_cli():
    """Audit trail tools."""


@audit_cli.command("verify")
@with_appcontext
def verify_command():
    """Check the hash chain; exit 1 and name the first broken event if a row was altered."""
    from app.audit.trail import verify
    from app.extensions import db

    checked, broken, reason = verify(db.session)
    if broken is None:
        click.echo(f"OK: {checked} audit events, chain intact.")
        return
    what = "does not follow the previous event (a row was deleted or reordered)" \
        if reason == "prev" else "was modified after it was written"
    click.echo(f"BROKEN: audit event #{broken.id} ({broken.at}, {broken.action} "
               f"{broken.entity} {broken.entity_id}) {what}. {checked} events before it are intact.",
               err=True)
    sys.exit(1)


class AuditModule(Module):
    name = "audit"

    def admin_views(self):
        from app.audit.admin import AuditView

        return [AuditView()]

    def cli(self):
        return [audit_cli]


module = AuditModule()
