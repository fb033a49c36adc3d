"""Appraisal plugin: RHK, IKI, behaviour expectations and the appendix (planning); periodic
and annual evaluations with realisasi, feedback and linked daily reports; unit predikat;
angka kredit coefficients (seeded with the defaults of DOMAIN 3).

Revision ID: appraisal_0002
Revises: appraisal_0001
"""
from datetime import datetime, timezone
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = 'appraisal_0002'
down_revision = 'appraisal_0001'
branch_labels = None
depends_on = None


COEFFICIENTS = [("terampil", "5"), ("mahir", "12.5"), ("penyelia", "25"),
                ("ahli_pertama", "12.5"), ("ahli_muda", "25"), ("ahli_madya", "37.5"),
                ("ahli_utama", "50")]


def upgrade():
    op.create_table('appraisal_coefficient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('coefficient', sa.Numeric(precision=8, scale=3), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_coefficient')),
    sa.UniqueConstraint('level', name=op.f('uq_appraisal_coefficient_level'))
    )
    op.create_table('appraisal_unit_predikat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('predikat', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['appraisal_cycle.id'], name=op.f('fk_appraisal_unit_predikat_cycle_id_appraisal_cycle')),
    sa.ForeignKeyConstraint(['unit_id'], ['work_unit.id'], name=op.f('fk_appraisal_unit_predikat_unit_id_work_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_unit_predikat')),
    sa.UniqueConstraint('cycle_id', 'unit_id', 'period', name=op.f('uq_appraisal_unit_predikat_cycle_id'))
    )
    with op.batch_alter_table('appraisal_unit_predikat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_unit_predikat_unit_id'), ['unit_id'], unique=False)

    op.create_table('appraisal_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('skp_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('appraiser_id', sa.Integer(), nullable=True),
    sa.Column('superior_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('hasil_kerja', sa.String(length=10), nullable=True),
    sa.Column('perilaku', sa.String(length=10), nullable=True),
    sa.Column('predikat', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appraiser_id'], ['employee.id'], name=op.f('fk_appraisal_evaluation_appraiser_id_employee')),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_appraisal_evaluation_employee_id_employee')),
    sa.ForeignKeyConstraint(['skp_id'], ['appraisal_skp.id'], name=op.f('fk_appraisal_evaluation_skp_id_appraisal_skp')),
    sa.ForeignKeyConstraint(['superior_id'], ['employee.id'], name=op.f('fk_appraisal_evaluation_superior_id_employee')),
    sa.ForeignKeyConstraint(['unit_id'], ['work_unit.id'], name=op.f('fk_appraisal_evaluation_unit_id_work_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_evaluation')),
    sa.UniqueConstraint('skp_id', 'period', name=op.f('uq_appraisal_evaluation_skp_id'))
    )
    with op.batch_alter_table('appraisal_evaluation', schema=None) as batch_op:
        batch_op.create_index('ix_appraisal_evaluation_appraiser_status', ['appraiser_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_appraisal_evaluation_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appraisal_evaluation_predikat'), ['predikat'], unique=False)
        batch_op.create_index(batch_op.f('ix_appraisal_evaluation_superior_id'), ['superior_id'], unique=False)
        batch_op.create_index('ix_appraisal_evaluation_unit_period', ['unit_id', 'period'], unique=False)

    op.create_table('appraisal_expectation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('skp_id', sa.Integer(), nullable=False),
    sa.Column('behaviour', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['skp_id'], ['appraisal_skp.id'], name=op.f('fk_appraisal_expectation_skp_id_appraisal_skp')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_expectation')),
    sa.UniqueConstraint('skp_id', 'behaviour', name=op.f('uq_appraisal_expectation_skp_id'))
    )
    op.create_table('appraisal_rhk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('skp_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['appraisal_rhk.id'], name=op.f('fk_appraisal_rhk_parent_id_appraisal_rhk')),
    sa.ForeignKeyConstraint(['skp_id'], ['appraisal_skp.id'], name=op.f('fk_appraisal_rhk_skp_id_appraisal_skp')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_rhk'))
    )
    with op.batch_alter_table('appraisal_rhk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_rhk_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appraisal_rhk_skp_id'), ['skp_id'], unique=False)

    op.create_table('appraisal_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('rhk_id', sa.Integer(), nullable=True),
    sa.Column('behaviour', sa.String(length=30), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['appraisal_evaluation.id'], name=op.f('fk_appraisal_feedback_evaluation_id_appraisal_evaluation')),
    sa.ForeignKeyConstraint(['rhk_id'], ['appraisal_rhk.id'], name=op.f('fk_appraisal_feedback_rhk_id_appraisal_rhk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_feedback'))
    )
    with op.batch_alter_table('appraisal_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_feedback_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('appraisal_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rhk_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('aspect', sa.String(length=20), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['rhk_id'], ['appraisal_rhk.id'], name=op.f('fk_appraisal_indicator_rhk_id_appraisal_rhk')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_indicator'))
    )
    with op.batch_alter_table('appraisal_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_indicator_rhk_id'), ['rhk_id'], unique=False)

    op.create_table('appraisal_report_link',
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('rhk_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['activity_report.id'], name=op.f('fk_appraisal_report_link_report_id_activity_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rhk_id'], ['appraisal_rhk.id'], name=op.f('fk_appraisal_report_link_rhk_id_appraisal_rhk'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('report_id', name=op.f('pk_appraisal_report_link'))
    )
    with op.batch_alter_table('appraisal_report_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_report_link_rhk_id'), ['rhk_id'], unique=False)

    op.create_table('appraisal_realisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('evidence_url', sa.String(length=500), nullable=True),
    sa.Column('evidence_file', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['appraisal_evaluation.id'], name=op.f('fk_appraisal_realisation_evaluation_id_appraisal_evaluation')),
    sa.ForeignKeyConstraint(['indicator_id'], ['appraisal_indicator.id'], name=op.f('fk_appraisal_realisation_indicator_id_appraisal_indicator')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisal_realisation')),
    sa.UniqueConstraint('evaluation_id', 'indicator_id', name=op.f('uq_appraisal_realisation_evaluation_id'))
    )
    with op.batch_alter_table('appraisal_realisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisal_realisation_indicator_id'), ['indicator_id'], unique=False)

    coefficients = sa.table("appraisal_coefficient", sa.column("level"),
                            sa.column("coefficient", sa.Numeric(8, 3)),
                            sa.column("created_at", sa.DateTime(timezone=True)),
                            sa.column("updated_at", sa.DateTime(timezone=True)))
    now = datetime.now(timezone.utc)
    op.bulk_insert(coefficients, [
        {"level": level, "coefficient": Decimal(value), "created_at": now, "updated_at": now}
        for level, value in COEFFICIENTS])
    with op.batch_alter_table('appraisal_skp', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jpt', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('resources', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('accountability', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('consequences', sa.Text(), nullable=True))



def downgrade():
    from app.core.downgrade import count_rows, edited_seed_rows, refuse_losing, rows_in

    conn = op.get_bind()
    refuse_losing(revision, {
        **rows_in(conn, ['appraisal_rhk', 'appraisal_indicator', 'appraisal_expectation',
                         'appraisal_evaluation', 'appraisal_feedback', 'appraisal_realisation',
                         'appraisal_report_link', 'appraisal_unit_predikat']),
        "SKP with JPT, resources, accountability or consequences": count_rows(
            conn, 'appraisal_skp', 'jpt OR resources IS NOT NULL OR accountability IS NOT NULL '
            'OR consequences IS NOT NULL'),
        "edited angka kredit coefficients": edited_seed_rows(
            conn, 'appraisal_coefficient', ['level', 'coefficient'], COEFFICIENTS),
    })
    # In place: batch mode would copy appraisal_skp and then fail to drop the original, which
    # other rows point to (FOREIGN KEY constraint failed, _alembic_tmp_appraisal_skp left).
    for name in ('consequences', 'accountability', 'resources', 'jpt'):
        if conn.dialect.name == 'sqlite':
            op.execute(f'ALTER TABLE appraisal_skp DROP COLUMN {name}')
        else:
            op.drop_column('appraisal_skp', name)

    with op.batch_alter_table('appraisal_realisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_realisation_indicator_id'))

    op.drop_table('appraisal_realisation')
    with op.batch_alter_table('appraisal_report_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_report_link_rhk_id'))

    op.drop_table('appraisal_report_link')
    with op.batch_alter_table('appraisal_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_indicator_rhk_id'))

    op.drop_table('appraisal_indicator')
    with op.batch_alter_table('appraisal_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_feedback_evaluation_id'))

    op.drop_table('appraisal_feedback')
    with op.batch_alter_table('appraisal_rhk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_rhk_skp_id'))
        batch_op.drop_index(batch_op.f('ix_appraisal_rhk_parent_id'))

    op.drop_table('appraisal_rhk')
    op.drop_table('appraisal_expectation')
    with op.batch_alter_table('appraisal_evaluation', schema=None) as batch_op:
        batch_op.drop_index('ix_appraisal_evaluation_unit_period')
        batch_op.drop_index(batch_op.f('ix_appraisal_evaluation_superior_id'))
        batch_op.drop_index(batch_op.f('ix_appraisal_evaluation_predikat'))
        batch_op.drop_index(batch_op.f('ix_appraisal_evaluation_employee_id'))
        batch_op.drop_index('ix_appraisal_evaluation_appraiser_status')

    op.drop_table('appraisal_evaluation')
    with op.batch_alter_table('appraisal_unit_predikat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisal_unit_predikat_unit_id'))

    op.drop_table('appraisal_unit_predikat')
    op.drop_table('appraisal_coefficient')
