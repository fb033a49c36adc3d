"""The example plugin's own Alembic branch: its two tables, after the core schema.

Revision ID: example_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "example_0001"
down_revision = None
branch_labels = ("example",)
depends_on = "0004"


def upgrade():
    op.create_table(
        "example_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_category")),
        sa.UniqueConstraint("code", name=op.f("uq_example_category_code")),
    )
    op.create_table(
        "example_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"],
                                name=op.f("fk_example_request_employee_id_employee")),
        sa.ForeignKeyConstraint(["category_id"], ["example_category.id"],
                                name=op.f("fk_example_request_category_id_example_category")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_example_request")),
    )
    op.create_index(op.f("ix_example_request_employee_id"), "example_request", ["employee_id"])
    op.create_index(op.f("ix_example_request_status"), "example_request", ["status"])


def downgrade():
    op.drop_index(op.f("ix_example_request_status"), table_name="example_request")
    op.drop_index(op.f("ix_example_request_employee_id"), table_name="example_request")
    op.drop_table("example_request")
    op.drop_table("example_category")
