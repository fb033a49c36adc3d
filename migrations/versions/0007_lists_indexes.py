"""List pages near their floor: the configuration version every worker checks (custom fields,
workflow definitions and holidays are cached per process, app/core/configcache.py), and the
planner statistics a supervisor's status filter needs.

The index that filter needs, (status, employee_id, date), exists since 0002; SQLite did not use
it because it had no statistics and guessed that `status = ?` matches ten rows (0.5 s instead
of 0.5 ms at 200,000 reports; app/core/sqlite.py keeps them current from then on). So this
revision runs ANALYZE on the tables the lists read (PostgreSQL's autovacuum analyzes too, but
not necessarily before the first pages after an upgrade).

Revision ID: 0007_lists_indexes
Revises: 0007_dashboard_summaries
Create Date: 2026-12-01 23:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0007_lists_indexes'
down_revision = '0007_dashboard_summaries'
branch_labels = None
depends_on = None


# The tables the list pages read (ANALYZE: statistics for the query planner).
LIST_TABLES = ("activity_report", "employee", "audit_event")


def upgrade():
    table = op.create_table(
        'config_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_config_version')),
    )
    op.bulk_insert(table, [{"id": 1, "token": secrets.token_hex(16)}])
    for name in LIST_TABLES:
        op.execute(f'ANALYZE "{name}"')


def downgrade():
    # The token is derived state (any value works): nothing is lost.
    op.drop_table('config_version')
