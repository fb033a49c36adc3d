"""Training plugin: JP rules, programmes, sessions, roster, attendance, feedback, outside JP and
suggestions (its own branch, after the core schema).

Revision ID: training_0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "training_0001"
down_revision = None
branch_labels = ("training",)
depends_on = "0005_auth_security"

TIMESTAMPS = ("created_at", "updated_at")


def _stamps():
    return [sa.Column(name, sa.DateTime(timezone=True), nullable=False) for name in TIMESTAMPS]


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade():
    op.create_table(
        "training_jp_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("basis", sa.String(length=10), nullable=False),
        sa.Column("jp", sa.Numeric(6, 2), nullable=True),
        sa.Column("max_jp_per_day", sa.Numeric(6, 2), nullable=True),
        sa.Column("max_sessions_per_month", sa.Integer(), nullable=True),
        *_stamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_jp_rule")),
        sa.UniqueConstraint("code", name=op.f("uq_training_jp_rule_code")),
    )
    _default_rules()
    op.create_table(
        "training_programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("route", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("competency", sa.String(length=20), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("jp_rule_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        *_stamps(),
        _fk("training_programme", "jp_rule_id", "training_jp_rule"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_programme")),
    )
    op.create_index(op.f("ix_training_programme_name"), "training_programme", ["name"])
    op.create_index(op.f("ix_training_programme_jp_rule_id"), "training_programme",
                    ["jp_rule_id"])
    op.create_table(
        "training_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("venue", sa.String(length=200), nullable=True),
        sa.Column("online_link", sa.String(length=500), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Numeric(16, 2), nullable=True),
        sa.Column("funding", sa.String(length=10), nullable=True),
        sa.Column("scored", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=14), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        *_stamps(),
        _fk("training_session", "programme_id", "training_programme"),
        _fk("training_session", "trainer_id", "employee"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
    )
    op.create_index(op.f("ix_training_session_programme_id"), "training_session",
                    ["programme_id"])
    op.create_index(op.f("ix_training_session_ends_at"), "training_session", ["ends_at"])
    op.create_index(op.f("ix_training_session_status"), "training_session", ["status"])
    op.create_index("ix_training_session_trainer_status", "training_session",
                    ["trainer_id", "status"])
    op.create_table(
        "training_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("mandatory", sa.Boolean(), nullable=False),
        sa.Column("result", sa.String(length=12), nullable=True),
        sa.Column("score", sa.Numeric(5, 2), nullable=True),
        sa.Column("jp", sa.Numeric(6, 2), nullable=False),
        sa.Column("certificate_number", sa.String(length=100), nullable=True),
        sa.Column("certificate_issued", sa.Date(), nullable=True),
        sa.Column("certificate_expires", sa.Date(), nullable=True),
        sa.Column("certificate_file", sa.String(length=100), nullable=True),
        sa.Column("certificate_token", sa.String(length=40), nullable=True),
        *_stamps(),
        _fk("training_participant", "session_id", "training_session"),
        _fk("training_participant", "employee_id", "employee"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_participant")),
        sa.UniqueConstraint("session_id", "employee_id",
                            name=op.f("uq_training_participant_session_id")),
        sa.UniqueConstraint("certificate_token",
                            name=op.f("uq_training_participant_certificate_token")),
    )
    op.create_index("ix_training_participant_employee", "training_participant",
                    ["employee_id", "session_id"])
    op.create_table(
        "training_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        _fk("training_attendance", "participant_id", "training_participant"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_attendance")),
        sa.UniqueConstraint("participant_id", "day",
                            name=op.f("uq_training_attendance_participant_id")),
    )
    op.create_table(
        "training_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.Integer(), nullable=False),
        sa.Column("trainer", sa.Integer(), nullable=False),
        sa.Column("relevance", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        *_stamps(),
        _fk("training_feedback", "session_id", "training_session"),
        _fk("training_feedback", "employee_id", "employee"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_feedback")),
        sa.UniqueConstraint("session_id", "employee_id",
                            name=op.f("uq_training_feedback_session_id")),
    )
    op.create_index(op.f("ix_training_feedback_session_id"), "training_feedback",
                    ["session_id"])
    op.create_table(
        "training_external",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("jp", sa.Numeric(6, 2), nullable=False),
        sa.Column("evidence_file", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        *_stamps(),
        _fk("training_external", "employee_id", "employee"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_external")),
    )
    op.create_index(op.f("ix_training_external_employee_id"), "training_external",
                    ["employee_id"])
    op.create_index(op.f("ix_training_external_ends_on"), "training_external", ["ends_on"])
    op.create_index(op.f("ix_training_external_status"), "training_external", ["status"])
    op.create_table(
        "training_suggestion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("competency", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        *_stamps(),
        _fk("training_suggestion", "employee_id", "employee"),
        _fk("training_suggestion", "session_id", "training_session"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_suggestion")),
        sa.UniqueConstraint("employee_id", "year", "period", "competency",
                            name=op.f("uq_training_suggestion_employee_id")),
    )
    op.create_index(op.f("ix_training_suggestion_employee_id"), "training_suggestion",
                    ["employee_id"])
    op.create_index(op.f("ix_training_suggestion_status"), "training_suggestion", ["status"])


# The JP rules of DOMAIN 5 as they stood when this revision was written (HR edits them later;
# plugins.training.rules.DEFAULT_RULES may move on, a migration must not).
DEFAULT_RULES = [
    ("jam_pelajaran", "Pelatihan dan kursus: jam sebenarnya", "jam", None, None, None),
    ("seminar", "Seminar, konferensi, sosialisasi: 4 JP per hari", "per_hari", 4, None, None),
    ("workshop", "Lokakarya (workshop): 5 JP per hari", "per_hari", 5, None, None),
    ("coaching", "Coaching dan mentoring: 2 JP per sesi, paling banyak 2 sesi sebulan",
     "per_sesi", 2, None, 2),
    ("elearning", "E-learning: jam sebenarnya, paling banyak 3 JP per hari", "jam", None, 3,
     None),
    ("penugasan", "Detasering, pertukaran pegawai, magang: 20 JP per kegiatan", "tetap", 20,
     None, None),
    ("patok_banding", "Patok banding: 10 JP per kegiatan", "tetap", 10, None, None),
    ("belajar_mandiri", "Belajar mandiri, komunitas belajar: jam sebenarnya, paling banyak "
     "2 JP per hari", "jam", None, 2, None),
    ("tugas_belajar", "Tugas/izin belajar: 20 JP per semester", "tetap", 20, None, None),
]


def _default_rules():
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    table = sa.table("training_jp_rule", sa.column("code", sa.String),
                     sa.column("name", sa.String), sa.column("basis", sa.String),
                     sa.column("jp", sa.Numeric), sa.column("max_jp_per_day", sa.Numeric),
                     sa.column("max_sessions_per_month", sa.Integer),
                     sa.column("created_at", sa.DateTime(timezone=True)),
                     sa.column("updated_at", sa.DateTime(timezone=True)))
    op.bulk_insert(table, [
        {"code": c, "name": n, "basis": b, "jp": jp, "max_jp_per_day": day,
         "max_sessions_per_month": month, "created_at": now, "updated_at": now}
        for c, n, b, jp, day, month in DEFAULT_RULES])


def downgrade():
    for table in ("training_suggestion", "training_external", "training_feedback",
                  "training_attendance", "training_participant", "training_session",
                  "training_programme", "training_jp_rule"):
        op.drop_table(table)
