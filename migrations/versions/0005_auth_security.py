"""Flask-Security: the latest login (`current_*`, filled from what `last_*` held until now), the
forced password change, two-factor and recovery codes.

The account's uniquifier (`fs_uniquifier`) is the existing `session_token` column, already
unique and filled for every user: the model maps it, so no column is renamed. Only columns are
added and dropped (natively, also on SQLite): no table is rebuilt, so nothing that points at a
user (roles, notifications) can be lost on the way.

Revision ID: 0005_auth_security
Revises: 0004
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0005_auth_security'
down_revision = '0004'
branch_labels = None
depends_on = None

def _added() -> list[sa.Column]:
    return [
        sa.Column('current_login_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('current_login_ip', sa.String(length=64), nullable=True),
        sa.Column('password_change_required', sa.Boolean(), nullable=False,
                  server_default=sa.false()),
        sa.Column('tf_primary_method', sa.String(length=64), nullable=True),
        sa.Column('tf_totp_secret', sa.String(length=255), nullable=True),
        sa.Column('tf_totp_counter', sa.Integer(), nullable=True),
        sa.Column('mf_recovery_codes', sa.JSON(), nullable=True),
    ]


def upgrade():
    for column in _added():
        op.add_column('user', column)
    # Until now `last_login_*` was the latest login; Flask-Security calls that `current_*` and
    # keeps the one before it in `last_*`.
    op.execute('UPDATE "user" SET current_login_at = last_login_at, '
               'current_login_ip = last_login_ip')


def downgrade():
    # The schema before this revision has no place for these: refuse rather than drop them.
    kept = op.get_bind().execute(sa.text(
        'SELECT COUNT(*) FROM "user" WHERE tf_primary_method IS NOT NULL '
        'OR mf_recovery_codes IS NOT NULL OR password_change_required')).scalar()
    if kept:
        raise RuntimeError(
            f"Downgrade refused: {kept} account(s) have two-step verification, recovery codes "
            "or a pending password change, which the older schema cannot keep. Reset them in "
            "the user admin first.")
    op.execute('UPDATE "user" SET last_login_at = COALESCE(current_login_at, last_login_at), '
               'last_login_ip = COALESCE(current_login_ip, last_login_ip)')
    for column in reversed(_added()):
        op.execute(f'ALTER TABLE "user" DROP COLUMN {column.name}')
