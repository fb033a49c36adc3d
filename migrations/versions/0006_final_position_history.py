"""Positions held, with their dates (`position_history`): a signed evaluation of last year
names last year's position.

Every employee with a position gets one open row with no start date (held since before the
history was kept); from now on each change closes it and opens a new one (app/org/history.py).
Downgrade drops the history: it refuses while dated changes exist, naming them, unless forced
(`flask db downgrade -x force=1`, app/core/downgrade.py).

Revision ID: 0006_final_position_history
Revises: 0005_auth_security
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_final_position_history"
down_revision = "0005_auth_security"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "position_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("level", sa.String(length=20), nullable=True),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"],
                                name=op.f("fk_position_history_employee_id_employee"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["position_id"], ["position.id"],
                                name=op.f("fk_position_history_position_id_position"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position_history")),
    )
    with op.batch_alter_table("position_history") as batch_op:
        batch_op.create_index("ix_position_history_employee_since", ["employee_id", "since"],
                              unique=False)
    op.execute(
        "INSERT INTO position_history (employee_id, position_id, name, kind, level) "
        "SELECT employee.id, position.id, position.name, position.kind, position.level "
        "FROM employee JOIN position ON position.id = employee.position_id")


def downgrade():
    from app.core.downgrade import count_rows, refuse_losing

    refuse_losing(revision, {"dated position changes (position_history)": count_rows(
        op.get_bind(), "position_history", "since IS NOT NULL")})
    with op.batch_alter_table("position_history") as batch_op:
        batch_op.drop_index("ix_position_history_employee_since")
    op.drop_table("position_history")
