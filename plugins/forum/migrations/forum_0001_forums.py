"""Forum plugin: venues, forums and their meetings, agenda, minutes, registrations,
attendance and follow-ups (its own branch, after the core schema).

Revision ID: forum_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "forum_0001"
down_revision = None
branch_labels = ("forum",)
depends_on = "0005_auth_security"


def _stamps():
    return [sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False)]


def upgrade():
    op.create_table(
        "forum_venue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_venue")),
        sa.UniqueConstraint("name", name=op.f("uq_forum_venue_name")),
    )
    op.create_table(
        "forum_forum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("venue_id", sa.Integer(), nullable=True),
        sa.Column("online_link", sa.String(length=500), nullable=False),
        sa.Column("start_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recurrence", sa.String(length=16), nullable=False),
        sa.Column("interval", sa.Integer(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("stakeholder_groups", sa.String(length=300), nullable=False),
        sa.Column("is_public", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cancel_reason", sa.String(length=2000), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("recurrence_id", sa.DateTime(timezone=True), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(["unit_id"], ["work_unit.id"],
                                name=op.f("fk_forum_forum_unit_id_work_unit")),
        sa.ForeignKeyConstraint(["venue_id"], ["forum_venue.id"],
                                name=op.f("fk_forum_forum_venue_id_forum_venue")),
        sa.ForeignKeyConstraint(["contact_id"], ["employee.id"],
                                name=op.f("fk_forum_forum_contact_id_employee")),
        sa.ForeignKeyConstraint(["parent_id"], ["forum_forum.id"], ondelete="CASCADE",
                                name=op.f("fk_forum_forum_parent_id_forum_forum")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forum_forum")),
    )
    for column in ("unit_id", "venue_id", "start_at", "status", "contact_id", "parent_id"):
        op.create_index(op.f(f"ix_forum_forum_{column}"), "forum_forum", [column])

    def child(name, *columns, unique=None):
        args = [sa.Column("id", sa.Integer(), nullable=False),
                sa.Column("forum_id", sa.Integer(), nullable=False), *columns,
                sa.ForeignKeyConstraint(["forum_id"], ["forum_forum.id"], ondelete="CASCADE",
                                        name=op.f(f"fk_{name}_forum_id_forum_forum")),
                sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}"))]
        if unique:
            args.append(sa.UniqueConstraint("forum_id", unique,
                                            name=op.f(f"uq_{name}_forum_id")))
        op.create_table(name, *args)
        op.create_index(op.f(f"ix_{name}_forum_id"), name, ["forum_id"])

    child("forum_agenda_item",
          sa.Column("position", sa.Integer(), nullable=False),
          sa.Column("title", sa.String(length=300), nullable=False),
          sa.Column("presenter", sa.String(length=150), nullable=False),
          sa.Column("duration_minutes", sa.Integer(), nullable=True))
    child("forum_minutes",
          sa.Column("revision", sa.Integer(), nullable=False),
          sa.Column("body", sa.Text(), nullable=False),
          sa.Column("author", sa.String(length=80), nullable=False),
          sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
          unique="revision")
    child("forum_registration",
          sa.Column("name", sa.String(length=120), nullable=False),
          sa.Column("email", sa.String(length=200), nullable=False),
          sa.Column("organisation", sa.String(length=150), nullable=False),
          sa.Column("stakeholder_group", sa.String(length=20), nullable=False),
          sa.Column("sex", sa.String(length=1), nullable=False),
          sa.Column("status", sa.String(length=12), nullable=False),
          sa.Column("token", sa.String(length=64), nullable=False),
          sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
          sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
          sa.UniqueConstraint("token", name=op.f("uq_forum_registration_token")))
    op.create_index(op.f("ix_forum_registration_status"), "forum_registration", ["status"])
    child("forum_attendance",
          sa.Column("stakeholder_group", sa.String(length=20), nullable=False),
          sa.Column("male", sa.Integer(), nullable=False),
          sa.Column("female", sa.Integer(), nullable=False),
          unique="stakeholder_group")
    child("forum_follow_up",
          sa.Column("title", sa.String(length=300), nullable=False),
          sa.Column("description", sa.Text(), nullable=False),
          sa.Column("owner_unit_id", sa.Integer(), nullable=False),
          sa.Column("responsible_id", sa.Integer(), nullable=False),
          sa.Column("due_date", sa.Date(), nullable=False),
          sa.Column("status", sa.String(length=20), nullable=False),
          sa.Column("evidence", sa.Text(), nullable=False),
          sa.Column("evidence_url", sa.String(length=500), nullable=False),
          sa.Column("reminded_on", sa.Date(), nullable=True),
          *_stamps(),
          sa.ForeignKeyConstraint(["owner_unit_id"], ["work_unit.id"],
                                  name=op.f("fk_forum_follow_up_owner_unit_id_work_unit")),
          sa.ForeignKeyConstraint(["responsible_id"], ["employee.id"],
                                  name=op.f("fk_forum_follow_up_responsible_id_employee")))
    for column in ("owner_unit_id", "responsible_id", "due_date", "status"):
        op.create_index(op.f(f"ix_forum_follow_up_{column}"), "forum_follow_up", [column])


def downgrade():
    for name in ("forum_follow_up", "forum_attendance", "forum_registration", "forum_minutes",
                 "forum_agenda_item", "forum_forum", "forum_venue"):
        op.drop_table(name)
