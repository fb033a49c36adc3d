"""Background jobs: the job table (exports, e-mails and other work done by `flask jobs worker`).

Revision ID: 0007_jobs_table
Revises: 0007_offline_client_id
Create Date: 2026-12-01 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_jobs_table'
down_revision = '0007_offline_client_id'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('progress', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('result_path', sa.String(length=300), nullable=True),
        sa.Column('result_name', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_job_user_id_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    )
    op.create_index('ix_job_state_created', 'job', ['state', 'created_at'], unique=False)
    op.create_index(op.f('ix_job_user_id'), 'job', ['user_id'], unique=False)


def downgrade():
    from app.core.downgrade import count_rows, refuse_losing

    conn = op.get_bind()
    # Queued e-mails and unfinished exports would be lost with the table.
    refuse_losing(revision, {
        "unfinished background jobs (job)": count_rows(conn, "job", "state IN ('queued', 'running')")})
    op.drop_index(op.f('ix_job_user_id'), table_name='job')
    op.drop_index('ix_job_state_created', table_name='job')
    op.drop_table('job')
