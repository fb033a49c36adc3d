"""Record versions against lost updates: a `version` counter (app.core.versioning) on every
table edited through a form. Existing rows start at 1.

Only a column is added and dropped, natively (batch mode that never rebuilds a table: SQLite
has ALTER TABLE ADD and DROP COLUMN), so nothing that points at these rows can be lost.

Revision ID: 0006_lostupd_version_columns
Revises: 0006_audit_keyed_chain
Create Date: 2026-12-01 19:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = "0006_lostupd_version_columns"
down_revision = "0006_audit_keyed_chain"
branch_labels = None
depends_on = None

TABLES = ("work_unit", "position", "employee", "period", "indicator", "capaian_band",
          "performance_agreement", "target", "realisation", "activity_report",
          "workflow_definition", "workflow_state", "workflow_transition", "custom_field")


def upgrade():
    # (The server default fills the existing rows; the application always writes the version.)
    for table in TABLES:
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                       server_default="1"))


def downgrade():
    # (The versions only guard edits in progress: dropping them loses no business data.)
    for table in reversed(TABLES):
        with op.batch_alter_table(table, recreate="never") as batch:
            batch.drop_column("version")
