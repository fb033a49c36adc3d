"""Core module: the audit trail's back-office view and the `flask audit` commands (verify,
checkpoint, rekey)."""
import sys

import click
from flask.cli import with_appcontext

from app.core.hooks import ScheduledJob
from app.core.registry import Module


@click.group("audit")
def audit_cli():
    """Audit trail tools."""


@audit_cli.command("verify")
@with_appcontext
def verify_command():
    """Check the keyed hash chain against every signed checkpoint, then sign a checkpoint of
    the head; exit 1 and name the first broken event (or the checkpoint) if not intact."""
    from app.audit.verification import run_verification

    verdict = run_verification()
    if verdict.ok:
        click.echo(f"OK: {verdict.checked} audit events, chain intact; checkpoint signed.")
        return
    click.echo(f"BROKEN: {english(verdict)}", err=True)
    sys.exit(1)


def english(verdict) -> str:
    ev, cp = verdict.broken, verdict.checkpoint
    event = f"audit event #{ev.id} ({ev.at}, {ev.action} {ev.entity} {ev.entity_id})" if ev \
        else ""
    checkpoint = f"checkpoint #{cp.id} of {cp.at} ({cp.event_count} events)" if cp else ""
    what = {
        "prev": f"{event} does not follow the previous event (a row was deleted or reordered)",
        "hash": f"{event} was modified after it was written, or the chain was recomputed "
                "without the audit key",
        "diverged": f"{event} is not the event signed by {checkpoint}",
        "truncated": f"the chain ends after {verdict.checked} events but {checkpoint} counted "
                     "more: the newest events were deleted",
        "forged": f"{checkpoint} carries a signature that does not hold (forged or altered)",
    }[verdict.reason]
    return f"{what}. {verdict.checked} events before it are intact."


@audit_cli.command("checkpoint")
@with_appcontext
def checkpoint_command():
    """Sign a checkpoint of the chain's head (table and log); the job worker also does it
    daily."""
    sign_checkpoint("command")
    click.echo("Checkpoint signed.")


def sign_checkpoint(reason: str) -> None:
    from app.audit.checkpoint import lock_chain, write_checkpoint
    from app.extensions import db

    lock_chain(db.session)
    write_checkpoint(db.session, reason)
    db.session.commit()


@audit_cli.command("rekey")
@click.option("--old-key", envvar="KINERJA_AUDIT_OLD_KEY", default=None,
              help="The previous AUDIT_KEY (better: the KINERJA_AUDIT_OLD_KEY variable).")
@click.option("--from-unkeyed", is_flag=True,
              help="The chain was written before the key (plain SHA-256).")
@with_appcontext
def rekey_command(old_key, from_unkeyed):
    """Re-key the chain to the current AUDIT_KEY after checking it under the old one."""
    from app.audit.checkpoint import lock_chain
    from app.audit.key import audit_key
    from app.audit.rekey import RekeyRefused, rekey
    from app.extensions import db

    if not from_unkeyed and not old_key:
        raise click.UsageError("Give the old key (KINERJA_AUDIT_OLD_KEY) or --from-unkeyed.")
    lock_chain(db.session)
    try:
        count = rekey(db.session.connection(), None if from_unkeyed else old_key.encode(),
                      audit_key())
    except RekeyRefused as refused:
        db.session.rollback()
        click.echo(str(refused), err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"Re-keyed {count} audit events to the current AUDIT_KEY.")


class AuditModule(Module):
    name = "audit"

    def admin_views(self):
        from app.audit.admin import AuditView

        return [AuditView()]

    def cli(self):
        return [audit_cli]

    def scheduled_jobs(self):
        # Daily, even on a day without audited writes (which sign one when due).
        return [ScheduledJob("audit_checkpoint", lambda: sign_checkpoint("daily"), hour="15",
                             minute="0")]  # 00:00 WIT


module = AuditModule()
