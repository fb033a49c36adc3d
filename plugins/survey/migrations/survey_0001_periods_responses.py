"""Survey plugin: periods per service unit and responses (its own branch, after the core schema).

Revision ID: survey_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "survey_0001"
down_revision = None
branch_labels = ("survey",)
depends_on = "0005_auth_security"


def upgrade():
    op.create_table(
        "survey_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("population", sa.Integer(), nullable=False),
        sa.Column("services", sa.Text(), nullable=True),
        sa.Column("counters", sa.Text(), nullable=True),
        sa.Column("review_required", sa.Boolean(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("population >= 1", name=op.f("ck_survey_period_population_positive")),
        sa.ForeignKeyConstraint(["unit_id"], ["work_unit.id"],
                                name=op.f("fk_survey_period_unit_id_work_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_period")),
    )
    op.create_index(op.f("ix_survey_period_unit_id"), "survey_period", ["unit_id"])
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        *(sa.Column(f"u{n}", sa.SmallInteger(), nullable=False) for n in range(1, 10)),
        sa.Column("age_band", sa.String(length=10), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("education", sa.String(length=10), nullable=False),
        sa.Column("occupation", sa.String(length=20), nullable=False),
        sa.Column("service", sa.String(length=200), nullable=True),
        sa.Column("counter", sa.String(length=100), nullable=True),
        sa.Column("suggestion", sa.Text(), nullable=True),
        sa.Column("suggestion_published", sa.Boolean(), nullable=False),
        *(sa.CheckConstraint(f"u{n} BETWEEN 1 AND 4", name=op.f(f"ck_survey_response_u{n}_range"))
          for n in range(1, 10)),
        sa.ForeignKeyConstraint(["period_id"], ["survey_period.id"], ondelete="CASCADE",
                                name=op.f("fk_survey_response_period_id_survey_period")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
    )
    op.create_index(op.f("ix_survey_response_period_id"), "survey_response", ["period_id"])
    op.create_index(op.f("ix_survey_response_status"), "survey_response", ["status"])


def downgrade():
    op.drop_index(op.f("ix_survey_response_status"), table_name="survey_response")
    op.drop_index(op.f("ix_survey_response_period_id"), table_name="survey_response")
    op.drop_table("survey_response")
    op.drop_index(op.f("ix_survey_period_unit_id"), table_name="survey_period")
    op.drop_table("survey_period")
