"""Appraisal plugin: final means final.

- new table appraisal_evaluation_snapshot: the frozen versions of signed evaluations, with the
  PDF of final ones and its SHA-256;
- the evaluation workflow gets HR's `reopen` transition (Final -> Draft, with a reason) where
  it is already seeded (HR's own edits stay);
- existing evaluations that were already signed (Rated, Signed, Objected, Final) are
  snapshotted as they show TODAY: for them, the frozen version records the live records at the
  time of this migration, not at the time of signing (which were not kept before). Their PDF
  is made at the first download. With no such rows (a new database) nothing runs.

Downgrade drops the table and with it every frozen version and kept PDF: it refuses while any
exists, naming them, unless forced (`flask db downgrade -x force=1`, app/core/downgrade.py).

Revision ID: appraisal_0004_final_snapshots
Revises: appraisal_0004_version_columns
"""
import sqlalchemy as sa
from alembic import op

revision = "appraisal_0004_final_snapshots"
down_revision = "appraisal_0004_version_columns"
branch_labels = None
depends_on = "0006_perf_reports"   # the models it freezes through, as of then

SIGNED_STATES = ("rated", "signed", "objected", "final")
REOPEN = ("reopen", "Buka kembali untuk koreksi", "final", "draft", "role", "hr_admin")

definition = sa.table("workflow_definition", sa.column("id", sa.Integer),
                      sa.column("entity", sa.String))
transition_t = sa.table(
    "workflow_transition", sa.column("id", sa.Integer), sa.column("definition_id", sa.Integer),
    sa.column("code", sa.String), sa.column("label", sa.String),
    sa.column("from_state", sa.String), sa.column("to_state", sa.String),
    sa.column("approver", sa.String), sa.column("role", sa.String),
    sa.column("allow_self", sa.Boolean), sa.column("comment_required", sa.Boolean),
    sa.column("position", sa.Integer))


def upgrade():
    op.create_table(
        "appraisal_evaluation_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("employee_name", sa.String(length=200), nullable=False),
        sa.Column("employee_nip", sa.String(length=30), nullable=False),
        sa.Column("position_kind", sa.String(length=20), nullable=True),
        sa.Column("level", sa.String(length=20), nullable=True),
        sa.Column("predikat", sa.String(length=20), nullable=True),
        sa.Column("coefficient", sa.Numeric(precision=8, scale=3), nullable=True),
        sa.Column("credit", sa.Numeric(precision=10, scale=3), nullable=True),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("superseded_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["evaluation_id"], ["appraisal_evaluation.id"],
                                name=op.f("fk_appraisal_evaluation_snapshot_evaluation_id_"
                                          "appraisal_evaluation"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_evaluation_snapshot")),
        sa.UniqueConstraint("evaluation_id", "version",
                            name=op.f("uq_appraisal_evaluation_snapshot_evaluation_id")),
    )
    with op.batch_alter_table("appraisal_evaluation_snapshot") as batch_op:
        batch_op.create_index(batch_op.f("ix_appraisal_evaluation_snapshot_evaluation_id"),
                              ["evaluation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appraisal_evaluation_snapshot_pdf_sha256"),
                              ["pdf_sha256"], unique=False)
    _add_reopen()
    _snapshot_signed()


def _add_reopen():
    conn = op.get_bind()
    definition_id = conn.execute(sa.select(definition.c.id).where(
        definition.c.entity == "appraisal_evaluation")).scalar()
    if definition_id is None:
        return   # not seeded yet: `flask workflows seed` creates the full default
    code, label, source, target, approver, role = REOPEN
    exists = conn.execute(sa.select(transition_t.c.id).where(
        transition_t.c.definition_id == definition_id, transition_t.c.code == code,
        transition_t.c.from_state == source)).first()
    if exists:
        return
    position = conn.execute(sa.select(sa.func.count()).select_from(transition_t).where(
        transition_t.c.definition_id == definition_id)).scalar()
    conn.execute(transition_t.insert().values(
        definition_id=definition_id, code=code, label=label, from_state=source,
        to_state=target, approver=approver, role=role, allow_self=False,
        comment_required=True, position=position))


def _snapshot_signed():
    conn = op.get_bind()
    ids = [row[0] for row in conn.execute(sa.text(
        "SELECT id FROM appraisal_evaluation WHERE status IN "
        "('rated', 'signed', 'objected', 'final') ORDER BY id"))]
    if not ids:
        return
    # The plugin's own code freezes them, its session joined to this migration's transaction
    # (the app's models must match the schema here: later revisions come after this one).
    from sqlalchemy.orm import Session

    from app.extensions import db
    from plugins.appraisal import snapshots
    from plugins.appraisal.models import Evaluation

    session = Session(bind=conn)
    db.session.registry.set(session)
    try:
        for evaluation_id in ids:
            snapshots.take(session.get(Evaluation, evaluation_id),
                           reason="Dibekukan saat pembaruan: isi pada hari itu")
        session.flush()
    finally:
        session.close()
        db.session.registry.clear()


def downgrade():
    from app.core.downgrade import count_rows, refuse_losing

    conn = op.get_bind()
    refuse_losing(revision, {"frozen versions of signed evaluations with their kept PDFs "
                             "(appraisal_evaluation_snapshot)": count_rows(
                                 conn, "appraisal_evaluation_snapshot")})
    ids = sa.select(definition.c.id).where(definition.c.entity == "appraisal_evaluation")
    conn.execute(transition_t.delete().where(transition_t.c.definition_id.in_(ids),
                                             transition_t.c.code == REOPEN[0]))
    with op.batch_alter_table("appraisal_evaluation_snapshot") as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_evaluation_snapshot_pdf_sha256"))
        batch_op.drop_index(batch_op.f("ix_appraisal_evaluation_snapshot_evaluation_id"))
    op.drop_table("appraisal_evaluation_snapshot")
