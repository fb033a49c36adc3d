"""Daily reports written offline: the id the device gave each report, stored once.

Revision ID: 0007_offline_client_id
Revises: 0006_perf_reports
Create Date: 2026-12-01 22:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_offline_client_id'
down_revision = '0006_perf_reports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('activity_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offline_client_id', sa.String(length=36), nullable=True))
        # A unique index (not a constraint): SQLite drops it and the column in place.
        batch_op.create_index(batch_op.f('ix_activity_report_offline_client_id'),
                              ['offline_client_id'], unique=True)


def downgrade():
    from app.core.downgrade import count_rows, refuse_losing

    conn = op.get_bind()
    # Without the ids a report sent again by a phone (a lost answer) would be stored twice.
    refuse_losing(revision, {
        "device ids of reports written offline (activity_report.offline_client_id)":
            count_rows(conn, "activity_report", "offline_client_id IS NOT NULL")})
    # Dropped in place: rebuilding `activity_report` fails on SQLite while other tables point
    # at it.
    with op.batch_alter_table('activity_report', schema=None, recreate="never") as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_report_offline_client_id'))
        batch_op.drop_column('offline_client_id')
