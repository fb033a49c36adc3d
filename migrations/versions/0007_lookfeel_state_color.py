"""The badge colour of each workflow state (HR picks it from a small palette; empty: the
default that app.workflow.badges derives from the diagram).

Revision ID: 0007_lookfeel_state_color
Revises: 0007_lists_indexes
Create Date: 2026-12-01 22:50:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_lookfeel_state_color'
down_revision = '0007_lists_indexes'
branch_labels = None
depends_on = None


def upgrade():
    # Existing rows keep NULL: their badges take the default colours, as before HR picks any.
    with op.batch_alter_table('workflow_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('color', sa.String(length=20), nullable=True))


def downgrade():
    from app.core.downgrade import count_rows, refuse_losing

    conn = op.get_bind()
    refuse_losing(revision, {
        "badge colours of workflow states (workflow_state.color)":
            count_rows(conn, "workflow_state", "color IS NOT NULL")})
    with op.batch_alter_table('workflow_state', schema=None, recreate="never") as batch_op:
        batch_op.drop_column('color')
