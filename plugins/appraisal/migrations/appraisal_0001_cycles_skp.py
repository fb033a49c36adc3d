"""Appraisal plugin: cycles and SKP (its own branch, after the core schema).

Revision ID: appraisal_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "appraisal_0001"
down_revision = None
branch_labels = ("appraisal",)
depends_on = "0004"


def upgrade():
    op.create_table(
        "appraisal_cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("periodicity", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("acknowledgement_deadline", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_cycle")),
        sa.UniqueConstraint("year", name=op.f("uq_appraisal_cycle_year")),
    )
    op.create_table(
        "appraisal_skp",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("appraiser_id", sa.Integer(), nullable=True),
        sa.Column("superior_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["appraiser_id"], ["employee.id"],
                                name=op.f("fk_appraisal_skp_appraiser_id_employee")),
        sa.ForeignKeyConstraint(["cycle_id"], ["appraisal_cycle.id"],
                                name=op.f("fk_appraisal_skp_cycle_id_appraisal_cycle")),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"],
                                name=op.f("fk_appraisal_skp_employee_id_employee")),
        sa.ForeignKeyConstraint(["superior_id"], ["employee.id"],
                                name=op.f("fk_appraisal_skp_superior_id_employee")),
        sa.ForeignKeyConstraint(["unit_id"], ["work_unit.id"],
                                name=op.f("fk_appraisal_skp_unit_id_work_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_skp")),
        sa.UniqueConstraint("cycle_id", "employee_id", name=op.f("uq_appraisal_skp_cycle_id")),
    )
    op.create_index("ix_appraisal_skp_appraiser_status", "appraisal_skp",
                    ["appraiser_id", "status"])
    op.create_index(op.f("ix_appraisal_skp_employee_id"), "appraisal_skp", ["employee_id"])
    op.create_index(op.f("ix_appraisal_skp_superior_id"), "appraisal_skp", ["superior_id"])
    op.create_index(op.f("ix_appraisal_skp_unit_id"), "appraisal_skp", ["unit_id"])


def downgrade():
    from app.core.downgrade import refuse_losing, rows_in

    refuse_losing(revision, rows_in(op.get_bind(), ["appraisal_skp", "appraisal_cycle"]))
    op.drop_table("appraisal_skp")
    op.drop_table("appraisal_cycle")
