"""Period targets and the annual aggregation rule per indicator (DOMAIN 2); the original name
of evidence files.

Revision ID: 0006_perf_capaian
Revises: 0006_lostupd_version_columns
Create Date: 2026-12-01 19:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_perf_capaian'
down_revision = "0006_lostupd_version_columns"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'target_period',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('period_no', sa.Integer(), nullable=False),
        sa.Column('value', sa.Numeric(precision=16, scale=4), nullable=True),
        sa.Column('low', sa.Numeric(precision=16, scale=4), nullable=True),
        sa.Column('high', sa.Numeric(precision=16, scale=4), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['target_id'], ['target.id'], ondelete='CASCADE',
                                name=op.f('fk_target_period_target_id_target')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_target_period')),
        sa.UniqueConstraint('target_id', 'period_no',
                            name=op.f('uq_target_period_target_id')),
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('aggregation', sa.String(length=10), nullable=True))
    with op.batch_alter_table('realisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_name', sa.String(length=200), nullable=True))
    with op.batch_alter_table('activity_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_name', sa.String(length=200), nullable=True))


def downgrade():
    from app.core.downgrade import count_rows, refuse_losing

    conn = op.get_bind()
    refuse_losing(revision, {
        "period targets (target_period)": count_rows(conn, "target_period"),
        "aggregation rules of indicators (indicator.aggregation)":
            count_rows(conn, "indicator", "aggregation IS NOT NULL"),
        "original names of evidence files (evidence_name)":
            count_rows(conn, "realisation", "evidence_name IS NOT NULL")
            + count_rows(conn, "activity_report", "evidence_name IS NOT NULL")})
    with op.batch_alter_table('activity_report', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('evidence_name')
    with op.batch_alter_table('realisation', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('evidence_name')
    with op.batch_alter_table('indicator', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('aggregation')
    op.drop_table('target_period')
