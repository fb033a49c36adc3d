"""The sample plugin's own Alembic branch: one table, after the core schema.

Revision ID: sample_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "sample_0001"
down_revision = None
branch_labels = ("sample",)
depends_on = "0001"


def upgrade():
    op.create_table("sample_note", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("text", sa.String(200), nullable=False))


def downgrade():
    op.drop_table("sample_note")
