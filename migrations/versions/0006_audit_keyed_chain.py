"""Audit you can trust: the chain re-keyed to HMAC-SHA256 with AUDIT_KEY, a table of signed
checkpoints of its head, and triggers that refuse UPDATE and DELETE on both audit tables.

Upgrading re-keys the existing (plain SHA-256) chain after checking it, and refuses a chain that
does not verify rather than launder it. Downgrading un-keys the chain (it round-trips) and drops
the checkpoints: refused while there are any, unless forced (app/core/downgrade.py).

Revision ID: 0006_audit_keyed_chain
Revises: 0006_final_position_history
Create Date: 2026-12-01 19:30:00

"""
from alembic import op
import sqlalchemy as sa

from app.audit import triggers
from app.audit.key import audit_key
from app.audit.rekey import rekey
from app.core.downgrade import count_rows, refuse_losing

revision = '0006_audit_keyed_chain'
down_revision = "0006_final_position_history"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.Column('last_event_id', sa.Integer(), nullable=True),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoint'))
    )
    with op.batch_alter_table('audit_checkpoint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_checkpoint_at'), ['at'], unique=False)
    conn = op.get_bind()
    rekey(conn, None, audit_key())
    triggers.install(conn)


def downgrade():
    conn = op.get_bind()
    refuse_losing(revision, {"signed audit checkpoints": count_rows(conn, 'audit_checkpoint')})
    triggers.remove(conn)
    rekey(conn, audit_key(), None, with_checkpoints=False)
    with op.batch_alter_table('audit_checkpoint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_checkpoint_at'))
    op.drop_table('audit_checkpoint')
