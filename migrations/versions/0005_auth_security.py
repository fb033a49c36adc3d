"""Flask-Security: the account's uniquifier (filled from the old session token, so every user
keeps one unique value), the latest login (`current_*`, filled from what `last_*` held), the
forced password change, two-factor and recovery codes.

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


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fs_uniquifier', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('current_login_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('current_login_ip', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('password_change_required', sa.Boolean(),
                                      nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('tf_primary_method', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('tf_totp_secret', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('tf_totp_counter', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('mf_recovery_codes', sa.JSON(), nullable=True))

    # Until now `last_login_*` was the latest login; Flask-Security calls that `current_*` and
    # keeps the one before in `last_*`.
    op.execute('UPDATE "user" SET fs_uniquifier = session_token, '
               'current_login_at = last_login_at, current_login_ip = last_login_ip')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('fs_uniquifier', existing_type=sa.String(length=64),
                              nullable=False)
        batch_op.alter_column('password_change_required', server_default=None,
                              existing_type=sa.Boolean(), existing_nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_user_fs_uniquifier'),
                                          ['fs_uniquifier'])
        batch_op.drop_constraint(batch_op.f('uq_user_session_token'), type_='unique')
        batch_op.drop_column('session_token')


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

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))

    op.execute('UPDATE "user" SET session_token = fs_uniquifier, '
               'last_login_at = COALESCE(current_login_at, last_login_at), '
               'last_login_ip = COALESCE(current_login_ip, last_login_ip)')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64),
                              nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_user_session_token'),
                                          ['session_token'])
        batch_op.drop_constraint(batch_op.f('uq_user_fs_uniquifier'), type_='unique')
        batch_op.drop_column('mf_recovery_codes')
        batch_op.drop_column('tf_totp_counter')
        batch_op.drop_column('tf_totp_secret')
        batch_op.drop_column('tf_primary_method')
        batch_op.drop_column('password_change_required')
        batch_op.drop_column('current_login_ip')
        batch_op.drop_column('current_login_at')
        batch_op.drop_column('fs_uniquifier')
