"""Appraisal plugin: a `version` counter against lost updates (app.core.versioning) on every
table edited through a form, such as two tabs rating one evaluation. Existing rows start at 1.

Only a column is added and dropped, natively (batch mode that never rebuilds a table), so no
appraisal row is lost on the way up or down.

Revision ID: appraisal_0004_version_columns
Revises: appraisal_0003_appraisal_chain
"""
import sqlalchemy as sa
from alembic import op

revision = "appraisal_0004_version_columns"
down_revision = "appraisal_0003_appraisal_chain"
branch_labels = None
depends_on = None

TABLES = ("appraisal_cycle", "appraisal_skp", "appraisal_rhk", "appraisal_indicator",
          "appraisal_expectation", "appraisal_evaluation", "appraisal_realisation",
          "appraisal_feedback", "appraisal_unit_predikat", "appraisal_coefficient",
          "appraisal_external_signature", "appraisal_objection", "appraisal_dialogue")


def upgrade():
    # (The server default fills the existing rows; the application always writes the version.)
    for table in TABLES:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                       server_default="1"))


def downgrade():
    # (The versions only guard edits in progress: dropping them loses no appraisal data.)
    for table in reversed(TABLES):
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.drop_column("version")
