"""Summary tables of the daily activity reports for the dashboards: per employee and per work
unit, by day and state and by state alone (kept current by app.dashboard.summaries), filled
from the reports already present.

Revision ID: 0007_dashboard_summaries
Revises: 0007_jobs_table
Create Date: 2026-12-01 22:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_dashboard_summaries'
down_revision = '0007_jobs_table'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'summary_employee_day',
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('reports', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ondelete='CASCADE',
                                name=op.f('fk_summary_employee_day_employee_id_employee')),
        sa.PrimaryKeyConstraint('employee_id', 'day', 'status',
                                name=op.f('pk_summary_employee_day')),
    )
    op.create_index('ix_summary_employee_day_day_status', 'summary_employee_day',
                    ['day', 'status', 'employee_id'])
    op.create_table(
        'summary_unit_day',
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('reports', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['work_unit.id'], ondelete='CASCADE',
                                name=op.f('fk_summary_unit_day_unit_id_work_unit')),
        sa.PrimaryKeyConstraint('unit_id', 'day', 'status', name=op.f('pk_summary_unit_day')),
    )
    op.create_index('ix_summary_unit_day_status_day', 'summary_unit_day',
                    ['status', 'day', 'unit_id'])
    op.create_table(
        'summary_employee_state',
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('reports', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], ondelete='CASCADE',
                                name=op.f('fk_summary_employee_state_employee_id_employee')),
        sa.PrimaryKeyConstraint('employee_id', 'status', name=op.f('pk_summary_employee_state')),
    )
    op.create_table(
        'summary_unit_state',
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('reports', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['unit_id'], ['work_unit.id'], ondelete='CASCADE',
                                name=op.f('fk_summary_unit_state_unit_id_work_unit')),
        sa.PrimaryKeyConstraint('unit_id', 'status', name=op.f('pk_summary_unit_state')),
    )
    op.create_index('ix_summary_unit_state_status', 'summary_unit_state', ['status', 'unit_id'])
    # The reports already present (the same grouping as `flask summaries rebuild`).
    op.execute(
        "INSERT INTO summary_employee_day (employee_id, day, status, reports, minutes) "
        "SELECT employee_id, date, status, COUNT(*), COALESCE(SUM(duration_minutes), 0) "
        "FROM activity_report GROUP BY employee_id, date, status")
    op.execute(
        "INSERT INTO summary_unit_day (unit_id, day, status, reports, minutes) "
        "SELECT e.unit_id, s.day, s.status, SUM(s.reports), SUM(s.minutes) "
        "FROM summary_employee_day s JOIN employee e ON e.id = s.employee_id "
        "WHERE e.unit_id IS NOT NULL GROUP BY e.unit_id, s.day, s.status")
    op.execute(
        "INSERT INTO summary_employee_state (employee_id, status, reports, minutes) "
        "SELECT employee_id, status, SUM(reports), SUM(minutes) FROM summary_employee_day "
        "GROUP BY employee_id, status")
    op.execute(
        "INSERT INTO summary_unit_state (unit_id, status, reports, minutes) "
        "SELECT unit_id, status, SUM(reports), SUM(minutes) FROM summary_unit_day "
        "GROUP BY unit_id, status")


def downgrade():
    # Nothing is lost: both tables are derived from activity_report and are refilled by the
    # upgrade (or `flask summaries rebuild`).
    op.drop_index('ix_summary_unit_state_status', table_name='summary_unit_state')
    op.drop_table('summary_unit_state')
    op.drop_table('summary_employee_state')
    op.drop_index('ix_summary_unit_day_status_day', table_name='summary_unit_day')
    op.drop_table('summary_unit_day')
    op.drop_index('ix_summary_employee_day_day_status', table_name='summary_employee_day')
    op.drop_table('summary_employee_day')
