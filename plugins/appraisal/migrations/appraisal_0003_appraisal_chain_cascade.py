"""Appraisal plugin: a chain without dead ends (signers outside the system, objections),
per-period deadlines and opening, cascade from the PK, unit predikat proposed from capaian,
coaching dialogues.

- appraisal_cycle: the single acknowledgement deadline becomes days after each period
  (`acknowledgement_days`), plus `objection_days`, `opening_months`, `require_cascade`;
- appraisal_skp: the appraiser's and superior's name and position when outside the system;
- appraisal_evaluation: `deadline` per evaluation (filled for existing rows: period end + 14
  days);
- appraisal_unit_predikat: the capaian, the proposal and HR's reason;
- new: appraisal_rhk_target, appraisal_external_signature, appraisal_objection,
  appraisal_dialogue;
- existing SKP and evaluation workflow definitions get the new state and transitions (HR's
  own edits stay; missing codes are added).

Revision ID: appraisal_0003_appraisal_chain
Revises: appraisal_0002
"""
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "appraisal_0003_appraisal_chain"
down_revision = "appraisal_0002"
branch_labels = None
depends_on = None

NEW_STATES = {"appraisal_evaluation": [("objected", "Keberatan", False)]}
NEW_TRANSITIONS = {
    "appraisal_skp": [
        ("record_approval", "Catat persetujuan pejabat penilai di luar sistem", "submitted",
         "approved", "role", "hr_admin", False, False),
        ("record_rejection", "Catat penolakan pejabat penilai di luar sistem", "submitted",
         "draft", "role", "hr_admin", False, True),
    ],
    "appraisal_evaluation": [
        ("record_rating", "Catat penilaian pejabat penilai di luar sistem", "draft", "rated",
         "role", "hr_admin", False, False),
        ("record_signature", "Catat pengesahan atasan di luar sistem", "rated", "signed",
         "role", "hr_admin", False, False),
        ("acknowledge", "Terima penilaian", "rated", "final", "owner", None, False, False),
        ("finalise", "Finalkan (batas waktu terlewati)", "rated", "final", "role", "hr_admin",
         False, False),
        ("object", "Ajukan keberatan", "rated", "objected", "owner", None, False, True),
        ("object", "Ajukan keberatan", "signed", "objected", "owner", None, False, True),
        ("decide", "Putuskan keberatan", "objected", "signed", "assigned_second", "supervisor",
         False, True),
        ("record_decision", "Catat keputusan keberatan di luar sistem", "objected", "signed",
         "role", "hr_admin", False, True),
        *(("close", "Finalkan saat siklus ditutup", state, "final", "role", "hr_admin", True,
           False) for state in ("rated", "signed", "objected")),
    ],
}

definition = sa.table("workflow_definition", sa.column("id", sa.Integer),
                      sa.column("entity", sa.String))
state_t = sa.table("workflow_state", sa.column("id", sa.Integer),
                   sa.column("definition_id", sa.Integer), sa.column("code", sa.String),
                   sa.column("label", sa.String), sa.column("is_final", sa.Boolean),
                   sa.column("position", sa.Integer))
transition_t = sa.table(
    "workflow_transition", sa.column("id", sa.Integer), sa.column("definition_id", sa.Integer),
    sa.column("code", sa.String), sa.column("label", sa.String),
    sa.column("from_state", sa.String), sa.column("to_state", sa.String),
    sa.column("approver", sa.String), sa.column("role", sa.String),
    sa.column("allow_self", sa.Boolean), sa.column("comment_required", sa.Boolean),
    sa.column("position", sa.Integer))


def _drop_columns(table: str, *names: str) -> None:
    """Drop columns in place. (SQLite's batch mode would copy the table, and dropping the old
    copy of a table other rows point to fails with foreign keys on; SQLite 3.35+ drops a plain
    column itself.)"""
    for name in names:
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{name}"')
        else:
            op.drop_column(table, name)


def upgrade():
    op.add_column("appraisal_cycle", sa.Column("acknowledgement_days", sa.Integer(),
                                               nullable=False, server_default="14"))
    op.add_column("appraisal_cycle", sa.Column("objection_days", sa.Integer(), nullable=False,
                                               server_default="14"))
    op.add_column("appraisal_cycle", sa.Column("opening_months", sa.Integer(), nullable=False,
                                               server_default="1"))
    op.add_column("appraisal_cycle", sa.Column("require_cascade", sa.Boolean(), nullable=False,
                                               server_default=sa.true()))
    _drop_columns("appraisal_cycle", "acknowledgement_deadline")
    for name in ("appraiser_name", "appraiser_position", "superior_name", "superior_position"):
        op.add_column("appraisal_skp", sa.Column(name, sa.String(length=200), nullable=True))
    op.add_column("appraisal_evaluation", sa.Column("deadline", sa.Date(), nullable=True))
    op.create_index(op.f("ix_appraisal_evaluation_deadline"), "appraisal_evaluation",
                    ["deadline"], unique=False)
    _fill_deadlines()
    op.add_column("appraisal_unit_predikat", sa.Column("capaian", sa.Numeric(precision=9,
                                                                             scale=2)))
    op.add_column("appraisal_unit_predikat", sa.Column("proposed", sa.String(length=20)))
    op.add_column("appraisal_unit_predikat", sa.Column("reason", sa.Text()))

    op.create_table(
        "appraisal_rhk_target",
        sa.Column("rhk_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["rhk_id"], ["appraisal_rhk.id"],
                                name=op.f("fk_appraisal_rhk_target_rhk_id_appraisal_rhk"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["target_id"], ["target.id"],
                                name=op.f("fk_appraisal_rhk_target_target_id_target"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("rhk_id", "target_id", name=op.f("pk_appraisal_rhk_target")),
    )
    with op.batch_alter_table("appraisal_rhk_target", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appraisal_rhk_target_target_id"), ["target_id"],
                              unique=False)

    op.create_table(
        "appraisal_external_signature",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_external_signature")),
    )
    with op.batch_alter_table("appraisal_external_signature", schema=None) as batch_op:
        batch_op.create_index("ix_appraisal_external_signature_record",
                              ["entity", "record_id"], unique=False)

    op.create_table(
        "appraisal_objection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evaluation_id", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("hasil_kerja", sa.String(length=10), nullable=True),
        sa.Column("perilaku", sa.String(length=10), nullable=True),
        sa.Column("predikat", sa.String(length=20), nullable=True),
        sa.Column("decision", sa.String(length=10), nullable=True),
        sa.Column("decision_reasons", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evaluation_id"], ["appraisal_evaluation.id"],
            name=op.f("fk_appraisal_objection_evaluation_id_appraisal_evaluation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_objection")),
        sa.UniqueConstraint("evaluation_id", name=op.f("uq_appraisal_objection_evaluation_id")),
    )

    op.create_table(
        "appraisal_dialogue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("skp_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("actions", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["employee.id"],
                                name=op.f("fk_appraisal_dialogue_recorded_by_id_employee")),
        sa.ForeignKeyConstraint(["skp_id"], ["appraisal_skp.id"],
                                name=op.f("fk_appraisal_dialogue_skp_id_appraisal_skp")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_dialogue")),
    )
    with op.batch_alter_table("appraisal_dialogue", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appraisal_dialogue_skp_id"), ["skp_id"],
                              unique=False)

    _extend_workflows()


def _refuse_losing_data(conn):
    """Refuse (unless forced) when the older schema cannot keep what is there; the deadlines
    count only where they differ from what the upgrade would fill in again."""
    from app.core.downgrade import count_rows, refuse_losing, rows_in

    stored = {i: date.fromisoformat(d) if isinstance(d, str) else d for i, d in conn.execute(
        sa.text("SELECT id, deadline FROM appraisal_evaluation"))}
    moved = sum(1 for evaluation_id, deadline in _default_deadlines(conn).items()
                if deadline != stored.get(evaluation_id))
    refuse_losing(revision, {
        **rows_in(conn, ["appraisal_external_signature", "appraisal_objection",
                         "appraisal_dialogue", "appraisal_rhk_target"]),
        "SKP with an appraiser or superior outside the system": count_rows(
            conn, "appraisal_skp", "appraiser_name IS NOT NULL OR appraiser_position IS NOT "
            "NULL OR superior_name IS NOT NULL OR superior_position IS NOT NULL"),
        "unit predikat with capaian, proposal or reason": count_rows(
            conn, "appraisal_unit_predikat",
            "capaian IS NOT NULL OR proposed IS NOT NULL OR reason IS NOT NULL"),
        "cycles with their own deadlines, opening or cascade settings": count_rows(
            conn, "appraisal_cycle", "acknowledgement_days <> 14 OR objection_days <> 14 OR "
            "opening_months <> 1 OR NOT require_cascade"),
        "evaluations under objection": count_rows(conn, "appraisal_evaluation",
                                                  "status = 'objected'"),
        "evaluation deadlines moved by hand": moved,
    })


def _default_deadlines(conn) -> dict:
    """{evaluation id: the end of its period plus the default 14 days}."""
    rows = conn.execute(sa.text(
        "SELECT e.id, e.period, c.year, c.periodicity FROM appraisal_evaluation e "
        "JOIN appraisal_skp s ON s.id = e.skp_id "
        "JOIN appraisal_cycle c ON c.id = s.cycle_id")).all()
    deadlines = {}
    for evaluation_id, period, year, periodicity in rows:
        months = 3 if periodicity == "quarterly" else 1
        last_month = 12 if period == 0 else period * months
        end = date(year + 1, 1, 1) if last_month == 12 else date(year, last_month + 1, 1)
        deadlines[evaluation_id] = end - timedelta(days=1) + timedelta(days=14)
    return deadlines


def _fill_deadlines():
    """Existing evaluations: the end of their period plus the default 14 days."""
    conn = op.get_bind()
    for evaluation_id, deadline in _default_deadlines(conn).items():
        conn.execute(sa.text("UPDATE appraisal_evaluation SET deadline = :d WHERE id = :i"),
                     {"d": deadline, "i": evaluation_id})


def _extend_workflows():
    conn = op.get_bind()
    for entity in NEW_TRANSITIONS:
        definition_id = conn.execute(sa.select(definition.c.id).where(
            definition.c.entity == entity)).scalar()
        if definition_id is None:
            continue   # not seeded yet: `flask workflows seed` creates the full default
        codes = {r.code for r in conn.execute(sa.select(state_t.c.code).where(
            state_t.c.definition_id == definition_id))}
        position = conn.execute(sa.select(sa.func.count()).select_from(state_t).where(
            state_t.c.definition_id == definition_id)).scalar()
        for code, label, is_final in NEW_STATES.get(entity, []):
            if code not in codes:
                conn.execute(state_t.insert().values(definition_id=definition_id, code=code,
                                                     label=label, is_final=is_final,
                                                     position=position))
                position += 1
        arrows = {(r.code, r.from_state) for r in conn.execute(
            sa.select(transition_t.c.code, transition_t.c.from_state).where(
                transition_t.c.definition_id == definition_id))}
        position = len(arrows)
        for code, label, source, target, approver, role, allow_self, comment in \
                NEW_TRANSITIONS[entity]:
            if (code, source) in arrows:
                continue
            conn.execute(transition_t.insert().values(
                definition_id=definition_id, code=code, label=label, from_state=source,
                to_state=target, approver=approver, role=role, allow_self=allow_self,
                comment_required=comment, position=position))
            position += 1


def downgrade():
    conn = op.get_bind()
    _refuse_losing_data(conn)
    ids = sa.select(definition.c.id).where(definition.c.entity.in_(list(NEW_TRANSITIONS)))
    for arrows in NEW_TRANSITIONS.values():
        for code, _label, source, *_rest in arrows:
            conn.execute(transition_t.delete().where(
                transition_t.c.definition_id.in_(ids), transition_t.c.code == code,
                transition_t.c.from_state == source))
    conn.execute(state_t.delete().where(state_t.c.definition_id.in_(ids),
                                        state_t.c.code == "objected"))

    with op.batch_alter_table("appraisal_dialogue", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_dialogue_skp_id"))
    op.drop_table("appraisal_dialogue")
    op.drop_table("appraisal_objection")
    with op.batch_alter_table("appraisal_external_signature", schema=None) as batch_op:
        batch_op.drop_index("ix_appraisal_external_signature_record")
    op.drop_table("appraisal_external_signature")
    with op.batch_alter_table("appraisal_rhk_target", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appraisal_rhk_target_target_id"))
    op.drop_table("appraisal_rhk_target")

    _drop_columns("appraisal_unit_predikat", "reason", "proposed", "capaian")
    op.drop_index(op.f("ix_appraisal_evaluation_deadline"), table_name="appraisal_evaluation")
    _drop_columns("appraisal_evaluation", "deadline")
    _drop_columns("appraisal_skp", "superior_position", "superior_name", "appraiser_position",
                  "appraiser_name")
    op.add_column("appraisal_cycle", sa.Column("acknowledgement_deadline", sa.Date(),
                                               nullable=True))
    _drop_columns("appraisal_cycle", "require_cascade", "opening_months", "objection_days",
                  "acknowledgement_days")
