"""List pages near their floor: the configuration version every worker checks (custom fields
and workflow definitions are cached per process, app/core/configcache.py) and the index a
supervisor's status filter needs.

Revision ID: 0007_lists_indexes
Revises: 0006_perf_reports
Create Date: 2026-12-01 23:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0007_lists_indexes'
down_revision = '0006_perf_reports'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'config_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_config_version')),
    )
    op.bulk_insert(table, [{"id": 1, "token": secrets.token_hex(16)}])


def downgrade():
    # The token is derived state (any value works): nothing is lost.
    op.drop_table('config_version')
