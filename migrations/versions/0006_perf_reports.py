"""Daily report rules: holidays HR edits, a person's back-dating extension, and the per-state
"editable" flag of workflow definitions.

Revision ID: 0006_perf_reports
Revises: 0006_perf_capaian
Create Date: 2026-12-01 19:31:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_perf_reports'
down_revision = '0006_perf_capaian'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'holiday',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_holiday')),
        sa.UniqueConstraint('date', name=op.f('uq_holiday_date')),
    )
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('backdate_days', sa.Integer(), nullable=True))
    with op.batch_alter_table('workflow_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('editable', sa.Boolean(), nullable=True))


def downgrade():
    from app.core.downgrade import count_rows, refuse_losing

    conn = op.get_bind()
    refuse_losing(revision, {
        "holidays (holiday)": count_rows(conn, "holiday"),
        "per-person back-dating windows (employee.backdate_days)":
            count_rows(conn, "employee", "backdate_days IS NOT NULL"),
        "editable flags of workflow states (workflow_state.editable)":
            count_rows(conn, "workflow_state", "editable IS NOT NULL")})
    # Columns are dropped in place: rebuilding `employee` fails on SQLite while other tables
    # point at it.
    with op.batch_alter_table('workflow_state', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('editable')
    with op.batch_alter_table('employee', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('backdate_days')
    op.drop_table('holiday')
